//! A fetcher wrapper that counts requests, so that one site's report counts its own requests even
//! when a sweep shares one politeness object (and one connection pool) across many sites.

use super::{FetchError, Fetcher, RequestKind, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use url::Url;

/// Counts every request passed to the inner fetcher (retries and robots.txt included).
pub struct CountingFetcher<'a, F> {
    inner: &'a F,
    count: AtomicU64,
    revalidated: AtomicU64,
}

impl<'a, F: Fetcher> CountingFetcher<'a, F> {
    /// Wraps `inner`.
    pub fn new(inner: &'a F) -> Self {
        CountingFetcher {
            inner,
            count: AtomicU64::new(0),
            revalidated: AtomicU64::new(0),
        }
    }

    /// Requests sent through this wrapper.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// Responses that came back `304 Not Modified` and were served from the cache.
    pub fn revalidated(&self) -> u64 {
        self.revalidated.load(Ordering::Relaxed)
    }
}

impl<F: Fetcher> Fetcher for CountingFetcher<'_, F> {
    async fn fetch(&self, url: &Url, kind: RequestKind) -> Result<Response, FetchError> {
        self.count.fetch_add(1, Ordering::Relaxed);
        let result = self.inner.fetch(url, kind).await;
        if matches!(&result, Ok(r) if r.revalidated) {
            self.revalidated.fetch_add(1, Ordering::Relaxed);
        }
        result
    }
}
