//! Who is asking: accounts with argon2 password hashes, sessions behind an HttpOnly cookie
//! (only a hash of the token is stored), a CSRF token per session, and the extractors that
//! guard every workspace page ([`CurrentUser`], [`AdminUser`]).

use crate::db::{Db, DbError};
use crate::serve::app::AppState;
use crate::serve::security::{constant_time_eq, hex_cookie, random_hex, same_origin};
use crate::vals;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The cookie holding the session token.
pub const SESSION_COOKIE: &str = "socaudit_session";

/// How long a session lasts after login.
pub const SESSION_LIFETIME_MS: i64 = 12 * 60 * 60 * 1000;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Runs sweeps, accepts findings, exports.
    Auditor,
    /// Also manages users and schedules.
    Admin,
}

impl Role {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    /// The role of a stored word.
    pub fn parse(word: &str) -> Option<Role> {
        match word {
            "auditor" => Some(Role::Auditor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The role in Russian.
    pub fn label_ru(self) -> &'static str {
        match self {
            Role::Auditor => "аудитор",
            Role::Admin => "администратор",
        }
    }
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The name is empty, too long or has control characters.
    #[error("имя пользователя должно быть от 1 до 64 печатных символов без пробелов по краям")]
    BadName,
    /// The name is taken.
    #[error("пользователь «{0}» уже есть")]
    Exists(String),
    /// The password is too short.
    #[error("пароль должен быть не короче {MIN_PASSWORD} символов")]
    WeakPassword,
    /// The database failed.
    #[error("{0}")]
    Db(#[from] DbError),
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// An argon2id hash (PHC string) of `password` with a fresh salt.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    if let Err(e) = getrandom::getrandom(&mut salt) {
        panic!("no random source: {e}");
    }
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt length");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any password")
        .to_string()
}

/// True when `password` matches the stored `hash` (a malformed hash matches nothing).
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Creates an account; its id.
pub fn create_user(
    db: &Db,
    name: &str,
    password: &str,
    role: Role,
    now_ms: i64,
) -> Result<i64, AccountError> {
    let good_name = !name.is_empty()
        && name.chars().count() <= 64
        && name.trim() == name
        && !name.chars().any(char::is_control);
    if !good_name {
        return Err(AccountError::BadName);
    }
    if password.chars().count() < MIN_PASSWORD {
        return Err(AccountError::WeakPassword);
    }
    let hash = hash_password(password);
    let inserted = db.query_opt(
        "INSERT INTO ws_users (name, password_hash, role, created_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING RETURNING id",
        vals![name, hash, role.as_str(), now_ms],
    )?;
    match inserted {
        Some(row) => Ok(row.int(0)?),
        None => Err(AccountError::Exists(name.to_owned())),
    }
}

/// A logged-in account, as the request's session cookie names it.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Account id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The session's CSRF token, for every form of the page.
    pub csrf: String,
}

impl CurrentUser {
    /// True when a form post carries this session's CSRF token and comes from this server.
    pub fn csrf_ok(&self, headers: &HeaderMap, form_token: &str) -> bool {
        constant_time_eq(&self.csrf, form_token) && same_origin(headers)
    }

    /// True for administrators.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Starts a session for `user_id`; the token to put in the cookie.
pub fn start_session(db: &Db, user_id: i64, now_ms: i64) -> Result<String, DbError> {
    let token = random_hex(32);
    db.execute(
        "INSERT INTO ws_sessions (token_hash, user_id, csrf, created_ms, expires_ms)
         VALUES ($1, $2, $3, $4, $5)",
        vals![
            token_hash(&token),
            user_id,
            random_hex(16),
            now_ms,
            now_ms + SESSION_LIFETIME_MS
        ],
    )?;
    Ok(token)
}

/// Ends the session of `token` (logout).
pub fn end_session(db: &Db, token: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM ws_sessions WHERE token_hash = $1",
        vals![token_hash(token)],
    )
    .map(|_| ())
}

/// The account of a live session token (expired sessions and disabled accounts give `None`).
pub fn session_user(db: &Db, token: &str, now_ms: i64) -> Result<Option<CurrentUser>, DbError> {
    let row = db.query_opt(
        "SELECT u.id, u.name, u.role, s.csrf FROM ws_sessions s JOIN ws_users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_ms > $2 AND u.disabled = 0",
        vals![token_hash(token), now_ms],
    )?;
    let Some(row) = row else {
        return Ok(None);
    };
    let role = row.text(2)?;
    Ok(Some(CurrentUser {
        id: row.int(0)?,
        name: row.text(1)?,
        role: Role::parse(&role)
            .ok_or_else(|| DbError::value(format!("неизвестная роль «{role}»")))?,
        csrf: row.text(3)?,
    }))
}

/// The session token of the request's cookie, if it has a well-formed one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    hex_cookie(headers, SESSION_COOKIE, 64)
}

/// Where a request without a live session goes: the login page, coming back afterwards (to the
/// same page for a GET; a form post cannot be replayed, so it comes back nowhere in particular).
fn to_login(parts: &Parts) -> Response {
    if parts.method != axum::http::Method::GET && parts.method != axum::http::Method::HEAD {
        return Redirect::to("/login").into_response();
    }
    let back = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let next: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
    Redirect::to(&format!("/login?next={next}")).into_response()
}

impl FromRequestParts<Arc<AppState>> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = session_cookie(&parts.headers) else {
            return Err(to_login(parts));
        };
        match session_user(&state.db, &token, crate::serve::now_ms()) {
            Ok(Some(user)) => Ok(user),
            Ok(None) => Err(to_login(parts)),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                Err((
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Ошибка базы данных; попробуйте позже.",
                )
                    .into_response())
            }
        }
    }
}

/// A logged-in administrator; anyone else logged in gets 403.
#[derive(Debug, Clone)]
pub struct AdminUser(pub CurrentUser);

impl FromRequestParts<Arc<AppState>> for AdminUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.is_admin() {
            Ok(AdminUser(user))
        } else {
            Err((
                StatusCode::FORBIDDEN,
                "Это действие доступно только администратору.",
            )
                .into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open_sqlite(&dir.path().join("w.sqlite")).expect("open");
        db.migrate("workspace", crate::workspace::schema::MIGRATIONS)
            .expect("migrate");
        (dir, db)
    }

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("верный пароль 1");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "верный пароль 1"));
        assert!(!verify_password(&hash, "верный пароль 2"));
        assert!(!verify_password("not a hash", "верный пароль 1"));
        assert_ne!(
            hash,
            hash_password("верный пароль 1"),
            "fresh salt each time"
        );
    }

    #[test]
    fn accounts_refuse_bad_names_weak_passwords_and_duplicates() {
        let (_dir, db) = db();
        let id = create_user(&db, "anna", "длинный пароль", Role::Auditor, 1).expect("create");
        assert!(id > 0);
        assert!(matches!(
            create_user(&db, "anna", "другой пароль", Role::Admin, 2),
            Err(AccountError::Exists(_))
        ));
        assert!(matches!(
            create_user(&db, " anna", "длинный пароль", Role::Auditor, 2),
            Err(AccountError::BadName)
        ));
        assert!(matches!(
            create_user(&db, "boris", "short", Role::Auditor, 2),
            Err(AccountError::WeakPassword)
        ));
    }

    #[test]
    fn a_session_names_its_user_until_it_expires_or_ends() {
        let (_dir, db) = db();
        let id = create_user(&db, "vera", "длинный пароль", Role::Admin, 0).expect("create");
        let token = start_session(&db, id, 1_000).expect("session");
        let user = session_user(&db, &token, 2_000)
            .expect("query")
            .expect("user");
        assert_eq!(
            (user.id, user.name.as_str(), user.role),
            (id, "vera", Role::Admin)
        );
        assert_eq!(user.csrf.len(), 32);
        assert!(session_user(&db, &token, 1_000 + SESSION_LIFETIME_MS)
            .expect("query")
            .is_none());
        assert!(session_user(&db, &"0".repeat(64), 2_000)
            .expect("query")
            .is_none());
        end_session(&db, &token).expect("logout");
        assert!(session_user(&db, &token, 2_000).expect("query").is_none());
    }
}
