//! The crawler's behaviour on whole sites: prioritised vs breadth-first, redirects to another
//! host, crawler traps, unreachable sites.

mod common;

use common::*;
use socaudit::crawl::CrawlConfig;
use socaudit::model::Status;
use socaudit::report::StopReason;

#[tokio::test]
async fn prioritised_crawl_fetches_fewer_pages_than_breadth_first() {
    let (prioritised, _s1) = check_fixture("compliant", &TestOptions::default()).await;
    let bfs_opts = TestOptions {
        crawl: CrawlConfig {
            prioritize: false,
            ..CrawlConfig::default()
        },
        ..TestOptions::default()
    };
    let (breadth_first, _s2) = check_fixture("compliant", &bfs_opts).await;
    // Same verdicts either way…
    for (a, b) in prioritised
        .requirements
        .iter()
        .zip(&breadth_first.requirements)
    {
        assert_eq!(a.status, b.status, "{} differs between crawl orders", a.id);
    }
    // …but the prioritised crawl needs fewer pages.
    assert!(
        prioritised.crawl.pages_fetched < breadth_first.crawl.pages_fetched,
        "prioritised {} pages, breadth-first {} pages",
        prioritised.crawl.pages_fetched,
        breadth_first.crawl.pages_fetched
    );
}

#[tokio::test]
async fn crawler_trap_ends_and_is_counted() {
    let opts = TestOptions {
        crawl: CrawlConfig {
            max_pages: 500,
            ..CrawlConfig::default()
        },
        ..TestOptions::default()
    };
    let (report, server) = check_fixture("trap", &opts).await;
    assert!(
        report.crawl.stopped_because != StopReason::PageBudget,
        "trap exhausted the page budget"
    );
    assert!(report.crawl.skipped.trap > 0, "trap guard never fired");
    assert!(
        server.hit_count() < 200,
        "{} requests to a trap site",
        server.hit_count()
    );
    if std::path::Path::new(&fixture_dir("trap").join("expected.toml")).exists() {
        assert_matches_expected(&report, "trap");
    }
}

#[tokio::test]
async fn page_budget_stops_the_crawl() {
    let opts = TestOptions {
        crawl: CrawlConfig {
            max_pages: 3,
            prioritize: false,
            ..CrawlConfig::default()
        },
        ..TestOptions::default()
    };
    let (report, _server) = check_fixture("compliant", &opts).await;
    assert_eq!(report.crawl.pages_fetched, 3);
    assert_eq!(report.crawl.stopped_because, StopReason::PageBudget);
    assert!(report.crawl.skipped.budget > 0);
}

#[tokio::test]
async fn unreachable_site_is_reported_not_failed() {
    // Bind a port, then free it: nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let report = check_url(
        &format!("http://127.0.0.1:{port}/"),
        &TestOptions::default(),
    )
    .await;
    assert!(!report.site.reachable);
    assert_eq!(report.crawl.stopped_because, StopReason::Unreachable);
    assert!(
        report
            .site
            .error
            .as_deref()
            .unwrap_or("")
            .contains("127.0.0.1"),
        "{:?}",
        report.site.error
    );
    assert!(report
        .requirements
        .iter()
        .all(|v| v.status == Status::Unknown));
}

#[tokio::test]
async fn start_url_redirecting_to_another_host_follows_the_site() {
    use socaudit::fixture_server::{serve_hosts, Site};
    let old = Site::from_dir(&fixture_dir("redirect/old")).unwrap();
    let new = Site::from_dir(&fixture_dir("redirect/new")).unwrap();
    let server = serve_hosts(vec![
        ("kcson.test".into(), old),
        ("kcson-new.test".into(), new),
    ])
    .await
    .unwrap();
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], server.port()));
    let opts = TestOptions {
        resolve: vec![
            ("kcson.test".into(), loopback),
            ("kcson-new.test".into(), loopback),
        ],
        ..TestOptions::default()
    };
    let report = check_url(&format!("http://kcson.test:{}/", server.port()), &opts).await;
    assert_eq!(
        report.site.final_url.as_deref(),
        Some(format!("http://kcson-new.test:{}/", server.port()).as_str())
    );
    assert!(
        report
            .site
            .hosts
            .iter()
            .any(|h| h.starts_with("kcson-new.test")),
        "{:?}",
        report.site.hosts
    );
    assert_matches_expected(&report, "redirect");
    assert_evidence_discipline(&report);
    // Pages of the new host were crawled, not just its front page.
    assert!(
        report
            .crawl
            .pages
            .iter()
            .filter(|p| p.url.contains("kcson-new.test"))
            .count()
            > 1,
        "{:?}",
        report.crawl.pages
    );
}

#[tokio::test]
async fn hostile_site_is_checked_and_its_payloads_are_kept_as_text() {
    let (report, _server) = check_fixture("hostile", &TestOptions::default()).await;
    assert_matches_expected(&report, "hostile");
    assert_evidence_discipline(&report);
    let html = socaudit::report::html::render(&report).expect("render");
    assert!(
        !html.contains("<script>window.__pwned"),
        "raw payload in report.html"
    );
    assert!(
        !html.contains("onerror=\"window.__pwned"),
        "raw attribute payload in report.html"
    );
    assert!(
        !html.contains("href=\"javascript:"),
        "javascript: link in report.html"
    );
}
