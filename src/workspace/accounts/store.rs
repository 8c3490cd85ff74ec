//! The accounts as stored: listing them, logging in with the lockout after repeated failures,
//! and the admin's changes (disable, enable, new password, role) with the rules that keep the
//! workspace manageable — nobody disables or demotes themself, and the last active
//! administrator stays one. Shared by the pages and `socaudit user`.

use crate::db::{Db, DbError, Row, Tx};
use crate::vals;
use crate::workspace::auth::{
    create_user, hash_password, verify_password, AccountError, Role, MIN_PASSWORD,
};
use std::sync::OnceLock;

/// Failed logins in a row that lock an account.
pub const MAX_FAILED_LOGINS: i64 = 5;

/// How long a locked account stays locked.
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;

/// One account as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Account id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// When it was created (ms since the epoch).
    pub created_ms: i64,
    /// Disabled accounts cannot log in and their sessions are ended.
    pub disabled: bool,
    /// Failed logins since the last success or lock.
    pub failed_logins: i64,
    /// Locked until this time (ms since the epoch); 0 when never locked.
    pub locked_until_ms: i64,
}

impl Account {
    /// True while the lockout lasts.
    pub fn locked_at(&self, now_ms: i64) -> bool {
        self.locked_until_ms > now_ms
    }
}

/// Why a change to an account was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// No account has this name or id.
    #[error("пользователя «{0}» нет")]
    NoSuchUser(String),
    /// An admin tried to disable or demote their own account.
    #[error("свою учётную запись нельзя отключить или лишить прав администратора")]
    OwnAccount,
    /// The change would leave no active administrator.
    #[error("«{0}» — последний действующий администратор: сначала назначьте другого")]
    LastAdmin(String),
    /// Bad name, taken name, weak password.
    #[error("{0}")]
    Account(#[from] AccountError),
    /// The database failed.
    #[error("{0}")]
    Db(#[from] DbError),
}

/// What a login attempt came to (the login page tells all refusals alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Right name and password: the account id.
    Accepted(i64),
    /// No such account.
    Unknown,
    /// Wrong password (the attempt was counted).
    Wrong,
    /// The account is locked after repeated failures.
    Locked,
    /// The account is disabled.
    Disabled,
}

const COLUMNS: &str =
    "id, name, role, created_ms, disabled, failed_logins, locked_until_ms, password_hash";

fn account(row: &Row) -> Result<(Account, String), DbError> {
    let role = row.text(2)?;
    let account = Account {
        id: row.int(0)?,
        name: row.text(1)?,
        role: Role::parse(&role)
            .ok_or_else(|| DbError::value(format!("неизвестная роль «{role}»")))?,
        created_ms: row.int(3)?,
        disabled: row.bool(4)?,
        failed_logins: row.int(5)?,
        locked_until_ms: row.int(6)?,
    };
    Ok((account, row.text(7)?))
}

/// Every account, by name.
pub fn list(db: &Db) -> Result<Vec<Account>, DbError> {
    db.query(
        &format!("SELECT {COLUMNS} FROM ws_users ORDER BY name"),
        &[],
    )?
    .iter()
    .map(|row| account(row).map(|(a, _)| a))
    .collect()
}

/// The account named `name`.
pub fn by_name(db: &Db, name: &str) -> Result<Option<Account>, DbError> {
    with_hash(db, name).map(|found| found.map(|(a, _)| a))
}

/// The account with id `id`.
pub fn by_id(db: &Db, id: i64) -> Result<Option<Account>, DbError> {
    db.query_opt(
        &format!("SELECT {COLUMNS} FROM ws_users WHERE id = $1"),
        vals![id],
    )?
    .map(|row| account(&row).map(|(a, _)| a))
    .transpose()
}

fn with_hash(db: &Db, name: &str) -> Result<Option<(Account, String)>, DbError> {
    db.query_opt(
        &format!("SELECT {COLUMNS} FROM ws_users WHERE name = $1"),
        vals![name],
    )?
    .map(|row| account(&row))
    .transpose()
}

/// A hash no password matches in practice, verified against when the name is unknown so that
/// an unknown name costs as much as a known one.
pub(crate) fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(&crate::serve::security::random_hex(16)))
}

/// Checks `password` for account `name`, counting failures: the fifth in a row locks the
/// account for [`LOCKOUT_MS`]; a success resets the count. Slow on purpose (argon2).
pub fn attempt_login(
    db: &Db,
    name: &str,
    password: &str,
    now_ms: i64,
) -> Result<LoginOutcome, DbError> {
    let Some((account, hash)) = with_hash(db, name)? else {
        verify_password(dummy_hash(), password);
        return Ok(LoginOutcome::Unknown);
    };
    let matches = verify_password(&hash, password);
    if account.disabled {
        return Ok(LoginOutcome::Disabled);
    }
    if account.locked_at(now_ms) {
        return Ok(LoginOutcome::Locked);
    }
    if matches {
        db.execute(
            "UPDATE ws_users SET failed_logins = 0, locked_until_ms = 0 WHERE id = $1",
            vals![account.id],
        )?;
        return Ok(LoginOutcome::Accepted(account.id));
    }
    db.transaction(|tx| {
        let failed = tx
            .query_opt(
                "UPDATE ws_users SET failed_logins = failed_logins + 1 WHERE id = $1
                 RETURNING failed_logins",
                vals![account.id],
            )?
            .map_or(Ok(0), |row| row.int(0))?;
        if failed < MAX_FAILED_LOGINS {
            return Ok(LoginOutcome::Wrong);
        }
        tx.execute(
            "UPDATE ws_users SET failed_logins = 0, locked_until_ms = $2 WHERE id = $1",
            vals![account.id, now_ms + LOCKOUT_MS],
        )?;
        Ok(LoginOutcome::Locked)
    })
}

/// True when `password` is the current password of account `id`.
pub fn password_matches(db: &Db, id: i64, password: &str) -> Result<bool, DbError> {
    let hash = db
        .query_opt(
            "SELECT password_hash FROM ws_users WHERE id = $1",
            vals![id],
        )?
        .map(|row| row.text(0))
        .transpose()?;
    Ok(verify_password(
        hash.as_deref().unwrap_or(dummy_hash()),
        password,
    ))
}

/// Refuses passwords shorter than [`MIN_PASSWORD`].
pub fn check_password(password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(AccountError::WeakPassword);
    }
    Ok(())
}

/// Creates an account (see [`create_user`]).
pub fn add(
    db: &Db,
    name: &str,
    password: &str,
    role: Role,
    now_ms: i64,
) -> Result<i64, ChangeError> {
    Ok(create_user(db, name, password, role, now_ms)?)
}

/// Sets a new password of account `id`, lifts a lockout and ends every session of the account.
pub fn set_password(db: &Db, id: i64, password: &str) -> Result<(), ChangeError> {
    check_password(password)?;
    let hash = hash_password(password);
    db.transaction(|tx| {
        let changed = tx.execute(
            "UPDATE ws_users SET password_hash = $2, failed_logins = 0, locked_until_ms = 0
             WHERE id = $1",
            vals![id, hash],
        )?;
        end_sessions(tx, id)?;
        Ok(changed)
    })
    .map_err(ChangeError::from)
    .and_then(|changed| no_such_id(changed, id))
}

/// Disables (`true`) or enables account `id` on behalf of `actor` (none for the CLI).
/// Disabling ends its sessions; enabling also lifts a lockout.
pub fn set_disabled(
    db: &Db,
    id: i64,
    disabled: bool,
    actor: Option<i64>,
) -> Result<(), ChangeError> {
    transaction(db, |tx| {
        let target = target(tx, id)?;
        if disabled {
            keep_an_admin(tx, &target, actor)?;
            end_sessions(tx, id)?;
        }
        tx.execute(
            "UPDATE ws_users SET disabled = $2, failed_logins = 0, locked_until_ms = 0
             WHERE id = $1",
            vals![id, i64::from(disabled)],
        )?;
        Ok(())
    })
}

/// Gives account `id` the role `role` on behalf of `actor` (none for the CLI).
pub fn set_role(db: &Db, id: i64, role: Role, actor: Option<i64>) -> Result<(), ChangeError> {
    transaction(db, |tx| {
        let target = target(tx, id)?;
        if role != Role::Admin {
            keep_an_admin(tx, &target, actor)?;
        }
        tx.execute(
            "UPDATE ws_users SET role = $2 WHERE id = $1",
            vals![id, role.as_str()],
        )?;
        Ok(())
    })
}

/// Ends every session of account `id`.
pub fn end_all_sessions(db: &Db, id: i64) -> Result<(), DbError> {
    db.execute("DELETE FROM ws_sessions WHERE user_id = $1", vals![id])
        .map(|_| ())
}

fn end_sessions(tx: &mut Tx<'_>, id: i64) -> Result<(), DbError> {
    tx.execute("DELETE FROM ws_sessions WHERE user_id = $1", vals![id])
        .map(|_| ())
}

/// Runs `body` in a transaction; a refusal inside rolls it back and comes out as itself.
fn transaction<T>(
    db: &Db,
    body: impl FnOnce(&mut Tx<'_>) -> Result<T, ChangeError>,
) -> Result<T, ChangeError> {
    let mut refusal = None;
    let result = db.transaction(|tx| {
        body(tx).map_err(|e| match e {
            ChangeError::Db(db) => db,
            other => {
                refusal = Some(other);
                DbError::value("refused".into())
            }
        })
    });
    match (result, refusal) {
        (_, Some(refusal)) => Err(refusal),
        (result, None) => result.map_err(ChangeError::from),
    }
}

fn target(tx: &mut Tx<'_>, id: i64) -> Result<Account, ChangeError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM ws_users WHERE id = $1"),
        vals![id],
    )?
    .map(|row| account(&row).map(|(a, _)| a))
    .transpose()?
    .ok_or_else(|| ChangeError::NoSuchUser(format!("№ {id}")))
}

/// Refuses to take `target` out of the active administrators when it is the actor's own
/// account or the last one.
fn keep_an_admin(tx: &mut Tx<'_>, target: &Account, actor: Option<i64>) -> Result<(), ChangeError> {
    if actor == Some(target.id) {
        return Err(ChangeError::OwnAccount);
    }
    if target.role != Role::Admin || target.disabled {
        return Ok(());
    }
    let admins = tx
        .query_opt(
            "SELECT COUNT(*) FROM ws_users WHERE role = 'admin' AND disabled = 0",
            &[],
        )?
        .map_or(Ok(0), |row| row.count(0))?;
    if admins <= 1 {
        return Err(ChangeError::LastAdmin(target.name.clone()));
    }
    Ok(())
}

fn no_such_id(changed: u64, id: i64) -> Result<(), ChangeError> {
    if changed == 0 {
        return Err(ChangeError::NoSuchUser(format!("№ {id}")));
    }
    Ok(())
}

/// `ms` since the epoch as `YYYY-MM-DD HH:MM` (UTC), for the pages and the CLI.
pub fn format_ms(ms: i64) -> String {
    let text = crate::serve::rfc3339(ms);
    text.get(..16).map_or(text.clone(), |s| s.replace('T', " "))
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
