//! Workspace part `timeline`: history you can see. `GET /site?url=…` — one site across the
//! runs of the history (a table, an inline SVG chart of the share of mandatory items met, the
//! latest run's items with the day each failing one was first detected, accepted findings);
//! `POST /site/accept` and `POST /site/accepted/{id}/revoke` — accepting and revoking findings
//! in the name of the logged-in account; `GET /lists/{id}/trend` — a list's sweeps by region
//! ([`crate::workspace::timeline::trend`]); `GET /diff` — two runs compared ([`crate::workspace::timeline::diff`]).

pub mod accepted;
pub mod diff;
pub mod site;
pub mod svg;
pub mod trend;

use crate::history::History;
use crate::serve::app::AppState;
use crate::workspace::auth::CurrentUser;
use crate::workspace::layout::Page;
use crate::workspace::timeline::accepted::{insert, revoke, validate, AcceptForm};
use crate::workspace::timeline::site::{load, query_value, Echo};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

static SITE: Page = Page::new(
    "timeline_site.html",
    include_str!("../templates/timeline_site.html.tera"),
);
static MISSING: Page = Page::new(
    "timeline_missing.html",
    include_str!("../templates/timeline_missing.html.tera"),
);

/// The routes of this part.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/site", get(site_page))
        .route("/site/accept", post(accept))
        .route("/site/accepted/{id}/revoke", post(revoke_accepted))
        .route(
            "/lists/{id}/trend",
            get(crate::workspace::timeline::trend::trend_page),
        )
        .route("/diff", get(crate::workspace::timeline::diff::diff_page))
}

/// The fields of a URL-encoded form body or query string (a repeated name: the last wins).
pub(super) fn fields(encoded: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(encoded).into_owned().collect()
}

/// The field `name` of `fields`, empty when absent.
pub(super) fn field(fields: &HashMap<String, String>, name: &str) -> String {
    fields.get(name).cloned().unwrap_or_default()
}

#[derive(Serialize)]
struct Missing<'a> {
    text: &'a str,
}

/// A Russian 404 page inside the workspace frame.
pub(super) fn missing(user: &CurrentUser, title: &str, text: &str) -> Response {
    let page = MISSING.respond(Some(user), title, &Missing { text });
    (StatusCode::NOT_FOUND, page).into_response()
}

/// The answer to a form post without this session's token.
pub(super) fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Форма устарела или отправлена не с этого сайта: обновите страницу и попробуйте снова.",
    )
        .into_response()
}

/// A database or history failure: logged, answered with 500.
pub(super) fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "workspace timeline failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Ошибка базы данных; попробуйте позже.",
    )
        .into_response()
}

/// The run history, or the page saying the server keeps none.
pub(super) fn history(state: &AppState, user: &CurrentUser) -> Result<Arc<History>, Box<Response>> {
    state.engine.history.clone().ok_or_else(|| {
        Box::new(missing(
            user,
            "История недоступна",
            "Этот сервер не ведёт историю проверок.",
        ))
    })
}

/// Runs `work` off the async threads (the history reads can be long for big sweeps).
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, Box<Response>> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(Box::new(failed(e))),
        Err(e) => Err(Box::new(failed(e))),
    }
}

async fn site_page(
    user: CurrentUser,
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Response {
    let url = field(&fields(query.unwrap_or_default().as_bytes()), "url");
    site_response(state, user, url, None).await
}

/// The site page, with the refused form's problem and fields when there is one (then 422).
async fn site_response(
    state: Arc<AppState>,
    user: CurrentUser,
    url: String,
    refused: Option<(String, Echo)>,
) -> Response {
    if url.trim().is_empty() {
        return missing(&user, "Сайт не указан", "Укажите адрес сайта: /site?url=…");
    }
    let history = match history(&state, &user) {
        Ok(h) => h,
        Err(page) => return *page,
    };
    let today = crate::audit::today();
    let st = state.clone();
    let asked = url.clone();
    let loaded = blocking(move || load(&st.db, &history, &asked, today)).await;
    let mut view = match loaded {
        Ok(Some(view)) => view,
        Ok(None) => {
            return missing(
                &user,
                "Сайт не найден",
                &format!("Сайта «{url}» нет ни в одном запуске истории проверок."),
            )
        }
        Err(page) => return *page,
    };
    let status = if refused.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    if let Some((problem, echo)) = refused {
        view.problem = Some(problem);
        view.echo = echo;
    }
    let title = format!(
        "История сайта {}",
        view.name.clone().unwrap_or_else(|| view.url.clone())
    );
    (status, SITE.respond(Some(&user), &title, &view)).into_response()
}

async fn accept(
    user: CurrentUser,
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = AcceptForm::from_fields(&fields(&body));
    if !user.csrf_ok(&headers, &form.csrf) {
        return forbidden();
    }
    let history = match history(&state, &user) {
        Ok(h) => h,
        Err(page) => return *page,
    };
    let echo = Echo {
        requirement: form.requirement.clone(),
        reason: form.reason.clone(),
        until: form.until.clone(),
    };
    let accept = match validate(&form, &state.engine.rules, crate::audit::today()) {
        Ok(a) => a,
        Err(problem) => return site_response(state, user, form.url, Some((problem, echo))).await,
    };
    let asked = form.url.clone();
    let runs = match blocking(move || history.site_runs(&asked).map_err(|e| e.to_string())).await {
        Ok(runs) => runs,
        Err(page) => return *page,
    };
    // The history's own spelling of the site is stored, so every report matches it.
    let Some(site) = runs.last().map(|r| r.site.url.clone()) else {
        return missing(
            &user,
            "Сайт не найден",
            &format!(
                "Сайта «{}» нет в истории проверок: принять замечание нельзя.",
                form.url
            ),
        );
    };
    if let Err(e) = insert(&state.db, &site, &accept, user.id, crate::serve::now_ms()) {
        return failed(e);
    }
    tracing::info!(
        site,
        requirement = accept.requirement,
        by = user.name,
        "finding accepted"
    );
    Redirect::to(&format!("/site?url={}#accepted", query_value(&site))).into_response()
}

async fn revoke_accepted(
    user: CurrentUser,
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !user.csrf_ok(&headers, &field(&fields(&body), "csrf")) {
        return forbidden();
    }
    match revoke(&state.db, id, user.id, crate::serve::now_ms()) {
        Ok(Some(site)) => {
            tracing::info!(acceptance = id, by = user.name, "acceptance revoked");
            Redirect::to(&format!("/site?url={}#accepted", query_value(&site))).into_response()
        }
        Ok(None) => missing(
            &user,
            "Принятие не найдено",
            &format!("Принятого замечания № {id} нет."),
        ),
        Err(e) => failed(e),
    }
}
