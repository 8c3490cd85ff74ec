//! Run history in the [`crate::db::Db`] (a SQLite file or a PostgreSQL database): every `check` and `sweep` run with its sites, verdicts and evidence,
//! so that runs can be listed, compared (`socaudit diff`) and re-rendered without the output
//! folders; plus the HTTP revalidation store ([`crate::fetch::cache::HttpCache`]).
//!
//! In SQLite: one file, WAL mode (readers never block the writer), a busy timeout (two processes
//! may share a database), foreign keys on. In PostgreSQL several processes write at once. The schema is a list of versioned migrations in [`schema`];
//! `docs/history.md` describes the tables.

mod compact;
#[cfg(test)]
mod compact_tests;
mod failing;
#[cfg(test)]
mod failing_tests;
mod http_cache;
pub(crate) mod rebuild;
mod rows;
#[cfg(test)]
pub(crate) mod sample;
pub mod schema;
mod site_runs;
mod store;
mod summary;
#[cfg(test)]
mod tests;

pub use site_runs::SiteRun;
pub use store::History;

use crate::db::DbError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use thiserror::Error;

/// Errors of the history database; every variant names the database file.
#[derive(Debug, Error)]
pub enum HistoryError {
    /// The database could not be opened or created.
    #[error("не удалось открыть базу истории {path}: {}", source.message)]
    Open {
        /// The database file (or server, without the password).
        path: PathBuf,
        /// What the database said.
        source: DbError,
    },
    /// The folder of the database could not be created.
    #[error("не удалось создать папку для базы истории {path}: {source}")]
    CreateDir {
        /// The database file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A query failed.
    #[error("ошибка базы истории {path}: {}", source.message)]
    Sql {
        /// The database file (or server, without the password).
        path: PathBuf,
        /// What the database said.
        source: DbError,
    },
    /// The database was written by a newer socaudit.
    #[error(
        "база истории {path} создана более новой версией socaudit (схема {found}, эта версия знает \
         схемы до {known}): обновите socaudit или укажите другую базу"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Schema version found in the file.
        found: i64,
        /// Newest schema version this code knows.
        known: i64,
    },
    /// No run with this id.
    #[error("в базе истории {path} нет запуска № {run}")]
    NoRun {
        /// The database file.
        path: PathBuf,
        /// The id asked for.
        run: i64,
    },
    /// A stored value could not be read back (edited by hand, or a damaged file).
    #[error("повреждённая запись в базе истории {path}: {reason}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// What kind of command a run was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunKind {
    /// `socaudit check URL`: one site.
    Check,
    /// `socaudit sweep LIST`: many sites.
    Sweep,
}

impl RunKind {
    /// The word stored in `runs.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Check => "check",
            RunKind::Sweep => "sweep",
        }
    }

    /// Parses the word stored in `runs.kind`.
    pub fn parse(word: &str) -> Option<RunKind> {
        match word {
            "check" => Some(RunKind::Check),
            "sweep" => Some(RunKind::Sweep),
            _ => None,
        }
    }
}

/// One row of `runs`, with the number of sites recorded so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Run id (1, 2, …).
    pub id: i64,
    /// Check or sweep.
    pub kind: RunKind,
    /// When the run began (RFC 3339, UTC).
    pub started_at: String,
    /// When it ended; `None` while running or when the process died.
    pub finished_at: Option<String>,
    /// True when it was stopped before every site was checked.
    pub interrupted: bool,
    /// socaudit version that ran it.
    pub tool_version: String,
    /// `[ruleset] id` of the rules applied.
    pub ruleset_id: String,
    /// `[ruleset] version` of the rules applied.
    pub ruleset_version: String,
    /// The command's options as JSON (whatever the caller passed to `begin_run`).
    pub args_json: String,
    /// The output folder, if the run wrote one.
    pub out_dir: Option<String>,
    /// Sites recorded.
    pub sites: usize,
}
