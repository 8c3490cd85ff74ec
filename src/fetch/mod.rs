//! Fetching: one HTTP request per call, body size-capped and decoded to text when it is a page.
//!
//! Retries, delays and robots.txt live in [`crate::politeness`]; this module only talks HTTP.

pub mod auth;
pub mod cache;
mod client;
mod content_type;
pub mod counting;
pub mod decode;
pub mod guard;
pub mod http;
pub mod revalidate;
pub mod tls;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use url::Url;

/// What the caller wants from a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// An HTML page: GET, body decoded to text when the content type is HTML/XHTML/plain text.
    Page,
    /// A document (pdf, doc, …): only status, type and size are needed (HEAD, GET fallback, no body kept).
    Document,
    /// A document whose content is judged (the НОК plan, the results, the financial plan): GET,
    /// raw bytes kept up to the size cap.
    DocumentContent,
    /// `/robots.txt`: GET, body as text.
    Robots,
}

/// The body of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Decoded text (HTML or plain text).
    Text(String),
    /// Raw bytes of something that is not text.
    Bytes(Vec<u8>),
    /// No body kept (HEAD, documents, error statuses).
    Empty,
}

/// One HTTP response after redirects were followed.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL that was asked for.
    pub requested: Url,
    /// The final URL after redirects.
    pub url: Url,
    /// Every URL redirected through, in order (empty when there was no redirect).
    pub redirects: Vec<Url>,
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` header, as sent.
    pub content_type: Option<String>,
    /// `Content-Length`, when sent.
    pub content_length: Option<u64>,
    /// `Last-Modified`, as sent.
    pub last_modified: Option<String>,
    /// `ETag`, as sent.
    pub etag: Option<String>,
    /// `Retry-After`, parsed (seconds or HTTP date), when sent.
    pub retry_after: Option<Duration>,
    /// The body.
    pub body: Body,
    /// True when the body was cut at the size cap.
    pub truncated: bool,
    /// Name of the encoding the text was decoded from (e.g. `windows-1251`), for pages.
    pub encoding: Option<String>,
    /// True when the server answered `304 Not Modified` and this response came from the store
    /// (see [`revalidate::RevalidatingFetcher`]).
    pub revalidated: bool,
    /// Set when a redirect led to another site: the fetcher stopped there instead of following
    /// (`url` and `status` are those of the redirect); the crawler decides what it means.
    pub redirect_to: Option<Url>,
    /// What was wrong with the certificate of a hop that was fetched anyway, in Russian.
    pub tls_problem: Option<String>,
}

impl Response {
    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The decoded text body, if any.
    pub fn text(&self) -> Option<&str> {
        match &self.body {
            Body::Text(t) => Some(t),
            _ => None,
        }
    }

    /// True when the content type says HTML (or is absent and the body looks like HTML).
    pub fn is_html(&self) -> bool {
        match &self.content_type {
            Some(ct) => {
                let ct = ct.to_ascii_lowercase();
                ct.contains("html") || ct.contains("xhtml")
            }
            None => self.text().is_some_and(|t| {
                let head: String = t.trim_start().chars().take(1024).collect();
                let head = head.to_ascii_lowercase();
                head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
            }),
        }
    }
}

/// Why a request produced no response.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum FetchError {
    /// DNS failure, refused connection, TLS failure.
    #[error("не удалось соединиться с {url}: {reason}")]
    Connect { url: String, reason: String },
    /// Connect or read timeout.
    #[error("превышено время ожидания ответа от {url}")]
    Timeout { url: String },
    /// The connection was reset or closed mid-response.
    #[error("соединение с {url} прервано: {reason}")]
    Reset { url: String, reason: String },
    /// Redirects loop or exceed the limit.
    #[error("циклическое или слишком длинное перенаправление с {url}")]
    RedirectLoop { url: String },
    /// The address is not public and only public addresses may be checked.
    #[error("отказ в соединении с {url}: {reason}")]
    NotPublic { url: String, reason: String },
    /// Anything else reqwest reports.
    #[error("ошибка запроса {url}: {reason}")]
    Other { url: String, reason: String },
    /// This computer ran out of descriptors, memory or disk: says nothing about the site, so a
    /// sweep retries the site later or stops (see [`is_local_shortage`]).
    #[error("не хватает ресурсов этого компьютера при запросе {url}: {reason}")]
    LocalResource { url: String, reason: String },
}

/// The words every [`FetchError::LocalResource`] message starts with.
pub const LOCAL_SHORTAGE: &str = "не хватает ресурсов этого компьютера";

/// True when an error message recorded in a report is a [`FetchError::LocalResource`]: the
/// check was cut short by this computer, not by the site.
pub fn is_local_shortage(message: &str) -> bool {
    message.contains(LOCAL_SHORTAGE)
}

impl FetchError {
    /// True when retrying may help (timeouts, resets, connect failures).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout { .. } | FetchError::Reset { .. } | FetchError::Connect { .. }
        )
    }

    /// The URL the error is about.
    pub fn url(&self) -> &str {
        match self {
            FetchError::Connect { url, .. }
            | FetchError::Timeout { url }
            | FetchError::Reset { url, .. }
            | FetchError::RedirectLoop { url }
            | FetchError::NotPublic { url, .. }
            | FetchError::Other { url, .. }
            | FetchError::LocalResource { url, .. } => url,
        }
    }
}

/// One attempt at one URL. Implemented by [`http::HttpFetcher`] and by in-memory fakes in tests.
pub trait Fetcher: Send + Sync {
    /// Performs a single request (no retries; redirects are followed).
    fn fetch(
        &self,
        url: &Url,
        kind: RequestKind,
    ) -> impl Future<Output = Result<Response, FetchError>> + Send;

    /// The fetcher one site of a sweep uses: the same settings, with connections of its own that
    /// close when the site is done and it is dropped. Sites started together finish together, and
    /// their idle keep-alive connections in a shared pool held descriptors while the next sites
    /// connected. By default the fetcher itself.
    fn for_site(self: &Arc<Self>) -> Arc<Self>
    where
        Self: Sized,
    {
        Arc::clone(self)
    }
}
