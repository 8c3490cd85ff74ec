//! `summary.json`: the [`SweepSummary`] as pretty JSON (schema `socaudit/sweep/v1`).

use super::{ReportError, SweepSummary};
use std::path::Path;

/// The pretty-printed summary.
pub(super) fn render(summary: &SweepSummary, path: &Path) -> Result<Vec<u8>, ReportError> {
    serde_json::to_vec_pretty(summary).map_err(|e| ReportError::Write {
        path: path.to_path_buf(),
        source: e.into(),
    })
}
