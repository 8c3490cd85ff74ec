use super::sample::{report, row, ruleset, Req};
use super::*;
use crate::fetch::cache::{CachedResponse, HttpCache};
use crate::model::Status::*;
use std::path::Path;
use std::sync::Arc;

fn db_in(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("history").join("socaudit.db")
}

fn schema_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0))
        .unwrap()
}

fn good() -> crate::report::SiteReport {
    report(
        "https://kcson.example.ru/",
        true,
        &[
            Req(
                "founder",
                "Учредитель",
                Pass,
                Some("https://kcson.example.ru/uchreditel"),
                None,
            ),
            Req(
                "nok-plan",
                "План по устранению недостатков",
                Pass,
                Some("https://kcson.example.ru/plan-2024.pdf"),
                None,
            ),
            Req(
                "tariffs",
                "Тарифы",
                Partial,
                Some("https://kcson.example.ru/tarify"),
                Some("Ссылка отвечает 404."),
            ),
        ],
    )
}

fn weak(url: &str) -> crate::report::SiteReport {
    report(
        url,
        true,
        &[
            Req("founder", "Учредитель", Fail, None, Some("Не найдено.")),
            Req(
                "nok-plan",
                "План по устранению недостатков",
                Unknown,
                None,
                Some("robots.txt"),
            ),
            Req(
                "tariffs",
                "Тарифы",
                Pass,
                Some("https://cso.example.ru/tarify"),
                None,
            ),
        ],
    )
}

#[test]
fn open_creates_the_file_and_migrating_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let history = History::open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(schema_version(&path), i64::from(schema::current_version()));
    let run = history
        .begin_run(RunKind::Check, &ruleset(), "{}", None)
        .unwrap();
    drop(history);

    let again = History::open(&path).unwrap();
    assert_eq!(schema_version(&path), i64::from(schema::current_version()));
    let runs = again.runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].id, run);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1, "one version row, not one per open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn two_runs_are_recorded_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::open(&db_in(&dir)).unwrap();
    let out = dir.path().join("out");
    let first = history
        .begin_run(
            RunKind::Sweep,
            &ruleset(),
            r#"{"concurrency":8}"#,
            Some(&out),
        )
        .unwrap();
    let (a, b) = (good(), weak("https://cso.example.ru/"));
    history
        .record_site(first, &row(2, Some("ЦСО"), &b), &b)
        .unwrap();
    history
        .record_site(first, &row(1, Some("ГБУ КЦСОН"), &a), &a)
        .unwrap();
    history.finish_run(first, false).unwrap();
    let second = history
        .begin_run(RunKind::Check, &ruleset(), "{}", None)
        .unwrap();
    history.record_site(second, &row(1, None, &b), &b).unwrap();
    history.finish_run(second, true).unwrap();

    let runs = history.runs().unwrap();
    assert_eq!(
        runs.iter()
            .map(|r| (r.id, r.kind, r.sites, r.interrupted))
            .collect::<Vec<_>>(),
        vec![
            (first, RunKind::Sweep, 2, false),
            (second, RunKind::Check, 1, true)
        ]
    );
    assert_eq!(
        runs[0].out_dir.as_deref(),
        Some(out.display().to_string().as_str())
    );
    assert_eq!(runs[0].args_json, r#"{"concurrency":8}"#);
    assert!(runs[0].finished_at.is_some());

    let summary = history.run_summary(first).unwrap();
    let ids: Vec<&str> = summary
        .requirements
        .iter()
        .map(|r| r.id.0.as_str())
        .collect();
    assert_eq!(ids, ["founder", "nok-plan", "tariffs"]);
    assert_eq!(summary.sites.len(), 2);
    assert_eq!(
        summary.sites[0].url, "https://kcson.example.ru/",
        "input order, not recording order"
    );
    assert_eq!(summary.sites[0].name.as_deref(), Some("ГБУ КЦСОН"));
    assert_eq!(summary.sites[0].statuses, vec![Pass, Pass, Partial]);
    assert_eq!(summary.sites[1].statuses, vec![Fail, Unknown, Pass]);
    assert_eq!((summary.totals[0].pass, summary.totals[0].fail), (1, 1));
    assert_eq!(summary.ruleset.id, "1239-886n");
    assert!(!summary.interrupted);
    assert!(history.run_summary(second).unwrap().interrupted);

    let stored = history
        .site_report(first, "https://kcson.example.ru/")
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&stored).unwrap(),
        serde_json::to_value(&a).unwrap()
    );
    assert!(history
        .site_report(first, "https://nowhere.example/")
        .unwrap()
        .is_none());
}

#[test]
fn results_and_evidence_rows_are_queryable() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let history = History::open(&path).unwrap();
    let run = history
        .begin_run(RunKind::Check, &ruleset(), "{}", None)
        .unwrap();
    let a = good();
    history.record_site(run, &row(1, None, &a), &a).unwrap();
    // Recording the same site again (a resumed sweep) replaces it instead of failing.
    history.record_site(run, &row(1, None, &a), &a).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM sites"), 1);
    assert_eq!(count("SELECT count(*) FROM results"), 3);
    assert_eq!(count("SELECT count(*) FROM evidence"), 3);
    let (status, note): (String, Option<String>) = conn
        .query_row(
            "SELECT status, note FROM results WHERE requirement_id = 'tariffs'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), note.as_deref()),
        ("partial", Some("Ссылка отвечает 404."))
    );
    let ev: (String, String) = conn
        .query_row(
            "SELECT ev_url, via FROM evidence WHERE requirement_id = 'nok-plan'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        ev,
        (
            "https://kcson.example.ru/plan-2024.pdf".to_string(),
            "document".to_string()
        )
    );
}

#[test]
fn unknown_runs_are_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::open(&db_in(&dir)).unwrap();
    let a = good();
    let err = history.record_site(42, &row(1, None, &a), &a).unwrap_err();
    assert!(matches!(err, HistoryError::NoRun { run: 42, .. }), "{err}");
    assert!(err.to_string().contains("socaudit.db"), "{err}");
    assert!(matches!(
        history.finish_run(42, false),
        Err(HistoryError::NoRun { .. })
    ));
    assert!(matches!(
        history.run_summary(42),
        Err(HistoryError::NoRun { .. })
    ));
}

#[test]
fn concurrent_writers_from_two_threads_and_two_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let shared = Arc::new(History::open(&path).unwrap());
    let run = shared
        .begin_run(RunKind::Sweep, &ruleset(), "{}", None)
        .unwrap();
    let writer = |history: Arc<History>, prefix: &'static str| {
        std::thread::spawn(move || {
            let own = history
                .begin_run(RunKind::Check, &ruleset(), "{}", None)
                .unwrap();
            for i in 0..15 {
                let r = weak(&format!("https://{prefix}{i}.example.ru/"));
                history.record_site(run, &row(i, None, &r), &r).unwrap();
                history.record_site(own, &row(i, None, &r), &r).unwrap();
            }
            history.finish_run(own, false).unwrap();
        })
    };
    // Two threads on one handle, and a third on a second connection to the same file (another
    // process would look the same to SQLite).
    let second = Arc::new(History::open(&path).unwrap());
    let handles = [
        writer(shared.clone(), "a"),
        writer(shared.clone(), "b"),
        writer(second, "c"),
    ];
    for h in handles {
        h.join().unwrap();
    }
    shared.finish_run(run, false).unwrap();
    assert_eq!(shared.run_summary(run).unwrap().sites.len(), 45);
    let runs = shared.runs().unwrap();
    assert_eq!(runs.len(), 4);
    assert!(runs.iter().skip(1).all(|r| r.sites == 15));
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    drop(History::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE schema_version SET version = 999", [])
        .unwrap();
    drop(conn);
    let err = History::open(&path).unwrap_err();
    assert!(
        matches!(err, HistoryError::TooNew { found: 999, .. }),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("999"),
        "{message}"
    );
}

#[test]
fn cache_round_trip_with_text_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::open(&db_in(&dir)).unwrap();
    assert_eq!(history.get("https://kcson.example.ru/"), None);
    let page = CachedResponse {
        final_url: "https://kcson.example.ru/".into(),
        status: 200,
        content_type: Some("text/html; charset=windows-1251".into()),
        etag: Some("\"abc\"".into()),
        last_modified: Some("Wed, 21 Oct 2025 07:28:00 GMT".into()),
        encoding: Some("windows-1251".into()),
        text: Some("Учредитель".into()),
        bytes: None,
        stored_at: "2026-03-05T10:20:30Z".into(),
    };
    let document = CachedResponse {
        final_url: "https://kcson.example.ru/ustav.pdf".into(),
        content_type: Some("application/pdf".into()),
        encoding: None,
        text: None,
        bytes: Some(vec![0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x00]),
        ..page.clone()
    };
    history.put("https://kcson.example.ru", &page);
    history.put("https://kcson.example.ru/ustav.pdf", &document);
    assert_eq!(
        history.get("https://kcson.example.ru").as_ref(),
        Some(&page)
    );
    assert_eq!(
        history.get("https://kcson.example.ru/ustav.pdf").as_ref(),
        Some(&document)
    );
    let newer = CachedResponse {
        etag: Some("\"def\"".into()),
        ..page.clone()
    };
    history.put("https://kcson.example.ru", &newer);
    assert_eq!(history.get("https://kcson.example.ru"), Some(newer));
}

#[test]
fn cache_errors_are_a_miss_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let history = History::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TABLE http_cache").unwrap();
    drop(conn);
    let response = CachedResponse {
        final_url: "https://x.example/".into(),
        status: 200,
        content_type: None,
        etag: None,
        last_modified: None,
        encoding: None,
        text: None,
        bytes: None,
        stored_at: String::new(),
    };
    history.put("https://x.example/", &response);
    assert_eq!(history.get("https://x.example/"), None);
}

#[test]
fn run_kind_words_round_trip() {
    for kind in [RunKind::Check, RunKind::Sweep] {
        assert_eq!(RunKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(RunKind::parse("merge"), None);
}
