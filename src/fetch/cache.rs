//! What re-runs need to revalidate instead of downloading again: a store of validators (ETag,
//! Last-Modified) and bodies, keyed by URL. The SQLite history implements it for real runs; tests
//! use [`MemoryCache`].

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

/// A stored response: enough to answer a `304 Not Modified` from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedResponse {
    /// The final URL the response came from (after redirects).
    pub final_url: String,
    /// HTTP status of the stored response (2xx only are stored).
    pub status: u16,
    /// `Content-Type` as sent.
    pub content_type: Option<String>,
    /// `ETag` as sent.
    pub etag: Option<String>,
    /// `Last-Modified` as sent.
    pub last_modified: Option<String>,
    /// Name of the encoding the text was decoded from, for pages.
    pub encoding: Option<String>,
    /// Decoded text of a page; `None` for documents (only their status matters) or non-text bodies.
    pub text: Option<String>,
    /// Raw bytes of a document, when documents are read (issue 4); `None` otherwise.
    pub bytes: Option<Vec<u8>>,
    /// When it was stored (RFC 3339).
    pub stored_at: String,
}

/// A store of responses for revalidation. Implementations must be cheap to share across tasks.
pub trait HttpCache: Send + Sync {
    /// The stored response for `url`, if any.
    fn get(&self, url: &str) -> Option<CachedResponse>;
    /// Stores (or replaces) the response for `url`.
    fn put(&self, url: &str, response: &CachedResponse);
}

/// An in-memory cache, for tests and single runs.
#[derive(Debug, Default)]
pub struct MemoryCache {
    entries: Mutex<HashMap<String, CachedResponse>>,
}

impl HttpCache for MemoryCache {
    fn get(&self, url: &str) -> Option<CachedResponse> {
        self.entries.lock().ok()?.get(url).cloned()
    }

    fn put(&self, url: &str, response: &CachedResponse) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(url.to_string(), response.clone());
        }
    }
}

/// A store that keeps nothing: a run without history (`--no-history`) has nothing to revalidate
/// against later, and a sweep that kept every page's text in memory would grow by gigabytes over
/// a national list.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoCache;

impl HttpCache for NoCache {
    fn get(&self, _url: &str) -> Option<CachedResponse> {
        None
    }

    fn put(&self, _url: &str, _response: &CachedResponse) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> CachedResponse {
        CachedResponse {
            final_url: "http://kcson.test/".into(),
            status: 200,
            content_type: Some("text/html".into()),
            etag: Some("\"1\"".into()),
            last_modified: None,
            encoding: Some("utf-8".into()),
            text: Some("<p>страница</p>".into()),
            bytes: None,
            stored_at: "2026-12-06T00:00:00Z".into(),
        }
    }

    #[test]
    fn the_memory_cache_keeps_what_no_cache_forgets() {
        let memory = MemoryCache::default();
        memory.put("http://kcson.test/", &page());
        assert_eq!(memory.get("http://kcson.test/"), Some(page()));
        NoCache.put("http://kcson.test/", &page());
        assert_eq!(NoCache.get("http://kcson.test/"), None);
    }
}
