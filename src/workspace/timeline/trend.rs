//! `GET /lists/{id}/trend`: a list's finished sweeps side by side — per region, the share of
//! mandatory items met in each sweep's run (summed over the region's sites), as a table and as
//! one SVG chart with a line per region.

use crate::db::Db;
use crate::history::{History, HistoryError};
use crate::report::html::wording::format_timestamp;
use crate::serve::app::AppState;
use crate::sweep::SweepSite;
use crate::vals;
use crate::workspace::auth::CurrentUser;
use crate::workspace::layout::Page;
use crate::workspace::timeline::svg::{percent_text, render, Chart, Series};
use crate::workspace::timeline::{blocking, history, missing};
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

static TREND: Page = Page::new(
    "timeline_trend.html",
    include_str!("../templates/timeline_trend.html.tera"),
);

/// What a site without a region is counted under.
pub const NO_REGION: &str = "Регион не указан";

#[derive(Debug, Serialize)]
struct TrendView {
    list_id: i64,
    list_name: String,
    runs: Vec<RunColumn>,
    regions: Vec<RegionRow>,
    chart: Option<String>,
}

#[derive(Debug, Serialize)]
struct RunColumn {
    run: i64,
    sweep: i64,
    date: String,
    previous: Option<i64>,
}

#[derive(Debug, Serialize)]
struct RegionRow {
    region: String,
    cells: Vec<String>,
}

/// Mandatory items met and decided, summed over a region's sites that could be read; the
/// sites that could not are counted apart (they say nothing about their items).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Met.
    pub passed: usize,
    /// Decided.
    pub total: usize,
    /// Sites that could not be reached.
    pub unreachable: usize,
}

impl Tally {
    /// Percent met, when anything was decided.
    pub fn percent(self) -> Option<f64> {
        (self.total > 0).then(|| 100.0 * self.passed as f64 / self.total as f64)
    }
}

/// Per region (sites without one under [`NO_REGION`]), the mandatory items met and decided.
pub fn by_region(sites: &[SweepSite]) -> BTreeMap<String, Tally> {
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for site in sites {
        let region = site
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .unwrap_or(NO_REGION);
        let tally = out.entry(region.to_string()).or_default();
        if site.reachable {
            tally.passed += site.mandatory_passed;
            tally.total += site.mandatory_total;
        } else {
            tally.unreachable += 1;
        }
    }
    out
}

/// «72 % (18 из 25)», with «, недоступно сайтов: N» when some could not be read.
fn cell(tally: &Tally) -> String {
    let mut text = match tally.percent() {
        Some(p) => format!("{} ({} из {})", percent_text(p), tally.passed, tally.total),
        None => "—".to_string(),
    };
    if tally.unreachable > 0 {
        text.push_str(&format!(", недоступно сайтов: {}", tally.unreachable));
    }
    text
}

pub(super) async fn trend_page(
    user: CurrentUser,
    State(state): State<Arc<AppState>>,
    Path(list_id): Path<i64>,
) -> Response {
    let history = match history(&state, &user) {
        Ok(h) => h,
        Err(page) => return *page,
    };
    let st = state.clone();
    let view = match blocking(move || load(&st.db, &history, list_id)).await {
        Ok(Some(view)) => view,
        Ok(None) => {
            return missing(
                &user,
                "Список не найден",
                &format!("Списка № {list_id} нет."),
            )
        }
        Err(page) => return *page,
    };
    let title = format!("Динамика по регионам: {}", view.list_name);
    TREND.respond(Some(&user), &title, &view)
}

fn load(db: &Db, history: &History, list_id: i64) -> Result<Option<TrendView>, String> {
    let Some(list) = db
        .query_opt("SELECT name FROM ws_lists WHERE id = $1", vals![list_id])
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let sweeps = db
        .query(
            "SELECT id, run_id FROM ws_sweeps
             WHERE list_id = $1 AND status = 'done' AND run_id IS NOT NULL
             ORDER BY COALESCE(finished_ms, created_ms), id",
            vals![list_id],
        )
        .map_err(|e| e.to_string())?;
    let mut runs = Vec::new();
    let mut tallies: Vec<BTreeMap<String, Tally>> = Vec::new();
    for row in sweeps {
        let (sweep, run) = (
            row.int(0).map_err(|e| e.to_string())?,
            row.int(1).map_err(|e| e.to_string())?,
        );
        let summary = match history.run_summary(run) {
            Ok(s) => s,
            // A run removed from the history (compacted away) leaves no column.
            Err(HistoryError::NoRun { .. }) => continue,
            Err(e) => return Err(e.to_string()),
        };
        runs.push(RunColumn {
            run,
            sweep,
            date: format_timestamp(&summary.generated_at),
            previous: runs.last().map(|r: &RunColumn| r.run),
        });
        tallies.push(by_region(&summary.sites));
    }
    let mut regions: Vec<&String> = tallies.iter().flat_map(BTreeMap::keys).collect();
    regions.sort();
    regions.dedup();
    let value = |t: &BTreeMap<String, Tally>, region: &str| t.get(region).and_then(|t| t.percent());
    let rows = regions
        .iter()
        .map(|region| RegionRow {
            region: (*region).clone(),
            cells: tallies
                .iter()
                .map(|t| t.get(region.as_str()).map_or_else(|| "—".to_string(), cell))
                .collect(),
        })
        .collect();
    let chart = (!runs.is_empty()).then(|| {
        render(&Chart {
            id: "trend-chart".into(),
            title: "Доля выполненных обязательных требований по регионам".into(),
            desc: format!(
                "Обходов: {}, регионов: {}; значения — в таблице под графиком.",
                runs.len(),
                regions.len()
            ),
            x_labels: runs
                .iter()
                .map(|r| r.date.get(..10).unwrap_or_default().to_string())
                .collect(),
            series: regions
                .iter()
                .map(|region| Series {
                    name: (*region).clone(),
                    values: tallies.iter().map(|t| value(t, region)).collect(),
                })
                .collect(),
        })
    });
    Ok(Some(TrendView {
        list_id,
        list_name: list.text(0).map_err(|e| e.to_string())?,
        runs,
        regions: rows,
        chart,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(region: Option<&str>, passed: usize, total: usize) -> SweepSite {
        reached(region, passed, total, true)
    }

    fn reached(region: Option<&str>, passed: usize, total: usize, up: bool) -> SweepSite {
        SweepSite {
            row: 1,
            name: None,
            region: region.map(String::from),
            inn: None,
            kind: None,
            url: "https://x.example/".into(),
            dir: "x".into(),
            reachable: up,
            error: None,
            score_percent: 0.0,
            feedback_score: 0,
            mandatory_passed: passed,
            mandatory_total: total,
            verdict: "non_compliant".into(),
            statuses: Vec::new(),
            accepted: Default::default(),
            pages_fetched: 1,
            errors: 0,
            duration_ms: 0,
        }
    }

    #[test]
    fn regions_sum_their_sites_and_blank_regions_are_grouped() {
        let tallies = by_region(&[
            site(Some("Самарская область"), 10, 20),
            site(Some(" Самарская область "), 20, 20),
            site(None, 1, 4),
            site(Some(""), 1, 4),
            reached(Some("Самарская область"), 0, 20, false),
        ]);
        let samara = tallies["Самарская область"];
        assert_eq!(
            samara,
            Tally {
                passed: 30,
                total: 40,
                unreachable: 1
            }
        );
        assert_eq!(cell(&samara), "75 % (30 из 40), недоступно сайтов: 1");
        assert_eq!(tallies[NO_REGION].percent(), Some(25.0));
        assert_eq!(cell(&Tally::default()), "—");
        assert_eq!(tallies.len(), 2);
    }
}
