//! The auditors' workspace in `socaudit serve`: accounts and sessions ([`auth`], [`accounts`]),
//! uploaded lists and their sweeps ([`lists`]), each site's history with accepted findings and
//! diffs ([`timeline`]), schedules and alerts ([`schedules`]). Everything is stored in the
//! server's database ([`crate::db::Db`]: SQLite or PostgreSQL), so several server instances
//! share one view. The public self-check page stays public; every page here needs a login.

pub mod accepted;
pub mod accounts;
pub mod accounts_account;
pub mod accounts_admin;
pub mod accounts_store;
pub mod auth;
pub mod layout;
pub mod lists;
pub mod lists_claim;
pub mod lists_store;
pub mod lists_sweep_page;
pub mod lists_upload;
pub mod lists_views;
pub mod lists_worker;
pub mod runs;
pub mod schedules;
pub mod schedules_alerts;
pub mod schedules_claims;
pub mod schedules_cron;
pub mod schedules_email;
pub mod schedules_loop;
pub mod schedules_store;
pub mod schedules_view;
pub mod schedules_webhook;
pub mod schema;
pub mod timeline;
pub mod timeline_accepted;
pub mod timeline_diff;
pub mod timeline_site;
pub mod timeline_svg;
pub mod timeline_trend;

use crate::db::{Db, DbError};
use crate::serve::app::AppState;
use axum::Router;
use std::sync::Arc;

/// Creates or updates the workspace's tables.
pub fn migrate(db: &Db) -> Result<(), DbError> {
    db.migrate("workspace", schema::MIGRATIONS)?;
    schedules_store::migrate(db)
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
