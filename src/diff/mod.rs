//! `socaudit diff`: what changed between two runs — regressions, fixes, sites added and gone.
//!
//! [`compare`] does the comparing on two [`SweepSummary`](crate::sweep::SweepSummary) values
//! (sites matched by normalised URL, requirements by id); [`load`] reads the two sides from
//! output folders or the history database; [`render_md`] and [`render_html`] word the result
//! for people, and the JSON form is the [`SweepDiff`] value itself (`socaudit/diff/v1`).

pub mod compare;
pub mod load;
pub mod render_html;
pub mod render_md;
#[cfg(test)]
mod tests;
mod wording;
pub mod workflow;

pub use compare::{
    diff, diff_with, direction, site_key, Change, DiffTotals, Direction, RequirementRef,
    SiteChange, SiteRef, SweepDiff, DIFF_SCHEMA, REACHABLE_ID,
};
pub use load::{load_folder, load_run, RunRef, Side};

use crate::history::HistoryError;
use std::path::PathBuf;
use thiserror::Error;

/// Why the two sides of a diff could not be read.
#[derive(Debug, Error)]
pub enum DiffError {
    /// The folder does not exist.
    #[error("папка {dir} не найдена")]
    NoFolder {
        /// The folder given.
        dir: PathBuf,
    },
    /// The folder has neither `summary.json` nor site folders with `report.json`.
    #[error("в папке {dir} нет ни summary.json, ни report.json, ни папок сайтов с report.json — это не папка проверки socaudit")]
    Empty {
        /// The folder given.
        dir: PathBuf,
    },
    /// A file could not be read or parsed.
    #[error("не удалось прочитать {path}: {reason}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// `last`/`prev` asked for more runs than the database holds.
    #[error("в базе истории {db} запусков: {found}, поэтому «{word}» указать не на что")]
    NotEnoughRuns {
        /// The database file.
        db: PathBuf,
        /// `last` or `prev`.
        word: &'static str,
        /// Runs in the database.
        found: usize,
    },
    /// The history database failed.
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Compares two loaded sides, with their labels, notes and evidence URLs.
pub fn compare_sides(old: &Side<'_>, new: &Side<'_>) -> SweepDiff {
    let mut result = diff_with(&old.summary, &new.summary, &|s| old.report(s), &|s| {
        new.report(s)
    });
    result.old_label = old.label.clone();
    result.new_label = new.label.clone();
    result
}

/// The diff as pretty JSON (`socaudit/diff/v1`).
pub fn to_json(diff: &SweepDiff) -> String {
    // Plain data (strings, numbers, enums): serialising cannot fail.
    serde_json::to_string_pretty(diff).unwrap_or_default()
}

/// Output format of `socaudit diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown (for the terminal, an issue or a CI job summary).
    Md,
    /// A self-contained HTML page.
    Html,
    /// JSON, schema `socaudit/diff/v1`.
    Json,
}

/// What makes `socaudit diff` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any regression (pass → partial/fail, partial → fail, reachable → unreachable).
    Regression,
}

/// Renders `diff` in `format`.
pub fn render(diff: &SweepDiff, format: DiffFormat) -> Result<String, crate::report::ReportError> {
    match format {
        DiffFormat::Md => Ok(render_md::render(diff)),
        DiffFormat::Html => render_html::render(diff),
        DiffFormat::Json => Ok(to_json(diff)),
    }
}
