//! Schedules in the workspace: firing due schedules exactly once when several claimers race on
//! one database, the server's loop queueing a sweep, and the `/schedules` page and its admin-only,
//! CSRF-checked actions (a test alert to a loopback webhook is refused without --allow-private).

mod common;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/workspace.rs"]
mod workspace;

use socaudit::db::Db;
use socaudit::vals;
use socaudit::workspace::auth::Role;
use socaudit::workspace::schedules::cron::Zone;
use socaudit::workspace::schedules::store::{self as store, Fired, NewSchedule};
use std::time::{Duration, Instant};

fn add_list(db: &Db, owner: i64) -> i64 {
    db.query_opt(
        "INSERT INTO ws_lists (name, file_name, uploaded_by, uploaded_ms, site_count, sites_json)
         VALUES ('Интернаты', 'list.csv', $1, 0, 1, '[]') RETURNING id",
        vals![owner],
    )
    .expect("insert")
    .expect("row")
    .int(0)
    .expect("id")
}

fn new_schedule(list: i64, cron: &str) -> NewSchedule {
    NewSchedule {
        list_id: list,
        cron: cron.into(),
        ..NewSchedule::default()
    }
}

fn sweeps_of(db: &Db, schedule: i64) -> Vec<(i64, String)> {
    db.query(
        "SELECT id, status FROM ws_sweeps WHERE schedule_id = $1 ORDER BY id",
        vals![schedule],
    )
    .expect("query")
    .iter()
    .map(|r| (r.int(0).expect("id"), r.text(1).expect("status")))
    .collect()
}

#[test]
fn a_due_schedule_queues_exactly_one_sweep_however_many_claim_it() {
    for store in workspace::stores() {
        one_sweep_per_due_time(&store);
    }
}

/// Two handles (two server instances) on `spec`, eight threads claiming the same due time.
fn one_sweep_per_due_time(spec: &workspace::StoreSpec) {
    let first = spec.db();
    let second = spec.db();
    let admin = workspace::add_user(&first, "admin", Role::Admin);
    let list = add_list(&first, admin);
    let zone = Zone::moscow();
    let now = socaudit::serve::now_ms();
    let id = store::create(
        &first,
        &new_schedule(list, "*/5 * * * *"),
        Some(admin),
        &zone,
        now,
    )
    .expect("create");
    let due = store::get(&first, id)
        .expect("get")
        .expect("schedule")
        .next_due_ms;
    assert!(due > now && due <= now + 5 * 60_000, "{due} vs {now}");

    let at = due + 1_000;
    let fired: Vec<Fired> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let db = if i % 2 == 0 { &first } else { &second };
                let zone = &zone;
                s.spawn(move || store::fire_due(db, zone, at).expect("fire"))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect()
    });
    let sweeps = sweeps_of(&first, id);
    assert_eq!(sweeps.len(), 1, "{}: {sweeps:?}", spec.name);
    assert_eq!(sweeps[0].1, "queued");
    assert_eq!(
        fired,
        vec![Fired::Queued {
            schedule: id,
            sweep: sweeps[0].0
        }]
    );
    let after = store::get(&first, id).expect("get").expect("schedule");
    assert_eq!(after.last_sweep_id, Some(sweeps[0].0));
    assert_eq!(after.next_due_ms, due + 5 * 60_000);
    let row = first
        .query_opt(
            "SELECT list_id, requested_by FROM ws_sweeps WHERE id = $1",
            vals![sweeps[0].0],
        )
        .expect("query")
        .expect("row");
    assert_eq!(row.int(0).expect("list"), list);
    assert_eq!(row.opt_int(1).expect("by"), None);

    // Due again while that sweep is still queued: the time is skipped, no second sweep.
    let later = after.next_due_ms + 1;
    assert_eq!(
        store::fire_due(&second, &zone, later).expect("fire"),
        vec![Fired::StillRunning { schedule: id }]
    );
    assert_eq!(sweeps_of(&first, id).len(), 1);
    // A paused schedule never fires; resumed, it is due at its next time after now.
    assert!(store::set_enabled(&first, id, false, &zone, later).expect("pause"));
    assert!(store::fire_due(&first, &zone, later + 3_600_000)
        .expect("fire")
        .is_empty());
}

async fn get(base: &str, path: &str, cookie: &str) -> (u16, String, String) {
    let resp = serve::client()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    (status, location, resp.text().await.unwrap_or_default())
}

async fn post(base: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> (u16, String) {
    let resp = serve::client()
        .post(format!("{base}{path}"))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .expect("post");
    (
        resp.status().as_u16(),
        resp.text().await.unwrap_or_default(),
    )
}

fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf field")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_and_its_actions_are_for_logged_in_users_and_admins() {
    let dir = tempfile::tempdir().expect("dir");
    let db = workspace::db(dir.path());
    let admin = workspace::add_user(&db, "admin", Role::Admin);
    let auditor = workspace::add_user(&db, "anna", Role::Auditor);
    let list = add_list(&db, admin);
    let mut config = serve::config(dir.path(), false);
    config.schedules.tick = Duration::from_millis(100);
    let (server, base) = serve::serve(config).await;

    let (status, location, _) = get(&base, "/schedules", "").await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/login?next=%2Fschedules")
    );

    let admin_cookie = workspace::session_cookie(&db, admin);
    let (status, _, page) = get(&base, "/schedules", &admin_cookie).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Europe/Moscow (UTC+03:00)") && page.contains("Новое расписание"));
    let csrf = csrf_of(&page);

    let secret = "0123456789abcdef-very-secret";
    let mut form = vec![
        ("list_id", list.to_string()),
        ("cron", "0 25 * * *".to_string()),
        ("webhook_url", "http://127.0.0.1:9/hook".to_string()),
        ("webhook_secret", secret.to_string()),
        ("emails", "anna@example.org".to_string()),
    ];
    let as_refs = |f: &[(&'static str, String)], csrf: &str| -> Vec<(&'static str, String)> {
        let mut v = f.to_vec();
        v.push(("csrf", csrf.to_string()));
        v
    };
    let send = |f: Vec<(&'static str, String)>| {
        let base = base.clone();
        let cookie = admin_cookie.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(&base, "/schedules", &cookie, &pairs).await
        }
    };
    let (status, page) = send(as_refs(&form, &csrf)).await;
    assert_eq!(status, 400);
    assert!(page.contains("поле «часы»"), "{page}");
    assert!(!page.contains(secret), "the secret is not echoed back");

    let (status, _) = send(as_refs(&form, "wrong")).await;
    assert_eq!(status, 403, "a post without the session's token is refused");

    form[1].1 = "30 6 * * 1-5".into();
    let (status, _) = send(as_refs(&form, &csrf)).await;
    assert_eq!(status, 303);
    let schedule = store::all(&db).expect("all").pop().expect("created");
    assert_eq!(schedule.cron, "30 6 * * 1-5");
    let (_, _, page) = get(&base, "/schedules", &admin_cookie).await;
    assert!(
        page.contains("06:30") && page.contains("Интернаты"),
        "{page}"
    );
    assert!(page.contains("••••cret (28 симв.)"), "{page}");
    assert!(!page.contains(secret), "the secret is masked");

    // Auditors see the page but may not change anything.
    let auditor_cookie = workspace::session_cookie(&db, auditor);
    let (status, _, page) = get(&base, "/schedules", &auditor_cookie).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Новое расписание") && page.contains("30 6 * * 1-5"));
    let auditor_csrf = csrf_of(&page);
    for action in ["delete", "disable", "test-alert"] {
        let path = format!("/schedules/{}/{action}", schedule.id);
        let (status, _) = post(&base, &path, &auditor_cookie, &[("csrf", &auditor_csrf)]).await;
        assert_eq!(status, 403, "{action}");
    }
    let (status, _) = post(
        &base,
        "/schedules",
        &auditor_cookie,
        &[("csrf", &auditor_csrf)],
    )
    .await;
    assert_eq!(status, 403);

    // A test alert to a loopback webhook: refused by the public-only guard, logged as failed.
    let path = format!("/schedules/{}/test-alert", schedule.id);
    let (status, _) = post(&base, &path, &admin_cookie, &[]).await;
    assert_eq!(status, 403, "no CSRF token");
    let (status, _) = post(&base, &path, &admin_cookie, &[("csrf", &csrf)]).await;
    assert_eq!(status, 303);
    let began = Instant::now();
    let log = loop {
        let log = store::recent_alerts(&db, 5).expect("log");
        if log.len() == 2 {
            break log;
        }
        assert!(
            began.elapsed() < Duration::from_secs(30),
            "alerts not logged: {log:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let error_of = |channel: &str| {
        let line = log.iter().find(|a| a.channel == channel).expect(channel);
        assert_eq!((line.status.as_str(), line.sweep_id), ("failed", None));
        line.last_error.clone().unwrap_or_default()
    };
    let refused = error_of("webhook");
    assert!(
        refused.contains("127.0.0.1") && refused.contains("внутренней сети"),
        "{refused}"
    );
    let no_smtp = error_of("email");
    assert!(no_smtp.contains("SOCAUDIT_SMTP_HOST"), "{no_smtp}");
    let (_, _, page) = get(&base, "/schedules", &admin_cookie).await;
    assert!(
        page.contains("не доставлено") && page.contains("пробное"),
        "{page}"
    );

    // The server's loop fires a due schedule: one queued sweep of the list.
    db.execute(
        "UPDATE ws_schedules SET next_due_ms = 0 WHERE id = $1",
        vals![schedule.id],
    )
    .expect("make due");
    let began = Instant::now();
    while sweeps_of(&db, schedule.id).is_empty() {
        assert!(
            began.elapsed() < Duration::from_secs(30),
            "the loop never fired"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sweeps_of(&db, schedule.id)[0].1, "queued");

    for (action, check) in [("disable", false), ("enable", true)] {
        let path = format!("/schedules/{}/{action}", schedule.id);
        let (status, _) = post(&base, &path, &admin_cookie, &[("csrf", &csrf)]).await;
        assert_eq!(status, 303, "{action}");
        assert_eq!(
            store::get(&db, schedule.id)
                .expect("get")
                .expect("row")
                .enabled,
            check
        );
    }
    let path = format!("/schedules/{}/delete", schedule.id);
    let (status, _) = post(&base, &path, &admin_cookie, &[("csrf", &csrf)]).await;
    assert_eq!(status, 303);
    assert!(store::all(&db).expect("all").is_empty());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_without_the_scheduler_fires_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = workspace::db(dir.path());
    let admin = workspace::add_user(&db, "admin", Role::Admin);
    let list = add_list(&db, admin);
    let id =
        store::create(&db, &new_schedule(list, "@hourly"), None, &Zone::utc(), 0).expect("create");
    db.execute(
        "UPDATE ws_schedules SET next_due_ms = 0 WHERE id = $1",
        vals![id],
    )
    .expect("make due");
    let mut config = serve::config(dir.path(), false);
    config.schedules.run_loops = false;
    config.schedules.tick = Duration::from_millis(20);
    let (server, base) = serve::serve(config).await;
    // A page load is a full round trip through the server: long enough for several ticks.
    for _ in 0..10 {
        let _ = serve::get_text(&base, "/healthz").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.shutdown().await;
    assert!(sweeps_of(&db, id).is_empty());
}
