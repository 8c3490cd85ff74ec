//! Helpers of the hostile-site tests: throwaway servers on loopback (a counting canary among
//! them) and runs of the binary.
#![allow(dead_code)]

use assert_cmd::Command;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The date the fixture sites' documents are judged against.
const TODAY: &str = "2026-11-23";

/// Serves `app` on `addr` (port 0 picks one); `None` when the address cannot be bound (no IPv6).
pub async fn spawn_on(addr: &str, app: Router) -> Option<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await.ok()?;
    let bound = listener.local_addr().ok()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Some(bound)
}

/// A server that counts every request it gets: no request may reach it.
pub async fn canary(addr: &str, hits: Arc<AtomicUsize>) -> Option<SocketAddr> {
    let app = Router::new().fallback(move || {
        let hits = hits.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            "canary"
        }
    });
    spawn_on(addr, app).await
}

pub fn html(body: String) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>КЦСОН</title></head>\
         <body>{body}</body></html>"
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

pub fn socaudit() -> Command {
    let mut cmd = Command::cargo_bin("socaudit").expect("binary built");
    cmd.env("SOCAUDIT_TODAY", TODAY).env_remove("SOCAUDIT_AUTH");
    cmd
}

/// Runs the binary with `args` (and `env`) in a blocking thread; returns (code, stdout, stderr).
pub async fn run(args: Vec<String>, env: Vec<(String, String)>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let output = socaudit()
            .args(&args)
            .envs(env)
            .output()
            .expect("run socaudit");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("join")
}

pub fn check_args(url: &str, out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["check", url, "--delay", "0", "--quiet", "--out"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

pub fn report_json(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("report.json")).expect("report.json");
    serde_json::from_str(&text).expect("json")
}
