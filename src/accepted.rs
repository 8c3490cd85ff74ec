//! Accepted findings: `accepted.toml`, where an auditor records that a failing or partial item of
//! a site is accepted for a while (the institution has a reason, the ministry agreed) — site,
//! requirement, reason, who, until. A matching verdict keeps its status, carries the
//! [`Acceptance`] and does not count against the site until the date passes; then it counts again.
//!
//! ```toml
//! [[accepted]]
//! site = "kcson-samara.ru"
//! requirement = "paid-services-contract"
//! reason = "Платных услуг нет, министерство согласовало отсутствие раздела"
//! by = "Иванова И. И."
//! until = 2027-03-31
//! ```

use crate::diff::site_key;
use crate::model::Status;
use crate::report::{Acceptance, SiteReport};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use thiserror::Error;
use time::Date;
use toml::Spanned;

/// File name looked for next to a sweep's list (and in a sweep's output folder).
pub const ACCEPTED_FILE: &str = "accepted.toml";

/// A problem with `accepted.toml`; every variant names the file and, where there is one, the line.
#[derive(Debug, Error)]
pub enum AcceptedError {
    /// The file could not be read.
    #[error("не удалось прочитать {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Not valid TOML, an unknown key, a missing key or a bad value.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// What is wrong, in Russian.
        message: String,
    },
    /// The site is not one of the sites checked.
    #[error("{path}:{line}: сайт «{site}» не проверялся в этом запуске — проверьте адрес (сайты сравниваются без http://, www. и / в конце)")]
    UnknownSite {
        /// The file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// The site as written.
        site: String,
    },
    /// The requirement id is not in the rules.
    #[error(
        "{path}:{line}: требования «{id}» нет в правилах — список требований: socaudit rules list"
    )]
    UnknownRequirement {
        /// The file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// The id as written.
        id: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    accepted: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    site: Spanned<String>,
    requirement: Spanned<String>,
    reason: String,
    by: String,
    until: Spanned<toml::Value>,
}

/// One accepted item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedEntry {
    /// The site as written.
    pub site: String,
    /// Requirement id.
    pub requirement: String,
    /// Reason, who, until.
    pub acceptance: Acceptance,
    /// The last day it holds.
    pub until: Date,
    /// Line of the entry in the file.
    pub line: usize,
}

/// The entries of one `accepted.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcceptedList {
    /// The file.
    pub path: PathBuf,
    /// Entries in file order.
    pub entries: Vec<AcceptedEntry>,
}

impl AcceptedList {
    /// Reads and parses `path`.
    pub fn load(path: &Path) -> Result<AcceptedList, AcceptedError> {
        let text = std::fs::read_to_string(path).map_err(|source| AcceptedError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        AcceptedList::parse(&text, path)
    }

    /// Parses the text of an `accepted.toml`; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<AcceptedList, AcceptedError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let invalid = |line: usize, message: String| AcceptedError::Invalid {
            path: path.to_path_buf(),
            line,
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(s.start));
            invalid(line, e.message().trim().replace('\n', " "))
        })?;
        let mut entries = Vec::with_capacity(raw.accepted.len());
        for spanned in raw.accepted {
            let line = line_of(spanned.span().start);
            let entry = spanned.into_inner();
            if entry.reason.trim().is_empty() || entry.by.trim().is_empty() {
                return Err(invalid(
                    line,
                    "укажите причину (reason) и кто принял решение (by)".into(),
                ));
            }
            let until_line = line_of(entry.until.span().start);
            let until = parse_until(entry.until.get_ref()).ok_or_else(|| {
                invalid(
                    until_line,
                    "until — дата, до которой замечание принято: 2027-03-31 или \"31.03.2027\""
                        .into(),
                )
            })?;
            entries.push(AcceptedEntry {
                site: entry.site.get_ref().trim().to_string(),
                requirement: entry.requirement.get_ref().trim().to_string(),
                acceptance: Acceptance {
                    reason: entry.reason.trim().to_string(),
                    by: entry.by.trim().to_string(),
                    until: until.to_string(),
                },
                until,
                line: line_of(entry.site.span().start),
            });
        }
        Ok(AcceptedList {
            path: path.to_path_buf(),
            entries,
        })
    }

    /// Fails on the first entry whose site is not among `sites` (URLs as checked) or whose
    /// requirement is not among `requirements`.
    pub fn validate<'a>(
        &self,
        sites: impl IntoIterator<Item = &'a str>,
        requirements: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), AcceptedError> {
        let sites: HashSet<String> = sites.into_iter().map(site_key).collect();
        let requirements: HashSet<&str> = requirements.into_iter().collect();
        for e in &self.entries {
            if !sites.contains(&site_key(&e.site)) {
                return Err(AcceptedError::UnknownSite {
                    path: self.path.clone(),
                    line: e.line,
                    site: e.site.clone(),
                });
            }
            if !requirements.contains(e.requirement.as_str()) {
                return Err(AcceptedError::UnknownRequirement {
                    path: self.path.clone(),
                    line: e.line,
                    id: e.requirement.clone(),
                });
            }
        }
        Ok(())
    }

    /// Marks the failing and partial verdicts of `report` that an entry holding on `today`
    /// accepts (and unmarks the others), then recounts its summary. True when anything changed.
    pub fn apply(&self, report: &mut SiteReport, today: Date) -> bool {
        let key = site_key(&report.site.url);
        let mut changed = false;
        for verdict in &mut report.requirements {
            let holds = self.entries.iter().find(|e| {
                e.requirement == verdict.id.0 && e.until >= today && site_key(&e.site) == key
            });
            let acceptance = holds
                .filter(|_| matches!(verdict.status, Status::Fail | Status::Partial))
                .map(|e| e.acceptance.clone());
            if verdict.accepted != acceptance {
                verdict.accepted = acceptance;
                changed = true;
            }
        }
        if changed {
            report.summary = crate::check::summarize(&report.requirements);
        }
        changed
    }
}

/// The default `accepted.toml` next to `list`, when there is one.
pub fn next_to(list: &Path) -> Option<PathBuf> {
    let candidate = list.parent().unwrap_or(Path::new(".")).join(ACCEPTED_FILE);
    candidate.is_file().then_some(candidate)
}

/// A TOML date (`2027-03-31`) or a string `2027-03-31` / `31.03.2027`.
fn parse_until(value: &toml::Value) -> Option<Date> {
    let text = match value {
        toml::Value::Datetime(dt) if dt.time.is_none() => dt.date?.to_string(),
        toml::Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    let russian = time::macros::format_description!("[day].[month].[year]");
    Date::parse(&text, &iso)
        .or_else(|_| Date::parse(&text, &russian))
        .ok()
}

#[cfg(test)]
#[path = "accepted_tests.rs"]
mod tests;
