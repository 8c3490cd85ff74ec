//! The workspace's «history you can see», as an auditor uses it: a site checked once while it
//! published everything (`socaudit check`, site `kcson.test`) and swept later from a list after
//! it lost several sections (`socaudit sweep`, the same site spelled `www.kcson.test`), both into
//! the server's database; then the site's timeline with its chart, first-detected dates,
//! accepting and revoking a finding by two auditors, the diff page and a list's trend by region.

mod common;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/workspace.rs"]
mod workspace;

use assert_cmd::Command;
use serde_json::Value;
use socaudit::db::Db;
use socaudit::fixture_server::{serve_hosts, RunningServer, Site};
use socaudit::history::History;
use socaudit::vals;
use socaudit::workspace::auth::Role;
use std::path::Path;

/// The institution's name in the sweep's list: a hostile string every page must escape.
const NAME: &str = "ПНИ <script>alert(1)</script> «Заречье»";
/// Its region, with markup the chart legend must escape.
const REGION: &str = "Самарская область & <Тест>";

fn fixture(name: &str) -> Site {
    Site::from_dir(&common::fixture_dir(name)).expect("fixture")
}

async fn socaudit(today: &str, args: Vec<String>) {
    let today = today.to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .expect("binary")
            .env("SOCAUDIT_TODAY", today)
            .args(&args)
            .output()
            .expect("run socaudit")
    })
    .await
    .expect("join");
    // 0: compliant, 1: findings; anything else is a failure of the run itself.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn percent(passed: &Value, total: &Value) -> i64 {
    let (p, t) = (passed.as_f64().expect("n"), total.as_f64().expect("n"));
    (100.0 * p / t).round() as i64
}

/// Two runs of the same site into the store `db` (outputs in `dir`); the two shares of
/// mandatory items met.
async fn two_runs(dir: &Path, db: &str, sites: &RunningServer) -> (i64, i64) {
    let port = sites.port();
    let db = db.to_string();
    let common = |out: &Path| {
        let mut args: Vec<String> = ["--delay", "0", "--quiet", "--db"]
            .map(String::from)
            .to_vec();
        args.extend([db.clone(), "--out".into(), out.display().to_string()]);
        for host in ["kcson.test", "www.kcson.test"] {
            args.extend(["--resolve".into(), format!("{host}:{port}:127.0.0.1")]);
        }
        args
    };
    let first = dir.join("first");
    let mut args = vec!["check".to_string(), format!("http://kcson.test:{port}/")];
    args.extend(common(&first));
    socaudit("2026-11-01", args).await;
    let list = dir.join("list.csv");
    std::fs::write(
        &list,
        format!(
            "Наименование,Регион,Сайт\n\"{NAME}\",\"{REGION}\",http://www.kcson.test:{port}/\n"
        ),
    )
    .expect("list");
    let second = dir.join("second");
    let mut args = vec!["sweep".to_string(), list.display().to_string()];
    args.extend(common(&second));
    socaudit("2026-11-20", args).await;
    let one = json(&first.join("report.json"));
    let two = &json(&second.join("summary.json"))["sites"][0];
    (
        percent(
            &one["summary"]["mandatory_passed"],
            &one["summary"]["mandatory_total"],
        ),
        percent(&two["mandatory_passed"], &two["mandatory_total"]),
    )
}

async fn get(base: &str, path: &str, cookie: Option<&str>) -> (u16, String, String) {
    let mut req = serve::client().get(format!("{base}{path}"));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = req.send().await.expect("get");
    workspace::answer(resp).await
}

async fn post(
    base: &str,
    path: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let resp = serve::client()
        .post(format!("{base}{path}"))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .expect("post");
    workspace::answer(resp).await
}

fn csrf(page: &str) -> String {
    workspace::csrf_field(page)
}

/// The table row of requirement `id` on the site page.
fn item_row<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<tr id=\"item-{id}\">"))
        .unwrap_or_else(|| panic!("no row {id}"));
    let rest = &page[start..];
    &rest[..rest.find("</tr>").expect("row end")]
}

fn accepted_rows(db: &Db) -> Vec<(String, String, i64, Option<i64>)> {
    db.query(
        "SELECT site, requirement_id, accepted_by, revoked_by FROM ws_accepted ORDER BY id",
        &[],
    )
    .expect("query")
    .iter()
    .map(|r| {
        (
            r.text(0).expect("site"),
            r.text(1).expect("id"),
            r.int(2).expect("by"),
            r.opt_int(3).expect("revoked"),
        )
    })
    .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sites_history_accepted_findings_diff_and_trend() {
    for store in workspace::stores() {
        eprintln!("store: {}", store.name);
        timeline_of(&store).await;
    }
}

async fn timeline_of(store: &workspace::StoreSpec) {
    let sites = serve_hosts(vec![
        ("kcson.test".into(), fixture("compliant")),
        ("www.kcson.test".into(), fixture("weak")),
    ])
    .await
    .expect("fixture server");
    let tmp = tempfile::tempdir().expect("temp dir");
    let (before, after) = two_runs(tmp.path(), &store.spec, &sites).await;
    assert!(
        after < before,
        "the weak site meets less: {before} → {after}"
    );
    let runs = History::open(Path::new(&store.spec))
        .expect("history")
        .runs()
        .expect("runs");
    let (run1, run2) = (runs[0].id, runs[1].id);

    let mut config = serve::config(tmp.path(), true);
    config.db = store.spec.clone();
    let (server, base) = serve::serve(config).await;
    let db = store.db();
    let anna_id = workspace::add_user(&db, "anna", Role::Auditor);
    let boris_id = workspace::add_user(&db, "boris", Role::Auditor);
    let anna = workspace::session_cookie(&db, anna_id);
    let boris = workspace::session_cookie(&db, boris_id);
    let port = sites.port();
    let site_path = format!("/site?url=http%3A%2F%2Fkcson.test%3A{port}%2F");

    // Logged out: every page of the part sends to the login.
    for path in [site_path.as_str(), "/diff", "/lists/1/trend"] {
        let (status, location, _) = get(&base, path, None).await;
        assert_eq!(status, 303, "{path}");
        assert!(location.starts_with("/login?next="), "{path}: {location}");
    }

    // The timeline: both runs, the chart's two points at the runs' shares.
    let (status, _, page) = get(&base, &site_path, Some(&anna)).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(&format!("href=\"/runs/{run1}\""))
            && page.contains(&format!("href=\"/runs/{run2}\""))
    );
    let svg = &page[page.find("<svg").expect("svg")..page.find("</svg>").expect("svg end")];
    assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
    assert!(svg.contains(&format!(": {before} %</title>")), "{svg}");
    assert!(svg.contains(&format!(": {after} %</title>")), "{svg}");
    assert!(svg.contains("<title id=") && svg.contains("<desc id="));
    assert!(
        !page.contains("style=") && !page.contains("<script"),
        "no inline style or script"
    );
    assert!(
        page.contains("ПНИ &lt;script&gt;alert(1)&lt;/script&gt; «Заречье»"),
        "name escaped"
    );
    assert!(
        page.contains(&format!("/diff?a={run1}&amp;b={run2}&amp;url=")),
        "сравнить с предыдущим"
    );
    // A failing item is dated by the run that first found it.
    let tariffs = item_row(&page, "tariffs");
    assert!(tariffs.contains("не выполнено с 20.11.2026"), "{tariffs}");
    assert!(tariffs.contains("action=\"/site/accept\""), "{tariffs}");
    assert!(
        !item_row(&page, "phone").contains("action=\"/site/accept\""),
        "a passing item has no form"
    );
    let token = csrf(&page);
    let site_url = format!("http://kcson.test:{port}/");

    // Refused forms store nothing.
    let good = |until: &'static str, reason: &'static str, req: &'static str| {
        vec![
            ("url", site_url.clone()),
            ("requirement", req.to_string()),
            ("reason", reason.to_string()),
            ("until", until.to_string()),
        ]
    };
    let as_pairs = |v: &Vec<(&'static str, String)>, token: Option<&str>| {
        let mut pairs: Vec<(&str, String)> = v.clone();
        if let Some(t) = token {
            pairs.push(("csrf", t.to_string()));
        }
        pairs
    };
    let send = |pairs: Vec<(&'static str, String)>, cookie: String| {
        let base = base.clone();
        async move {
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(&base, "/site/accept", &cookie, &refs).await
        }
    };
    let form = good(
        "2026-12-31",
        "Тарифы <b>утверждаются</b> министерством",
        "tariffs",
    );
    let (status, _, _) = send(as_pairs(&form, None), anna.clone()).await;
    assert_eq!(status, 403, "no CSRF token");
    let (status, _, _) = send(as_pairs(&form, Some("0123")), anna.clone()).await;
    assert_eq!(status, 403, "a wrong token");
    for (bad, says) in [
        (
            good("2020-01-01", "причина", "tariffs"),
            "Дата окончания уже прошла",
        ),
        (good("31.12.2026", "причина", "tariffs"), "ГГГГ-ММ-ДД"),
        (good("2030-01-01", "причина", "tariffs"), "два года"),
        (good("2026-12-31", "   ", "tariffs"), "Укажите причину"),
        (
            good("2026-12-31", "причина", "no-such-item"),
            "нет в правилах",
        ),
    ] {
        let (status, _, page) = send(as_pairs(&bad, Some(&token)), anna.clone()).await;
        assert_eq!(status, 422, "{says}");
        assert!(page.contains(says), "{says}: {page}");
    }
    let mut elsewhere = as_pairs(&form, Some(&token));
    elsewhere[0].1 = "http://nowhere.test/".into();
    let (status, _, _) = send(elsewhere, anna.clone()).await;
    assert_eq!(status, 404, "a site not in the history");
    assert!(accepted_rows(&db).is_empty());

    // Accepting: stored with the account, shown on the page.
    let (status, location, _) = send(as_pairs(&form, Some(&token)), anna.clone()).await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with("/site?url=") && location.ends_with("#accepted"),
        "{location}"
    );
    let www = format!("http://www.kcson.test:{port}/");
    assert_eq!(
        accepted_rows(&db),
        vec![(www.clone(), "tariffs".into(), anna_id, None)]
    );
    let live = socaudit::workspace::accepted::load(&db).expect("load");
    assert_eq!(live.entries.len(), 1);
    let (_, _, page) = get(&base, &site_path, Some(&anna)).await;
    let tariffs = item_row(&page, "tariffs");
    assert!(
        tariffs.contains("принято до 31.12.2026 (anna)"),
        "{tariffs}"
    );
    assert!(
        !tariffs.contains("action=\"/site/accept\""),
        "accepted: no second form"
    );
    assert!(page.contains("Тарифы &lt;b&gt;утверждаются&lt;/b&gt; министерством"));
    assert!(!page.contains("<b>утверждаются"));

    // Another auditor revokes it; the page says who.
    let id = db
        .query_opt("SELECT id FROM ws_accepted", &[])
        .expect("query")
        .expect("row")
        .int(0)
        .expect("id");
    let revoke = format!("/site/accepted/{id}/revoke");
    let (status, _, _) = post(&base, &revoke, &boris, &[]).await;
    assert_eq!(status, 403, "revoking needs the token too");
    let (_, _, boris_page) = get(&base, &site_path, Some(&boris)).await;
    let (status, _, _) = post(&base, &revoke, &boris, &[("csrf", &csrf(&boris_page))]).await;
    assert_eq!(status, 303);
    assert_eq!(accepted_rows(&db)[0].3, Some(boris_id));
    assert!(socaudit::workspace::accepted::load(&db)
        .expect("load")
        .entries
        .is_empty());
    let (_, _, page) = get(&base, &site_path, Some(&anna)).await;
    assert!(
        page.contains("<del>") && page.contains("снято: boris"),
        "{page}"
    );
    assert!(
        item_row(&page, "tariffs").contains("action=\"/site/accept\""),
        "can be accepted again"
    );

    // The diff of the two runs shows the regression.
    let (status, _, page) = get(&base, &format!("/diff?a={run1}&b={run2}"), Some(&anna)).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("ws-diff-regression") && page.contains("(tariffs)"),
        "{page}"
    );
    assert!(page.contains("Ухудшений:") && page.contains("<select name=\"a\">"));
    assert!(!page.contains("<script>alert"), "name escaped in the diff");
    let (status, _, page) = get(
        &base,
        &format!("/diff?a={run1}&b={run2}&url=http%3A%2F%2Fnowhere.test%2F"),
        Some(&anna),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Изменений нет."),
        "narrowed to another site: {page}"
    );
    let (status, _, page) = get(&base, &format!("/diff?a={run1}&b=999"), Some(&anna)).await;
    assert_eq!(status, 404);
    assert!(page.contains("Запуска № 999 нет"), "{page}");

    // The trend of a list whose two sweeps are the two runs.
    let list = db
        .query_opt(
            "INSERT INTO ws_lists (name, file_name, uploaded_by, uploaded_ms, site_count, sites_json)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            vals!["Самарские учреждения", "list.csv", anna_id, 1_i64, 1_i64, "[]"],
        )
        .expect("list")
        .expect("id")
        .int(0)
        .expect("id");
    for (n, run) in [run1, run2].into_iter().enumerate() {
        db.execute(
            "INSERT INTO ws_sweeps (list_id, status, created_ms, finished_ms, run_id)
             VALUES ($1, 'done', $2, $3, $4)",
            vals![list, n as i64, n as i64 + 1, run],
        )
        .expect("sweep");
    }
    let (status, _, page) = get(&base, &format!("/lists/{list}/trend"), Some(&anna)).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Самарская область &amp; &lt;Тест&gt;") && page.contains("Регион не указан"),
        "{page}"
    );
    assert!(!page.contains("<Тест>"), "region escaped, in the SVG too");
    assert!(page.contains(&format!("{after} %")) && page.contains(&format!("{before} %")));
    let svg = &page[page.find("<svg").expect("svg")..page.find("</svg>").expect("svg end")];
    assert_eq!(
        svg.matches("<circle").count(),
        2,
        "one point per region and run that has it"
    );
    let (status, _, _) = get(&base, "/lists/999/trend", Some(&anna)).await;
    assert_eq!(status, 404);

    server.shutdown().await;
}
