//! The real HTTP fetcher (reqwest): one attempt per call, redirects followed by hand so that the
//! chain is recorded and loops are caught, bodies read in chunks up to a size cap.

use super::decode::decode_body;
use super::revalidate::{ConditionalFetcher, Validators, NOT_MODIFIED};
use super::{Body, FetchError, Fetcher, RequestKind, Response};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime};
use url::Url;

/// Settings for [`HttpFetcher`].
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// `User-Agent` header sent with every request.
    pub user_agent: String,
    /// Longest wait for a TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Longest wait for a whole request: every redirect hop and the body.
    pub read_timeout: Duration,
    /// Bodies are cut at this many bytes (after content decompression).
    pub max_body_bytes: usize,
    /// Longest redirect chain followed.
    pub max_redirects: usize,
    /// Host names resolved to fixed addresses instead of DNS (tests and demos serve realistic
    /// names such as `kcson.test` on 127.0.0.1). A port of 0 means the URL's port.
    pub resolve: Vec<(String, SocketAddr)>,
    /// How long an idle keep-alive connection stays open: a sweep moves on from a finished site
    /// for good, and its pooled connections would otherwise hold descriptors for minutes.
    pub pool_idle_timeout: Duration,
    /// Idle connections kept per host (a crawl of one site needs one or two at a time).
    pub pool_max_idle_per_host: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            user_agent: crate::default_user_agent(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 10,
            resolve: Vec::new(),
            pool_idle_timeout: Duration::from_secs(5),
            pool_max_idle_per_host: 2,
        }
    }
}

/// [`Fetcher`] over HTTP(S) with rustls and gzip/brotli/deflate. Cheap to clone (one shared
/// connection pool).
#[derive(Debug, Clone)]
pub struct HttpFetcher {
    client: reqwest::Client,
    config: HttpConfig,
}

/// Placeholder URL for errors that are about the client, not a request.
const CLIENT_SETUP: &str = "(настройка HTTP-клиента)";

impl HttpFetcher {
    /// Builds the client; fails only on an invalid user agent or TLS setup.
    pub fn new(config: HttpConfig) -> Result<Self, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            ),
        );
        // Sites of Russian providers sometimes serve an English stub to other languages.
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("ru-RU,ru;q=0.9,en;q=0.5"),
        );
        let mut builder = reqwest::Client::builder()
            .user_agent(config.user_agent.as_str())
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(config.pool_idle_timeout)
            .pool_max_idle_per_host(config.pool_max_idle_per_host)
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .deflate(true);
        for (host, addr) in &config.resolve {
            builder = builder.resolve(host, *addr);
        }
        let client = builder.build().map_err(|e| FetchError::Other {
            url: CLIENT_SETUP.to_string(),
            reason: root_cause(&e),
        })?;
        Ok(HttpFetcher { client, config })
    }

    /// The settings this fetcher was built with.
    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// One request like [`Fetcher::fetch`], sending `validators` as `If-None-Match` /
    /// `If-Modified-Since`; a `304 Not Modified` comes back as a response with that status and
    /// no body. Documents send them with the HEAD too: servers answer a conditional HEAD with 304.
    pub async fn fetch_with(
        &self,
        url: &Url,
        kind: RequestKind,
        validators: &Validators,
    ) -> Result<Response, FetchError> {
        // One deadline for the whole request, so a slow redirect chain or a trickling body
        // cannot hold a crawl slot for longer than `read_timeout`.
        let once = self.fetch_once(url, kind, validators);
        match tokio::time::timeout(self.config.read_timeout, once).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_string(),
            }),
        }
    }

    async fn fetch_once(
        &self,
        url: &Url,
        kind: RequestKind,
        validators: &Validators,
    ) -> Result<Response, FetchError> {
        let conditional = conditional_headers(validators);
        match kind {
            RequestKind::Page => {
                let (resp, chain) = self.follow(Method::GET, url, &conditional).await?;
                self.page(url, resp, chain).await
            }
            RequestKind::Robots => {
                let (resp, chain) = self.follow(Method::GET, url, &conditional).await?;
                self.robots(url, resp, chain).await
            }
            RequestKind::Document => self.document(url, &conditional).await,
            RequestKind::DocumentContent => {
                let (resp, chain) = self.follow(Method::GET, url, &conditional).await?;
                self.document_content(url, resp, chain).await
            }
        }
    }

    /// Sends `method` to `url` and follows redirects, returning the final response (headers
    /// only) and the URLs that answered with a redirect, in order. `extra` goes with every hop:
    /// conditional headers are about the final resource, which is stored by the URL asked for.
    async fn follow(
        &self,
        method: Method,
        url: &Url,
        extra: &HeaderMap,
    ) -> Result<(reqwest::Response, Vec<Url>), FetchError> {
        let mut method = method;
        let mut current = url.clone();
        let mut chain: Vec<Url> = Vec::new();
        loop {
            let resp = self
                .client
                .request(method.clone(), current.clone())
                .headers(extra.clone())
                .send()
                .await
                .map_err(|e| map_error(url, &e))?;
            let Some(next) = redirect_target(&resp, &current) else {
                return Ok((resp, chain));
            };
            if resp.status() == StatusCode::SEE_OTHER && method != Method::HEAD {
                method = Method::GET;
            }
            chain.push(current);
            if chain.contains(&next) || chain.len() > self.config.max_redirects {
                return Err(FetchError::RedirectLoop {
                    url: url.to_string(),
                });
            }
            current = next;
        }
    }

    async fn page(
        &self,
        url: &Url,
        mut resp: reqwest::Response,
        chain: Vec<Url>,
    ) -> Result<Response, FetchError> {
        let mut out = response_head(url, &resp, chain);
        if out.status == NOT_MODIFIED {
            return Ok(out);
        }
        let essence = out.content_type.as_deref().map(mime_essence);
        if essence
            .as_deref()
            .is_some_and(|e| is_document_type(e) || is_media_type(e))
        {
            // The crawler records it as a document from the headers; the body is not needed.
            return Ok(out);
        }
        let (bytes, truncated) = read_capped(&mut resp, self.config.max_body_bytes, url).await?;
        out.truncated = truncated;
        let text = match essence.as_deref() {
            Some(e) => is_text_type(e),
            None => looks_like_text(&bytes),
        };
        if text {
            let (decoded, encoding) = decode_body(&bytes, out.content_type.as_deref());
            out.body = Body::Text(decoded);
            out.encoding = Some(encoding.to_string());
        } else if !truncated {
            out.body = Body::Bytes(bytes);
        }
        Ok(out)
    }

    async fn robots(
        &self,
        url: &Url,
        mut resp: reqwest::Response,
        chain: Vec<Url>,
    ) -> Result<Response, FetchError> {
        let mut out = response_head(url, &resp, chain);
        if !out.is_success() {
            return Ok(out);
        }
        let cap = self
            .config
            .max_body_bytes
            .min(crate::robots::MAX_ROBOTS_BYTES);
        let (bytes, truncated) = read_capped(&mut resp, cap, url).await?;
        let (decoded, encoding) = decode_body(&bytes, out.content_type.as_deref());
        out.truncated = truncated;
        out.body = Body::Text(decoded);
        out.encoding = Some(encoding.to_string());
        Ok(out)
    }

    /// The bytes of a document, up to the size cap (a cut file is marked `truncated`).
    async fn document_content(
        &self,
        url: &Url,
        mut resp: reqwest::Response,
        chain: Vec<Url>,
    ) -> Result<Response, FetchError> {
        let mut out = response_head(url, &resp, chain);
        if !out.is_success() {
            return Ok(out);
        }
        let (bytes, truncated) = read_capped(&mut resp, self.config.max_body_bytes, url).await?;
        out.truncated = truncated;
        out.body = Body::Bytes(bytes);
        Ok(out)
    }

    /// HEAD first; servers that refuse HEAD get one GET whose body is dropped unread.
    async fn document(&self, url: &Url, extra: &HeaderMap) -> Result<Response, FetchError> {
        let (resp, chain) = self.follow(Method::HEAD, url, extra).await?;
        let refuses_head = matches!(resp.status().as_u16(), 400 | 403 | 405 | 501);
        if !refuses_head {
            return Ok(response_head(url, &resp, chain));
        }
        drop(resp);
        let (resp, chain) = self.follow(Method::GET, url, extra).await?;
        Ok(response_head(url, &resp, chain))
    }
}

impl Fetcher for HttpFetcher {
    async fn fetch(&self, url: &Url, kind: RequestKind) -> Result<Response, FetchError> {
        self.fetch_with(url, kind, &Validators::default()).await
    }
}

impl ConditionalFetcher for HttpFetcher {
    async fn fetch_with(
        &self,
        url: &Url,
        kind: RequestKind,
        validators: &Validators,
    ) -> Result<Response, FetchError> {
        HttpFetcher::fetch_with(self, url, kind, validators).await
    }
}

/// `If-None-Match` / `If-Modified-Since` for `validators`. A stored value that is not a valid
/// header (a site sent odd bytes) is left out: the request is then a plain one, never an error.
fn conditional_headers(validators: &Validators) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let pairs = [
        (header::IF_NONE_MATCH, &validators.etag),
        (header::IF_MODIFIED_SINCE, &validators.last_modified),
    ];
    for (name, value) in pairs {
        if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, value);
        }
    }
    headers
}

/// The next URL when `resp` is a redirect with a usable `Location`.
fn redirect_target(resp: &reqwest::Response, current: &Url) -> Option<Url> {
    if !matches!(resp.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = resp.headers().get(header::LOCATION)?.to_str().ok()?;
    let mut next = current.join(location.trim()).ok()?;
    next.set_fragment(None);
    matches!(next.scheme(), "http" | "https").then_some(next)
}

/// A [`Response`] with the status and headers of `resp` and no body yet.
fn response_head(requested: &Url, resp: &reqwest::Response, redirects: Vec<Url>) -> Response {
    let headers = resp.headers();
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.trim().to_string())
    };
    Response {
        requested: requested.clone(),
        url: resp.url().clone(),
        redirects,
        status: resp.status().as_u16(),
        content_type: text(header::CONTENT_TYPE),
        content_length: text(header::CONTENT_LENGTH).and_then(|s| s.parse().ok()),
        last_modified: text(header::LAST_MODIFIED),
        etag: text(header::ETAG),
        retry_after: text(header::RETRY_AFTER)
            .and_then(|s| parse_retry_after(&s, SystemTime::now())),
        body: Body::Empty,
        truncated: false,
        encoding: None,
        revalidated: false,
    }
}

/// Reads the body in chunks, stopping at `cap` bytes; the flag says the body was cut.
async fn read_capped(
    resp: &mut reqwest::Response,
    cap: usize,
    url: &Url,
) -> Result<(Vec<u8>, bool), FetchError> {
    let mut buf = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| map_error(url, &e))? {
        let room = cap - buf.len();
        if chunk.len() > room {
            buf.extend_from_slice(&chunk[..room]);
            return Ok((buf, true));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((buf, false))
}

/// `Retry-After` as delta-seconds or an HTTP date (a date in the past means no wait).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `text/html` from `Text/HTML; charset=windows-1251`.
fn mime_essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Types decoded to text for pages.
fn is_text_type(essence: &str) -> bool {
    essence.starts_with("text/")
        || essence.contains("html")
        || essence.ends_with("+xml")
        || essence == "application/xml"
}

/// Types served under a page link that are really documents (the audit counts them as such).
fn is_document_type(essence: &str) -> bool {
    const DOCUMENTS: [&str; 9] = [
        "application/pdf",
        "application/msword",
        "application/rtf",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument",
        "application/vnd.oasis.opendocument",
        "application/zip",
        "application/x-rar",
    ];
    DOCUMENTS.iter().any(|d| essence.starts_with(d))
}

/// Images, audio and video: never text, never needed by the audit, often large.
fn is_media_type(essence: &str) -> bool {
    ["image/", "audio/", "video/"]
        .iter()
        .any(|m| essence.starts_with(m))
}

/// For a body sent without a content type: text unless it has NULs or a binary signature.
fn looks_like_text(bytes: &[u8]) -> bool {
    const BOMS: [&[u8]; 3] = [b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];
    const BINARY: [&[u8]; 6] = [
        b"%PDF",
        b"PK\x03\x04",
        b"\xD0\xCF\x11\xE0",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
    ];
    if BOMS.iter().any(|b| bytes.starts_with(b)) {
        return true;
    }
    if BINARY.iter().any(|b| bytes.starts_with(b)) {
        return false;
    }
    !bytes.iter().take(1024).any(|&b| b == 0)
}

#[path = "http_errors.rs"]
mod errors;
use errors::{map_error, root_cause};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").expect("date");
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn content_types() {
        assert_eq!(mime_essence("Text/HTML; charset=windows-1251"), "text/html");
        assert!(is_text_type("application/xhtml+xml"));
        assert!(is_text_type("text/plain"));
        assert!(!is_text_type("application/pdf"));
        assert!(is_document_type("application/pdf"));
        assert!(is_document_type(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ));
        assert!(!is_document_type("text/html"));
        assert!(is_media_type("image/png"));
        assert!(!is_media_type("text/html"));
    }

    #[test]
    fn sniffing_untyped_bodies() {
        assert!(looks_like_text(b"<html><body>hi</body></html>"));
        assert!(looks_like_text("Привет".as_bytes()));
        assert!(looks_like_text(b"\xFF\xFEh\x00i\x00"));
        assert!(!looks_like_text(b"%PDF-1.7\n"));
        assert!(!looks_like_text(b"abc\x00def"));
    }

    #[test]
    fn default_config() {
        let c = HttpConfig::default();
        assert_eq!(c.max_body_bytes, 10 * 1024 * 1024);
        assert_eq!(c.max_redirects, 10);
        assert!(c.user_agent.starts_with("socaudit/"));
        assert!(c.resolve.is_empty());
    }
}
