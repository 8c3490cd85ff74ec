//! Workspace part `schedules`: sweeps of a list on a cron schedule, and alerts when a scheduled
//! sweep finds something worse than the one before (webhook, e-mail). The page `GET /schedules`
//! shows every schedule with its next runs and the alert log; administrators create, pause,
//! delete and test schedules. Cron in [`crate::workspace::schedules::cron`], tables in
//! [`crate::workspace::schedules::store`], background work in [`crate::workspace::schedules::loop`].

pub mod alerts;
pub mod claims;
pub mod cron;
pub mod email;
pub mod runner;
pub mod store;
pub mod view;
pub mod webhook;

use crate::serve::app::{AppState, State};
use crate::serve::now_ms;
use crate::workspace::auth::{AdminUser, CurrentUser};
use crate::workspace::layout::Page;
use crate::workspace::schedules::cron::CronExpr;
use crate::workspace::schedules::email::valid_address;
use crate::workspace::schedules::runner::Alerter;
use crate::workspace::schedules::store::{split_emails, NewSchedule};
use crate::workspace::schedules::view::{view, FormValues};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::sync::Arc;

static PAGE: Page = Page::new(
    "schedules_list.html",
    include_str!("../templates/schedules_list.html.tera"),
);

/// The page's title.
const TITLE: &str = "Расписания";

/// The shortest webhook secret accepted.
pub const MIN_SECRET: usize = 16;

/// The routes of this part.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/schedules", get(list_page).post(create))
        .route("/schedules/{id}/delete", post(delete))
        .route("/schedules/{id}/enable", post(enable))
        .route("/schedules/{id}/disable", post(disable))
        .route("/schedules/{id}/test-alert", post(test_alert))
}

fn fields(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Форма устарела или отправлена с другого сайта; обновите страницу и повторите.",
    )
        .into_response()
}

fn db_failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "schedules: database failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Ошибка базы данных; попробуйте позже.",
    )
        .into_response()
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    form: FormValues,
) -> Response {
    match view(state, user, notice, form) {
        Ok(v) => (status, PAGE.respond(Some(user), TITLE, &v)).into_response(),
        Err(e) => db_failed(e),
    }
}

/// `GET /schedules`.
async fn list_page(state: State, user: CurrentUser, uri: axum::http::Uri) -> Response {
    let notice = uri.query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "done")
            .map(|(_, v)| match v.as_ref() {
                "created" => "Расписание создано.",
                "deleted" => "Расписание удалено.",
                "enabled" => "Расписание включено.",
                "disabled" => "Расписание приостановлено.",
                "test" => "Пробное оповещение отправляется; итог появится в журнале ниже.",
                _ => "",
            })
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    });
    render(&state, &user, StatusCode::OK, notice, FormValues::default())
}

/// The new schedule of a form, or what is wrong with it (in Russian).
fn parse_form(state: &AppState, form: &FormValues) -> Result<NewSchedule, String> {
    let list_id: i64 = form
        .list_id
        .trim()
        .parse()
        .map_err(|_| "выберите список".to_string())?;
    let exists = state
        .db
        .query_opt(
            "SELECT id FROM ws_lists WHERE id = $1",
            crate::vals![list_id],
        )
        .map_err(|e| e.to_string())?;
    if exists.is_none() {
        return Err(format!("списка № {list_id} нет"));
    }
    let cron = CronExpr::parse(&form.cron)?;
    let webhook_url = Some(form.webhook_url.trim().to_string()).filter(|u| !u.is_empty());
    let secret = form.webhook_secret.trim().to_string();
    if let Some(url) = &webhook_url {
        let parsed =
            url::Url::parse(url).map_err(|_| format!("адрес вебхука «{url}» не является URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!(
                "адрес вебхука «{url}» должен начинаться с http:// или https://"
            ));
        }
        if secret.chars().count() < MIN_SECRET {
            return Err(format!("секрет вебхука должен быть не короче {MIN_SECRET} символов (например, вывод «openssl rand -hex 32»)"));
        }
    }
    let emails = split_emails(&form.emails);
    if let Some(bad) = emails.iter().find(|a| !valid_address(a)) {
        return Err(format!("«{bad}» не похоже на адрес e-mail"));
    }
    Ok(NewSchedule {
        list_id,
        cron: cron.text().to_string(),
        webhook_secret: webhook_url.as_ref().map(|_| secret),
        webhook_url,
        emails,
    })
}

/// `POST /schedules` (administrators).
async fn create(
    state: State,
    AdminUser(user): AdminUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    if !user.csrf_ok(&headers, &get("csrf")) {
        return csrf_refused();
    }
    let form = FormValues {
        list_id: get("list_id"),
        cron: get("cron"),
        webhook_url: get("webhook_url"),
        webhook_secret: String::new(),
        emails: get("emails"),
        error: None,
    };
    let submitted = FormValues {
        webhook_secret: get("webhook_secret"),
        ..form.clone()
    };
    let zone = state.settings.schedules.zone.clone();
    let created = parse_form(&state, &submitted)
        .and_then(|new| store::create(&state.db, &new, Some(user.id), &zone, now_ms()));
    match created {
        Ok(id) => {
            tracing::info!(schedule = id, by = %user.name, "schedule created");
            Redirect::to("/schedules?done=created").into_response()
        }
        // The secret is not echoed back into the page.
        Err(error) => render(
            &state,
            &user,
            StatusCode::BAD_REQUEST,
            None,
            FormValues {
                error: Some(error),
                ..form
            },
        ),
    }
}

/// Checks the CSRF token of a row button's form; the response to send when it is wrong.
fn row_csrf(user: &CurrentUser, headers: &HeaderMap, body: &[u8]) -> Option<Response> {
    let token = fields(body).remove("csrf").unwrap_or_default();
    (!user.csrf_ok(headers, &token)).then(csrf_refused)
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Такого расписания нет.").into_response()
}

/// `POST /schedules/{id}/delete`.
async fn delete(
    state: State,
    AdminUser(user): AdminUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = row_csrf(&user, &headers, &body) {
        return refused;
    }
    match store::delete(&state.db, id) {
        Ok(true) => Redirect::to("/schedules?done=deleted").into_response(),
        Ok(false) => not_found(),
        Err(e) => db_failed(e),
    }
}

async fn switch(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    on: bool,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    if let Some(refused) = row_csrf(user, headers, body) {
        return refused;
    }
    let zone = &state.settings.schedules.zone;
    match store::set_enabled(&state.db, id, on, zone, now_ms()) {
        Ok(true) if on => Redirect::to("/schedules?done=enabled").into_response(),
        Ok(true) => Redirect::to("/schedules?done=disabled").into_response(),
        Ok(false) => not_found(),
        Err(e) => db_failed(e),
    }
}

/// `POST /schedules/{id}/enable`.
async fn enable(
    state: State,
    AdminUser(user): AdminUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    switch(&state, &user, id, true, &headers, &body).await
}

/// `POST /schedules/{id}/disable`.
async fn disable(
    state: State,
    AdminUser(user): AdminUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    switch(&state, &user, id, false, &headers, &body).await
}

/// `POST /schedules/{id}/test-alert`: a sample alert to the schedule's targets, sent in the
/// background (a slow webhook must not hold the page); the log shows the outcome.
async fn test_alert(
    state: State,
    AdminUser(user): AdminUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = row_csrf(&user, &headers, &body) {
        return refused;
    }
    let schedule = match store::get(&state.db, id) {
        Ok(Some(s)) => s,
        Ok(None) => return not_found(),
        Err(e) => return db_failed(e),
    };
    let alerter = Alerter::new(&state);
    tokio::spawn(async move {
        if let Err(e) = alerter.send_test(&schedule).await {
            tracing::error!(schedule = schedule.id, error = %e, "test alert failed");
        }
    });
    Redirect::to("/schedules?done=test").into_response()
}
