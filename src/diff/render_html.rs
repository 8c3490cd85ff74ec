//! The diff as a self-contained Russian HTML page (tera, `reports/templates/diff.html.tera`).
//! Same safety rules as the other pages: autoescape on (never `| safe`), and only `http:`/`https:`
//! URLs become an `href`.

use super::compare::{Change, RequirementRef, SiteChange, SiteRef, SweepDiff, REACHABLE_ID};
use super::wording::{change_word, headline, rules_lines, site_counts, status_word};
use super::workflow::acceptance_sentence;
use crate::report::templating::{safe_href, Template};
use crate::report::ReportError;
use serde::Serialize;

/// Name the template is registered under; the `.html` suffix turns tera's autoescape on.
const TEMPLATE_NAME: &str = "diff.html";

/// The template source, embedded so the binary works from any folder.
const TEMPLATE_SOURCE: &str = include_str!("../../reports/templates/diff.html.tera");

/// Renders the page.
pub fn render(diff: &SweepDiff) -> Result<String, ReportError> {
    static TEMPLATE: Template = Template::new(TEMPLATE_NAME, TEMPLATE_SOURCE);
    TEMPLATE.render(DiffView::new(diff))
}

/// What the page shows, worded, as data for pages that embed a diff (the workspace's `/diff`).
pub fn view(diff: &SweepDiff) -> serde_json::Value {
    // Strings, numbers and lists only: turning them into a JSON value cannot fail.
    serde_json::to_value(DiffView::new(diff)).unwrap_or_default()
}

/// Everything the template shows, worded here.
#[derive(Serialize)]
struct DiffView {
    headline: String,
    counts: String,
    old_label: String,
    new_label: String,
    regressions: usize,
    sites: Vec<SiteView>,
    added: Vec<SiteLine>,
    gone: Vec<SiteLine>,
    requirements_added: Vec<String>,
    requirements_removed: Vec<String>,
    rules: Vec<String>,
}

#[derive(Serialize)]
struct SiteLine {
    name: Option<String>,
    url: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct SiteView {
    site: SiteLine,
    groups: Vec<GroupView>,
    acceptances: Vec<AcceptanceGroup>,
}

#[derive(Serialize)]
struct AcceptanceGroup {
    heading: &'static str,
    lines: Vec<String>,
}

#[derive(Serialize)]
struct GroupView {
    heading: &'static str,
    class: &'static str,
    items: Vec<ChangeView>,
}

#[derive(Serialize)]
struct ChangeView {
    word: &'static str,
    title: Option<String>,
    id: Option<String>,
    from: &'static str,
    old_url: Option<String>,
    old_href: Option<String>,
    to: &'static str,
    new_url: Option<String>,
    new_href: Option<String>,
    note: Option<String>,
}

impl DiffView {
    fn new(diff: &SweepDiff) -> Self {
        let sites = diff
            .changed
            .iter()
            .map(|c| SiteView {
                site: site_line(&c.site),
                groups: [
                    ("Ухудшения", "regression", &c.regressions),
                    ("Исправления", "fix", &c.fixes),
                    ("Другие изменения", "other", &c.other),
                    (
                        "Изменилось из-за правил, а не на сайте",
                        "rules",
                        &c.by_rules,
                    ),
                ]
                .into_iter()
                .filter(|(_, _, list)| !list.is_empty())
                .map(|(heading, class, list)| GroupView {
                    heading,
                    class,
                    items: list.iter().map(change_view).collect(),
                })
                .collect(),
                acceptances: acceptance_groups(c),
            })
            .collect();
        DiffView {
            headline: headline(diff),
            counts: site_counts(diff),
            old_label: diff.old_label.clone(),
            new_label: diff.new_label.clone(),
            regressions: diff.totals.regressions,
            sites,
            added: diff.sites_added.iter().map(site_line).collect(),
            gone: diff.sites_gone.iter().map(site_line).collect(),
            requirements_added: diff
                .requirements_added
                .iter()
                .map(requirement_line)
                .collect(),
            requirements_removed: diff
                .requirements_removed
                .iter()
                .map(requirement_line)
                .collect(),
            rules: rules_lines(diff),
        }
    }
}

fn acceptance_groups(c: &SiteChange) -> Vec<AcceptanceGroup> {
    [
        ("Принято", &c.accepted_started, true),
        ("Принятие закончилось", &c.accepted_ended, false),
    ]
    .into_iter()
    .filter(|(_, list, _)| !list.is_empty())
    .map(|(heading, list, started)| AcceptanceGroup {
        heading,
        lines: list
            .iter()
            .map(|a| acceptance_sentence(a, started))
            .collect(),
    })
    .collect()
}

fn site_line(site: &SiteRef) -> SiteLine {
    SiteLine {
        name: site.name.clone().filter(|n| !n.trim().is_empty()),
        url: site.url.clone(),
        href: safe_href(&site.url),
    }
}

fn change_view(change: &Change) -> ChangeView {
    ChangeView {
        word: change_word(change),
        // For the site's reachability the word says it all (see `wording::change_sentence`).
        title: (change.id.0 != REACHABLE_ID).then(|| change.title.clone()),
        id: (change.id.0 != REACHABLE_ID).then(|| change.id.0.clone()),
        from: status_word(change, change.from),
        old_href: change.evidence_url.as_deref().and_then(safe_href),
        old_url: change.evidence_url.clone(),
        to: status_word(change, change.to),
        new_href: change.found_url.as_deref().and_then(safe_href),
        new_url: change.found_url.clone(),
        note: change.note.clone(),
    }
}

fn requirement_line(r: &RequirementRef) -> String {
    format!("{} ({})", r.title, r.id)
}
