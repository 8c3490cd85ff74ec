//! How sweep workers of several server instances share `ws_sweeps` safely: a worker claims the
//! oldest queued sweep in one transaction (`… WHERE status = 'queued'`, exactly one row changed),
//! owns it by a random `claim_token`, stamps `heartbeat_ms` while it runs, and writes to it only
//! while the token is still its own. A sweep whose heartbeat stopped (its server died) is queued
//! again by whichever instance notices first.

use crate::db::{Db, DbError};
use crate::vals;
use std::time::Duration;

/// How often a running sweep's heartbeat is stamped.
pub const HEARTBEAT: Duration = Duration::from_secs(5);

/// A running sweep whose heartbeat is older than this belongs to a server that is gone.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// A sweep this worker now owns.
#[derive(Debug, Clone)]
pub struct Claim {
    /// `ws_sweeps.id`.
    pub sweep_id: i64,
    /// `ws_sweeps.list_id`.
    pub list_id: i64,
    /// The history run, when an earlier attempt already began one.
    pub run_id: Option<i64>,
    /// The owner's token.
    pub token: String,
}

/// Takes the oldest queued sweep, if any.
pub fn claim_next(db: &Db, token: &str, now_ms: i64) -> Result<Option<Claim>, DbError> {
    db.transaction(|tx| {
        let Some(row) = tx.query_opt(
            "SELECT id, list_id, run_id FROM ws_sweeps WHERE status = 'queued' ORDER BY id LIMIT 1",
            &[],
        )?
        else {
            return Ok(None);
        };
        let sweep_id = row.int(0)?;
        let changed = tx.execute(
            "UPDATE ws_sweeps SET status = 'running', started_ms = COALESCE(started_ms, $2),
                    heartbeat_ms = $2, claim_token = $3, error = NULL
             WHERE id = $1 AND status = 'queued'",
            vals![sweep_id, now_ms, token],
        )?;
        if changed != 1 {
            return Ok(None);
        }
        Ok(Some(Claim {
            sweep_id,
            list_id: row.int(1)?,
            run_id: row.opt_int(2)?,
            token: token.to_owned(),
        }))
    })
}

/// Queues again every running sweep whose heartbeat is older than `STALE_AFTER` (or missing);
/// how many. Called at start and by idle workers.
pub fn requeue_stale(db: &Db, now_ms: i64) -> Result<u64, DbError> {
    let before = now_ms - STALE_AFTER.as_millis() as i64;
    db.execute(
        "UPDATE ws_sweeps SET status = 'queued', claim_token = NULL
         WHERE status = 'running' AND COALESCE(heartbeat_ms, 0) < $1",
        vals![before],
    )
}

/// Records the history run of the sweep; false when the sweep is no longer this worker's.
pub fn set_run(db: &Db, claim: &Claim, run_id: i64, total: usize) -> Result<bool, DbError> {
    let changed = db.execute(
        "UPDATE ws_sweeps SET run_id = $3, sites_total = $4 WHERE id = $1 AND claim_token = $2",
        vals![claim.sweep_id, claim.token.as_str(), run_id, total],
    )?;
    Ok(changed == 1)
}

/// Sets the sites finished so far and stamps the heartbeat; false when the sweep is no longer
/// this worker's (queued again by another instance, or its list deleted).
pub fn progress(db: &Db, claim: &Claim, sites_done: usize, now_ms: i64) -> Result<bool, DbError> {
    let changed = db.execute(
        "UPDATE ws_sweeps SET sites_done = $3, heartbeat_ms = $4
         WHERE id = $1 AND claim_token = $2 AND status = 'running'",
        vals![claim.sweep_id, claim.token.as_str(), sites_done, now_ms],
    )?;
    Ok(changed == 1)
}

/// Marks the sweep done; a scheduled one waits for its alert (`alert_state = 'pending'`).
pub fn finish(db: &Db, claim: &Claim, now_ms: i64) -> Result<(), DbError> {
    db.execute(
        "UPDATE ws_sweeps SET status = 'done', finished_ms = $3, heartbeat_ms = $3,
                claim_token = NULL,
                alert_state = CASE WHEN schedule_id IS NULL THEN alert_state ELSE 'pending' END
         WHERE id = $1 AND claim_token = $2",
        vals![claim.sweep_id, claim.token.as_str(), now_ms],
    )
    .map(drop)
}

/// Marks the sweep failed with a Russian `error`.
pub fn fail(db: &Db, claim: &Claim, error: &str, now_ms: i64) -> Result<(), DbError> {
    db.execute(
        "UPDATE ws_sweeps SET status = 'failed', finished_ms = $3, error = $4, claim_token = NULL
         WHERE id = $1 AND claim_token = $2",
        vals![claim.sweep_id, claim.token.as_str(), now_ms, error],
    )
    .map(drop)
}

/// Puts the sweep back in the queue (the server is stopping); its run is continued later.
pub fn requeue(db: &Db, claim: &Claim) -> Result<(), DbError> {
    db.execute(
        "UPDATE ws_sweeps SET status = 'queued', claim_token = NULL
         WHERE id = $1 AND claim_token = $2",
        vals![claim.sweep_id, claim.token.as_str()],
    )
    .map(drop)
}

#[cfg(test)]
#[path = "claim_tests.rs"]
mod tests;
