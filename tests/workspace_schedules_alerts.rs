//! Alerts of scheduled sweeps, end to end from two history runs of a fixture site that got worse
//! (made by `socaudit check --db` against sites on 127.0.0.1): the server's alerts loop posts a
//! signed webhook to a receiver in the test and mails a fake SMTP server in the test; a sweep
//! with nothing worse sends nothing.

mod common;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/alert_sinks.rs"]
mod sinks;
#[path = "support/workspace.rs"]
mod workspace;

use assert_cmd::Command;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use socaudit::db::Db;
use socaudit::fixture_server::{serve as serve_site, Site};
use socaudit::vals;
use socaudit::workspace::auth::Role;
use socaudit::workspace::schedules::cron::Zone;
use socaudit::workspace::schedules::email::{SmtpSettings, SmtpTls};
use socaudit::workspace::schedules::store::{self as store, NewSchedule};
use socaudit::workspace::schedules::webhook::WebhookSender;
use std::path::Path;
use std::time::{Duration, Instant};

const SECRET: &str = "a-webhook-secret-of-32-characters";

/// Checks `http://kcson.test/` served from fixture `name` into the history of `db`; the run id.
async fn check_run(db: &Path, name: &str) -> i64 {
    let site = serve_site(Site::from_dir(&common::fixture_dir(name)).expect("fixture"))
        .await
        .expect("serve");
    let args = vec![
        "check".to_string(),
        "http://kcson.test/".into(),
        "--db".into(),
        db.display().to_string(),
        "--out".into(),
        db.with_extension(name).display().to_string(),
        "--delay".into(),
        "0".into(),
        "--resolve".into(),
        format!("kcson.test:{}:127.0.0.1", site.port()),
    ];
    let output = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .expect("binary")
            .env("SOCAUDIT_TODAY", "2026-11-23")
            .args(&args)
            .output()
            .expect("run")
    })
    .await
    .expect("join");
    assert!(site.hit_count() > 0, "{}", common::text(&output));
    let history = socaudit::history::History::open(db).expect("history");
    let runs = history.runs().expect("runs");
    runs.last().expect("a run").id
}

fn add_list(db: &Db, owner: i64) -> i64 {
    db.query_opt(
        "INSERT INTO ws_lists (name, file_name, uploaded_by, uploaded_ms, site_count, sites_json)
         VALUES ('КЦСОН области', 'list.csv', $1, 0, 1, '[]') RETURNING id",
        vals![owner],
    )
    .expect("insert")
    .expect("row")
    .int(0)
    .expect("id")
}

fn add_sweep(db: &Db, list: i64, schedule: Option<i64>, run: i64, alert: Option<&str>) -> i64 {
    db.query_opt(
        "INSERT INTO ws_sweeps (list_id, status, schedule_id, created_ms, finished_ms, run_id, alert_state)
         VALUES ($1, 'done', $2, 0, 1, $3, $4) RETURNING id",
        vals![list, schedule, run, alert],
    )
    .expect("insert")
    .expect("row")
    .int(0)
    .expect("id")
}

fn alert_state(db: &Db, sweep: i64) -> Option<String> {
    db.query_opt(
        "SELECT alert_state FROM ws_sweeps WHERE id = $1",
        vals![sweep],
    )
    .expect("query")
    .and_then(|r| r.opt_text(0).expect("text"))
}

async fn wait_state(db: &Db, sweep: i64, wanted: &[&str]) -> String {
    let began = Instant::now();
    loop {
        if let Some(state) = alert_state(db, sweep).filter(|s| wanted.contains(&s.as_str())) {
            return state;
        }
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "sweep {sweep} never reached {wanted:?}: {:?}",
            alert_state(db, sweep)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn regressions_are_posted_signed_and_mailed_and_an_unchanged_sweep_sends_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("serve.sqlite");
    let before = check_run(&db_path, "compliant").await;
    let after = check_run(&db_path, "weak").await;
    assert_ne!(before, after);

    let db = workspace::db(dir.path());
    let admin = workspace::add_user(&db, "admin", Role::Admin);
    let list = add_list(&db, admin);
    let (hook_url, mut hooks) = sinks::webhook_receiver(200).await;
    let (smtp_port, mut mails) = sinks::smtp_server().await;
    let schedule = store::create(
        &db,
        &NewSchedule {
            list_id: list,
            cron: "0 6 * * 1".into(),
            webhook_url: Some(hook_url),
            webhook_secret: Some(SECRET.into()),
            emails: vec!["anna@example.org".into(), "boris@example.org".into()],
        },
        Some(admin),
        &Zone::moscow(),
        socaudit::serve::now_ms(),
    )
    .expect("schedule");
    add_sweep(&db, list, None, before, None);
    let worse = add_sweep(&db, list, Some(schedule), after, Some("pending"));

    let mut config = serve::config(dir.path(), true);
    config.schedules.tick = Duration::from_millis(100);
    config.schedules.backoff = Duration::from_millis(10);
    config.schedules.smtp = Some(SmtpSettings {
        host: "127.0.0.1".into(),
        port: Some(smtp_port),
        user: None,
        password: None,
        from: "socaudit <audit@example.org>".into(),
        tls: SmtpTls::None,
    });
    let (server, base) = serve::serve(config).await;
    assert_eq!(wait_state(&db, worse, &["sent", "failed"]).await, "sent");

    let hook = hooks.try_recv().expect("the webhook was posted");
    let timestamp = hook.headers["x-socaudit-timestamp"]
        .to_str()
        .expect("ascii");
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(format!("{timestamp}.{}", hook.body).as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hook.headers["x-socaudit-signature"]
            .to_str()
            .expect("ascii"),
        format!("sha256={expected}")
    );
    let alert: serde_json::Value = serde_json::from_str(&hook.body).expect("json");
    assert_eq!(alert["schema"], "socaudit/alert/v1");
    assert_eq!(alert["event"], "regressions");
    assert_eq!(alert["list"]["name"], "КЦСОН области");
    assert_eq!(alert["sweep"]["id"], worse);
    assert_eq!(alert["runs"]["before"], before);
    assert_eq!(alert["runs"]["after"], after);
    assert_eq!(
        alert["runs"]["diff_url"],
        format!("{base}/diff?a={before}&b={after}")
    );
    let listed = alert["regressions"].as_array().expect("list");
    assert!(!listed.is_empty());
    assert_eq!(alert["counts"]["regressions"], listed.len());
    for r in listed {
        assert_eq!(r["site"], "http://kcson.test/");
        assert!(r["before"] == "pass" || r["before"] == "partial", "{r}");
        assert!(r["after"] == "fail" || r["after"] == "partial", "{r}");
        assert_ne!(r["before"], r["after"]);
    }

    let mail = mails.try_recv().expect("the e-mail was sent");
    assert_eq!(mail.from, "audit@example.org");
    assert_eq!(mail.to, vec!["anna@example.org", "boris@example.org"]);
    let text = sinks::base64_body(&mail.data);
    assert!(
        text.contains("Плановая проверка списка «КЦСОН области»"),
        "{text}"
    );
    assert!(text.contains("было «есть», стало «нет»"), "{text}");
    assert!(
        text.contains(&format!("{base}/diff?a={before}&b={after}")),
        "{text}"
    );
    let log = store::recent_alerts(&db, 10).expect("log");
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log
        .iter()
        .all(|a| a.status == "sent" && a.sweep_id == Some(worse)));

    // The next scheduled sweep found the same as this one: nothing to say.
    let same = add_sweep(&db, list, Some(schedule), after, Some("pending"));
    assert_eq!(
        wait_state(&db, same, &["sent", "none", "failed"]).await,
        "none"
    );
    server.shutdown().await;
    assert!(hooks.try_recv().is_err(), "no second webhook");
    assert!(mails.try_recv().is_err(), "no second e-mail");
    assert_eq!(store::recent_alerts(&db, 10).expect("log").len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_webhook_is_retried_then_given_up_and_a_client_error_is_not_retried() {
    let sender = WebhookSender {
        guard: socaudit::fetch::guard::GuardedResolver::default(),
        timeout: Duration::from_secs(10),
        attempts: 3,
        backoff: Duration::from_millis(10),
    };
    let (url, mut got) = sinks::webhook_receiver(503).await;
    let delivery = sender.send(&url, SECRET, "{}").await;
    assert_eq!(delivery.attempts, 3);
    assert!(
        delivery.error.as_deref().unwrap_or("").contains("503"),
        "{delivery:?}"
    );
    for _ in 0..3 {
        let hook = got.try_recv().expect("an attempt reached the receiver");
        assert_eq!(hook.body, "{}");
    }
    assert!(got.try_recv().is_err());

    let (url, mut got) = sinks::webhook_receiver(404).await;
    let delivery = sender.send(&url, SECRET, "{}").await;
    assert_eq!(delivery.attempts, 1);
    assert!(got.try_recv().is_ok() && got.try_recv().is_err());

    let (url, _got) = sinks::webhook_receiver(204).await;
    let delivery = sender.send(&url, SECRET, "{}").await;
    assert_eq!((delivery.attempts, delivery.error), (1, None));
}
