//! The auditors' workspace in `socaudit serve`: accounts and sessions ([`auth`], [`accounts`]),
//! uploaded lists and their sweeps ([`lists`]), runs with their downloads ([`runs`]), each site's history with accepted findings and
//! diffs ([`timeline`]), schedules and alerts ([`schedules`]). Everything is stored in the
//! server's database ([`crate::db::Db`]: SQLite or PostgreSQL), so several server instances
//! share one view. The public self-check page stays public; every page here needs a login.

pub mod accepted;
pub mod accounts;
pub mod auth;
pub mod layout;
pub mod lists;
pub mod runs;
pub mod schedules;
pub mod schema;
pub mod timeline;

use crate::db::{Db, DbError};
use crate::serve::app::AppState;
use axum::Router;
use std::sync::Arc;

/// Creates or updates the workspace's tables.
pub fn migrate(db: &Db) -> Result<(), DbError> {
    db.migrate("workspace", schema::MIGRATIONS)?;
    schedules::store::migrate(db)
}

/// Every workspace route.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .merge(accounts::routes())
        .merge(lists::routes())
        .merge(runs::routes())
        .merge(timeline::routes())
        .merge(schedules::routes())
}
