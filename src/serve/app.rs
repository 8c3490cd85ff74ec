//! The router: which path goes to which handler, the state they share, and the layers every
//! request passes (body size limit, security headers).

use super::queue::Engine;
use super::rate_limit::RateLimiter;
use super::{api, pages, sse};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Largest request body: a URL in a form or a JSON object needs far less.
pub const BODY_LIMIT: usize = 16 * 1024;

/// Settings the handlers read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Fetch private addresses too (a server for one's own network or tests).
    pub allow_private: bool,
    /// `--resolve` pins, which the address check applies like the fetcher does.
    pub pinned: Vec<(String, SocketAddr)>,
    /// Internal addresses allowed despite the public-only rule (`--allow-address`).
    pub allowed: Vec<std::net::IpAddr>,
    /// Most checks waiting in the queue.
    pub queue_limit: u64,
    /// A check of the same site younger than this is returned instead of a new one.
    pub reuse_window: Duration,
    /// "Check again" makes a new check only when the last one is older than this.
    pub recheck_after: Duration,
    /// Count clients by the address a reverse proxy puts in `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// Mark the session cookie `Secure` on every response (TLS in front of the server).
    pub secure_cookies: bool,
    /// Schedules and alerts (`public_url` filled in with the listen address when not given).
    pub schedules: crate::workspace::schedules::runner::SchedulesConfig,
}

/// What every handler gets.
pub struct AppState {
    /// The database of the workspace (accounts, lists, sweeps, schedules).
    pub db: crate::db::Db,
    /// Store, workers' shared parts, metrics.
    pub engine: Arc<Engine>,
    /// Per-client limits on new checks.
    pub limiter: RateLimiter,
    /// Per-client limits on login attempts (a bucket of its own).
    pub login_limiter: RateLimiter,
    /// Settings.
    pub settings: Settings,
    /// Turns true when the server stops (open event streams end).
    pub stop: watch::Receiver<bool>,
}

/// The shared state as handlers extract it.
pub type State = axum::extract::State<Arc<AppState>>;

/// The whole application.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/checks", post(pages::submit_form))
        .route("/checks/{id}", get(pages::check_page))
        .route("/checks/{id}/again", post(pages::again))
        .route("/checks/{id}/report.json", get(pages::report_json))
        .route("/checks/{id}/print", get(pages::print))
        .route("/api/checks", post(api::create))
        .route("/api/checks/{id}", get(api::get_check))
        .route("/api/checks/{id}/events", get(sse::events))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/static/progress.js", get(pages::progress_js))
        .route("/static/serve.css", get(pages::serve_css))
        .route("/static/workspace.css", get(pages::workspace_css))
        .merge(crate::workspace::router())
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(super::security::headers))
        .with_state(state)
}
