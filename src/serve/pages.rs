//! The pages a person uses: the form (`/`), a check (`/checks/{id}`: progress, then the report
//! with its bar), "check again", the report.json download and the printable report.

use super::app::{AppState, State};
use super::now_ms;
use super::security::{client_ip, csrf_ok, csrf_token, is_check_id, random_hex, report_csp};
use super::store::{CheckRecord, CheckStatus};
use super::submit::{submit, Refused};
use super::views::{self, IndexView, MessageView, PendingView, ToolbarView};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::net::SocketAddr;

/// `GET /`.
pub async fn index(headers: HeaderMap) -> Response {
    let (csrf, cookie) = csrf_token(&headers);
    let view = IndexView {
        csrf,
        url: String::new(),
        error: None,
    };
    with_cookie(Html(views::index(&view)).into_response(), cookie)
}

/// `POST /checks` (the form).
pub async fn submit_form(
    state: State,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (url, token) = form_fields(&body);
    if !csrf_ok(&headers, &token) {
        state.engine.metrics.refuse(super::metrics::Refusal::Csrf);
        return csrf_refused();
    }
    let client = client_ip(peer, &headers, state.settings.trust_proxy);
    match submit(&state, &url, client, false).await {
        Ok(accepted) => redirect_to(&accepted.id, accepted.reused.then_some("reused=1")),
        Err(refused) => refused_form(&headers, &url, &refused),
    }
}

/// `POST /checks/{id}/again`.
pub async fn again(
    state: State,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (_, token) = form_fields(&body);
    if !csrf_ok(&headers, &token) {
        state.engine.metrics.refuse(super::metrics::Refusal::Csrf);
        return csrf_refused();
    }
    let record = match find(&state, &id, false) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let client = client_ip(peer, &headers, state.settings.trust_proxy);
    match submit(&state, &record.url, client, true).await {
        Ok(accepted) => redirect_to(&accepted.id, None),
        Err(refused) => refused_form(&headers, &record.url, &refused),
    }
}

/// `GET /checks/{id}`: progress while the check runs, the report once it is done.
pub async fn check_page(
    state: State,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let record = match find(&state, &id, true) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let (csrf, cookie) = csrf_token(&headers);
    let response = match record.status {
        CheckStatus::Done => {
            let reused = uri.query().is_some_and(|q| {
                url::form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "reused" && v == "1")
            });
            let toolbar = ToolbarView {
                id: record.id.clone(),
                url: record.url.clone(),
                finished: views::when_ru(record.finished_ms.unwrap_or(record.created_ms)),
                reused,
                again_after: again_after(&state, &record),
                csrf,
            };
            report_response(&record, Some(&toolbar))
        }
        _ => pending_page(&state, &record, csrf),
    };
    with_cookie(response, cookie)
}

/// `GET /checks/{id}/print`: the report alone, as report.html (its print styles apply).
pub async fn print(state: State, Path(id): Path<String>) -> Response {
    match find(&state, &id, true) {
        Ok(record) if record.status == CheckStatus::Done => report_response(&record, None),
        Ok(_) => message(
            StatusCode::NOT_FOUND,
            "Отчёта ещё нет",
            "Проверка ещё не закончилась.",
        ),
        Err(response) => *response,
    }
}

/// `GET /checks/{id}/report.json`: the `socaudit/report/v1` document as a download.
pub async fn report_json(state: State, Path(id): Path<String>) -> Response {
    let record = match find(&state, &id, true) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let Some(json) = record.report_json else {
        return message(
            StatusCode::NOT_FOUND,
            "Отчёта ещё нет",
            "Проверка ещё не закончилась.",
        );
    };
    (
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"socaudit-{}.json\"", record.id),
            ),
        ],
        json,
    )
        .into_response()
}

/// `GET /static/progress.js`.
pub async fn progress_js() -> Response {
    static_file(
        "text/javascript; charset=utf-8",
        include_str!("static/progress.js"),
    )
}

/// `GET /static/serve.css`.
pub async fn serve_css() -> Response {
    static_file("text/css; charset=utf-8", include_str!("static/serve.css"))
}

/// `GET /static/workspace.css`: the workspace pages' own styles.
pub async fn workspace_css() -> Response {
    static_file(
        "text/css; charset=utf-8",
        include_str!("../workspace/static/workspace.css"),
    )
}

/// Any other path.
pub async fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Страница не найдена",
        "Такой страницы здесь нет.",
    )
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// The stored check `id`, or the page to answer with.
fn find(state: &AppState, id: &str, with_report: bool) -> Result<CheckRecord, Box<Response>> {
    let not_found = || {
        Box::new(message(
            StatusCode::NOT_FOUND,
            "Проверка не найдена",
            "Проверки с таким номером нет.",
        ))
    };
    if !is_check_id(id) {
        return Err(not_found());
    }
    match state.engine.store.get(id, with_report) {
        Ok(Some(record)) => Ok(record),
        Ok(None) => Err(not_found()),
        Err(e) => {
            tracing::error!("{e}");
            Err(Box::new(message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Ошибка сервера",
                "Внутренняя ошибка сервера: попробуйте позже.",
            )))
        }
    }
}

fn pending_page(state: &AppState, record: &CheckRecord, csrf: String) -> Response {
    let snapshot = state.engine.snapshot(record);
    let status_text = match record.status {
        CheckStatus::Queued => {
            let ahead = state
                .engine
                .store
                .queued_before(Some(&record.id))
                .unwrap_or(0);
            if ahead == 0 {
                "В очереди: проверка начнётся, как только освободится место.".to_string()
            } else {
                format!("В очереди: перед этой проверкой ещё {ahead}.")
            }
        }
        CheckStatus::Running => "Идёт проверка…".to_string(),
        _ => "Проверка не удалась.".to_string(),
    };
    let view = PendingView {
        id: record.id.clone(),
        url: record.url.clone(),
        status: record.status.as_str(),
        status_text,
        pages: snapshot.pages,
        decided: snapshot.decided,
        total: snapshot.total,
        current_url: snapshot.current_url,
        created: views::when_ru(record.created_ms),
        error: record.error.clone(),
        csrf,
    };
    Html(views::pending(&view)).into_response()
}

/// When "check again" becomes possible, or `None` when it is now.
fn again_after(state: &AppState, record: &CheckRecord) -> Option<String> {
    let cooldown = state.settings.recheck_after.as_millis() as i64;
    let latest = state
        .engine
        .store
        .latest_for_url(&record.url)
        .ok()
        .flatten();
    let newest = latest.map_or(record.created_ms, |l| l.created_ms.max(record.created_ms));
    let ready = newest.saturating_add(cooldown);
    (ready > now_ms()).then(|| views::when_ru(ready + 59_999))
}

fn report_response(record: &CheckRecord, toolbar: Option<&ToolbarView>) -> Response {
    let report = record
        .report_json
        .as_deref()
        .ok_or_else(|| "no report".to_string())
        .and_then(|j| serde_json::from_str(j).map_err(|e| e.to_string()));
    let nonce = random_hex(16);
    match report.and_then(|r| views::report_page(&r, &nonce, toolbar)) {
        Ok(html) => {
            let mut response = Html(html).into_response();
            if let Ok(csp) = HeaderValue::from_str(&report_csp(&nonce)) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, csp);
            }
            response
        }
        Err(e) => {
            tracing::error!(check = %record.id, "report not rendered: {e}");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Ошибка сервера",
                "Отчёт не удалось показать; его можно скачать в формате JSON.",
            )
        }
    }
}

/// `url` and `csrf` of a posted form.
fn form_fields(body: &Bytes) -> (String, String) {
    let mut url = String::new();
    let mut csrf = String::new();
    for (key, value) in url::form_urlencoded::parse(body) {
        match key.as_ref() {
            "url" => url = value.into_owned(),
            "csrf" => csrf = value.into_owned(),
            _ => {}
        }
    }
    (url, csrf)
}

fn redirect_to(id: &str, query: Option<&str>) -> Response {
    let target = match query {
        Some(q) => format!("/checks/{id}?{q}"),
        None => format!("/checks/{id}"),
    };
    Redirect::to(&target).into_response()
}

/// The form again with the reason it was refused, the status of the refusal and `Retry-After`.
fn refused_form(headers: &HeaderMap, url: &str, refused: &Refused) -> Response {
    if let Refused::Internal(detail) = refused {
        tracing::error!("{detail}");
    }
    let (csrf, cookie) = csrf_token(headers);
    let view = IndexView {
        csrf,
        url: url.chars().take(2000).collect(),
        error: Some(refused.message()),
    };
    let status = StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, Html(views::index(&view))).into_response();
    if let Some(secs) = refused.retry_after() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    with_cookie(response, cookie)
}

fn csrf_refused() -> Response {
    message(
        StatusCode::FORBIDDEN,
        "Форма устарела",
        "Форма отправлена не с этой страницы или устарела: откройте главную страницу и отправьте адрес ещё раз.",
    )
}

fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let view = MessageView {
        title: title.into(),
        text: text.into(),
    };
    (status, Html(views::message(&view))).into_response()
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}
