//! Shared helpers of the integration tests: serve a fixture site on 127.0.0.1, check it with the
//! library, compare verdicts with the site's `expected.toml`.
#![allow(dead_code)]

use socaudit::audit::audit_site;
use socaudit::crawl::{CrawlConfig, Progress};
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fixture_server::{serve, RunningServer, Site};
use socaudit::model::Status;
use socaudit::politeness::{Politeness, PolitenessConfig};
use socaudit::report::{SiteReport, Verdict};
use socaudit::rules::RuleSet;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

/// `tests/fixtures/<name>`.
pub fn fixture_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `<real pages>/<rel>`: `SOCAUDIT_REALSITES`, else `../shared/realsites` (read in place, never
/// copied). Only the tests of the `realsites` feature use it; a missing folder fails them.
#[cfg(feature = "realsites")]
pub fn realsite(rel: &str) -> PathBuf {
    let root = std::env::var_os("SOCAUDIT_REALSITES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realsites"));
    assert!(
        root.is_dir(),
        "{} is missing (set SOCAUDIT_REALSITES)",
        root.display()
    );
    root.join(rel)
}

/// Serves `tests/fixtures/<name>` on 127.0.0.1.
pub async fn serve_fixture(name: &str) -> RunningServer {
    let site = Site::from_dir(&fixture_dir(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    serve(site)
        .await
        .unwrap_or_else(|e| panic!("serve {name}: {e}"))
}

/// Options for a test crawl: no delay, and the politeness of the real tool otherwise.
#[derive(Clone)]
pub struct TestOptions {
    pub crawl: CrawlConfig,
    pub respect_robots: bool,
    pub resolve: Vec<(String, SocketAddr)>,
    pub read_timeout: Duration,
}

impl Default for TestOptions {
    fn default() -> Self {
        TestOptions {
            crawl: CrawlConfig {
                concurrency: 2,
                ..CrawlConfig::default()
            },
            respect_robots: true,
            resolve: Vec::new(),
            read_timeout: Duration::from_secs(10),
        }
    }
}

/// The date the fixture sites' documents are judged against, so that their verdicts never rot.
pub const FIXTURE_TODAY: &str = "2026-11-23";

/// Checks the site at `start` with the built-in rules.
pub async fn check_url(start: &str, opts: &TestOptions) -> SiteReport {
    // Every test sets the same value, so concurrent setting is harmless.
    std::env::set_var(socaudit::audit::TODAY_ENV, FIXTURE_TODAY);
    let rules = RuleSet::builtin();
    let fetcher = HttpFetcher::new(HttpConfig {
        resolve: opts.resolve.clone(),
        read_timeout: opts.read_timeout,
        connect_timeout: Duration::from_secs(5),
        ..HttpConfig::default()
    })
    .expect("http client");
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        respect_robots: opts.respect_robots,
        backoff_base: Duration::from_millis(20),
        ..PolitenessConfig::default()
    });
    let start = Url::parse(start).expect("start url");
    let quiet = |_: Progress<'_>| {};
    audit_site(&start, &rules, &fetcher, &politeness, &opts.crawl, &quiet).await
}

/// Serves fixture `name` and checks it; returns the report and the server (for its hit log).
pub async fn check_fixture(name: &str, opts: &TestOptions) -> (SiteReport, RunningServer) {
    let server = serve_fixture(name).await;
    let report = check_url(&server.base_url(), opts).await;
    (report, server)
}

/// The verdicts a careful human auditor gives the fixture (`expected.toml` `[expected]`).
pub fn expected(name: &str) -> BTreeMap<String, String> {
    let path = fixture_dir(name).join("expected.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    value
        .get("expected")
        .and_then(|v| v.as_table())
        .unwrap_or_else(|| panic!("{}: no [expected] table", path.display()))
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect()
}

/// The verdict for `id`.
pub fn verdict<'a>(report: &'a SiteReport, id: &str) -> &'a Verdict {
    report
        .requirements
        .iter()
        .find(|v| v.id.0 == id)
        .unwrap_or_else(|| panic!("no verdict for {id}"))
}

pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

/// Asserts every expected status at once, listing all mismatches with their notes and evidence.
pub fn assert_matches_expected(report: &SiteReport, name: &str) {
    let expected = expected(name);
    assert!(!expected.is_empty(), "{name}: expected.toml lists nothing");
    let mut wrong = Vec::new();
    for (id, want) in &expected {
        let v = verdict(report, id);
        let got = status_name(v.status);
        if got != want {
            wrong.push(format!(
                "{id}: expected {want}, got {got} — note: {:?}; evidence: {:?}",
                v.note, v.evidence
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{name}: {} verdict(s) differ from expected.toml:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Every pass and partial carries evidence with a URL, a non-empty text of at most 200 chars.
pub fn assert_evidence_discipline(report: &SiteReport) {
    for v in &report.requirements {
        if matches!(v.status, Status::Pass | Status::Partial) {
            assert!(
                !v.evidence.is_empty(),
                "{} is {:?} without evidence",
                v.id,
                v.status
            );
        }
        for e in &v.evidence {
            assert!(
                e.url.starts_with("http")
                    || e.url.starts_with("mailto:")
                    || e.url.starts_with("tel:"),
                "{}: evidence url {}",
                v.id,
                e.url
            );
            assert!(!e.text.trim().is_empty(), "{}: empty evidence text", v.id);
            assert!(
                e.text.chars().count() <= 200,
                "{}: evidence text too long",
                v.id
            );
        }
        if v.status != Status::Pass {
            assert!(
                v.note.is_some(),
                "{} is {:?} without a note",
                v.id,
                v.status
            );
        }
    }
}

/// What a run of the binary printed: stdout, then stderr.
pub fn text(output: &std::process::Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Owned copies of command-line arguments.
pub fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}
