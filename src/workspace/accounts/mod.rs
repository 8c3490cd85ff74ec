//! Workspace part `accounts`: the login and logout pages, the session cookie, and the pieces
//! every account page shares (posted forms, refusals, safe redirects). The account's own page
//! is in [`crate::workspace::accounts::account`], the admin's user list in [`crate::workspace::accounts::admin`], the
//! stored rules (lockout, last admin) in [`crate::workspace::accounts::store`].
//!
//! Logging in is guarded three ways: the form's pre-session CSRF token (the cookie of the
//! public form, [`crate::serve::security::csrf_token`]), a per-address limit on attempts
//! ([`LOGIN_RATE`], so one address cannot try many names), and the per-account lockout.

pub mod account;
pub mod admin;
pub mod store;

use crate::serve::app::{AppState, State};
use crate::serve::rate_limit::RateLimit;
use crate::serve::security::{client_ip, csrf_ok, csrf_token};
use crate::workspace::accounts::store::{LoginOutcome, LOCKOUT_MS, MAX_FAILED_LOGINS};
use crate::workspace::auth::SESSION_LIFETIME_MS;
use crate::workspace::auth::{
    end_session, session_cookie, start_session, CurrentUser, SESSION_COOKIE,
};
use crate::workspace::layout::Page;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

/// Login attempts one client address may make at once, then one more every 10 seconds.
pub const LOGIN_RATE: RateLimit = RateLimit {
    burst: 20,
    per: std::time::Duration::from_secs(10),
};

/// Where a login goes when it names no (safe) page to return to.
pub const AFTER_LOGIN: &str = "/lists";

static LOGIN: Page = Page::new(
    "accounts_login.html",
    include_str!("../templates/accounts_login.html.tera"),
);

/// The routes of this part.
pub fn routes() -> Router<Arc<AppState>> {
    // Made now, so that not even the first login with an unknown name takes longer.
    store::dummy_hash();
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .merge(crate::workspace::accounts::account::routes())
        .merge(crate::workspace::accounts::admin::routes())
}

/// What the login page shows.
#[derive(serde::Serialize)]
struct LoginView {
    csrf: String,
    next: String,
    name: String,
    error: Option<String>,
}

/// The one answer to every refused login: it does not tell an unknown name from a wrong
/// password, a locked or a disabled account.
pub fn login_refused_text() -> String {
    format!(
        "Неверное имя пользователя или пароль. После {MAX_FAILED_LOGINS} неудачных попыток подряд \
         вход в учётную запись блокируется на {} минут.",
        LOCKOUT_MS / 60_000
    )
}

/// `GET /login`.
async fn login_page(headers: HeaderMap, uri: Uri) -> Response {
    let next = query_value(&uri, "next").unwrap_or_default();
    login_form(&headers, StatusCode::OK, safe_next(&next), "", None)
}

fn login_form(
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    name: &str,
    error: Option<String>,
) -> Response {
    let (csrf, cookie) = csrf_token(headers);
    let view = LoginView {
        csrf,
        next: next.to_string(),
        name: name.chars().take(64).collect(),
        error,
    };
    let mut response = LOGIN.respond(None, "Вход", &view);
    *response.status_mut() = status;
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// `POST /login`.
async fn login(
    state: State,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !csrf_ok(&headers, form.get("csrf")) {
        return forbidden("Форма входа устарела или отправлена не с этого сайта: откройте страницу входа ещё раз.");
    }
    let next = safe_next(form.get("next")).to_string();
    let name = form.get("name").to_string();
    let client = client_ip(peer, &headers, state.settings.trust_proxy);
    if let Err(wait) = state.login_limiter.take(client, Instant::now()) {
        let text = format!(
            "Слишком много попыток входа с вашего адреса: попробуйте снова через {} с.",
            wait.as_secs() + 1
        );
        let mut response = login_form(
            &headers,
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            &name,
            Some(text),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs() + 1));
        return response;
    }
    let db = state.db.clone();
    let password = form.get("password").to_string();
    let who = name.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        store::attempt_login(&db, &who, &password, crate::serve::now_ms())
    })
    .await;
    let id = match outcome {
        Ok(Ok(LoginOutcome::Accepted(id))) => id,
        Ok(Ok(refusal)) => {
            tracing::info!(%client, ?refusal, "login refused");
            return login_form(
                &headers,
                StatusCode::UNAUTHORIZED,
                &next,
                &name,
                Some(login_refused_text()),
            );
        }
        Ok(Err(e)) => return db_failed(&e),
        Err(e) => return db_failed(&e),
    };
    // A session the browser already had is ended: every login gets a new token (no fixation).
    if let Some(old) = session_cookie(&headers) {
        let _ = end_session(&state.db, &old);
    }
    match start_session(&state.db, id, crate::serve::now_ms()) {
        Ok(token) => with_session(
            Redirect::to(&next).into_response(),
            &state,
            &headers,
            &token,
        ),
        Err(e) => db_failed(&e),
    }
}

/// `POST /logout`.
async fn logout(state: State, user: CurrentUser, headers: HeaderMap, body: Bytes) -> Response {
    if !user.csrf_ok(&headers, Form::parse(&body).get("csrf")) {
        return forbidden_form();
    }
    if let Some(token) = session_cookie(&headers) {
        if let Err(e) = end_session(&state.db, &token) {
            return db_failed(&e);
        }
    }
    let cookie = format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        secure_suffix(&state, &headers)
    );
    let mut response = Redirect::to("/login").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Adds the `Set-Cookie` of session `token` to `response`.
pub fn with_session(
    mut response: Response,
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
) -> Response {
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_LIFETIME_MS / 1000,
        secure_suffix(state, headers)
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `; Secure` when the browser reached the server over TLS: always with `--secure-cookies`,
/// or when a trusted reverse proxy says `X-Forwarded-Proto: https`.
fn secure_suffix(state: &AppState, headers: &HeaderMap) -> &'static str {
    let proxied_tls = state.settings.trust_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    if state.settings.secure_cookies || proxied_tls {
        "; Secure"
    } else {
        ""
    }
}

/// `next` when it is a path on this server, else [`AFTER_LOGIN`]: no open redirect through
/// `//host`, `/\host`, schemes or control characters.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && !next.starts_with("/login");
    if local {
        next
    } else {
        AFTER_LOGIN
    }
}

/// The first value of `key` in the request's query.
pub fn query_value(uri: &Uri, key: &str) -> Option<String> {
    url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// A posted `application/x-www-form-urlencoded` body.
pub struct Form(Vec<(String, String)>);

impl Form {
    /// The fields of `body`.
    pub fn parse(body: &[u8]) -> Form {
        Form(
            url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of field `key`, or "".
    pub fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// 403 with `text`.
pub fn forbidden(text: &str) -> Response {
    (StatusCode::FORBIDDEN, text.to_string()).into_response()
}

/// 403 for a form post without this session's CSRF token or from another origin.
pub fn forbidden_form() -> Response {
    forbidden(
        "Форма устарела или отправлена не с этого сайта: откройте страницу ещё раз и повторите.",
    )
}

/// 500 for a failed database call (logged).
pub fn db_failed(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %error, "accounts: database call failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Ошибка базы данных; попробуйте позже.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next("/runs/3?x=1"), "/runs/3?x=1");
        for bad in [
            "",
            "//evil.ru/",
            "/\\evil.ru",
            "\\\\evil.ru",
            "https://evil.ru/",
            "javascript:alert(1)",
            "/ok\r\nSet-Cookie: x",
            "/login?next=//evil.ru",
            "lists",
        ] {
            assert_eq!(safe_next(bad), AFTER_LOGIN, "{bad:?}");
        }
    }

    #[test]
    fn form_fields_are_decoded() {
        let form = Form::parse(b"name=%D0%B0%D0%BD%D0%BD%D0%B0&password=a+b&csrf=");
        assert_eq!(
            (form.get("name"), form.get("password"), form.get("x")),
            ("анна", "a b", "")
        );
    }
}
