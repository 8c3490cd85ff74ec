//! Per-host politeness in one object: robots.txt (cached, with Crawl-delay), a delay between
//! requests to a host, a cap on concurrent requests per host, and retries with backoff on
//! 429/5xx/resets honouring Retry-After.

use crate::fetch::{FetchError, Fetcher, RequestKind, Response};
use std::time::Duration;
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

/// Shared by all fetches of one crawl.
pub struct Politeness {
    config: PolitenessConfig,
}

impl Politeness {
    /// Creates the object; robots.txt files are fetched lazily, once per host.
    pub fn new(config: PolitenessConfig) -> Self {
        Politeness { config }
    }

    /// Checks robots.txt for `url` (fetching and caching it for the host on first use).
    pub async fn robots<F: Fetcher>(&self, fetcher: &F, url: &Url) -> RobotsVerdict {
        let _ = (fetcher, url, &self.config);
        todo!("robots")
    }

    /// Fetches `url` when the host's turn comes, retrying with backoff. Returns the last response
    /// (which may be a 4xx/5xx) or the last error.
    pub async fn fetch<F: Fetcher>(
        &self,
        fetcher: &F,
        url: &Url,
        kind: RequestKind,
    ) -> Result<Response, FetchError> {
        let _ = (fetcher, url, kind);
        todo!("fetch")
    }

    /// Number of requests actually sent so far (including retries and robots.txt).
    pub fn requests_sent(&self) -> u64 {
        todo!("requests_sent")
    }
}
