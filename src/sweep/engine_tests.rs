//! The engine against a fetcher that runs out of descriptors: this computer's shortage is never
//! recorded as the site's failure.

use super::engine::*;
use super::journal::Journal;
use super::SweepSite;
use crate::crawl::CrawlConfig;
use crate::fetch::{Body, FetchError, Fetcher, RequestKind, Response};
use crate::politeness::{Politeness, PolitenessConfig};
use crate::rules::RuleSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Answers every request with EMFILE until `failures` requests have failed, then with a page.
struct Exhausted {
    failures: usize,
    calls: AtomicUsize,
}

impl Fetcher for Exhausted {
    async fn fetch(&self, url: &Url, _kind: RequestKind) -> Result<Response, FetchError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
            return Err(FetchError::LocalResource {
                url: url.to_string(),
                reason: "Too many open files (os error 24)".into(),
            });
        }
        Ok(Response {
            requested: url.clone(),
            url: url.clone(),
            redirects: vec![],
            status: 200,
            content_type: Some("text/html".into()),
            content_length: None,
            last_modified: None,
            etag: None,
            retry_after: None,
            body: Body::Text(
                "<html><head><title>КЦСОН</title></head><body>Сведения</body></html>".into(),
            ),
            truncated: false,
            encoding: Some("utf-8".into()),
            revalidated: false,
            redirect_to: None,
            tls_problem: None,
        })
    }
}

struct Quiet;

impl SweepProgress for Quiet {
    fn started(&self, _item: &SweepItem) {}
    fn page(&self) {}
    fn finished(&self, _row: &SweepSite) {}
}

async fn sweep(failures: usize, out: &std::path::Path) -> (Vec<SweepSite>, StopFlag) {
    let item = SweepItem {
        row: 2,
        url: Url::parse("http://kcson.test/").unwrap(),
        dir: "kcson.test".into(),
        name: None,
        region: None,
        inn: None,
        kind: None,
    };
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        respect_robots: false,
        max_retries: 0,
        ..PolitenessConfig::default()
    });
    let config = SweepConfig {
        concurrency: 4,
        crawl: CrawlConfig {
            max_pages: 1,
            max_documents: 0,
            ..CrawlConfig::default()
        },
        out: out.to_path_buf(),
        journal: Some(Arc::new(Journal::open(out).unwrap())),
        annotate: None,
    };
    let fetcher = Exhausted {
        failures,
        calls: AtomicUsize::new(0),
    };
    let stop = StopFlag::default();
    let rows = run_sweep(
        vec![item],
        Arc::new(RuleSet::builtin()),
        Arc::new(fetcher),
        Arc::new(politeness),
        &config,
        Arc::new(Quiet),
        stop.clone(),
    )
    .await;
    (rows, stop)
}

#[tokio::test]
async fn a_site_hit_by_a_passing_shortage_is_checked_again() {
    let out = tempfile::tempdir().unwrap();
    let (rows, stop) = sweep(1, out.path()).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].reachable, "{:?}", rows[0].error);
    assert!(stop.reason().is_none());
    assert_eq!(Journal::read(out.path()).unwrap().len(), 1);
}

#[tokio::test]
async fn a_lasting_shortage_stops_the_sweep_and_leaves_the_site_to_resume() {
    let out = tempfile::tempdir().unwrap();
    let (rows, stop) = sweep(usize::MAX, out.path()).await;
    assert!(rows.is_empty(), "never recorded as unreachable: {rows:?}");
    assert!(Journal::read(out.path()).unwrap().is_empty());
    let reason = stop.reason().expect("the sweep says why it stopped");
    assert!(reason.contains("--resume"), "{reason}");
    assert!(reason.contains("Too many open files"), "{reason}");
    assert!(!out.path().join("kcson.test").join("report.json").exists());
}
