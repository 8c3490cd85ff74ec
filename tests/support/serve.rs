//! `socaudit serve` in the tests: a server on 127.0.0.1 with a fresh database, fast crawl
//! settings, and small HTTP helpers to talk to it.
#![allow(dead_code)]

use serde_json::Value;
use socaudit::crawl::CrawlConfig;
use socaudit::fetch::http::HttpConfig;
use socaudit::fixture_server::{serve as serve_site, RunningServer, Site};
use socaudit::politeness::PolitenessConfig;
use socaudit::rules::RuleSet;
use socaudit::serve::rate_limit::RateLimit;
use socaudit::serve::{start, ServeConfig, Server};
use std::path::Path;
use std::time::{Duration, Instant};

/// Longest a test waits for a check to end.
pub const CHECK_LIMIT: Duration = Duration::from_secs(60);

/// A configuration for tests: database in `dir`, private addresses as given, no crawl delay.
pub fn config(dir: &Path, allow_private: bool) -> ServeConfig {
    std::env::set_var(socaudit::audit::TODAY_ENV, "2026-11-23");
    ServeConfig {
        listen: "127.0.0.1:0".parse().expect("addr"),
        db: dir.join("serve.sqlite").display().to_string(),
        allow_private,
        workers: 1,
        sweep_workers: 1,
        sweep_concurrency: 2,
        queue_limit: 50,
        rate_limit: RateLimit {
            burst: 100,
            per: Duration::from_secs(1),
        },
        reuse_window: Duration::from_secs(3600),
        recheck_after: Duration::from_secs(600),
        shutdown_grace: Duration::from_secs(5),
        trust_proxy: false,
        secure_cookies: false,
        rules: RuleSet::builtin(),
        http: HttpConfig {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
            ..HttpConfig::default()
        },
        politeness: PolitenessConfig {
            delay: Duration::ZERO,
            backoff_base: Duration::from_millis(20),
            ..PolitenessConfig::default()
        },
        crawl: CrawlConfig {
            concurrency: 2,
            max_pages: 60,
            ..CrawlConfig::default()
        },
        schedules: socaudit::workspace::schedules::runner::SchedulesConfig::default(),
    }
}

/// Starts a server.
pub async fn serve(config: ServeConfig) -> (Server, String) {
    let server = start(config).await.expect("server starts");
    let base = format!("http://{}", server.addr());
    (server, base)
}

/// An HTTP client that neither follows redirects nor keeps cookies by itself.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// `POST /api/checks` with `{"url": url}`: the status and the JSON answer.
pub async fn post_check(base: &str, url: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let resp = client()
        .post(format!("{base}/api/checks"))
        .header("content-type", "application/json")
        .body(serde_json::json!({ "url": url }).to_string())
        .send()
        .await
        .expect("post");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, headers, body)
}

/// `GET path`: status and text.
pub async fn get_text(base: &str, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let resp = client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .expect("get");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.unwrap_or_default())
}

/// `GET /api/checks/{id}`.
pub async fn get_check(base: &str, id: &str) -> Value {
    let (status, _, text) = get_text(base, &format!("/api/checks/{id}")).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).expect("json")
}

/// Polls check `id` until it is done or failed.
pub async fn wait_done(base: &str, id: &str) -> Value {
    let began = Instant::now();
    loop {
        let check = get_check(base, id).await;
        if check["status"] == "done" || check["status"] == "failed" {
            return check;
        }
        assert!(
            began.elapsed() < CHECK_LIMIT,
            "check {id} did not end: {check}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls check `id` until its status is `status`.
pub async fn wait_status(base: &str, id: &str, status: &str) -> Value {
    let began = Instant::now();
    loop {
        let check = get_check(base, id).await;
        if check["status"] == status {
            return check;
        }
        assert!(
            began.elapsed() < CHECK_LIMIT,
            "check {id} never became {status}: {check}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The verdict of requirement `id` in a report document.
pub fn verdict<'a>(report: &'a Value, id: &str) -> &'a str {
    report["requirements"]
        .as_array()
        .and_then(|list| list.iter().find(|v| v["id"] == id))
        .and_then(|v| v["status"].as_str())
        .unwrap_or_else(|| panic!("no verdict for {id}"))
}

/// Serves fixture `name` on 127.0.0.1, answering every request after `latency`.
pub async fn slow_fixture(name: &str, latency: Duration) -> RunningServer {
    let site = Site::from_dir(&crate::common::fixture_dir(name))
        .expect("fixture")
        .with_latency(latency);
    serve_site(site).await.expect("serve")
}

/// The CSRF token of the form page and the cookie that carries it.
pub async fn form_token(base: &str) -> (String, String) {
    let (status, headers, page) = get_text(base, "/").await;
    assert_eq!(status, 200);
    let cookie = headers["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    let token = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf field")
        .to_string();
    (pair, token)
}

/// «Проверить снова» on check `id`, posted from the form with its CSRF token and cookie.
pub async fn post_again(base: &str, id: &str) -> reqwest::Response {
    let (cookie, token) = form_token(base).await;
    client()
        .post(format!("{base}/checks/{id}/again"))
        .header("cookie", &cookie)
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("post «Проверить снова»")
}
