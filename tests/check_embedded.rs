//! A site whose facts are not where a link label says: a plan PDF shown only in a pdf.js viewer,
//! an FAQ accordion without a page of its own, counts and dates in prose, 120 orders under
//! numeric URLs, an endless calendar, and a page that only the gzip sitemap lists.

mod common;

use common::*;
use socaudit::model::Status;
use socaudit::report::{stop_text_ru, SiteReport};

async fn report() -> SiteReport {
    let (report, _server) = check_fixture("embedded", &TestOptions::default()).await;
    report
}

fn fetched(report: &SiteReport, path: &str) -> bool {
    report.crawl.pages.iter().any(|p| p.url.ends_with(path))
}

#[tokio::test]
async fn what_the_pages_hold_is_seen() {
    let report = report().await;
    assert_matches_expected(&report, "embedded");
    assert_evidence_discipline(&report);
    // The plan passes through the file inside the viewer, named by the heading above it.
    let plan = verdict(&report, "nok-plan");
    assert!(
        plan.evidence
            .iter()
            .any(|e| e.url.ends_with("/files/nok/plan-2026.pdf")
                || e.text.contains("План по устранению недостатков")),
        "{plan:?}"
    );
    let doc = report
        .crawl
        .documents
        .iter()
        .find(|d| d.url.ends_with("/files/nok/plan-2026.pdf"))
        .expect("the embedded plan is a document of the report");
    assert_eq!(doc.outcome.as_deref(), Some("text"), "{doc:?}");
    // The FAQ is the accordion of the main page: its questions are the evidence.
    let faq = verdict(&report, "faq");
    assert!(
        faq.evidence[0]
            .text
            .contains("Как оформить социальное обслуживание на дому?"),
        "{faq:?}"
    );
    // Recipients come from the sentence on /svedeniya/, never from the news counts.
    let recipients = verdict(&report, "recipients");
    assert!(
        recipients.evidence[0].text.contains("99 человек"),
        "{recipients:?}"
    );
    assert!(
        recipients
            .evidence
            .iter()
            .all(|e| !e.url.contains("/news/")),
        "{recipients:?}"
    );
    assert!(fetched(&report, "/news/"), "the news page was not read");
    let registration = verdict(&report, "registration-date");
    assert_eq!(registration.status, Status::Pass);
    assert!(registration.evidence[0].text.contains("создано 01.07.2017"));
}

#[tokio::test]
async fn numeric_urls_are_crawled_traps_are_capped_and_said_so() {
    let report = report().await;
    let crawl = &report.crawl;
    for n in 1..=120 {
        assert!(
            fetched(&report, &format!("/docs/{n}/")),
            "/docs/{n}/ not fetched"
        );
    }
    assert!(crawl.skipped.trap > 0, "the calendar was not caught");
    assert_eq!(
        crawl.skipped.trap_reasons.pattern_cap, 0,
        "{:?}",
        crawl.skipped
    );
    assert!(
        crawl.skipped.trap_reasons.calendar > 0,
        "{:?}",
        crawl.skipped
    );
    let calendar_pages = crawl
        .pages
        .iter()
        .filter(|p| p.url.contains("/kalendar-meropriyatiy/"))
        .count();
    assert!(
        calendar_pages <= 40,
        "{calendar_pages} calendar pages fetched"
    );
    let stop = stop_text_ru(crawl.stopped_because, &crawl.skipped);
    assert!(!stop.contains("все доступные страницы"), "{stop}");
    assert!(stop.contains("календарь"), "{stop}");
    // A requirement not found must not claim that every page of the site was seen.
    for v in report
        .requirements
        .iter()
        .filter(|v| v.status == Status::Fail)
    {
        let note = v.note.as_deref().unwrap_or("");
        assert!(!note.contains("ни на одной из"), "{}: {note}", v.id);
    }
}

#[tokio::test]
async fn the_gzip_sitemap_brings_a_page_no_link_reaches() {
    let report = report().await;
    assert!(
        fetched(&report, "/orphan/"),
        "the sitemap-only page was not fetched"
    );
    // /, /svedeniya/ and /orphan/ are pages; the PDF is a document, not queued as a page.
    assert_eq!(report.crawl.sitemap_urls, 3);
    assert_eq!(verdict(&report, "schedule").status, Status::Pass);
}
