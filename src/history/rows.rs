//! Mapping between table rows and the crate's types: reading `runs`/`sites` rows, writing a
//! site's `sites`, `results` and `evidence` rows.

use super::{RunInfo, RunKind};
use crate::model::Status;
use crate::report::{RulesetInfo, SiteReport};
use crate::sweep::SweepSite;
use rusqlite::{params, Connection, Row};

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
    pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<RunHeader> {
        Ok(RunHeader {
            started_at: r.get(0)?,
            finished_at: r.get(1)?,
            interrupted: r.get(2)?,
            tool_version: r.get(3)?,
            ruleset: RulesetInfo {
                id: r.get(4)?,
                version: r.get(5)?,
                source: r.get(6)?,
                sha256: r.get(9)?,
                // Damaged digests only lose the «changed in the rules» split of a diff.
                rule_digests: r
                    .get::<_, Option<String>>(10)?
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default(),
            },
            out_dir: r.get(7)?,
            duration_ms: r.get::<_, i64>(8)?.max(0) as u64,
        })
    }
}

/// A [`RunInfo`] from the `runs()` query (the kind is parsed by the caller, which can say what
/// is wrong with it).
pub(super) fn run_info(r: &Row<'_>) -> rusqlite::Result<RunInfo> {
    Ok(RunInfo {
        id: r.get(0)?,
        kind: RunKind::Check,
        started_at: r.get(2)?,
        finished_at: r.get(3)?,
        interrupted: r.get(4)?,
        tool_version: r.get(5)?,
        ruleset_id: r.get(6)?,
        ruleset_version: r.get(7)?,
        args_json: r.get(8)?,
        out_dir: r.get(9)?,
        sites: r.get::<_, i64>(10)?.max(0) as usize,
    })
}

pub(super) fn site_from_row(r: &Row<'_>) -> rusqlite::Result<SweepSite> {
    let count = |i: usize| -> rusqlite::Result<usize> { Ok(r.get::<_, i64>(i)?.max(0) as usize) };
    Ok(SweepSite {
        row: count(0)?,
        name: r.get(1)?,
        region: r.get(2)?,
        inn: r.get(3)?,
        kind: r.get(4)?,
        url: r.get(5)?,
        dir: r.get(6)?,
        reachable: r.get(7)?,
        error: r.get(8)?,
        score_percent: r.get(9)?,
        feedback_score: r.get::<_, i64>(10)?.clamp(0, i64::from(u32::MAX)) as u32,
        mandatory_passed: count(11)?,
        mandatory_total: count(12)?,
        verdict: r.get(13)?,
        statuses: Vec::new(),
        accepted: Default::default(),
        pages_fetched: count(14)?,
        errors: count(15)?,
        duration_ms: count(16)? as u64,
    })
}

pub(super) fn insert_site(
    tx: &Connection,
    run: i64,
    site: &SweepSite,
    report_meta: &str,
) -> rusqlite::Result<()> {
    // `report_json` is '' since schema 2: the report is kept compactly (see `compact`).
    tx.execute(
        "INSERT INTO sites (run_id, url, row, dir, name, region, inn, kind, reachable, error,
                            score_percent, feedback_score, mandatory_passed, mandatory_total,
                            verdict, pages_fetched, errors, duration_ms, report_json, report_meta)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, '', ?19)",
        params![
            run,
            site.url,
            site.row as i64,
            site.dir,
            site.name,
            site.region,
            site.inn,
            site.kind,
            site.reachable,
            site.error,
            site.score_percent,
            site.feedback_score,
            site.mandatory_passed as i64,
            site.mandatory_total as i64,
            site.verdict,
            site.pages_fetched as i64,
            site.errors as i64,
            i64::try_from(site.duration_ms).unwrap_or(i64::MAX),
            report_meta,
        ],
    )?;
    Ok(())
}

/// `results` and `evidence` rows of one site. A rules file cannot repeat an id, but a hand-made
/// report could: the first verdict for an id wins, as in every other output.
pub(super) fn insert_verdicts(
    tx: &Connection,
    run: i64,
    url: &str,
    report: &SiteReport,
) -> rusqlite::Result<()> {
    let mut result = tx.prepare(
        "INSERT OR IGNORE INTO results (run_id, url, requirement_id, status, note, documents_json,
                                        accepted_json, first_failed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut evidence = tx.prepare(
        "INSERT OR IGNORE INTO evidence (run_id, url, requirement_id, position, ev_url, via, text, found_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for verdict in &report.requirements {
        if result.execute(params![
            run,
            url,
            verdict.id.0,
            status_word(verdict.status),
            verdict.note,
            super::compact::documents_json(verdict),
            verdict
                .accepted
                .as_ref()
                .and_then(|a| serde_json::to_string(a).ok()),
            verdict.first_failed,
        ])? == 0
        {
            continue;
        }
        for (position, ev) in verdict.evidence.iter().enumerate() {
            let via = serde_json::to_value(ev.via)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            evidence.execute(params![
                run,
                url,
                verdict.id.0,
                position as i64,
                ev.url,
                via,
                ev.text,
                ev.found_on
            ])?;
        }
    }
    Ok(())
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
