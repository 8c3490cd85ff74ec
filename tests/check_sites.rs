//! `check` against whole fixture sites: every verdict must match what a careful human auditor
//! wrote in the site's `expected.toml`, and every pass must carry evidence.

mod common;

use common::*;
use socaudit::model::{Status, Via};
use socaudit::report::StopReason;

#[tokio::test]
async fn compliant_site_passes_everything_with_evidence() {
    let (report, _server) = check_fixture("compliant", &TestOptions::default()).await;
    assert_matches_expected(&report, "compliant");
    assert_evidence_discipline(&report);
    assert_eq!(
        report.summary.mandatory_passed,
        report.summary.mandatory_total
    );
    assert_eq!(report.summary.verdict, "compliant");
    assert_eq!(report.crawl.stopped_because, StopReason::AllDecided);
}

#[tokio::test]
async fn compliant_site_evidence_is_specific() {
    let (report, _server) = check_fixture("compliant", &TestOptions::default()).await;
    // НОК results are a link to bus.gov.ru, the survey is the bus.gov.ru rating page or the form.
    let nok = verdict(&report, "nok-results");
    assert!(
        nok.evidence
            .iter()
            .any(|e| e.url.contains("bus.gov.ru") || e.via != Via::ExternalLink),
        "{nok:?}"
    );
    let vision = verdict(&report, "vision-impaired");
    assert!(
        vision
            .evidence
            .iter()
            .any(|e| matches!(e.via, Via::Control | Via::Script | Via::LinkText | Via::Url)),
        "{vision:?}"
    );
    // The statement «предписания не выдавались» is compliant content.
    assert_eq!(verdict(&report, "inspections").status, Status::Pass);
}

#[tokio::test]
async fn weak_site_fails_what_is_missing_and_flags_broken_links() {
    let (report, _server) = check_fixture("weak", &TestOptions::default()).await;
    assert_matches_expected(&report, "weak");
    assert_evidence_discipline(&report);
    assert_eq!(report.summary.verdict, "non_compliant");
    // A 404 «Устав» link is partial, with the broken link as evidence.
    let charter = verdict(&report, "charter");
    if charter.status == Status::Partial {
        assert!(
            charter.note.as_deref().unwrap_or("").contains("404"),
            "{charter:?}"
        );
    }
}

#[tokio::test]
async fn windows_1251_site_is_read_correctly() {
    let (report, _server) = check_fixture("cp1251", &TestOptions::default()).await;
    assert_matches_expected(&report, "cp1251");
    assert_evidence_discipline(&report);
    // Evidence text is proper Cyrillic, not mojibake.
    let texts: String = report
        .requirements
        .iter()
        .flat_map(|v| v.evidence.iter().map(|e| e.text.clone()))
        .collect();
    assert!(
        texts.chars().any(|c| ('а'..='я').contains(&c)),
        "no Cyrillic in evidence: {texts}"
    );
    assert!(
        !texts.contains('\u{FFFD}') && !texts.contains("Ð"),
        "mojibake in evidence: {texts}"
    );
}

#[tokio::test]
async fn robots_txt_is_obeyed_and_blocked_sections_are_unknown() {
    let (report, server) = check_fixture("robots", &TestOptions::default()).await;
    assert_matches_expected(&report, "robots");
    let hits = server.hits();
    assert!(
        hits.iter().any(|h| h.starts_with("/robots.txt")),
        "robots.txt never fetched: {hits:?}"
    );
    assert!(
        !hits.iter().any(|h| h.starts_with("/docs/")),
        "fetched a disallowed URL: {hits:?}"
    );
    assert!(report.crawl.skipped.robots > 0);
}

#[tokio::test]
async fn robots_txt_can_be_ignored_on_request() {
    let opts = TestOptions {
        respect_robots: false,
        ..TestOptions::default()
    };
    let (report, server) = check_fixture("robots", &opts).await;
    assert!(!server.hits().iter().any(|h| h.starts_with("/robots.txt")));
    assert_eq!(report.crawl.skipped.robots, 0);
    assert!(
        report
            .requirements
            .iter()
            .all(|v| v.status != Status::Unknown),
        "{:?}",
        report.requirements
    );
}

#[tokio::test]
async fn javascript_only_site_is_unknown_not_fail() {
    let (report, _server) = check_fixture("js-only", &TestOptions::default()).await;
    assert_matches_expected(&report, "js-only");
    assert_eq!(
        report.summary.mandatory_failed, 0,
        "a JS-only site must not be reported as failing"
    );
}
