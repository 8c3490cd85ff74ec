//! Per-host politeness in one object: robots.txt (cached, with Crawl-delay), a delay between
//! requests to a host, a cap on concurrent requests per host, and retries with backoff on
//! 429/5xx/resets honouring Retry-After.
//!
//! The queue is not here: callers decide *what* to fetch; this object only decides *when*. The
//! rate limit is a per-host "next allowed start" instant plus a semaphore, so waiting for a slot
//! never blocks a queue or another host.

use crate::fetch::{Body, FetchError, Fetcher, RequestKind, Response};
use crate::robots;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;
use tokio::sync::{Mutex, OnceCell, Semaphore};
use tokio::time::Instant;
use url::Url;

/// Settings for [`Politeness`].
#[derive(Debug, Clone)]
pub struct PolitenessConfig {
    /// User agent used to pick the robots.txt group (the product token before `/`).
    pub user_agent: String,
    /// Minimum delay between two requests to the same host (robots Crawl-delay raises it).
    pub delay: Duration,
    /// Maximum requests in flight per host.
    pub max_concurrent_per_host: usize,
    /// Obey robots.txt.
    pub respect_robots: bool,
    /// Retries after the first attempt on 429/5xx/transient errors.
    pub max_retries: u32,
    /// First backoff; doubles each retry.
    pub backoff_base: Duration,
    /// Longest Retry-After honoured; longer waits give up on the URL.
    pub max_retry_after: Duration,
    /// Longest wait for a host's robots.txt, retries included; past it the file is unavailable.
    pub robots_timeout: Duration,
}

impl Default for PolitenessConfig {
    fn default() -> Self {
        PolitenessConfig {
            user_agent: crate::default_user_agent(),
            delay: Duration::from_millis(500),
            max_concurrent_per_host: 2,
            respect_robots: true,
            max_retries: 2,
            backoff_base: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
            robots_timeout: Duration::from_secs(10),
        }
    }
}

/// What robots.txt says of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RobotsVerdict {
    /// Allowed (or robots.txt is missing / ignored).
    Allowed,
    /// Disallowed for our user agent.
    Disallowed,
    /// robots.txt answered 5xx/429, timed out or broke off: RFC 9309 says the host must not be
    /// crawled. The reason, one Russian sentence for the report.
    Unavailable(String),
}

/// A host's robots.txt as fetched once.
#[derive(Debug, Clone)]
enum RobotsFile {
    /// The rules.
    Rules(String),
    /// No file (4xx), or a host that cannot be reached at all (the pages will say so).
    AllowAll,
    /// Unavailable: the sentence for the report.
    Unavailable(String),
}

/// The state kept for one `host:port`.
struct HostState {
    /// Caps requests in flight to the host.
    slots: Semaphore,
    /// Earliest instant the next request to the host may start.
    next_start: Mutex<Instant>,
    /// Delay between request starts: the configured one, raised by Crawl-delay.
    delay: StdMutex<Duration>,
    /// robots.txt, fetched once.
    robots: OnceCell<RobotsFile>,
}

/// Shared by all fetches of one crawl.
pub struct Politeness {
    config: PolitenessConfig,
    hosts: StdMutex<HashMap<String, Arc<HostState>>>,
    sent: AtomicU64,
    notes: StdMutex<Vec<String>>,
}

impl Politeness {
    /// Creates the object; robots.txt files are fetched lazily, once per host.
    pub fn new(config: PolitenessConfig) -> Self {
        Politeness {
            config,
            hosts: StdMutex::new(HashMap::new()),
            sent: AtomicU64::new(0),
            notes: StdMutex::new(Vec::new()),
        }
    }

    /// Checks robots.txt for `url` (fetching and caching it for the host on first use).
    ///
    /// As RFC 9309 says: a robots.txt that answers 4xx allows everything; one that answers 5xx
    /// (or 429), times out after [`PolitenessConfig::robots_timeout`] or breaks off makes the host
    /// [`RobotsVerdict::Unavailable`]: it is not crawled, and the report says why (also in
    /// [`Politeness::robots_notes`]). A host that refuses connections altogether allows
    /// everything here, so that its pages report the site as unreachable.
    pub async fn robots<F: Fetcher>(&self, fetcher: &F, url: &Url) -> RobotsVerdict {
        if !self.config.respect_robots || !matches!(url.scheme(), "http" | "https") {
            return RobotsVerdict::Allowed;
        }
        let host = self.host(url);
        let file = host
            .robots
            .get_or_init(|| self.load_robots(fetcher, url, &host))
            .await;
        let token = robots::product_token(&self.config.user_agent);
        match file {
            RobotsFile::Rules(body) if !robots::is_allowed(body, token, url) => {
                RobotsVerdict::Disallowed
            }
            RobotsFile::Unavailable(reason) => RobotsVerdict::Unavailable(reason.clone()),
            _ => RobotsVerdict::Allowed,
        }
    }

    /// The `Sitemap:` lines of the robots.txt of `url`'s host (fetched on first use); empty when
    /// robots.txt is missing, unreadable or ignored.
    pub async fn robots_sitemaps<F: Fetcher>(&self, fetcher: &F, url: &Url) -> Vec<String> {
        if !self.config.respect_robots {
            return Vec::new();
        }
        self.robots(fetcher, url).await;
        match self.host(url).robots.get() {
            Some(RobotsFile::Rules(body)) => robots::sitemaps(body),
            _ => Vec::new(),
        }
    }

    /// Notes (in Russian, for reports) about robots.txt files that could not be read.
    pub fn robots_notes(&self) -> Vec<String> {
        lock(&self.notes).clone()
    }

    /// The current delay between request starts for the host of `url` (Crawl-delay included).
    pub fn host_delay(&self, url: &Url) -> Duration {
        *lock(&self.host(url).delay)
    }

    /// Fetches `url` when the host's turn comes, retrying with backoff. Returns the last response
    /// (which may be a 4xx/5xx) or the last error.
    pub async fn fetch<F: Fetcher>(
        &self,
        fetcher: &F,
        url: &Url,
        kind: RequestKind,
    ) -> Result<Response, FetchError> {
        let host = self.host(url);
        let mut retry = 0u32;
        loop {
            let result = self.attempt(fetcher, url, kind, &host).await;
            let Some(wait) = self.retry_wait(&result, retry) else {
                return result;
            };
            retry += 1;
            tracing::debug!(%url, retry, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// Number of requests actually sent so far (including retries and robots.txt).
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// One request, after waiting for a slot and for the host's next allowed start.
    async fn attempt<F: Fetcher>(
        &self,
        fetcher: &F,
        url: &Url,
        kind: RequestKind,
        host: &HostState,
    ) -> Result<Response, FetchError> {
        // The semaphore is never closed, so acquiring only fails if that invariant breaks; going
        // on without a permit is then safer than failing the crawl.
        let _permit = host.slots.acquire().await.ok();
        let start = {
            let mut next = host.next_start.lock().await;
            let now = Instant::now();
            let start = (*next).max(now);
            *next = start + *lock(&host.delay);
            start
        };
        if start > Instant::now() {
            tokio::time::sleep_until(start).await;
        }
        self.sent.fetch_add(1, Ordering::Relaxed);
        let result = fetcher.fetch(url, kind).await;
        if let Ok(resp) = &result {
            if matches!(resp.status, 429 | 503) {
                if let Some(after) = resp.retry_after {
                    let until = Instant::now() + after.min(self.config.max_retry_after);
                    let mut next = host.next_start.lock().await;
                    *next = (*next).max(until);
                }
            }
        }
        result
    }

    /// How long to wait before retry number `retry + 1`, or `None` to stop here.
    fn retry_wait(&self, result: &Result<Response, FetchError>, retry: u32) -> Option<Duration> {
        if retry >= self.config.max_retries {
            return None;
        }
        let backoff = self
            .config
            .backoff_base
            .saturating_mul(2u32.saturating_pow(retry));
        match result {
            Ok(resp) if matches!(resp.status, 429 | 500 | 502 | 503 | 504) => {
                match resp.retry_after {
                    Some(after) if after > self.config.max_retry_after => None,
                    Some(after) => Some(after),
                    None => Some(backoff),
                }
            }
            Ok(_) => None,
            Err(e) if e.is_transient() => Some(backoff),
            Err(_) => None,
        }
    }

    /// Fetches robots.txt for the host of `url` (redirects are followed by the fetcher).
    async fn load_robots<F: Fetcher>(
        &self,
        fetcher: &F,
        url: &Url,
        host: &HostState,
    ) -> RobotsFile {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let label = host_key(url);
        let fetch = self.fetch(fetcher, &robots_url, RequestKind::Robots);
        let detail = match tokio::time::timeout(self.config.robots_timeout, fetch).await {
            Ok(Ok(resp)) if resp.is_success() => {
                return RobotsFile::Rules(self.apply_crawl_delay(resp.body, host).await)
            }
            Ok(Ok(resp)) if resp.status == 429 || resp.status >= 500 => {
                format!("ответ сервера {}", resp.status)
            }
            Ok(Ok(_)) => return RobotsFile::AllowAll,
            // The host cannot be reached at all, or not by us: the start page meets the same
            // error and the site is reported unreachable with it.
            Ok(Err(FetchError::Connect { .. } | FetchError::NotPublic { .. })) => {
                return RobotsFile::AllowAll
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!(
                "нет ответа за {} с",
                self.config.robots_timeout.as_secs_f64().ceil()
            ),
        };
        let reason = unavailable_reason(&detail);
        self.note(format!("{label}: {reason}"));
        RobotsFile::Unavailable(reason)
    }

    /// The body as text, after raising the host's delay to its Crawl-delay.
    async fn apply_crawl_delay(&self, body: Body, host: &HostState) -> String {
        let body = robots_text(body);
        let token = robots::product_token(&self.config.user_agent);
        if let Some(crawl_delay) = robots::crawl_delay(&body, token) {
            let raised = {
                let mut delay = lock(&host.delay);
                *delay = (*delay).max(crawl_delay);
                *delay
            };
            // The robots.txt request itself counts: the next start is a delay after it.
            let mut next = host.next_start.lock().await;
            *next = (*next).max(Instant::now() + raised);
        }
        body
    }

    fn note(&self, note: String) {
        tracing::warn!("{note}");
        lock(&self.notes).push(note);
    }

    /// The state of the host of `url`, created on first use.
    fn host(&self, url: &Url) -> Arc<HostState> {
        let mut hosts = lock(&self.hosts);
        let state = hosts.entry(host_key(url)).or_insert_with(|| {
            Arc::new(HostState {
                slots: Semaphore::new(self.config.max_concurrent_per_host.max(1)),
                next_start: Mutex::new(Instant::now()),
                delay: StdMutex::new(self.config.delay),
                robots: OnceCell::new(),
            })
        });
        Arc::clone(state)
    }
}

/// The sentence a report gives for a host not crawled because its robots.txt is unavailable.
pub fn unavailable_reason(detail: &str) -> String {
    format!("файл robots.txt недоступен ({detail}) — по правилам RFC 9309 сайт не обходится")
}

/// `host:port` (the port made explicit), or the scheme for URLs without a host.
fn host_key(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        _ => url.scheme().to_string(),
    }
}

fn robots_text(body: Body) -> String {
    match body {
        Body::Text(text) => text,
        Body::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Body::Empty => String::new(),
    }
}

/// Locks a std mutex; a panic elsewhere while holding it leaves plain data that is still usable.
fn lock<T>(m: &StdMutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
#[path = "politeness_tests.rs"]
mod tests;
