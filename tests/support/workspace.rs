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
