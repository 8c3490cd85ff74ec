//! The HTTP accept loop of `socaudit serve`. `axum::serve` installs no timer in hyper, so hyper's
//! header-read timeout is inert there and a client trickling a request head (slowloris) holds a
//! connection for as long as it likes. Here every connection is served by hyper's HTTP/1 builder
//! with a timer: a request head not complete within [`HEADER_READ_TIMEOUT`] closes it.

use axum::extract::ConnectInfo;
use axum::{Extension, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;

/// Longest a client may take to send a request's head (each request of a kept-alive connection).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Pause after a failed accept (out of descriptors): the loop neither spins nor stops serving.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serves `router` on `listener` until `shutdown` resolves, then lets open connections finish
/// (an event stream ends when its check does, or when the stop ends it).
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        tracing::warn!("accepting a connection failed: {e}");
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                };
                // Handlers learn the client's address as `ConnectInfo`, as with axum's own loop.
                let service = router.clone().layer(Extension(ConnectInfo(peer)));
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(%peer, "connection ended: {e}");
                    }
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    graceful.shutdown().await;
}
