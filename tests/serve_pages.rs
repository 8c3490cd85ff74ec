//! `socaudit serve` through its pages, as a browser would post them: the form's CSRF token and
//! the security headers, site payloads inert in the result page, and «Проверить снова».

#[path = "support/browser.rs"]
mod chrome;
mod common;
#[path = "support/serve.rs"]
mod serve_support;

use serve_support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn the_form_needs_its_csrf_token_and_pages_send_strict_headers() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut cfg = config(dir.path(), true);
    cfg.workers = 0;
    let (server, base) = serve(cfg).await;
    let (_, headers, _) = get_text(&base, "/").await;
    let csp = headers["content-security-policy"].to_str().unwrap();
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");

    let (cookie, token) = form_token(&base).await;
    let post = |cookie: Option<&str>, token: &str, origin: Option<&str>| {
        let mut req = client()
            .post(format!("{base}/checks"))
            .form(&[("url", "kcson.example"), ("csrf", token)]);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        req.send()
    };
    assert_eq!(post(None, &token, None).await.unwrap().status(), 403);
    assert_eq!(
        post(Some(&cookie), "0123456789abcdef0123456789abcdef", None)
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        post(Some(&cookie), &token, Some("http://evil.example"))
            .await
            .unwrap()
            .status(),
        403
    );
    let ok = post(Some(&cookie), &token, Some(&base)).await.unwrap();
    assert_eq!(ok.status(), 303);
    let location = ok.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/checks/"), "{location}");
    let (status, _, page) = get_text(&base, &location).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("В очереди") && page.contains("http://kcson.example/"),
        "{page}"
    );
    assert!(
        page.contains("<noscript><meta http-equiv=\"refresh\""),
        "works without scripts"
    );

    // A refused form comes back with the reason and the status code of the API.
    let refused = client()
        .post(format!("{base}/checks"))
        .header("cookie", &cookie)
        .form(&[("url", "ftp://x.ru"), ("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("id=\"error\""));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_from_a_site_stay_inert_in_the_result_page() {
    let site = slow_fixture("hostile", Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tmp");
    let (server, base) = serve(config(dir.path(), true)).await;
    let (_, _, body) = post_check(&base, &site.base_url()).await;
    let id = body["id"].as_str().expect("id").to_string();
    let check = wait_done(&base, &id).await;
    assert_eq!(check["status"], "done", "{check}");
    let (status, _, page) = get_text(&base, &format!("/checks/{id}")).await;
    assert_eq!(status, 200);
    // The payload text is there, escaped, and nothing of it became markup.
    assert!(
        page.contains("&lt;script"),
        "the hostile evidence is shown as text"
    );
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("check.html");
    std::fs::write(&path, &page).expect("write");
    chrome::assert_no_trace(&page, &path);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn check_again_after_the_cooldown_starts_a_new_check() {
    let site = slow_fixture("weak", Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tmp");
    let mut cfg = config(dir.path(), true);
    cfg.recheck_after = Duration::ZERO;
    let (server, base) = serve(cfg).await;
    let (_, _, body) = post_check(&base, &site.base_url()).await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_done(&base, &id).await;
    let (_, _, page) = get_text(&base, &format!("/checks/{id}")).await;
    assert!(
        page.contains("id=\"again\""),
        "the button is active: {page}"
    );
    let again = post_again(&base, &id).await;
    assert_eq!(again.status(), 303);
    let location = again.headers()["location"].to_str().unwrap().to_string();
    assert_ne!(location, format!("/checks/{id}"));
    let new_id = location.trim_start_matches("/checks/");
    let check = wait_done(&base, new_id).await;
    assert_eq!(check["url"], site.base_url());
    server.shutdown().await;
}
