//! `index.html`: the sweep on one self-contained Russian page — a one-sentence result, totals per
//! requirement (what most institutions have not published), and a sortable, filterable table
//! of sites linking to each site's `report.html`.
//!
//! A national sweep has 10 000 sites: a table of 10 000 rows × 40 cells is too heavy for a
//! browser, so the sites are a compact JSON array inside the page (`<script
//! type="application/json">`, inert: it is never run) and the page's script shows 100 rows at a
//! time, filtering and sorting the array. The state (search, filters, page) is read from the
//! URL fragment (`#q=…&region=…&verdict=…&page=3`), so a filtered view can be shared as a link.
//!
//! Same safety rules as `report.html`: autoescape on (never `| safe`), only `http:`/`https:`
//! URLs and checked relative report paths become an `href`. Names and regions come from a
//! spreadsheet and are as untrusted as site text: in the JSON every `<`, `>` and `&` is a
//! `\u` escape, so no site string can close the data block, and the script puts them into the
//! page only as text (`textContent`), never as markup.

use super::{
    format_timestamp, plural, report_href, ruleset_label, safe_href, scores, status_at,
    verdict_label, ReportError, SweepSite, SweepSummary,
};
use crate::model::{Severity, Status};
use crate::report::html::{format_feedback, format_percent};
use crate::report::templating::Template;
use crate::sweep::RequirementTotal;
use serde::Serialize;
use std::collections::BTreeSet;

/// Name the template is registered under; the `.html` suffix turns tera's autoescape on.
const TEMPLATE_NAME: &str = "index.html";

/// The template source, embedded so the binary works from any folder.
const TEMPLATE_SOURCE: &str = include_str!("../../../reports/templates/index.html.tera");

/// Where the site data goes in the rendered template. It starts with `<`, which autoescape turns
/// into `&lt;` in every string from a site or a list, so only the template's own can match.
const DATA_SLOT: &str = "<!--socaudit:site-data-->";

/// Sites shown per page of the table (also the page's script constant).
pub(super) const PAGE_ROWS: usize = 100;

/// Renders the page.
pub(super) fn render(summary: &SweepSummary) -> Result<String, ReportError> {
    static TEMPLATE: Template = Template::new(TEMPLATE_NAME, TEMPLATE_SOURCE);
    let page = TEMPLATE.render(IndexView::new(summary))?;
    Ok(page.replacen(DATA_SLOT, &site_data(summary), 1))
}

/// The table data as JSON safe inside `<script type="application/json">`.
fn site_data(summary: &SweepSummary) -> String {
    let legend: Vec<[&str; 3]> = [
        Some(Status::Fail),
        Some(Status::Partial),
        Some(Status::Unknown),
        Some(Status::Pass),
        None,
    ]
    .into_iter()
    .map(|status| {
        let (class, symbol, _) = status_look(status);
        [class, symbol, status.map_or("нет данных", Status::label_ru)]
    })
    .collect();
    let data = serde_json::json!({
        "page_rows": PAGE_ROWS,
        "columns": summary.requirements.iter().map(|r| &r.title).collect::<Vec<_>>(),
        "statuses": legend,
        "sites": summary.sites.iter().map(|s| site_row(summary, s)).collect::<Vec<_>>(),
    });
    script_safe_json(&data.to_string())
}

/// `<`, `>` and `&` (which could end the script element or start a comment) and the two line
/// separators JavaScript once treated as newlines, as `\u` escapes; they occur only inside
/// JSON strings, where the escape means the same character.
fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Shown instead of a score for a site that could not be checked.
const DASH: &str = "—";

/// Everything the template shows, pre-worded here.
#[derive(Serialize)]
struct IndexView {
    headline: String,
    when: String,
    rules: String,
    tool: String,
    interrupted: bool,
    source: String,
    totals: Vec<TotalView>,
    columns: Vec<ColumnView>,
    regions: Vec<String>,
    problems: Vec<ProblemView>,
    rollup: Option<super::index_rollup::RollupView>,
}

#[derive(Serialize)]
struct TotalView {
    id: String,
    title: String,
    severity: &'static str,
    pass: usize,
    partial: usize,
    fail: usize,
    unknown: usize,
    /// Bar segment widths in percent of all sites, formatted for a `style` attribute.
    bar: Vec<BarSegment>,
}

#[derive(Serialize)]
struct BarSegment {
    class: &'static str,
    width: String,
}

#[derive(Serialize)]
struct ColumnView {
    id: String,
    title: String,
}

#[derive(Serialize)]
struct ProblemView {
    row: usize,
    value: String,
    problem: String,
}

impl IndexView {
    fn new(summary: &SweepSummary) -> Self {
        let regions: BTreeSet<String> = summary
            .sites
            .iter()
            .filter_map(|s| s.region.as_deref().map(str::trim))
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect();
        IndexView {
            headline: headline(summary),
            when: format_timestamp(&summary.generated_at),
            rules: ruleset_label(summary),
            tool: format!("socaudit {}", summary.tool_version),
            interrupted: summary.interrupted,
            source: summary.input.source.clone(),
            totals: totals(summary),
            columns: summary
                .requirements
                .iter()
                .map(|r| ColumnView {
                    id: r.id.0.clone(),
                    title: r.title.clone(),
                })
                .collect(),
            regions: regions.into_iter().collect(),
            problems: summary
                .input
                .problems
                .iter()
                .map(|p| ProblemView {
                    row: p.row,
                    value: p.value.clone(),
                    problem: p.problem.clone(),
                })
                .collect(),
            rollup: super::index_rollup::RollupView::new(summary),
        }
    }
}

/// «Проверено 12 сайтов: 3 соответствуют требованиям, 7 не соответствуют, 2 недоступны.»
fn headline(summary: &SweepSummary) -> String {
    let sites = &summary.sites;
    let count = |f: &dyn Fn(&SweepSite) -> bool| sites.iter().filter(|s| f(s)).count();
    let unreachable = count(&|s| !s.reachable);
    let compliant = count(&|s| s.reachable && s.verdict == "compliant");
    let failing = count(&|s| s.reachable && s.verdict == "non_compliant");
    let undecided = sites.len() - unreachable - compliant - failing;
    let n = sites.len();
    let mut parts = vec![format!(
        "{compliant} {} требованиям",
        plural(compliant, "соответствует", "соответствуют", "соответствуют")
    )];
    if failing > 0 {
        let verb = plural(
            failing,
            "не соответствует",
            "не соответствуют",
            "не соответствуют",
        );
        parts.push(format!("{failing} {verb}"));
    }
    if undecided > 0 {
        let noun = plural(undecided, "сайта", "сайтов", "сайтов");
        parts.push(format!("у {undecided} {noun} итог не определён"));
    }
    if unreachable > 0 {
        let verb = plural(unreachable, "недоступен", "недоступны", "недоступны");
        parts.push(format!("{unreachable} {verb}"));
    }
    let verb = plural(n, "Проверен", "Проверено", "Проверено");
    let noun = plural(n, "сайт", "сайта", "сайтов");
    format!("{verb} {n} {noun}: {}.", parts.join(", "))
}

fn severity_ru(severity: Severity) -> &'static str {
    match severity {
        Severity::Mandatory => "обязательное",
        Severity::Recommended => "рекомендуемое",
    }
}

/// Totals, the most often missing first (fails, then partial), ties in rule order.
fn totals(summary: &SweepSummary) -> Vec<TotalView> {
    let mut totals: Vec<&RequirementTotal> = summary.totals.iter().collect();
    totals.sort_by_key(|t| (std::cmp::Reverse(t.fail), std::cmp::Reverse(t.partial)));
    totals
        .into_iter()
        .map(|t| {
            let all = (t.pass + t.partial + t.fail + t.unknown).max(1) as f64;
            let width = |n: usize| format!("{:.1}", n as f64 * 100.0 / all);
            let bar = [
                ("fail", t.fail),
                ("partial", t.partial),
                ("unknown", t.unknown),
                ("pass", t.pass),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(class, n)| BarSegment {
                class,
                width: width(n),
            })
            .collect();
            TotalView {
                id: t.id.0.clone(),
                title: t.title.clone(),
                severity: severity_ru(t.severity),
                pass: t.pass,
                partial: t.partial,
                fail: t.fail,
                unknown: t.unknown,
                bar,
            }
        })
        .collect()
}

fn verdict_key(site: &SweepSite) -> &'static str {
    match (site.reachable, site.verdict.as_str()) {
        (false, _) => "unreachable",
        (true, "compliant") => "compliant",
        (true, "non_compliant") => "non_compliant",
        _ => "unknown",
    }
}

/// One site as the compact array the page's script reads: row, name, details, region, URL,
/// URL label, link (or null), verdict key, verdict label, verdict class, error (or null), score,
/// score sort key, feedback, feedback sort key, mandatory, mandatory sort key, one status rank
/// digit per requirement (0 fail, 1 partial, 2 unknown, 3 pass, 4 none), report link (or null),
/// search text.
fn site_row(summary: &SweepSummary, site: &SweepSite) -> serde_json::Value {
    let name = site.name.clone().unwrap_or_default();
    let region = site
        .region
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_string();
    fn present(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let details = match (present(&site.kind), present(&site.inn)) {
        (Some(kind), Some(inn)) => format!("{kind}, ИНН {inn}"),
        (Some(kind), None) => kind.to_string(),
        (None, Some(inn)) => format!("ИНН {inn}"),
        (None, None) => String::new(),
    };
    let key = verdict_key(site);
    let scores = scores(site);
    let ranks: String = (0..summary.requirements.len())
        .map(|i| status_look(status_at(site, i)).2)
        .collect();
    let search = [
        &name,
        &site.url,
        &region,
        site.inn.as_deref().unwrap_or_default(),
    ]
    .map(|s| s.to_lowercase())
    .join(" ");
    serde_json::json!([
        site.row,
        name,
        details,
        region,
        site.url,
        url_label(&site.url),
        safe_href(&site.url),
        key,
        verdict_label(site),
        match key {
            "compliant" => "pass",
            "non_compliant" => "fail",
            _ => "unknown",
        },
        site.error,
        scores
            .as_ref()
            .map_or(DASH.into(), |s| format_percent(s.percent)),
        match &scores {
            Some(s) if s.percent.is_finite() => (s.percent * 10.0).round() / 10.0,
            _ => -1.0,
        },
        scores
            .as_ref()
            .map_or(DASH.into(), |s| format_feedback(s.feedback)),
        scores.as_ref().map_or(-1, |s| i64::from(s.feedback)),
        scores.as_ref().map_or(DASH.into(), |s| {
            format!("{} из {}", s.mandatory_passed, site.mandatory_total)
        }),
        scores.as_ref().map_or(-1, |s| s.mandatory_passed as i64),
        ranks,
        report_href(&site.dir),
        search,
        accepted_cells(summary, site),
    ])
}

/// Per requirement column, «принято до … (кто): причина» for an accepted item, else null.
fn accepted_cells(summary: &SweepSummary, site: &SweepSite) -> serde_json::Value {
    if site.accepted.is_empty() {
        return serde_json::Value::Null;
    }
    summary
        .requirements
        .iter()
        .map(|r| {
            site.accepted
                .get(&r.id.0)
                .map_or(serde_json::Value::Null, |a| a.label_ru().into())
        })
        .collect()
}

/// A compact cell: class, symbol coloured by status, and the sort rank digit.
fn status_look(status: Option<Status>) -> (&'static str, &'static str, char) {
    match status {
        Some(Status::Fail) => ("fail", "✗", '0'),
        Some(Status::Partial) => ("partial", "±", '1'),
        Some(Status::Unknown) => ("unknown", "?", '2'),
        Some(Status::Pass) => ("pass", "✓", '3'),
        None => ("none", "—", '4'),
    }
}

/// `https://www.xn--n1afcq.xn--p1ai/about/` → `www.тцсо.рф/about`: short enough for a table cell.
fn url_label(raw: &str) -> String {
    let Ok(url) = url::Url::parse(raw) else {
        return raw.to_string();
    };
    let host = url.host_str().unwrap_or("");
    let (unicode, result) = idna::domain_to_unicode(host);
    let mut label = if result.is_ok() {
        unicode
    } else {
        host.to_string()
    };
    if let Some(port) = url.port() {
        label.push_str(&format!(":{port}"));
    }
    label.push_str(url.path().trim_end_matches('/'));
    label
}
