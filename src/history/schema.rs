//! The database schema as a list of migrations. Migration `i` takes the schema from version `i`
//! to version `i + 1`; a released migration is never edited, only new ones are appended, so a
//! database written by any older socaudit can be brought up to date.

use super::HistoryError;
use crate::db::{ddl, Db};
use std::path::Path;

/// The migrations, oldest first. `MIGRATIONS.len()` is the schema version this code writes.
pub const MIGRATIONS: &[&str] = &[
    // 1: runs, their sites with verdicts and evidence, and the HTTP revalidation store.
    r#"
    CREATE TABLE runs (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        kind            TEXT NOT NULL CHECK (kind IN ('check', 'sweep')),
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        interrupted     INTEGER NOT NULL DEFAULT 0,
        tool_version    TEXT NOT NULL,
        ruleset_id      TEXT NOT NULL,
        ruleset_version TEXT NOT NULL,
        ruleset_source  TEXT NOT NULL DEFAULT '',
        args_json       TEXT NOT NULL DEFAULT '{}',
        out_dir         TEXT,
        started_ms      INTEGER NOT NULL DEFAULT 0,
        duration_ms     INTEGER
    );
    CREATE TABLE sites (
        run_id           INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        url              TEXT NOT NULL,
        row              INTEGER NOT NULL DEFAULT 0,
        dir              TEXT NOT NULL,
        name             TEXT,
        region           TEXT,
        inn              TEXT,
        kind             TEXT,
        reachable        INTEGER NOT NULL,
        error            TEXT,
        score_percent    REAL NOT NULL,
        feedback_score   INTEGER NOT NULL,
        mandatory_passed INTEGER NOT NULL DEFAULT 0,
        mandatory_total  INTEGER NOT NULL DEFAULT 0,
        verdict          TEXT NOT NULL,
        pages_fetched    INTEGER NOT NULL,
        errors           INTEGER NOT NULL DEFAULT 0,
        duration_ms      INTEGER NOT NULL DEFAULT 0,
        report_json      TEXT NOT NULL,
        PRIMARY KEY (run_id, url)
    );
    CREATE TABLE results (
        run_id         INTEGER NOT NULL,
        url            TEXT NOT NULL,
        requirement_id TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('pass', 'partial', 'fail', 'unknown')),
        note           TEXT,
        PRIMARY KEY (run_id, url, requirement_id),
        FOREIGN KEY (run_id, url) REFERENCES sites(run_id, url) ON DELETE CASCADE
    );
    CREATE INDEX results_by_requirement ON results(requirement_id, status);
    CREATE TABLE evidence (
        run_id         INTEGER NOT NULL,
        url            TEXT NOT NULL,
        requirement_id TEXT NOT NULL,
        position       INTEGER NOT NULL,
        ev_url         TEXT NOT NULL,
        via            TEXT NOT NULL,
        text           TEXT NOT NULL,
        found_on       TEXT,
        PRIMARY KEY (run_id, url, requirement_id, position),
        FOREIGN KEY (run_id, url, requirement_id)
            REFERENCES results(run_id, url, requirement_id) ON DELETE CASCADE
    );
    CREATE TABLE http_cache (
        url           TEXT PRIMARY KEY,
        final_url     TEXT NOT NULL,
        status        INTEGER NOT NULL,
        content_type  TEXT,
        etag          TEXT,
        last_modified TEXT,
        encoding      TEXT,
        text          TEXT,
        bytes         BLOB,
        stored_at     TEXT NOT NULL
    );
    "#,
    // 2: compact sites. A site's report is no longer copied whole into `sites.report_json`
    // (left '' for new rows; old rows keep theirs and are still read): the requirement texts
    // shared by every site of a run are stored once in `run_requirements`, the document findings
    // of a verdict in `results.documents_json`, and the rest of the report — without its page
    // and document lists, which stay in the output folder's report.json — in
    // `sites.report_meta`. Page texts of the HTTP store are kept deflated (`text_deflated`;
    // `text` is null in such rows).
    r#"
    CREATE TABLE run_requirements (
        run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        requirement_id TEXT NOT NULL,
        position       INTEGER NOT NULL,
        title          TEXT NOT NULL,
        severity       TEXT NOT NULL,
        basis          TEXT NOT NULL,
        what           TEXT NOT NULL,
        hint           TEXT NOT NULL,
        PRIMARY KEY (run_id, requirement_id)
    );
    ALTER TABLE sites ADD COLUMN report_meta TEXT;
    ALTER TABLE results ADD COLUMN documents_json TEXT;
    ALTER TABLE http_cache ADD COLUMN text_deflated BLOB;
    "#,
    // 3: the auditor's workflow. Which rules a run applied, exactly (`ruleset_sha256` of the file,
    // `rule_digests` per requirement as JSON); per verdict its acceptance (`accepted_json`) and the
    // first day of its unbroken run of failures (`first_failed`, `YYYY-MM-DD`). Older rows have
    // none of these: an old run's failures are dated by the run (see `History::failing_since`),
    // which the index by site makes cheap.
    r#"
    ALTER TABLE runs ADD COLUMN ruleset_sha256 TEXT NOT NULL DEFAULT '';
    ALTER TABLE runs ADD COLUMN rule_digests TEXT;
    ALTER TABLE results ADD COLUMN accepted_json TEXT;
    ALTER TABLE results ADD COLUMN first_failed TEXT;
    CREATE INDEX results_by_site ON results(url, requirement_id);
    "#,
];

/// The schema version of this code.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings the database to [`current_version`]; refuses a database from a newer socaudit.
///
/// The check and the migrations run in one transaction under the schema lock (SQLite's write
/// lock, a PostgreSQL advisory lock), so two processes opening a new database at once cannot
/// both migrate it. The version stays in the table `schema_version` older releases read.
pub(super) fn migrate(db: &Db, path: &Path) -> Result<(), HistoryError> {
    let sql = |source| HistoryError::Sql {
        path: path.to_path_buf(),
        source,
    };
    let known = i64::from(current_version());
    let found = db
        .transaction(|tx| {
            tx.lock_schema()?;
            tx.batch(&ddl(
                tx.dialect(),
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
            ))?;
            let found = tx
                .query_opt("SELECT max(version) FROM schema_version", &[])?
                .map(|row| row.opt_int(0))
                .transpose()?
                .flatten()
                .unwrap_or(0);
            let Ok(start) = usize::try_from(found) else {
                return Ok(found);
            };
            if found >= known {
                return Ok(found);
            }
            for migration in &MIGRATIONS[start..] {
                tx.batch(&ddl(tx.dialect(), migration))?;
            }
            tx.execute("DELETE FROM schema_version", &[])?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                crate::vals![known],
            )?;
            Ok(known)
        })
        .map_err(sql)?;
    if found > known {
        return Err(HistoryError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    if found < 0 {
        return Err(HistoryError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("версия схемы {found}"),
        });
    }
    Ok(())
}
