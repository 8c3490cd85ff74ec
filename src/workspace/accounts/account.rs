//! The account's own page (`/account`): who is logged in, and a new password (the current one
//! required; the change ends every other session of the account and starts a fresh one here).

use crate::serve::app::{AppState, State};
use crate::serve::security::client_ip;
use crate::workspace::accounts::store::{self as store, format_ms, ChangeError};
use crate::workspace::accounts::{
    db_failed, forbidden_form, query_value, with_session, Form, LOGIN_RATE,
};
use crate::workspace::auth::{start_session, CurrentUser};
use crate::workspace::layout::Page;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

static ACCOUNT: Page = Page::new(
    "accounts_account.html",
    include_str!("../templates/accounts_account.html.tera"),
);

/// The routes of `/account`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
}

/// What the account page shows.
#[derive(serde::Serialize)]
struct AccountView {
    name: String,
    role_ru: &'static str,
    created: String,
    changed: bool,
    error: Option<String>,
}

/// `GET /account`.
async fn account_page(state: State, user: CurrentUser, uri: Uri) -> Response {
    let changed = query_value(&uri, "changed").is_some();
    page(&state, &user, StatusCode::OK, changed, None)
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    changed: bool,
    error: Option<String>,
) -> Response {
    let created = match store::by_id(&state.db, user.id) {
        Ok(account) => account.map(|a| format_ms(a.created_ms)).unwrap_or_default(),
        Err(e) => return db_failed(&e),
    };
    let view = AccountView {
        name: user.name.clone(),
        role_ru: user.role.label_ru(),
        created,
        changed,
        error,
    };
    let mut response = ACCOUNT.respond(Some(user), "Учётная запись", &view);
    *response.status_mut() = status;
    response
}

/// `POST /account/password`: changes the password of the session's own account only.
async fn change_password(
    state: State,
    user: CurrentUser,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !user.csrf_ok(&headers, form.get("csrf")) {
        return forbidden_form();
    }
    // A stolen session must not become a way to guess the current password quickly.
    let client = client_ip(peer, &headers, state.settings.trust_proxy);
    if state.login_limiter.take(client, Instant::now()).is_err() {
        let text = format!(
            "Слишком много попыток с вашего адреса: подождите и попробуйте снова (не чаще раза в {} с).",
            LOGIN_RATE.per.as_secs()
        );
        return page(
            &state,
            &user,
            StatusCode::TOO_MANY_REQUESTS,
            false,
            Some(text),
        );
    }
    let (current, new, repeat) = (form.get("current"), form.get("new"), form.get("repeat"));
    if new != repeat {
        let text = "Новый пароль и его повтор не совпадают.".to_string();
        return page(&state, &user, StatusCode::BAD_REQUEST, false, Some(text));
    }
    let db = state.db.clone();
    let (id, current, new) = (user.id, current.to_string(), new.to_string());
    let outcome = tokio::task::spawn_blocking(move || {
        if !store::password_matches(&db, id, &current)? {
            return Ok(false);
        }
        store::set_password(&db, id, &new).map(|()| true)
    })
    .await;
    match outcome {
        Ok(Ok(true)) => {}
        Ok(Ok(false)) => {
            let text = "Текущий пароль указан неверно.".to_string();
            return page(&state, &user, StatusCode::BAD_REQUEST, false, Some(text));
        }
        Ok(Err(ChangeError::Db(e))) => return db_failed(&e),
        Ok(Err(refusal)) => {
            let text = capitalise(&refusal.to_string());
            return page(&state, &user, StatusCode::BAD_REQUEST, false, Some(text));
        }
        Err(e) => return db_failed(&e),
    }
    // Every session of the account ended with the change; this browser gets a new one.
    match start_session(&state.db, user.id, crate::serve::now_ms()) {
        Ok(token) => with_session(
            Redirect::to("/account?changed=1").into_response(),
            &state,
            &headers,
            &token,
        ),
        Err(e) => db_failed(&e),
    }
}

/// `text` with its first letter in upper case (refusals are written as clauses).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
