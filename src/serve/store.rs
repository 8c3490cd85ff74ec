//! Where the server keeps its checks: the queue and every result, so that a restart (even after
//! `kill -9`) loses nothing. [`CheckStore`] is the narrow face the rest of the server uses, so
//! that another database (PostgreSQL, accounts and uploaded lists later) is one more
//! implementation; [`SqliteStore`] keeps its table beside the run history in the same file.

use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use thiserror::Error;

/// Where a check is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckStatus {
    /// Waiting for a worker.
    Queued,
    /// A worker is crawling the site.
    Running,
    /// Finished: the report is stored.
    Done,
    /// The check itself broke (not the site: an unreachable site is a `Done` report).
    Failed,
}

impl CheckStatus {
    /// Every status, in the order metrics list them.
    pub const ALL: [CheckStatus; 4] = [Self::Queued, Self::Running, Self::Done, Self::Failed];

    /// The word of the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    /// The status named by `word`.
    pub fn parse(word: &str) -> Option<CheckStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// Done or failed: nothing will change any more.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

/// One check as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRecord {
    /// Public id: random, unguessable, used in every link.
    pub id: String,
    /// The normalised start URL (never with credentials).
    pub url: String,
    /// Where the check is.
    pub status: CheckStatus,
    /// When it was asked for (ms since the Unix epoch).
    pub created_ms: i64,
    /// When a worker took it.
    pub started_ms: Option<i64>,
    /// When it ended.
    pub finished_ms: Option<i64>,
    /// Pages fetched so far (the last progress a worker stored).
    pub pages: u64,
    /// Requirements decided so far.
    pub decided: u64,
    /// Why a failed check failed.
    pub error: Option<String>,
    /// The `socaudit/report/v1` document of a done check (only when asked for).
    pub report_json: Option<String>,
}

/// A failure of the store; the message names the database file.
#[derive(Debug, Error)]
#[error("ошибка базы проверок {path}: {source}")]
pub struct StoreError {
    /// The database file.
    pub path: PathBuf,
    /// What SQLite said.
    pub source: rusqlite::Error,
}

/// What the server needs from a store of checks.
pub trait CheckStore: Send + Sync {
    /// Adds a queued check.
    fn insert(&self, id: &str, url: &str, created_ms: i64) -> Result<(), StoreError>;
    /// The check with this id, with its report when `with_report`.
    fn get(&self, id: &str, with_report: bool) -> Result<Option<CheckRecord>, StoreError>;
    /// The newest check of `url` (without its report).
    fn latest_for_url(&self, url: &str) -> Result<Option<CheckRecord>, StoreError>;
    /// Takes the oldest queued check and marks it running.
    fn claim_next(&self, now_ms: i64) -> Result<Option<CheckRecord>, StoreError>;
    /// Stores how far a running check got.
    fn set_progress(&self, id: &str, pages: u64, decided: u64) -> Result<(), StoreError>;
    /// Marks a check done with its report.
    fn finish(&self, id: &str, report_json: &str, now_ms: i64) -> Result<(), StoreError>;
    /// Marks a check failed with the reason.
    fn fail(&self, id: &str, reason: &str, now_ms: i64) -> Result<(), StoreError>;
    /// Puts a running check back at its place in the queue.
    fn requeue(&self, id: &str) -> Result<(), StoreError>;
    /// Puts every running check back in the queue (a server starting after a crash); how many.
    fn requeue_running(&self) -> Result<usize, StoreError>;
    /// Checks waiting in the queue ahead of `id` (all queued checks when `id` is `None`).
    fn queued_before(&self, id: Option<&str>) -> Result<u64, StoreError>;
    /// How many checks are in each status.
    fn counts(&self) -> Result<Vec<(CheckStatus, u64)>, StoreError>;
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS serve_checks (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    url         TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    created_ms  INTEGER NOT NULL,
    started_ms  INTEGER,
    finished_ms INTEGER,
    pages       INTEGER NOT NULL DEFAULT 0,
    decided     INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    report_json TEXT
);
CREATE INDEX IF NOT EXISTS serve_checks_by_url ON serve_checks(url, seq);
CREATE INDEX IF NOT EXISTS serve_checks_by_status ON serve_checks(status, seq);
"#;

const COLUMNS: &str =
    "id, url, status, created_ms, started_ms, finished_ms, pages, decided, error, NULL";
const COLUMNS_WITH_REPORT: &str =
    "id, url, status, created_ms, started_ms, finished_ms, pages, decided, error, report_json";

/// [`CheckStore`] in SQLite: table `serve_checks` (WAL, synchronous writes of every change of
/// status, so a queued check survives the process being killed).
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the store in the database file at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let err = |source| StoreError {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent: its transactions roll back.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError {
            path: self.path.clone(),
            source,
        }
    }

    fn one(&self, sql: &str, arg: &str) -> Result<Option<CheckRecord>, StoreError> {
        self.lock()
            .query_row(sql, [arg], read_record)
            .optional()
            .map_err(|e| self.err(e))
    }

    fn execute(&self, sql: &str, args: impl rusqlite::Params) -> Result<usize, StoreError> {
        self.lock().execute(sql, args).map_err(|e| self.err(e))
    }
}

fn read_record(r: &Row<'_>) -> rusqlite::Result<CheckRecord> {
    let status: String = r.get(2)?;
    let status = CheckStatus::parse(&status).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            format!("status «{status}»").into(),
        )
    })?;
    Ok(CheckRecord {
        id: r.get(0)?,
        url: r.get(1)?,
        status,
        created_ms: r.get(3)?,
        started_ms: r.get(4)?,
        finished_ms: r.get(5)?,
        pages: r.get::<_, i64>(6)?.max(0) as u64,
        decided: r.get::<_, i64>(7)?.max(0) as u64,
        error: r.get(8)?,
        report_json: r.get(9)?,
    })
}

impl CheckStore for SqliteStore {
    fn insert(&self, id: &str, url: &str, created_ms: i64) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO serve_checks (id, url, status, created_ms) VALUES (?1, ?2, 'queued', ?3)",
            params![id, url, created_ms],
        )
        .map(|_| ())
    }

    fn get(&self, id: &str, with_report: bool) -> Result<Option<CheckRecord>, StoreError> {
        let columns = if with_report {
            COLUMNS_WITH_REPORT
        } else {
            COLUMNS
        };
        self.one(
            &format!("SELECT {columns} FROM serve_checks WHERE id = ?1"),
            id,
        )
    }

    fn latest_for_url(&self, url: &str) -> Result<Option<CheckRecord>, StoreError> {
        self.one(
            &format!("SELECT {COLUMNS} FROM serve_checks WHERE url = ?1 ORDER BY seq DESC LIMIT 1"),
            url,
        )
    }

    fn claim_next(&self, now_ms: i64) -> Result<Option<CheckRecord>, StoreError> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let next = tx
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM serve_checks WHERE status = 'queued' ORDER BY seq LIMIT 1"
                ),
                [],
                read_record,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(mut record) = next else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE serve_checks SET status = 'running', started_ms = ?2 WHERE id = ?1",
            params![record.id, now_ms],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        record.status = CheckStatus::Running;
        record.started_ms = Some(now_ms);
        Ok(Some(record))
    }

    fn set_progress(&self, id: &str, pages: u64, decided: u64) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET pages = ?2, decided = ?3 WHERE id = ?1",
            params![id, pages as i64, decided as i64],
        )
        .map(|_| ())
    }

    fn finish(&self, id: &str, report_json: &str, now_ms: i64) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'done', report_json = ?2, finished_ms = ?3,
                                     error = NULL WHERE id = ?1",
            params![id, report_json, now_ms],
        )
        .map(|_| ())
    }

    fn fail(&self, id: &str, reason: &str, now_ms: i64) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'failed', error = ?2, finished_ms = ?3 WHERE id = ?1",
            params![id, reason, now_ms],
        )
        .map(|_| ())
    }

    fn requeue(&self, id: &str) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'queued', started_ms = NULL, pages = 0, decided = 0
             WHERE id = ?1 AND status = 'running'",
            [id],
        )
        .map(|_| ())
    }

    fn requeue_running(&self) -> Result<usize, StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'queued', started_ms = NULL, pages = 0, decided = 0
             WHERE status = 'running'",
            [],
        )
    }

    fn queued_before(&self, id: Option<&str>) -> Result<u64, StoreError> {
        let conn = self.lock();
        let count: i64 = match id {
            Some(id) => conn.query_row(
                "SELECT count(*) FROM serve_checks WHERE status = 'queued'
                   AND seq < (SELECT seq FROM serve_checks WHERE id = ?1)",
                [id],
                |r| r.get(0),
            ),
            None => conn.query_row(
                "SELECT count(*) FROM serve_checks WHERE status = 'queued'",
                [],
                |r| r.get(0),
            ),
        }
        .map_err(|e| self.err(e))?;
        Ok(count.max(0) as u64)
    }

    fn counts(&self) -> Result<Vec<(CheckStatus, u64)>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare("SELECT status, count(*) FROM serve_checks GROUP BY status")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| self.err(e))?;
        let mut found = Vec::new();
        for row in rows {
            let (status, n) = row.map_err(|e| self.err(e))?;
            if let Some(status) = CheckStatus::parse(&status) {
                found.push((status, n.max(0) as u64));
            }
        }
        Ok(CheckStatus::ALL
            .into_iter()
            .map(|s| {
                let n = found.iter().find(|(f, _)| *f == s).map_or(0, |(_, n)| *n);
                (s, n)
            })
            .collect())
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
