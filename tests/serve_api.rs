//! `socaudit serve` through its API, against fixture sites on 127.0.0.1: a check from request to
//! report with its progress stream, every refusal with its status code (bad URLs, internal
//! addresses, rate limit, full queue, oversized bodies), credentials kept out, a name turned
//! internal refused at connect time, and the queue surviving a stop.

mod common;
#[path = "support/serve.rs"]
mod serve_support;

use serve_support::*;
use socaudit::serve::store::{CheckStatus, CheckStore, SqliteStore};
use std::time::Duration;

/// Reads the event stream of check `id` to its end.
async fn read_events(base: &str, id: &str) -> String {
    let resp = client()
        .get(format!("{base}/api/checks/{id}/events"))
        .send()
        .await
        .expect("events");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut resp = resp;
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = resp.chunk().await.expect("chunk") {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(CHECK_LIMIT, read)
        .await
        .expect("the stream ends when the check does");
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_runs_from_request_to_report_with_live_progress() {
    let site = slow_fixture("compliant", Duration::from_millis(40)).await;
    let dir = tempfile::tempdir().expect("tmp");
    let (server, base) = serve(config(dir.path(), true)).await;

    let (status, _, body) = post_check(&base, &site.base_url()).await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_str().expect("id").to_string();
    assert_eq!(body["status_url"], format!("/api/checks/{id}"));

    let events = read_events(&base, &id).await;
    assert!(events.contains("event: progress"), "{events}");
    assert!(events.contains("\"status\":\"running\""), "{events}");
    assert!(
        events.trim_end().ends_with("}") && events.contains("event: done"),
        "{events}"
    );

    let check = wait_done(&base, &id).await;
    assert_eq!(check["status"], "done", "{check}");
    assert_eq!(check["url"], site.base_url());
    let report = &check["report"];
    assert_eq!(report["schema"], "socaudit/report/v1");
    assert_eq!(verdict(report, "founder"), "pass");
    assert_eq!(check["progress"]["total"], 30);
    assert!(check["progress"]["pages"].as_u64().unwrap() >= 1, "{check}");

    // The same site again within the window: the same check, not a new one.
    let (status, _, again) = post_check(&base, &site.base_url()).await;
    assert_eq!(
        (status, &again["id"], &again["reused"]),
        (202, &body["id"], &true.into())
    );

    let (status, headers, page) = get_text(&base, &format!("/checks/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Результат проверки сайта"), "{page}");
    assert!(page.contains("Скачать report.json"));
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the CSP");
    assert!(
        page.contains(&format!("<style nonce=\"{nonce}\">")),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    let (status, headers, json) = get_text(&base, &format!("/checks/{id}/report.json")).await;
    assert_eq!(status, 200);
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("report.json");
    assert_eq!(doc["schema"], "socaudit/report/v1");
    let (status, _, print) = get_text(&base, &format!("/checks/{id}/print")).await;
    assert_eq!(status, 200);
    assert!(print.contains("Проверка сайта") && !print.contains("serve-bar"));

    // «Проверить снова» within the cooldown leads back to the same check.
    let again = post_again(&base, &id).await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        again.headers()["location"],
        format!("/checks/{id}").as_str()
    );
    assert!(
        page.contains("Повторная проверка будет доступна после"),
        "{page}"
    );

    let (_, _, metrics) = get_text(&base, "/metrics").await;
    assert!(
        metrics.contains("socaudit_checks{status=\"done\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("socaudit_queue_length 0"), "{metrics}");
    assert!(
        metrics.contains("socaudit_check_duration_seconds_count{status=\"done\"} 1"),
        "{metrics}"
    );
    let (status, _, health) = get_text(&base, "/healthz").await;
    assert_eq!(status, 200, "{health}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unusable_and_internal_addresses_are_refused_with_400_and_422() {
    let site = slow_fixture("compliant", Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tmp");
    let mut cfg = config(dir.path(), false);
    // A name that looks public but resolves to loopback (as a hostile DNS answer would).
    cfg.http.resolve = vec![("kcson.test".into(), "127.0.0.1:0".parse().unwrap())];
    let (server, base) = serve(cfg).await;
    let port = site.port();

    for input in [
        "",
        "не адрес",
        "ftp://kcson.ru/",
        &format!("http://{}/", "a".repeat(2100)),
    ] {
        let (status, _, body) = post_check(&base, input).await;
        assert_eq!(status, 400, "{input}: {body}");
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{body}"
        );
    }
    for input in [
        format!("http://127.0.0.1:{port}/"),
        format!("http://localhost:{port}/"),
        format!("http://kcson.test:{port}/"),
        format!("http://2130706433:{port}/"),
        "http://10.0.0.1/".into(),
        "http://172.16.5.4/".into(),
        "http://192.168.1.1/".into(),
        "http://100.64.0.1/".into(),
        "http://169.254.169.254/latest/meta-data/".into(),
    ] {
        let (status, _, body) = post_check(&base, &input).await;
        assert_eq!(status, 422, "{input}: {body}");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("относится к внутренней сети"),
            "{body}"
        );
    }
    assert!(site.hits().is_empty(), "{:?}", site.hits());

    let http = client();
    let raw = |body: &'static str, ct: &'static str| {
        http.post(format!("{base}/api/checks"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    assert_eq!(raw("{", "application/json").await.unwrap().status(), 400);
    assert_eq!(
        raw("{\"site\":\"x.ru\"}", "application/json")
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        raw("url=x.ru", "application/x-www-form-urlencoded")
            .await
            .unwrap()
            .status(),
        415
    );
    let big = http
        .post(format!("{base}/api/checks"))
        .header("content-type", "application/json")
        .body(format!("{{\"url\":\"{}\"}}", "a".repeat(64 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    for path in [
        "/api/checks/nope",
        &format!("/api/checks/{}", "0".repeat(32)),
        "/checks/x",
        "/nothing",
    ] {
        assert_eq!(get_text(&base, path).await.0, 404, "{path}");
    }

    let (_, _, metrics) = get_text(&base, "/metrics").await;
    assert!(metrics.contains("socaudit_queue_length 0"), "{metrics}");
    assert!(metrics.contains("reason=\"not_public\"} 9"), "{metrics}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_over_its_rate_gets_429_and_a_full_queue_503() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut cfg = config(dir.path(), true);
    cfg.workers = 0; // nothing runs: the queue only grows
    cfg.rate_limit.burst = 2;
    cfg.rate_limit.per = Duration::from_secs(600);
    let (server, base) = serve(cfg).await;
    assert_eq!(post_check(&base, "a.example").await.0, 202);
    assert_eq!(post_check(&base, "b.example").await.0, 202);
    let (status, headers, body) = post_check(&base, "c.example").await;
    assert_eq!(status, 429, "{body}");
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 600, "{retry}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Слишком много проверок"),
        "{body}"
    );
    // Asking for a site already queued costs nothing.
    assert_eq!(post_check(&base, "a.example").await.0, 202);
    server.shutdown().await;

    let dir = tempfile::tempdir().expect("tmp");
    let mut cfg = config(dir.path(), true);
    cfg.workers = 0;
    cfg.queue_limit = 2;
    let (server, base) = serve(cfg).await;
    assert_eq!(post_check(&base, "a.example").await.0, 202);
    assert_eq!(post_check(&base, "b.example").await.0, 202);
    let (status, headers, body) = post_check(&base, "c.example").await;
    assert_eq!(status, 503, "{body}");
    assert!(headers.contains_key("retry-after"));
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Очередь проверок сейчас заполнена"),
        "{body}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_queued_check_whose_name_turned_internal_is_refused_at_connect_time() {
    let site = slow_fixture("compliant", Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tmp");
    let pin = vec![("kcson.test".to_string(), "127.0.0.1:0".parse().unwrap())];
    // Queued while the name was allowed (a DNS answer that changes after the check: rebinding).
    let mut cfg = config(dir.path(), true);
    cfg.workers = 0;
    cfg.http.resolve = pin.clone();
    let (server, base) = serve(cfg).await;
    let url = format!("http://kcson.test:{}/", site.port());
    let (status, _, body) = post_check(&base, &url).await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    server.shutdown().await;

    let mut cfg = config(dir.path(), false);
    cfg.http.resolve = pin;
    let (server, base) = serve(cfg).await;
    let check = wait_done(&base, &id).await;
    let report = &check["report"];
    assert_eq!(report["site"]["reachable"], false, "{check}");
    assert!(
        report["site"]["error"]
            .as_str()
            .unwrap_or("")
            .contains("относится к внутренней сети"),
        "{report}"
    );
    assert!(site.hits().is_empty(), "{:?}", site.hits());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_running_at_shutdown_goes_back_to_the_queue_and_runs_after_restart() {
    let site = slow_fixture("compliant", Duration::from_millis(300)).await;
    let dir = tempfile::tempdir().expect("tmp");
    let mut cfg = config(dir.path(), true);
    cfg.shutdown_grace = Duration::ZERO;
    let (server, base) = serve(cfg).await;
    let (_, _, body) = post_check(&base, &site.base_url()).await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_status(&base, &id, "running").await;
    server.shutdown().await;

    let store = SqliteStore::open(&dir.path().join("serve.sqlite")).expect("store");
    let stored = store.get(&id, false).expect("get").expect("the check");
    assert_eq!(stored.status, CheckStatus::Queued);
    drop(store);

    let (server, base) = serve(config(dir.path(), true)).await;
    let check = wait_done(&base, &id).await;
    assert_eq!(check["status"], "done", "{check}");
    assert_eq!(verdict(&check["report"], "founder"), "pass");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_in_a_url_never_reach_the_store_or_the_pages() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut cfg = config(dir.path(), true);
    cfg.workers = 0;
    let (server, base) = serve(cfg).await;
    let (status, _, body) = post_check(&base, "http://director:S3cret@kcson.example/").await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_str().unwrap();
    let check = get_check(&base, id).await;
    assert_eq!(check["url"], "http://kcson.example/");
    let (_, _, page) = get_text(&base, &format!("/checks/{id}")).await;
    assert!(!check.to_string().contains("S3cret") && !page.contains("S3cret"));
    let (status, _, body) = post_check(&base, "http://director:S3cret@/").await;
    assert_eq!(status, 400);
    assert!(!body.to_string().contains("S3cret"), "{body}");
    server.shutdown().await;
    let db = std::fs::read(dir.path().join("serve.sqlite")).expect("db");
    let wal = std::fs::read(dir.path().join("serve.sqlite-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(
            !bytes.windows(6).any(|w| w == b"S3cret"),
            "the password is in the database"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_from_an_allowed_address_into_the_internal_network_is_refused() {
    let manifest =
        "[[route]]\npath = \"/\"\nstatus = 301\nlocation = \"http://127.0.0.2:{port}/\"\n";
    let site = socaudit::fixture_server::Site::from_files(vec![(
        "_site.toml".into(),
        manifest.as_bytes().to_vec(),
    )])
    .expect("site");
    let site = socaudit::fixture_server::serve(site).await.expect("serve");
    let dir = tempfile::tempdir().expect("tmp");
    // The operator allowed this one intranet address; every other internal one stays refused.
    let mut cfg = config(dir.path(), false);
    cfg.http.allowed_addresses = vec!["127.0.0.1".parse().unwrap()];
    let (server, base) = serve(cfg).await;
    let (status, _, body) = post_check(&base, &format!("http://127.0.0.1:{}/", site.port())).await;
    assert_eq!(status, 202, "the allowed address is accepted: {body}");
    let (status, _, body) = post_check(&base, &format!("http://127.0.0.2:{}/", site.port())).await;
    assert_eq!(status, 422, "another internal address is not: {body}");
    let id = {
        let (_, _, body) = post_check(&base, &format!("http://127.0.0.1:{}/", site.port())).await;
        body["id"].as_str().unwrap().to_string()
    };
    let check = wait_done(&base, &id).await;
    let report = &check["report"];
    assert_eq!(report["site"]["reachable"], false, "{check}");
    let error = report["site"]["error"].as_str().unwrap_or("");
    assert!(error.contains("127.0.0.2"), "{report}");
    assert!(error.contains("относится к внутренней сети"), "{report}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_trickling_its_request_head_is_cut_off_while_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().expect("tmp");
    let (server, base) = serve(config(dir.path(), true)).await;
    let addr = base.trim_start_matches("http://").trim_end_matches('/');
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    // A request head that never ends (slowloris).
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let (status, _, _) = get_text(&base, "/healthz").await;
    assert_eq!(status, 200, "others are served meanwhile");
    let mut answer = Vec::new();
    let guard = socaudit::serve::listen::HEADER_READ_TIMEOUT * 4;
    tokio::time::timeout(guard, slow.read_to_end(&mut answer))
        .await
        .expect("the server closes a connection whose request head never ends")
        .ok();
    let answer = String::from_utf8_lossy(&answer);
    assert!(!answer.contains("200 OK"), "{answer}");
    server.shutdown().await;
}
