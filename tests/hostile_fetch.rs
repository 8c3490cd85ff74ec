//! Hostile sites against the fetch layer's hard bounds: a link that redirects off the site must
//! not reach the other host, credentials in a URL must end up in no output, `--public-only`
//! refuses internal addresses, and a page with a few stray bytes keeps its Russian text.

mod common;

use assert_cmd::Command;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use common::*;
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fetch::{FetchError, Fetcher, RequestKind};
use socaudit::fixture_server::{serve, Site};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use url::Url;

const PASSWORD: &str = "S3cretPassw0rd";
/// `user:S3cretPassw0rd` in Basic form.
const BASIC: &str = "Basic dXNlcjpTM2NyZXRQYXNzdzByZA==";

/// Serves `app` on `addr` (port 0 picks one); `None` when the address cannot be bound (no IPv6).
async fn spawn_on(addr: &str, app: Router) -> Option<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await.ok()?;
    let bound = listener.local_addr().ok()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Some(bound)
}

/// A server that counts every request it gets: no request may reach it.
async fn canary(addr: &str, hits: Arc<AtomicUsize>) -> Option<SocketAddr> {
    let app = Router::new().fallback(move || {
        let hits = hits.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            "canary"
        }
    });
    spawn_on(addr, app).await
}

fn html(body: String) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>КЦСОН</title></head>\
         <body>{body}</body></html>"
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

fn socaudit() -> Command {
    let mut cmd = Command::cargo_bin("socaudit").expect("binary built");
    cmd.env("SOCAUDIT_TODAY", FIXTURE_TODAY)
        .env_remove("SOCAUDIT_AUTH");
    cmd
}

/// Runs the binary with `args` (and `env`) in a blocking thread; returns (code, stdout, stderr).
async fn run(args: Vec<String>, env: Vec<(String, String)>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let output = socaudit()
            .args(&args)
            .envs(env)
            .output()
            .expect("run socaudit");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("join")
}

fn check_args(url: &str, out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["check", url, "--delay", "0", "--quiet", "--out"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn report_json(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("report.json")).expect("report.json");
    serde_json::from_str(&text).expect("json")
}

#[tokio::test(flavor = "multi_thread")]
async fn links_redirecting_off_the_site_reach_no_other_host() {
    let hits = Arc::new(AtomicUsize::new(0));
    let v4 = canary("127.0.0.1:0", hits.clone()).await.expect("canary");
    let v6 = canary("[::1]:0", hits.clone()).await;
    let mut targets = vec![
        format!("http://127.0.0.1:{}/stolen", v4.port()),
        format!("http://localhost:{}/stolen", v4.port()),
    ];
    if let Some(v6) = v6 {
        targets.push(format!("http://[::1]:{}/stolen", v6.port()));
    }
    let mut app = Router::new();
    let mut links = String::new();
    for (i, target) in targets.iter().enumerate() {
        let target = target.clone();
        app = app.route(
            &format!("/go{i}"),
            get(move || async move { Redirect::temporary(&target) }),
        );
        links.push_str(&format!("<a href=\"/go{i}\">Сведения {i}</a> "));
    }
    // A hop on the site first, then off it; and a scheme that is never followed.
    app = app
        .route("/chain", get(|| async { Redirect::temporary("/go0") }))
        .route(
            "/file",
            get(|| async { Redirect::temporary("file:///etc/passwd") }),
        );
    links.push_str("<a href=\"/chain\">Документы</a> <a href=\"/file\">Файл</a>");
    let home = links.clone();
    app = app.route("/", get(move || async move { html(home.clone()) }));
    let site = spawn_on("127.0.0.1:0", app).await.expect("site");

    let out = tempfile::tempdir().expect("tmp");
    let start = format!("http://127.0.0.1:{}/", site.port());
    let (code, _stdout, stderr) = run(check_args(&start, out.path(), &[]), vec![]).await;
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");

    assert_eq!(hits.load(Ordering::SeqCst), 0, "the canary was reached");
    let json = report_json(out.path());
    let redirects = json["crawl"]["offsite_redirects"].as_array().expect("list");
    let recorded: Vec<&str> = redirects
        .iter()
        .filter_map(|r| r["target"].as_str())
        .collect();
    for target in &targets {
        assert!(
            recorded.contains(&target.as_str()),
            "{target} not in {recorded:?}"
        );
    }
    let from_chain = redirects
        .iter()
        .any(|r| r["url"].as_str().is_some_and(|u| u.ends_with("/chain")));
    assert!(from_chain, "{redirects:?}");
    assert!(json["crawl"]["external_links"].as_u64().unwrap_or(0) >= targets.len() as u64);
    assert!(
        !recorded.iter().any(|t| t.starts_with("file:")),
        "{recorded:?}"
    );
}

/// A site behind Basic auth that answers only to the right credentials.
async fn protected_site(seen: Arc<AtomicUsize>) -> SocketAddr {
    let page = move |headers: HeaderMap| {
        let seen = seen.clone();
        async move {
            let auth = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok());
            if auth != Some(BASIC) {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            seen.fetch_add(1, Ordering::SeqCst);
            html("<h1>Сведения об организации</h1><a href=\"/kontakty/\">Контакты</a>".into())
        }
    };
    let app = Router::new()
        .route("/", get(page.clone()))
        .route("/kontakty/", get(page));
    spawn_on("127.0.0.1:0", app).await.expect("site")
}

/// Every byte of every file under `dir`, and the process output, must be free of the password.
fn assert_no_password(dir: &Path, outputs: &[&str]) {
    for text in outputs {
        assert!(
            !text.contains(PASSWORD),
            "password in process output: {text}"
        );
    }
    let mut files = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            let bytes = std::fs::read(&path).expect("read");
            let found = bytes
                .windows(PASSWORD.len())
                .any(|w| w == PASSWORD.as_bytes());
            assert!(!found, "password in {}", path.display());
        }
    }
    assert!(
        files >= 3,
        "expected report.json, report.html and history.sqlite"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_in_the_url_are_used_but_written_nowhere() {
    let seen = Arc::new(AtomicUsize::new(0));
    let site = protected_site(seen.clone()).await;
    let out = tempfile::tempdir().expect("tmp");
    let start = format!("http://user:{PASSWORD}@127.0.0.1:{}/", site.port());
    let (code, stdout, stderr) = run(check_args(&start, out.path(), &[]), vec![]).await;
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(
        seen.load(Ordering::SeqCst) >= 2,
        "the site never got the credentials"
    );
    assert!(out.path().join("history.sqlite").is_file());
    assert_no_password(out.path(), &[&stdout, &stderr]);
    let json = report_json(out.path());
    assert_eq!(json["crawl"]["auth_used"], true);
    assert_eq!(json["site"]["reachable"], true);
    let html = std::fs::read_to_string(out.path().join("report.html")).expect("html");
    assert!(html.contains("с логином и паролем"));
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_from_the_environment_are_written_nowhere() {
    let seen = Arc::new(AtomicUsize::new(0));
    let site = protected_site(seen.clone()).await;
    let out = tempfile::tempdir().expect("tmp");
    let start = format!("http://127.0.0.1:{}/", site.port());
    let env = vec![("SOCAUDIT_AUTH".to_string(), format!("user:{PASSWORD}"))];
    let args = check_args(&start, out.path(), &["--json"]);
    let (code, stdout, stderr) = run(args, env).await;
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(seen.load(Ordering::SeqCst) >= 1);
    assert!(stdout.contains("\"auth_used\": true") || stdout.contains("\"auth_used\":true"));
    assert_no_password(out.path(), &[&stdout, &stderr]);
}

fn public_only_fetcher(resolve: Vec<(String, SocketAddr)>) -> HttpFetcher {
    HttpFetcher::new(HttpConfig {
        public_only: true,
        resolve,
        ..HttpConfig::default()
    })
    .expect("client")
}

#[tokio::test(flavor = "multi_thread")]
async fn public_only_refuses_loopback_in_every_form() {
    let server = serve(Site::from_dir(&fixture_dir("compliant")).expect("fixture"))
        .await
        .expect("serve");
    let port = server.port();
    let pinned = vec![(
        "kcson.test".to_string(),
        "127.0.0.1:0".parse().expect("addr"),
    )];
    let fetcher = public_only_fetcher(pinned);
    for start in [
        format!("http://127.0.0.1:{port}/"),
        format!("http://kcson.test:{port}/"),
        format!("http://localhost:{port}/"),
        format!("http://2130706433:{port}/"),
    ] {
        let url = Url::parse(&start).expect("url");
        let err = fetcher
            .fetch(&url, RequestKind::Page)
            .await
            .expect_err("refused");
        assert!(
            matches!(err, FetchError::NotPublic { .. }),
            "{start}: {err:?}"
        );
        let text = err.to_string();
        assert!(text.contains("относится к внутренней сети"), "{text}");
        assert!(text.contains(&format!(":{port}/")), "names the URL: {text}");
    }
    assert!(server.hits().is_empty(), "{:?}", server.hits());

    // The same pin without the rule works, as tests and demos need.
    let open = HttpFetcher::new(HttpConfig {
        resolve: vec![(
            "kcson.test".to_string(),
            "127.0.0.1:0".parse().expect("addr"),
        )],
        ..HttpConfig::default()
    })
    .expect("client");
    let url = Url::parse(&format!("http://kcson.test:{port}/")).expect("url");
    assert!(open
        .fetch(&url, RequestKind::Page)
        .await
        .expect("open")
        .is_success());
}

#[tokio::test(flavor = "multi_thread")]
async fn public_only_check_says_why_the_site_was_not_checked() {
    let server = serve_fixture("compliant").await;
    let out = tempfile::tempdir().expect("tmp");
    let args = check_args(&server.base_url(), out.path(), &["--public-only"]);
    let (code, _stdout, stderr) = run(args, vec![]).await;
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains(
            "адрес 127.0.0.1 относится к внутренней сети; проверяются только общедоступные адреса"
        ),
        "{stderr}"
    );
    assert!(server.hits().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn stray_bytes_in_a_utf8_page_keep_its_text_and_verdicts() {
    let dir = fixture_dir("compliant");
    let clean = check_fixture("compliant", &TestOptions::default()).await.0;
    let mut index = std::fs::read(dir.join("index.html")).expect("index.html");
    // Two stray bytes in the body, as a pasted fragment leaves them.
    let at = find(&index, b"<body").expect("body") + 6;
    index.splice(at..at, [0xFF, 0xFE]);
    let site = Site::from_dir(&dir)
        .expect("fixture")
        .with_file("index.html", index);
    let server = serve(site).await.expect("serve");
    let report = check_url(&server.base_url(), &TestOptions::default()).await;
    let title = &report.crawl.pages[0].title;
    assert_eq!(title, &clean.crawl.pages[0].title);
    assert!(
        title
            .chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
        "{title}"
    );
    for (a, b) in report.requirements.iter().zip(&clean.requirements) {
        assert_eq!((&a.id, a.status), (&b.id, b.status), "{}", a.id.0);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_start_page_bouncing_between_hosts_is_a_redirect_loop() {
    // Two hosts whose start pages redirect to each other: the scope may move, but not forever.
    let b_port = Arc::new(std::sync::OnceLock::<u16>::new());
    let to_b = b_port.clone();
    let a_app = Router::new().route(
        "/",
        get(move || {
            let port = to_b.get().copied().unwrap_or(1);
            async move { Redirect::temporary(&format!("http://localhost:{port}/")) }
        }),
    );
    let a = spawn_on("127.0.0.1:0", a_app).await.expect("a");
    let a_url = format!("http://127.0.0.1:{}/", a.port());
    let back = a_url.clone();
    let b_app = Router::new().route("/", get(move || async move { Redirect::temporary(&back) }));
    let b = spawn_on("127.0.0.1:0", b_app).await.expect("b");
    b_port.set(b.port()).expect("once");
    let report = check_url(&a_url, &TestOptions::default()).await;
    assert!(!report.site.reachable);
    let error = report.site.error.clone().unwrap_or_default();
    assert!(error.contains("циклическое"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_that_moved_keeps_its_old_links_working() {
    // Old host A: the start page and old links redirect to the new host B. The start page's move
    // brings B into scope, so an old link leading to B is fetched, not recorded as off-site.
    let b_port = Arc::new(std::sync::OnceLock::<u16>::new());
    let (to_b_home, to_b_page) = (b_port.clone(), b_port.clone());
    let a_app = Router::new()
        .route(
            "/",
            get(move || {
                let port = to_b_home.get().copied().unwrap_or(1);
                async move { Redirect::permanent(&format!("http://localhost:{port}/")) }
            }),
        )
        .route(
            "/old-tarify",
            get(move || {
                let port = to_b_page.get().copied().unwrap_or(1);
                async move { Redirect::permanent(&format!("http://localhost:{port}/tarify/")) }
            }),
        );
    let a = spawn_on("127.0.0.1:0", a_app).await.expect("a");
    let a_url = format!("http://127.0.0.1:{}/", a.port());
    let new_page_hits = Arc::new(AtomicUsize::new(0));
    let counter = new_page_hits.clone();
    let old_link = format!("<a href=\"{a_url}old-tarify\">Тарифы на социальные услуги</a>");
    let b_app = Router::new()
        .route("/", get(move || async move { html(old_link.clone()) }))
        .route(
            "/tarify/",
            get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                async {
                    html("<h1>Тарифы на социальные услуги</h1>".into())
                }
            }),
        );
    let b = spawn_on("127.0.0.1:0", b_app).await.expect("b");
    b_port.set(b.port()).expect("once");
    let report = check_url(&a_url, &TestOptions::default()).await;
    assert!(report.site.reachable, "{:?}", report.site.error);
    assert_eq!(new_page_hits.load(Ordering::SeqCst), 1);
    assert!(
        report.crawl.offsite_redirects.is_empty(),
        "{:?}",
        report.crawl.offsite_redirects
    );
    assert!(report
        .crawl
        .pages
        .iter()
        .any(|p| p.url.ends_with("/tarify/")));
}
