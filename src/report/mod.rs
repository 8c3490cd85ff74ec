//! Report formats. Each format is one function fed the same [`SiteReport`].

pub mod html;
pub mod json;
pub mod letter;
pub mod model;
mod skips;
pub mod summary;
pub(crate) mod templating;
pub mod terminal;

pub use model::*;
pub use skips::{stop_text_ru, TrapCounts, TrapReason};

use std::path::{Path, PathBuf};
use thiserror::Error;

/// Errors while writing reports.
#[derive(Debug, Error)]
pub enum ReportError {
    /// Writing a file failed.
    #[error("не удалось записать {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Reading a stored report failed.
    #[error("не удалось прочитать {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    /// A template failed to render.
    #[error("ошибка шаблона отчёта {template}: {reason}")]
    Template { template: String, reason: String },
}

/// Writes `report.json` and `report.html` into `dir` (created if missing); returns their paths.
pub fn write_site_reports(report: &SiteReport, dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let json_path = dir.join("report.json");
    json::write(report, &json_path)?;
    let html_path = dir.join("report.html");
    let html = html::render(report)?;
    write_atomically(&html_path, html.as_bytes())?;
    Ok(vec![json_path, html_path])
}

/// Writes via a temporary file and rename, so a crash never leaves half a report.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    // `report.json.tmp`, not `report.tmp`: two formats written at once must not share a temp file.
    let mut tmp_name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes).map_err(|source| ReportError::Write {
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, path).map_err(|source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    })
}
