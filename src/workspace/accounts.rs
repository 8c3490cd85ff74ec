//! Workspace part `accounts` (being built).

use crate::serve::app::AppState;
use axum::Router;
use std::sync::Arc;

/// The routes of this part.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
}
