//! Tests of the compact site records (schema 2) and of reading a schema-1 database.

use super::sample::{report, row, ruleset, Req};
use super::*;
use crate::model::Status::*;
use crate::report::{DocumentFinding, PageRecord};
use rusqlite::{params, Connection};

fn checked() -> crate::report::SiteReport {
    let mut r = report(
        "https://kcson.example.ru/",
        true,
        &[
            Req(
                "founder",
                "Учредитель",
                Pass,
                Some("https://kcson.example.ru/u"),
                None,
            ),
            Req(
                "nok-plan",
                "План НОК",
                Partial,
                Some("https://kcson.example.ru/p.pdf"),
                Some("Нет столбца."),
            ),
            Req("tariffs", "Тарифы", Fail, None, Some("Не найдено.")),
        ],
    );
    r.requirements[1].documents.push(DocumentFinding {
        url: "https://kcson.example.ru/p.pdf".into(),
        format: "pdf".into(),
        outcome: "text".into(),
        counts: false,
        year: Some(2025),
        period: None,
        columns_missing: vec!["срок".into()],
        problems: vec!["нет срока".into()],
        note: None,
    });
    r.requirements[2].basis = "приказ Минтруда № 886н".into();
    r.requirements[2].hint = "Раздел «Сведения»".into();
    for i in 0..30 {
        r.crawl.pages.push(PageRecord {
            url: format!("https://kcson.example.ru/p{i}"),
            status: 200,
            title: "Страница".into(),
            depth: 1,
        });
    }
    r
}

#[test]
fn a_site_is_stored_without_a_report_copy_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let history = History::open(&path).unwrap();
    let run = history
        .begin_run(RunKind::Sweep, &ruleset(), "{}", None)
        .unwrap();
    let a = checked();
    let mut b = checked();
    b.site.url = "https://cso.example.ru/".into();
    history.record_site(run, &row(1, None, &a), &a).unwrap();
    history.record_site(run, &row(2, None, &b), &b).unwrap();

    let conn = Connection::open(&path).unwrap();
    let copies: i64 = conn
        .query_row(
            "SELECT count(*) FROM sites WHERE report_json <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(copies, 0, "no whole report per site");
    let texts: i64 = conn
        .query_row(
            "SELECT count(*) FROM run_requirements WHERE run_id = ?1",
            [run],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(texts, 3, "requirement texts once per run, not per site");
    let meta: String = conn
        .query_row(
            "SELECT report_meta FROM sites WHERE url = ?1",
            [&a.site.url],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !meta.contains("/p29"),
        "page lists stay in the output folder"
    );

    let stored = history.site_report(run, &a.site.url).unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(&stored.requirements).unwrap(),
        serde_json::to_value(&a.requirements).unwrap(),
        "verdicts, evidence, notes, basis and document findings survive"
    );
    assert!(stored.crawl.pages.is_empty());
    assert_eq!(stored.crawl.pages_fetched, a.crawl.pages_fetched);
    assert_eq!(stored.summary.verdict, a.summary.verdict);
    let summary = history.run_summary(run).unwrap();
    let ids: Vec<&str> = summary
        .requirements
        .iter()
        .map(|r| r.id.0.as_str())
        .collect();
    assert_eq!(ids, ["founder", "nok-plan", "tariffs"]);
    assert_eq!(summary.sites[1].statuses, vec![Pass, Partial, Fail]);
}

/// A database as socaudit wrote it before schema 2: one whole report per site.
fn version_one_database(path: &std::path::Path, report: &crate::report::SiteReport) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.execute_batch(
        "CREATE TABLE schema_version (version INTEGER NOT NULL);
         INSERT INTO schema_version VALUES (1);
         INSERT INTO runs (kind, started_at, finished_at, tool_version, ruleset_id, ruleset_version)
         VALUES ('sweep', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', '0.1.0', '1239-886n', '1');",
    )
    .unwrap();
    let json = serde_json::to_string(report).unwrap();
    conn.execute(
        "INSERT INTO sites (run_id, url, dir, reachable, score_percent, feedback_score, verdict,
                            pages_fetched, report_json)
         VALUES (1, ?1, 'kcson', 1, 50.0, 0, 'non_compliant', 30, ?2)",
        params![report.site.url, json],
    )
    .unwrap();
    for v in &report.requirements {
        conn.execute(
            "INSERT INTO results (run_id, url, requirement_id, status, note) VALUES (1, ?1, ?2, ?3, ?4)",
            params![report.site.url, v.id.0, rows::status_word(v.status), v.note],
        )
        .unwrap();
    }
}

#[test]
fn a_version_one_database_is_migrated_and_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let old = checked();
    version_one_database(&path, &old);

    let history = History::open(&path).unwrap();
    let summary = history.run_summary(1).unwrap();
    let ids: Vec<&str> = summary
        .requirements
        .iter()
        .map(|r| r.id.0.as_str())
        .collect();
    assert_eq!(ids, ["founder", "nok-plan", "tariffs"]);
    assert_eq!(summary.sites[0].statuses, vec![Pass, Partial, Fail]);
    let stored = history.site_report(1, &old.site.url).unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(&stored).unwrap(),
        serde_json::to_value(&old).unwrap(),
        "an old record is read from its whole copy"
    );
    // New runs in the migrated file are compact, and old and new can be compared.
    let run = history
        .begin_run(RunKind::Sweep, &ruleset(), "{}", None)
        .unwrap();
    history.record_site(run, &row(1, None, &old), &old).unwrap();
    let fresh = history.site_report(run, &old.site.url).unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(&fresh.requirements).unwrap(),
        serde_json::to_value(&stored.requirements).unwrap()
    );
}
