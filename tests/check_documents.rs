//! `check` reading the documents a site links to: the `documents` fixture (the НОК plan as DOCX,
//! results as PDF, a ФХД plan for a past year, a scanned report, and hostile files behind the
//! «Устав», «Лицензия» and «Коллективный договор» links) and the `old-plan` fixture (only last
//! cycle's plan, for 2019). Verdicts must match `expected.toml`; the crawl must survive the
//! hostile files; partial notes must say which year is wrong.
//!
//! The date is fixed by `SOCAUDIT_TODAY=2026-11-23`, which `tests/common/mod.rs` `check_url`
//! sets, so the expectations do not rot.

mod common;

use common::*;
use socaudit::model::Status;
use socaudit::report::StopReason;

#[tokio::test]
async fn documents_site_matches_expected() {
    let (report, _server) = check_fixture("documents", &TestOptions::default()).await;
    assert_matches_expected(&report, "documents");
    assert_evidence_discipline(&report);
}

#[tokio::test]
async fn old_plan_site_matches_expected() {
    let (report, _server) = check_fixture("old-plan", &TestOptions::default()).await;
    assert_matches_expected(&report, "old-plan");
    assert_evidence_discipline(&report);
}

#[tokio::test]
async fn crawl_survives_the_hostile_documents() {
    let (report, server) = check_fixture("documents", &TestOptions::default()).await;
    assert!(
        matches!(
            report.crawl.stopped_because,
            StopReason::AllDecided | StopReason::FrontierExhausted
        ),
        "{:?}",
        report.crawl.stopped_because
    );
    // The pages linking to the hostile files were crawled, and so was the НОК section.
    let hits = server.hits();
    for page in ["/dokumenty/", "/nok/"] {
        assert!(
            hits.iter().any(|h| h == page),
            "{page} not fetched: {hits:?}"
        );
    }
    // Each hostile file is on record: as a document link, with its status if it was requested
    // and, if it was read, an outcome that is not text (the guards stopped the bomb, the
    // truncated file is broken, the looping one gives no text).
    for (file, outcome) in [
        ("/files/ustav.docx", "rejected"),
        ("/files/licenziya.pdf", "broken"),
        ("/files/koldogovor.pdf", "scan"),
    ] {
        let record = report
            .crawl
            .documents
            .iter()
            .find(|d| d.url.ends_with(file))
            .unwrap_or_else(|| panic!("{file} not recorded: {:?}", report.crawl.documents));
        assert!(
            matches!(record.status, None | Some(200)),
            "{file}: {record:?}"
        );
        if let Some(got) = &record.outcome {
            assert!(got.starts_with(outcome), "{file}: {record:?}");
        }
    }
    // Documents without a document check are judged by their status: they answer 200.
    for id in ["charter", "licenses", "collective-agreement"] {
        let v = verdict(&report, id);
        assert_eq!(v.status, Status::Pass, "{v:?}");
    }
}

#[tokio::test]
async fn documents_nok_plan_evidence_is_the_docx() {
    let (report, _server) = check_fixture("documents", &TestOptions::default()).await;
    let plan = verdict(&report, "nok-plan");
    assert!(
        plan.evidence.iter().any(|e| e
            .url
            .ends_with("/files/nok/plan-po-ustraneniyu-nedostatkov-2026.docx")),
        "{plan:?}"
    );
}

#[tokio::test]
async fn stale_plan_note_names_its_year() {
    let (report, _server) = check_fixture("old-plan", &TestOptions::default()).await;
    let plan = verdict(&report, "nok-plan");
    assert_eq!(plan.status, Status::Partial, "{plan:?}");
    assert!(
        plan.note.as_deref().unwrap_or("").contains("2019"),
        "{plan:?}"
    );
}

#[tokio::test]
async fn past_year_finance_plan_note_names_its_year() {
    let (report, _server) = check_fixture("documents", &TestOptions::default()).await;
    let finance = verdict(&report, "finance");
    assert_eq!(finance.status, Status::Partial, "{finance:?}");
    assert!(
        finance.note.as_deref().unwrap_or("").contains("2024"),
        "{finance:?}"
    );
}

#[tokio::test]
async fn scanned_report_is_partial_and_says_so() {
    let (report, _server) = check_fixture("documents", &TestOptions::default()).await;
    let v = verdict(&report, "nok-plan-report");
    assert_eq!(v.status, Status::Partial, "{v:?}");
    assert!(v.note.as_deref().unwrap_or("").contains("скан"), "{v:?}");
}

#[tokio::test]
async fn compliant_site_passes_on_the_documents_themselves() {
    let (report, _server) = check_fixture("compliant", &TestOptions::default()).await;
    // The НОК plan and the report are judged only in their PDFs; the plan ФХД may be judged on
    // the /dokumenty/ page already (its text names the plan «на 2026 год»), or in its PDF.
    for (id, files) in [
        // The report on the plan is on the ПП 457 form with the plan part, so it proves the plan
        // too; whichever of the two files is read first decides.
        (
            "nok-plan",
            &[
                "/upload/nok/plan-po-ustraneniyu-nedostatkov-2025-2026.pdf",
                "/upload/nok/otchet-o-vypolnenii-plana-2025.pdf",
            ][..],
        ),
        (
            "nok-plan-report",
            &["/upload/nok/otchet-o-vypolnenii-plana-2025.pdf"][..],
        ),
        (
            "finance",
            &["/upload/docs/plan-fhd-2026.pdf", "/dokumenty/"][..],
        ),
    ] {
        let v = verdict(&report, id);
        assert_eq!(v.status, Status::Pass, "{v:?}");
        let finding = v
            .documents
            .iter()
            .find(|d| files.iter().any(|f| d.url.ends_with(f)))
            .unwrap_or_else(|| panic!("{id}: none of {files:?} was judged: {v:?}"));
        assert!(
            finding.outcome == "text" && finding.counts && finding.problems.is_empty(),
            "{id}: {finding:?}"
        );
    }
}

#[tokio::test]
async fn labels_site_matches_expected() {
    let (report, _server) = check_fixture("labels", &TestOptions::default()).await;
    assert_matches_expected(&report, "labels");
    assert_evidence_discipline(&report);
}

#[tokio::test]
async fn labels_the_documents_own_title_decides() {
    let (report, _server) = check_fixture("labels", &TestOptions::default()).await;
    let labor = verdict(&report, "labor-rules");
    assert_eq!(labor.status, Status::Pass, "{labor:?}");
    let ev = &labor.evidence[0];
    assert!(
        ev.url
            .ends_with("/files/pravila-vnutrennego-rasporyadka.docx")
            && ev.text.contains("трудового"),
        "{labor:?}"
    );
    let recipients = verdict(&report, "recipient-rules");
    assert_eq!(recipients.status, Status::Fail, "{recipients:?}");
}

#[tokio::test]
async fn labels_a_plan_behind_skachat_passes_with_the_file() {
    let (report, _server) = check_fixture("labels", &TestOptions::default()).await;
    let plan = verdict(&report, "nok-plan");
    assert_eq!(plan.status, Status::Pass, "{plan:?}");
    let ev = &plan.evidence[0];
    assert!(ev.url.ends_with("/files/nok/doc-0417.pdf"), "{plan:?}");
    assert!(ev.text.contains("по устранению недостатков"), "{plan:?}");
}

#[tokio::test]
async fn labels_a_section_of_old_files_is_partial_with_the_year() {
    let (report, _server) = check_fixture("labels", &TestOptions::default()).await;
    let finance = verdict(&report, "finance");
    assert_eq!(finance.status, Status::Partial, "{finance:?}");
    assert!(
        finance.note.as_deref().unwrap_or("").contains("2023"),
        "{finance:?}"
    );
    assert!(
        finance
            .evidence
            .iter()
            .any(|e| e.url.ends_with("/files/fhd/plan-fhd.pdf")),
        "{finance:?}"
    );
}

#[tokio::test]
async fn labels_false_friends_do_not_pass() {
    let (report, _server) = check_fixture("labels", &TestOptions::default()).await;
    // A site map, legal portals (consultant.ru, docs.cntd.ru, pravo.gov.ru, garant.ru), news
    // items and a register's search form share words with these requirements, nothing more.
    for id in [
        "structure",
        "tariffs",
        "inspections",
        "collective-agreement",
        "charter",
        "licenses",
    ] {
        let v = verdict(&report, id);
        assert_ne!(v.status, Status::Pass, "{v:?}");
        assert!(
            v.evidence.iter().all(|e| !e.url.contains("consultant.ru")
                && !e.url.contains("cntd.ru")
                && !e.url.contains("pravo.gov.ru")
                && !e.url.contains("garant.ru")
                && !e.url.contains("/news/")
                && !e.url.contains("/sitemap/")),
            "{v:?}"
        );
    }
}

#[tokio::test]
async fn labels_without_a_reading_budget_the_generic_file_stays_unread() {
    let opts = TestOptions {
        crawl: socaudit::crawl::CrawlConfig {
            max_document_reads: 0,
            ..TestOptions::default().crawl
        },
        ..TestOptions::default()
    };
    let (report, _server) = check_fixture("labels", &opts).await;
    // Nothing is read: the plan behind «Скачать» cannot be recognised, and the files are only
    // status-checked.
    assert_ne!(verdict(&report, "nok-plan").status, Status::Pass);
    assert!(
        report.crawl.documents.iter().all(|d| d.outcome.is_none()),
        "{:?}",
        report.crawl.documents
    );
}
