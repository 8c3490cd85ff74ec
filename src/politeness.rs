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
mod tests {
    use super::*;
    use futures_util::future::join_all;
    use std::collections::VecDeque;
    use std::sync::atomic::AtomicUsize;

    type Outcome = Result<Response, FetchError>;

    /// In-memory fetcher: scripted outcomes per URL, call log, in-flight high-water mark.
    #[derive(Default)]
    struct Fake {
        script: StdMutex<HashMap<String, VecDeque<Outcome>>>,
        calls: StdMutex<Vec<(String, Instant)>>,
        in_flight: AtomicUsize,
        max_in_flight: AtomicUsize,
        latency: Duration,
    }

    impl Fake {
        fn with(script: &[(&str, Vec<Outcome>)]) -> Self {
            let map = script
                .iter()
                .map(|(u, o)| (u.to_string(), o.iter().cloned().collect()))
                .collect();
            Fake {
                script: StdMutex::new(map),
                ..Fake::default()
            }
        }

        fn calls_to(&self, url: &str) -> Vec<Instant> {
            let calls = lock(&self.calls);
            calls
                .iter()
                .filter(|(u, _)| u == url)
                .map(|(_, t)| *t)
                .collect()
        }
    }

    impl Fetcher for Fake {
        async fn fetch(&self, url: &Url, kind: RequestKind) -> Outcome {
            lock(&self.calls).push((url.to_string(), Instant::now()));
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_in_flight.fetch_max(now, Ordering::SeqCst);
            if !self.latency.is_zero() {
                tokio::time::sleep(self.latency).await;
            }
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            let next = lock(&self.script)
                .get_mut(url.as_str())
                .and_then(|q| q.pop_front());
            next.unwrap_or_else(|| match kind {
                RequestKind::Robots => Ok(resp(url.as_str(), 404)),
                _ => Ok(resp(url.as_str(), 200)),
            })
        }
    }

    fn u(s: &str) -> Url {
        Url::parse(s).expect("test URL")
    }

    fn resp(url: &str, status: u16) -> Response {
        Response {
            requested: u(url),
            url: u(url),
            redirects: Vec::new(),
            status,
            content_type: Some("text/html".into()),
            content_length: None,
            last_modified: None,
            etag: None,
            retry_after: None,
            body: Body::Empty,
            truncated: false,
            encoding: None,
            revalidated: false,
        }
    }

    fn retry_after(url: &str, status: u16, secs: u64) -> Outcome {
        Ok(Response {
            retry_after: Some(Duration::from_secs(secs)),
            ..resp(url, status)
        })
    }

    fn robots_txt(url: &str, body: &str) -> Outcome {
        Ok(Response {
            content_type: Some("text/plain".into()),
            body: Body::Text(body.into()),
            ..resp(url, 200)
        })
    }

    fn config() -> PolitenessConfig {
        PolitenessConfig {
            delay: Duration::ZERO,
            backoff_base: Duration::from_millis(100),
            ..PolitenessConfig::default()
        }
    }

    const PAGE: &str = "http://a.test/page";
    const ROBOTS: &str = "http://a.test/robots.txt";

    #[tokio::test(start_paused = true)]
    async fn retries_503_with_backoff_then_succeeds() {
        let fake = Fake::with(&[(
            PAGE,
            vec![
                Ok(resp(PAGE, 503)),
                Ok(resp(PAGE, 503)),
                Ok(resp(PAGE, 200)),
            ],
        )]);
        let p = Politeness::new(config());
        let t0 = Instant::now();
        let r = p
            .fetch(&fake, &u(PAGE), RequestKind::Page)
            .await
            .expect("response");
        assert_eq!(r.status, 200);
        assert_eq!(p.requests_sent(), 3);
        assert!(
            t0.elapsed() >= Duration::from_millis(300),
            "100 ms then 200 ms backoff"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_retries() {
        let fake = Fake::with(&[(
            PAGE,
            vec![
                Ok(resp(PAGE, 502)),
                Ok(resp(PAGE, 502)),
                Ok(resp(PAGE, 502)),
                Ok(resp(PAGE, 200)),
            ],
        )]);
        let p = Politeness::new(config());
        let r = p
            .fetch(&fake, &u(PAGE), RequestKind::Page)
            .await
            .expect("response");
        assert_eq!(r.status, 502);
        assert_eq!(p.requests_sent(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn transient_errors_are_retried_others_not() {
        let reset = FetchError::Reset {
            url: PAGE.into(),
            reason: "closed".into(),
        };
        let looped = FetchError::RedirectLoop { url: PAGE.into() };
        let fake = Fake::with(&[(
            PAGE,
            vec![Err(reset), Ok(resp(PAGE, 200)), Err(looped.clone())],
        )]);
        let p = Politeness::new(config());
        assert!(p.fetch(&fake, &u(PAGE), RequestKind::Page).await.is_ok());
        assert_eq!(
            p.fetch(&fake, &u(PAGE), RequestKind::Page).await.err(),
            Some(looped)
        );
        assert_eq!(p.requests_sent(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_honoured() {
        let fake = Fake::with(&[(PAGE, vec![retry_after(PAGE, 429, 7), Ok(resp(PAGE, 200))])]);
        let p = Politeness::new(config());
        let t0 = Instant::now();
        let r = p
            .fetch(&fake, &u(PAGE), RequestKind::Page)
            .await
            .expect("response");
        assert_eq!(r.status, 200);
        assert!(t0.elapsed() >= Duration::from_secs(7));
    }

    #[tokio::test(start_paused = true)]
    async fn too_long_retry_after_gives_up() {
        let fake = Fake::with(&[(
            PAGE,
            vec![retry_after(PAGE, 503, 3600), Ok(resp(PAGE, 200))],
        )]);
        let p = Politeness::new(config());
        let r = p
            .fetch(&fake, &u(PAGE), RequestKind::Page)
            .await
            .expect("response");
        assert_eq!(r.status, 503);
        assert_eq!(p.requests_sent(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_pushes_back_the_host() {
        let other = "http://a.test/other";
        let elsewhere = "http://b.test/page";
        let fake = Fake::with(&[(PAGE, vec![retry_after(PAGE, 429, 5)])]);
        let p = Politeness::new(PolitenessConfig {
            max_retries: 0,
            ..config()
        });
        let t0 = Instant::now();
        let r = p
            .fetch(&fake, &u(PAGE), RequestKind::Page)
            .await
            .expect("response");
        assert_eq!(r.status, 429);
        p.fetch(&fake, &u(elsewhere), RequestKind::Page)
            .await
            .expect("response");
        assert!(
            fake.calls_to(elsewhere)[0] - t0 < Duration::from_secs(1),
            "other hosts not delayed"
        );
        p.fetch(&fake, &u(other), RequestKind::Page)
            .await
            .expect("response");
        assert!(fake.calls_to(other)[0] - t0 >= Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn delay_is_between_request_starts() {
        let fake = Fake {
            latency: Duration::from_millis(10),
            ..Fake::default()
        };
        let p = Politeness::new(PolitenessConfig {
            delay: Duration::from_secs(1),
            ..config()
        });
        let urls: Vec<Url> = (0..3).map(|i| u(&format!("http://a.test/{i}"))).collect();
        join_all(
            urls.iter()
                .map(|url| p.fetch(&fake, url, RequestKind::Page)),
        )
        .await;
        let mut starts: Vec<Instant> = lock(&fake.calls).iter().map(|(_, t)| *t).collect();
        starts.sort();
        for pair in starts.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_secs(1));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn zero_delay_never_sleeps() {
        let fake = Fake::default();
        let p = Politeness::new(config());
        let t0 = Instant::now();
        for i in 0..5 {
            p.fetch(&fake, &u(&format!("http://a.test/{i}")), RequestKind::Page)
                .await
                .expect("response");
        }
        assert_eq!(t0.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrency_cap_is_respected() {
        let fake = Fake {
            latency: Duration::from_millis(100),
            ..Fake::default()
        };
        let p = Politeness::new(PolitenessConfig {
            max_concurrent_per_host: 2,
            ..config()
        });
        let urls: Vec<Url> = (0..6).map(|i| u(&format!("http://a.test/{i}"))).collect();
        join_all(
            urls.iter()
                .map(|url| p.fetch(&fake, url, RequestKind::Page)),
        )
        .await;
        assert_eq!(fake.max_in_flight.load(Ordering::SeqCst), 2);
        assert_eq!(p.requests_sent(), 6);
    }

    #[tokio::test(start_paused = true)]
    async fn robots_disallows_our_agent_but_not_others() {
        let body = "User-agent: *\nAllow: /\n\nUser-agent: socaudit\nDisallow: /private/\n";
        let fake = Fake::with(&[(ROBOTS, vec![robots_txt(ROBOTS, body)])]);
        let p = Politeness::new(config());
        let private = u("http://a.test/private/x");
        assert_eq!(p.robots(&fake, &private).await, RobotsVerdict::Disallowed);
        assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
        assert_eq!(fake.calls_to(ROBOTS).len(), 1, "cached");

        let fake = Fake::with(&[(ROBOTS, vec![robots_txt(ROBOTS, body)])]);
        let other = Politeness::new(PolitenessConfig {
            user_agent: "otherbot/2.0".into(),
            ..config()
        });
        assert_eq!(other.robots(&fake, &private).await, RobotsVerdict::Allowed);
    }

    #[tokio::test(start_paused = true)]
    async fn crawl_delay_is_applied() {
        let body = "User-agent: *\nCrawl-delay: 2\nDisallow: /tmp/\n";
        let fake = Fake::with(&[(ROBOTS, vec![robots_txt(ROBOTS, body)])]);
        let p = Politeness::new(config());
        assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
        assert_eq!(p.host_delay(&u(PAGE)), Duration::from_secs(2));
        assert_eq!(p.host_delay(&u("http://b.test/")), Duration::ZERO);
        p.fetch(&fake, &u(PAGE), RequestKind::Page)
            .await
            .expect("response");
        p.fetch(&fake, &u(PAGE), RequestKind::Page)
            .await
            .expect("response");
        let calls = fake.calls_to(PAGE);
        assert!(calls[0] - fake.calls_to(ROBOTS)[0] >= Duration::from_secs(2));
        assert!(calls[1] - calls[0] >= Duration::from_secs(2));
        assert_eq!(p.requests_sent(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn robots_404_allows_and_is_fetched_once_for_concurrent_callers() {
        let fake = Fake {
            latency: Duration::from_millis(50),
            ..Fake::with(&[(ROBOTS, vec![Ok(resp(ROBOTS, 404))])])
        };
        let p = Politeness::new(config());
        let urls: Vec<Url> = (0..4).map(|i| u(&format!("http://a.test/{i}"))).collect();
        let verdicts = join_all(urls.iter().map(|url| p.robots(&fake, url))).await;
        assert!(verdicts.iter().all(|v| *v == RobotsVerdict::Allowed));
        assert_eq!(fake.calls_to(ROBOTS).len(), 1);
        assert!(p.robots_notes().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn robots_5xx_allows_with_a_note() {
        let fake = Fake::with(&[(ROBOTS, vec![Ok(resp(ROBOTS, 500)); 3])]);
        let p = Politeness::new(config());
        assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
        let notes = p.robots_notes();
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("a.test:80") && notes[0].contains("500"),
            "{notes:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn robots_ignored_when_not_respected() {
        let fake = Fake::with(&[(
            ROBOTS,
            vec![robots_txt(ROBOTS, "User-agent: *\nDisallow: /\n")],
        )]);
        let p = Politeness::new(PolitenessConfig {
            respect_robots: false,
            ..config()
        });
        assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
        assert!(fake.calls_to(ROBOTS).is_empty());
        assert_eq!(p.requests_sent(), 0);
    }
}
