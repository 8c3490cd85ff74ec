//! Accepting and revoking findings from a site's page: the rows of `ws_accepted` of one site
//! (live, expired and revoked, with the accounts' names), the checks a new acceptance passes
//! before it is stored, and the revocation (recorded with the revoking account).

use crate::db::{Db, DbError};
use crate::diff::site_key;
use crate::rules::RuleSet;
use crate::vals;
use std::collections::HashMap;
use time::macros::format_description;
use time::{Date, Duration};

/// Longest reason stored, in characters.
pub const MAX_REASON: usize = 500;

/// How far ahead an acceptance may run: the findings are looked at again at least this often.
pub const MAX_AHEAD_DAYS: i64 = 2 * 366;

/// One row of `ws_accepted` with the names of the accounts involved.
#[derive(Debug, Clone)]
pub struct AcceptedRow {
    /// Row id.
    pub id: i64,
    /// The site as stored.
    pub site: String,
    /// Requirement id.
    pub requirement_id: String,
    /// Why.
    pub reason: String,
    /// Last day it holds (`YYYY-MM-DD`).
    pub until_date: String,
    /// Who accepted.
    pub accepted_by: String,
    /// When (ms since the epoch).
    pub accepted_ms: i64,
    /// Who revoked, if anyone.
    pub revoked_by: Option<String>,
    /// When it was revoked.
    pub revoked_ms: Option<i64>,
}

/// The accept form of a site's page. A missing field is empty, so a post without one is
/// answered by the checks below (a missing token: 403) rather than by a bare rejection.
#[derive(Debug, Clone, Default)]
pub struct AcceptForm {
    /// The site as the page was opened with.
    pub url: String,
    /// Requirement id.
    pub requirement: String,
    /// Why it is accepted.
    pub reason: String,
    /// Last day, `YYYY-MM-DD`.
    pub until: String,
    /// The session's CSRF token.
    pub csrf: String,
}

impl AcceptForm {
    /// The form from its decoded fields.
    pub fn from_fields(fields: &HashMap<String, String>) -> AcceptForm {
        let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
        AcceptForm {
            url: get("url"),
            requirement: get("requirement"),
            reason: get("reason"),
            until: get("until"),
            csrf: get("csrf"),
        }
    }
}

/// An acceptance that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAccept {
    /// Requirement id (in the rules).
    pub requirement: String,
    /// Reason, trimmed.
    pub reason: String,
    /// Last day.
    pub until: Date,
}

/// `YYYY-MM-DD` as a date.
pub fn parse_day(text: &str) -> Option<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// Checks the form against the rules and `today`; the problem in Russian otherwise.
pub fn validate(form: &AcceptForm, rules: &RuleSet, today: Date) -> Result<ValidAccept, String> {
    let requirement = form.requirement.trim();
    if rules.get(requirement).is_none() {
        return Err(format!(
            "Требования «{requirement}» нет в правилах: выберите замечание из списка на этой странице."
        ));
    }
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err("Укажите причину, по которой замечание принято.".to_string());
    }
    if reason.chars().count() > MAX_REASON {
        return Err(format!(
            "Причина длиннее {MAX_REASON} символов: сократите её."
        ));
    }
    let Some(until) = parse_day(&form.until) else {
        return Err(format!(
            "Дата «{}» не распознана: укажите её как ГГГГ-ММ-ДД, например 2027-03-31.",
            form.until.trim()
        ));
    };
    if until < today {
        return Err("Дата окончания уже прошла: укажите сегодняшнюю или более позднюю.".into());
    }
    if until > today + Duration::days(MAX_AHEAD_DAYS) {
        return Err("Замечание можно принять не больше чем на два года вперёд.".into());
    }
    Ok(ValidAccept {
        requirement: requirement.to_string(),
        reason: reason.to_string(),
        until,
    })
}

/// Every acceptance of the site `url` is (by [`site_key`]), oldest first.
pub fn for_site(db: &Db, url: &str) -> Result<Vec<AcceptedRow>, DbError> {
    let key = site_key(url);
    let rows = db.query(
        "SELECT a.id, a.site, a.requirement_id, a.reason, a.until_date, u.name, a.accepted_ms,
                r.name, a.revoked_ms
         FROM ws_accepted a JOIN ws_users u ON u.id = a.accepted_by
         LEFT JOIN ws_users r ON r.id = a.revoked_by
         ORDER BY a.id",
        &[],
    )?;
    let mut found = Vec::new();
    for row in rows {
        let site = row.text(1)?;
        if site_key(&site) != key {
            continue;
        }
        found.push(AcceptedRow {
            id: row.int(0)?,
            site,
            requirement_id: row.text(2)?,
            reason: row.text(3)?,
            until_date: row.text(4)?,
            accepted_by: row.text(5)?,
            accepted_ms: row.int(6)?,
            revoked_by: row.opt_text(7)?,
            revoked_ms: row.opt_int(8)?,
        });
    }
    Ok(found)
}

/// Stores an acceptance by `user`; its id.
pub fn insert(
    db: &Db,
    site: &str,
    accept: &ValidAccept,
    user: i64,
    now_ms: i64,
) -> Result<i64, DbError> {
    let row = db.query_opt(
        "INSERT INTO ws_accepted (site, requirement_id, reason, until_date, accepted_by,
                                  accepted_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        vals![
            site,
            accept.requirement.as_str(),
            accept.reason.as_str(),
            accept.until.to_string(),
            user,
            now_ms
        ],
    )?;
    row.ok_or_else(|| DbError::value("ws_accepted: no id returned".to_string()))?
        .int(0)
}

/// Revokes acceptance `id` in the name of `user` (a revoked one stays as it was); the site it
/// belongs to, or `None` when there is no such acceptance.
pub fn revoke(db: &Db, id: i64, user: i64, now_ms: i64) -> Result<Option<String>, DbError> {
    db.transaction(|tx| {
        let Some(row) = tx.query_opt("SELECT site FROM ws_accepted WHERE id = $1", vals![id])?
        else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE ws_accepted SET revoked_by = $1, revoked_ms = $2
             WHERE id = $3 AND revoked_ms IS NULL",
            vals![user, now_ms, id],
        )?;
        Ok(Some(row.text(0)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(requirement: &str, reason: &str, until: &str) -> AcceptForm {
        AcceptForm {
            url: "https://kcson.example/".into(),
            requirement: requirement.into(),
            reason: reason.into(),
            until: until.into(),
            csrf: String::new(),
        }
    }

    #[test]
    fn a_form_needs_a_known_requirement_a_reason_and_a_near_future_date() {
        let rules = RuleSet::builtin();
        let today = parse_day("2026-11-23").expect("day");
        let ok = validate(
            &form("tariffs", "  согласовано  ", "2026-11-23"),
            &rules,
            today,
        )
        .expect("valid");
        assert_eq!(ok.reason, "согласовано");
        assert_eq!(ok.until, today);
        let problem = |f: AcceptForm| validate(&f, &rules, today).expect_err("refused");
        assert!(problem(form("no-such", "x", "2026-12-01")).contains("нет в правилах"));
        assert!(problem(form("tariffs", "  ", "2026-12-01")).contains("причину"));
        assert!(problem(form("tariffs", &"я".repeat(501), "2026-12-01")).contains("500"));
        assert!(problem(form("tariffs", "x", "31.12.2026")).contains("ГГГГ-ММ-ДД"));
        assert!(problem(form("tariffs", "x", "2026-11-22")).contains("прошла"));
        assert!(problem(form("tariffs", "x", "2029-01-01")).contains("два года"));
    }
}
