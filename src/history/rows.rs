//! Mapping between table rows and the crate's types: reading `runs`/`sites` rows, writing a
//! site's `sites`, `results` and `evidence` rows.

use super::{RunInfo, RunKind};
use crate::db::{DbError, Dialect, Row, Tx, Value};
use crate::model::Status;
use crate::report::{RulesetInfo, SiteReport, Verdict};
use crate::sweep::SweepSite;
use crate::vals;
use std::collections::HashSet;

/// The `runs` columns that [`super::History::run_summary`] needs.
pub(super) struct RunHeader {
    pub(super) started_at: String,
    pub(super) finished_at: Option<String>,
    pub(super) interrupted: bool,
    pub(super) tool_version: String,
    pub(super) ruleset: RulesetInfo,
    pub(super) out_dir: Option<String>,
    pub(super) duration_ms: u64,
}

impl RunHeader {
    pub(super) fn from_row(r: &Row) -> Result<RunHeader, DbError> {
        Ok(RunHeader {
            started_at: r.text(0)?,
            finished_at: r.opt_text(1)?,
            interrupted: r.bool(2)?,
            tool_version: r.text(3)?,
            ruleset: RulesetInfo {
                id: r.text(4)?,
                version: r.text(5)?,
                source: r.text(6)?,
                sha256: r.text(9)?,
                // Damaged digests only lose the «changed in the rules» split of a diff.
                rule_digests: r
                    .opt_text(10)?
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default(),
            },
            out_dir: r.opt_text(7)?,
            duration_ms: r.count(8)?,
        })
    }
}

/// A [`RunInfo`] from the `runs()` query (the kind is parsed by the caller, which can say what
/// is wrong with it).
pub(super) fn run_info(r: &Row) -> Result<RunInfo, DbError> {
    Ok(RunInfo {
        id: r.int(0)?,
        kind: RunKind::Check,
        started_at: r.text(2)?,
        finished_at: r.opt_text(3)?,
        interrupted: r.bool(4)?,
        tool_version: r.text(5)?,
        ruleset_id: r.text(6)?,
        ruleset_version: r.text(7)?,
        args_json: r.text(8)?,
        out_dir: r.opt_text(9)?,
        sites: usize::try_from(r.count(10)?).unwrap_or(usize::MAX),
    })
}

pub(super) fn site_from_row(r: &Row) -> Result<SweepSite, DbError> {
    let count = |i: usize| -> Result<usize, DbError> {
        Ok(usize::try_from(r.count(i)?).unwrap_or(usize::MAX))
    };
    Ok(SweepSite {
        row: count(0)?,
        name: r.opt_text(1)?,
        region: r.opt_text(2)?,
        inn: r.opt_text(3)?,
        kind: r.opt_text(4)?,
        url: r.text(5)?,
        dir: r.text(6)?,
        reachable: r.bool(7)?,
        error: r.opt_text(8)?,
        score_percent: r.real(9)?,
        feedback_score: r.int(10)?.clamp(0, i64::from(u32::MAX)) as u32,
        mandatory_passed: count(11)?,
        mandatory_total: count(12)?,
        verdict: r.text(13)?,
        statuses: Vec::new(),
        accepted: Default::default(),
        pages_fetched: count(14)?,
        errors: count(15)?,
        duration_ms: count(16)? as u64,
    })
}

pub(super) fn insert_site(
    tx: &mut Tx<'_>,
    run: i64,
    site: &SweepSite,
    report_meta: &str,
) -> Result<(), DbError> {
    // `report_json` is '' since schema 2: the report is kept compactly (see `compact`).
    tx.execute(
        "INSERT INTO sites (run_id, url, row, dir, name, region, inn, kind, reachable, error,
                            score_percent, feedback_score, mandatory_passed, mandatory_total,
                            verdict, pages_fetched, errors, duration_ms, report_json, report_meta)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, '', $19)",
        vals![
            run,
            site.url.as_str(),
            site.row,
            site.dir.as_str(),
            site.name.as_deref(),
            site.region.as_deref(),
            site.inn.as_deref(),
            site.kind.as_deref(),
            site.reachable,
            site.error.as_deref(),
            site.score_percent,
            site.feedback_score,
            site.mandatory_passed,
            site.mandatory_total,
            site.verdict.as_str(),
            site.pages_fetched,
            site.errors,
            site.duration_ms,
            report_meta,
        ],
    )?;
    Ok(())
}

/// `results` and `evidence` rows of one site, a few statements for all of them (on a server
/// every statement is a round trip). A rules file cannot repeat an id, but a hand-made report
/// could: the first verdict for an id wins, as in every other output.
pub(super) fn insert_verdicts(
    tx: &mut Tx<'_>,
    run: i64,
    url: &str,
    report: &SiteReport,
) -> Result<(), DbError> {
    let verdicts = first_of_each_id(report);
    let results = verdicts
        .iter()
        .map(|verdict| {
            vec![
                Value::from(run),
                Value::from(url),
                Value::from(verdict.id.0.as_str()),
                Value::from(status_word(verdict.status)),
                Value::from(verdict.note.as_deref()),
                Value::from(super::compact::documents_json(verdict)),
                Value::from(
                    verdict
                        .accepted
                        .as_ref()
                        .and_then(|a| serde_json::to_string(a).ok()),
                ),
                Value::from(verdict.first_failed.as_deref()),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO results (run_id, url, requirement_id, status, note, documents_json,
                              accepted_json, first_failed)",
        "ON CONFLICT (run_id, url, requirement_id) DO NOTHING",
        results,
    )?;
    let mut evidence = Vec::new();
    for verdict in &verdicts {
        for (position, ev) in verdict.evidence.iter().enumerate() {
            let via = serde_json::to_value(ev.via)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            evidence.push(vec![
                Value::from(run),
                Value::from(url),
                Value::from(verdict.id.0.as_str()),
                Value::from(position),
                Value::from(ev.url.as_str()),
                Value::from(via),
                Value::from(ev.text.as_str()),
                Value::from(ev.found_on.as_deref()),
            ]);
        }
    }
    insert_rows(
        tx,
        "INSERT INTO evidence (run_id, url, requirement_id, position, ev_url, via, text,
                               found_on)",
        "ON CONFLICT (run_id, url, requirement_id, position) DO NOTHING",
        evidence,
    )
}

/// The verdicts of `report`, the first of each requirement id only.
pub(super) fn first_of_each_id(report: &SiteReport) -> Vec<&Verdict> {
    let mut seen = HashSet::new();
    report
        .requirements
        .iter()
        .filter(|v| seen.insert(v.id.0.as_str()))
        .collect()
}

/// Rows inserted by `head` (`INSERT INTO t (columns)`) and `tail` (`ON CONFLICT …`), many rows
/// a statement.
pub(super) fn insert_rows(
    tx: &mut Tx<'_>,
    head: &str,
    tail: &str,
    rows: Vec<Vec<Value>>,
) -> Result<(), DbError> {
    const ROWS_PER_STATEMENT: usize = 100;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = format!("{head} VALUES ");
        let mut params = Vec::new();
        for (r, row) in chunk.iter().enumerate() {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for (c, value) in row.iter().enumerate() {
                params.push(value.clone());
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", params.len()));
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        tx.execute(&sql, &params)?;
    }
    Ok(())
}

/// What orders rows of a table as they were inserted, after the query's own order: SQLite's
/// `rowid`; PostgreSQL keeps no such column, so there `fallback` (a key column).
pub(super) fn insertion_order(dialect: Dialect, alias: &str, fallback: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!("{alias}rowid"),
        Dialect::Postgres => format!("{alias}{fallback}"),
    }
}

/// The canonical word of a status, as in `report.json`.
pub(crate) fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

pub(super) fn parse_status(word: &str) -> Option<Status> {
    match word {
        "pass" => Some(Status::Pass),
        "partial" => Some(Status::Partial),
        "fail" => Some(Status::Fail),
        "unknown" => Some(Status::Unknown),
        _ => None,
    }
}

pub(super) fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}
