//! Where the server keeps its checks: the queue and every result, so that a restart (even after
//! `kill -9`) loses nothing. [`CheckStore`] is the narrow face the rest of the server uses, so
//! that the queue can live elsewhere; [`DbStore`] keeps its table `serve_checks` in the server's
//! [`Db`] beside the run history, in a SQLite file or on a PostgreSQL server shared by several
//! servers (a check is claimed by exactly one of them).

use crate::db::{Db, DbError, Dialect, Row};
use crate::vals;
use std::path::Path;
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

/// A failure of the store; the message names the database.
#[derive(Debug, Error)]
#[error("очередь проверок: {0}")]
pub struct StoreError(#[from] pub DbError);

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
    /// Puts checks left running by a stopped server back in the queue (a server starting after
    /// a crash); how many. SQLite serves one process: every running check. PostgreSQL may serve
    /// several: only checks whose claim was not renewed for [`LEASE_MS`].
    fn requeue_running(&self) -> Result<usize, StoreError>;
    /// Renews this server's claims on its running checks and puts back in the queue the checks
    /// of servers that stopped renewing theirs for [`LEASE_MS`]; how many went back.
    fn keep_alive(&self, now_ms: i64) -> Result<usize, StoreError>;
    /// Checks waiting in the queue ahead of `id` (all queued checks when `id` is `None`).
    fn queued_before(&self, id: Option<&str>) -> Result<u64, StoreError>;
    /// How many checks are in each status.
    fn counts(&self) -> Result<Vec<(CheckStatus, u64)>, StoreError>;
}

/// Migrations of component `serve` (the table was created with `IF NOT EXISTS` before it had a
/// migration, so files of older versions take the first one as a no-op).
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE IF NOT EXISTS serve_checks (
    seq         {id},
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
"#,
    // 2: which server runs a check and when it last said so, so that several servers sharing one
    // PostgreSQL database take over only the checks of a server that is gone.
    r#"
ALTER TABLE serve_checks ADD COLUMN claimed_by TEXT;
ALTER TABLE serve_checks ADD COLUMN alive_ms INTEGER;
"#,
];

/// How long a running check's claim holds without being renewed; servers renew theirs every
/// [`RENEW_EVERY_MS`].
pub const LEASE_MS: i64 = 90_000;
/// How often a server renews its claims (and takes over expired ones).
pub const RENEW_EVERY_MS: i64 = 20_000;

const COLUMNS: &str =
    "id, url, status, created_ms, started_ms, finished_ms, pages, decided, error, NULL";
const COLUMNS_WITH_REPORT: &str =
    "id, url, status, created_ms, started_ms, finished_ms, pages, decided, error, report_json";

/// [`CheckStore`] in the server's database: table `serve_checks`, every change of status written
/// at once, so a queued check survives the process being killed.
#[derive(Debug, Clone)]
pub struct DbStore {
    db: Db,
    /// This process's name in `claimed_by`: random per start.
    instance: String,
}

/// The store under its former name (a SQLite file).
pub type SqliteStore = DbStore;

impl DbStore {
    /// The store in `db`, its table created or brought up to date.
    pub fn new(db: Db) -> Result<DbStore, StoreError> {
        db.migrate("serve", MIGRATIONS)?;
        let mut random = [0u8; 8];
        // Without the OS's randomness the time still tells two starts apart.
        if getrandom::getrandom(&mut random).is_err() {
            random = crate::serve::now_ms().to_le_bytes();
        }
        let instance = random.iter().map(|b| format!("{b:02x}")).collect();
        Ok(DbStore { db, instance })
    }

    /// Opens (creating if needed) the store in the SQLite file at `path`.
    pub fn open(path: &Path) -> Result<DbStore, StoreError> {
        DbStore::new(Db::open_sqlite(path)?)
    }

    fn one(&self, sql: &str, arg: &str) -> Result<Option<CheckRecord>, StoreError> {
        self.db
            .query_opt(sql, vals![arg])?
            .map(|row| read_record(&row))
            .transpose()
    }

    fn execute(&self, sql: &str, args: &[crate::db::Value]) -> Result<u64, StoreError> {
        Ok(self.db.execute(sql, args)?)
    }

    /// Running checks whose claim has not been renewed for [`LEASE_MS`] go back to the queue.
    fn requeue_expired(&self, now_ms: i64) -> Result<u64, StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'queued', started_ms = NULL, pages = 0, decided = 0,
                                     claimed_by = NULL
             WHERE status = 'running' AND COALESCE(alive_ms, 0) < $1",
            vals![now_ms.saturating_sub(LEASE_MS)],
        )
    }
}

fn read_record(r: &Row) -> Result<CheckRecord, StoreError> {
    let status = r.text(2)?;
    let status = CheckStatus::parse(&status).ok_or_else(|| {
        StoreError(DbError::value(format!(
            "проверка {}: неизвестное состояние «{status}»",
            r.text(0).unwrap_or_default()
        )))
    })?;
    Ok(CheckRecord {
        id: r.text(0)?,
        url: r.text(1)?,
        status,
        created_ms: r.int(3)?,
        started_ms: r.opt_int(4)?,
        finished_ms: r.opt_int(5)?,
        pages: r.count(6)?,
        decided: r.count(7)?,
        error: r.opt_text(8)?,
        report_json: r.opt_text(9)?,
    })
}

impl CheckStore for DbStore {
    fn insert(&self, id: &str, url: &str, created_ms: i64) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO serve_checks (id, url, status, created_ms) VALUES ($1, $2, 'queued', $3)",
            vals![id, url, created_ms],
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
            &format!("SELECT {columns} FROM serve_checks WHERE id = $1"),
            id,
        )
    }

    fn latest_for_url(&self, url: &str) -> Result<Option<CheckRecord>, StoreError> {
        self.one(
            &format!("SELECT {COLUMNS} FROM serve_checks WHERE url = $1 ORDER BY seq DESC LIMIT 1"),
            url,
        )
    }

    fn claim_next(&self, now_ms: i64) -> Result<Option<CheckRecord>, StoreError> {
        // Optimistic: the update only takes a check still queued, so of several servers (or
        // workers) that saw the same oldest check exactly one gets it; the others look again.
        loop {
            let next = self.db.query_opt(
                &format!(
                    "SELECT {COLUMNS} FROM serve_checks WHERE status = 'queued' ORDER BY seq LIMIT 1"
                ),
                &[],
            )?;
            let Some(row) = next else {
                return Ok(None);
            };
            let mut record = read_record(&row)?;
            let taken = self.execute(
                "UPDATE serve_checks SET status = 'running', started_ms = $2, alive_ms = $2,
                                         claimed_by = $3
                 WHERE id = $1 AND status = 'queued'",
                vals![record.id.as_str(), now_ms, self.instance.as_str()],
            )?;
            if taken == 1 {
                record.status = CheckStatus::Running;
                record.started_ms = Some(now_ms);
                return Ok(Some(record));
            }
        }
    }

    fn set_progress(&self, id: &str, pages: u64, decided: u64) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET pages = $2, decided = $3 WHERE id = $1",
            vals![id, pages, decided],
        )
        .map(|_| ())
    }

    fn finish(&self, id: &str, report_json: &str, now_ms: i64) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'done', report_json = $2, finished_ms = $3,
                                     error = NULL WHERE id = $1",
            vals![id, report_json, now_ms],
        )
        .map(|_| ())
    }

    fn fail(&self, id: &str, reason: &str, now_ms: i64) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'failed', error = $2, finished_ms = $3 WHERE id = $1",
            vals![id, reason, now_ms],
        )
        .map(|_| ())
    }

    fn requeue(&self, id: &str) -> Result<(), StoreError> {
        self.execute(
            "UPDATE serve_checks SET status = 'queued', started_ms = NULL, pages = 0, decided = 0
             WHERE id = $1 AND status = 'running'",
            vals![id],
        )
        .map(|_| ())
    }

    fn requeue_running(&self) -> Result<usize, StoreError> {
        let n = match self.db.dialect() {
            Dialect::Sqlite => self.execute(
                "UPDATE serve_checks SET status = 'queued', started_ms = NULL, pages = 0,
                                         decided = 0, claimed_by = NULL
                 WHERE status = 'running'",
                &[],
            )?,
            Dialect::Postgres => self.requeue_expired(crate::serve::now_ms())?,
        };
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn keep_alive(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.execute(
            "UPDATE serve_checks SET alive_ms = $2 WHERE status = 'running' AND claimed_by = $1",
            vals![self.instance.as_str(), now_ms],
        )?;
        Ok(usize::try_from(self.requeue_expired(now_ms)?).unwrap_or(usize::MAX))
    }

    fn queued_before(&self, id: Option<&str>) -> Result<u64, StoreError> {
        let row = match id {
            Some(id) => self.db.query_opt(
                "SELECT count(*) FROM serve_checks WHERE status = 'queued'
                   AND seq < (SELECT seq FROM serve_checks WHERE id = $1)",
                vals![id],
            )?,
            None => self.db.query_opt(
                "SELECT count(*) FROM serve_checks WHERE status = 'queued'",
                &[],
            )?,
        };
        Ok(row.map(|r| r.count(0)).transpose()?.unwrap_or(0))
    }

    fn counts(&self) -> Result<Vec<(CheckStatus, u64)>, StoreError> {
        let rows = self.db.query(
            "SELECT status, count(*) FROM serve_checks GROUP BY status",
            &[],
        )?;
        let mut found = Vec::new();
        for row in rows {
            if let Some(status) = CheckStatus::parse(&row.text(0)?) {
                found.push((status, row.count(1)?));
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
