//! What a crawl writes down as it goes: pages, documents, errors, skips, external links.

use crate::extract::Page;
use crate::report::{
    CrawlError, CrawlInfo, DocumentRecord, OffsiteRedirect, PageRecord, SkipCounts, StopReason,
};
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use url::Url;

/// Most errors and documents kept in a report (a broken site can produce thousands).
const MAX_RECORDS: usize = 1000;

/// The crawl's notebook, turned into [`CrawlInfo`] at the end.
#[derive(Debug, Clone)]
pub struct CrawlRecords {
    /// The start URL.
    pub start: Url,
    /// Where the start URL ended after redirects.
    pub final_url: Option<String>,
    /// Why the start page could not be fetched at all.
    pub unreachable: Option<String>,
    /// Why the site may not be crawled (robots.txt forbids the start page).
    pub not_crawlable: Option<String>,
    /// The start page is a JavaScript shell.
    pub javascript_only: bool,
    /// Pages fetched and parsed.
    pub pages_fetched: usize,
    /// Page records.
    pub pages: Vec<PageRecord>,
    /// Errors.
    pub errors: Vec<CrawlError>,
    /// Skip counters.
    pub skipped: SkipCounts,
    /// Why the crawl stopped.
    pub stopped_because: StopReason,
    /// Hosts in scope.
    pub hosts: Vec<String>,
    /// Wall time.
    pub duration: Duration,
    /// Requests sent.
    pub requests: u64,
    /// The first certificate problem met, in Russian.
    pub tls_problem: Option<String>,
    offsite_redirects: Vec<OffsiteRedirect>,
    start_moves: usize,
    /// In-scope URLs the sitemaps listed.
    pub sitemap_urls: usize,
    documents: Vec<DocumentRecord>,
    document_index: HashMap<String, usize>,
    external: HashSet<String>,
}

impl CrawlRecords {
    /// An empty notebook for a crawl of `start`.
    pub fn new(start: &Url) -> Self {
        CrawlRecords {
            start: start.clone(),
            final_url: None,
            unreachable: None,
            not_crawlable: None,
            javascript_only: false,
            pages_fetched: 0,
            pages: Vec::new(),
            errors: Vec::new(),
            skipped: SkipCounts::default(),
            stopped_because: StopReason::FrontierExhausted,
            hosts: Vec::new(),
            duration: Duration::ZERO,
            requests: 0,
            tls_problem: None,
            offsite_redirects: Vec::new(),
            start_moves: 0,
            sitemap_urls: 0,
            documents: Vec::new(),
            document_index: HashMap::new(),
            external: HashSet::new(),
        }
    }

    /// Notes a fetched page.
    pub fn record_page(&mut self, page: &Page, status: u16, depth: u32) {
        self.pages_fetched += 1;
        self.pages.push(PageRecord {
            url: page.url.clone(),
            status,
            title: crate::model::clip_text(&page.title, 200),
            depth,
        });
    }

    /// Notes a failed fetch.
    pub fn record_error(&mut self, url: &str, status: Option<u16>, error: &str) {
        if self.errors.len() < MAX_RECORDS {
            self.errors.push(CrawlError {
                url: url.to_string(),
                status,
                error: error.to_string(),
            });
        }
    }

    /// Notes a link to a document (once per URL; the first link text wins).
    pub fn record_document(&mut self, url: &Url, text: &str, kind: &str, found_on: &str) {
        let key = url.to_string();
        if self.document_index.contains_key(&key) || self.documents.len() >= MAX_RECORDS {
            return;
        }
        self.document_index
            .insert(key.clone(), self.documents.len());
        self.documents.push(DocumentRecord {
            url: key,
            text: crate::model::clip_text(text, 200),
            kind: kind.to_string(),
            status: None,
            found_on: found_on.to_string(),
            format: None,
            outcome: None,
            pages: None,
            last_modified: None,
        });
    }

    /// Notes the HTTP status of a document that was checked.
    pub fn record_document_status(
        &mut self,
        url: &str,
        status: u16,
        kind: Option<&str>,
        last_modified: Option<&str>,
    ) {
        match self.document_index.get(url) {
            Some(&i) => {
                self.documents[i].status = Some(status);
                self.documents[i].last_modified = last_modified.map(str::to_string);
            }
            None => {
                if let Ok(parsed) = Url::parse(url) {
                    let kind = kind
                        .or_else(|| crate::urlnorm::document_kind(&parsed))
                        .unwrap_or("file");
                    self.record_document(&parsed, "", kind, "");
                    if let Some(&i) = self.document_index.get(url) {
                        self.documents[i].status = Some(status);
                        self.documents[i].last_modified = last_modified.map(str::to_string);
                    }
                }
            }
        }
    }

    /// Notes what reading a document showed: its real format, the outcome, its pages.
    pub fn record_document_content(
        &mut self,
        url: &str,
        format: &str,
        outcome: &str,
        pages: Option<usize>,
    ) {
        if let Some(&i) = self.document_index.get(url) {
            let d = &mut self.documents[i];
            d.format = Some(format.to_string());
            d.outcome = Some(outcome.to_string());
            d.pages = pages;
        }
    }

    /// Notes an external link.
    pub fn record_external(&mut self, url: &Url) {
        if self.external.len() < 10_000 {
            self.external.insert(url.to_string());
        }
    }

    /// Notes a link of the site that redirected to `target` on another site (not followed).
    pub fn record_offsite_redirect(&mut self, url: &str, target: &Url) {
        self.record_external(target);
        let known = self.offsite_redirects.iter().any(|r| r.url == url);
        if !known && self.offsite_redirects.len() < MAX_RECORDS {
            self.offsite_redirects.push(OffsiteRedirect {
                url: url.to_string(),
                target: target.to_string(),
            });
        }
    }

    /// Counts a move of the start page to another host; returns the moves so far.
    pub fn note_start_move(&mut self) -> usize {
        self.start_moves += 1;
        self.start_moves
    }

    /// Notes that the certificate of `url`'s host did not verify (the first problem is kept).
    pub fn record_tls_problem(&mut self, url: &Url, problem: &str) {
        if self.tls_problem.is_none() {
            let host = url.host_str().unwrap_or("");
            self.tls_problem = Some(format!(
                "сертификат HTTPS сайта {host} не прошёл проверку: {problem}; браузер посетителя \
                 предупредит, что соединение небезопасно"
            ));
        }
    }

    /// The report section.
    pub fn into_info(self) -> CrawlInfo {
        CrawlInfo {
            pages_fetched: self.pages_fetched,
            requests: self.requests,
            revalidated: 0,
            stopped_because: self.stopped_because,
            duration_ms: self.duration.as_millis() as u64,
            pages: self.pages,
            documents: self.documents,
            errors: self.errors,
            skipped: self.skipped,
            external_links: self.external.len(),
            sitemap_urls: self.sitemap_urls,
            notes: Vec::new(),
            offsite_redirects: self.offsite_redirects,
            tls_problem: self.tls_problem,
            auth_used: false,
        }
    }
}
