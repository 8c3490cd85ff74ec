//! Cheap re-runs: a fetcher wrapper that asks the server whether a stored response is still
//! current (`If-None-Match` / `If-Modified-Since`) and, on `304 Not Modified`, answers from the
//! store instead of downloading the body again.
//!
//! Only 2xx responses that carry a validator (ETag or Last-Modified) are stored: without one the
//! server has nothing to compare with, and an error page must be asked for again on every run.

use super::cache::{CachedResponse, HttpCache};
use super::{Body, FetchError, Fetcher, RequestKind, Response};
use std::future::Future;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use url::Url;

/// HTTP status of a successful revalidation.
pub const NOT_MODIFIED: u16 = 304;

/// The validators of a stored response, sent back as conditional request headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// Sent as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when there is nothing to send (a plain request).
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }

    /// What to send for a stored response: its ETag alone when it has one, else its date.
    ///
    /// An ETag names the exact bytes, while Last-Modified has one-second resolution and many CMSs
    /// report the template's date, not the content's; servers also evaluate only `If-None-Match`
    /// when both are sent (RFC 9110 §13.2.2), so sending the date too would add nothing.
    pub fn for_cached(cached: &CachedResponse) -> Validators {
        match &cached.etag {
            Some(etag) => Validators {
                etag: Some(etag.clone()),
                last_modified: None,
            },
            None => Validators {
                etag: None,
                last_modified: cached.last_modified.clone(),
            },
        }
    }
}

/// A fetcher that can send conditional headers; it returns a `304` response as such (no body).
/// Implemented by [`super::http::HttpFetcher`] and by fakes in tests.
pub trait ConditionalFetcher: Send + Sync {
    /// One request like [`Fetcher::fetch`], with `validators` sent as conditional headers.
    fn fetch_with(
        &self,
        url: &Url,
        kind: RequestKind,
        validators: &Validators,
    ) -> impl Future<Output = Result<Response, FetchError>> + Send;
}

impl<T: ConditionalFetcher> ConditionalFetcher for &T {
    async fn fetch_with(
        &self,
        url: &Url,
        kind: RequestKind,
        validators: &Validators,
    ) -> Result<Response, FetchError> {
        (**self).fetch_with(url, kind, validators).await
    }
}

/// Counters of one [`RevalidatingFetcher`].
#[derive(Debug, Default)]
struct Counters {
    conditional: AtomicU64,
    revalidated: AtomicU64,
    bytes_saved: AtomicU64,
    stored: AtomicU64,
}

/// A [`Fetcher`] that revalidates stored responses instead of downloading them again.
///
/// `cache` is anything that dereferences to an [`HttpCache`]: `Arc<dyn HttpCache>`,
/// `Arc<MemoryCache>`, `&MemoryCache`. Responses it answers from the store have
/// [`Response::revalidated`] set.
pub struct RevalidatingFetcher<F, C> {
    inner: F,
    cache: C,
    counters: Counters,
}

impl<F, C> RevalidatingFetcher<F, C>
where
    F: ConditionalFetcher,
    C: Deref + Send + Sync,
    C::Target: HttpCache,
{
    /// Wraps `inner`, storing responses in and revalidating them against `cache`.
    pub fn new(inner: F, cache: C) -> Self {
        RevalidatingFetcher {
            inner,
            cache,
            counters: Counters::default(),
        }
    }

    /// The wrapped fetcher.
    pub fn inner(&self) -> &F {
        &self.inner
    }

    /// Requests answered `304 Not Modified` and served from the store.
    pub fn revalidated(&self) -> u64 {
        self.counters.revalidated.load(Ordering::Relaxed)
    }

    /// Requests sent with a validator (revalidated or not).
    pub fn conditional_requests(&self) -> u64 {
        self.counters.conditional.load(Ordering::Relaxed)
    }

    /// Body bytes served from the store instead of the network (decoded UTF-8 text for pages,
    /// raw bytes for documents that were read). A HEAD-checked document saves no body bytes.
    pub fn bytes_saved(&self) -> u64 {
        self.counters.bytes_saved.load(Ordering::Relaxed)
    }

    /// Responses written to the store.
    pub fn stored(&self) -> u64 {
        self.counters.stored.load(Ordering::Relaxed)
    }

    async fn revalidating_fetch(
        &self,
        url: &Url,
        kind: RequestKind,
    ) -> Result<Response, FetchError> {
        let cached = self
            .cache
            .get(url.as_str())
            .filter(|c| is_servable(c, kind));
        let validators = cached
            .as_ref()
            .map(Validators::for_cached)
            .unwrap_or_default();
        if !validators.is_empty() {
            self.counters.conditional.fetch_add(1, Ordering::Relaxed);
        }
        let resp = self.inner.fetch_with(url, kind, &validators).await?;
        if resp.status != NOT_MODIFIED {
            self.store(url, kind, &resp);
            return Ok(resp);
        }
        match cached.filter(|_| !validators.is_empty()) {
            Some(entry) => Ok(self.answer_from_store(url, kind, resp, entry)),
            None => {
                // A 304 to a request that named no stored version is a server bug; asking once
                // more plainly gets the page if the server can give it at all.
                tracing::debug!(%url, "304 without validators; fetching again");
                let resp = self
                    .inner
                    .fetch_with(url, kind, &Validators::default())
                    .await?;
                self.store(url, kind, &resp);
                Ok(resp)
            }
        }
    }

    /// Turns a `304` into the stored response, counting it and refreshing changed validators.
    fn answer_from_store(
        &self,
        url: &Url,
        kind: RequestKind,
        live: Response,
        mut entry: CachedResponse,
    ) -> Response {
        let body = stored_body(&entry, kind);
        let saved = match &body {
            Body::Text(t) => t.len(),
            Body::Bytes(b) => b.len(),
            Body::Empty => 0,
        };
        self.counters.revalidated.fetch_add(1, Ordering::Relaxed);
        self.counters
            .bytes_saved
            .fetch_add(saved as u64, Ordering::Relaxed);
        // A 304 may carry new validators (RFC 9110 §15.4.5); the next run must send those.
        let etag = live.etag.clone().or_else(|| entry.etag.clone());
        let last_modified = live
            .last_modified
            .clone()
            .or_else(|| entry.last_modified.clone());
        if etag != entry.etag || last_modified != entry.last_modified {
            entry.etag = etag.clone();
            entry.last_modified = last_modified.clone();
            entry.stored_at = stored_now();
            self.cache.put(url.as_str(), &entry);
        }
        Response {
            requested: live.requested,
            url: live.url,
            redirects: live.redirects,
            status: entry.status,
            content_type: entry.content_type,
            content_length: (saved > 0).then_some(saved as u64).or(live.content_length),
            last_modified,
            etag,
            retry_after: None,
            body,
            truncated: false,
            encoding: entry.encoding,
            revalidated: true,
            redirect_to: None,
            tls_problem: live.tls_problem,
        }
    }

    /// Stores a 2xx response that has a validator and that a later `304` can be answered from.
    fn store(&self, url: &Url, kind: RequestKind, resp: &Response) {
        if !resp.is_success() || resp.truncated || resp.revalidated {
            return;
        }
        if resp.etag.is_none() && resp.last_modified.is_none() {
            return;
        }
        let (text, bytes) = match (&resp.body, kind) {
            (Body::Text(t), RequestKind::Page | RequestKind::Robots) => (Some(t.clone()), None),
            (Body::Bytes(b), _) => (None, Some(b.clone())),
            _ => (None, None),
        };
        let entry = CachedResponse {
            final_url: resp.url.to_string(),
            status: resp.status,
            content_type: resp.content_type.clone(),
            etag: resp.etag.clone(),
            last_modified: resp.last_modified.clone(),
            encoding: resp.encoding.clone(),
            text,
            bytes,
            stored_at: stored_now(),
        };
        if is_servable(&entry, kind) {
            self.cache.put(url.as_str(), &entry);
            self.counters.stored.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl<F, C> Fetcher for RevalidatingFetcher<F, C>
where
    F: ConditionalFetcher,
    C: Deref + Send + Sync,
    C::Target: HttpCache,
{
    async fn fetch(&self, url: &Url, kind: RequestKind) -> Result<Response, FetchError> {
        self.revalidating_fetch(url, kind).await
    }
}

/// True when a `304` for a `kind` request can be answered from `entry`: it has a validator, a
/// 2xx status, and the body the request needs. Documents need only their status; a page whose
/// type says text needs its text, or the store would turn a page into an empty one.
fn is_servable(entry: &CachedResponse, kind: RequestKind) -> bool {
    let has_validator = entry.etag.is_some() || entry.last_modified.is_some();
    if !has_validator || !(200..300).contains(&entry.status) {
        return false;
    }
    match kind {
        RequestKind::Document => true,
        RequestKind::DocumentContent => entry.bytes.is_some(),
        RequestKind::Page | RequestKind::Robots => {
            entry.text.is_some()
                || entry.bytes.is_some()
                || !entry.content_type.as_deref().is_none_or(is_textual)
        }
    }
}

/// The current time for [`CachedResponse::stored_at`] (RFC 3339, UTC).
fn stored_now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Content types whose body is decoded to text by the fetcher.
fn is_textual(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/") || essence.contains("html") || essence.contains("xml")
}

/// The body a `kind` request gets from `entry`: documents only what was read of them.
fn stored_body(entry: &CachedResponse, kind: RequestKind) -> Body {
    match (kind, &entry.text, &entry.bytes) {
        (RequestKind::Document | RequestKind::DocumentContent, _, Some(b)) => {
            Body::Bytes(b.clone())
        }
        (RequestKind::Document | RequestKind::DocumentContent, _, None) => Body::Empty,
        (_, Some(t), _) => Body::Text(t.clone()),
        (_, None, Some(b)) => Body::Bytes(b.clone()),
        (_, None, None) => Body::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        etag: Option<&str>,
        date: Option<&str>,
        ct: &str,
        text: Option<&str>,
    ) -> CachedResponse {
        CachedResponse {
            final_url: "http://a.test/".into(),
            status: 200,
            content_type: Some(ct.into()),
            etag: etag.map(String::from),
            last_modified: date.map(String::from),
            encoding: None,
            text: text.map(String::from),
            bytes: None,
            stored_at: String::new(),
        }
    }

    const DATE: &str = "Mon, 15 Jan 2024 09:00:00 GMT";

    #[test]
    fn etag_is_sent_alone_when_there_is_one() {
        let both = Validators::for_cached(&entry(Some("\"x\""), Some(DATE), "text/html", None));
        assert_eq!(both.etag.as_deref(), Some("\"x\""));
        assert_eq!(both.last_modified, None);
        let date = Validators::for_cached(&entry(None, Some(DATE), "text/html", None));
        assert_eq!(date.last_modified.as_deref(), Some(DATE));
        assert!(Validators::for_cached(&entry(None, None, "text/html", None)).is_empty());
    }

    #[test]
    fn pages_need_their_text_documents_only_a_status() {
        let html = |text| entry(Some("\"x\""), None, "text/html; charset=utf-8", text);
        assert!(is_servable(&html(Some("<p>")), RequestKind::Page));
        assert!(!is_servable(&html(None), RequestKind::Page));
        assert!(!is_servable(&html(None), RequestKind::Robots));
        assert!(is_servable(&html(None), RequestKind::Document));
        let pdf = entry(Some("\"x\""), None, "application/pdf", None);
        assert!(is_servable(&pdf, RequestKind::Page));
        assert!(is_servable(&pdf, RequestKind::Document));
        let no_validator = entry(None, None, "application/pdf", None);
        assert!(!is_servable(&no_validator, RequestKind::Document));
        let gone = CachedResponse { status: 404, ..pdf };
        assert!(!is_servable(&gone, RequestKind::Document));
    }

    #[test]
    fn documents_get_no_stored_text() {
        let page = entry(Some("\"x\""), None, "text/html", Some("<p>"));
        assert_eq!(stored_body(&page, RequestKind::Document), Body::Empty);
        assert_eq!(
            stored_body(&page, RequestKind::Page),
            Body::Text("<p>".into())
        );
        let read = CachedResponse {
            bytes: Some(b"%PDF".to_vec()),
            ..page
        };
        assert_eq!(
            stored_body(&read, RequestKind::Document),
            Body::Bytes(b"%PDF".to_vec())
        );
    }
}
