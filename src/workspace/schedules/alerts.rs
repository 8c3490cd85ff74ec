//! What an alert says: the regressions of a scheduled sweep against the list's previous one (as
//! `socaudit diff` finds them), as the webhook's JSON (`socaudit/alert/v1`, documented in
//! docs/serve.md) and as a Russian plain-text e-mail.

use crate::diff::{SweepDiff, REACHABLE_ID};
use crate::model::Status;
use serde::Serialize;

/// Schema tag of the webhook's JSON.
pub const ALERT_SCHEMA: &str = "socaudit/alert/v1";

/// Most regressions listed in one alert (the counts are always complete).
pub const MAX_LISTED: usize = 500;

/// The webhook's JSON body.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    /// Always [`ALERT_SCHEMA`].
    pub schema: &'static str,
    /// `regressions`, or `test` for a sample sent from the schedules page.
    pub event: &'static str,
    /// The list swept.
    pub list: ListRef,
    /// The schedule.
    pub schedule: ScheduleRef,
    /// The sweep that found the regressions (absent in a test alert).
    pub sweep: Option<SweepRef>,
    /// The two history runs compared.
    pub runs: Runs,
    /// Counts.
    pub counts: Counts,
    /// The regressions, site by site (at most [`MAX_LISTED`]).
    pub regressions: Vec<Regression>,
    /// True when more regressions were found than listed.
    pub truncated: bool,
}

/// A list by id and name.
#[derive(Debug, Clone, Serialize)]
pub struct ListRef {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Its page.
    pub url: String,
}

/// A schedule by id and expression.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleRef {
    /// Id.
    pub id: i64,
    /// Cron expression.
    pub cron: String,
}

/// A sweep by id.
#[derive(Debug, Clone, Serialize)]
pub struct SweepRef {
    /// Id.
    pub id: i64,
    /// Its page.
    pub url: String,
    /// When it finished (RFC 3339, UTC).
    pub finished_at: Option<String>,
}

/// The history runs compared.
#[derive(Debug, Clone, Serialize)]
pub struct Runs {
    /// The previous sweep's run.
    pub before: i64,
    /// This sweep's run.
    pub after: i64,
    /// The diff page of the two.
    pub diff_url: String,
}

/// Counts over the whole diff.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Regressions (requirement got worse, or site became unreachable).
    pub regressions: usize,
    /// Sites with at least one regression.
    pub sites: usize,
    /// Fixes, for context.
    pub fixes: usize,
}

/// One regression.
#[derive(Debug, Clone, Serialize)]
pub struct Regression {
    /// The site's start URL.
    pub site: String,
    /// The institution's name from the list.
    pub name: Option<String>,
    /// Requirement id (`site-reachable` when the site could no longer be reached).
    pub requirement: String,
    /// Its Russian title.
    pub title: String,
    /// Status before: `pass`, `partial`, `fail`, `unknown`.
    pub before: Status,
    /// Status now.
    pub after: Status,
    /// The new run's explanation, when it has one.
    pub note: Option<String>,
    /// The site's report page in this sweep's run.
    pub url: String,
}

/// The server's links, for an alert read outside it.
#[derive(Debug, Clone)]
pub struct Links {
    /// `https://audit.example.org` (no trailing slash).
    pub base: String,
}

impl Links {
    fn join(&self, path: &str) -> String {
        format!("{}{path}", self.base.trim_end_matches('/'))
    }

    fn site(&self, run: i64, site: &str) -> String {
        let query: String = url::form_urlencoded::byte_serialize(site.as_bytes()).collect();
        self.join(&format!("/runs/{run}/site?url={query}"))
    }
}

/// The parts of an alert that are not the diff.
#[derive(Debug, Clone)]
pub struct AlertContext {
    /// The list (id, name).
    pub list: (i64, String),
    /// The schedule (id, cron).
    pub schedule: (i64, String),
    /// The sweep (id, finished ms), when there is one.
    pub sweep: Option<(i64, Option<i64>)>,
    /// Runs before and after.
    pub runs: (i64, i64),
}

/// The alert for `diff`; `None` when it has no regression.
pub fn build(context: &AlertContext, diff: &SweepDiff, links: &Links) -> Option<Alert> {
    if diff.totals.regressions == 0 {
        return None;
    }
    let (before, after) = context.runs;
    let regressions: Vec<Regression> = diff
        .changed
        .iter()
        .flat_map(|site| {
            site.regressions.iter().map(move |change| Regression {
                site: site.site.url.clone(),
                name: site.site.name.clone(),
                requirement: change.id.0.clone(),
                title: change.title.clone(),
                before: change.from,
                after: change.to,
                note: change.note.clone(),
                url: links.site(after, &site.site.url),
            })
        })
        .collect();
    let sites = diff
        .changed
        .iter()
        .filter(|s| !s.regressions.is_empty())
        .count();
    let truncated = regressions.len() > MAX_LISTED;
    Some(Alert {
        schema: ALERT_SCHEMA,
        event: "regressions",
        list: list_ref(context, links),
        schedule: schedule_ref(context),
        sweep: context.sweep.map(|(id, finished)| SweepRef {
            id,
            url: links.join(&format!("/sweeps/{id}")),
            finished_at: finished.map(crate::serve::rfc3339),
        }),
        runs: Runs {
            before,
            after,
            diff_url: links.join(&format!("/diff?a={before}&b={after}")),
        },
        counts: Counts {
            regressions: diff.totals.regressions,
            sites,
            fixes: diff.totals.fixes,
        },
        regressions: regressions.into_iter().take(MAX_LISTED).collect(),
        truncated,
    })
}

fn list_ref(context: &AlertContext, links: &Links) -> ListRef {
    ListRef {
        id: context.list.0,
        name: context.list.1.clone(),
        url: links.join(&format!("/lists/{}", context.list.0)),
    }
}

fn schedule_ref(context: &AlertContext) -> ScheduleRef {
    ScheduleRef {
        id: context.schedule.0,
        cron: context.schedule.1.clone(),
    }
}

/// A sample alert for the «Отправить пробное оповещение» button: one made-up regression.
pub fn sample(context: &AlertContext, links: &Links) -> Alert {
    let site = "https://kcson.example.org/".to_string();
    Alert {
        schema: ALERT_SCHEMA,
        event: "test",
        list: list_ref(context, links),
        schedule: schedule_ref(context),
        sweep: None,
        runs: Runs {
            before: 0,
            after: 0,
            diff_url: links.join("/runs"),
        },
        counts: Counts {
            regressions: 1,
            sites: 1,
            fixes: 0,
        },
        regressions: vec![Regression {
            site: site.clone(),
            name: Some("Пример: КЦСОН (пробное оповещение)".into()),
            requirement: REACHABLE_ID.into(),
            title: "Сайт доступен".into(),
            before: Status::Pass,
            after: Status::Fail,
            note: Some("Это пробное оповещение: проверка не проводилась.".into()),
            url: links.join("/schedules"),
        }],
        truncated: false,
    }
}

/// The e-mail's subject and plain-text body.
pub fn email_text(alert: &Alert) -> (String, String) {
    let test = alert.event == "test";
    let subject = if test {
        format!(
            "socaudit: пробное оповещение для списка «{}»",
            alert.list.name
        )
    } else {
        format!(
            "socaudit: ухудшения в списке «{}» — {}",
            alert.list.name, alert.counts.regressions
        )
    };
    let mut body = String::new();
    if test {
        body.push_str("Это пробное оповещение: так будет выглядеть письмо об ухудшениях.\n\n");
    }
    body.push_str(&format!(
        "Плановая проверка списка «{}» нашла ухудшения по сравнению с предыдущей проверкой.\n",
        alert.list.name
    ));
    if let Some(sweep) = &alert.sweep {
        body.push_str(&format!("Проверка № {}: {}\n", sweep.id, sweep.url));
    }
    body.push_str(&format!(
        "Ухудшений: {}, сайтов с ухудшениями: {}, исправлений: {}.\n\n",
        alert.counts.regressions, alert.counts.sites, alert.counts.fixes
    ));
    let mut last_site = "";
    for r in &alert.regressions {
        if r.site != last_site {
            let who = r.name.as_deref().unwrap_or(&r.site);
            body.push_str(&format!("{who} ({})\n  {}\n", r.site, r.url));
            last_site = &r.site;
        }
        body.push_str(&format!(
            "  — {}: было «{}», стало «{}»\n",
            r.title,
            r.before.label_ru(),
            r.after.label_ru()
        ));
    }
    if alert.truncated {
        body.push_str(&format!(
            "\nПоказаны первые {MAX_LISTED}; остальные — на странице сравнения.\n"
        ));
    }
    body.push_str(&format!(
        "\nСравнение запусков: {}\nСписок: {}\n\nПисьмо отправлено автоматически по расписанию «{}» (№ {}).\n",
        alert.runs.diff_url, alert.list.url, alert.schedule.cron, alert.schedule.id
    ));
    (subject, body)
}
