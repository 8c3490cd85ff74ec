//! `check` on real pages from `../shared/realsites/` (read in place, never copied into the repo).
//! Opt-in: `cargo test --features realsites` (SOCAUDIT_REALSITES names another folder).

#![cfg(feature = "realsites")]

mod common;

use common::*;
use socaudit::fixture_server::{serve, Site};
use socaudit::model::{Status, Via};
use socaudit::report::SiteReport;

fn dump(report: &SiteReport) -> String {
    report
        .requirements
        .iter()
        .map(|v| {
            format!(
                "{:22} {:8} {:?} {:?}\n",
                v.id.0,
                status_name(v.status),
                v.note,
                v.evidence.first()
            )
        })
        .collect()
}

/// A real page set, plus placeholder bytes for the files it links to (`extra`).
async fn serve_real(files: Vec<(String, Vec<u8>)>) -> socaudit::fixture_server::RunningServer {
    serve(Site::from_files(files).expect("site"))
        .await
        .expect("serve")
}

#[tokio::test]
async fn kcson_samara_redesign() {
    let site = Site::from_dir(&realsite("kcson-samara-redesign"))
        .expect("realsites/kcson-samara-redesign");
    let server = serve(site).await.unwrap();
    let report = check_url(
        &format!("{}index.php", server.base_url()),
        &TestOptions::default(),
    )
    .await;
    println!("{}", dump(&report));
    assert_evidence_discipline(&report);
    // Seen by a person on these pages: the bvi.js «Версия для слабовидящих», the «Задать вопрос»
    // page, the VK page, the founder on «О нас», contacts in the footer.
    for id in [
        "vision-impaired",
        "feedback-form",
        "official-social-page",
        "founder",
        "phone",
        "email",
        "address",
    ] {
        assert_eq!(verdict(&report, id).status, Status::Pass, "{id}");
    }
    // The redesign links the real site's documents, which are not in the repository: every such
    // link is dead, so the items are published-but-broken, never passed.
    for id in [
        "charter",
        "collective-agreement",
        "labor-rules",
        "finance",
        "licenses",
    ] {
        let v = verdict(&report, id);
        assert_eq!(v.status, Status::Partial, "{id}: {v:?}");
        assert!(
            v.note.as_deref().unwrap_or("").contains("404"),
            "{id}: {v:?}"
        );
    }
    // Link text «Рейтинг организаций…» but the file is the plan: the file name decides.
    let plan = verdict(&report, "nok-plan");
    assert_eq!(plan.status, Status::Partial, "{plan:?}");
    assert!(
        plan.evidence
            .iter()
            .any(|e| e.text.contains("План по устранению недостатков")),
        "{plan:?}"
    );
    // Labour rules are not the rules for recipients.
    assert_ne!(verdict(&report, "recipient-rules").status, Status::Pass);
}

#[tokio::test]
async fn zabotausluga_quality_page() {
    let bytes = std::fs::read(realsite("zabotausluga-pikalevo/quality.html"))
        .expect("realsites/zabotausluga-pikalevo");
    let server = serve_real(vec![("quality.html".into(), bytes)]).await;
    let report = check_url(
        &format!("{}quality.html", server.base_url()),
        &TestOptions::default(),
    )
    .await;
    println!("{}", dump(&report));
    assert_evidence_discipline(&report);
    let survey = verdict(&report, "survey");
    assert_eq!(survey.status, Status::Pass, "{survey:?}");
    assert!(
        survey
            .evidence
            .iter()
            .any(|e| e.url.contains("bus.gov.ru/qrcode/rate/789838")),
        "{survey:?}"
    );
    let vision = verdict(&report, "vision-impaired");
    assert_eq!(vision.status, Status::Pass, "{vision:?}");
    assert!(
        vision.evidence.iter().any(|e| e.via == Via::Control),
        "{vision:?}"
    );
    // The results are a PDF card whose file is not served here, and the page itself carries no
    // scores: its title alone does not make the results published.
    let results = verdict(&report, "nok-results");
    assert_eq!(results.status, Status::Partial, "{results:?}");
    assert_eq!(verdict(&report, "phone").status, Status::Pass);
    assert_eq!(verdict(&report, "email").status, Status::Pass);
}

#[tokio::test]
async fn gorodishche_nok_fragment_with_split_plan_link() {
    let fragment = std::fs::read_to_string(realsite("gorodishche-srcn/nok_fragment.html"))
        .expect("realsites/gorodishche-srcn");
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Независимая оценка качества</title></head><body><main>{fragment}</main></body></html>"
    );
    // The fragment links its PDFs under /media/nok/: serve a placeholder at each so they answer 200.
    let mut files = vec![("index.html".to_string(), page.into_bytes())];
    for href in fragment
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        if let Some(path) = href.strip_prefix('/') {
            let decoded = url::Url::parse("http://x/").unwrap().join(path).unwrap();
            let decoded = socaudit::urlnorm::decoded_path_and_query(&decoded);
            files.push((
                decoded.trim_start_matches('/').to_string(),
                b"%PDF-1.4\n%%EOF\n".to_vec(),
            ));
        }
    }
    let server = serve_real(files).await;
    let report = check_url(&server.base_url(), &TestOptions::default()).await;
    println!("{}", dump(&report));
    assert_evidence_discipline(&report);
    // The files behind the links are placeholders, not PDFs: the plan is published but cannot be
    // opened, which is partial, and the report says why.
    let plan = verdict(&report, "nok-plan");
    assert_eq!(plan.status, Status::Partial, "{plan:?}");
    assert!(
        plan.note.as_deref().unwrap_or("").contains("повреждён"),
        "{plan:?}"
    );
    assert!(
        plan.documents
            .iter()
            .any(|d| d.format == "pdf" && d.outcome.starts_with("broken")),
        "{plan:?}"
    );
    // Four <a> with one href are one link: its text holds the whole title.
    assert!(
        plan.evidence.iter().any(|e| e.text.contains("План")
            && e.text.contains("по устранению недостатков")
            && e.text.contains("2024")),
        "{plan:?}"
    );
    // The results are a bus.gov.ru link, which passes on its own.
    let results = verdict(&report, "nok-results");
    assert_eq!(results.status, Status::Pass, "{results:?}");
    assert!(
        results
            .evidence
            .iter()
            .any(|e| e.url.contains("bus.gov.ru/info-card/313806")),
        "{results:?}"
    );
    assert_eq!(verdict(&report, "nok-plan-report").status, Status::Partial);
}
