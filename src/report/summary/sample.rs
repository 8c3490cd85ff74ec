//! A hand-built [`SweepSummary`] for the summary tests: four sites (failing, compliant,
//! unreachable, hostile) with names that try script injection, attribute breakout, breaking out
//! of a `<script>` block and spreadsheet formula injection.

use crate::model::{Severity, Status};
use crate::report::html::sample::site_report;
use crate::report::{RulesetInfo, SiteReport};
use crate::sweep::*;

/// Script injection in an institution name.
pub(super) const NAME_SCRIPT: &str = "КЦСОН <script>alert(1)</script>";
/// Attribute breakout in an institution name.
pub(super) const NAME_IMG: &str = "\"><img src=x onerror=alert(1)>";
/// Spreadsheet formula injection (the classic DDE payload).
pub(super) const NAME_FORMULA: &str = "=cmd|' /C calc'!A0";
/// Closing a `<script>` block from inside data.
pub(super) const NAME_CLOSE_SCRIPT: &str = "Центр </script><script>alert(3)</script>";
/// Why the unreachable site could not be checked (also hostile).
pub(super) const UNREACHABLE_ERROR: &str = "сайт не отвечает </script><b>&</b>\u{1}";

fn site(row: usize, name: &str, url: &str, dir: &str, statuses: Vec<Status>) -> SweepSite {
    SweepSite {
        row,
        name: Some(name.to_string()),
        region: Some("Москва".to_string()),
        inn: None,
        kind: None,
        url: url.to_string(),
        dir: dir.to_string(),
        reachable: true,
        error: None,
        score_percent: 0.0,
        feedback_score: 0,
        mandatory_passed: 0,
        mandatory_total: 7,
        verdict: "unknown".to_string(),
        statuses,
        accepted: Default::default(),
        pages_fetched: 10,
        errors: 0,
        duration_ms: 1_500,
    }
}

/// The report the loader returns for the first site.
pub(super) fn failing_report() -> SiteReport {
    site_report()
}

/// Like [`failing_report`] with every requirement passing.
pub(super) fn compliant_report() -> SiteReport {
    let mut report = site_report();
    for v in &mut report.requirements {
        v.status = Status::Pass;
        v.note = None;
    }
    report.site.url = "https://good.example.ru/".to_string();
    report
}

fn sites(reqs: &[RequirementInfo]) -> Vec<SweepSite> {
    let failing_statuses = failing_report()
        .requirements
        .iter()
        .map(|v| v.status)
        .collect();
    let mut failing = site(
        2,
        NAME_SCRIPT,
        "https://kcson.example.ru/",
        "kcson.example.ru",
        failing_statuses,
    );
    failing.region = Some("Самарская область".to_string());
    failing.inn = Some("0274000001".to_string());
    failing.kind = Some("КЦСОН".to_string());
    failing.verdict = "non_compliant".to_string();
    failing.score_percent = 42.857;
    failing.feedback_score = 90;
    failing.mandatory_passed = 3;

    let mut good = site(
        3,
        NAME_IMG,
        "https://good.example.ru/",
        "good.example.ru",
        vec![Status::Pass; reqs.len()],
    );
    good.verdict = "compliant".to_string();
    good.score_percent = 100.0;
    good.feedback_score = 100;
    good.mandatory_passed = 7;

    let mut down = site(
        4,
        NAME_FORMULA,
        "https://down.example.ru/",
        "down.example.ru",
        vec![Status::Unknown; reqs.len()],
    );
    down.reachable = false;
    down.error = Some(UNREACHABLE_ERROR.to_string());
    down.pages_fetched = 0;
    down.errors = 1;

    // A hostile start URL and report folder: neither may become a link.
    let mut statuses = vec![Status::Unknown; reqs.len()];
    statuses[3] = Status::Fail;
    let mut hostile = site(
        5,
        NAME_CLOSE_SCRIPT,
        "javascript:alert(1)",
        "../evil",
        statuses,
    );
    hostile.region = Some("+7 Регион".to_string());
    vec![failing, good, down, hostile]
}

fn totals(reqs: &[RequirementInfo], sites: &[SweepSite]) -> Vec<RequirementTotal> {
    reqs.iter()
        .enumerate()
        .map(|(i, r)| {
            let count = |s: Status| sites.iter().filter(|x| x.statuses[i] == s).count();
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

/// The sample sweep.
pub(super) fn sweep() -> SweepSummary {
    let requirements: Vec<RequirementInfo> = failing_report()
        .requirements
        .iter()
        .map(|v| RequirementInfo {
            id: v.id.clone(),
            title: v.title.clone(),
            severity: v.severity,
        })
        .collect();
    let sites = sites(&requirements);
    SweepSummary {
        schema: SWEEP_SCHEMA.to_string(),
        generated_at: "2026-03-05T10:20:30Z".to_string(),
        tool_version: "0.1.0".to_string(),
        ruleset: RulesetInfo {
            id: "1239-886n".to_string(),
            version: "2026.11".to_string(),
            source: "встроенный".to_string(),
            ..Default::default()
        },
        totals: totals(&requirements, &sites),
        requirements,
        input: InputInfo {
            source: "spisok.xlsx".to_string(),
            rows: 6,
            sites: 4,
            problems: vec![
                InputProblemRecord {
                    row: 6,
                    value: String::new(),
                    problem: "нет адреса сайта".to_string(),
                },
                InputProblemRecord {
                    row: 7,
                    value: "@SUM(1+1)*cmd|' /C calc'!A0".to_string(),
                    problem: "<b>не похоже на адрес сайта</b>".to_string(),
                },
            ],
        },
        sites,
        duration_ms: 65_432,
        interrupted: false,
    }
}

/// The loader the tests pass: reports for the first two sites, nothing for the others.
pub(super) fn load(site: &SweepSite) -> Option<SiteReport> {
    match site.row {
        2 => Some(failing_report()),
        3 => Some(compliant_report()),
        _ => None,
    }
}

/// Severity of requirement `index` in the sample.
pub(super) fn severity(index: usize) -> Severity {
    failing_report().requirements[index].severity
}
