//! The background work of schedules in `socaudit serve`: every tick, due schedules queue a sweep
//! ([`crate::workspace::schedules::store::fire_due`]) and finished scheduled sweeps waiting for their alert
//! (`alert_state = 'pending'`) are claimed, compared with the list's previous sweep and, when
//! something got worse, announced by webhook and e-mail. Both steps claim their rows with
//! conditional updates, so several instances sharing the database never do one twice.

use crate::db::{Db, DbError};
use crate::diff::{compare_sides, load_run, RunRef};
use crate::fetch::guard::GuardedResolver;
use crate::history::History;
use crate::serve::app::AppState;
use crate::serve::now_ms;
use crate::vals;
use crate::workspace::schedules::alerts::{self as alerts, Alert, AlertContext, Links};
use crate::workspace::schedules::claims;
use crate::workspace::schedules::cron::Zone;
use crate::workspace::schedules::email::SmtpSettings;
use crate::workspace::schedules::store::{self as store, AlertRecord, Schedule};
use crate::workspace::schedules::webhook::WebhookSender;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How schedules and alerts run on this instance.
#[derive(Debug, Clone)]
pub struct SchedulesConfig {
    /// The zone cron expressions are read in (`--schedule-tz`).
    pub zone: Zone,
    /// False with `--no-scheduler`: this instance neither fires schedules nor sends alerts.
    pub run_loops: bool,
    /// Time between two rounds of the loop.
    pub tick: Duration,
    /// The server's address for links in alerts (`--public-url`; default: the listen address).
    pub public_url: Option<String>,
    /// SMTP settings (`SOCAUDIT_SMTP_*`); e-mail alerts fail without them.
    pub smtp: Option<SmtpSettings>,
    /// Time limit of one webhook or SMTP attempt.
    pub send_timeout: Duration,
    /// Webhook attempts in all.
    pub attempts: u32,
    /// Wait before the second webhook attempt (doubled for each later one).
    pub backoff: Duration,
}

impl Default for SchedulesConfig {
    fn default() -> SchedulesConfig {
        SchedulesConfig {
            zone: Zone::moscow(),
            run_loops: true,
            tick: Duration::from_secs(15),
            public_url: None,
            smtp: None,
            send_timeout: Duration::from_secs(10),
            attempts: 3,
            backoff: Duration::from_secs(2),
        }
    }
}

/// Sends alerts: the database, the history runs to compare, and the channels' settings.
#[derive(Clone)]
pub struct Alerter {
    db: Db,
    history: Option<Arc<History>>,
    config: SchedulesConfig,
    webhook: WebhookSender,
}

/// What became of one finished sweep's alert (the stored `alert_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every channel delivered.
    Sent,
    /// Nothing to say (no regressions, no earlier run, no targets).
    None,
    /// A channel failed (the error is in `ws_alerts`).
    Failed,
}

impl Outcome {
    fn word(self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::None => "none",
            Outcome::Failed => "failed",
        }
    }
}

impl Alerter {
    /// The alerter of a server.
    pub fn new(state: &AppState) -> Alerter {
        let settings = &state.settings;
        let config = settings.schedules.clone();
        Alerter {
            db: state.db.clone(),
            history: state.engine.history.clone(),
            webhook: WebhookSender {
                guard: GuardedResolver {
                    pinned: settings.pinned.clone(),
                    public_only: !settings.allow_private,
                    allowed: settings.allowed.clone(),
                },
                timeout: config.send_timeout,
                attempts: config.attempts,
                backoff: config.backoff,
            },
            config,
        }
    }

    fn links(&self) -> Links {
        Links {
            base: self.config.public_url.clone().unwrap_or_default(),
        }
    }

    /// Claims every sweep waiting for its alert (or abandoned mid-send by a stopped instance)
    /// and deals with it; how many were handled.
    pub async fn process_pending(&self) -> Result<usize, DbError> {
        let db = self.db.clone();
        let found = tokio::task::spawn_blocking(move || claims::candidates(&db, now_ms()))
            .await
            .map_err(|e| DbError::value(e.to_string()))??;
        let mut handled = 0;
        for candidate in found {
            if !claims::claim(&self.db, candidate, now_ms())? {
                continue;
            }
            let sweep = candidate.sweep;
            let outcome = self.alert_for(sweep).await.unwrap_or_else(|e| {
                tracing::error!(sweep, error = %e, "alert failed");
                Outcome::Failed
            });
            claims::finish(&self.db, sweep, outcome.word())?;
            handled += 1;
        }
        Ok(handled)
    }

    async fn alert_for(&self, sweep: i64) -> Result<Outcome, DbError> {
        let Some(row) = self.db.query_opt(
            "SELECT s.list_id, s.status, s.run_id, s.schedule_id, s.finished_ms, l.name
             FROM ws_sweeps s JOIN ws_lists l ON l.id = s.list_id WHERE s.id = $1",
            vals![sweep],
        )?
        else {
            return Ok(Outcome::None);
        };
        let (list, run) = (row.int(0)?, row.opt_int(2)?);
        let schedule = match row.opt_int(3)? {
            Some(id) => store::get(&self.db, id)?,
            None => None,
        };
        let (Some(run), Some(schedule), true) = (run, schedule, row.text(1)? == "done") else {
            return Ok(Outcome::None);
        };
        let Some(before) = self
            .db
            .query_opt(
                "SELECT run_id FROM ws_sweeps WHERE list_id = $1 AND id < $2 AND status = 'done'
                 AND run_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                vals![list, sweep],
            )?
            .map(|r| r.int(0))
            .transpose()?
        else {
            return Ok(Outcome::None);
        };
        let context = AlertContext {
            list: (list, row.text(5)?),
            schedule: (schedule.id, schedule.cron.clone()),
            sweep: Some((sweep, row.opt_int(4)?)),
            runs: (before, run),
        };
        let alert = match self.regressions(&context).await {
            Ok(Some(alert)) => alert,
            Ok(None) => return Ok(Outcome::None),
            Err(message) => {
                self.log_failure(&schedule, Some(sweep), &message)?;
                return Ok(Outcome::Failed);
            }
        };
        self.deliver(&schedule, Some(sweep), &alert).await
    }

    /// The alert of the two runs, `None` when nothing got worse.
    async fn regressions(&self, context: &AlertContext) -> Result<Option<Alert>, String> {
        let history = self
            .history
            .clone()
            .ok_or("у сервера нет истории запусков, сравнивать не с чем")?;
        let (before, after) = context.runs;
        let diff = tokio::task::spawn_blocking(move || {
            let old = load_run(&history, RunRef::Id(before)).map_err(|e| e.to_string())?;
            let new = load_run(&history, RunRef::Id(after)).map_err(|e| e.to_string())?;
            Ok::<_, String>(compare_sides(&old, &new))
        })
        .await
        .map_err(|e| e.to_string())??;
        Ok(alerts::build(context, &diff, &self.links()))
    }

    /// Sends a sample alert to the schedule's targets now.
    pub async fn send_test(&self, schedule: &Schedule) -> Result<Outcome, DbError> {
        let name = self
            .db
            .query_opt(
                "SELECT name FROM ws_lists WHERE id = $1",
                vals![schedule.list_id],
            )?
            .map(|r| r.text(0))
            .transpose()?
            .unwrap_or_default();
        let context = AlertContext {
            list: (schedule.list_id, name),
            schedule: (schedule.id, schedule.cron.clone()),
            sweep: None,
            runs: (0, 0),
        };
        let alert = alerts::sample(&context, &self.links());
        self.deliver(schedule, None, &alert).await
    }

    /// Sends `alert` to every target of `schedule`, logging each channel.
    async fn deliver(
        &self,
        schedule: &Schedule,
        sweep: Option<i64>,
        alert: &Alert,
    ) -> Result<Outcome, DbError> {
        let created = now_ms();
        let mut outcome = Outcome::None;
        let mut record = |channel: &str, attempts: u32, error: Option<String>| {
            outcome = match (outcome, &error) {
                (Outcome::Failed, _) | (_, Some(_)) => Outcome::Failed,
                _ => Outcome::Sent,
            };
            store::log_alert(
                &self.db,
                &log_row(schedule, sweep, channel, attempts, error, created),
            )
        };
        if let Some(url) = &schedule.webhook_url {
            let body = serde_json::to_string(alert).unwrap_or_default();
            let secret = schedule.webhook_secret.as_deref().unwrap_or_default();
            let delivery = self.webhook.send(url, secret, &body).await;
            record("webhook", delivery.attempts, delivery.error)?;
        }
        if !schedule.emails.is_empty() {
            let (subject, body) = alerts::email_text(alert);
            let sent = match &self.config.smtp {
                Some(smtp) => {
                    smtp.send(&schedule.emails, &subject, &body, self.config.send_timeout)
                        .await
                }
                None => Err("SMTP не настроен: задайте SOCAUDIT_SMTP_HOST и другие переменные SOCAUDIT_SMTP_* (см. docs/serve.md)".into()),
            };
            record("email", 1, sent.err())?;
        }
        Ok(outcome)
    }

    fn log_failure(
        &self,
        schedule: &Schedule,
        sweep: Option<i64>,
        message: &str,
    ) -> Result<(), DbError> {
        let channels = [
            ("webhook", schedule.webhook_url.is_some()),
            ("email", !schedule.emails.is_empty()),
        ];
        for (channel, used) in channels {
            if used {
                let row = log_row(schedule, sweep, channel, 0, Some(message.into()), now_ms());
                store::log_alert(&self.db, &row)?;
            }
        }
        Ok(())
    }
}

/// The alert log's row for one channel of `schedule`: sent, or failed with `error`.
fn log_row(
    schedule: &Schedule,
    sweep: Option<i64>,
    channel: &str,
    attempts: u32,
    error: Option<String>,
    created_ms: i64,
) -> AlertRecord {
    AlertRecord {
        id: 0,
        schedule_id: Some(schedule.id),
        sweep_id: sweep,
        channel: channel.into(),
        status: if error.is_none() { "sent" } else { "failed" }.into(),
        attempts: i64::from(attempts),
        sent_ms: error.is_none().then(now_ms),
        last_error: error,
        created_ms,
    }
}

/// The loop of one server instance: fires due schedules and sends pending alerts every tick
/// until `stop` turns true.
pub async fn run(state: Arc<AppState>, mut stop: watch::Receiver<bool>) {
    let alerter = Alerter::new(&state);
    let (zone, tick) = (alerter.config.zone.clone(), alerter.config.tick);
    loop {
        let db = state.db.clone();
        let zone = zone.clone();
        match tokio::task::spawn_blocking(move || store::fire_due(&db, &zone, now_ms())).await {
            Ok(Ok(fired)) => {
                for f in fired {
                    tracing::info!(?f, "schedule fired");
                }
            }
            Ok(Err(e)) => tracing::error!(error = %e, "firing schedules failed"),
            Err(e) => tracing::error!(error = %e, "firing schedules panicked"),
        }
        if let Err(e) = alerter.process_pending().await {
            tracing::error!(error = %e, "sending alerts failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = tokio::time::sleep(tick) => {}
        }
    }
}
