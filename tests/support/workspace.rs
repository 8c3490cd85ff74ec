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
