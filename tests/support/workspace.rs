//! The workspace of `socaudit serve` in the tests: accounts and sessions made directly in the
//! server's database (the login form has its own tests), and requests carrying the session.
#![allow(dead_code)]

use socaudit::db::Db;
use socaudit::workspace::auth::{create_user, start_session, Role, SESSION_COOKIE};
use std::path::Path;

/// A password every test account gets.
pub const PASSWORD: &str = "пароль для тестов";

/// The workspace database of a server configured by `serve::config(dir, …)`.
pub fn db(dir: &Path) -> Db {
    let db = Db::open_sqlite(&dir.join("serve.sqlite")).expect("open workspace db");
    socaudit::workspace::migrate(&db).expect("migrate");
    db
}

/// Creates an account; its id.
pub fn add_user(db: &Db, name: &str, role: Role) -> i64 {
    create_user(db, name, PASSWORD, role, socaudit::serve::now_ms()).expect("create user")
}

/// A `Cookie` header value with a new session of `user_id`.
pub fn session_cookie(db: &Db, user_id: i64) -> String {
    let token = start_session(db, user_id, socaudit::serve::now_ms()).expect("session");
    format!("{SESSION_COOKIE}={token}")
}

/// An HTTP client for the workspace: no redirects followed, no cookies kept.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

/// The value of the first `name="csrf"` field of `page`.
pub fn csrf_field(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no csrf field in {page}"))
        .to_string()
}

/// The `name=value` pairs of a response's `Set-Cookie` headers, by cookie name.
pub fn set_cookie(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// `POST /login` as the login form sends it (its pre-session CSRF cookie and token), with
/// `next` when given; the response as it came.
pub async fn post_login(
    base: &str,
    name: &str,
    password: &str,
    next: Option<&str>,
) -> reqwest::Response {
    let page = http()
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("GET /login");
    let cookie = set_cookie(page.headers(), "socaudit_csrf")
        .and_then(|c| c.split(';').next().map(str::to_string))
        .expect("the login form sets its CSRF cookie");
    let token = csrf_field(&page.text().await.expect("login page"));
    let mut fields = vec![
        ("csrf", token.as_str()),
        ("name", name),
        ("password", password),
    ];
    if let Some(next) = next {
        fields.push(("next", next));
    }
    http()
        .post(format!("{base}/login"))
        .header("cookie", cookie)
        .form(&fields)
        .send()
        .await
        .expect("POST /login")
}

/// Logs in through the form; the `Cookie` header value of the new session.
pub async fn login(base: &str, name: &str, password: &str) -> String {
    let resp = post_login(base, name, password, None).await;
    let status = resp.status().as_u16();
    let cookie = set_cookie(resp.headers(), SESSION_COOKIE);
    let body = resp.text().await.unwrap_or_default();
    assert_eq!(status, 303, "login of {name} refused: {body}");
    let cookie = cookie.expect("a session cookie");
    cookie.split(';').next().expect("pair").to_string()
}

/// `GET path` with the session `cookie`: status, `Location`, body.
pub async fn get_as(base: &str, cookie: &str, path: &str) -> (u16, String, String) {
    let resp = http()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("GET");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location, resp.text().await.unwrap_or_default())
}

/// `POST path` with the session `cookie` and form `fields`: status, `Location`, body.
pub async fn post_as(
    base: &str,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let resp = http()
        .post(format!("{base}{path}"))
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .expect("POST");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location, resp.text().await.unwrap_or_default())
}

/// The CSRF token of the session `cookie` (read from the account page's forms).
pub async fn session_csrf(base: &str, cookie: &str) -> String {
    let (status, _, page) = get_as(base, cookie, "/account").await;
    assert_eq!(status, 200, "{page}");
    csrf_field(&page)
}

/// Asserts that every path (`"/x"` for a GET, `"POST /x"` for a post) sends a request without
/// a session — and one with a dead session cookie — to the login page (a GET to
/// `/login?next=…` to come back; a post, which cannot be replayed, to `/login`), and shows nothing.
pub async fn assert_requires_login(base: &str, paths: &[&str]) {
    let dead = format!("{SESSION_COOKIE}={}", "0".repeat(64));
    for entry in paths {
        let (method, path) = entry.split_once(' ').unwrap_or(("GET", entry));
        for cookie in ["", dead.as_str()] {
            let mut request = match method {
                "POST" => http().post(format!("{base}{path}")).form(&[("csrf", "x")]),
                _ => http().get(format!("{base}{path}")),
            };
            if !cookie.is_empty() {
                request = request.header("cookie", cookie);
            }
            let resp = request.send().await.expect("request");
            let status = resp.status().as_u16();
            let location = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            assert_eq!(status, 303, "{entry} (cookie {cookie:?}) answered {status}");
            let expected = if method == "GET" {
                location.starts_with("/login?next=")
            } else {
                location == "/login"
            };
            assert!(expected, "{entry} sent to {location:?}");
        }
    }
}
