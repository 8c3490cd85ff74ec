//! `report.json`: the machine-readable report.

use super::{write_atomically, ReportError, SiteReport};
use std::path::Path;

/// Serialises `report` as pretty JSON.
pub fn to_string(report: &SiteReport) -> String {
    serde_json::to_string_pretty(report).expect("SiteReport serialises")
}

/// Writes `report` to `path` as JSON.
pub fn write(report: &SiteReport, path: &Path) -> Result<(), ReportError> {
    write_atomically(path, to_string(report).as_bytes())
}

/// Reads a stored `report.json`.
pub fn read(path: &Path) -> Result<SiteReport, ReportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ReportError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| ReportError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}
