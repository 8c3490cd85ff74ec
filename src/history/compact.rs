//! A site's report stored compactly (schema version 2): the requirement texts once per run in
//! `run_requirements`, the verdicts in `results` and `evidence`, and the rest of the report —
//! without the page and document lists, which stay in the output folder — as `report_meta`.
//! [`rebuild_report`] puts a [`SiteReport`] back together for `diff`.

use super::rows::parse_status;
use crate::model::{Evidence, Severity, Via};
use crate::report::{Acceptance, DocumentFinding, SiteReport, Verdict};
use rusqlite::{params, Connection};
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
/// place; a new one (rules edited mid-sweep) is appended.
pub(super) fn insert_requirements(
    tx: &Connection,
    run: i64,
    report: &SiteReport,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO run_requirements
             (run_id, requirement_id, position, title, severity, basis, what, hint)
         VALUES (?1, ?2, (SELECT count(*) FROM run_requirements WHERE run_id = ?1),
                 ?3, ?4, ?5, ?6, ?7)",
    )?;
    for v in &report.requirements {
        insert.execute(params![
            run,
            v.id.0,
            v.title,
            severity_word(v.severity),
            v.basis,
            v.what,
            v.hint
        ])?;
    }
    Ok(())
}

/// The document findings of a verdict as JSON, or `None` when it has none.
pub(super) fn documents_json(verdict: &Verdict) -> Option<String> {
    (!verdict.documents.is_empty())
        .then(|| serde_json::to_string(&verdict.documents).ok())
        .flatten()
}

/// The report of `url` in `run` from `meta` and the verdict tables; `Err` names what is damaged.
pub(super) fn rebuild_report(
    conn: &Connection,
    run: i64,
    url: &str,
    meta: &str,
) -> Result<SiteReport, String> {
    let mut report: SiteReport = serde_json::from_str(meta).map_err(|e| e.to_string())?;
    let mut evidence = evidence_of(conn, run, url).map_err(|e| e.to_string())?;
    let mut stmt = conn
        .prepare(
            "SELECT r.requirement_id, q.title, q.severity, r.status, q.basis, q.what, q.hint,
                    r.note, r.documents_json, r.accepted_json, r.first_failed
             FROM results AS r
             LEFT JOIN run_requirements AS q
                    ON q.run_id = r.run_id AND q.requirement_id = r.requirement_id
             WHERE r.run_id = ?1 AND r.url = ?2
             ORDER BY q.position, r.rowid",
        )
        .map_err(|e| e.to_string())?;
    let rows = stmt
        .query_map(params![run, url], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                [r.get::<_, Option<String>>(4)?, r.get(5)?, r.get(6)?],
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
            ))
        })
        .map_err(|e| e.to_string())?;
    for row in rows {
        let (id, title, severity, status, [basis, what, hint], note, documents, accepted, since) =
            row.map_err(|e| e.to_string())?;
        let accepted: Option<Acceptance> = match accepted {
            Some(json) => Some(serde_json::from_str(&json).map_err(|e| e.to_string())?),
            None => None,
        };
        let status = parse_status(&status).ok_or_else(|| format!("статус «{status}»"))?;
        let documents: Vec<DocumentFinding> = match documents {
            Some(json) => serde_json::from_str(&json).map_err(|e| e.to_string())?,
            None => Vec::new(),
        };
        report.requirements.push(Verdict {
            evidence: evidence.remove(&id).unwrap_or_default(),
            id: id.as_str().into(),
            title: title.unwrap_or_default(),
            severity: parse_severity(severity.as_deref()),
            status,
            basis: basis.unwrap_or_default(),
            what: what.unwrap_or_default(),
            hint: hint.unwrap_or_default(),
            // `diff` needs no fix sentences; the history keeps the texts the report had then.
            fix: None,
            note,
            documents,
            accepted,
            first_failed: since,
        });
    }
    Ok(report)
}

/// Evidence of a site per requirement id, strongest first.
fn evidence_of(
    conn: &Connection,
    run: i64,
    url: &str,
) -> rusqlite::Result<HashMap<String, Vec<Evidence>>> {
    let mut stmt = conn.prepare(
        "SELECT requirement_id, ev_url, via, text, found_on FROM evidence
         WHERE run_id = ?1 AND url = ?2 ORDER BY requirement_id, position",
    )?;
    let rows = stmt.query_map(params![run, url], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out: HashMap<String, Vec<Evidence>> = HashMap::new();
    for row in rows {
        let (id, ev_url, via, text, found_on) = row?;
        // A `via` this version does not know (written by a newer one) reads as a page's text.
        let via: Via =
            serde_json::from_value(serde_json::Value::String(via)).unwrap_or(Via::Content);
        out.entry(id).or_default().push(Evidence {
            url: ev_url,
            via,
            text,
            found_on,
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
