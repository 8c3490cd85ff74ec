//! `summary.json`: the [`SweepSummary`] as pretty JSON (schema `socaudit/sweep/v1`), plus the
//! roll-ups by region and type of institution (`rollups`, computed from the sites when written).

use super::rollup::{rollups, Rollups};
use super::SweepSummary;
use serde::Serialize;
use std::io::{self, Write};

/// What is written: the summary's own fields, then `rollups` (an additive field: readers of
/// `socaudit/sweep/v1` that do not know it ignore it).
#[derive(Serialize)]
struct SummaryFile<'a> {
    #[serde(flatten)]
    summary: &'a SweepSummary,
    rollups: Rollups,
}

/// The pretty-printed summary, straight into `out`.
pub(super) fn write(summary: &SweepSummary, out: &mut dyn Write) -> io::Result<()> {
    let file = SummaryFile {
        summary,
        rollups: rollups(summary),
    };
    serde_json::to_writer_pretty(&mut *out, &file).map_err(io::Error::other)
}
