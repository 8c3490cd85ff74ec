//! What makes a sweep resumable: a plan written before the first site starts (every site with its
//! folder, the crawl options) and a journal that gets one line per finished site, appended and
//! synced after that site's reports are on disk. A sweep killed at any moment — even `kill -9` or
//! a power cut — resumes from the two files: sites in the journal are done, the rest run again.

use super::{InputInfo, SweepItem, SweepSite};
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use thiserror::Error;

/// Schema tag of `sweep-plan.json`.
pub const PLAN_SCHEMA: &str = "socaudit/sweep-plan/v1";
/// File name of the plan in the output folder.
pub const PLAN_FILE: &str = "sweep-plan.json";
/// File name of the journal in the output folder.
pub const JOURNAL_FILE: &str = "sweep-journal.jsonl";

/// Errors reading or writing the plan and the journal.
#[derive(Debug, Error)]
pub enum JournalError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The plan is not a sweep plan (or from an incompatible version).
    #[error("{path}: это не план проверки socaudit ({reason}); возобновить можно только папку, созданную командой sweep")]
    BadPlan { path: PathBuf, reason: String },
}

/// A planned site: the input item and its folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlannedSite {
    /// Row in the input.
    pub row: usize,
    /// Start URL.
    pub url: String,
    /// Folder of its reports, relative to the output folder.
    pub dir: String,
    /// Institution name.
    pub name: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// ИНН.
    pub inn: Option<String>,
    /// Type of institution.
    pub kind: Option<String>,
}

/// Everything needed to resume: the sites, the input's problems, and the options used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepPlan {
    /// Always [`PLAN_SCHEMA`].
    pub schema: String,
    /// When the sweep first started (RFC 3339).
    pub started_at: String,
    /// The input list.
    pub input: InputInfo,
    /// Sites in the order they are checked.
    pub sites: Vec<PlannedSite>,
    /// The command-line options of the sweep (crawl budgets, politeness, rules, concurrency), as
    /// JSON, so that a resumed sweep runs exactly as the first one did.
    pub options: serde_json::Value,
}

impl SweepPlan {
    /// Writes the plan atomically into `out`.
    pub fn write(&self, out: &Path) -> Result<(), JournalError> {
        let path = out.join(PLAN_FILE);
        let text = serde_json::to_string_pretty(self).map_err(|e| JournalError::BadPlan {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        crate::report::write_atomically(&path, text.as_bytes()).map_err(|e| JournalError::Io {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })
    }

    /// Reads the plan of the sweep in `out`.
    pub fn read(out: &Path) -> Result<SweepPlan, JournalError> {
        let path = out.join(PLAN_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| JournalError::Io {
            path: path.clone(),
            source,
        })?;
        let plan: SweepPlan = serde_json::from_str(&text).map_err(|e| JournalError::BadPlan {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if plan.schema != PLAN_SCHEMA {
            return Err(JournalError::BadPlan {
                path,
                reason: format!("схема {}", plan.schema),
            });
        }
        Ok(plan)
    }

    /// The planned sites as sweep items.
    pub fn items(&self) -> Vec<SweepItem> {
        self.sites
            .iter()
            .filter_map(|s| {
                Some(SweepItem {
                    row: s.row,
                    url: url::Url::parse(&s.url).ok()?,
                    dir: s.dir.clone(),
                    name: s.name.clone(),
                    region: s.region.clone(),
                    inn: s.inn.clone(),
                    kind: s.kind.clone(),
                })
            })
            .collect()
    }
}

/// The append-only journal of finished sites.
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (creating if needed) the journal in `out` for appending.
    pub fn open(out: &Path) -> Result<Journal, JournalError> {
        let path = out.join(JOURNAL_FILE);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|source| JournalError::Io {
                path: path.clone(),
                source,
            })?;
        Ok(Journal {
            path,
            file: Mutex::new(file),
        })
    }

    /// Appends one finished site and syncs it to disk before returning.
    pub fn append(&self, row: &SweepSite) -> Result<(), JournalError> {
        let mut line = serde_json::to_string(row).map_err(|e| JournalError::Io {
            path: self.path.clone(),
            source: std::io::Error::other(e),
        })?;
        line.push('\n');
        let io = |source| JournalError::Io {
            path: self.path.clone(),
            source,
        };
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_data().map_err(io)
    }

    /// The finished sites recorded in `out`'s journal. A line cut short by a crash is ignored (that
    /// site simply runs again); a site recorded twice keeps its last line.
    pub fn read(out: &Path) -> Result<Vec<SweepSite>, JournalError> {
        let path = out.join(JOURNAL_FILE);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(JournalError::Io { path, source }),
        };
        let mut rows: Vec<SweepSite> = Vec::new();
        for line in BufReader::new(file).split(b'\n') {
            let line = line.map_err(|source| JournalError::Io {
                path: path.clone(),
                source,
            })?;
            let Ok(row) = serde_json::from_slice::<SweepSite>(&line) else {
                continue;
            };
            rows.retain(|r| !(r.row == row.row && r.url == row.url));
            rows.push(row);
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn row(n: usize, url: &str) -> SweepSite {
        SweepSite {
            row: n,
            name: None,
            region: None,
            inn: None,
            kind: None,
            url: url.into(),
            dir: format!("d{n}"),
            reachable: true,
            error: None,
            score_percent: 50.0,
            feedback_score: 60,
            mandatory_passed: 1,
            mandatory_total: 2,
            verdict: "non_compliant".into(),
            statuses: vec![Status::Pass, Status::Fail],
            accepted: Default::default(),
            pages_fetched: 3,
            errors: 0,
            duration_ms: 10,
        }
    }

    #[test]
    fn torn_last_line_and_repeats_are_tolerated() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        journal.append(&row(2, "http://a.ru/")).unwrap();
        journal.append(&row(3, "http://b.ru/")).unwrap();
        journal.append(&row(2, "http://a.ru/")).unwrap();
        drop(journal);
        // A crash in the middle of a write leaves half a line.
        let mut f = OpenOptions::new()
            .append(true)
            .open(dir.path().join(JOURNAL_FILE))
            .unwrap();
        f.write_all(b"{\"row\":4,\"url\":\"http://c.r").unwrap();
        let rows = Journal::read(dir.path()).unwrap();
        let urls: Vec<&str> = rows.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, vec!["http://b.ru/", "http://a.ru/"]);
    }

    #[test]
    fn missing_journal_is_empty_and_bad_plan_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Journal::read(dir.path()).unwrap().is_empty());
        std::fs::write(dir.path().join(PLAN_FILE), "{}").unwrap();
        let err = SweepPlan::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains(PLAN_FILE), "{err}");
    }
}
