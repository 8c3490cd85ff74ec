//! [`History`]: the database handle — opening and migrating, recording runs and sites, and
//! reading them back as the same types the output folders hold.

use super::compact::{insert_requirements, rebuild_report, report_meta};
use super::rows::{insert_site, insert_verdicts, now_ms, run_info};
use super::{schema, HistoryError, RunInfo, RunKind};
use crate::report::{RulesetInfo, SiteReport};
use crate::sweep::SweepSite;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another process's transaction before giving up. Sweeps record a
/// site in milliseconds, so only a stuck process would ever make this run out.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The run history database. `Send + Sync`: one handle can be shared by every task of a sweep.
#[derive(Debug)]
pub struct History {
    pub(super) path: PathBuf,
    conn: Mutex<Connection>,
}

impl History {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| HistoryError::CreateDir {
                path: path.to_path_buf(),
                source,
            })?;
        }
        let open_err = |source| HistoryError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // WAL lets `diff` read while a sweep writes; NORMAL sync is safe in WAL (a power cut may
        // lose the last sites, never corrupt the file) and much faster than FULL.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), mode, "history database is not in WAL mode");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        schema::migrate(&mut conn, path)?;
        Ok(History {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a run and returns its id.
    pub fn begin_run(
        &self,
        kind: RunKind,
        ruleset: &RulesetInfo,
        args_json: &str,
        out_dir: Option<&Path>,
    ) -> Result<i64, HistoryError> {
        let conn = self.lock();
        conn.execute(
            "INSERT INTO runs (kind, started_at, tool_version, ruleset_id, ruleset_version,
                               ruleset_source, args_json, out_dir, started_ms, ruleset_sha256,
                               rule_digests)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                kind.as_str(),
                crate::audit::now_rfc3339(),
                env!("CARGO_PKG_VERSION"),
                ruleset.id,
                ruleset.version,
                ruleset.source,
                args_json,
                out_dir.map(|d| d.display().to_string()),
                now_ms(),
                ruleset.sha256,
                (!ruleset.rule_digests.is_empty())
                    .then(|| serde_json::to_string(&ruleset.rule_digests).ok())
                    .flatten(),
            ],
        )
        .map_err(|e| self.sql(e))?;
        Ok(conn.last_insert_rowid())
    }

    /// Records one checked site with its verdicts and evidence, in one transaction. Recording
    /// the same URL again in the same run (a resumed sweep) replaces the earlier record.
    pub fn record_site(
        &self,
        run: i64,
        site: &SweepSite,
        report: &SiteReport,
    ) -> Result<(), HistoryError> {
        let report_meta = report_meta(report).map_err(|e| HistoryError::Corrupt {
            path: self.path.clone(),
            reason: format!("отчёт {} не сериализуется: {e}", site.url),
        })?;
        let mut conn = self.lock();
        // IMMEDIATE: a deferred transaction that reads first cannot be upgraded to a writer while
        // another connection writes, and that failure is not covered by the busy timeout.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.sql(e))?;
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM runs WHERE id = ?1", [run], |r| r.get(0))
            .optional()
            .map_err(|e| self.sql(e))?;
        if exists.is_none() {
            return Err(HistoryError::NoRun {
                path: self.path.clone(),
                run,
            });
        }
        tx.execute(
            "DELETE FROM sites WHERE run_id = ?1 AND url = ?2",
            params![run, site.url],
        )
        .map_err(|e| self.sql(e))?;
        insert_site(&tx, run, site, &report_meta).map_err(|e| self.sql(e))?;
        insert_requirements(&tx, run, report).map_err(|e| self.sql(e))?;
        insert_verdicts(&tx, run, &site.url, report).map_err(|e| self.sql(e))?;
        tx.commit().map_err(|e| self.sql(e))
    }

    /// Marks a run as ended (`interrupted`: stopped before every site was checked).
    pub fn finish_run(&self, run: i64, interrupted: bool) -> Result<(), HistoryError> {
        let changed = self
            .lock()
            .execute(
                "UPDATE runs SET finished_at = ?2, interrupted = ?3,
                                 duration_ms = max(0, ?4 - started_ms)
                 WHERE id = ?1",
                params![run, crate::audit::now_rfc3339(), interrupted, now_ms()],
            )
            .map_err(|e| self.sql(e))?;
        if changed == 0 {
            return Err(HistoryError::NoRun {
                path: self.path.clone(),
                run,
            });
        }
        Ok(())
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>, HistoryError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare(
                "SELECT id, kind, started_at, finished_at, interrupted, tool_version, ruleset_id,
                        ruleset_version, args_json, out_dir,
                        (SELECT count(*) FROM sites WHERE sites.run_id = runs.id)
                 FROM runs ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(1)?, run_info(r)?)))
            .map_err(|e| self.sql(e))?;
        let mut runs = Vec::new();
        for row in rows {
            let (kind, mut info) = row.map_err(|e| self.sql(e))?;
            info.kind = RunKind::parse(&kind)
                .ok_or_else(|| self.corrupt(format!("вид запуска «{kind}»")))?;
            runs.push(info);
        }
        Ok(runs)
    }

    /// The stored report of `url` in `run`, if that site was recorded: its verdicts, evidence,
    /// scores and crawl statistics (the lists of pages and documents are only in the output
    /// folder). A site recorded before schema 2 is read from its whole stored copy.
    pub fn site_report(&self, run: i64, url: &str) -> Result<Option<SiteReport>, HistoryError> {
        let conn = self.lock();
        let stored: Option<(String, Option<String>)> = conn
            .query_row(
                "SELECT report_json, report_meta FROM sites WHERE run_id = ?1 AND url = ?2",
                params![run, url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        let damaged = |e: String| self.corrupt(format!("отчёт {url} в запуске № {run}: {e}"));
        match stored {
            None => Ok(None),
            Some((legacy, _)) if !legacy.is_empty() => serde_json::from_str(&legacy)
                .map(Some)
                .map_err(|e| damaged(e.to_string())),
            Some((_, Some(meta))) => rebuild_report(&conn, run, url, &meta)
                .map(Some)
                .map_err(damaged),
            Some((_, None)) => Err(damaged("нет сохранённых сведений".to_string())),
        }
    }

    /// The connection. A panic while holding the lock cannot leave SQLite half-written (an open
    /// transaction is rolled back when dropped), so a poisoned lock is still usable.
    pub(super) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn sql(&self, source: rusqlite::Error) -> HistoryError {
        HistoryError::Sql {
            path: self.path.clone(),
            source,
        }
    }

    pub(super) fn corrupt(&self, reason: String) -> HistoryError {
        HistoryError::Corrupt {
            path: self.path.clone(),
            reason,
        }
    }
}
