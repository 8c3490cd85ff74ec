use super::*;
use crate::workspace::auth::{session_user, start_session};

const PW: &str = "длинный пароль";

fn db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_sqlite(&dir.path().join("w.sqlite")).expect("open");
    crate::workspace::migrate(&db).expect("migrate");
    (dir, db)
}

#[test]
fn five_failures_lock_the_account_and_a_success_resets_the_count() {
    let (_dir, db) = db();
    let id = add(&db, "anna", PW, Role::Auditor, 0).expect("add");
    let t = 1_000_000;
    for _ in 0..4 {
        assert_eq!(
            attempt_login(&db, "anna", "не тот", t),
            Ok(LoginOutcome::Wrong)
        );
    }
    assert_eq!(
        attempt_login(&db, "anna", PW, t),
        Ok(LoginOutcome::Accepted(id))
    );
    for _ in 0..4 {
        assert_eq!(
            attempt_login(&db, "anna", "не тот", t),
            Ok(LoginOutcome::Wrong)
        );
    }
    assert_eq!(
        attempt_login(&db, "anna", "не тот", t),
        Ok(LoginOutcome::Locked)
    );
    assert_eq!(
        attempt_login(&db, "anna", PW, t + 1),
        Ok(LoginOutcome::Locked)
    );
    assert!(by_id(&db, id).expect("q").expect("a").locked_at(t + 1));
    assert_eq!(
        attempt_login(&db, "anna", PW, t + LOCKOUT_MS + 1),
        Ok(LoginOutcome::Accepted(id))
    );
    assert_eq!(
        attempt_login(&db, "nobody", PW, t),
        Ok(LoginOutcome::Unknown)
    );
}

#[test]
fn a_disabled_account_cannot_log_in_and_loses_its_sessions() {
    let (_dir, db) = db();
    add(&db, "root", PW, Role::Admin, 0).expect("add");
    let id = add(&db, "boris", PW, Role::Auditor, 0).expect("add");
    let token = start_session(&db, id, 10).expect("session");
    set_disabled(&db, id, true, None).expect("disable");
    assert!(session_user(&db, &token, 11).expect("q").is_none());
    assert_eq!(
        attempt_login(&db, "boris", PW, 11),
        Ok(LoginOutcome::Disabled)
    );
    set_disabled(&db, id, false, None).expect("enable");
    assert_eq!(
        attempt_login(&db, "boris", PW, 12),
        Ok(LoginOutcome::Accepted(id))
    );
}

#[test]
fn the_last_admin_and_ones_own_account_stay_admin() {
    let (_dir, db) = db();
    let root = add(&db, "root", PW, Role::Admin, 0).expect("add");
    let vera = add(&db, "vera", PW, Role::Auditor, 0).expect("add");
    assert!(matches!(
        set_disabled(&db, root, true, None),
        Err(ChangeError::LastAdmin(_))
    ));
    assert!(matches!(
        set_role(&db, root, Role::Auditor, None),
        Err(ChangeError::LastAdmin(_))
    ));
    set_role(&db, vera, Role::Admin, Some(root)).expect("promote");
    assert!(matches!(
        set_role(&db, root, Role::Auditor, Some(root)),
        Err(ChangeError::OwnAccount)
    ));
    set_role(&db, root, Role::Auditor, Some(vera)).expect("demote another admin");
    assert_eq!(by_id(&db, root).expect("q").expect("a").role, Role::Auditor);
    assert!(matches!(
        set_disabled(&db, 999, true, None),
        Err(ChangeError::NoSuchUser(_))
    ));
}

#[test]
fn a_new_password_replaces_the_old_one_and_ends_sessions() {
    let (_dir, db) = db();
    let id = add(&db, "gleb", PW, Role::Auditor, 0).expect("add");
    let token = start_session(&db, id, 10).expect("session");
    assert!(matches!(
        set_password(&db, id, "short"),
        Err(ChangeError::Account(AccountError::WeakPassword))
    ));
    set_password(&db, id, "новый длинный пароль").expect("passwd");
    assert!(session_user(&db, &token, 11).expect("q").is_none());
    assert!(password_matches(&db, id, "новый длинный пароль").expect("q"));
    assert!(!password_matches(&db, id, PW).expect("q"));
    assert_eq!(format_ms(0), "1970-01-01 00:00");
}
