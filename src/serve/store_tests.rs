//! Tests of the SQLite check store.

use super::*;

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("serve.sqlite")).unwrap();
    (dir, store)
}

#[test]
fn a_check_goes_from_queued_to_done_in_order() {
    let (_dir, store) = store();
    store.insert("a", "http://a.ru/", 1).unwrap();
    store.insert("b", "http://b.ru/", 2).unwrap();
    assert_eq!(store.queued_before(Some("b")).unwrap(), 1);
    let first = store.claim_next(10).unwrap().unwrap();
    assert_eq!(
        (first.id.as_str(), first.status),
        ("a", CheckStatus::Running)
    );
    store.set_progress("a", 3, 7).unwrap();
    store.finish("a", "{\"x\":1}", 20).unwrap();
    let done = store.get("a", true).unwrap().unwrap();
    assert_eq!(done.status, CheckStatus::Done);
    assert_eq!((done.pages, done.decided), (3, 7));
    assert_eq!(done.report_json.as_deref(), Some("{\"x\":1}"));
    assert!(store
        .get("a", false)
        .unwrap()
        .unwrap()
        .report_json
        .is_none());
    assert_eq!(store.queued_before(None).unwrap(), 1);
}

#[test]
fn running_checks_go_back_to_the_queue_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serve.sqlite");
    {
        let store = SqliteStore::open(&path).unwrap();
        store.insert("a", "http://a.ru/", 1).unwrap();
        store.claim_next(5).unwrap().unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.requeue_running().unwrap(), 1);
    let again = store.claim_next(9).unwrap().unwrap();
    assert_eq!(again.id, "a");
    let counts = store.counts().unwrap();
    assert!(counts.contains(&(CheckStatus::Running, 1)), "{counts:?}");
    assert!(counts.contains(&(CheckStatus::Queued, 0)), "{counts:?}");
}

#[test]
fn the_latest_check_of_a_site_is_found() {
    let (_dir, store) = store();
    store.insert("a", "http://a.ru/", 1).unwrap();
    store.insert("b", "http://a.ru/", 2).unwrap();
    assert_eq!(
        store.latest_for_url("http://a.ru/").unwrap().unwrap().id,
        "b"
    );
    assert!(store.latest_for_url("http://c.ru/").unwrap().is_none());
}
