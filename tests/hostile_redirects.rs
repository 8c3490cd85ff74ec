//! Redirects as hostile sites use them: a link that redirects off the site must not reach the
//! other host (a canary counts), while the start page's own move and a moved site's old links
//! keep working, and a start page bouncing between hosts ends.

mod common;
#[path = "support/hostile_server.rs"]
mod hostile_server;

use axum::response::Redirect;
use axum::routing::get;
use axum::Router;
use common::*;
use hostile_server::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

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
