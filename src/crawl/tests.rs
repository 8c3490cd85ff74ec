//! Crawl logic against an in-memory site: no sockets, deterministic.

use super::*;
use crate::fetch::Body;
use crate::model::{RequirementId, Severity, Status};
use crate::politeness::PolitenessConfig;
use crate::rules::{Matchers, Patterns, Rule, RuleSet};
use regex::Regex;
use std::collections::HashMap;
use std::sync::Mutex;

/// A site held in memory: path → (status, html).
struct MemorySite {
    pages: HashMap<String, (u16, String)>,
    log: Mutex<Vec<String>>,
}

impl MemorySite {
    fn new(pages: &[(&str, u16, &str)]) -> Self {
        let pages = pages
            .iter()
            .map(|(p, s, h)| (p.to_string(), (*s, h.to_string())))
            .collect();
        MemorySite {
            pages,
            log: Mutex::new(Vec::new()),
        }
    }
    fn fetched(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Fetcher for MemorySite {
    async fn fetch(&self, url: &Url, _kind: RequestKind) -> Result<Response, FetchError> {
        self.log.lock().unwrap().push(url.path().to_string());
        let (status, html) = self
            .pages
            .get(url.path())
            .cloned()
            .unwrap_or((404, String::new()));
        Ok(Response {
            requested: url.clone(),
            url: url.clone(),
            redirects: vec![],
            status,
            content_type: Some(
                if url.path().ends_with(".pdf") {
                    "application/pdf"
                } else {
                    "text/html"
                }
                .into(),
            ),
            content_length: None,
            last_modified: None,
            etag: None,
            retry_after: None,
            body: Body::Text(html),
            truncated: false,
            encoding: Some("utf-8".into()),
            revalidated: false,
            redirect_to: None,
            tls_problem: None,
        })
    }
}

fn rule(id: &str, link: &str) -> Rule {
    let re = |p: &str| Patterns::from(vec![Regex::new(&format!("(?i){p}")).unwrap()]);
    Rule {
        id: RequirementId(id.into()),
        title: id.into(),
        severity: Severity::Mandatory,
        basis: "b".into(),
        what: "w".into(),
        hint: "h".into(),
        fix: None,
        matchers: Matchers {
            link: re(link),
            heading: re(link),
            ..Matchers::default()
        },
        max_age_days: None,
        document_check: None,
    }
}

fn rules() -> RuleSet {
    RuleSet {
        id: "t".into(),
        title: "t".into(),
        version: "1".into(),
        source: "test".into(),
        sha256: String::new(),
        rule_digests: Default::default(),
        rules: vec![rule("tariffs", "тариф"), rule("charter", "устав")],
        index: Default::default(),
    }
}

fn page(title: &str, links: &[(&str, &str)], body: &str) -> String {
    let links: String = links
        .iter()
        .map(|(h, t)| format!("<a href=\"{h}\">{t}</a> "))
        .collect();
    format!("<html><head><title>{title}</title></head><body><nav>{links}</nav><main><h1>{title}</h1><p>{body}</p></main></body></html>")
}

async fn run(site: &MemorySite, prioritize: bool) -> (Vec<crate::report::Verdict>, CrawlRecords) {
    let rules = rules();
    let mut checker = Checker::new(&rules);
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        ..PolitenessConfig::default()
    });
    let config = CrawlConfig {
        prioritize,
        concurrency: 1,
        ..CrawlConfig::default()
    };
    let start = Url::parse("http://site.test/").unwrap();
    let rec = crawl(&start, site, &politeness, &mut checker, &config, &|_| {}).await;
    let ctx = crate::check::FinishContext {
        stopped: rec.stopped_because,
        pages_fetched: rec.pages_fetched,
        javascript_only: false,
        not_crawlable: None,
        dropped: None,
    };
    (checker.finish(&ctx), rec)
}

fn news_site() -> MemorySite {
    let filler = "Текст страницы о жизни центра, достаточно длинный, чтобы считаться содержанием.";
    let mut pages: Vec<(String, u16, String)> = (1..=10)
        .map(|i| {
            (
                format!("/news/{i}"),
                200,
                page(&format!("Новость {i}"), &[], filler),
            )
        })
        .collect();
    let mut nav: Vec<(String, String)> = (1..=10)
        .map(|i| (format!("/news/{i}"), format!("Новость {i}")))
        .collect();
    nav.push(("/tarify".into(), "Тарифы на социальные услуги".into()));
    nav.push(("/docs/ustav.pdf".into(), "Устав учреждения".into()));
    let nav_refs: Vec<(&str, &str)> = nav.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    pages.push(("/".into(), 200, page("Главная", &nav_refs, filler)));
    pages.push((
        "/tarify".into(),
        200,
        page(
            "Тарифы",
            &[],
            "Тарифы утверждены приказом министерства от 01.01.2026 № 1.",
        ),
    ));
    pages.push(("/docs/ustav.pdf".into(), 200, String::new()));
    let refs: Vec<(&str, u16, &str)> = pages
        .iter()
        .map(|(p, s, h)| (p.as_str(), *s, h.as_str()))
        .collect();
    MemorySite::new(&refs)
}

#[tokio::test]
async fn prioritised_crawl_goes_straight_to_the_requirements_and_stops() {
    let site = news_site();
    let (verdicts, rec) = run(&site, true).await;
    assert!(
        verdicts.iter().all(|v| v.status == Status::Pass),
        "{verdicts:?}"
    );
    assert_eq!(rec.stopped_because, StopReason::AllDecided);
    let fetched = site.fetched();
    assert!(
        !fetched.iter().any(|p| p.starts_with("/news/")),
        "fetched news first: {fetched:?}"
    );
}

#[tokio::test]
async fn breadth_first_crawl_reads_the_news_too() {
    let site = news_site();
    let (verdicts, rec) = run(&site, false).await;
    assert!(verdicts.iter().all(|v| v.status == Status::Pass));
    assert!(rec.pages_fetched > 5, "{}", rec.pages_fetched);
}

#[tokio::test]
async fn dead_link_is_partial_and_missing_section_fails() {
    let filler = "Текст страницы о жизни центра, достаточно длинный, чтобы считаться содержанием.";
    let home = page("Главная", &[("/docs/ustav.pdf", "Устав")], filler);
    let site = MemorySite::new(&[("/", 200, &home)]);
    let (verdicts, rec) = run(&site, true).await;
    let by_id = |id: &str| verdicts.iter().find(|v| v.id.0 == id).unwrap();
    assert_eq!(by_id("charter").status, Status::Partial);
    assert!(by_id("charter").note.as_deref().unwrap().contains("404"));
    assert_eq!(
        by_id("charter").evidence[0].url,
        "http://site.test/docs/ustav.pdf"
    );
    assert_eq!(by_id("tariffs").status, Status::Fail);
    assert_eq!(rec.stopped_because, StopReason::FrontierExhausted);
}

#[tokio::test]
async fn empty_section_page_is_partial() {
    let filler = "Текст страницы о жизни центра, достаточно длинный, чтобы считаться содержанием.";
    let home = page("Главная", &[("/tarify", "Тарифы")], filler);
    let empty = page("Тарифы", &[], "");
    let site = MemorySite::new(&[("/", 200, &home), ("/tarify", 200, &empty)]);
    let (verdicts, _) = run(&site, true).await;
    let tariffs = verdicts.iter().find(|v| v.id.0 == "tariffs").unwrap();
    assert_eq!(tariffs.status, Status::Partial, "{tariffs:?}");
}

#[tokio::test]
async fn sitemap_urls_do_not_jump_ahead_of_better_links() {
    let mut site = news_site();
    let listed: String = (1..=10)
        .map(|i| format!("<url><loc>http://site.test/news/{i}</loc></url>"))
        .collect();
    site.pages.insert(
        "/sitemap.xml".into(),
        (
            200,
            format!("<urlset>{listed}<url><loc>http://other.test/x</loc></url></urlset>"),
        ),
    );
    let (_, rec) = run(&site, true).await;
    assert_eq!(rec.stopped_because, StopReason::AllDecided);
    // Ten in-scope pages listed; the other host's URL is not counted.
    assert_eq!(rec.sitemap_urls, 10);
    let fetched = site.fetched();
    assert!(fetched.contains(&"/sitemap.xml".to_string()), "{fetched:?}");
    assert!(
        !fetched.iter().any(|p| p.starts_with("/news/")),
        "fetched sitemap news before the requirements: {fetched:?}"
    );
}
