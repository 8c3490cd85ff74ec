//! Workspace part `runs`: the result of any run in the history, in the browser. `/runs` lists
//! the runs newest first; `/runs/{run}` is a run's summary (totals, per-requirement totals, a
//! sites table with filters, sorting and paging); `/runs/{run}/site?url=…` is one site's report
//! with a bar; downloads are in [`download`]. The workspace's accepted findings are
//! applied wherever a site's verdicts show.

mod cache;
mod data;
mod download;
mod site;
mod table;

use crate::history::History;
use crate::report::html::wording::{format_duration, format_percent, format_timestamp};
use crate::serve::app::{AppState, State};
use crate::serve::views::{self, MessageView};
use crate::workspace::auth::CurrentUser;
use crate::workspace::layout::Page;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use data::{RequirementRow, RunRow, SiteRow};
use serde::Serialize;
use std::sync::Arc;
use table::{SiteQuery, STATUSES};

static LIST: Page = Page::new(
    "runs_list.html",
    include_str!("../templates/runs_list.html.tera"),
);
static RUN: Page = Page::new(
    "runs_run.html",
    include_str!("../templates/runs_run.html.tera"),
);

/// Runs per page of `/runs`.
const RUNS_PER_PAGE: u64 = 50;

/// The routes of this part.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/runs", get(list_page))
        .route("/runs/{run}", get(run_page))
        .route("/runs/{run}/site", get(site::site_page))
        .merge(download::routes())
}

/// A run as the pages show it.
#[derive(Debug, Serialize)]
pub(super) struct RunItem {
    id: i64,
    kind: &'static str,
    started: String,
    duration: String,
    sites: u64,
    share: String,
    ruleset: String,
    interrupted: bool,
    list_id: Option<i64>,
    list_name: Option<String>,
    started_by: Option<String>,
}

impl From<&RunRow> for RunItem {
    fn from(r: &RunRow) -> RunItem {
        RunItem {
            id: r.id,
            kind: if r.kind == "check" {
                "проверка сайта"
            } else {
                "обход списка"
            },
            started: format_timestamp(&r.started_at),
            duration: if r.duration_ms > 0 {
                format_duration(r.duration_ms)
            } else {
                "—".into()
            },
            sites: r.sites,
            share: if r.mandatory_total > 0 {
                format_percent(r.mandatory_passed as f64 * 100.0 / r.mandatory_total as f64)
            } else {
                "—".into()
            },
            ruleset: format!("{} {}", r.ruleset_id, r.ruleset_version),
            interrupted: r.interrupted,
            list_id: r.list_id,
            list_name: r.list_name.clone(),
            started_by: r.started_by.clone(),
        }
    }
}

#[derive(Serialize)]
struct ListView {
    runs: Vec<RunItem>,
    total: u64,
    page: u64,
    pages: u64,
}

/// `GET /runs?page=N`.
async fn list_page(user: CurrentUser, state: State, uri: Uri) -> Response {
    let page = query_value(&uri, "page")
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1);
    match data::runs_page(&state.db, RUNS_PER_PAGE, (page - 1) * RUNS_PER_PAGE) {
        Ok((runs, total)) => {
            let view = ListView {
                runs: runs.iter().map(RunItem::from).collect(),
                total,
                page,
                pages: total.div_ceil(RUNS_PER_PAGE).max(1),
            };
            LIST.respond(Some(&user), "Запуски", &view)
        }
        Err(e) => internal(&e.to_string()),
    }
}

/// A site row as the table shows it.
#[derive(Serialize)]
struct SiteItem {
    name: Option<String>,
    region: Option<String>,
    kind: Option<String>,
    url: String,
    status: String,
    status_label: String,
    mandatory: String,
    score: String,
    reachable: bool,
    first_failed: Option<String>,
    accepted: usize,
    error: Option<String>,
    report_href: String,
    timeline_href: String,
}

#[derive(Serialize)]
struct Column {
    label: &'static str,
    href: String,
    arrow: &'static str,
}

#[derive(Serialize)]
struct RunView {
    run: RunItem,
    counts: Vec<(String, usize)>,
    requirements: Vec<RequirementRow>,
    query: SiteQuery,
    sites: Vec<SiteItem>,
    matched: usize,
    total: usize,
    page: u64,
    pages: u64,
    prev: Option<String>,
    next: Option<String>,
    columns: Vec<Column>,
    regions: Vec<String>,
    kinds: Vec<String>,
    statuses: Vec<(&'static str, &'static str)>,
    downloads: Vec<(String, &'static str)>,
}

/// `GET /runs/{run}` with the filters of [`SiteQuery`].
async fn run_page(user: CurrentUser, state: State, Path(run): Path<String>, uri: Uri) -> Response {
    let Some((run, history)) = find_run(&state, &run) else {
        return no_run();
    };
    let query = SiteQuery::parse(uri.query());
    let (app, run_row) = (state.0.clone(), run.clone());
    let loaded = tokio::task::spawn_blocking(move || {
        let accepted = crate::workspace::accepted::load(&app.db).map_err(|e| e.to_string())?;
        let base = cache::base(&app.db, &run_row)?;
        let mut sites = base.sites.clone();
        let today = crate::audit::today();
        let stored = &base.stored_accepted;
        data::apply_accepted(&mut sites, stored, &history, run_row.id, &accepted, today)?;
        Ok::<_, String>((sites, base.requirements.clone()))
    })
    .await;
    let (sites, requirements) = match loaded {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return internal(&e),
        Err(e) => return internal(&e.to_string()),
    };
    let view = run_view(&run, sites, requirements, query);
    RUN.respond(Some(&user), &format!("Запуск № {}", run.id), &view)
}

fn run_view(
    run: &RunRow,
    sites: Vec<SiteRow>,
    requirements: Vec<RequirementRow>,
    query: SiteQuery,
) -> RunView {
    let mut counts = vec![("всего сайтов".to_string(), sites.len())];
    for (word, label) in STATUSES {
        let n = sites.iter().filter(|s| table::status_of(s) == word).count();
        counts.push((label.to_string(), n));
    }
    let accepted = sites.iter().filter(|s| s.accepted > 0).count();
    counts.push(("с принятыми замечаниями".to_string(), accepted));
    let sel = table::select(sites, &query);
    let page_href = |p: u64| format!("/runs/{}{}", run.id, query.href(&query.sort, query.desc, p));
    let columns = [
        ("name", "Наименование"),
        ("region", "Регион"),
        ("kind", "Тип"),
        ("url", "Сайт"),
        ("status", "Итог"),
        ("mandatory", "Обязательных выполнено"),
        ("score", "Открытость"),
        ("reachable", "Доступен"),
    ]
    .into_iter()
    .map(|(key, label)| {
        let current = query.sort == key;
        Column {
            label,
            href: format!(
                "/runs/{}{}",
                run.id,
                query.href(key, current && !query.desc, 1)
            ),
            arrow: match (current, query.desc) {
                (false, _) => "",
                (true, false) => " ▲",
                (true, true) => " ▼",
            },
        }
    })
    .collect();
    RunView {
        run: RunItem::from(run),
        counts,
        requirements,
        sites: sel.rows.iter().map(|s| site_item(run.id, s)).collect(),
        matched: sel.matched,
        total: sel.total,
        page: sel.page,
        pages: sel.pages,
        prev: (sel.page > 1).then(|| page_href(sel.page - 1)),
        next: (sel.page < sel.pages).then(|| page_href(sel.page + 1)),
        columns,
        regions: sel.regions,
        kinds: sel.kinds,
        statuses: STATUSES
            .into_iter()
            .filter(|(k, _)| sel.statuses.contains(k))
            .collect(),
        downloads: download::RUN_FORMATS
            .iter()
            .map(|(name, label)| (format!("/runs/{}/download/{name}", run.id), *label))
            .collect(),
        query,
    }
}

fn site_item(run: i64, s: &SiteRow) -> SiteItem {
    let status = table::status_of(s).to_string();
    SiteItem {
        name: s.name.clone(),
        region: s.region.clone(),
        kind: s.kind.clone(),
        url: s.url.clone(),
        status_label: table::status_label(&status).to_string(),
        status,
        mandatory: format!("{}/{}", s.mandatory_passed, s.mandatory_total),
        score: if s.reachable {
            format_percent(s.score)
        } else {
            "—".into()
        },
        reachable: s.reachable,
        first_failed: s.first_failed.clone(),
        accepted: s.accepted,
        error: s.error.clone(),
        report_href: format!("/runs/{run}/site?url={}", encode(&s.url)),
        timeline_href: format!("/site?url={}", encode(&s.url)),
    }
}

/// The run `raw` names and the history, when both exist.
fn find_run(state: &AppState, raw: &str) -> Option<(RunRow, Arc<History>)> {
    let id: i64 = raw.parse().ok().filter(|id| *id > 0)?;
    let history = state.engine.history.clone()?;
    match data::run(&state.db, id) {
        Ok(run) => run.map(|r| (r, history)),
        Err(e) => {
            tracing::error!(run = id, error = %e, "run lookup failed");
            None
        }
    }
}

/// The value of `key` in the query string.
fn query_value(uri: &Uri, key: &str) -> Option<String> {
    url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// `text` percent-encoded for a query value.
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A Russian message page with `status`.
fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let view = MessageView {
        title: title.into(),
        text: text.into(),
    };
    (status, Html(views::message(&view))).into_response()
}

/// 404: no such run.
fn no_run() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Запуск не найден",
        "Запуска с таким номером нет в истории проверок.",
    )
}

/// 404: no such site in the run.
fn no_site() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Сайт не найден",
        "В этом запуске нет сайта с таким адресом.",
    )
}

/// 500 with the cause logged.
fn internal(error: &str) -> Response {
    tracing::error!(error, "run page failed");
    message(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Ошибка сервера",
        "Страницу не удалось собрать; ошибка записана в журнал сервера.",
    )
}
