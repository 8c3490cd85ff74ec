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
        }
    }
}

/// What robots.txt says of a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RobotsVerdict {
    /// Allowed (or robots.txt is missing / ignored).
    Allowed,
    /// Disallowed for our user agent.
    Disallowed,
}

/// The state kept for one `host:port`.
struct HostState {
    /// Caps requests in flight to the host.
    slots: Semaphore,
    /// Earliest instant the next request to the host may start.
    next_start: Mutex<Instant>,
    /// Delay between request starts: the configured one, raised by Crawl-delay.
    delay: StdMutex<Duration>,
    /// robots.txt body, fetched once; `None` when everything is allowed.
    robots: OnceCell<Option<String>>,
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
    /// A robots.txt that answers 4xx allows everything, as the standard says. One that answers
    /// 5xx or cannot be fetched is also taken as allowing everything (Google would disallow the
    /// whole site instead): a broken robots.txt on a government site must not hide the site from
    /// an audit of what it is legally required to publish. Such cases are recorded in
    /// [`Politeness::robots_notes`] so that the report can say so.
    pub async fn robots<F: Fetcher>(&self, fetcher: &F, url: &Url) -> RobotsVerdict {
        if !self.config.respect_robots || !matches!(url.scheme(), "http" | "https") {
            return RobotsVerdict::Allowed;
        }
        let host = self.host(url);
        let body = host
            .robots
            .get_or_init(|| self.load_robots(fetcher, url, &host))
            .await;
        let token = robots::product_token(&self.config.user_agent);
        match body {
            Some(body) if !robots::is_allowed(body, token, url) => RobotsVerdict::Disallowed,
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
            Some(Some(body)) => robots::sitemaps(body),
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

    /// Fetches robots.txt for the host of `url`; `None` means everything is allowed.
    async fn load_robots<F: Fetcher>(
        &self,
        fetcher: &F,
        url: &Url,
        host: &HostState,
    ) -> Option<String> {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let label = host_key(url);
        match self.fetch(fetcher, &robots_url, RequestKind::Robots).await {
            Ok(resp) if resp.is_success() => {
                let body = robots_text(resp.body);
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
                Some(body)
            }
            Ok(resp) if resp.status == 429 || resp.status >= 500 => {
                self.note(format!(
                    "robots.txt сайта {label} недоступен (HTTP {}); сайт проверен без ограничений robots.txt",
                    resp.status
                ));
                None
            }
            Ok(_) => None,
            Err(e) => {
                self.note(format!(
                    "robots.txt сайта {label} не удалось получить ({e}); сайт проверен без ограничений robots.txt"
                ));
                None
            }
        }
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
