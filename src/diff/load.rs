//! The two sides of a diff: an output folder of `check`, `sweep` or `merge` (its `summary.json`,
//! or a summary rebuilt from the `report.json` in it or in its site folders) or a run stored in
//! the history database.

use super::DiffError;
use crate::history::rebuild::{merge_requirements, totals};
use crate::history::History;
use crate::model::Status;
use crate::report::html::wording::format_timestamp;
use crate::report::{json, RulesetInfo, SiteReport};
use crate::sweep::build::site_row;
use crate::sweep::{InputInfo, RequirementInfo, SweepItem, SweepSite, SweepSummary, SWEEP_SCHEMA};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// A run named on the command line: an id, or one of the two latest runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunRef {
    /// `12`: that run.
    Id(i64),
    /// `last`: the latest run.
    Last,
    /// `prev`: the run before the latest.
    Prev,
}

impl RunRef {
    /// `last`, `prev` or a positive integer; anything else is not a run reference.
    pub fn parse(word: &str) -> Option<RunRef> {
        match word.trim() {
            "last" => Some(RunRef::Last),
            "prev" => Some(RunRef::Prev),
            w => w.parse::<i64>().ok().filter(|id| *id > 0).map(RunRef::Id),
        }
    }
}

/// One side of the diff: its summary, a label for people, and where its site reports are.
#[derive(Debug)]
pub struct Side<'h> {
    /// The summary (read or rebuilt).
    pub summary: SweepSummary,
    /// «папка …» or «запуск № …», with the date.
    pub label: String,
    /// Report files that could not be read while rebuilding (each a sentence).
    pub warnings: Vec<String>,
    reports: Reports<'h>,
}

#[derive(Debug)]
enum Reports<'h> {
    Folder(PathBuf),
    Run(&'h History, i64),
}

impl Side<'_> {
    /// The full report of one of this side's sites, when it can be read.
    pub fn report(&self, site: &SweepSite) -> Option<SiteReport> {
        match &self.reports {
            Reports::Folder(dir) => {
                let sub = Path::new(&site.dir);
                // `dir` comes from a file anyone could have edited: stay inside the folder
                // (`.` is a `check` folder's own report).
                if !sub
                    .components()
                    .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
                {
                    return None;
                }
                json::read(&dir.join(sub).join("report.json")).ok()
            }
            Reports::Run(history, run) => {
                history.site_report(*run, &site.url).unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "reading a stored report failed");
                    None
                })
            }
        }
    }
}

/// An output folder of `check`, `sweep` or `merge`.
pub fn load_folder(dir: &Path) -> Result<Side<'static>, DiffError> {
    if !dir.is_dir() {
        return Err(DiffError::NoFolder {
            dir: dir.to_path_buf(),
        });
    }
    let summary_path = dir.join("summary.json");
    let (summary, warnings) = if summary_path.is_file() {
        let read = |reason: String| DiffError::Read {
            path: summary_path.clone(),
            reason,
        };
        let text = std::fs::read_to_string(&summary_path).map_err(|e| read(e.to_string()))?;
        (
            serde_json::from_str(&text).map_err(|e| read(e.to_string()))?,
            Vec::new(),
        )
    } else {
        rebuild(dir)?
    };
    let label = format!(
        "папка {} ({})",
        dir.display(),
        format_timestamp(&summary.generated_at)
    );
    Ok(Side {
        summary,
        label,
        warnings,
        reports: Reports::Folder(dir.to_path_buf()),
    })
}

/// A run of the history database.
pub fn load_run(history: &History, which: RunRef) -> Result<Side<'_>, DiffError> {
    let run = match which {
        RunRef::Id(id) => id,
        RunRef::Last | RunRef::Prev => {
            let runs = history.runs()?;
            let back = if which == RunRef::Last { 1 } else { 2 };
            let word = if which == RunRef::Last {
                "last"
            } else {
                "prev"
            };
            runs.len()
                .checked_sub(back)
                .map(|i| runs[i].id)
                .ok_or_else(|| DiffError::NotEnoughRuns {
                    db: history.path().to_path_buf(),
                    word,
                    found: runs.len(),
                })?
        }
    };
    let summary = history.run_summary(run)?;
    let label = format!(
        "запуск № {run} ({})",
        format_timestamp(&summary.generated_at)
    );
    Ok(Side {
        summary,
        label,
        warnings: Vec::new(),
        reports: Reports::Run(history, run),
    })
}

/// A summary from `*/report.json` when a sweep left no `summary.json` (killed, or copied by hand),
/// or from the one `report.json` of a `check` folder.
fn rebuild(dir: &Path) -> Result<(SweepSummary, Vec<String>), DiffError> {
    let own = dir.join("report.json");
    if own.is_file() {
        let report = json::read(&own).map_err(|e| DiffError::Read {
            path: own.clone(),
            reason: e.to_string(),
        })?;
        return Ok((
            summary_from_reports(dir, &[(".".to_string(), report)]),
            Vec::new(),
        ));
    }
    let read_dir = |e: std::io::Error| DiffError::Read {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("report.json").is_file())
        .collect();
    folders.sort();
    let (mut reports, mut warnings) = (Vec::new(), Vec::new());
    for folder in &folders {
        match json::read(&folder.join("report.json")) {
            Ok(report) => reports.push((
                folder
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                report,
            )),
            Err(e) => warnings.push(e.to_string()),
        }
    }
    if reports.is_empty() {
        return Err(DiffError::Empty {
            dir: dir.to_path_buf(),
        });
    }
    Ok((summary_from_reports(dir, &reports), warnings))
}

/// A summary of site reports (folder name, report), requirement columns merged in rule order.
fn summary_from_reports(dir: &Path, reports: &[(String, SiteReport)]) -> SweepSummary {
    let requirements = merge_requirements(reports.iter().flat_map(|(_, r)| {
        r.requirements.iter().map(|v| RequirementInfo {
            id: v.id.clone(),
            title: v.title.clone(),
            severity: v.severity,
        })
    }));
    let mut sites = Vec::new();
    for (i, (name, report)) in reports.iter().enumerate() {
        let Ok(url) = url::Url::parse(&report.site.url) else {
            continue;
        };
        let item = SweepItem {
            row: i + 1,
            url,
            dir: name.clone(),
            name: None,
            region: None,
            inn: None,
            kind: None,
        };
        let mut site = site_row(
            &item,
            name,
            report,
            Duration::from_millis(report.crawl.duration_ms),
        );
        site.statuses = requirements
            .iter()
            .map(|r| {
                report
                    .requirements
                    .iter()
                    .find(|v| v.id == r.id)
                    .map_or(Status::Unknown, |v| v.status)
            })
            .collect();
        sites.push(site);
    }
    let first = reports.first().map(|(_, r)| r);
    let generated_at = reports
        .iter()
        .map(|(_, r)| r.generated_at.as_str())
        .max()
        .unwrap_or_default()
        .to_string();
    SweepSummary {
        schema: SWEEP_SCHEMA.to_string(),
        generated_at,
        tool_version: first.map(|r| r.tool.version.clone()).unwrap_or_default(),
        ruleset: first
            .map(|r| r.ruleset.clone())
            .unwrap_or_else(|| RulesetInfo {
                id: String::new(),
                version: String::new(),
                source: String::new(),
                ..Default::default()
            }),
        totals: totals(&requirements, &sites),
        requirements,
        input: InputInfo {
            source: dir.display().to_string(),
            rows: sites.len(),
            sites: sites.len(),
            problems: Vec::new(),
        },
        sites,
        duration_ms: 0,
        interrupted: false,
    }
}
