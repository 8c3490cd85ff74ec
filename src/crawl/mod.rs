//! The crawl loop: one coordinator owns the frontier, keeps a few fetches in flight, feeds what
//! comes back to the checker, and stops when every requirement is decided, the frontier and the
//! in-flight set are both empty, or a budget runs out.

pub mod frontier;
mod records;
#[cfg(test)]
mod tests;

pub use records::CrawlRecords;

use crate::check::{looks_javascript_only, page_emptiness, Checker, Emptiness, TargetState};
use crate::extract::{extract, Page};
use crate::fetch::{FetchError, Fetcher, RequestKind, Response};
use crate::politeness::{Politeness, RobotsVerdict};
use crate::report::StopReason;
use crate::urlnorm::{self, Scope};
use frontier::{Admission, Entry, Frontier};
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::time::{Duration, Instant};
use url::Url;

/// Budgets and switches of one crawl.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    /// Most HTML pages fetched.
    pub max_pages: usize,
    /// Most document status checks.
    pub max_documents: usize,
    /// Deepest link depth followed from the start page.
    pub max_depth: u32,
    /// Wall-time limit of the crawl.
    pub time_limit: Duration,
    /// Most URLs queued per path pattern (crawler-trap guard).
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
            max_depth: 8,
            time_limit: Duration::from_secs(600),
            max_urls_per_pattern: 40,
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

/// What a fetch task hands back to the coordinator.
enum Outcome {
    Robots,
    Fetched(Box<Result<Response, FetchError>>),
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
    let mut rec = CrawlRecords::new(start);
    let mut scope = Scope::new(start);
    let mut frontier = Frontier::new(config.max_depth, config.max_urls_per_pattern);
    frontier.offer(start.clone(), RequestKind::Page, 0, "", u32::MAX / 2);
    let mut in_flight = FuturesUnordered::new();
    let mut pages_started = 0usize;
    let mut documents_started = 0usize;
    let stop = loop {
        if rec.pages_fetched > 0 && checker.all_decided() {
            break StopReason::AllDecided;
        }
        if began.elapsed() > config.time_limit {
            break StopReason::TimeLimit;
        }
        while in_flight.len() < config.concurrency.max(1) {
            let budget_left = pages_started < config.max_pages;
            let Some(entry) = next_entry(&mut frontier, checker, config, budget_left) else {
                break;
            };
            match entry.kind {
                RequestKind::Document => {
                    if documents_started >= config.max_documents {
                        rec.skipped.budget += 1;
                        continue;
                    }
                    documents_started += 1;
                }
                _ => pages_started += 1,
            }
            in_flight.push(async move {
                if politeness.robots(fetcher, &entry.url).await == RobotsVerdict::Disallowed {
                    return (entry, Outcome::Robots);
                }
                let result = politeness.fetch(fetcher, &entry.url, entry.kind).await;
                (entry, Outcome::Fetched(Box::new(result)))
            });
        }
        let Some((entry, outcome)) = in_flight.next().await else {
            // Nothing in flight and nothing could be started: either nothing is left, or what is
            // left is over a budget.
            break if frontier.is_empty() {
                StopReason::FrontierExhausted
            } else {
                StopReason::PageBudget
            };
        };
        let is_start = entry.depth == 0 && rec.pages_fetched == 0 && rec.final_url.is_none();
        let outcome = match outcome {
            Outcome::Robots => None,
            Outcome::Fetched(result) => Some(*result),
        };
        match outcome {
            None => {
                rec.skipped.robots += 1;
                checker.observe_target(entry.url.as_str(), TargetState::Blocked);
                if is_start {
                    rec.not_crawlable = Some("файл robots.txt сайта запрещает его обход".into());
                }
            }
            Some(Err(err)) => {
                rec.record_error(entry.url.as_str(), None, &err.to_string());
                checker.observe_target(entry.url.as_str(), TargetState::Failed(err.to_string()));
                if is_start {
                    rec.unreachable = Some(err.to_string());
                }
            }
            Some(Ok(resp)) => {
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
                handle_response(
                    &entry,
                    resp,
                    &mut scope,
                    &mut frontier,
                    checker,
                    &mut rec,
                    config,
                );
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
    rec.skipped.budget += frontier.len();
    rec.stopped_because = stop;
    rec.hosts = scope.hosts();
    rec.duration = began.elapsed();
    rec
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
        let Some(entry) =
            frontier.pop(|e| priority(checker, config, &e.url, &e.link_text, e.depth, e.kind))
        else {
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

fn frontier_has_documents(frontier: &Frontier) -> bool {
    frontier.has_kind(RequestKind::Document)
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
    let doc_penalty = if kind == RequestKind::Document && wanted == 0 {
        0
    } else {
        1
    };
    (wanted + checker.link_priority(url, text) + hub_bonus(url, text) + 10u32.saturating_sub(depth))
        * doc_penalty
}

/// Section pages that usually list many required items («Сведения об организации», «Документы»).
fn hub_bonus(url: &Url, text: &str) -> u32 {
    const HUBS: &[&str] = &[
        "сведения",
        "об организации",
        "об учреждении",
        "о центре",
        "о нас",
        "документ",
        "информац",
        "деятельност",
        "svedeniya",
        "about",
        "docs",
        "dokument",
        "info",
        "o-nas",
        "o-centre",
        "deyatelnost",
    ];
    let hay = format!("{} {}", text.to_lowercase(), url.path().to_lowercase());
    if HUBS.iter().any(|h| hay.contains(h)) {
        50
    } else {
        0
    }
}

fn handle_response(
    entry: &Entry,
    resp: Response,
    scope: &mut Scope,
    frontier: &mut Frontier,
    checker: &mut Checker<'_>,
    rec: &mut CrawlRecords,
    config: &CrawlConfig,
) {
    let url = entry.url.as_str();
    let final_url = urlnorm::normalize(resp.url.clone()).unwrap_or_else(|| resp.url.clone());
    frontier.mark_seen(&final_url);
    let doc_kind = resp
        .content_type
        .as_deref()
        .and_then(urlnorm::document_kind_for_content_type);
    if entry.kind == RequestKind::Document || doc_kind.is_some() {
        rec.record_document_status(url, resp.status, doc_kind);
    }
    let state = target_state(&resp);
    if !resp.is_success() {
        rec.record_error(url, Some(resp.status), &format!("HTTP {}", resp.status));
    }
    let page = match (&state, resp.text()) {
        (TargetState::Ok, Some(text))
            if entry.kind == RequestKind::Page && doc_kind.is_none() && resp.is_html() =>
        {
            Some(extract(&resp.url, parse_prefix(text)))
        }
        _ => None,
    };
    let Some(mut page) = page else {
        checker.observe_target(url, state.clone());
        if final_url.as_str() != url {
            checker.observe_target(final_url.as_str(), state);
        }
        return;
    };
    page.url = final_url.to_string();
    if entry.depth == 0 && looks_javascript_only(&page) {
        rec.javascript_only = true;
    }
    let page_state = match page_emptiness(&page) {
        Emptiness::Content => TargetState::Ok,
        Emptiness::Empty(reason) => TargetState::Empty(reason),
        Emptiness::NotFound => TargetState::Broken(resp.status),
    };
    checker.observe_target(url, page_state.clone());
    if final_url.as_str() != url {
        checker.observe_target(final_url.as_str(), page_state);
    }
    if !scope.contains(&final_url) {
        // An internal link that redirected to another host (a document store): it answered, that is all.
        return;
    }
    checker.observe_page(&page, scope);
    rec.record_page(&page, resp.status, entry.depth);
    if entry.depth == 0 {
        follow_meta_refresh(&page, scope, frontier);
    }
    enqueue_links(&page, entry.depth, scope, frontier, checker, rec, config);
}

/// The part of a page worth parsing: the HTML parser slows down sharply on huge or deeply nested
/// documents, and no real section page needs more than a few megabytes.
fn parse_prefix(text: &str) -> &str {
    const MAX_PARSED_BYTES: usize = 4 * 1024 * 1024;
    if text.len() <= MAX_PARSED_BYTES {
        return text;
    }
    let mut end = MAX_PARSED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn target_state(resp: &Response) -> TargetState {
    match resp.status {
        200..=299 => TargetState::Ok,
        404 | 410 => TargetState::Broken(resp.status),
        401 | 403 => TargetState::Denied(resp.status),
        s => TargetState::Failed(format!("сервер ответил ошибкой HTTP {s}")),
    }
}

/// A start page that moved with `<meta http-equiv="refresh" content="0; url=…">` brings its new host into scope.
fn follow_meta_refresh(page: &Page, scope: &mut Scope, frontier: &mut Frontier) {
    let Ok(base) = Url::parse(&page.url) else {
        return;
    };
    for (name, content) in &page.meta {
        if !name.eq_ignore_ascii_case("refresh") {
            continue;
        }
        let lower = content.to_ascii_lowercase();
        let Some(pos) = lower.find("url=") else {
            continue;
        };
        let target = content[pos + 4..]
            .trim()
            .trim_matches(|c| c == '\'' || c == '"');
        if let Some(url) = urlnorm::resolve(&base, target) {
            scope.add(&url);
            frontier.offer(url, RequestKind::Page, 0, "", u32::MAX / 2);
        }
    }
}

fn enqueue_links(
    page: &Page,
    depth: u32,
    scope: &Scope,
    frontier: &mut Frontier,
    checker: &Checker<'_>,
    rec: &mut CrawlRecords,
    config: &CrawlConfig,
) {
    let Ok(base) = Url::parse(&page.url) else {
        return;
    };
    for link in &page.links {
        let Some(url) = urlnorm::resolve(&base, &link.href) else {
            continue;
        };
        if !scope.contains(&url) {
            rec.record_external(&url);
            if let Some(kind) = urlnorm::document_kind(&url) {
                rec.record_document(&url, &link.text, kind, &page.url);
            }
            continue;
        }
        let doc_kind = urlnorm::document_kind(&url);
        let asset = urlnorm::is_asset(&url);
        if doc_kind.is_some() || asset {
            // An image can stand in for a document («Материально-техническое оснащение.jpg»):
            // it is status-checked only when a requirement waits on it.
            let wanted = checker.wants(url.as_str());
            if doc_kind.is_some() || wanted {
                rec.record_document(&url, &link.text, doc_kind.unwrap_or("image"), &page.url);
            }
            if wanted && !frontier.is_seen(&url) {
                // Documents are leaves: the depth limit that guards against endless page chains
                // does not apply to them.
                let p = priority(
                    checker,
                    config,
                    &url,
                    &link.text,
                    depth,
                    RequestKind::Document,
                );
                frontier.offer(url, RequestKind::Document, depth, &link.text, p);
            }
            continue;
        }
        let p = priority(
            checker,
            config,
            &url,
            &link.text,
            depth + 1,
            RequestKind::Page,
        );
        match frontier.offer(url.clone(), RequestKind::Page, depth + 1, &link.text, p) {
            Admission::Trap => rec.skipped.trap += 1,
            Admission::TooDeep => rec.skipped.depth += 1,
            // The same page seen again through a more telling link moves up the queue.
            Admission::Seen => frontier.raise(&url, &link.text, p),
            Admission::Queued => {}
        }
    }
}
