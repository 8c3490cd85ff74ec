//! The real HTTP fetcher (reqwest): one attempt per call, redirects followed by hand so that the
//! chain is recorded, loops are caught and no hop leaves the site, bodies read in chunks up to a
//! size cap.
//!
//! Hard bounds, whatever a site does: a redirect to another site is returned, not followed (the
//! crawler records it, and only the start page's own redirect may move the crawl); with
//! `public_only` no hop connects to a non-public address; credentials go only to their site; a
//! certificate that does not verify is accepted only on a second client, and reported.

use super::auth::BasicAuth;
use super::client::build_client;
use super::decode::decode_body;
use super::guard;
use super::revalidate::{ConditionalFetcher, Validators, NOT_MODIFIED};
use super::tls::certificate_problem;
use super::{Body, FetchError, Fetcher, RequestKind, Response};
use crate::urlnorm::Scope;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
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
    /// Connect only to public addresses, checked after DNS on every hop (see [`guard`]). A
    /// service that checks sites for strangers must turn this on.
    pub public_only: bool,
    /// Treat a certificate that does not verify as a connection failure, instead of fetching
    /// the site anyway and reporting the certificate problem.
    pub strict_tls: bool,
    /// HTTP Basic credentials, sent only to the hosts of their site.
    pub auth: Option<BasicAuth>,
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
            public_only: false,
            strict_tls: false,
            auth: None,
        }
    }
}

/// [`Fetcher`] over HTTP(S) with rustls and gzip/brotli/deflate. Cheap to clone (one shared
/// connection pool).
#[derive(Debug, Clone)]
pub struct HttpFetcher {
    client: reqwest::Client,
    /// Accepts any certificate; `None` with `strict_tls`.
    lax_client: Option<reqwest::Client>,
    /// `host:port`s whose certificate failed, with the problem: later requests go straight to
    /// the lax client instead of failing a handshake first.
    bad_certificates: Arc<Mutex<HashMap<String, String>>>,
    config: HttpConfig,
}

/// Placeholder URL for errors that are about the client, not a request.
const CLIENT_SETUP: &str = "(настройка HTTP-клиента)";

/// The final answer of one request and how it got there.
struct Hops {
    resp: reqwest::Response,
    /// URLs that answered with a redirect that was followed.
    chain: Vec<Url>,
    /// The other site a redirect led to (not followed).
    redirect_to: Option<Url>,
    tls_problem: Option<String>,
}

impl HttpFetcher {
    /// Builds the clients; fails only on an invalid user agent or TLS setup.
    pub fn new(config: HttpConfig) -> Result<Self, FetchError> {
        let setup_error = |e: reqwest::Error| FetchError::Other {
            url: CLIENT_SETUP.to_string(),
            reason: root_cause(&e),
        };
        let client = build_client(&config, false).map_err(setup_error)?;
        let lax_client = match config.strict_tls {
            true => None,
            false => Some(build_client(&config, true).map_err(setup_error)?),
        };
        Ok(HttpFetcher {
            client,
            lax_client,
            bad_certificates: Arc::default(),
            config,
        })
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
                let hops = self.follow(Method::GET, url, &conditional).await?;
                self.page(url, hops).await
            }
            RequestKind::Robots => {
                let hops = self.follow(Method::GET, url, &conditional).await?;
                self.robots(url, hops).await
            }
            RequestKind::Document => self.document(url, &conditional).await,
            RequestKind::DocumentContent => {
                let hops = self.follow(Method::GET, url, &conditional).await?;
                self.document_content(url, hops).await
            }
        }
    }

    /// Sends `method` to `url` and follows redirects that stay on its site, returning the final
    /// response (headers only) and the URLs that answered with a redirect, in order. A redirect
    /// to another site ends the chain: that response comes back with the target, unfollowed.
    /// `extra` goes with every hop: conditional headers are about the final resource, which is
    /// stored by the URL asked for.
    async fn follow(
        &self,
        method: Method,
        url: &Url,
        extra: &HeaderMap,
    ) -> Result<Hops, FetchError> {
        let site = Scope::new(url);
        let mut method = method;
        let mut current = url.clone();
        let mut chain: Vec<Url> = Vec::new();
        let mut tls_problem = None;
        loop {
            let (resp, problem) = self.send(&method, &current, extra, url).await?;
            tls_problem = tls_problem.or(problem);
            let next = redirect_target(&resp, &current);
            let Some(next) = next.filter(|n| site.contains(n)) else {
                let redirect_to = redirect_target(&resp, &current);
                return Ok(Hops {
                    resp,
                    chain,
                    redirect_to,
                    tls_problem,
                });
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

    /// One hop. A certificate that does not verify is retried on the lax client (unless
    /// `strict_tls`), and its problem comes back with the response.
    async fn send(
        &self,
        method: &Method,
        hop: &Url,
        extra: &HeaderMap,
        requested: &Url,
    ) -> Result<(reqwest::Response, Option<String>), FetchError> {
        if self.config.public_only {
            if let Some(refused) = guard::refuse_literal(hop) {
                return Err(FetchError::NotPublic {
                    url: requested.to_string(),
                    reason: refused.to_string(),
                });
            }
        }
        let key = host_key(hop);
        let known = self.known_bad_certificate(&key);
        if let (Some(lax), Some(problem)) = (&self.lax_client, known) {
            let resp = self.send_on(lax, method, hop, extra).await;
            return resp
                .map(|r| (r, Some(problem)))
                .map_err(|e| map_error(requested, &e));
        }
        let err = match self.send_on(&self.client, method, hop, extra).await {
            Ok(resp) => return Ok((resp, None)),
            Err(e) => e,
        };
        match (&self.lax_client, certificate_problem(&err)) {
            (Some(lax), Some(problem)) => {
                self.note_bad_certificate(key, &problem);
                let resp = self.send_on(lax, method, hop, extra).await;
                resp.map(|r| (r, Some(problem)))
                    .map_err(|e| map_error(requested, &e))
            }
            _ => Err(map_error(requested, &err)),
        }
    }

    async fn send_on(
        &self,
        client: &reqwest::Client,
        method: &Method,
        hop: &Url,
        extra: &HeaderMap,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut req = client
            .request(method.clone(), hop.clone())
            .headers(extra.clone());
        if let Some(auth) = &self.config.auth {
            req = auth.apply(hop, req);
        }
        req.send().await
    }

    fn known_bad_certificate(&self, key: &str) -> Option<String> {
        let map = self
            .bad_certificates
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        map.get(key).cloned()
    }

    fn note_bad_certificate(&self, key: String, problem: &str) {
        let mut map = self
            .bad_certificates
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        map.insert(key, problem.to_string());
    }

    async fn page(&self, url: &Url, hops: Hops) -> Result<Response, FetchError> {
        let (mut out, mut resp) = response_head(url, hops);
        if out.status == NOT_MODIFIED || out.redirect_to.is_some() {
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

    async fn robots(&self, url: &Url, hops: Hops) -> Result<Response, FetchError> {
        let (mut out, mut resp) = response_head(url, hops);
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
    async fn document_content(&self, url: &Url, hops: Hops) -> Result<Response, FetchError> {
        let (mut out, mut resp) = response_head(url, hops);
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
        let hops = self.follow(Method::HEAD, url, extra).await?;
        let refuses_head = matches!(hops.resp.status().as_u16(), 400 | 403 | 405 | 501);
        if !refuses_head {
            return Ok(response_head(url, hops).0);
        }
        drop(hops);
        let hops = self.follow(Method::GET, url, extra).await?;
        Ok(response_head(url, hops).0)
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

/// The next URL when `resp` is a redirect with a usable HTTP(S) `Location`, without credentials
/// (reqwest would send a `user:pass@` of a Location as Basic auth to wherever it points).
fn redirect_target(resp: &reqwest::Response, current: &Url) -> Option<Url> {
    if !matches!(resp.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = resp.headers().get(header::LOCATION)?.to_str().ok()?;
    let mut next = current.join(location.trim()).ok()?;
    next.set_fragment(None);
    crate::urlnorm::strip_userinfo(&mut next);
    (matches!(next.scheme(), "http" | "https") && next.host_str().is_some()).then_some(next)
}

/// `host:port` of a hop, the unit a certificate belongs to.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// A [`Response`] with the status and headers of the final hop and no body yet, and that hop's
/// reqwest response for reading the body.
fn response_head(requested: &Url, hops: Hops) -> (Response, reqwest::Response) {
    let Hops {
        resp,
        chain: redirects,
        redirect_to,
        tls_problem,
    } = hops;
    let headers = resp.headers();
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.trim().to_string())
    };
    let out = Response {
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
        redirect_to,
        tls_problem,
    };
    (out, resp)
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
        assert!(!c.public_only && !c.strict_tls && c.auth.is_none());
    }
}
