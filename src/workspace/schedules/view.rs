//! What the schedules page shows: every schedule with its next runs in the configured zone, its
//! last sweep and its alert targets (the webhook secret masked), the alert log, and the form.

use crate::db::DbError;
use crate::serve::app::AppState;
use crate::vals;
use crate::workspace::auth::CurrentUser;
use crate::workspace::schedules::cron::CronExpr;
use crate::workspace::schedules::store::{self as store, AlertRecord, Schedule};
use serde::Serialize;
use std::collections::HashMap;

/// Runs shown per schedule.
const NEXT_RUNS: usize = 3;
/// Alert log lines shown.
const LOG_LINES: i64 = 30;

/// The creation form's values (kept when it is refused; the secret never is).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormValues {
    /// Chosen list id.
    pub list_id: String,
    /// Cron expression.
    pub cron: String,
    /// Webhook URL.
    pub webhook_url: String,
    /// Webhook secret (never rendered).
    #[serde(skip)]
    pub webhook_secret: String,
    /// Recipients.
    pub emails: String,
    /// Why the form was refused.
    pub error: Option<String>,
}

/// The page.
#[derive(Debug, Serialize)]
pub struct SchedulesView {
    zone: String,
    is_admin: bool,
    notice: Option<String>,
    lists: Vec<ListOption>,
    schedules: Vec<ScheduleRow>,
    alerts: Vec<AlertRow>,
    form: FormValues,
}

#[derive(Debug, Serialize)]
struct ListOption {
    id: i64,
    name: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct ScheduleRow {
    id: i64,
    list_id: i64,
    list_name: String,
    cron: String,
    enabled: bool,
    next_runs: Vec<String>,
    last_sweep: Option<SweepCell>,
    webhook: Option<String>,
    secret: Option<String>,
    emails: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SweepCell {
    id: i64,
    status_ru: &'static str,
    alert_ru: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct AlertRow {
    schedule_id: Option<i64>,
    sweep_id: Option<i64>,
    channel_ru: &'static str,
    sent: bool,
    attempts: i64,
    error: Option<String>,
    created: String,
}

/// A secret for the page: only its length and last characters.
pub fn mask_secret(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < MIN_SHOWN {
        return "••••".into();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("••••{tail} ({} симв.)", chars.len())
}

/// Below this length nothing of a secret is shown.
const MIN_SHOWN: usize = 16;

/// A webhook URL for the page: without user info or query, which may carry tokens.
fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let hidden = u.query().is_some() || !u.username().is_empty() || u.password().is_some();
            u.set_query(None);
            let _ = u.set_username("");
            let _ = u.set_password(None);
            if hidden {
                format!("{u}?…")
            } else {
                u.to_string()
            }
        }
        Err(_) => "(неверный адрес)".into(),
    }
}

fn status_ru(status: &str) -> &'static str {
    match status {
        "queued" => "в очереди",
        "running" => "идёт",
        "done" => "завершена",
        "failed" => "не удалась",
        _ => "?",
    }
}

fn alert_ru(state: &str) -> Option<&'static str> {
    match state {
        "pending" => Some("оповещение ждёт отправки"),
        "sending" => Some("оповещение отправляется"),
        "sent" => Some("оповещение отправлено"),
        "none" => Some("ухудшений нет"),
        "failed" => Some("оповещение не доставлено"),
        _ => None,
    }
}

fn sweep_cell(state: &AppState, id: i64) -> Result<Option<SweepCell>, DbError> {
    let row = state.db.query_opt(
        "SELECT status, alert_state FROM ws_sweeps WHERE id = $1",
        vals![id],
    )?;
    row.map(|r| {
        Ok(SweepCell {
            id,
            status_ru: status_ru(&r.text(0)?),
            alert_ru: r.opt_text(1)?.as_deref().and_then(alert_ru),
        })
    })
    .transpose()
}

fn schedule_row(
    state: &AppState,
    s: Schedule,
    names: &HashMap<i64, String>,
) -> Result<ScheduleRow, DbError> {
    let zone = &state.settings.schedules.zone;
    let next_runs = match (s.enabled, CronExpr::parse(&s.cron)) {
        (true, Ok(expr)) => {
            let first = s.next_due_ms;
            let mut runs = vec![zone.format(first)];
            runs.extend(
                expr.next_runs(zone, first, NEXT_RUNS - 1)
                    .into_iter()
                    .map(|t| zone.format(t)),
            );
            runs
        }
        _ => Vec::new(),
    };
    Ok(ScheduleRow {
        id: s.id,
        list_id: s.list_id,
        list_name: names.get(&s.list_id).cloned().unwrap_or_default(),
        cron: s.cron,
        enabled: s.enabled,
        next_runs,
        last_sweep: match s.last_sweep_id {
            Some(id) => sweep_cell(state, id)?,
            None => None,
        },
        webhook: s.webhook_url.as_deref().map(shown_url),
        secret: s.webhook_secret.as_deref().map(mask_secret),
        emails: s.emails,
    })
}

fn alert_row(state: &AppState, a: AlertRecord) -> AlertRow {
    AlertRow {
        schedule_id: a.schedule_id,
        sweep_id: a.sweep_id,
        channel_ru: if a.channel == "email" {
            "e-mail"
        } else {
            "вебхук"
        },
        sent: a.status == "sent",
        attempts: a.attempts,
        error: a.last_error,
        created: state.settings.schedules.zone.format(a.created_ms),
    }
}

/// The page's data.
pub fn view(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<String>,
    form: FormValues,
) -> Result<SchedulesView, DbError> {
    let names: HashMap<i64, String> = state
        .db
        .query("SELECT id, name FROM ws_lists ORDER BY id", &[])?
        .iter()
        .map(|r| Ok((r.int(0)?, r.text(1)?)))
        .collect::<Result<_, DbError>>()?;
    let mut lists: Vec<ListOption> = names
        .iter()
        .map(|(id, name)| ListOption {
            id: *id,
            name: name.clone(),
            selected: form.list_id == id.to_string(),
        })
        .collect();
    lists.sort_by_key(|l| l.id);
    let schedules = store::all(&state.db)?
        .into_iter()
        .map(|s| schedule_row(state, s, &names))
        .collect::<Result<_, _>>()?;
    let alerts = store::recent_alerts(&state.db, LOG_LINES)?
        .into_iter()
        .map(|a| alert_row(state, a))
        .collect();
    Ok(SchedulesView {
        zone: state.settings.schedules.zone.label(),
        is_admin: user.is_admin(),
        notice,
        lists,
        schedules,
        alerts,
        form,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_urls_are_shown_only_in_part() {
        assert_eq!(mask_secret("short"), "••••");
        let masked = mask_secret("0123456789abcdefWXYZ");
        assert_eq!(masked, "••••WXYZ (20 симв.)");
        assert!(!masked.contains("0123"));
        assert_eq!(
            shown_url("https://user:pw@hooks.example.org/a?token=x"),
            "https://hooks.example.org/a?…"
        );
        assert_eq!(
            shown_url("https://hooks.example.org/a"),
            "https://hooks.example.org/a"
        );
    }
}
