//! What a site's timeline page shows, gathered from the run history and `ws_accepted`: the runs
//! that recorded the site (by [`crate::diff::site_key`], so `http://www.x.ru/` and `https://x.ru`
//! are one site), the chart of the share of mandatory items met, the items of the latest run with
//! the day each failing one was first detected, and the site's accepted findings.

use crate::history::{History, RunKind, SiteRun};
use crate::model::{Severity, Status};
use crate::report::html::wording::format_timestamp;
use crate::report::summary::verdict_label;
use crate::report::templating::safe_href;
use crate::report::Acceptance;
use crate::sweep::SweepSite;
use crate::workspace::timeline::accepted::{for_site, parse_day, AcceptedRow, MAX_REASON};
use crate::workspace::timeline::svg::{percent_text, render, Chart, Series};
use serde::Serialize;
use time::Date;

/// The whole page.
#[derive(Debug, Serialize)]
pub struct SiteView {
    /// The site as recorded by the latest run (the forms send it back).
    pub url: String,
    /// `url`, percent-encoded for a query string.
    pub url_query: String,
    /// A link to the site itself, when it is an http(s) URL.
    pub href: Option<String>,
    /// The institution's name from the latest list that had one.
    pub name: Option<String>,
    /// Runs, newest first.
    pub runs: Vec<RunRow>,
    /// The chart, an escaped `<svg>` element (see [`crate::workspace::timeline::svg`]).
    pub chart: String,
    /// The latest run's items.
    pub latest: Option<LatestView>,
    /// Every acceptance of the site, newest first.
    pub accepted: Vec<AcceptedView>,
    /// What was wrong with the last accept form, in Russian.
    pub problem: Option<String>,
    /// The last accept form's fields, shown again with the problem.
    pub echo: Echo,
    /// Today (`YYYY-MM-DD`), the earliest «until» day.
    pub today: String,
    /// Longest reason.
    pub max_reason: usize,
}

/// The fields of a refused accept form.
#[derive(Debug, Default, Serialize)]
pub struct Echo {
    /// Requirement id.
    pub requirement: String,
    /// Reason as typed.
    pub reason: String,
    /// Date as typed.
    pub until: String,
}

/// One run of the table.
#[derive(Debug, Serialize)]
pub struct RunRow {
    /// Run id.
    pub run: i64,
    /// When it began.
    pub date: String,
    /// «проверка» or «обход списка».
    pub kind: &'static str,
    /// «14 из 20 (70 %)», or «—» when nothing was decided.
    pub share: String,
    /// The site's overall result in Russian.
    pub verdict: String,
    /// Pages fetched.
    pub pages: usize,
    /// The run before this one, for «сравнить с предыдущим».
    pub previous: Option<i64>,
    /// The site's URL as this run recorded it, percent-encoded (for its report page).
    pub url_query: String,
}

/// The latest run's items.
#[derive(Debug, Serialize)]
pub struct LatestView {
    /// Run id.
    pub run: i64,
    /// When it began.
    pub date: String,
    /// The items in rule order.
    pub items: Vec<ItemView>,
}

/// One requirement of the latest run.
#[derive(Debug, Serialize)]
pub struct ItemView {
    /// Requirement id.
    pub id: String,
    /// Russian title.
    pub title: String,
    /// Mandatory (or recommended).
    pub mandatory: bool,
    /// «есть», «частично», «нет», «не определено».
    pub status: &'static str,
    /// `pass`, `partial`, `fail`, `unknown` (CSS class).
    pub status_class: &'static str,
    /// «не выполнено с 20.11.2026» for a failing or partial item.
    pub since: Option<String>,
    /// «принято до … (кто): причина» while an acceptance holds.
    pub accepted: Option<String>,
    /// Failing or partial and not accepted now: the accept form is shown.
    pub can_accept: bool,
}

/// One acceptance of the list.
#[derive(Debug, Serialize)]
pub struct AcceptedView {
    /// Row id (for the revoke form).
    pub id: i64,
    /// Requirement id.
    pub requirement: String,
    /// Its title, when the latest run has it.
    pub title: String,
    /// Why.
    pub reason: String,
    /// Until (DD.MM.YYYY).
    pub until: String,
    /// Who accepted.
    pub by: String,
    /// When.
    pub when: String,
    /// «снято: кто, когда».
    pub revoked: Option<String>,
    /// True when its date passed (and it was not revoked).
    pub expired: bool,
}

/// Date and time of a moment in ms since the epoch, as the pages write it.
pub fn ms_text(ms: i64) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000) else {
        return String::new();
    };
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:00Z");
    at.format(&format)
        .map(|t| format_timestamp(&t))
        .unwrap_or_default()
}

/// `text` percent-encoded as a query value.
pub fn query_value(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Percent of mandatory items met, when the site could be read and the run decided any (a site
/// that was down says nothing about its items: its point is left out, not drawn at 0 %).
pub fn share(site: &SweepSite) -> Option<f64> {
    (site.reachable && site.mandatory_total > 0)
        .then(|| 100.0 * site.mandatory_passed as f64 / site.mandatory_total as f64)
}

/// The page for the site `url`; `None` when no run recorded it.
pub fn load(
    db: &crate::db::Db,
    history: &History,
    url: &str,
    today: Date,
) -> Result<Option<SiteView>, String> {
    let runs = history.site_runs(url).map_err(|e| e.to_string())?;
    let Some(last) = runs.last() else {
        return Ok(None);
    };
    let accepted = for_site(db, url).map_err(|e| e.to_string())?;
    let latest = latest_items(history, last, &accepted, today)?;
    let title_of = |id: &str| {
        latest
            .as_ref()
            .and_then(|l| l.items.iter().find(|i| i.id == id))
            .map_or_else(String::new, |i| i.title.clone())
    };
    let accepted_views = accepted
        .iter()
        .rev()
        .map(|a| accepted_view(a, title_of(&a.requirement_id), today))
        .collect();
    Ok(Some(SiteView {
        url: last.site.url.clone(),
        url_query: query_value(&last.site.url),
        href: safe_href(&last.site.url),
        name: runs
            .iter()
            .rev()
            .find_map(|r| r.site.name.clone().filter(|n| !n.trim().is_empty())),
        chart: chart(&runs),
        runs: run_rows(&runs),
        latest,
        accepted: accepted_views,
        problem: None,
        echo: Echo::default(),
        today: today.to_string(),
        max_reason: MAX_REASON,
    }))
}

fn run_rows(runs: &[SiteRun]) -> Vec<RunRow> {
    let mut rows: Vec<RunRow> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| RunRow {
            run: r.run,
            date: format_timestamp(&r.started_at),
            kind: match r.kind {
                RunKind::Check => "проверка",
                RunKind::Sweep => "обход списка",
            },
            share: share(&r.site).map_or_else(
                || {
                    if r.site.reachable {
                        "—"
                    } else {
                        "сайт недоступен"
                    }
                    .to_string()
                },
                |p| {
                    format!(
                        "{} из {} ({})",
                        r.site.mandatory_passed,
                        r.site.mandatory_total,
                        percent_text(p)
                    )
                },
            ),
            verdict: verdict_label(&r.site).to_string(),
            pages: r.site.pages_fetched,
            previous: i.checked_sub(1).map(|p| runs[p].run),
            url_query: query_value(&r.site.url),
        })
        .collect();
    rows.reverse();
    rows
}

fn chart(runs: &[SiteRun]) -> String {
    let values: Vec<Option<f64>> = runs.iter().map(|r| share(&r.site)).collect();
    let words: Vec<String> = runs
        .iter()
        .zip(&values)
        .map(|(r, v)| {
            let day = format_timestamp(r.started_at.get(..10).unwrap_or_default());
            match v {
                Some(v) => format!("{day} — {}", percent_text(*v)),
                None => format!("{day} — нет данных"),
            }
        })
        .collect();
    render(&Chart {
        id: "site-chart".into(),
        title: "Доля выполненных обязательных требований по запускам".into(),
        desc: format!("Запусков: {}. {}.", runs.len(), words.join("; ")),
        x_labels: runs
            .iter()
            .map(|r| format_timestamp(r.started_at.get(..10).unwrap_or_default()))
            .collect(),
        series: vec![Series {
            name: String::new(),
            values,
        }],
    })
}

/// The acceptance of `id` holding on `today`, the newest first.
fn live<'a>(accepted: &'a [AcceptedRow], id: &str, today: Date) -> Option<&'a AcceptedRow> {
    accepted.iter().rev().find(|a| {
        a.requirement_id == id
            && a.revoked_ms.is_none()
            && parse_day(&a.until_date).is_some_and(|d| d >= today)
    })
}

fn latest_items(
    history: &History,
    last: &SiteRun,
    accepted: &[AcceptedRow],
    today: Date,
) -> Result<Option<LatestView>, String> {
    let Some(report) = history
        .site_report(last.run, &last.site.url)
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let since = history
        .failing_since(&last.site.url)
        .map_err(|e| e.to_string())?;
    let run_day = last.started_at.get(..10).unwrap_or_default().to_string();
    let items = report
        .requirements
        .into_iter()
        .map(|mut v| {
            let failing = matches!(v.status, Status::Fail | Status::Partial);
            if failing {
                v.first_failed = Some(since.get(&v.id.0).cloned().unwrap_or(run_day.clone()));
            }
            let holds = live(accepted, &v.id.0, today).map(|a| {
                Acceptance {
                    reason: a.reason.clone(),
                    by: a.accepted_by.clone(),
                    until: a.until_date.clone(),
                }
                .label_ru()
            });
            ItemView {
                since: v.since_ru(),
                can_accept: failing && holds.is_none(),
                accepted: holds.filter(|_| failing),
                mandatory: v.severity == Severity::Mandatory,
                status: v.status.label_ru(),
                status_class: status_class(v.status),
                id: v.id.0,
                title: v.title,
            }
        })
        .collect();
    Ok(Some(LatestView {
        run: last.run,
        date: format_timestamp(&last.started_at),
        items,
    }))
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

fn accepted_view(a: &AcceptedRow, title: String, today: Date) -> AcceptedView {
    AcceptedView {
        id: a.id,
        requirement: a.requirement_id.clone(),
        title,
        reason: a.reason.clone(),
        until: format_timestamp(&a.until_date),
        by: a.accepted_by.clone(),
        when: ms_text(a.accepted_ms),
        revoked: a.revoked_ms.map(|ms| {
            format!(
                "снято: {}, {}",
                a.revoked_by.as_deref().unwrap_or("неизвестно кем"),
                ms_text(ms)
            )
        }),
        expired: a.revoked_ms.is_none() && parse_day(&a.until_date).is_some_and(|d| d < today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_written_as_the_reports_write_them() {
        // 2026-11-20 09:05 UTC.
        assert_eq!(ms_text(1_795_165_500_000), "20.11.2026, 09:05 UTC");
        assert_eq!(
            query_value("http://a.ru/?x=1&y"),
            "http%3A%2F%2Fa.ru%2F%3Fx%3D1%26y"
        );
    }
}
