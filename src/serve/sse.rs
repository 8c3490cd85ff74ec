//! `GET /api/checks/{id}/events`: Server-Sent Events with the check's progress — an event
//! `progress` per change (pages fetched, requirements decided), then one `done` or `failed`,
//! and the stream ends. A check that already ended gets its last event at once.

use super::api::error_response;
use super::app::State;
use super::live::Snapshot;
use super::security::is_check_id;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::watch;

/// The event stream of check `id`.
pub async fn events(state: State, Path(id): Path<String>) -> Response {
    let record = match is_check_id(&id).then(|| state.engine.store.get(&id, false)) {
        Some(Ok(Some(r))) => r,
        Some(Err(e)) => {
            tracing::error!("{e}");
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Внутренняя ошибка сервера.",
            );
        }
        _ => return error_response(StatusCode::NOT_FOUND, "Проверки с таким номером нет."),
    };
    let engine = state.engine.clone();
    let mut rx = None;
    if !record.status.is_final() {
        rx = Some(engine.live.subscribe(&id, || engine.snapshot(&record)));
    }
    // Read again after subscribing: a worker stores the result before it publishes the end, so
    // a check that ended in between is seen here rather than waited for forever.
    let record = match engine.store.get(&id, false) {
        Ok(Some(now)) => now,
        _ => record,
    };
    let rx = match rx {
        Some(rx) if !record.status.is_final() => rx,
        // Nobody publishes for an ended check: a channel holding its last state is enough.
        _ => watch::channel(engine.snapshot(&record)).1,
    };
    let mut response = Sse::new(stream_of(rx, state.stop.clone()))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    // nginx would otherwise hold the events back in its buffer (docs/serve.md).
    response.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    response
}

/// The events of `rx` until the check ends or the server stops.
fn stream_of(
    rx: watch::Receiver<Snapshot>,
    stop: watch::Receiver<bool>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    // State: the receiver, whether its current value was sent, and whether the end was sent.
    stream::unfold(
        (rx, stop, false, false),
        |(mut rx, mut stop, sent, ended)| async move {
            if ended || *stop.borrow() {
                return None;
            }
            if sent {
                tokio::select! {
                    changed = rx.changed() => {
                        // The channel is gone without a final state (the check went back to
                        // the queue): end, and let the client ask again.
                        changed.ok()?;
                    }
                    _ = stop.changed() => return None,
                }
            }
            let snapshot = rx.borrow_and_update().clone();
            let end = snapshot.is_final();
            Some((Ok(event(&snapshot)), (rx, stop, true, end)))
        },
    )
}

fn event(snapshot: &Snapshot) -> Event {
    let name = if snapshot.is_final() {
        snapshot.status
    } else {
        "progress"
    };
    let data = serde_json::to_string(snapshot).unwrap_or_else(|_| "{}".into());
    Event::default().event(name).data(data)
}
