//! Which instance sends a finished scheduled sweep's alert. A sweep waiting for its alert
//! (`alert_state = 'pending'`) is claimed with a conditional update to `'sending'` and the time of
//! the claim is kept in `ws_alert_claims`; a claim older than [`STALE_MS`] belongs to an instance
//! that stopped mid-send, and another instance takes it over (again with a conditional update),
//! so an alert is sent at least once and, short of such a stop, exactly once.

use crate::db::{Db, DbError};
use crate::vals;

/// A claim this old was abandoned: far longer than every attempt of every channel takes.
pub const STALE_MS: i64 = 10 * 60 * 1000;

/// A sweep whose alert may be claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The sweep.
    pub sweep: i64,
    /// `None` for a pending sweep; the stale claim's time for an abandoned one.
    pub stale_claim: Option<i64>,
}

/// Pending sweeps and abandoned claims, oldest first.
pub fn candidates(db: &Db, now_ms: i64) -> Result<Vec<Candidate>, DbError> {
    let mut found = Vec::new();
    for row in db.query(
        "SELECT id FROM ws_sweeps WHERE alert_state = 'pending' ORDER BY id",
        &[],
    )? {
        found.push(Candidate {
            sweep: row.int(0)?,
            stale_claim: None,
        });
    }
    for row in db.query(
        "SELECT s.id, c.claimed_ms FROM ws_sweeps s JOIN ws_alert_claims c ON c.sweep_id = s.id
         WHERE s.alert_state = 'sending' AND c.claimed_ms < $1 ORDER BY s.id",
        vals![now_ms - STALE_MS],
    )? {
        found.push(Candidate {
            sweep: row.int(0)?,
            stale_claim: Some(row.int(1)?),
        });
    }
    Ok(found)
}

/// Claims `candidate` for this caller; false when another caller was first.
pub fn claim(db: &Db, candidate: Candidate, now_ms: i64) -> Result<bool, DbError> {
    let sweep = candidate.sweep;
    db.transaction(|tx| {
        let won = match candidate.stale_claim {
            None => tx.execute(
                "UPDATE ws_sweeps SET alert_state = 'sending' WHERE id = $1 AND alert_state = 'pending'",
                vals![sweep],
            )?,
            Some(old) => tx.execute(
                "UPDATE ws_alert_claims SET claimed_ms = $1 WHERE sweep_id = $2 AND claimed_ms = $3",
                vals![now_ms, sweep, old],
            )?,
        };
        if won != 1 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO ws_alert_claims (sweep_id, claimed_ms) VALUES ($1, $2)
             ON CONFLICT (sweep_id) DO UPDATE SET claimed_ms = excluded.claimed_ms",
            vals![sweep, now_ms],
        )?;
        Ok(true)
    })
}

/// Records what became of a claimed sweep's alert (`sent`, `none`, `failed`) and drops the claim.
pub fn finish(db: &Db, sweep: i64, state: &str) -> Result<(), DbError> {
    db.transaction(|tx| {
        tx.execute(
            "UPDATE ws_sweeps SET alert_state = $1 WHERE id = $2",
            vals![state, sweep],
        )?;
        tx.execute(
            "DELETE FROM ws_alert_claims WHERE sweep_id = $1",
            vals![sweep],
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_alert_is_claimed_once_and_an_abandoned_claim_is_taken_over_once() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open_sqlite(&dir.path().join("w.sqlite")).expect("open");
        crate::workspace::migrate(&db).expect("migrate");
        db.execute(
            "INSERT INTO ws_users (name, password_hash, role, created_ms) VALUES ('a', 'x', 'admin', 0)",
            &[],
        )
        .expect("user");
        db.execute(
            "INSERT INTO ws_lists (name, file_name, uploaded_by, uploaded_ms, site_count, sites_json)
             VALUES ('l', 'l.csv', 1, 0, 0, '[]')",
            &[],
        )
        .expect("list");
        db.execute(
            "INSERT INTO ws_sweeps (list_id, status, created_ms, alert_state) VALUES (1, 'done', 0, 'pending')",
            &[],
        )
        .expect("sweep");
        let now = 1_000_000_000;
        let found = candidates(&db, now).expect("candidates");
        assert_eq!(
            found,
            vec![Candidate {
                sweep: 1,
                stale_claim: None
            }]
        );
        assert!(claim(&db, found[0], now).expect("claim"));
        assert!(!claim(&db, found[0], now).expect("second claim"));
        assert!(candidates(&db, now + STALE_MS - 1)
            .expect("fresh")
            .is_empty());

        let later = now + STALE_MS + 1;
        let stale = candidates(&db, later).expect("stale");
        assert_eq!(
            stale,
            vec![Candidate {
                sweep: 1,
                stale_claim: Some(now)
            }]
        );
        assert!(claim(&db, stale[0], later).expect("take over"));
        assert!(!claim(&db, stale[0], later).expect("taken already"));

        finish(&db, 1, "sent").expect("finish");
        assert!(candidates(&db, later + 2 * STALE_MS)
            .expect("done")
            .is_empty());
        let state = db
            .query_opt("SELECT alert_state FROM ws_sweeps WHERE id = 1", &[])
            .expect("query")
            .expect("row")
            .text(0)
            .expect("text");
        assert_eq!(state, "sent");
    }
}
