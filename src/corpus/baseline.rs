//! The baseline: the verdicts of an earlier corpus run, stored as JSON, so that a rule change
//! that breaks a verdict which used to be right is caught (`--baseline`, `--write-baseline`).

use super::load::{parse_status, status_name};
use super::score::Scorecard;
use crate::model::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Schema name written into every baseline.
pub const BASELINE_SCHEMA: &str = "socaudit/corpus-baseline/v1";

/// A baseline that cannot be read or written, naming the file.
#[derive(Debug, Error)]
pub enum BaselineError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error("{path}:{line}: не файл базовой линии корпуса: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Verdicts of one run: site → requirement id → `pass` | `partial` | `fail` | `unknown`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// [`BASELINE_SCHEMA`].
    pub schema: String,
    /// The date the run was judged on (`corpus.toml` `today`), for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    /// Share of verdicts equal to the labels in that run, for the reader.
    #[serde(default)]
    pub accuracy: f64,
    /// The verdicts.
    pub verdicts: BTreeMap<String, BTreeMap<String, String>>,
}

impl Baseline {
    /// The verdicts of a scored run.
    pub fn from_scorecard(card: &Scorecard, today: Option<time::Date>) -> Baseline {
        let mut verdicts: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for row in &card.rows {
            verdicts
                .entry(row.site.clone())
                .or_default()
                .insert(row.id.clone(), status_name(row.got).to_string());
        }
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Baseline {
            schema: BASELINE_SCHEMA.to_string(),
            today: today.and_then(|d| d.format(&format).ok()),
            accuracy: (card.accuracy * 10_000.0).round() / 10_000.0,
            verdicts,
        }
    }

    /// This run's verdicts laid over an `older` baseline: what this run scored replaces, the
    /// rest of `older` stays (a run with `--only` re-records one requirement).
    pub fn over(mut self, older: Baseline) -> Baseline {
        let mut merged = older.verdicts;
        for (site, ids) in std::mem::take(&mut self.verdicts) {
            merged.entry(site).or_default().extend(ids);
        }
        self.verdicts = merged;
        self
    }

    /// The recorded verdict of (site, requirement), if any.
    pub fn verdict(&self, site: &str, id: &str) -> Option<Status> {
        self.verdicts
            .get(site)
            .and_then(|m| m.get(id))
            .and_then(|s| parse_status(s))
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |line: usize, message: String| BaselineError::Format {
            path: path.to_path_buf(),
            line,
            message,
        };
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|e| bad(e.line(), e.to_string()))?;
        if baseline.schema != BASELINE_SCHEMA {
            return Err(bad(1, format!("schema «{}»", baseline.schema)));
        }
        for (site, ids) in &baseline.verdicts {
            for (id, status) in ids {
                if parse_status(status).is_none() {
                    return Err(bad(0, format!("{site} / {id}: вердикт «{status}»")));
                }
            }
        }
        Ok(baseline)
    }

    /// Writes the baseline as pretty JSON (one verdict a line, so that diffs read well).
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        std::fs::write(path, text).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_foreign_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.json");
        let mut b = Baseline {
            schema: BASELINE_SCHEMA.into(),
            ..Baseline::default()
        };
        b.verdicts
            .entry("wp".into())
            .or_default()
            .insert("faq".into(), "fail".into());
        b.save(&path).expect("save");
        let back = Baseline::load(&path).expect("load");
        assert_eq!(back, b);
        assert_eq!(back.verdict("wp", "faq"), Some(Status::Fail));
        assert_eq!(back.verdict("wp", "founder"), None);
        let mut newer = Baseline {
            schema: BASELINE_SCHEMA.into(),
            ..Baseline::default()
        };
        newer
            .verdicts
            .entry("wp".into())
            .or_default()
            .insert("founder".into(), "pass".into());
        let merged = newer.over(back);
        assert_eq!(merged.verdict("wp", "faq"), Some(Status::Fail));
        assert_eq!(merged.verdict("wp", "founder"), Some(Status::Pass));
        std::fs::write(&path, "{\"schema\": \"x\", \"verdicts\": {}}").expect("write");
        let err = Baseline::load(&path).unwrap_err().to_string();
        assert!(err.contains("b.json:1:"), "{err}");
        std::fs::write(&path, "{\n\"schema\": 1}").expect("write");
        let err = Baseline::load(&path).unwrap_err().to_string();
        assert!(err.contains("b.json:2:"), "{err}");
    }
}
