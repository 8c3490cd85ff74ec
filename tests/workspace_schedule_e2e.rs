//! The whole chain of issue 13's «done when»: a schedule fires, the server's sweep worker sweeps
//! the list, and when the site got worse since the schedule's last sweep the alert goes out —
//! here a signed webhook to a receiver in the test. The first sweep (nothing to compare with)
//! and the site's change happen between two server starts on one database, as a real
//! deployment would see them over days.

mod common;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/alert_sinks.rs"]
mod sinks;
#[path = "support/workspace.rs"]
mod workspace;

use socaudit::db::Db;
use socaudit::fixture_server::{serve as serve_site, RunningServer, Site};
use socaudit::vals;
use socaudit::workspace::auth::Role;
use socaudit::workspace::lists::store::{insert_list, StoredSite};
use socaudit::workspace::schedules::cron::Zone;
use socaudit::workspace::schedules::store::{self as store, NewSchedule};
use std::path::Path;
use std::time::{Duration, Instant};

const SECRET: &str = "a-webhook-secret-of-32-characters";

async fn fixture(name: &str) -> RunningServer {
    serve_site(Site::from_dir(&common::fixture_dir(name)).expect("fixture"))
        .await
        .expect("serve")
}

/// A server whose `kcson.test` is the fixture at `port`, with fast schedule loops.
async fn server(dir: &Path, spec: &str, port: u16) -> (socaudit::serve::Server, String) {
    let mut config = serve::config(dir, true);
    config.db = spec.to_string();
    config.http.resolve = vec![(
        "kcson.test".into(),
        format!("127.0.0.1:{port}").parse().expect("addr"),
    )];
    config.schedules.tick = Duration::from_millis(100);
    config.schedules.backoff = Duration::from_millis(10);
    serve::serve(config).await
}

/// The newest sweep of `schedule` once it is done and its alert decided: (id, run, alert state).
async fn scheduled_sweep_after(db: &Db, schedule: i64, newer_than: i64) -> (i64, i64, String) {
    let began = Instant::now();
    loop {
        let row = db
            .query_opt(
                "SELECT id, status, run_id, alert_state, error FROM ws_sweeps
                 WHERE schedule_id = $1 AND id > $2 ORDER BY id DESC LIMIT 1",
                vals![schedule, newer_than],
            )
            .expect("query");
        if let Some(row) = row {
            let status = row.text(1).expect("status");
            assert_ne!(status, "failed", "{:?}", row.opt_text(4));
            let alert = row.opt_text(3).expect("alert");
            if let Some(alert) = alert.filter(|a| a != "pending" && a != "sending") {
                assert_eq!(status, "done");
                return (
                    row.int(0).expect("id"),
                    row.int(2).expect("a finished sweep has its run"),
                    alert,
                );
            }
        }
        assert!(
            began.elapsed() < Duration::from_secs(120),
            "schedule {schedule} made no finished sweep"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn make_due(db: &Db, schedule: i64) {
    db.execute(
        "UPDATE ws_schedules SET next_due_ms = 0 WHERE id = $1",
        vals![schedule],
    )
    .expect("due now");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scheduled_sweep_that_finds_a_regression_sends_its_alert() {
    for store in workspace::stores() {
        scheduled_regression_alert(&store).await;
    }
}

async fn scheduled_regression_alert(store: &workspace::StoreSpec) {
    let dir = tempfile::tempdir().expect("dir");
    let db = store.db();
    let admin = workspace::add_user(&db, "admin", Role::Admin);
    let site = StoredSite {
        row: 2,
        url: "http://kcson.test/".into(),
        name: Some("КЦСОН «Тест»".into()),
        region: Some("Тверская область".into()),
        inn: None,
        kind: None,
    };
    let list = insert_list(&db, "Область", "list.csv", admin, &[site], &[], 0).expect("list");
    let (hook_url, mut hooks) = sinks::webhook_receiver(200).await;
    let schedule = store::create(
        &db,
        &NewSchedule {
            list_id: list,
            cron: "0 6 * * 1".into(),
            webhook_url: Some(hook_url),
            webhook_secret: Some(SECRET.into()),
            emails: Vec::new(),
        },
        Some(admin),
        &Zone::moscow(),
        socaudit::serve::now_ms(),
    )
    .expect("schedule");

    // Monday one: the site publishes everything; the first sweep has nothing to compare with.
    let good = fixture("compliant").await;
    make_due(&db, schedule);
    let (server_a, _) = server(dir.path(), &store.spec, good.port()).await;
    let (first, first_run, alert) = scheduled_sweep_after(&db, schedule, 0).await;
    assert_eq!(alert, "none", "{}", store.name);
    server_a.shutdown().await;
    assert!(hooks.try_recv().is_err(), "no alert without a regression");

    // Monday two: the site lost most of its sections.
    let weak = fixture("weak").await;
    make_due(&db, schedule);
    let (server_b, base) = server(dir.path(), &store.spec, weak.port()).await;
    let (second, second_run, alert) = scheduled_sweep_after(&db, schedule, first).await;
    assert!(
        weak.hit_count() > 0,
        "the second sweep fetched the changed site"
    );
    assert_eq!(alert, "sent", "{}", store.name);
    let hook = hooks.try_recv().expect("the webhook was posted");
    assert!(hook.headers["x-socaudit-signature"]
        .to_str()
        .expect("ascii")
        .starts_with("sha256="));
    let alert: serde_json::Value = serde_json::from_str(&hook.body).expect("json");
    assert_eq!(alert["event"], "regressions");
    assert_eq!(alert["sweep"]["id"], second);
    assert_eq!(alert["runs"]["before"], first_run);
    assert_eq!(alert["runs"]["after"], second_run);
    assert_eq!(
        alert["runs"]["diff_url"],
        format!("{base}/diff?a={first_run}&b={second_run}")
    );
    let regressions = alert["regressions"].as_array().expect("list");
    assert!(!regressions.is_empty());
    assert!(regressions
        .iter()
        .all(|r| r["site"] == "http://kcson.test/"));
    server_b.shutdown().await;
}
