//! Hand-built reports and sweep rows for the history and diff tests.

use crate::model::{Evidence, Severity, Status, Via};
use crate::report::*;
use crate::sweep::{InputInfo, RequirementInfo, SweepSite, SweepSummary, SWEEP_SCHEMA};

/// A requirement of a sample report: id, title, status, first evidence URL, note.
pub(crate) struct Req<'a>(
    pub &'a str,
    pub &'a str,
    pub Status,
    pub Option<&'a str>,
    pub Option<&'a str>,
);

/// The rule set every sample claims.
pub(crate) fn ruleset() -> RulesetInfo {
    RulesetInfo {
        id: "1239-886n".into(),
        version: "2026.1".into(),
        source: "встроенный".into(),
        ..Default::default()
    }
}

/// A report of `url` with the given verdicts.
pub(crate) fn report(url: &str, reachable: bool, reqs: &[Req<'_>]) -> SiteReport {
    let requirements: Vec<Verdict> = reqs
        .iter()
        .map(|Req(id, title, status, evidence, note)| Verdict {
            id: (*id).into(),
            title: title.to_string(),
            severity: Severity::Mandatory,
            status: *status,
            basis: "ПП РФ № 1239".into(),
            what: title.to_string(),
            hint: String::new(),
            fix: None,
            note: note.map(str::to_string),
            evidence: evidence
                .iter()
                .map(|u| Evidence {
                    url: u.to_string(),
                    via: Via::Document,
                    text: title.to_string(),
                    found_on: Some(url.to_string()),
                })
                .collect(),
            documents: Vec::new(),
            accepted: None,
            first_failed: None,
        })
        .collect();
    let passed = requirements
        .iter()
        .filter(|v| v.status == Status::Pass)
        .count();
    SiteReport {
        schema: REPORT_SCHEMA.into(),
        tool: ToolInfo {
            name: "socaudit".into(),
            version: "0.1.0".into(),
        },
        generated_at: "2026-03-05T10:20:30Z".into(),
        ruleset: ruleset(),
        site: SiteInfo {
            url: url.to_string(),
            final_url: reachable.then(|| url.to_string()),
            reachable,
            error: (!reachable).then(|| "сайт не отвечает".to_string()),
            hosts: Vec::new(),
        },
        crawl: CrawlInfo {
            pages_fetched: 3,
            requests: 4,
            revalidated: 0,
            stopped_because: if reachable {
                StopReason::FrontierExhausted
            } else {
                StopReason::Unreachable
            },
            duration_ms: 1200,
            pages: Vec::new(),
            documents: Vec::new(),
            errors: Vec::new(),
            skipped: SkipCounts::default(),
            external_links: 0,
            sitemap_urls: 0,
            notes: Vec::new(),
            offsite_redirects: Vec::new(),
            tls_problem: None,
            auth_used: false,
        },
        summary: Summary {
            mandatory_total: requirements.len(),
            mandatory_passed: passed,
            mandatory_partial: 0,
            mandatory_failed: 0,
            mandatory_unknown: 0,
            mandatory_accepted: 0,
            recommended_total: 0,
            recommended_passed: 0,
            score_percent: 0.0,
            feedback_score: 0,
            verdict: if passed == requirements.len() {
                "compliant"
            } else {
                "non_compliant"
            }
            .into(),
        },
        requirements,
    }
}

/// The summary row of `report`.
pub(crate) fn row(n: usize, name: Option<&str>, report: &SiteReport) -> SweepSite {
    SweepSite {
        row: n,
        name: name.map(str::to_string),
        region: None,
        inn: None,
        kind: None,
        url: report.site.url.clone(),
        dir: crate::urlnorm::bare_host(&url::Url::parse(&report.site.url).expect("sample URL")),
        reachable: report.site.reachable,
        error: report.site.error.clone(),
        score_percent: report.summary.score_percent,
        feedback_score: report.summary.feedback_score,
        mandatory_passed: report.summary.mandatory_passed,
        mandatory_total: report.summary.mandatory_total,
        verdict: report.summary.verdict.clone(),
        statuses: report.requirements.iter().map(|v| v.status).collect(),
        accepted: Default::default(),
        pages_fetched: report.crawl.pages_fetched,
        errors: 0,
        duration_ms: 1200,
    }
}

/// A summary over `sites`, requirement columns from the first report.
pub(crate) fn summary(
    generated_at: &str,
    reports: &[&SiteReport],
    sites: Vec<SweepSite>,
) -> SweepSummary {
    let requirements: Vec<RequirementInfo> = reports
        .first()
        .map(|r| {
            r.requirements
                .iter()
                .map(|v| RequirementInfo {
                    id: v.id.clone(),
                    title: v.title.clone(),
                    severity: v.severity,
                })
                .collect()
        })
        .unwrap_or_default();
    SweepSummary {
        schema: SWEEP_SCHEMA.into(),
        generated_at: generated_at.into(),
        tool_version: "0.1.0".into(),
        ruleset: ruleset(),
        totals: super::rebuild::totals(&requirements, &sites),
        requirements,
        input: InputInfo::default(),
        sites,
        duration_ms: 0,
        interrupted: false,
    }
}
