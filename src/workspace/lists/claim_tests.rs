//! Claiming sweeps: one owner per sweep, stale ones queued again, a lost owner notices.

use super::*;
use crate::workspace::auth::{create_user, Role};
use crate::workspace::lists::store::{insert_list, queue_sweep};

fn setup() -> (tempfile::TempDir, Db, i64) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = Db::open_sqlite(&dir.path().join("w.sqlite")).expect("db");
    crate::workspace::migrate(&db).expect("migrate");
    let user = create_user(&db, "u", "пароль пароль", Role::Auditor, 1).expect("user");
    let list = insert_list(&db, "l", "l.csv", user, &[], &[], 1).expect("list");
    let sweep = queue_sweep(&db, list, user, 0, 1).expect("sweep");
    (dir, db, sweep)
}

fn status(db: &Db, id: i64) -> String {
    db.query_opt("SELECT status FROM ws_sweeps WHERE id = $1", vals![id])
        .expect("query")
        .expect("row")
        .text(0)
        .expect("text")
}

#[test]
fn a_queued_sweep_is_claimed_once() {
    let (_dir, db, id) = setup();
    let first = claim_next(&db, "a", 1_000)
        .expect("claim")
        .expect("claimed");
    assert_eq!(first.sweep_id, id);
    assert!(claim_next(&db, "b", 1_001).expect("claim").is_none());
    assert_eq!(status(&db, id), "running");
}

#[test]
fn a_sweep_whose_heartbeat_stopped_is_queued_again_and_its_old_owner_lets_go() {
    let (_dir, db, id) = setup();
    let old = claim_next(&db, "a", 1_000)
        .expect("claim")
        .expect("claimed");
    let fresh = 1_000 + STALE_AFTER.as_millis() as i64 / 2;
    assert_eq!(
        requeue_stale(&db, fresh).expect("requeue"),
        0,
        "still beating"
    );
    let late = 1_000 + STALE_AFTER.as_millis() as i64 + 1;
    assert_eq!(requeue_stale(&db, late).expect("requeue"), 1);
    assert_eq!(status(&db, id), "queued");
    let new = claim_next(&db, "b", late)
        .expect("claim")
        .expect("claimed again");
    assert!(
        !progress(&db, &old, 1, late).expect("progress"),
        "the old owner is told"
    );
    finish(&db, &old, late).expect("finish");
    assert_eq!(status(&db, id), "running", "the old owner cannot end it");
    assert!(progress(&db, &new, 1, late).expect("progress"));
    finish(&db, &new, late).expect("finish");
    assert_eq!(status(&db, id), "done");
}

#[test]
fn a_requeued_sweep_keeps_its_run() {
    let (_dir, db, _id) = setup();
    let c = claim_next(&db, "a", 1_000)
        .expect("claim")
        .expect("claimed");
    assert!(set_run(&db, &c, 42, 3).expect("set run"));
    requeue(&db, &c).expect("requeue");
    let again = claim_next(&db, "b", 2_000)
        .expect("claim")
        .expect("claimed");
    assert_eq!(again.run_id, Some(42));
}
