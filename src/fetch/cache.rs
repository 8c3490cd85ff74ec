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
