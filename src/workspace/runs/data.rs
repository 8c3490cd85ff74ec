//! What the run pages read from the history tables (`runs`, `sites`, `results`,
//! `run_requirements`) through the workspace's [`Db`], in SQL both databases run: the page of
//! runs, one run's header and light site rows, its per-requirement totals. The workspace's
//! accepted findings are applied to the rows and reports here, so every page and download
//! shows the same verdicts.

use crate::accepted::AcceptedList;
use crate::db::{Db, DbError};
use crate::history::History;
use crate::report::SiteReport;
use crate::sweep::SweepSummary;
use crate::vals;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use time::Date;

/// One run as the list of runs and a run's page head show it.
#[derive(Debug, Clone, Serialize)]
pub struct RunRow {
    /// Run id.
    pub id: i64,
    /// `check` or `sweep`.
    pub kind: String,
    /// RFC 3339 start.
    pub started_at: String,
    /// RFC 3339 end, if it ended.
    pub finished_at: Option<String>,
    /// Stopped before every site was checked (or never finished).
    pub interrupted: bool,
    /// `[ruleset] id`.
    pub ruleset_id: String,
    /// `[ruleset] version`.
    pub ruleset_version: String,
    /// Wall time in milliseconds, at least the longest site's (0 when not recorded).
    pub duration_ms: u64,
    /// Sites recorded.
    pub sites: u64,
    /// Mandatory requirements met, summed over the sites.
    pub mandatory_passed: u64,
    /// Mandatory requirements, summed over the sites.
    pub mandatory_total: u64,
    /// The workspace sweep that made this run, if any.
    pub sweep_id: Option<i64>,
    /// Its list's id.
    pub list_id: Option<i64>,
    /// Its list's name.
    pub list_name: Option<String>,
    /// Who started the sweep.
    pub started_by: Option<String>,
}

const RUN_COLUMNS: &str = "r.id, r.kind, r.started_at, r.finished_at, r.interrupted, r.ruleset_id,
    r.ruleset_version, COALESCE(r.duration_ms, 0),
    (SELECT COALESCE(MAX(s.duration_ms), 0) FROM sites s WHERE s.run_id = r.id),
    (SELECT COUNT(*) FROM sites s WHERE s.run_id = r.id),
    (SELECT CAST(COALESCE(SUM(s.mandatory_passed), 0) AS BIGINT) FROM sites s WHERE s.run_id = r.id),
    (SELECT CAST(COALESCE(SUM(s.mandatory_total), 0) AS BIGINT) FROM sites s WHERE s.run_id = r.id),
    w.id, l.id, l.name, u.name
    FROM runs r
    LEFT JOIN ws_sweeps w ON w.id = (SELECT MIN(w2.id) FROM ws_sweeps w2 WHERE w2.run_id = r.id)
    LEFT JOIN ws_lists l ON l.id = w.list_id
    LEFT JOIN ws_users u ON u.id = w.requested_by";

fn run_row(row: &crate::db::Row) -> Result<RunRow, DbError> {
    Ok(RunRow {
        id: row.int(0)?,
        kind: row.text(1)?,
        started_at: row.text(2)?,
        finished_at: row.opt_text(3)?,
        interrupted: row.bool(4)? || row.opt_text(3)?.is_none(),
        ruleset_id: row.text(5)?,
        ruleset_version: row.text(6)?,
        // `socaudit sweep` records a run when it is over, so the run's own duration can be the
        // recording's; the longest site is a truer lower bound then.
        duration_ms: row.count(7)?.max(row.count(8)?),
        sites: row.count(9)?,
        mandatory_passed: row.count(10)?,
        mandatory_total: row.count(11)?,
        sweep_id: row.opt_int(12)?,
        list_id: row.opt_int(13)?,
        list_name: row.opt_text(14)?,
        started_by: row.opt_text(15)?,
    })
}

/// Runs newest first: `limit` of them after skipping `offset`, and how many there are in all.
pub fn runs_page(db: &Db, limit: u64, offset: u64) -> Result<(Vec<RunRow>, u64), DbError> {
    let total = db
        .query_opt("SELECT COUNT(*) FROM runs", &[])?
        .map_or(Ok(0), |r| r.count(0))?;
    let sql = format!("SELECT {RUN_COLUMNS} ORDER BY r.id DESC LIMIT $1 OFFSET $2");
    let rows = db.query(&sql, vals![limit as i64, offset as i64])?;
    let runs = rows.iter().map(run_row).collect::<Result<_, _>>()?;
    Ok((runs, total))
}

/// One run, if it exists.
pub fn run(db: &Db, id: i64) -> Result<Option<RunRow>, DbError> {
    let sql = format!("SELECT {RUN_COLUMNS} WHERE r.id = $1");
    db.query_opt(&sql, vals![id])?
        .map(|r| run_row(&r))
        .transpose()
}

/// One site of a run, light: what the sites table shows.
#[derive(Debug, Clone, Serialize)]
pub struct SiteRow {
    /// Row in the input list.
    pub row: i64,
    /// Start URL as checked.
    pub url: String,
    /// Name from the list.
    pub name: Option<String>,
    /// Region from the list.
    pub region: Option<String>,
    /// Type of institution from the list.
    pub kind: Option<String>,
    /// Reached at all.
    pub reachable: bool,
    /// Why it could not be checked.
    pub error: Option<String>,
    /// Openness score, percent.
    pub score: f64,
    /// Mandatory requirements met (accepted items as the report counts them).
    pub mandatory_passed: u64,
    /// Mandatory requirements.
    pub mandatory_total: u64,
    /// `compliant`, `non_compliant` or `unknown`.
    pub verdict: String,
    /// Earliest «не выполнено с» date among its verdicts, when known.
    pub first_failed: Option<String>,
    /// Items accepted by the workspace (or the run's own `accepted.toml`).
    pub accepted: usize,
}

/// The list's name of site `url` in run `id`: `None` when the run has no such site.
pub fn site_name(db: &Db, id: i64, url: &str) -> Result<Option<Option<String>>, DbError> {
    db.query_opt(
        "SELECT name FROM sites WHERE run_id = $1 AND url = $2",
        vals![id, url],
    )?
    .map(|r| r.opt_text(0))
    .transpose()
}

/// Every site of run `id` as stored, in input order (acceptances as the run recorded them are
/// not applied yet: see [`apply_accepted`]), and the URLs that have a stored acceptance.
pub fn stored_sites(db: &Db, id: i64) -> Result<(Vec<SiteRow>, HashSet<String>), DbError> {
    let rows = db.query(
        "SELECT s.row, s.url, s.name, s.region, s.kind, s.reachable, s.error, s.score_percent,
                s.mandatory_passed, s.mandatory_total, s.verdict
         FROM sites s WHERE s.run_id = $1 ORDER BY s.row, s.url",
        vals![id],
    )?;
    let first_failed: HashMap<String, String> = db
        .query(
            "SELECT url, MIN(first_failed) FROM results
             WHERE run_id = $1 AND first_failed IS NOT NULL GROUP BY url",
            vals![id],
        )?
        .iter()
        .map(|r| Ok((r.text(0)?, r.text(1)?)))
        .collect::<Result<_, DbError>>()?;
    let stored: HashSet<String> = db
        .query(
            "SELECT DISTINCT url FROM results WHERE run_id = $1 AND accepted_json IS NOT NULL",
            vals![id],
        )?
        .iter()
        .map(|r| r.text(0))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let url = r.text(1)?;
        out.push(SiteRow {
            row: r.int(0)?,
            name: r.opt_text(2)?,
            region: r.opt_text(3)?,
            kind: r.opt_text(4)?,
            reachable: r.bool(5)?,
            error: r.opt_text(6)?,
            score: r.real(7)?,
            mandatory_passed: r.count(8)?,
            mandatory_total: r.count(9)?,
            verdict: r.text(10)?,
            first_failed: first_failed.get(&url).cloned(),
            accepted: 0,
            url,
        });
    }
    Ok((out, stored))
}

/// Applies the workspace's acceptances as of `today` to `rows` of run `id`: only the sites with
/// a stored acceptance (`stored`) or one in the list have their reports read.
pub fn apply_accepted(
    rows: &mut [SiteRow],
    stored: &HashSet<String>,
    history: &History,
    id: i64,
    accepted: &AcceptedList,
    today: Date,
) -> Result<(), String> {
    let keys = list_keys(accepted);
    for site in rows {
        if !touched(&site.url, stored.contains(&site.url), &keys) {
            continue;
        }
        if let Some(report) = accepted_report(history, id, &site.url, accepted, today)? {
            site.verdict = report.summary.verdict.clone();
            site.mandatory_passed = report.summary.mandatory_passed as u64;
            site.accepted = report
                .requirements
                .iter()
                .filter(|v| v.accepted.is_some())
                .count();
        }
    }
    Ok(())
}

/// The sites the list names, as the list compares sites.
fn list_keys(accepted: &AcceptedList) -> HashSet<String> {
    accepted
        .entries
        .iter()
        .map(|e| crate::diff::site_key(&e.site))
        .collect()
}

/// True when acceptances may change the verdicts of `url`: it has a stored one, or the list
/// names it.
fn touched(url: &str, has_stored: bool, keys: &HashSet<String>) -> bool {
    has_stored || (!keys.is_empty() && keys.contains(&crate::diff::site_key(url)))
}

/// The stored report of `url` in run `id` with the workspace's acceptances as of `today`.
pub fn accepted_report(
    history: &History,
    id: i64,
    url: &str,
    accepted: &AcceptedList,
    today: Date,
) -> Result<Option<SiteReport>, String> {
    let mut report = history.site_report(id, url).map_err(|e| e.to_string())?;
    if let Some(report) = report.as_mut() {
        accepted.apply(report, today);
    }
    Ok(report)
}

/// The run's summary with the workspace's acceptances applied to its site rows (only the sites
/// an acceptance concerns have their reports read).
pub fn accepted_summary(
    history: &History,
    id: i64,
    accepted: &AcceptedList,
    today: Date,
) -> Result<SweepSummary, String> {
    let mut summary = history.run_summary(id).map_err(|e| e.to_string())?;
    let keys = list_keys(accepted);
    for site in &mut summary.sites {
        if touched(&site.url, !site.accepted.is_empty(), &keys) {
            if let Some(report) = accepted_report(history, id, &site.url, accepted, today)? {
                crate::sweep::build::refresh_accepted(site, &report);
            }
        }
    }
    Ok(summary)
}

/// Per requirement of a run: title, mandatory or not, and how many sites pass, are partial,
/// fail, are unknown.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementRow {
    /// Requirement id.
    pub id: String,
    /// Russian title.
    pub title: String,
    /// Mandatory (else recommended).
    pub mandatory: bool,
    /// Sites where it passes.
    pub pass: u64,
    /// Sites where it is partial.
    pub partial: u64,
    /// Sites where it fails.
    pub fail: u64,
    /// Sites where it is unknown.
    pub unknown: u64,
}

/// The per-requirement totals of run `id`, in rule order.
pub fn requirement_totals(db: &Db, id: i64) -> Result<Vec<RequirementRow>, DbError> {
    let mut list: Vec<RequirementRow> = db
        .query(
            "SELECT requirement_id, title, severity FROM run_requirements
             WHERE run_id = $1 ORDER BY position",
            vals![id],
        )?
        .iter()
        .map(|r| {
            Ok(RequirementRow {
                id: r.text(0)?,
                title: r.text(1)?,
                mandatory: r.text(2)? != "recommended",
                pass: 0,
                partial: 0,
                fail: 0,
                unknown: 0,
            })
        })
        .collect::<Result<_, DbError>>()?;
    let counts = db.query(
        "SELECT requirement_id, status, COUNT(*) FROM results
         WHERE run_id = $1 GROUP BY requirement_id, status",
        vals![id],
    )?;
    for r in counts {
        let (req, status, n) = (r.text(0)?, r.text(1)?, r.count(2)?);
        let Some(row) = list.iter_mut().find(|x| x.id == req) else {
            continue;
        };
        match status.as_str() {
            "pass" => row.pass = n,
            "partial" => row.partial = n,
            "fail" => row.fail = n,
            _ => row.unknown += n,
        }
    }
    Ok(list)
}
