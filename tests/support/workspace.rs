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

/// A response as the tests read it: status, `Location`, body.
pub async fn answer(resp: reqwest::Response) -> (u16, String, String) {
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location, resp.text().await.unwrap_or_default())
}

/// `GET path` with the session `cookie`: status, `Location`, body.
pub async fn get_as(base: &str, cookie: &str, path: &str) -> (u16, String, String) {
    let resp = http()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("GET");
    answer(resp).await
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
    answer(resp).await
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
/// The variable naming a PostgreSQL server (an admin URL with the right to create databases)
/// for the tests that run on every store.
pub const POSTGRES_ENV: &str = "SOCAUDIT_TEST_POSTGRES";

/// One database the tests can run on: a fresh SQLite file, or a fresh PostgreSQL database
/// (created for the test, dropped when this value is dropped).
pub struct StoreSpec {
    /// `sqlite` or `postgres`, for assertion messages.
    pub name: &'static str,
    /// What `--db` and `ServeConfig::db` take: the file path or the database URL.
    pub spec: String,
    _dir: Option<tempfile::TempDir>,
    drop_from: Option<(String, String)>,
}

impl StoreSpec {
    /// A new handle to the database, with the workspace tables migrated.
    pub fn db(&self) -> Db {
        let db = Db::open(&self.spec).unwrap_or_else(|e| panic!("{}: {e}", self.name));
        socaudit::workspace::migrate(&db).expect("migrate");
        db
    }

    /// A new handle without any migration.
    pub fn raw(&self) -> Db {
        Db::open(&self.spec).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }

    /// True for PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.drop_from.is_some()
    }
}

impl Drop for StoreSpec {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.drop_from.take() {
            // The test's own handles may still hold connections: FORCE ends them.
            let dropped = Db::open(&admin).and_then(|db| {
                db.execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"), &[])
            });
            if let Err(e) = dropped {
                eprintln!("the test database {name} was not dropped: {e}");
            }
        }
    }
}

/// Every store the tests should run on: SQLite always, PostgreSQL too when
/// `SOCAUDIT_TEST_POSTGRES` holds an admin URL (each call makes a fresh database there).
pub fn stores() -> Vec<StoreSpec> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut all = vec![StoreSpec {
        name: "sqlite",
        spec: dir.path().join("serve.sqlite").display().to_string(),
        _dir: Some(dir),
        drop_from: None,
    }];
    match std::env::var(POSTGRES_ENV) {
        Ok(admin) if !admin.trim().is_empty() => all.push(postgres_store(admin.trim())),
        _ => {
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                eprintln!("PostgreSQL не настроен ({POSTGRES_ENV} не задана): только SQLite");
            });
        }
    }
    all
}

/// A fresh database `socaudit_test_<random>` on the server of `admin`.
fn postgres_store(admin: &str) -> StoreSpec {
    let mut random = [0u8; 8];
    getrandom::getrandom(&mut random).expect("random");
    let name = format!(
        "socaudit_test_{}",
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let db = Db::open(admin).unwrap_or_else(|e| panic!("{POSTGRES_ENV}: {e}"));
    db.execute(&format!("CREATE DATABASE {name}"), &[])
        .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
    let mut url = url::Url::parse(admin).expect("admin URL");
    url.set_path(&format!("/{name}"));
    StoreSpec {
        name: "postgres",
        spec: url.to_string(),
        _dir: None,
        drop_from: Some((admin.to_owned(), name)),
    }
}
