//! The progress page of one sweep: `GET /sweeps/{id}` (status, sites done of total, time since
//! it started; a link to the run in the history once done), `GET /sweeps/{id}/status.json` for
//! the script that refreshes the numbers in place, and the script itself (a static file: the CSP
//! forbids inline scripts). Without the script the page refreshes itself while the sweep runs.

use crate::serve::api::json_response;
use crate::serve::app::{AppState, State};
use crate::serve::now_ms;
use crate::workspace::auth::CurrentUser;
use crate::workspace::layout::Page;
use crate::workspace::lists::store;
use crate::workspace::lists::views::{db_failed, not_found, SweepView};
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use std::sync::Arc;

static SWEEP: Page = Page::new(
    "lists_sweep.html",
    include_str!("../templates/lists_sweep.html.tera"),
);

/// The routes of the progress page.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/sweeps/{id}", get(sweep_page))
        .route("/sweeps/{id}/status.json", get(status_json))
        .route("/static/lists_sweep.js", get(script))
}

#[derive(Serialize)]
struct SweepPage {
    sweep: SweepView,
    list_id: i64,
    list_name: String,
    running: bool,
    summary: Option<Totals>,
}

/// What the finished run found, from the history.
#[derive(Serialize)]
struct Totals {
    sites: usize,
    compliant: usize,
    non_compliant: usize,
    unreachable: usize,
}

/// `GET /sweeps/{id}`.
async fn sweep_page(state: State, user: CurrentUser, Path(id): Path<i64>) -> Response {
    let sweep = match store::sweep(&state.db, id) {
        Ok(Some(s)) => s,
        Ok(None) => return not_found(&user, "Проверка списка"),
        Err(e) => return db_failed(&user, &e),
    };
    let list_name = match store::list_name(&state.db, sweep.list_id) {
        Ok(name) => name.unwrap_or_default(),
        Err(e) => return db_failed(&user, &e),
    };
    let summary = match (sweep.status.as_str(), sweep.run_id, &state.engine.history) {
        ("done", Some(run), Some(history)) => history.run_summary(run).ok().map(|s| Totals {
            sites: s.sites.len(),
            compliant: s.sites.iter().filter(|x| x.verdict == "compliant").count(),
            non_compliant: s
                .sites
                .iter()
                .filter(|x| x.verdict == "non_compliant")
                .count(),
            unreachable: s.sites.iter().filter(|x| !x.reachable).count(),
        }),
        _ => None,
    };
    let view = SweepPage {
        running: matches!(sweep.status.as_str(), "queued" | "running"),
        sweep: SweepView::of(&sweep, now_ms()),
        list_id: sweep.list_id,
        list_name,
        summary,
    };
    SWEEP.respond(Some(&user), &format!("Проверка списка № {id}"), &view)
}

/// `GET /sweeps/{id}/status.json`: what the script shows.
async fn status_json(state: State, user: CurrentUser, Path(id): Path<i64>) -> Response {
    match store::sweep(&state.db, id) {
        Ok(Some(sweep)) => {
            let view = serde_json::to_value(SweepView::of(&sweep, now_ms())).unwrap_or_default();
            json_response(StatusCode::OK, &view)
        }
        Ok(None) => json_response(
            StatusCode::NOT_FOUND,
            &serde_json::json!({"error": "нет такой проверки"}),
        ),
        Err(e) => db_failed(&user, &e),
    }
}

/// `GET /static/lists_sweep.js`.
async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/lists_sweep.js"),
    )
        .into_response()
}
