//! The crawl loop: one coordinator owns the frontier, keeps a few fetches in flight, feeds what
//! comes back to the checker, and stops when every requirement is decided, the frontier and the
//! in-flight set are both empty, or a budget runs out.

pub mod frontier;
mod handle;
mod pages;
mod records;
pub mod sitemap;
#[cfg(test)]
mod tests;
pub mod trap_guard;
mod workers;

pub use records::CrawlRecords;

use crate::check::{Checker, TargetState};
use crate::documents::{self, DocLimits, DocumentText};
use crate::fetch::{FetchError, Fetcher, RequestKind, Response};
use crate::politeness::{Politeness, RobotsVerdict};
use crate::report::StopReason;
use crate::urlnorm::Scope;
use frontier::{Entry, Frontier};
use futures_util::stream::FuturesUnordered;
use handle::{handle_response, Answer};
use pages::{next_event, start_page_work, Arrivals, Event, PageContext};
use std::time::{Duration, Instant};
use url::Url;

/// Budgets and switches of one crawl.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    /// Most HTML pages fetched.
    pub max_pages: usize,
    /// Most document status checks.
    pub max_documents: usize,
    /// Most documents downloaded and read in full (the rest are only status-checked).
    pub max_document_reads: usize,
    /// Most bytes of documents downloaded and read in full, all documents together.
    pub max_document_bytes: u64,
    /// Deepest link depth followed from the start page.
    pub max_depth: u32,
    /// Wall-time limit of the crawl.
    pub time_limit: Duration,
    /// Most URLs queued per path pattern: the trap guard's last resort, generous because
    /// numeric URLs (`/docs/1234/`, `?ELEMENT_ID=55`) are normal; real traps are refused by their signs.
    pub max_urls_per_pattern: usize,
    /// Fetches in flight at once (the per-host cap in politeness still applies).
    pub concurrency: usize,
    /// Fetch links that match undecided requirements first and stop when all are decided.
    /// Off only for comparison (breadth-first).
    pub prioritize: bool,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            max_pages: 300,
            max_documents: 150,
            max_document_reads: 40,
            max_document_bytes: 64 * 1024 * 1024,
            max_depth: 8,
            time_limit: Duration::from_secs(600),
            max_urls_per_pattern: 500,
            concurrency: 2,
            prioritize: true,
        }
    }
}

/// A progress event for the terminal.
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    /// A page was fetched and parsed.
    Page {
        url: &'a str,
        pages: usize,
        undecided: usize,
    },
}

/// An answer with the document's text when it was read.
type Fetched = (Result<Response, FetchError>, Option<DocumentText>);

/// What a fetch task hands back to the coordinator.
enum Outcome {
    /// robots.txt disallows the URL.
    Robots,
    /// robots.txt could not be read, so (RFC 9309) the host is not crawled; the reason.
    RobotsUnavailable(String),
    /// The answer.
    Fetched(Box<Fetched>),
}

/// The runtime for the crawl of one site (`socaudit check`): on the calling thread, which then
/// runs the site's connections and the coordinator, while the pages are parsed and judged on the
/// page-work threads.
///
/// Why not tokio's threads: with one site there is one coordinator, and every answer read on a
/// worker thread woke the coordinator on another, and the page-work thread after it. On one
/// thread, a 2 000-page crawl of the `pages` bench took 0.185 ms of CPU a page outside the
/// page-work threads instead of 0.24 (medians of 4 alternating pairs), and less wall time. A
/// sweep keeps the worker threads: there the connections of hundreds of sites share them.
pub fn site_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// Crawls the site at `start`, showing everything to `checker`.
pub async fn crawl<F: Fetcher>(
    start: &Url,
    fetcher: &F,
    politeness: &Politeness,
    checker: &mut Checker<'_>,
    config: &CrawlConfig,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> CrawlRecords {
    let began = Instant::now();
    let deadline = tokio::time::Instant::now() + config.time_limit;
    let mut rec = CrawlRecords::new(start);
    let mut scope = Scope::new(start);
    let mut frontier = Frontier::new(config.max_depth, config.max_urls_per_pattern);
    frontier.offer(start.clone(), RequestKind::Page, 0, "", u32::MAX / 2);
    let mut in_flight = FuturesUnordered::new();
    let mut pages_started = 0usize;
    let mut documents_started = 0usize;
    let mut reads = ReadBudget::default();
    // Pages are parsed and examined on blocking threads; answers are handled in arrival order.
    let context = PageContext {
        rules: std::sync::Arc::new(checker.rules().shared_copy()),
        today: checker.today(),
        links: checker.link_memo(),
    };
    let mut arrivals = Arrivals::default();
    let stop = loop {
        if rec.pages_fetched > 0 && checker.all_decided() {
            break StopReason::AllDecided;
        }
        if began.elapsed() > config.time_limit {
            break StopReason::TimeLimit;
        }
        // An answer waiting to be handled holds its fetch's place: what is fetched next is chosen
        // after every earlier answer was taken in, as when each was handled on arrival.
        while in_flight.len() + arrivals.len() < config.concurrency.max(1) {
            let budget_left = pages_started < config.max_pages;
            let Some(mut entry) = next_entry(&mut frontier, checker, config, budget_left) else {
                break;
            };
            if entry.kind == RequestKind::DocumentContent && !reads.allows(config) {
                // Over the reading budget the file is still status-checked.
                entry.kind = RequestKind::Document;
            }
            if entry.kind == RequestKind::DocumentContent {
                reads.count += 1;
            }
            match entry.kind {
                RequestKind::Document | RequestKind::DocumentContent => {
                    if documents_started >= config.max_documents {
                        rec.skipped.budget += 1;
                        continue;
                    }
                    documents_started += 1;
                }
                _ => pages_started += 1,
            }
            in_flight.push(fetch_entry(entry, fetcher, politeness));
        }
        // The site's deadline bounds everything in flight: robots.txt, requests, retries,
        // documents and page work are dropped when it passes.
        let Ok(event) =
            tokio::time::timeout_at(deadline, next_event(&mut in_flight, &mut arrivals)).await
        else {
            break StopReason::TimeLimit;
        };
        let (entry, outcome, prepared) = match event {
            Event::Ready(entry, outcome, prepared) => (entry, outcome, prepared),
            Event::Fetched(entry, outcome) => {
                let work = start_page_work(&entry, &outcome, &scope, &context);
                arrivals.push((entry, outcome), work);
                continue;
            }
            // Nothing in flight and nothing could be started: either nothing is left, or what
            // is left is over a budget.
            Event::Idle => {
                break if frontier.is_empty() {
                    StopReason::FrontierExhausted
                } else {
                    StopReason::PageBudget
                };
            }
        };
        let is_start = entry.depth == 0 && rec.pages_fetched == 0 && rec.final_url.is_none();
        let fetched = match outcome {
            Outcome::Robots => {
                rec.skipped.robots += 1;
                checker.observe_target(entry.url.as_str(), TargetState::Blocked);
                if is_start {
                    rec.not_crawlable = Some("файл robots.txt сайта запрещает его обход".into());
                }
                None
            }
            Outcome::RobotsUnavailable(reason) => {
                rec.skipped.robots += 1;
                checker.observe_target(entry.url.as_str(), TargetState::Failed(reason.clone()));
                if is_start {
                    rec.not_crawlable = Some(reason);
                }
                None
            }
            Outcome::Fetched(fetched) => Some(*fetched),
        };
        if let (Some((Ok(resp), _)), RequestKind::DocumentContent) = (&fetched, entry.kind) {
            if let crate::fetch::Body::Bytes(bytes) = &resp.body {
                reads.bytes += bytes.len() as u64;
            }
        }
        match fetched {
            None => {}
            Some((Err(err), _)) => {
                rec.record_error(entry.url.as_str(), None, &err.to_string());
                checker.observe_target(entry.url.as_str(), TargetState::Failed(err.to_string()));
                if is_start {
                    rec.unreachable = Some(err.to_string());
                }
            }
            Some((Ok(resp), _)) if is_start && resp.redirect_to.is_some() => {
                handle::move_start(&resp, &mut scope, &mut frontier, &mut rec);
            }
            Some((Ok(resp), doc)) => {
                if is_start {
                    if !resp.is_success() {
                        rec.unreachable = Some(format!(
                            "сайт {} отвечает ошибкой HTTP {}",
                            entry.url, resp.status
                        ));
                    }
                    for hop in resp.redirects.iter().chain(std::iter::once(&resp.url)) {
                        scope.add(hop);
                    }
                    rec.final_url = Some(resp.url.to_string());
                }
                let seeds_sitemaps = is_start && resp.is_success();
                let site_url = resp.url.clone();
                handle_response(
                    &entry,
                    Answer {
                        resp,
                        doc,
                        page: prepared.map(|p| *p),
                    },
                    &mut scope,
                    &mut frontier,
                    checker,
                    &mut rec,
                    config,
                );
                if seeds_sitemaps {
                    let budget =
                        sitemap::MAX_TIME.min(config.time_limit.saturating_sub(began.elapsed()));
                    let discover = sitemap::discover(&site_url, fetcher, politeness, &scope);
                    let listed = tokio::time::timeout(budget, discover)
                        .await
                        .unwrap_or_default();
                    queue_sitemap_urls(listed, &mut frontier, checker, config, &mut rec);
                }
                if rec.pages_fetched > 0 {
                    if let Some(url) = rec.pages.last().map(|p| p.url.clone()) {
                        let undecided = checker.undecided().count();
                        progress(Progress::Page {
                            url: &url,
                            pages: rec.pages_fetched,
                            undecided,
                        });
                    }
                }
            }
        }
        if rec.unreachable.is_some() || rec.not_crawlable.is_some() {
            break if rec.unreachable.is_some() {
                StopReason::Unreachable
            } else {
                StopReason::FrontierExhausted
            };
        }
    };
    if stop == StopReason::TimeLimit && rec.final_url.is_none() && rec.not_crawlable.is_none() {
        // Not even the start page (or robots.txt) answered in time: nothing was decided.
        rec.not_crawlable = Some(format!(
            "{}: сайт не ответил за {} с",
            StopReason::TimeLimit.label_ru(),
            config.time_limit.as_secs()
        ));
    }
    rec.skipped.budget += frontier.len();
    rec.stopped_because = stop;
    rec.hosts = scope.hosts();
    rec.duration = began.elapsed();
    rec
}

/// Documents read in full so far, against `max_document_reads` and `max_document_bytes`.
#[derive(Default)]
struct ReadBudget {
    count: usize,
    bytes: u64,
}

impl ReadBudget {
    fn allows(&self, config: &CrawlConfig) -> bool {
        self.count < config.max_document_reads && self.bytes < config.max_document_bytes
    }
}

#[cfg(test)]
#[test]
fn reading_budget_counts_files_and_bytes() {
    let config = CrawlConfig {
        max_document_reads: 2,
        max_document_bytes: 1000,
        ..CrawlConfig::default()
    };
    let mut budget = ReadBudget::default();
    assert!(budget.allows(&config));
    budget.count = 2;
    assert!(!budget.allows(&config), "two files read: no third");
    budget = ReadBudget {
        count: 1,
        bytes: 1000,
    };
    assert!(!budget.allows(&config), "the bytes are spent");
}

/// One fetch task: robots.txt, the request with its retries, then the document's text, read off
/// the coordinator.
async fn fetch_entry<F: Fetcher>(
    entry: Entry,
    fetcher: &F,
    politeness: &Politeness,
) -> (Entry, Outcome) {
    match politeness.robots(fetcher, &entry.url).await {
        RobotsVerdict::Allowed => {}
        RobotsVerdict::Disallowed => return (entry, Outcome::Robots),
        RobotsVerdict::Unavailable(reason) => return (entry, Outcome::RobotsUnavailable(reason)),
    }
    let result = politeness.fetch(fetcher, &entry.url, entry.kind).await;
    let doc = match (&result, entry.kind) {
        (Ok(resp), RequestKind::DocumentContent) => read_document(&entry.url, resp).await,
        _ => None,
    };
    (entry, Outcome::Fetched(Box::new((result, doc))))
}

/// Reads a downloaded document on a blocking thread, under the size, depth and time guards.
async fn read_document(url: &Url, resp: &Response) -> Option<DocumentText> {
    let crate::fetch::Body::Bytes(bytes) = &resp.body else {
        return None;
    };
    if !resp.is_success() {
        return None;
    }
    let extension = url
        .path()
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    let limits = DocLimits::default();
    Some(
        documents::extract_text_async(bytes.clone(), extension, resp.content_type.clone(), limits)
            .await,
    )
}

/// The next entry to fetch: documents are fetched whatever the page budget, pages only while it lasts.
fn next_entry(
    frontier: &mut Frontier,
    checker: &Checker<'_>,
    config: &CrawlConfig,
    pages_left: bool,
) -> Option<Entry> {
    if !pages_left && !frontier_has_documents(frontier) {
        return None;
    }
    let mut parked = Vec::new();
    let found = loop {
        let Some(entry) = frontier.pop(|e| entry_priority(checker, config, e)) else {
            break None;
        };
        if entry.kind == RequestKind::Page && !pages_left {
            parked.push(entry);
            continue;
        }
        break Some(entry);
    };
    for e in parked {
        frontier.requeue(e);
    }
    found
}

/// A queued entry's priority now; sitemap entries rank below links of equal promise.
fn entry_priority(checker: &Checker<'_>, config: &CrawlConfig, e: &Entry) -> u32 {
    let p = priority(checker, config, &e.url, &e.link_text, e.depth, e.kind);
    match e.from_sitemap {
        true => p.saturating_sub(SITEMAP_PENALTY),
        false => p,
    }
}

/// How much lower a sitemap entry ranks than a link with the same URL at the same depth: as if
/// it were five links deeper.
const SITEMAP_PENALTY: u32 = 5;

/// Queues the pages the sitemaps list (depth 1, ranked by URL) and counts them.
fn queue_sitemap_urls(
    urls: Vec<Url>,
    frontier: &mut Frontier,
    checker: &Checker<'_>,
    config: &CrawlConfig,
    rec: &mut CrawlRecords,
) {
    rec.sitemap_urls += urls.len();
    for url in urls {
        let p = priority(checker, config, &url, "", 1, RequestKind::Page)
            .saturating_sub(SITEMAP_PENALTY);
        match frontier.offer_from_sitemap(url, p) {
            frontier::Admission::Trap(reason) => rec.skipped.add_trap(reason),
            frontier::Admission::TooDeep => rec.skipped.depth += 1,
            frontier::Admission::Queued | frontier::Admission::Seen => {}
        }
    }
}

fn frontier_has_documents(frontier: &Frontier) -> bool {
    frontier.has_kind(RequestKind::Document) || frontier.has_kind(RequestKind::DocumentContent)
}

/// Priority of a link: what it promises for undecided requirements, then shallowness.
fn priority(
    checker: &Checker<'_>,
    config: &CrawlConfig,
    url: &Url,
    text: &str,
    depth: u32,
    kind: RequestKind,
) -> u32 {
    if !config.prioritize {
        return 0;
    }
    let wanted = if checker.wants(url.as_str()) { 1000 } else { 0 };
    let is_document = matches!(kind, RequestKind::Document | RequestKind::DocumentContent);
    let doc_penalty = if is_document && wanted == 0 { 0 } else { 1 };
    (wanted + checker.link_priority(url, text) + 10u32.saturating_sub(depth)) * doc_penalty
}
