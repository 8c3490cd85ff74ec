//! One database handle for a SQLite file or a PostgreSQL server, so that the run history, the
//! check queue of `socaudit serve` and its workspace are written once and run on either.
//!
//! Statements are written in one dialect: PostgreSQL's `$1, $2, …` placeholders (translated for
//! SQLite), `INSERT … ON CONFLICT … DO …` and `… RETURNING id` (both supported by the bundled
//! SQLite), integers as 64-bit values. Schema text goes through [`ddl`], which maps the few
//! column types that differ. Each part of the program keeps its own numbered migrations under
//! its own component name ([`Db::migrate`]), so parts can add tables without renumbering each
//! other's.

mod migrate;
mod postgres;
mod postgres_values;
mod sqlite;
mod value;

pub use value::{Row, Value};

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// Which SQL engine is behind a [`Db`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A database error, naming the database (file or server) it happened in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    /// The database: a file path or a server address without the password; empty for value
    /// conversion errors (the caller adds the place).
    pub place: String,
    /// What went wrong.
    pub message: String,
}

impl DbError {
    /// An error of a database.
    pub fn new(place: &str, message: impl fmt::Display) -> DbError {
        DbError {
            place: place.to_owned(),
            message: message.to_string(),
        }
    }

    /// A stored value that is not what the code expects.
    pub fn value(message: String) -> DbError {
        DbError {
            place: String::new(),
            message,
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "ошибка базы данных: {}", self.message)
        } else {
            write!(f, "ошибка базы данных {}: {}", self.place, self.message)
        }
    }
}

impl std::error::Error for DbError {}

/// Exclusive use of one connection, for a statement or a whole transaction.
pub trait Session {
    /// Runs one statement with `$n` placeholders; rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs one query with `$n` placeholders; all its rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    /// Runs several statements without parameters (schema, `BEGIN`, `COMMIT`).
    fn batch(&mut self, sql: &str) -> Result<(), DbError>;
}

/// A database engine: hands out sessions.
pub trait Backend: Send + Sync {
    /// Its dialect.
    fn dialect(&self) -> Dialect;
    /// The database's name for messages (never a password).
    fn place(&self) -> &str;
    /// A session; blocks while another caller holds the connection.
    fn session(&self) -> Result<Box<dyn Session + '_>, DbError>;
}

/// A shared handle to the database; cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct Db {
    backend: Arc<dyn Backend>,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("place", &self.backend.place())
            .finish()
    }
}

/// What a transaction's body gets: statements inside the transaction.
pub struct Tx<'a> {
    session: Box<dyn Session + 'a>,
    dialect: Dialect,
}

impl Tx<'_> {
    /// See [`Db::execute`].
    pub fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        self.session.execute(sql, params)
    }

    /// See [`Db::query`].
    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        self.session.query(sql, params)
    }

    /// See [`Db::query_opt`].
    pub fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.session.query(sql, params)?.into_iter().next())
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Runs several statements without parameters (schema text).
    pub fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.session.batch(sql)
    }

    /// Makes every other process's schema change wait for this transaction: in PostgreSQL a
    /// transaction-scoped advisory lock (two servers starting together migrate once); in SQLite
    /// the transaction already holds the write lock.
    pub fn lock_schema(&mut self) -> Result<(), DbError> {
        match self.dialect {
            Dialect::Sqlite => Ok(()),
            Dialect::Postgres => self
                .session
                .execute(
                    "SELECT pg_advisory_xact_lock($1)",
                    &[Value::Int(SCHEMA_LOCK)],
                )
                .map(|_| ()),
        }
    }
}

/// The advisory lock key of schema changes (any fixed number; «socaudit» in ASCII, cut short).
const SCHEMA_LOCK: i64 = 0x736f_6361_7564;

/// True when `spec` is a PostgreSQL URL rather than a file path.
pub fn is_postgres_url(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// `spec` fit to be written into files (a sweep's plan, a run's recorded options): a PostgreSQL
/// URL loses its password (in the user part or a `password=` parameter), which a resumed run then
/// takes from `PGPASSWORD`; a path is kept.
pub fn spec_without_password(spec: &str) -> String {
    if !is_postgres_url(spec) {
        return spec.to_owned();
    }
    match url::Url::parse(spec) {
        Ok(mut parsed) => {
            let _ = parsed.set_password(None);
            let kept: Vec<(String, String)> = parsed
                .query_pairs()
                .filter(|(k, _)| k != "password")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            parsed.set_query(None);
            if !kept.is_empty() {
                parsed.query_pairs_mut().extend_pairs(kept);
            }
            parsed.to_string()
        }
        Err(_) => postgres::place_of(spec),
    }
}

/// How a database spec is shown in messages: the path, or the server URL without its password.
pub fn display_spec(spec: &str) -> String {
    if is_postgres_url(spec) {
        postgres::place_of(spec)
    } else {
        spec.to_owned()
    }
}

impl Db {
    /// Opens the database `spec` names: a `postgres://` or `postgresql://` URL, or a SQLite file
    /// path (created with its folder when missing).
    pub fn open(spec: &str) -> Result<Db, DbError> {
        if is_postgres_url(spec) {
            return Ok(Db::with_backend(Arc::new(postgres::PgBackend::open(spec)?)));
        }
        Db::open_sqlite(Path::new(spec))
    }

    /// Opens (creating if needed) a SQLite file.
    pub fn open_sqlite(path: &Path) -> Result<Db, DbError> {
        Ok(Db::with_backend(Arc::new(sqlite::SqliteBackend::open(
            path,
        )?)))
    }

    /// A handle over any backend.
    pub fn with_backend(backend: Arc<dyn Backend>) -> Db {
        Db { backend }
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        self.backend.dialect()
    }

    /// The database's name for messages.
    pub fn place(&self) -> &str {
        self.backend.place()
    }

    /// Runs one statement (auto-committed); rows changed.
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        self.backend.session()?.execute(sql, params)
    }

    /// Runs one query; all its rows.
    pub fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        self.backend.session()?.query(sql, params)
    }

    /// Runs one query; its first row, if any.
    pub fn query_opt(&self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Runs `body` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    /// In SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`), so two
    /// processes' read-then-write sequences never interleave.
    pub fn transaction<T>(
        &self,
        body: impl FnOnce(&mut Tx<'_>) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let dialect = self.dialect();
        let mut session = self.backend.session()?;
        session.batch(match dialect {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        })?;
        let mut tx = Tx { session, dialect };
        match body(&mut tx) {
            Ok(value) => {
                tx.session.batch("COMMIT")?;
                Ok(value)
            }
            Err(e) => {
                // The body's error is the one worth reporting; a failed rollback only means the
                // connection already ended the transaction.
                let _ = tx.session.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Brings the tables of `component` up to date: applies `migrations[v..]` where `v` is the
    /// number already applied, each in its own transaction, recording the new version. A
    /// released migration is never edited, only new ones appended. Schema text goes through
    /// [`ddl`].
    pub fn migrate(&self, component: &str, migrations: &[&str]) -> Result<(), DbError> {
        migrate::migrate(self, component, migrations)
    }
}

/// Schema text in the common form, for `dialect`: `{id}` is an auto-numbered 64-bit primary key,
/// `{blob}` a bytes column, and in PostgreSQL `INTEGER` becomes `BIGINT` and `REAL` becomes
/// `DOUBLE PRECISION` (so every integer binds as 64-bit).
pub fn ddl(dialect: Dialect, schema: &str) -> String {
    match dialect {
        Dialect::Sqlite => schema
            .replace("{id}", "INTEGER PRIMARY KEY AUTOINCREMENT")
            .replace("{blob}", "BLOB"),
        Dialect::Postgres => {
            let schema = schema
                .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "{id}")
                .replace("{id}", "BIGSERIAL PRIMARY KEY")
                .replace("{blob}", "BYTEA");
            let words = regex::Regex::new(r"\b(INTEGER|REAL|BLOB)\b").expect("fixed pattern");
            words
                .replace_all(&schema, |c: &regex::Captures<'_>| match &c[1] {
                    "INTEGER" => "BIGINT",
                    "REAL" => "DOUBLE PRECISION",
                    _ => "BYTEA",
                })
                .into_owned()
        }
    }
}

#[cfg(test)]
mod tests;
