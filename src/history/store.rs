//! [`History`]: the database handle — opening and migrating, recording runs and sites, and
//! reading them back as the same types the output folders hold.

use super::compact::{insert_requirements, rebuild_report, report_meta};
use super::rows::{insert_site, insert_verdicts, now_ms, run_info};
use super::{schema, HistoryError, RunInfo, RunKind};
use crate::db::{Db, DbError};
use crate::report::{RulesetInfo, SiteReport};
use crate::sweep::SweepSite;
use crate::vals;
use std::path::{Path, PathBuf};

/// The run history database. `Send + Sync`: one handle can be shared by every task of a sweep.
#[derive(Debug)]
pub struct History {
    /// The file, or the server's URL without the password (for messages).
    pub(super) path: PathBuf,
    pub(super) db: Db,
}

impl History {
    /// Opens (creating if needed) the database at `path` — a SQLite file, or a PostgreSQL
    /// database when `path` is a `postgres://` URL — and brings its schema up to date.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        let spec = path.to_string_lossy();
        let db = if crate::db::is_postgres_url(&spec) {
            Db::open(&spec)
        } else {
            Db::open_sqlite(path)
        };
        let db = db.map_err(|source| HistoryError::Open {
            path: PathBuf::from(crate::db::display_spec(&spec)),
            source,
        })?;
        History::with_db(db)
    }

    /// The history in an open database, its schema brought up to date.
    pub fn with_db(db: Db) -> Result<History, HistoryError> {
        let path = PathBuf::from(db.place());
        schema::migrate(&db, &path)?;
        Ok(History { path, db })
    }

    /// The database file (for PostgreSQL, the server's URL without the password).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database handle.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Starts a run and returns its id.
    pub fn begin_run(
        &self,
        kind: RunKind,
        ruleset: &RulesetInfo,
        args_json: &str,
        out_dir: Option<&Path>,
    ) -> Result<i64, HistoryError> {
        let digests = (!ruleset.rule_digests.is_empty())
            .then(|| serde_json::to_string(&ruleset.rule_digests).ok())
            .flatten();
        let row = self
            .db
            .query_opt(
                "INSERT INTO runs (kind, started_at, tool_version, ruleset_id, ruleset_version,
                                   ruleset_source, args_json, out_dir, started_ms, ruleset_sha256,
                                   rule_digests)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 RETURNING id",
                vals![
                    kind.as_str(),
                    crate::audit::now_rfc3339(),
                    env!("CARGO_PKG_VERSION"),
                    ruleset.id.as_str(),
                    ruleset.version.as_str(),
                    ruleset.source.as_str(),
                    args_json,
                    out_dir.map(|d| d.display().to_string()),
                    now_ms(),
                    ruleset.sha256.as_str(),
                    digests,
                ],
            )
            .map_err(|e| self.sql(e))?;
        row.ok_or_else(|| self.corrupt("новый запуск не получил номера".into()))?
            .int(0)
            .map_err(|e| self.sql(e))
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
        // In SQLite the transaction takes the write lock at once: a deferred one that reads
        // first could not be upgraded while another connection writes.
        let recorded = self
            .db
            .transaction(|tx| {
                if tx
                    .query_opt("SELECT id FROM runs WHERE id = $1", vals![run])?
                    .is_none()
                {
                    return Ok(false);
                }
                tx.execute(
                    "DELETE FROM sites WHERE run_id = $1 AND url = $2",
                    vals![run, site.url.as_str()],
                )?;
                insert_site(tx, run, site, &report_meta)?;
                insert_requirements(tx, run, report)?;
                insert_verdicts(tx, run, &site.url, report)?;
                Ok(true)
            })
            .map_err(|e| self.sql(e))?;
        if !recorded {
            return Err(HistoryError::NoRun {
                path: self.path.clone(),
                run,
            });
        }
        Ok(())
    }

    /// Marks a run as ended (`interrupted`: stopped before every site was checked).
    pub fn finish_run(&self, run: i64, interrupted: bool) -> Result<(), HistoryError> {
        let changed = self
            .db
            .execute(
                "UPDATE runs SET finished_at = $2, interrupted = $3,
                                 duration_ms = CASE WHEN $4 > started_ms
                                                    THEN $4 - started_ms ELSE 0 END
                 WHERE id = $1",
                vals![run, crate::audit::now_rfc3339(), interrupted, now_ms()],
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
        let rows = self
            .db
            .query(
                "SELECT id, kind, started_at, finished_at, interrupted, tool_version, ruleset_id,
                        ruleset_version, args_json, out_dir,
                        (SELECT count(*) FROM sites WHERE sites.run_id = runs.id)
                 FROM runs ORDER BY id",
                &[],
            )
            .map_err(|e| self.sql(e))?;
        let mut runs = Vec::new();
        for row in rows {
            let kind = row.text(1).map_err(|e| self.sql(e))?;
            let mut info = run_info(&row).map_err(|e| self.sql(e))?;
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
        let stored = self
            .db
            .query_opt(
                "SELECT report_json, report_meta FROM sites WHERE run_id = $1 AND url = $2",
                vals![run, url],
            )
            .map_err(|e| self.sql(e))?
            .map(|r| Ok::<_, DbError>((r.text(0)?, r.opt_text(1)?)))
            .transpose()
            .map_err(|e| self.sql(e))?;
        let damaged = |e: String| self.corrupt(format!("отчёт {url} в запуске № {run}: {e}"));
        match stored {
            None => Ok(None),
            Some((legacy, _)) if !legacy.is_empty() => serde_json::from_str(&legacy)
                .map(Some)
                .map_err(|e| damaged(e.to_string())),
            Some((_, Some(meta))) => rebuild_report(&self.db, run, url, &meta)
                .map(Some)
                .map_err(damaged),
            Some((_, None)) => Err(damaged("нет сохранённых сведений".to_string())),
        }
    }

    pub(super) fn sql(&self, source: DbError) -> HistoryError {
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
