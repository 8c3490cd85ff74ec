//! `GET /diff?a=RUN&b=RUN[&url=…]`: two runs of the history compared in the browser, by the same
//! code and in the same words as `socaudit diff --db` (regressions, fixes, sites added and gone,
//! changes caused by the rules, acceptances started and ended); `url` narrows it to one site.
//! Select boxes (a GET form) pick the runs; without them the last two runs are compared.

use crate::diff::{compare_sides, load_run, render_html, site_key, DiffError, RunRef};
use crate::history::{History, HistoryError, RunKind};
use crate::report::html::wording::format_timestamp;
use crate::serve::app::AppState;
use crate::workspace::auth::CurrentUser;
use crate::workspace::layout::Page;
use crate::workspace::timeline::site::query_value;
use crate::workspace::timeline::{blocking, fields, history, missing};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

static DIFF: Page = Page::new(
    "timeline_diff.html",
    include_str!("../templates/timeline_diff.html.tera"),
);

/// Most runs offered in the select boxes (the newest); older ones are reached by their number.
const MAX_OPTIONS: usize = 500;

/// The query of the page.
#[derive(Debug, Default)]
pub struct DiffQuery {
    a: Option<String>,
    b: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Serialize)]
struct DiffPage {
    options: Vec<RunOption>,
    a: i64,
    b: i64,
    url: String,
    url_query: String,
    diff: Option<Value>,
}

#[derive(Debug, Serialize)]
struct RunOption {
    id: i64,
    label: String,
}

/// Why the page cannot show a diff.
enum NotShown {
    /// A run that is not in the history (the number as asked).
    NoRun(String),
    /// The history failed.
    Failed(String),
}

pub(super) async fn diff_page(
    user: CurrentUser,
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut given = fields(raw.unwrap_or_default().as_bytes());
    let query = DiffQuery {
        a: given.remove("a"),
        b: given.remove("b"),
        url: given.remove("url"),
    };
    let history = match history(&state, &user) {
        Ok(h) => h,
        Err(page) => return *page,
    };
    let loaded = blocking(move || match load(&history, &query) {
        Ok(page) => Ok(Ok(page)),
        Err(NotShown::NoRun(run)) => Ok(Err(run)),
        Err(NotShown::Failed(e)) => Err(e),
    })
    .await;
    match loaded {
        Ok(Ok(page)) => DIFF.respond(Some(&user), "Сравнение запусков", &page),
        Ok(Err(run)) => missing(
            &user,
            "Запуск не найден",
            &format!("Запуска № {run} нет в истории проверок."),
        ),
        Err(page) => *page,
    }
}

/// A run number of the query, or the default when it is not given.
fn run_number(raw: Option<&str>, default: Option<i64>) -> Result<Option<i64>, NotShown> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(default),
        Some(text) => match RunRef::parse(text) {
            Some(RunRef::Id(id)) => Ok(Some(id)),
            _ => Err(NotShown::NoRun(text.to_string())),
        },
    }
}

fn load(history: &History, query: &DiffQuery) -> Result<DiffPage, NotShown> {
    let failed = |e: HistoryError| NotShown::Failed(e.to_string());
    let runs = history.runs().map_err(failed)?;
    let last = runs.last().map(|r| r.id);
    let prev = runs.len().checked_sub(2).map(|i| runs[i].id);
    let a = run_number(query.a.as_deref(), prev)?;
    let b = run_number(query.b.as_deref(), last)?;
    let url = query.url.clone().unwrap_or_default().trim().to_string();
    let diff = match (a, b) {
        (Some(a), Some(b)) => Some(compare(history, a, b, &url)?),
        _ => None,
    };
    let options = runs
        .iter()
        .rev()
        .take(MAX_OPTIONS)
        .map(|r| RunOption {
            id: r.id,
            label: format!(
                "№ {} — {}, {}, сайтов: {}",
                r.id,
                format_timestamp(&r.started_at),
                match r.kind {
                    RunKind::Check => "проверка",
                    RunKind::Sweep => "обход списка",
                },
                r.sites
            ),
        })
        .collect();
    Ok(DiffPage {
        options,
        a: a.unwrap_or_default(),
        b: b.unwrap_or_default(),
        url_query: query_value(&url),
        url,
        diff,
    })
}

/// The diff of runs `a` (old) and `b` (new), of the one site `url` when given, as the view of
/// the diff page with each site's history link added.
fn compare(history: &History, a: i64, b: i64, url: &str) -> Result<Value, NotShown> {
    let side = |run: i64| match load_run(history, RunRef::Id(run)) {
        Ok(side) => Ok(side),
        Err(DiffError::History(HistoryError::NoRun { .. })) => {
            Err(NotShown::NoRun(run.to_string()))
        }
        Err(e) => Err(NotShown::Failed(e.to_string())),
    };
    let (mut old, mut new) = (side(a)?, side(b)?);
    if !url.is_empty() {
        let key = site_key(url);
        old.summary.sites.retain(|s| site_key(&s.url) == key);
        new.summary.sites.retain(|s| site_key(&s.url) == key);
    }
    let mut view = render_html::view(&compare_sides(&old, &new));
    add_history_links(&mut view);
    Ok(view)
}

/// `history` (the query of `/site?url=…`) beside every site the diff names.
fn add_history_links(view: &mut Value) {
    let with_link = |site: &mut Value| {
        let query = site
            .get("url")
            .and_then(Value::as_str)
            .map(query_value)
            .unwrap_or_default();
        if let Some(fields) = site.as_object_mut() {
            fields.insert("history".into(), Value::String(query));
        }
    };
    if let Some(sites) = view.get_mut("sites").and_then(Value::as_array_mut) {
        for s in sites {
            if let Some(site) = s.get_mut("site") {
                with_link(site);
            }
        }
    }
    for list in ["added", "gone"] {
        if let Some(sites) = view.get_mut(list).and_then(Value::as_array_mut) {
            sites.iter_mut().for_each(with_link);
        }
    }
}
