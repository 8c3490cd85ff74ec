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
use super::content_type::{
    is_document_type, is_media_type, is_text_type, looks_like_text, mime_essence,
};
use super::decode::decode_body;
use super::revalidate::{ConditionalFetcher, Validators, NOT_MODIFIED};
use super::{Body, FetchError, Fetcher, RequestKind, Response};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::Method;
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
    /// Connect only to public addresses, checked after DNS on every hop (see [`super::guard`]). A
    /// service that checks sites for strangers must turn this on.
    pub public_only: bool,
    /// Internal addresses fetched despite `public_only`: the operator's own intranet sites.
    pub allowed_addresses: Vec<std::net::IpAddr>,
    /// Treat a certificate that does not verify as a connection failure, instead of fetching
    /// the site anyway and reporting the certificate problem.
    pub strict_tls: bool,
    /// HTTP Basic credentials, sent only to the hosts of their site.
    pub auth: Option<BasicAuth>,
    /// How long an idle keep-alive connection stays open, so that pooled connections do not hold
    /// descriptors for minutes (a sweep also drops each site's own pool when the site is done:
    /// [`Fetcher::for_site`]).
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
            public_only: false,
            allowed_addresses: Vec::new(),
            strict_tls: false,
            auth: None,
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
    /// Accepts any certificate; `None` with `strict_tls`.
    lax_client: Option<reqwest::Client>,
    /// `host:port`s whose certificate failed, with the problem: later requests go straight to
    /// the lax client instead of failing a handshake first.
    bad_certificates: Arc<Mutex<HashMap<String, String>>>,
    config: HttpConfig,
}

/// Placeholder URL for errors that are about the client, not a request.
const CLIENT_SETUP: &str = "(настройка HTTP-клиента)";

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

    /// New clients (their own connection pools) with the same settings; what was learnt of
    /// broken certificates stays shared. Falls back to this fetcher if the clients cannot be
    /// built, which they were once already.
    fn for_site(self: &Arc<Self>) -> Arc<Self> {
        match HttpFetcher::new(self.config.clone()) {
            Ok(own) => Arc::new(HttpFetcher {
                bad_certificates: Arc::clone(&self.bad_certificates),
                ..own
            }),
            Err(_) => Arc::clone(self),
        }
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

#[path = "http_hops.rs"]
mod hops;
use hops::Hops;

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

    /// A site's fetcher closes its connections when it is dropped; the shared fetcher's pool
    /// keeps its own for the idle timeout (5 s).
    #[tokio::test]
    async fn a_sites_fetcher_closes_its_connections_when_dropped() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("address");
        let (closed_tx, closed_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let closed = closed_tx.clone();
                std::thread::spawn(move || {
                    let (mut buf, mut request) = ([0u8; 4096], Vec::new());
                    loop {
                        match stream.read(&mut buf) {
                            Ok(0) | Err(_) => {
                                let _ = closed.send(());
                                return;
                            }
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                        if request.windows(4).any(|w| w == b"\r\n\r\n") {
                            request.clear();
                            let answer = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\
                                          Content-Length: 9\r\n\r\n<p>ok</p>";
                            let _ = stream.write_all(answer.as_bytes());
                        }
                    }
                });
            }
        });
        let url = Url::parse(&format!("http://{addr}/")).expect("url");
        let shared = Arc::new(HttpFetcher::new(HttpConfig::default()).expect("client"));
        shared
            .fetch(&url, RequestKind::Page)
            .await
            .expect("shared fetch");
        let site = shared.for_site();
        site.fetch(&url, RequestKind::Page)
            .await
            .expect("site fetch");
        drop(site);
        let mut closed = 0;
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            closed += closed_rx.try_iter().count();
            if closed > 0 {
                break;
            }
        }
        assert_eq!(
            closed, 1,
            "the site's connection closes within 2 s, the shared one stays"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            closed_rx.try_iter().count(),
            0,
            "the shared pool's connection stays open"
        );
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
