//! Workspace part `lists`: sweeps of uploaded lists run by the server's sweep workers against
//! fixture sites on 127.0.0.1 — started from the list page and recorded in the history, queued
//! directly in `ws_sweeps` (as schedules do), and never run twice by two servers sharing one
//! database.

mod common;
#[path = "support/lists.rs"]
mod lists;
#[path = "support/serve.rs"]
mod serve_support;
#[path = "support/workspace.rs"]
mod workspace;

use lists::*;
use serve_support::{config, serve, slow_fixture};
use socaudit::history::{History, RunKind};
use socaudit::workspace::auth::Role;
use socaudit::workspace::lists::store::{insert_list, StoredSite};
use std::collections::HashSet;
use std::time::{Duration, Instant};

fn sweep_row(db: &socaudit::db::Db, id: i64) -> (String, Option<i64>, i64, i64, Option<String>) {
    let row = db
        .query_opt(
            "SELECT status, run_id, sites_done, sites_total, alert_state FROM ws_sweeps WHERE id = $1",
            socaudit::vals![id],
        )
        .unwrap()
        .expect("sweep row");
    (
        row.text(0).unwrap(),
        row.opt_int(1).unwrap(),
        row.int(2).unwrap(),
        row.int(3).unwrap(),
        row.opt_text(4).unwrap(),
    )
}

fn site(row: usize, url: &str) -> StoredSite {
    StoredSite {
        row,
        url: url.to_string(),
        name: Some(format!("Учреждение {row}")),
        region: Some("Тверская область".into()),
        inn: None,
        kind: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_started_from_the_list_page_is_recorded_in_the_history() {
    let a = slow_fixture("compliant", Duration::ZERO).await;
    let b = slow_fixture("weak", Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    let db = workspace::db(dir.path());
    let cookie = workspace::session_cookie(&db, workspace::add_user(&db, "дина", Role::Auditor));
    let csv = format!(
        "Наименование;Сайт\nКЦСОН А;{}\nЦентр Б;{}\nБез сайта;-\n",
        a.base_url(),
        b.base_url()
    );
    let list = upload_ok(&base, &cookie, "два.csv", csv.as_bytes()).await;
    let id = start_sweep(&base, &cookie, list).await;
    let (status, _, page) = get(&base, &cookie, &format!("/sweeps/{id}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("/static/lists_sweep.js"), "{page}");

    let last = wait_sweep(&base, &cookie, id).await;
    assert_eq!(last["status"], "done", "{last}");
    let (status, run, done, total, alert) = sweep_row(&db, id);
    assert_eq!(status, "done");
    assert_eq!((done, total), (2, 2));
    assert_eq!(alert, None, "a sweep started by hand has no alert");
    let run = run.expect("run_id set");
    let history = History::open(&dir.path().join("serve.sqlite")).unwrap();
    let summary = history.run_summary(run).unwrap();
    let urls: HashSet<String> = summary.sites.iter().map(|s| s.url.clone()).collect();
    assert_eq!(urls, HashSet::from([a.base_url(), b.base_url()]));
    let info = history
        .runs()
        .unwrap()
        .into_iter()
        .find(|r| r.id == run)
        .unwrap();
    assert_eq!(info.kind, RunKind::Sweep);
    assert!(info.finished_at.is_some() && !info.interrupted, "{info:?}");

    let (_, _, page) = get(&base, &cookie, &format!("/sweeps/{id}")).await;
    assert!(page.contains(&format!("href=\"/runs/{run}\"")), "{page}");
    assert!(page.contains("Сайтов в сводке: 2"), "{page}");
    let (_, _, page) = get(&base, &cookie, &format!("/lists/{list}")).await;
    assert!(
        page.contains(&format!("/sweeps/{id}")) && page.contains("дина"),
        "{page}"
    );
    let work = dir.path().join("serve.sqlite.sweeps");
    let left = std::fs::read_dir(&work).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "the sweep's report folder is removed");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_queued_directly_is_picked_up_and_a_scheduled_one_awaits_its_alert() {
    let a = slow_fixture("compliant", Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let db = workspace::db(dir.path());
    let user = workspace::add_user(&db, "ева", Role::Admin);
    let list = insert_list(
        &db,
        "Плановый",
        "p.csv",
        user,
        &[site(2, &a.base_url())],
        &[],
        1,
    )
    .unwrap();
    let id = db
        .query_opt(
            "INSERT INTO ws_sweeps (list_id, status, schedule_id, created_ms, sites_total)
             VALUES ($1, 'queued', 7, $2, 1) RETURNING id",
            socaudit::vals![list, socaudit::serve::now_ms()],
        )
        .unwrap()
        .unwrap()
        .int(0)
        .unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    let cookie = workspace::session_cookie(&db, user);
    let last = wait_sweep(&base, &cookie, id).await;
    assert_eq!(last["status"], "done", "{last}");
    assert_eq!(last["started_by"], "по расписанию № 7");
    let (_, run, done, total, alert) = sweep_row(&db, id);
    assert!(run.is_some());
    assert_eq!((done, total), (1, 1));
    assert_eq!(alert.as_deref(), Some("pending"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_servers_on_one_database_never_run_the_same_sweep_twice() {
    for store in workspace::stores() {
        two_servers_share_sweeps(&store).await;
    }
}

async fn two_servers_share_sweeps(store: &workspace::StoreSpec) {
    let a = slow_fixture("compliant", Duration::from_millis(5)).await;
    let dir = tempfile::tempdir().unwrap();
    let db = store.db();
    let user = workspace::add_user(&db, "жора", Role::Auditor);
    let list = insert_list(
        &db,
        "Общий",
        "o.csv",
        user,
        &[site(2, &a.base_url())],
        &[],
        1,
    )
    .unwrap();
    let mut ids = Vec::new();
    for _ in 0..4 {
        let row = db
            .query_opt(
                "INSERT INTO ws_sweeps (list_id, status, requested_by, created_ms, sites_total)
                 VALUES ($1, 'queued', $2, $3, 1) RETURNING id",
                socaudit::vals![list, user, socaudit::serve::now_ms()],
            )
            .unwrap()
            .unwrap();
        ids.push(row.int(0).unwrap());
    }
    let on_store = || {
        let mut c = config(dir.path(), true);
        c.db = store.spec.clone();
        c
    };
    let (one, base) = serve(on_store()).await;
    let (two, _) = serve(on_store()).await;
    let cookie = workspace::session_cookie(&db, user);
    let began = Instant::now();
    for id in &ids {
        let last = wait_sweep(&base, &cookie, *id).await;
        assert_eq!(last["status"], "done", "{last}");
    }
    assert!(began.elapsed() < SWEEP_LIMIT);
    let runs: Vec<i64> = ids
        .iter()
        .map(|id| sweep_row(&db, *id).1.unwrap())
        .collect();
    assert_eq!(
        runs.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "{}: {runs:?}",
        store.name
    );
    let history = History::open(std::path::Path::new(&store.spec)).unwrap();
    let sweeps: Vec<_> = history
        .runs()
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RunKind::Sweep)
        .collect();
    assert_eq!(
        sweeps.len(),
        ids.len(),
        "one history run per sweep: {sweeps:?}"
    );
    for run in &sweeps {
        assert_eq!(run.sites, 1, "{run:?}");
    }
    one.shutdown().await;
    two.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_stopped_by_a_shutdown_is_queued_again_and_continues_its_run() {
    let a = slow_fixture("compliant", Duration::from_millis(150)).await;
    let b = slow_fixture("weak", Duration::from_millis(150)).await;
    let dir = tempfile::tempdir().unwrap();
    let db = workspace::db(dir.path());
    let user = workspace::add_user(&db, "зоя", Role::Auditor);
    let sites = [site(2, &a.base_url()), site(3, &b.base_url())];
    let list = insert_list(&db, "Долгий", "d.csv", user, &sites, &[], 1).unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    let cookie = workspace::session_cookie(&db, user);
    let id = start_sweep(&base, &cookie, list).await;
    let began = Instant::now();
    let run = loop {
        if let (status, Some(run), ..) = sweep_row(&db, id) {
            assert_eq!(status, "running");
            break run;
        }
        assert!(
            began.elapsed() < SWEEP_LIMIT,
            "the sweep never began its run"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    server.shutdown().await;
    let (status, kept, ..) = sweep_row(&db, id);
    assert_eq!(status, "queued", "a stopped sweep goes back to the queue");
    assert_eq!(kept, Some(run));

    let (server, base) = serve(config(dir.path(), true)).await;
    let last = wait_sweep(&base, &cookie, id).await;
    assert_eq!(last["status"], "done", "{last}");
    let (_, resumed, done, total, _) = sweep_row(&db, id);
    assert_eq!(resumed, Some(run), "the same run is continued");
    assert_eq!((done, total), (2, 2));
    let history = History::open(&dir.path().join("serve.sqlite")).unwrap();
    let urls: HashSet<String> = history
        .run_summary(run)
        .unwrap()
        .sites
        .into_iter()
        .map(|s| s.url)
        .collect();
    assert_eq!(urls, HashSet::from([a.base_url(), b.base_url()]));
    let sweep_runs = history
        .runs()
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RunKind::Sweep)
        .count();
    assert_eq!(sweep_runs, 1);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_only_server_sweeps_no_internal_address() {
    let a = slow_fixture("compliant", Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let db = workspace::db(dir.path());
    let user = workspace::add_user(&db, "ира", Role::Auditor);
    let list = insert_list(
        &db,
        "Внутренний",
        "i.csv",
        user,
        &[site(2, &a.base_url())],
        &[],
        1,
    )
    .unwrap();
    let (server, base) = serve(config(dir.path(), false)).await;
    let cookie = workspace::session_cookie(&db, user);
    let id = start_sweep(&base, &cookie, list).await;
    let last = wait_sweep(&base, &cookie, id).await;
    assert_eq!(last["status"], "done", "{last}");
    assert_eq!(a.requests().len(), 0, "nothing was fetched from 127.0.0.1");
    let run = sweep_row(&db, id).1.unwrap();
    let history = History::open(&dir.path().join("serve.sqlite")).unwrap();
    let summary = history.run_summary(run).unwrap();
    assert!(
        summary.sites.iter().all(|s| !s.reachable),
        "{:?}",
        summary.sites
    );
    server.shutdown().await;
}
