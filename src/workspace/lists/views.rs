//! What the pages of part `lists` show of a sweep (Russian words, dates) and the small pages
//! for errors of this part (403, 404, 413, 400).

use crate::workspace::auth::CurrentUser;
use crate::workspace::layout::Page;
use crate::workspace::lists::store::SweepInfo;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

static MESSAGE: Page = Page::new(
    "lists_message.html",
    include_str!("../templates/lists_message.html.tera"),
);

/// A sweep row as the pages show it.
#[derive(Debug, Serialize)]
pub struct SweepView {
    /// Id.
    pub id: i64,
    /// queued / running / done / failed (for CSS and the script).
    pub status: String,
    /// The same in Russian.
    pub status_ru: &'static str,
    /// «пользователь имя» or «по расписанию».
    pub started_by: String,
    /// When it was queued, UTC.
    pub created: String,
    /// When it ended, UTC, if it did.
    pub finished: Option<String>,
    /// Sites finished.
    pub sites_done: i64,
    /// Sites in the sweep.
    pub sites_total: i64,
    /// The history run.
    pub run_id: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
    /// Seconds since it started (to its end, when it ended).
    pub elapsed_s: Option<i64>,
}

impl SweepView {
    /// The view of `sweep` at `now_ms`.
    pub fn of(sweep: &SweepInfo, now_ms: i64) -> SweepView {
        let started_by = match (&sweep.requested_by, sweep.schedule_id) {
            (_, Some(schedule)) => format!("по расписанию № {schedule}"),
            (Some(name), None) => name.clone(),
            (None, None) => "—".into(),
        };
        let end = sweep.finished_ms.unwrap_or(now_ms);
        SweepView {
            id: sweep.id,
            status: sweep.status.clone(),
            status_ru: status_ru(&sweep.status),
            started_by,
            created: when(sweep.created_ms),
            finished: sweep.finished_ms.map(when),
            sites_done: sweep.sites_done,
            sites_total: sweep.sites_total,
            run_id: sweep.run_id,
            error: sweep.error.clone(),
            elapsed_s: sweep.started_ms.map(|s| ((end - s) / 1000).max(0)),
        }
    }
}

/// A sweep status in Russian.
pub fn status_ru(status: &str) -> &'static str {
    match status {
        "queued" => "в очереди",
        "running" => "идёт",
        "done" => "завершена",
        "failed" => "не удалась",
        _ => "неизвестно",
    }
}

/// `ms` since the epoch as «2026-12-06 04:15 UTC».
pub fn when(ms: i64) -> String {
    let text = crate::serve::rfc3339(ms);
    match text.get(..16) {
        Some(minutes) => format!("{} UTC", minutes.replace('T', " ")),
        None => text,
    }
}

#[derive(Serialize)]
struct MessageView<'a> {
    text: &'a str,
}

/// A page of this part saying what went wrong, with `status`.
pub fn message(me: Option<&CurrentUser>, status: StatusCode, title: &str, text: &str) -> Response {
    let mut response = MESSAGE.respond(me, title, &MessageView { text });
    *response.status_mut() = status;
    response
}

/// 403: a form without this session's CSRF token.
pub fn forbidden(me: &CurrentUser) -> Response {
    message(
        Some(me),
        StatusCode::FORBIDDEN,
        "Запрос отклонён",
        "Форма устарела или отправлена с другого сайта. Откройте страницу заново и повторите.",
    )
}

/// 404 for a list or sweep that does not exist.
pub fn not_found(me: &CurrentUser, what: &str) -> Response {
    message(
        Some(me),
        StatusCode::NOT_FOUND,
        "Не найдено",
        &format!("{what} не найден(а)."),
    )
}

/// 500 after a database error (logged).
pub fn db_failed(me: &CurrentUser, e: &crate::db::DbError) -> Response {
    tracing::error!(error = %e, "workspace lists: database error");
    message(
        Some(me),
        StatusCode::INTERNAL_SERVER_ERROR,
        "Ошибка базы данных",
        "Не удалось прочитать или записать данные; ошибка записана в журнал сервера.",
    )
    .into_response()
}
