//! Sites that attack the crawl, served on 127.0.0.1: a page of millions of nested elements, pages
//! and robots.txt files that send one byte a second forever, robots.txt answering 503 or never
//! answering. The check of such a site ends by its time limit, keeps what it decided, and says
//! why the rest is unknown; a sweep with such sites writes every row and every summary file.
//!
//! No timing is asserted: each test has an outer timeout far above what it needs (a hang guard
//! that turns "never ends" into a failure instead of a stuck test run).

mod common;

use assert_cmd::Command;
use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use common::*;
use socaudit::crawl::CrawlConfig;
use socaudit::model::Status;
use socaudit::report::SiteReport;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Far above any figure these tests need: only a guard against hanging forever.
const HANG_GUARD: Duration = Duration::from_secs(300);

const TIME_UP: &str = "время проверки сайта истекло";

/// What the hostile site's robots.txt does.
#[derive(Clone, Copy)]
enum Robots {
    Missing,
    Unavailable,
    Hangs,
    Drips,
}

/// A site whose start page is ordinary (or drips), with a nesting bomb and a dripping page linked.
#[derive(Clone, Copy)]
struct Hostile {
    robots: Robots,
    start_drips: bool,
}

const START: &str = "<html><head><title>ГБУ «КЦСОН Тестового района»</title></head><body>\
    <h1>КЦСОН Тестового района</h1><nav><a href=\"/kontakty/\">Контакты</a> \
    <a href=\"/bomb/\">Новости</a> <a href=\"/uchreditel/\">Учредитель</a></nav></body></html>";

const CONTACTS: &str = "<html><head><title>Контакты</title></head><body><main><h1>Контакты</h1>\
    <p>Телефон: +7 (812) 555-12-34</p></main></body></html>";

/// About 10 MiB: two million nested `<div>` around one paragraph.
fn nesting_bomb() -> String {
    let depth = 2_000_000;
    format!(
        "<html><body>{}<p>глубоко</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

fn html(body: impl Into<Body>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

/// A body that sends one byte a second, forever.
fn drip(content_type: &'static str) -> Response {
    let bytes = futures_util::stream::unfold((), |()| async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        Some((Ok::<_, std::io::Error>(Bytes::from_static(b" ")), ()))
    });
    (
        [(header::CONTENT_TYPE, content_type)],
        Body::from_stream(bytes),
    )
        .into_response()
}

async fn robots(mode: Robots) -> Response {
    match mode {
        Robots::Missing => (StatusCode::NOT_FOUND, "").into_response(),
        Robots::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "").into_response(),
        Robots::Hangs => std::future::pending().await,
        Robots::Drips => drip("text/plain"),
    }
}

async fn serve(site: Hostile) -> SocketAddr {
    let bomb = Arc::new(nesting_bomb());
    let router = Router::new()
        .route("/robots.txt", get(move || robots(site.robots)))
        .route(
            "/",
            get(move || async move {
                if site.start_drips {
                    drip("text/html")
                } else {
                    html(START)
                }
            }),
        )
        .route("/kontakty/", get(|| async { html(CONTACTS) }))
        .route(
            "/bomb/",
            get(move || {
                let bomb = bomb.clone();
                async move { html(bomb.as_str().to_owned()) }
            }),
        )
        .route("/uchreditel/", get(|| async { drip("text/html") }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

fn options(time_limit: u64) -> TestOptions {
    TestOptions {
        crawl: CrawlConfig {
            time_limit: Duration::from_secs(time_limit),
            ..TestOptions::default().crawl
        },
        ..TestOptions::default()
    }
}

async fn check(site: Hostile, time_limit: u64) -> SiteReport {
    let addr = serve(site).await;
    let (start, opts) = (format!("http://{addr}/"), options(time_limit));
    tokio::time::timeout(HANG_GUARD, check_url(&start, &opts))
        .await
        .expect("the check must end")
}

fn verdict<'a>(report: &'a SiteReport, id: &str) -> &'a socaudit::report::Verdict {
    report
        .requirements
        .iter()
        .find(|v| v.id.0 == id)
        .unwrap_or_else(|| panic!("no verdict for {id}"))
}

fn note(report: &SiteReport, id: &str) -> String {
    verdict(report, id).note.clone().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nesting_bomb_page_neither_stalls_nor_spoils_the_other_pages() {
    let site = Hostile {
        robots: Robots::Missing,
        start_drips: false,
    };
    let report = check(site, 120).await;
    assert!(
        report.crawl.pages.iter().any(|p| p.url.ends_with("/bomb/")),
        "{:?}",
        report.crawl.pages
    );
    assert_eq!(verdict(&report, "phone").status, Status::Pass);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dripping_linked_page_ends_at_the_limit_and_keeps_what_was_decided() {
    let site = Hostile {
        robots: Robots::Missing,
        start_drips: false,
    };
    // The limit leaves a loaded machine time for the pages that do answer; the dripping one never does.
    let report = check(site, 15).await;
    assert_eq!(verdict(&report, "phone").status, Status::Pass);
    let founder = verdict(&report, "founder");
    assert_eq!(founder.status, Status::Unknown);
    assert!(note(&report, "founder").contains(TIME_UP), "{founder:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dripping_start_page_or_robots_leaves_everything_unknown_by_the_limit() {
    for site in [
        Hostile {
            robots: Robots::Missing,
            start_drips: true,
        },
        Hostile {
            robots: Robots::Drips,
            start_drips: false,
        },
    ] {
        let report = check(site, 5).await;
        for v in &report.requirements {
            assert_eq!(v.status, Status::Unknown, "{v:?}");
            assert!(note(&report, &v.id.0).contains(TIME_UP), "{v:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_503_or_silent_means_the_site_is_not_crawled_and_the_report_says_why() {
    for (mode, detail) in [
        (Robots::Unavailable, "ответ сервера 503"),
        (Robots::Hangs, "нет ответа за 10 с"),
    ] {
        let report = check(
            Hostile {
                robots: mode,
                start_drips: false,
            },
            60,
        )
        .await;
        assert_eq!(report.crawl.pages_fetched, 0);
        let error = report.site.error.clone().unwrap_or_default();
        assert!(
            error.contains(detail) && error.contains("RFC 9309"),
            "{error}"
        );
        for v in &report.requirements {
            assert_eq!(v.status, Status::Unknown, "{v:?}");
            assert!(note(&report, &v.id.0).contains("robots.txt"), "{v:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_404_lets_the_site_be_crawled() {
    let site = Hostile {
        robots: Robots::Missing,
        start_drips: false,
    };
    let report = check(site, 15).await;
    assert!(report.crawl.pages_fetched >= 2, "{:?}", report.crawl.pages);
    assert!(report.site.error.is_none());
}

/// Runs the binary on a blocking thread (the servers live on this runtime).
async fn run_cli(args: Vec<String>) -> std::process::Output {
    let run = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .expect("binary")
            .args(&args)
            .env(socaudit::audit::TODAY_ENV, FIXTURE_TODAY)
            .timeout(HANG_GUARD)
            .output()
            .expect("run socaudit")
    });
    run.await.expect("join")
}

#[tokio::test(flavor = "multi_thread")]
async fn check_with_a_time_limit_ends_on_a_dripping_site() {
    let addr = serve(Hostile {
        robots: Robots::Missing,
        start_drips: true,
    })
    .await;
    let out = tempfile::tempdir().expect("temp dir");
    let output = run_cli(vec![
        "check".into(),
        format!("http://{addr}/"),
        "--time-limit".into(),
        "5".into(),
        "--no-history".into(),
        "--quiet".into(),
        "--out".into(),
        out.path().display().to_string(),
    ])
    .await;
    assert!(output.status.code().is_some(), "killed by the hang guard");
    let json = std::fs::read_to_string(out.path().join("report.json")).expect("report.json");
    assert!(json.contains(TIME_UP), "{json}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_with_hostile_sites_writes_every_row_and_every_summary_file() {
    let bomb = serve(Hostile {
        robots: Robots::Missing,
        start_drips: false,
    })
    .await;
    let drip = serve(Hostile {
        robots: Robots::Missing,
        start_drips: true,
    })
    .await;
    let silent_robots = serve(Hostile {
        robots: Robots::Hangs,
        start_drips: false,
    })
    .await;
    let weak = serve_fixture("weak").await;
    let good = serve_fixture("compliant").await;
    let dir = tempfile::tempdir().expect("temp dir");
    let urls = [
        format!("http://{bomb}/"),
        format!("http://{drip}/"),
        format!("http://{silent_robots}/"),
        weak.base_url(),
        good.base_url(),
    ];
    let list = dir.path().join("list.txt");
    std::fs::write(&list, urls.join("\n")).expect("list");
    let out = dir.path().join("out");
    let output = run_cli(vec![
        "sweep".into(),
        list.display().to_string(),
        "--time-limit".into(),
        "5".into(),
        "--delay".into(),
        "0".into(),
        "--no-history".into(),
        "--quiet".into(),
        "--out".into(),
        out.display().to_string(),
    ])
    .await;
    assert!(output.status.code().is_some(), "killed by the hang guard");
    for file in [
        "summary.csv",
        "summary.xlsx",
        "summary.json",
        "index.html",
        "junit.xml",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("summary.json parses");
    let sites = summary["sites"].as_array().expect("sites");
    assert_eq!(sites.len(), urls.len(), "{sites:?}");
    let drip_row = sites
        .iter()
        .find(|s| s["url"].as_str() == Some(urls[1].as_str()))
        .expect("the dripping site has its row");
    assert!(
        drip_row["error"]
            .as_str()
            .unwrap_or_default()
            .contains(TIME_UP),
        "{drip_row}"
    );
}
