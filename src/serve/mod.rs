//! `socaudit serve`: a web page where anyone can check a site, and a JSON API for the same.
//!
//! A check asked for by the form (`/`) or the API (`POST /api/checks`) is stored as `queued` in
//! the database ([`store`]); workers ([`queue`]) take checks in order and run the same pipeline
//! as `socaudit check` ([`crate::audit::audit_site`]), publishing progress ([`live`], streamed by
//! [`sse`]) and storing the `socaudit/report/v1` document, which the result page renders with
//! the same template as report.html ([`pages`]). Nothing is only in memory that a restart could
//! lose: a check queued before `kill -9` runs after the next start.
//!
//! Safe to expose ([`security`], [`submit`], [`rate_limit`]): only public addresses are fetched
//! (checked at connect time on every hop by the fetcher's resolver) unless `allow_private`;
//! per-client rate limits, a bounded queue, small request bodies, CSRF tokens for the form,
//! strict security headers, and every string from a site escaped.

pub mod api;
pub mod app;
pub mod listen;
pub mod live;
pub mod metrics;
pub mod pages;
pub mod queue;
pub mod rate_limit;
pub mod security;
pub mod sse;
pub mod store;
pub mod submit;
pub(crate) mod views;

use crate::crawl::CrawlConfig;
use crate::db::{Db, Dialect};
use crate::fetch::cache::HttpCache;
use crate::fetch::http::{HttpConfig, HttpFetcher};
use crate::fetch::revalidate::RevalidatingFetcher;
use crate::history::History;
use crate::politeness::PolitenessConfig;
use crate::rules::RuleSet;
use app::{AppState, Settings};
use queue::Engine;
use rate_limit::{RateLimit, RateLimiter};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use store::{CheckStore, DbStore};
use thiserror::Error;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

/// The fetcher of the server: HTTP, revalidating against the history's store.
pub type SiteFetcher = RevalidatingFetcher<HttpFetcher, Arc<dyn HttpCache>>;

/// Everything `socaudit serve` is configured with.
pub struct ServeConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The database: queue, results, run history and workspace — a SQLite file path or a
    /// `postgres://` URL (several servers may share one PostgreSQL database).
    pub db: String,
    /// Fetch loopback and private addresses too (never on a server others can reach).
    pub allow_private: bool,
    /// Checks run at the same time; 0 runs none here (the queue is worked by another process
    /// sharing the database, or by the next start).
    pub workers: usize,
    /// Sweeps of uploaded lists run at the same time; 0 runs none here.
    pub sweep_workers: usize,
    /// Sites of one sweep checked at the same time.
    pub sweep_concurrency: usize,
    /// Most checks waiting in the queue; more are refused with 503.
    pub queue_limit: u64,
    /// New checks per client.
    pub rate_limit: RateLimit,
    /// A check of the same site younger than this is shown instead of a new one.
    pub reuse_window: Duration,
    /// "Check again" starts a new check only when the last one is older than this.
    pub recheck_after: Duration,
    /// How long running checks may finish after a stop signal before going back to the queue.
    pub shutdown_grace: Duration,
    /// Count clients by `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Mark the workspace's session cookie `Secure` even without a trusted proxy saying https.
    pub secure_cookies: bool,
    /// The rules.
    pub rules: RuleSet,
    /// HTTP settings (`public_only` is set from `allow_private`).
    pub http: HttpConfig,
    /// Politeness of every check.
    pub politeness: PolitenessConfig,
    /// Budgets of every check.
    pub crawl: CrawlConfig,
    /// Schedules and alerts of the workspace.
    pub schedules: crate::workspace::schedules::runner::SchedulesConfig,
}

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum ServeError {
    /// The database could not be opened.
    #[error("{0}")]
    Database(String),
    /// The HTTP client could not be built.
    #[error("{0}")]
    Client(String),
    /// The address could not be bound.
    #[error("не удалось занять адрес {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    http: JoinHandle<()>,
    workers: Vec<JoinHandle<()>>,
}

impl Server {
    /// The address it listens on (the port chosen when `listen` had port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops: no new connections, open event streams end, running checks get the grace period
    /// to finish and are put back in the queue past it.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.http.await;
        for worker in self.workers {
            let _ = worker.await;
        }
    }
}

/// Renews this server's claims on its running checks until the stop signal, and puts the
/// checks of servers that stopped renewing theirs back in the queue.
async fn keep_claims(engine: Arc<Engine>, mut stop: watch::Receiver<bool>) {
    let every = Duration::from_millis(store::RENEW_EVERY_MS.unsigned_abs());
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
        let store = engine.store.clone();
        match tokio::task::spawn_blocking(move || store.keep_alive(now_ms())).await {
            Ok(Ok(0)) => {}
            Ok(Ok(requeued)) => {
                tracing::warn!(requeued, "checks of a server that stopped are queued again");
                engine.wake.notify_waiters();
            }
            Ok(Err(e)) => tracing::error!("{e}"),
            Err(e) => tracing::error!("renewing the claims on running checks failed: {e}"),
        }
    }
}

/// Opens the database, puts checks left running by a crash back in the queue, binds `listen`,
/// starts the workers and serves.
pub async fn start(config: ServeConfig) -> Result<Server, ServeError> {
    let database = |e: &dyn std::fmt::Display| ServeError::Database(e.to_string());
    let db = Db::open(&config.db).map_err(|e| database(&e))?;
    // SQLite: a connection per part, so a long history read does not hold up the queue or a
    // login; PostgreSQL: one pool for all.
    let another = |db: &Db| match db.dialect() {
        Dialect::Sqlite => Db::open(&config.db),
        Dialect::Postgres => Ok(db.clone()),
    };
    let history = Arc::new(
        History::with_db(another(&db).map_err(|e| database(&e))?).map_err(|e| database(&e))?,
    );
    crate::workspace::migrate(&db).map_err(|e| database(&e))?;
    let store: Arc<dyn CheckStore> =
        Arc::new(DbStore::new(another(&db).map_err(|e| database(&e))?).map_err(|e| database(&e))?);
    let requeued = store
        .requeue_running()
        .map_err(|e| ServeError::Database(e.to_string()))?;
    if requeued > 0 {
        tracing::info!(
            requeued,
            "checks interrupted by the last stop are queued again"
        );
    }
    let http = HttpConfig {
        public_only: !config.allow_private,
        ..config.http
    };
    let pinned = http.resolve.clone();
    let allowed = http.allowed_addresses.clone();
    let client = HttpFetcher::new(http).map_err(|e| ServeError::Client(e.to_string()))?;
    let cache: Arc<dyn HttpCache> = history.clone();
    let engine = Arc::new(Engine {
        store,
        live: live::Live::default(),
        metrics: Arc::default(),
        rules: Arc::new(config.rules),
        fetcher: Arc::new(RevalidatingFetcher::new(client, cache)),
        politeness: config.politeness,
        crawl: config.crawl,
        history: Some(history),
        wake: Notify::new(),
        shutdown_grace: config.shutdown_grace,
    });
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.listen,
        source,
    })?;
    let mut schedules = config.schedules;
    schedules.public_url = schedules
        .public_url
        .or_else(|| Some(format!("http://{addr}")));
    let (stop_tx, stop_rx) = watch::channel(false);
    let state = Arc::new(AppState {
        db,
        engine: engine.clone(),
        limiter: RateLimiter::new(config.rate_limit),
        login_limiter: RateLimiter::new(crate::workspace::accounts::LOGIN_RATE),
        settings: Settings {
            allow_private: config.allow_private,
            pinned,
            allowed,
            queue_limit: config.queue_limit,
            reuse_window: config.reuse_window,
            recheck_after: config.recheck_after,
            trust_proxy: config.trust_proxy,
            secure_cookies: config.secure_cookies,
            schedules,
        },
        stop: stop_rx.clone(),
    });
    let mut workers: Vec<JoinHandle<()>> = (0..config.workers)
        .map(|_| tokio::spawn(queue::worker(engine.clone(), stop_rx.clone())))
        .collect();
    let sweeps = crate::workspace::lists::worker::SweepWorkers {
        count: config.sweep_workers,
        concurrency: config.sweep_concurrency,
        work_dir: sweep_dir(&config.db),
    };
    workers.extend(crate::workspace::lists::worker::start(
        state.clone(),
        sweeps,
        stop_rx.clone(),
    ));
    if state.settings.schedules.run_loops {
        workers.push(tokio::spawn(crate::workspace::schedules::runner::run(
            state.clone(),
            stop_rx.clone(),
        )));
    }
    workers.push(tokio::spawn(keep_claims(engine.clone(), stop_rx.clone())));
    let app = app::router(state);
    let mut stopped = stop_rx;
    let http = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.wait_for(|s| *s).await;
        };
        listen::serve(listener, app, shutdown).await;
    });
    tracing::info!(%addr, "serving");
    Ok(Server {
        addr,
        stop: stop_tx,
        http,
        workers,
    })
}

/// Where sweeps of uploaded lists keep their reports while they run: next to the database.
/// A server on PostgreSQL has no database file: its sweeps work in the system's temporary folder.
fn sweep_dir(spec: &str) -> std::path::PathBuf {
    if crate::db::is_postgres_url(spec) {
        return std::env::temp_dir().join("socaudit-serve.sweeps");
    }
    let db = std::path::Path::new(spec);
    let name = db
        .file_name()
        .map_or_else(|| "socaudit".into(), |n| n.to_string_lossy().into_owned());
    db.with_file_name(format!("{name}.sweeps"))
}

/// Serves until `signal` resolves, then shuts down gracefully.
pub async fn run(config: ServeConfig, signal: impl Future<Output = ()>) -> Result<(), ServeError> {
    let server = start(config).await?;
    eprintln!("socaudit serve: http://{}/", server.addr());
    signal.await;
    eprintln!("socaudit serve: остановка — идущие проверки завершаются или возвращаются в очередь");
    server.shutdown().await;
    Ok(())
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// `ms` since the epoch as RFC 3339 (UTC).
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
