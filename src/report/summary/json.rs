//! `summary.json`: the [`SweepSummary`] as pretty JSON (schema `socaudit/sweep/v1`).

use super::SweepSummary;
use std::io::{self, Write};

/// The pretty-printed summary, straight into `out`.
pub(super) fn write(summary: &SweepSummary, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, summary).map_err(io::Error::other)
}
