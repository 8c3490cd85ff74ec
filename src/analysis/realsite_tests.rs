//! The analyses on real pages from `shared/realsites` (read at test time, never copied here):
//! the years of the documents they link, and that a page of links is neither a plan nor results.

use super::*;
use crate::rules::RuleSet;
use scraper::{Html, Selector};
use time::macros::date;

fn realsite(rel: &str) -> Option<String> {
    Some(crate::realsites::read(rel))
}

/// Links as (href, text), with the texts of adjacent `<a>` that share an href joined (sites split
/// one link into several).
fn links(html: &str, scope: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(&format!("{scope} a[href]")).unwrap();
    let mut out: Vec<(String, String)> = Vec::new();
    for a in doc.select(&sel) {
        let href = a.value().attr("href").unwrap_or("").to_string();
        let text: String = a.text().collect();
        match out.last_mut() {
            Some((h, t)) if *h == href => t.push_str(&text),
            _ => out.push((href, text)),
        }
    }
    out.into_iter()
        .map(|(h, t)| (h, t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

fn page_text(html: &str, scope: &str) -> String {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(scope).unwrap();
    doc.select(&sel)
        .flat_map(|e| e.text())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn gorodishche_nok_fragment() {
    let Some(html) = realsite("gorodishche-srcn/nok_fragment.html") else {
        return;
    };
    let links = links(&html, "body");
    let plan = links
        .iter()
        .find(|(_, t)| t.starts_with("План"))
        .expect("plan link");
    assert!(plan.1.ends_with("на 2024 год"), "{plan:?}");
    let span = document_year("", Some(&plan.0), Some(&plan.1)).expect("a year");
    assert_eq!(
        (span.first, span.last, span.basis),
        (2024, 2024, YearBasis::For)
    );
    let report = links
        .iter()
        .find(|(_, t)| t.starts_with("Отчет"))
        .expect("report link");
    assert_eq!(
        document_year("", Some(&report.0), Some(&report.1)).map(|s| s.first),
        Some(2024)
    );
    // The link text alone, and the file name alone, say the same.
    assert_eq!(
        document_year("", Some(&plan.0), None).map(|s| s.first),
        Some(2024)
    );
    assert_eq!(years_in_file_name(&plan.0), vec![2024]);
    let rating = links
        .iter()
        .find(|(_, t)| t.starts_with("Рейтинг"))
        .expect("rating link");
    let span = document_year("", Some(&rating.0), Some(&rating.1)).expect("a year");
    assert_eq!((span.first, span.basis), (2023, YearBasis::Of));
    // The page itself lists documents: it is neither the plan nor the results.
    let text = page_text(&html, "body");
    assert_eq!(analyze_plan(&text, &html_tables(&html)), None);
    assert_eq!(analyze_nok_results(&text, &[]), None);
    let check = RuleSet::builtin()
        .get("nok-plan")
        .and_then(|r| r.document_check.clone())
        .unwrap();
    let page = DocInput {
        text: &text,
        format: "html",
        outcome: "text",
        ..DocInput::default()
    };
    assert!(!evaluate(&check, &page, date!(2026 - 11 - 23)).ok);
}

#[test]
fn kcson_nok_tab_years_come_from_file_names() {
    let Some(html) = realsite("kcson-samara-redesign/pages/docs.php") else {
        return;
    };
    let scope = "#docs-tab-panel-12";
    let links = links(&html, scope);
    assert!(links.len() >= 12, "{links:#?}");
    let year_of = |needle: &str| {
        let (href, text) = links
            .iter()
            .find(|(h, _)| h.contains(needle))
            .unwrap_or_else(|| panic!("no link {needle}"));
        // Every link text here is the same copy-pasted «Рейтинг организаций…»: the file tells.
        document_year("", Some(href), Some(text)).map(|s| s.first)
    };
    assert_eq!(year_of("План по устранению недостатков 2019"), Some(2019));
    assert_eq!(
        year_of("Итоговый рейтинг организаций социального обслуживания населения 2016"),
        Some(2016)
    );
    assert_eq!(
        year_of("организациями социального обслуживания 2021"),
        Some(2021)
    );
    assert_eq!(year_of("Порядок подачи"), None);
    let text = page_text(&html, scope);
    assert_eq!(analyze_plan(&text, &[]), None);
    assert_eq!(analyze_nok_results(&text, &[]), None);
}

#[test]
fn zabotausluga_nok_card() {
    let Some(html) = realsite("zabotausluga-pikalevo/quality.html") else {
        return;
    };
    let links = links(&html, "main");
    let (href, text) = links
        .iter()
        .find(|(h, _)| h.ends_with(".pdf"))
        .expect("the PDF card");
    assert!(text.contains("С планом устранения недостатков"), "{text}");
    let span = document_year("", Some(href), Some(text)).expect("a year");
    assert_eq!((span.first, span.basis), (2023, YearBasis::Of));
    assert_eq!(years_in_file_name(href), vec![2023]);
    let page = page_text(&html, "main");
    assert_eq!(analyze_nok_results(&page, &[]), None);
    assert_eq!(analyze_plan(&page, &[]), None);
    assert!(!login_wall(&page));
}
