//! A local HTTP server for fixture sites: the integration tests crawl it, and `socaudit demo`
//! serves its embedded sites with it.
//!
//! A site is a set of files plus an optional manifest `_site.toml` (see `tests/fixtures/README.md`)
//! whose routes add what files cannot say: redirects, error statuses, delays, legacy encodings,
//! missing content types, crawler traps. Files are sent with an ETag (a hash of the bytes) and
//! a Last-Modified date, and conditional requests that still match are answered `304`, as a
//! static file server would. The server listens on 127.0.0.1 only and records every request
//! (whether it was conditional, and its status) so that tests can assert what a crawler fetched.

mod manifest;
mod respond;

pub(crate) use crate::urlnorm::percent_decode;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use respond::HostSite;
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use thiserror::Error;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Name of the manifest file at the root of a site.
pub const MANIFEST_NAME: &str = "_site.toml";

/// Root files that describe a fixture site for tests and are never served.
const NOT_SERVED: [&str; 2] = [MANIFEST_NAME, "expected.toml"];

/// What can go wrong loading or serving a fixture site.
#[derive(Debug, Error)]
pub enum FixtureError {
    /// A file or directory of the site could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `_site.toml` is malformed or refers to something that does not exist.
    #[error("{file}:{line}: {message}")]
    Manifest {
        /// The manifest, as given to the loader.
        file: String,
        /// 1-based line of the offending entry (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The listening socket could not be opened.
    #[error("cannot listen on 127.0.0.1: {0}")]
    Bind(std::io::Error),
}

/// A fixture site held in memory: files by relative path, plus its manifest.
#[derive(Debug, Clone)]
pub struct Site {
    files: HashMap<String, Vec<u8>>,
    routes: Vec<manifest::Route>,
    traps: Vec<manifest::Trap>,
    series: Vec<manifest::Series>,
    /// Added before every answer, like the round trip to a distant server (benchmarks).
    latency: Option<Duration>,
    /// `Last-Modified` of every file the site serves (the date of its last deployment).
    last_modified: SystemTime,
}

/// Default `Last-Modified` of fixture files: a fixed date, so runs are reproducible.
pub const DEFAULT_LAST_MODIFIED: &str = "Mon, 15 Jan 2024 09:00:00 GMT";

impl Site {
    /// Reads every file under `dir` (recursively) and its `_site.toml`, if any.
    pub fn from_dir(dir: &Path) -> Result<Site, FixtureError> {
        let mut files = Vec::new();
        read_tree(dir, dir, &mut files)?;
        let manifest_name = dir.join(MANIFEST_NAME).display().to_string();
        Site::build(files, &manifest_name)
    }

    /// Builds a site from `(relative path, bytes)` pairs, e.g. from `include_dir`.
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Site, FixtureError> {
        Site::build(files, MANIFEST_NAME)
    }

    /// Answers every request of this site after `latency`, as a far-away server would; the wait
    /// is a timer, so it costs no CPU and many requests wait at once.
    pub fn with_latency(mut self, latency: Duration) -> Site {
        self.latency = (!latency.is_zero()).then_some(latency);
        self
    }

    /// Sets the `Last-Modified` date sent with every file (tests of `If-Modified-Since`).
    pub fn with_last_modified(mut self, when: SystemTime) -> Site {
        self.last_modified = when;
        self
    }

    /// Adds or replaces the file at `path` (relative, `/`-separated), e.g. to change one page
    /// between two runs.
    pub fn with_file(mut self, path: &str, bytes: Vec<u8>) -> Site {
        self.files.insert(normalise_key(path), bytes);
        self
    }

    /// Relative paths of the files the site serves, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    fn build(files: Vec<(String, Vec<u8>)>, manifest_name: &str) -> Result<Site, FixtureError> {
        let mut map: HashMap<String, Vec<u8>> = files
            .into_iter()
            .map(|(path, bytes)| (normalise_key(&path), bytes))
            .collect();
        let manifest_text = map.remove(MANIFEST_NAME);
        for name in NOT_SERVED {
            map.remove(name);
        }
        let manifest = match manifest_text {
            None => manifest::Manifest::default(),
            Some(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| FixtureError::Manifest {
                    file: manifest_name.to_string(),
                    line: 0,
                    message: "the manifest is not UTF-8".to_string(),
                })?;
                manifest::parse(manifest_name, &text, &map)?
            }
        };
        Ok(Site {
            files: map,
            routes: manifest.routes,
            traps: manifest.traps,
            series: manifest.series,
            latency: None,
            last_modified: default_last_modified(),
        })
    }
}

fn read_tree(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), FixtureError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| FixtureError::Io { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let path = entry.map_err(io_err(dir))?.path();
        if path.is_dir() {
            read_tree(root, &path, out)?;
        } else {
            let bytes = std::fs::read(&path).map_err(io_err(&path))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((key, bytes));
        }
    }
    Ok(())
}

fn default_last_modified() -> SystemTime {
    // The constant is a valid HTTP date (a unit test says so); the epoch is only a fallback.
    httpdate::parse_http_date(DEFAULT_LAST_MODIFIED).unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Relative file path with `/` separators and no leading `./` or `/`.
fn normalise_key(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut key = path.as_str();
    loop {
        let trimmed = key.trim_start_matches('/').trim_start_matches("./");
        if trimmed == key {
            break;
        }
        key = trimmed;
    }
    key.to_string()
}

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method (`GET`, `HEAD`, …).
    pub method: String,
    /// Path and query, as sent (still percent-encoded).
    pub target: String,
    /// `Host` header without the port, lower-cased, when sent.
    pub host: Option<String>,
    /// True when the request carried `If-None-Match` or `If-Modified-Since`.
    pub conditional: bool,
    /// Status of the answer (`304` for a successful revalidation); 0 while it is being made.
    pub status: u16,
}

struct Shared {
    /// Serves every host name (from [`serve`]).
    any_host: Option<HostSite>,
    /// Serves by `Host` (from [`serve_hosts`]).
    by_host: HashMap<String, HostSite>,
    port: u16,
    log: Mutex<Vec<RecordedRequest>>,
}

impl Shared {
    fn log(&self) -> std::sync::MutexGuard<'_, Vec<RecordedRequest>> {
        // A panic elsewhere while holding the lock leaves the log usable: it is append-only.
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A server running in the background; stops when dropped or on [`RunningServer::shutdown`].
pub struct RunningServer {
    /// The address it listens on (127.0.0.1 and an ephemeral port).
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Port the server listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Path and query of every request so far, in order (robots.txt included).
    pub fn hits(&self) -> Vec<String> {
        self.shared.log().iter().map(|r| r.target.clone()).collect()
    }

    /// Every request so far with its method and host, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log().clone()
    }

    /// Number of requests so far.
    pub fn hit_count(&self) -> usize {
        self.shared.log().len()
    }

    /// Stops accepting connections and waits (up to 5 s) for requests in flight to finish.
    pub async fn shutdown(mut self) {
        self.signal_stop();
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }

    fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server task may already be gone; then there is nothing to stop.
            let _ = stop.send(());
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.signal_stop();
    }
}

/// Serves one site on 127.0.0.1 at an ephemeral port, whatever the `Host` header says.
pub async fn serve(site: Site) -> Result<RunningServer, FixtureError> {
    start(Some(HostSite::new(site)), HashMap::new()).await
}

/// Several sites on one port, chosen by the Host header (name without port); unknown host → 404.
pub async fn serve_hosts(sites: Vec<(String, Site)>) -> Result<RunningServer, FixtureError> {
    let by_host = sites
        .into_iter()
        .map(|(host, site)| (host.to_ascii_lowercase(), HostSite::new(site)))
        .collect();
    start(None, by_host).await
}

async fn start(
    any_host: Option<HostSite>,
    by_host: HashMap<String, HostSite>,
) -> Result<RunningServer, FixtureError> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .map_err(FixtureError::Bind)?;
    let addr = listener.local_addr().map_err(FixtureError::Bind)?;
    let shared = Arc::new(Shared {
        any_host,
        by_host,
        port: addr.port(),
        log: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .fallback(handle)
        .with_state(Arc::clone(&shared));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(e) = server.await {
            tracing::warn!("fixture server stopped: {e}");
        }
    });
    Ok(RunningServer {
        addr,
        shared,
        stop: Some(stop),
        task: Some(task),
    })
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let host = host_name(req.headers());
    let method = req.method().clone();
    let uri = req.uri().clone();
    let target = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), |pq| pq.to_string());
    let conditional = respond::is_conditional(req.headers());
    // Logged on arrival, so the log keeps the order requests came in; the status follows.
    let index = {
        let mut log = shared.log();
        log.push(RecordedRequest {
            method: method.to_string(),
            target,
            host: host.clone(),
            conditional,
            status: 0,
        });
        log.len() - 1
    };
    let site = match &shared.any_host {
        Some(site) => Some(site),
        None => host.as_deref().and_then(|h| shared.by_host.get(h)),
    };
    let mut resp = match site {
        Some(site) => respond::respond(site, uri.path(), uri.query(), shared.port).await,
        None => respond::not_found(),
    };
    if conditional {
        resp = respond::answer_conditional(req.headers(), resp);
    }
    if method == Method::HEAD && resp.status() != StatusCode::NOT_MODIFIED {
        strip_body(&mut resp);
    }
    if let Some(entry) = shared.log().get_mut(index) {
        entry.status = resp.status().as_u16();
    }
    resp
}

/// HEAD keeps status and headers (with the length the GET body would have) and drops the body.
fn strip_body(resp: &mut Response) {
    use axum::body::HttpBody;
    if let Some(len) = resp.body().size_hint().exact() {
        resp.headers_mut()
            .insert(header::CONTENT_LENGTH, len.into());
    }
    *resp.body_mut() = axum::body::Body::empty();
}

fn host_name(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::HOST)?.to_str().ok()?.trim();
    let name = if raw.starts_with('[') {
        raw.split_inclusive(']').next().unwrap_or(raw)
    } else {
        raw.split(':').next().unwrap_or(raw)
    };
    Some(name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_keys() {
        assert_eq!(normalise_key("./a/index.html"), "a/index.html");
        assert_eq!(normalise_key("/docs\\ustav.pdf"), "docs/ustav.pdf");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(
            percent_decode("/media/%D0%9F%D0%BB%D0%B0%D0%BD.pdf"),
            "/media/План.pdf"
        );
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
    }

    #[test]
    fn host_without_port() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "KCSON-new.test:8080".parse().expect("header"));
        assert_eq!(host_name(&h).as_deref(), Some("kcson-new.test"));
        h.insert(header::HOST, "[::1]:80".parse().expect("header"));
        assert_eq!(host_name(&h).as_deref(), Some("[::1]"));
    }

    #[test]
    fn latency_is_kept_unless_zero() {
        let site = Site::from_files(vec![("index.html".into(), b"x".to_vec())]).expect("site");
        assert_eq!(site.latency, None);
        let slow = site.clone().with_latency(Duration::from_millis(50));
        assert_eq!(slow.latency, Some(Duration::from_millis(50)));
        assert_eq!(slow.with_latency(Duration::ZERO).latency, None);
    }

    #[test]
    fn default_last_modified_is_the_documented_date() {
        assert_eq!(
            httpdate::fmt_http_date(default_last_modified()),
            DEFAULT_LAST_MODIFIED
        );
    }

    #[test]
    fn manifest_and_metadata_are_not_served() {
        let site = Site::from_files(vec![
            ("index.html".into(), b"x".to_vec()),
            ("expected.toml".into(), b"[expected]".to_vec()),
            ("_site.toml".into(), b"".to_vec()),
        ])
        .expect("site");
        assert_eq!(site.paths(), vec!["index.html"]);
    }
}
