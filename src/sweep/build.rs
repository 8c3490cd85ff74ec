//! Building the summary: a row per site from its report, totals per requirement.

use super::engine::SweepItem;
use super::{InputInfo, RequirementInfo, RequirementTotal, SweepSite, SweepSummary, SWEEP_SCHEMA};
use crate::model::Status;
use crate::report::{Acceptance, RulesetInfo, SiteReport};
use crate::rules::RuleSet;
use std::collections::BTreeMap;
use std::time::Duration;

/// The summary row of a checked site.
pub fn site_row(item: &SweepItem, dir: &str, report: &SiteReport, took: Duration) -> SweepSite {
    SweepSite {
        row: item.row,
        name: item.name.clone(),
        region: item.region.clone(),
        inn: item.inn.clone(),
        kind: item.kind.clone(),
        url: item.url.to_string(),
        dir: dir.to_string(),
        reachable: report.site.reachable,
        error: report.site.error.clone(),
        score_percent: report.summary.score_percent,
        feedback_score: report.summary.feedback_score,
        mandatory_passed: report.summary.mandatory_passed,
        mandatory_total: report.summary.mandatory_total,
        verdict: report.summary.verdict.clone(),
        statuses: report.requirements.iter().map(|v| v.status).collect(),
        accepted: accepted_of(report),
        pages_fetched: report.crawl.pages_fetched,
        errors: report.crawl.errors.len(),
        duration_ms: took.as_millis() as u64,
    }
}

/// The accepted items of a report, by requirement id.
fn accepted_of(report: &SiteReport) -> BTreeMap<String, Acceptance> {
    report
        .requirements
        .iter()
        .filter_map(|v| Some((v.id.0.clone(), v.accepted.clone()?)))
        .collect()
}

/// Updates what a site's row takes from its report's acceptances (re-rendered with another
/// `accepted.toml`, or after an acceptance expired).
pub fn refresh_accepted(site: &mut SweepSite, report: &SiteReport) {
    site.verdict = report.summary.verdict.clone();
    site.mandatory_passed = report.summary.mandatory_passed;
    site.accepted = accepted_of(report);
}

/// The row of a site that could not be checked at all (the check itself failed).
pub fn unchecked_row(item: &SweepItem, dir: &str, rules: &RuleSet, error: &str) -> SweepSite {
    let mandatory_total = rules
        .rules
        .iter()
        .filter(|r| r.severity == crate::model::Severity::Mandatory)
        .count();
    SweepSite {
        row: item.row,
        name: item.name.clone(),
        region: item.region.clone(),
        inn: item.inn.clone(),
        kind: item.kind.clone(),
        url: item.url.to_string(),
        dir: dir.to_string(),
        reachable: false,
        error: Some(error.to_string()),
        score_percent: 0.0,
        feedback_score: 0,
        mandatory_passed: 0,
        mandatory_total,
        verdict: "unknown".into(),
        statuses: vec![Status::Unknown; rules.rules.len()],
        accepted: Default::default(),
        pages_fetched: 0,
        errors: 0,
        duration_ms: 0,
    }
}

/// The whole summary from the rows.
pub fn summarize_sweep(
    rules: &RuleSet,
    input: InputInfo,
    sites: Vec<SweepSite>,
    took: Duration,
    interrupted: bool,
) -> SweepSummary {
    let requirements: Vec<RequirementInfo> = rules
        .rules
        .iter()
        .map(|r| RequirementInfo {
            id: r.id.clone(),
            title: r.title.clone(),
            severity: r.severity,
        })
        .collect();
    let totals = totals(&requirements, &sites);
    SweepSummary {
        schema: SWEEP_SCHEMA.to_string(),
        generated_at: crate::audit::now_rfc3339(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        ruleset: RulesetInfo::of(rules),
        requirements,
        input,
        sites,
        totals,
        duration_ms: took.as_millis() as u64,
        interrupted,
    }
}

/// Per requirement: how many of `sites` pass, are partial, fail or are unknown (`statuses` are
/// aligned with `requirements`).
pub fn totals(requirements: &[RequirementInfo], sites: &[SweepSite]) -> Vec<RequirementTotal> {
    requirements
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let count = |s: Status| {
                sites
                    .iter()
                    .filter(|site| site.statuses.get(i) == Some(&s))
                    .count()
            };
            RequirementTotal {
                id: r.id.clone(),
                title: r.title.clone(),
                severity: r.severity,
                pass: count(Status::Pass),
                partial: count(Status::Partial),
                fail: count(Status::Fail),
                unknown: count(Status::Unknown),
            }
        })
        .collect()
}
