//! A site's report stored compactly (schema version 2): the requirement texts once per run in
//! `run_requirements`, the verdicts in `results` and `evidence`, and the rest of the report —
//! without the page and document lists, which stay in the output folder — as `report_meta`.
//! [`rebuild_report`] puts a [`SiteReport`] back together for `diff`.

use super::rows::{first_of_each_id, insert_rows, insertion_order, parse_status};
use crate::db::{Db, DbError, Tx, Value};
use crate::model::{Evidence, Severity, Via};
use crate::report::{Acceptance, DocumentFinding, SiteReport, Verdict};
use crate::vals;
use std::collections::HashMap;

/// Crawl errors kept per site (the report in the output folder has them all).
const ERRORS_KEPT: usize = 20;

/// The report without its verdicts, pages and documents, as JSON.
pub(super) fn report_meta(report: &SiteReport) -> serde_json::Result<String> {
    let mut meta = report.clone();
    meta.requirements.clear();
    meta.crawl.pages.clear();
    meta.crawl.documents.clear();
    meta.crawl.errors.truncate(ERRORS_KEPT);
    serde_json::to_string(&meta)
}

/// Records the requirement texts of `report` for `run`, once: an id already recorded keeps its
/// place; a new one (rules edited mid-sweep) is appended after every recorded one.
pub(super) fn insert_requirements(
    tx: &mut Tx<'_>,
    run: i64,
    report: &SiteReport,
) -> Result<(), DbError> {
    let recorded = tx
        .query_opt(
            "SELECT count(*) FROM run_requirements WHERE run_id = $1",
            vals![run],
        )?
        .map(|row| row.int(0))
        .transpose()?
        .unwrap_or(0);
    let rows = first_of_each_id(report)
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            vec![
                Value::from(run),
                Value::from(v.id.0.as_str()),
                Value::from(recorded + i as i64),
                Value::from(v.title.as_str()),
                Value::from(severity_word(v.severity)),
                Value::from(v.basis.as_str()),
                Value::from(v.what.as_str()),
                Value::from(v.hint.as_str()),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO run_requirements
             (run_id, requirement_id, position, title, severity, basis, what, hint)",
        "ON CONFLICT (run_id, requirement_id) DO NOTHING",
        rows,
    )
}

/// The document findings of a verdict as JSON, or `None` when it has none.
pub(super) fn documents_json(verdict: &Verdict) -> Option<String> {
    (!verdict.documents.is_empty())
        .then(|| serde_json::to_string(&verdict.documents).ok())
        .flatten()
}

/// The report of `url` in `run` from `meta` and the verdict tables; `Err` names what is damaged.
pub(super) fn rebuild_report(
    db: &Db,
    run: i64,
    url: &str,
    meta: &str,
) -> Result<SiteReport, String> {
    let mut report: SiteReport = serde_json::from_str(meta).map_err(|e| e.to_string())?;
    let mut evidence = evidence_of(db, run, url).map_err(|e| e.to_string())?;
    let rows = db
        .query(
            &format!(
                "SELECT r.requirement_id, q.title, q.severity, r.status, q.basis, q.what, q.hint,
                        r.note, r.documents_json, r.accepted_json, r.first_failed
                 FROM results AS r
                 LEFT JOIN run_requirements AS q
                        ON q.run_id = r.run_id AND q.requirement_id = r.requirement_id
                 WHERE r.run_id = $1 AND r.url = $2
                 ORDER BY q.position, {}",
                insertion_order(db.dialect(), "r.", "requirement_id")
            ),
            vals![run, url],
        )
        .map_err(|e| e.to_string())?;
    for row in rows {
        let verdict = verdict_from_row(&row, &mut evidence).map_err(|e| e.to_string())?;
        report.requirements.push(verdict?);
    }
    Ok(report)
}

/// One verdict of [`rebuild_report`]'s query; the outer `Err` is the database's, the inner one
/// names a damaged value.
fn verdict_from_row(
    row: &crate::db::Row,
    evidence: &mut HashMap<String, Vec<Evidence>>,
) -> Result<Result<Verdict, String>, DbError> {
    let id = row.text(0)?;
    let status = row.text(3)?;
    let Some(status) = parse_status(&status) else {
        return Ok(Err(format!("статус «{status}»")));
    };
    let accepted: Option<Acceptance> = match row.opt_text(9)? {
        Some(json) => match serde_json::from_str(&json) {
            Ok(a) => Some(a),
            Err(e) => return Ok(Err(e.to_string())),
        },
        None => None,
    };
    let documents: Vec<DocumentFinding> = match row.opt_text(8)? {
        Some(json) => match serde_json::from_str(&json) {
            Ok(d) => d,
            Err(e) => return Ok(Err(e.to_string())),
        },
        None => Vec::new(),
    };
    Ok(Ok(Verdict {
        evidence: evidence.remove(&id).unwrap_or_default(),
        id: id.as_str().into(),
        title: row.opt_text(1)?.unwrap_or_default(),
        severity: parse_severity(row.opt_text(2)?.as_deref()),
        status,
        basis: row.opt_text(4)?.unwrap_or_default(),
        what: row.opt_text(5)?.unwrap_or_default(),
        hint: row.opt_text(6)?.unwrap_or_default(),
        // `diff` needs no fix sentences; the history keeps the texts the report had then.
        fix: None,
        note: row.opt_text(7)?,
        documents,
        accepted,
        first_failed: row.opt_text(10)?,
    }))
}

/// Evidence of a site per requirement id, strongest first.
fn evidence_of(db: &Db, run: i64, url: &str) -> Result<HashMap<String, Vec<Evidence>>, DbError> {
    let rows = db.query(
        "SELECT requirement_id, ev_url, via, text, found_on FROM evidence
         WHERE run_id = $1 AND url = $2 ORDER BY requirement_id, position",
        vals![run, url],
    )?;
    let mut out: HashMap<String, Vec<Evidence>> = HashMap::new();
    for row in rows {
        // A `via` this version does not know (written by a newer one) reads as a page's text.
        let via: Via =
            serde_json::from_value(serde_json::Value::String(row.text(2)?)).unwrap_or(Via::Content);
        out.entry(row.text(0)?).or_default().push(Evidence {
            url: row.text(1)?,
            via,
            text: row.text(3)?,
            found_on: row.opt_text(4)?,
        });
    }
    Ok(out)
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Mandatory => "mandatory",
        Severity::Recommended => "recommended",
    }
}

/// `recommended` or (anything else) mandatory, as the summary reads it.
pub(super) fn parse_severity(word: Option<&str>) -> Severity {
    match word {
        Some("recommended") => Severity::Recommended,
        _ => Severity::Mandatory,
    }
}
