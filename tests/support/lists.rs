//! Workspace part `lists` in the tests: multipart uploads, the CSRF token of a page, starting a
//! sweep and waiting for it, all with a session cookie.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// Longest a test waits for a sweep to end.
pub const SWEEP_LIMIT: Duration = Duration::from_secs(120);

const BOUNDARY: &str = "socaudit-test-boundary-7d93a1";

/// One field of a multipart form: name, file name (for a file), content.
pub struct Part<'a>(pub &'a str, pub Option<&'a str>, pub &'a [u8]);

/// The body of a multipart form and its content type.
pub fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for Part(name, file, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match file {
            Some(f) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// `GET path` with the session: status, headers, text.
pub async fn get(
    base: &str,
    cookie: &str,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let resp = crate::serve_support::client()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.unwrap_or_default())
}

/// The CSRF token of the session, read from the lists page's form.
pub async fn csrf(base: &str, cookie: &str) -> String {
    let (status, _, page) = get(base, cookie, "/lists").await;
    assert_eq!(status, 200, "{page}");
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf field")
        .to_string()
}

/// `POST /lists` with `parts`: status, `Location`, text.
pub async fn upload(base: &str, cookie: &str, parts: &[Part<'_>]) -> (u16, String, String) {
    let (content_type, body) = multipart(parts);
    let resp = crate::serve_support::client()
        .post(format!("{base}/lists"))
        .header("cookie", cookie)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("upload");
    crate::workspace::answer(resp).await
}

/// Uploads `file` with the session's token; the new list's id.
pub async fn upload_ok(base: &str, cookie: &str, file: &str, content: &[u8]) -> i64 {
    let token = csrf(base, cookie).await;
    let (status, location, text) = upload(
        base,
        cookie,
        &[
            Part("csrf", None, token.as_bytes()),
            Part("file", Some(file), content),
        ],
    )
    .await;
    assert_eq!(status, 303, "{text}");
    location
        .strip_prefix("/lists/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to the list, got {location}"))
}

/// «Запустить проверку» on list `id`; the sweep's id.
pub async fn start_sweep(base: &str, cookie: &str, list: i64) -> i64 {
    let token = csrf(base, cookie).await;
    let resp = crate::serve_support::client()
        .post(format!("{base}/lists/{list}/sweeps"))
        .header("cookie", cookie)
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("start sweep");
    assert_eq!(resp.status().as_u16(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    location
        .strip_prefix("/sweeps/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to the sweep, got {location}"))
}

/// Polls `status.json` of sweep `id` until it is done or failed; the last answer.
pub async fn wait_sweep(base: &str, cookie: &str, id: i64) -> serde_json::Value {
    let began = Instant::now();
    loop {
        let (status, _, text) = get(base, cookie, &format!("/sweeps/{id}/status.json")).await;
        assert_eq!(status, 200, "{text}");
        let sweep: serde_json::Value = serde_json::from_str(&text).expect("json");
        if sweep["status"] == "done" || sweep["status"] == "failed" {
            return sweep;
        }
        assert!(
            began.elapsed() < SWEEP_LIMIT,
            "sweep {id} did not end: {sweep}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
