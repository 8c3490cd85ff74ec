//! The SQLite backend: one connection behind a mutex, WAL mode and a busy timeout, so several
//! processes (a server and a CLI sweep) can share one file.

use super::{Backend, DbError, Dialect, Row, Session, Value};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A SQLite file.
pub struct SqliteBackend {
    place: String,
    conn: Mutex<Connection>,
}

impl SqliteBackend {
    /// Opens (creating with its folder if needed) the file at `path`.
    pub fn open(path: &Path) -> Result<SqliteBackend, DbError> {
        let place = path.display().to_string();
        let err = |e: &dyn std::fmt::Display| DbError::new(&place, e);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| err(&e))?;
        }
        let conn = Connection::open(path).map_err(|e| err(&e))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| err(&e))?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(|e| err(&e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| err(&e))?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(|e| err(&e))?;
        Ok(SqliteBackend {
            place,
            conn: Mutex::new(conn),
        })
    }
}

impl Backend for SqliteBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn place(&self) -> &str {
        &self.place
    }

    fn session(&self) -> Result<Box<dyn Session + '_>, DbError> {
        // A panic while holding the lock leaves SQLite consistent: its transactions roll back.
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        Ok(Box::new(SqliteSession {
            place: &self.place,
            conn,
        }))
    }
}

struct SqliteSession<'a> {
    place: &'a str,
    conn: MutexGuard<'a, Connection>,
}

impl SqliteSession<'_> {
    fn err(&self, e: rusqlite::Error) -> DbError {
        DbError::new(self.place, e)
    }
}

impl Session for SqliteSession<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let sql = placeholders(sql);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let changed = stmt
            .execute(rusqlite::params_from_iter(params.iter().map(to_sql)))
            .map_err(|e| DbError::new(self.place, e))?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        let sql = placeholders(sql);
        let place = self.place;
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .map_err(|e| DbError::new(place, e))?;
        let columns = stmt.column_count();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter().map(to_sql)))
            .map_err(|e| DbError::new(place, e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| DbError::new(place, e))? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(from_sql(
                    row.get_ref(i).map_err(|e| DbError::new(place, e))?,
                ));
            }
            out.push(Row(values));
        }
        Ok(out)
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(|e| self.err(e))
    }
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Real(r) => rusqlite::types::Value::Real(*r),
        Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// `$n` placeholders as SQLite's numbered `?n`, outside quoted strings and identifiers.
pub(super) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) => out.push('?'),
            None => out.push(c),
        }
    }
    out
}
