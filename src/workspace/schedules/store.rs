//! The schedules' tables (component `workspace.schedules`) and what is done with them: creating,
//! listing, switching, and firing due schedules so that several server instances sharing one
//! database start each run exactly once.

use crate::db::{Db, DbError, Row};
use crate::vals;
use crate::workspace::schedules::cron::{CronExpr, Zone};

/// Migrations of component `workspace.schedules`, oldest first; a released one is never edited.
pub const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE ws_schedules (
    id              {id},
    list_id         INTEGER NOT NULL REFERENCES ws_lists(id) ON DELETE CASCADE,
    cron            TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER REFERENCES ws_users(id),
    created_ms      INTEGER NOT NULL,
    next_due_ms     INTEGER NOT NULL,
    last_sweep_id   INTEGER,
    webhook_url     TEXT,
    webhook_secret  TEXT,
    emails          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ws_schedules_due ON ws_schedules(enabled, next_due_ms);
CREATE TABLE ws_alerts (
    id           {id},
    schedule_id  INTEGER,
    sweep_id     INTEGER,
    channel      TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
    status       TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_ms   INTEGER NOT NULL,
    sent_ms      INTEGER
);
CREATE INDEX ws_alerts_by_sweep ON ws_alerts(sweep_id);
CREATE TABLE ws_alert_claims (
    sweep_id    INTEGER PRIMARY KEY,
    claimed_ms  INTEGER NOT NULL
);
"#];

/// A schedule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Id.
    pub id: i64,
    /// The list swept.
    pub list_id: i64,
    /// Cron expression.
    pub cron: String,
    /// False when paused.
    pub enabled: bool,
    /// When it fires next (ms since the epoch).
    pub next_due_ms: i64,
    /// The sweep it started last.
    pub last_sweep_id: Option<i64>,
    /// Where regressions are posted.
    pub webhook_url: Option<String>,
    /// The HMAC key of the webhook.
    pub webhook_secret: Option<String>,
    /// E-mail recipients.
    pub emails: Vec<String>,
}

/// What a new schedule is made of.
#[derive(Debug, Clone, Default)]
pub struct NewSchedule {
    /// The list swept.
    pub list_id: i64,
    /// Cron expression (already checked).
    pub cron: String,
    /// Webhook URL, if any.
    pub webhook_url: Option<String>,
    /// Webhook secret, if any.
    pub webhook_secret: Option<String>,
    /// E-mail recipients.
    pub emails: Vec<String>,
}

const COLUMNS: &str = "id, list_id, cron, enabled, next_due_ms, last_sweep_id, webhook_url, \
                       webhook_secret, emails";

fn schedule(row: &Row) -> Result<Schedule, DbError> {
    Ok(Schedule {
        id: row.int(0)?,
        list_id: row.int(1)?,
        cron: row.text(2)?,
        enabled: row.bool(3)?,
        next_due_ms: row.int(4)?,
        last_sweep_id: row.opt_int(5)?,
        webhook_url: row.opt_text(6)?,
        webhook_secret: row.opt_text(7)?,
        emails: split_emails(&row.text(8)?),
    })
}

/// Recipients from a stored or typed text: separated by commas, semicolons or white space.
pub fn split_emails(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Creates the tables of this part.
pub fn migrate(db: &Db) -> Result<(), DbError> {
    db.migrate("workspace.schedules", MIGRATIONS)
}

/// Stores a new schedule, first due at its next time after `now_ms`; its id.
pub fn create(
    db: &Db,
    new: &NewSchedule,
    created_by: Option<i64>,
    zone: &Zone,
    now_ms: i64,
) -> Result<i64, String> {
    let cron = CronExpr::parse(&new.cron)?;
    let next = cron
        .next_after(zone, now_ms)
        .ok_or("выражение cron не совпадает ни с одной датой")?;
    let row = db
        .query_opt(
            "INSERT INTO ws_schedules (list_id, cron, created_by, created_ms, next_due_ms,
                 webhook_url, webhook_secret, emails)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            vals![
                new.list_id,
                cron.text(),
                created_by,
                now_ms,
                next,
                new.webhook_url.clone(),
                new.webhook_secret.clone(),
                new.emails.join(", ")
            ],
        )
        .map_err(|e| e.to_string())?
        .ok_or("база данных не вернула номер расписания")?;
    row.int(0).map_err(|e| e.to_string())
}

/// Every schedule, oldest first.
pub fn all(db: &Db) -> Result<Vec<Schedule>, DbError> {
    db.query(
        &format!("SELECT {COLUMNS} FROM ws_schedules ORDER BY id"),
        &[],
    )?
    .iter()
    .map(schedule)
    .collect()
}

/// One schedule.
pub fn get(db: &Db, id: i64) -> Result<Option<Schedule>, DbError> {
    db.query_opt(
        &format!("SELECT {COLUMNS} FROM ws_schedules WHERE id = $1"),
        vals![id],
    )?
    .as_ref()
    .map(schedule)
    .transpose()
}

/// Deletes a schedule; false when there was none.
pub fn delete(db: &Db, id: i64) -> Result<bool, DbError> {
    Ok(db.execute("DELETE FROM ws_schedules WHERE id = $1", vals![id])? == 1)
}

/// Pauses or resumes a schedule. A resumed one is next due at its next time after `now_ms`,
/// not at a time missed while it was paused.
pub fn set_enabled(
    db: &Db,
    id: i64,
    enabled: bool,
    zone: &Zone,
    now_ms: i64,
) -> Result<bool, DbError> {
    let Some(found) = get(db, id)? else {
        return Ok(false);
    };
    let next = CronExpr::parse(&found.cron)
        .ok()
        .and_then(|c| c.next_after(zone, now_ms))
        .unwrap_or(found.next_due_ms);
    let changed = db.execute(
        "UPDATE ws_schedules SET enabled = $1, next_due_ms = $2 WHERE id = $3",
        vals![enabled, next, id],
    )?;
    Ok(changed == 1)
}

/// What firing one due schedule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fired {
    /// A sweep was queued.
    Queued {
        /// The schedule.
        schedule: i64,
        /// The new sweep.
        sweep: i64,
    },
    /// The previous sweep of the schedule has not finished: this time is skipped.
    StillRunning {
        /// The schedule.
        schedule: i64,
    },
}

/// Fires every enabled schedule due at `now_ms`: moves its next time on and queues a sweep of its
/// list. Each schedule is claimed with a conditional update on the time this caller read, so of
/// several instances (or threads) firing at once exactly one wins each due time. Times missed
/// while no instance ran are not made up for: one sweep, then the next time after now.
pub fn fire_due(db: &Db, zone: &Zone, now_ms: i64) -> Result<Vec<Fired>, DbError> {
    let due = db.query(
        "SELECT id, cron, next_due_ms, last_sweep_id FROM ws_schedules
         WHERE enabled = 1 AND next_due_ms <= $1 ORDER BY next_due_ms, id",
        vals![now_ms],
    )?;
    let mut fired = Vec::new();
    for row in &due {
        let (id, cron, old) = (row.int(0)?, row.text(1)?, row.int(2)?);
        let next = match CronExpr::parse(&cron) {
            Ok(expr) => expr.next_after(zone, now_ms),
            Err(e) => {
                tracing::warn!(schedule = id, error = %e, "stored cron expression is invalid");
                None
            }
        };
        // A schedule that will never come again is switched off instead of firing forever.
        let (next, enabled) = next.map_or((i64::MAX, false), |n| (n, true));
        if let Some(done) = claim(db, id, old, next, enabled, now_ms)? {
            fired.push(done);
        }
    }
    Ok(fired)
}

fn claim(
    db: &Db,
    id: i64,
    old: i64,
    next: i64,
    enabled: bool,
    now_ms: i64,
) -> Result<Option<Fired>, DbError> {
    db.transaction(|tx| {
        let won = tx.execute(
            "UPDATE ws_schedules SET next_due_ms = $1, enabled = $2
             WHERE id = $3 AND next_due_ms = $4 AND enabled = 1",
            vals![next, enabled, id, old],
        )?;
        if won != 1 {
            return Ok(None);
        }
        let busy = tx.query_opt(
            "SELECT s.id FROM ws_schedules sc JOIN ws_sweeps s ON s.id = sc.last_sweep_id
             WHERE sc.id = $1 AND s.status IN ('queued', 'running')",
            vals![id],
        )?;
        if busy.is_some() {
            return Ok(Some(Fired::StillRunning { schedule: id }));
        }
        let list = tx
            .query_opt("SELECT list_id FROM ws_schedules WHERE id = $1", vals![id])?
            .ok_or_else(|| DbError::value("расписание исчезло во время запуска".into()))?
            .int(0)?;
        // requested_by stays NULL: nobody asked, the schedule did.
        let sweep = tx
            .query_opt(
                "INSERT INTO ws_sweeps (list_id, status, schedule_id, created_ms)
                 VALUES ($1, 'queued', $2, $3) RETURNING id",
                vals![list, id, now_ms],
            )?
            .ok_or_else(|| DbError::value("база данных не вернула номер проверки".into()))?
            .int(0)?;
        tx.execute(
            "UPDATE ws_schedules SET last_sweep_id = $1 WHERE id = $2",
            vals![sweep, id],
        )?;
        Ok(Some(Fired::Queued {
            schedule: id,
            sweep,
        }))
    })
}

/// One line of the alert log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRecord {
    /// Id.
    pub id: i64,
    /// The schedule it was for.
    pub schedule_id: Option<i64>,
    /// The sweep it was about (`None` for a test alert).
    pub sweep_id: Option<i64>,
    /// `webhook` or `email`.
    pub channel: String,
    /// `sent` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When the alert was made.
    pub created_ms: i64,
    /// When it was delivered.
    pub sent_ms: Option<i64>,
}

/// Writes an alert to the log.
pub fn log_alert(db: &Db, alert: &AlertRecord) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO ws_alerts (schedule_id, sweep_id, channel, status, attempts, last_error,
             created_ms, sent_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vals![
            alert.schedule_id,
            alert.sweep_id,
            alert.channel.as_str(),
            alert.status.as_str(),
            alert.attempts,
            alert.last_error.clone(),
            alert.created_ms,
            alert.sent_ms
        ],
    )
    .map(|_| ())
}

/// The latest `limit` alerts, newest first.
pub fn recent_alerts(db: &Db, limit: i64) -> Result<Vec<AlertRecord>, DbError> {
    db.query(
        "SELECT id, schedule_id, sweep_id, channel, status, attempts, last_error, created_ms,
             sent_ms FROM ws_alerts ORDER BY id DESC LIMIT $1",
        vals![limit],
    )?
    .iter()
    .map(|row| {
        Ok(AlertRecord {
            id: row.int(0)?,
            schedule_id: row.opt_int(1)?,
            sweep_id: row.opt_int(2)?,
            channel: row.text(3)?,
            status: row.text(4)?,
            attempts: row.int(5)?,
            last_error: row.opt_text(6)?,
            created_ms: row.int(7)?,
            sent_ms: row.opt_int(8)?,
        })
    })
    .collect()
}
