//! Re-runs revalidate instead of downloading again: a fixture site crawled twice with one cache
//! through the real HTTP fetcher, politeness and audit (the server counts its 304s), and the
//! HTTP fetcher's conditional requests against the fixture server. The wrapper's rules against a
//! scripted fake are in `revalidate/wrapper.rs`.

mod common;
#[path = "revalidate/wrapper.rs"]
mod wrapper;

use common::fixture_dir;
use socaudit::audit::audit_site;
use socaudit::crawl::{CrawlConfig, Progress};
use socaudit::fetch::cache::MemoryCache;
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fetch::revalidate::{RevalidatingFetcher, Validators};
use socaudit::fetch::{Body, Fetcher, RequestKind};
use socaudit::fixture_server::{serve, RecordedRequest, RunningServer, Site};
use socaudit::politeness::{Politeness, PolitenessConfig};
use socaudit::report::SiteReport;
use socaudit::rules::RuleSet;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

// ---------------------------------------------------------------------------------------------
// Two crawls of a fixture site with one cache.

/// A realistic host name, resolved to the test server, so that the second server of a test
/// (with a changed page) has the same URLs and therefore the same cache keys.
const HOST: &str = "kcson.test";

fn compliant() -> Site {
    Site::from_dir(&fixture_dir("compliant")).expect("fixture")
}

fn http_to(server: &RunningServer) -> HttpFetcher {
    HttpFetcher::new(HttpConfig {
        resolve: vec![(HOST.into(), server.addr)],
        connect_timeout: Duration::from_secs(5),
        read_timeout: Duration::from_secs(10),
        ..HttpConfig::default()
    })
    .expect("http client")
}

/// Checks `http://kcson.test/` on `server` as `socaudit check` would, revalidating against
/// `cache`; returns the report and how many responses came from the cache.
async fn run(server: &RunningServer, cache: &Arc<MemoryCache>) -> (SiteReport, u64) {
    let fetcher = RevalidatingFetcher::new(http_to(server), Arc::clone(cache));
    // A fresh politeness object per run, as in two invocations of the tool.
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        backoff_base: Duration::from_millis(20),
        ..PolitenessConfig::default()
    });
    let rules = RuleSet::builtin();
    let start = Url::parse(&format!("http://{HOST}/")).expect("url");
    let quiet = |_: Progress<'_>| {};
    // One fetch at a time: with two, which pages are in flight when every requirement gets
    // decided depends on timing, and the runs would not ask for the same URLs.
    // A small reading budget: the first documents are downloaded whole (GET), the rest only
    // status-checked (HEAD), so both kinds of request are revalidated.
    let config = CrawlConfig {
        concurrency: 1,
        max_document_reads: 3,
        ..CrawlConfig::default()
    };
    let report = audit_site(&start, &rules, &fetcher, &politeness, &config, &quiet).await;
    (report, fetcher.revalidated())
}

/// Status and evidence per requirement; evidence sorted, since concurrent fetches may complete
/// in another order.
fn verdicts(report: &SiteReport) -> BTreeMap<String, (String, Vec<String>)> {
    report
        .requirements
        .iter()
        .map(|v| {
            let mut evidence: Vec<String> = v
                .evidence
                .iter()
                .map(|e| format!("{} {:?} {}", e.url, e.via, e.text))
                .collect();
            evidence.sort();
            let status = common::status_name(v.status).to_string();
            (v.id.0.clone(), (status, evidence))
        })
        .collect()
}

fn count(requests: &[RecordedRequest], status: u16) -> usize {
    requests.iter().filter(|r| r.status == status).count()
}

#[tokio::test]
async fn second_run_is_answered_304_with_identical_verdicts() {
    let cache = Arc::new(MemoryCache::default());
    let server = serve(compliant()).await.expect("serve");
    let (first, from_cache) = run(&server, &cache).await;
    assert_eq!(from_cache, 0);
    let first_requests = server.requests();
    assert!(first_requests.iter().all(|r| !r.conditional));
    assert!(count(&first_requests, 200) > 10, "{first_requests:#?}");

    let (second, from_cache) = run(&server, &cache).await;
    let second_requests = server.requests().split_off(first_requests.len());

    assert_eq!(verdicts(&second), verdicts(&first));
    assert_eq!(second.crawl.pages.len(), first.crawl.pages.len());
    // Every response the first run got whole (robots.txt, pages, HEAD-checked documents) is
    // now a bodiless 304, and the client served each of them from the cache.
    let whole = count(&first_requests, 200);
    assert_eq!(count(&second_requests, 304), whole, "{second_requests:#?}");
    assert_eq!(count(&second_requests, 200), 0, "{second_requests:#?}");
    assert!(second_requests
        .iter()
        .filter(|r| r.status == 304)
        .all(|r| r.conditional));
    assert_eq!(from_cache, whole as u64);
    assert!(second_requests
        .iter()
        .any(|r| r.method == "HEAD" && r.status == 304));
}

#[tokio::test]
async fn a_changed_page_is_downloaded_again_and_its_change_is_seen() {
    const PAGE: &str = "svedeniya/predpisaniya/index.html";
    const OLD: &str = "<h1>Предписания органов";
    const NEW: &str = "<h1>Обновлено: предписания органов";
    let cache = Arc::new(MemoryCache::default());
    let before = serve(compliant()).await.expect("serve");
    let (first, _) = run(&before, &cache).await;
    let first_requests = before.requests();

    let original = std::fs::read_to_string(fixture_dir("compliant").join(PAGE)).expect("page");
    assert!(
        original.contains(OLD),
        "the fixture page changed; update this test"
    );
    let changed = compliant().with_file(PAGE, original.replace(OLD, NEW).into_bytes());
    let after = serve(changed).await.expect("serve");
    let (second, from_cache) = run(&after, &cache).await;
    let second_requests = after.requests();

    let target = |r: &&RecordedRequest| r.target == "/svedeniya/predpisaniya/";
    let page = second_requests.iter().find(target).expect("page requested");
    assert!(page.conditional);
    assert_eq!(page.status, 200, "the changed page must be sent again");
    // The site has no sitemap: the 404 for /sitemap.xml has nothing to revalidate.
    let no_sitemap = |r: &&RecordedRequest| r.target == "/sitemap.xml" && r.status == 404;
    let others: Vec<&RecordedRequest> = second_requests
        .iter()
        .filter(|r| !target(r) && !no_sitemap(r))
        .collect();
    assert!(others.iter().all(|r| r.status == 304), "{others:#?}");
    assert_eq!(from_cache, others.len() as u64);
    assert_eq!(second_requests.len(), first_requests.len());

    let inspections = |report: &SiteReport| verdicts(report)["inspections"].clone();
    let (status, evidence) = inspections(&second);
    assert_eq!(status, "pass");
    assert!(
        evidence
            .iter()
            .any(|e| e.contains("Обновлено: предписания")),
        "{evidence:#?}"
    );
    assert!(!inspections(&first)
        .1
        .iter()
        .any(|e| e.contains("Обновлено")));
}

// ---------------------------------------------------------------------------------------------
// The HTTP fetcher's conditional requests against the fixture server.

const DATE: &str = socaudit::fixture_server::DEFAULT_LAST_MODIFIED;

#[tokio::test]
async fn http_fetcher_sends_validators_and_returns_304_bodiless() {
    let server = serve(compliant()).await.expect("serve");
    let http = http_to(&server);
    let page = Url::parse(&format!("http://{HOST}/faq/")).expect("url");
    let plain = http.fetch(&page, RequestKind::Page).await.expect("fetch");
    assert_eq!(plain.status, 200);
    assert_eq!(plain.last_modified.as_deref(), Some(DATE));
    let etag = plain.etag.clone().expect("an ETag");

    let by_tag = Validators {
        etag: Some(etag),
        last_modified: None,
    };
    let resp = http
        .fetch_with(&page, RequestKind::Page, &by_tag)
        .await
        .expect("fetch");
    assert_eq!((resp.status, &resp.body), (304, &Body::Empty));

    let by_date = |date: &str| Validators {
        etag: None,
        last_modified: Some(date.into()),
    };
    let resp = http
        .fetch_with(&page, RequestKind::Page, &by_date(DATE))
        .await
        .expect("fetch");
    assert_eq!(resp.status, 304);
    let older = "Sun, 14 Jan 2024 09:00:00 GMT";
    let resp = http
        .fetch_with(&page, RequestKind::Page, &by_date(older))
        .await
        .expect("fetch");
    assert_eq!(resp.status, 200);
    assert!(resp
        .text()
        .is_some_and(|t| t.contains("Часто задаваемые вопросы")));

    let stale = Validators {
        etag: Some("\"stale\"".into()),
        last_modified: None,
    };
    let resp = http
        .fetch_with(&page, RequestKind::Page, &stale)
        .await
        .expect("fetch");
    assert_eq!(resp.status, 200);

    // Documents: the conditional HEAD is answered 304 too.
    let pdf = Url::parse(&format!("http://{HOST}/upload/docs/ustav.pdf")).expect("url");
    let head = http
        .fetch(&pdf, RequestKind::Document)
        .await
        .expect("fetch");
    let validators = Validators {
        etag: head.etag.clone(),
        last_modified: None,
    };
    let resp = http
        .fetch_with(&pdf, RequestKind::Document, &validators)
        .await
        .expect("fetch");
    assert_eq!(resp.status, 304);

    let statuses: Vec<(String, bool, u16)> = server
        .requests()
        .into_iter()
        .map(|r| (r.method, r.conditional, r.status))
        .collect();
    let get = |c: bool, s: u16| ("GET".to_string(), c, s);
    let head = |c: bool, s: u16| ("HEAD".to_string(), c, s);
    assert_eq!(
        statuses,
        vec![
            get(false, 200),
            get(true, 304),
            get(true, 304),
            get(true, 200),
            get(true, 200),
            head(false, 200),
            head(true, 304)
        ]
    );
}

#[tokio::test]
async fn a_redeployed_site_answers_date_validators_with_200() {
    let old = serve(compliant()).await.expect("serve");
    let page = Url::parse(&format!("http://{HOST}/faq/")).expect("url");
    let first = http_to(&old)
        .fetch(&page, RequestKind::Page)
        .await
        .expect("fetch");
    let later = httpdate::parse_http_date(DATE).expect("date") + Duration::from_secs(86_400);
    let new = serve(compliant().with_last_modified(later))
        .await
        .expect("serve");
    let by_date = Validators {
        etag: None,
        last_modified: first.last_modified,
    };
    let resp = http_to(&new)
        .fetch_with(&page, RequestKind::Page, &by_date)
        .await
        .expect("fetch");
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.last_modified.as_deref(),
        Some("Tue, 16 Jan 2024 09:00:00 GMT")
    );
}
