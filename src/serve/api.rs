//! The JSON API (docs/api.md): `POST /api/checks`, `GET /api/checks/{id}`, `/healthz`,
//! `/metrics`. Errors are `{"error": "…"}` with a Russian sentence.

use super::app::State;
use super::security::{client_ip, is_check_id};
use super::submit::{submit, Refused};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// The body of `POST /api/checks`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateRequest {
    url: String,
}

/// A JSON response.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".into());
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        text,
    )
        .into_response()
}

/// `{"error": message}` with `status`.
pub fn error_response(status: StatusCode, message: &str) -> Response {
    json_response(status, &json!({ "error": message }))
}

/// The response of a refused request, with `Retry-After` when the client should come back.
pub fn refused_response(refused: &Refused) -> Response {
    let status = StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = error_response(status, &refused.message());
    if let Refused::Internal(detail) = refused {
        tracing::error!("{detail}");
    }
    if let Some(secs) = refused.retry_after() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// `POST /api/checks` with `{"url": "…"}`.
pub async fn create(
    state: State,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Ожидается тело application/json вида {\"url\": \"https://kcson.example.ru/\"}.",
        );
    }
    let request: CreateRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                &format!("Тело запроса не разобрано: {e}. Ожидается {{\"url\": \"…\"}}."),
            )
        }
    };
    let client = client_ip(peer, &headers, state.settings.trust_proxy);
    match submit(&state, &request.url, client, false).await {
        Ok(accepted) => json_response(
            StatusCode::ACCEPTED,
            &json!({
                "id": accepted.id,
                "status_url": format!("/api/checks/{}", accepted.id),
                "reused": accepted.reused,
            }),
        ),
        Err(refused) => refused_response(&refused),
    }
}

/// `GET /api/checks/{id}`.
pub async fn get_check(state: State, Path(id): Path<String>) -> Response {
    match check_json(&state, &id) {
        Ok(Some(value)) => json_response(StatusCode::OK, &value),
        Ok(None) => error_response(StatusCode::NOT_FOUND, "Проверки с таким номером нет."),
        Err(e) => {
            tracing::error!("{e}");
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Внутренняя ошибка сервера.",
            )
        }
    }
}

/// The API document of check `id`, or `None` when there is no such check.
pub fn check_json(state: &super::app::AppState, id: &str) -> Result<Option<Value>, String> {
    if !is_check_id(id) {
        return Ok(None);
    }
    let engine = &state.engine;
    let Some(record) = engine.store.get(id, true).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let snapshot = engine.snapshot(&record);
    let queue_position = match record.status {
        super::store::CheckStatus::Queued => Some(
            engine
                .store
                .queued_before(Some(id))
                .map_err(|e| e.to_string())?,
        ),
        _ => None,
    };
    let report: Value = match &record.report_json {
        Some(text) => serde_json::from_str(text).map_err(|e| format!("report of {id}: {e}"))?,
        None => Value::Null,
    };
    Ok(Some(json!({
        "id": record.id,
        "url": record.url,
        "status": record.status.as_str(),
        "created_at": super::rfc3339(record.created_ms),
        "started_at": record.started_ms.map(super::rfc3339),
        "finished_at": record.finished_ms.map(super::rfc3339),
        "progress": {
            "pages": snapshot.pages,
            "decided": snapshot.decided,
            "total": snapshot.total,
            "current_url": snapshot.current_url,
            "queue_position": queue_position,
        },
        "error": record.error,
        "report": report,
    })))
}

/// `GET /healthz`: the store answers.
pub async fn healthz(state: State) -> Response {
    match state.engine.store.queued_before(None) {
        Ok(queued) => json_response(StatusCode::OK, &json!({ "status": "ok", "queued": queued })),
        Err(e) => {
            tracing::error!("{e}");
            json_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &json!({ "status": "error", "error": "база проверок недоступна" }),
            )
        }
    }
}

/// `GET /metrics`.
pub async fn metrics(state: State) -> Response {
    let store = &state.engine.store;
    let counts = match (store.counts(), store.queued_before(None)) {
        (Ok(counts), Ok(queued)) => (counts, queued),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!("{e}");
            return (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response();
        }
    };
    let text = state.engine.metrics.render(&counts.0, counts.1);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
