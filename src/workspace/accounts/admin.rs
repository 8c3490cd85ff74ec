//! The admin's page of accounts (`/users`): the list (name, role, created, locked or
//! disabled), adding an account, and per account: disable, enable (which also lifts a
//! lockout), a new password, a new role. The rules that keep an administrator in charge live in
//! [`crate::workspace::accounts::store`].

use crate::serve::app::{AppState, State};
use crate::workspace::accounts::account::capitalise;
use crate::workspace::accounts::store::{self as store, format_ms, Account, ChangeError};
use crate::workspace::accounts::{db_failed, forbidden_form, query_value, Form};
use crate::workspace::auth::{AdminUser, CurrentUser, Role};
use crate::workspace::layout::Page;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

static USERS: Page = Page::new(
    "accounts_users.html",
    include_str!("../templates/accounts_users.html.tera"),
);

/// The routes of `/users`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/users", get(users_page).post(add_user))
        .route("/users/{id}/{action}", post(user_action))
}

/// One row of the list.
#[derive(serde::Serialize)]
struct UserRow {
    id: i64,
    name: String,
    role: &'static str,
    role_ru: &'static str,
    created: String,
    disabled: bool,
    locked_until: Option<String>,
    is_me: bool,
}

/// What the page shows.
#[derive(serde::Serialize)]
struct UsersView {
    users: Vec<UserRow>,
    done: Option<&'static str>,
    error: Option<String>,
    new_name: String,
}

fn row(account: Account, me: &CurrentUser, now_ms: i64) -> UserRow {
    UserRow {
        id: account.id,
        role: account.role.as_str(),
        role_ru: account.role.label_ru(),
        created: format_ms(account.created_ms),
        disabled: account.disabled,
        locked_until: account
            .locked_at(now_ms)
            .then(|| format_ms(account.locked_until_ms)),
        is_me: account.id == me.id,
        name: account.name,
    }
}

/// The message after a change, by the `done` word of the redirect.
fn done_text(word: &str) -> Option<&'static str> {
    Some(match word {
        "added" => "Пользователь добавлен.",
        "disable" => "Учётная запись отключена, её сеансы завершены.",
        "enable" => "Учётная запись включена.",
        "reset" => "Пароль задан, сеансы пользователя завершены.",
        "role" => "Роль изменена.",
        _ => return None,
    })
}

/// `GET /users`.
async fn users_page(state: State, AdminUser(me): AdminUser, uri: Uri) -> Response {
    let done = query_value(&uri, "done").and_then(|w| done_text(&w));
    page(&state, &me, StatusCode::OK, done, None, "")
}

fn page(
    state: &AppState,
    me: &CurrentUser,
    status: StatusCode,
    done: Option<&'static str>,
    error: Option<String>,
    new_name: &str,
) -> Response {
    let now = crate::serve::now_ms();
    let users = match store::list(&state.db) {
        Ok(list) => list.into_iter().map(|a| row(a, me, now)).collect(),
        Err(e) => return db_failed(&e),
    };
    let view = UsersView {
        users,
        done,
        error,
        new_name: new_name.chars().take(64).collect(),
    };
    let mut response = USERS.respond(Some(me), "Пользователи", &view);
    *response.status_mut() = status;
    response
}

/// A refused change: the page again with the reason (400), or 500 for the database.
fn refused(state: &AppState, me: &CurrentUser, error: ChangeError, new_name: &str) -> Response {
    match error {
        ChangeError::Db(e) => db_failed(&e),
        ChangeError::NoSuchUser(_) => {
            (StatusCode::NOT_FOUND, "Такого пользователя нет.").into_response()
        }
        other => {
            let text = capitalise(&other.to_string());
            page(
                state,
                me,
                StatusCode::BAD_REQUEST,
                None,
                Some(text),
                new_name,
            )
        }
    }
}

/// `POST /users`: a new account.
async fn add_user(
    state: State,
    AdminUser(me): AdminUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !me.csrf_ok(&headers, form.get("csrf")) {
        return forbidden_form();
    }
    let Some(role) = Role::parse(form.get("role")) else {
        return (StatusCode::BAD_REQUEST, "Неизвестная роль.").into_response();
    };
    let db = state.db.clone();
    let (name, password) = (
        form.get("name").to_string(),
        form.get("password").to_string(),
    );
    let who = name.clone();
    let added = tokio::task::spawn_blocking(move || {
        store::add(&db, &who, &password, role, crate::serve::now_ms())
    })
    .await;
    match added {
        Ok(Ok(_)) => Redirect::to("/users?done=added").into_response(),
        Ok(Err(e)) => refused(&state, &me, e, &name),
        Err(e) => db_failed(&e),
    }
}

/// `POST /users/{id}/disable|enable|reset|role`.
async fn user_action(
    state: State,
    AdminUser(me): AdminUser,
    Path((id, action)): Path<(i64, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !me.csrf_ok(&headers, form.get("csrf")) {
        return forbidden_form();
    }
    let db = state.db.clone();
    let result = match action.as_str() {
        "disable" => store::set_disabled(&db, id, true, Some(me.id)),
        "enable" => store::set_disabled(&db, id, false, Some(me.id)),
        "role" => match Role::parse(form.get("role")) {
            Some(role) => store::set_role(&db, id, role, Some(me.id)),
            None => return (StatusCode::BAD_REQUEST, "Неизвестная роль.").into_response(),
        },
        "reset" => {
            let password = form.get("password").to_string();
            tokio::task::spawn_blocking(move || store::set_password(&db, id, &password))
                .await
                .unwrap_or_else(|e| Err(ChangeError::Db(crate::db::DbError::value(e.to_string()))))
        }
        _ => return crate::serve::pages::not_found().await,
    };
    match result {
        Ok(()) => Redirect::to(&format!("/users?done={action}")).into_response(),
        Err(e) => refused(&state, &me, e, ""),
    }
}
