//! Tests of the HTML report: content, order, escaping and link safety.

use super::sample::{site_report, HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_URL};
use super::wording::*;
use super::*;
use crate::model::Status;
use crate::report::templating::safe_href;

fn rendered() -> String {
    render(&site_report()).expect("sample report renders")
}

#[test]
fn verdict_and_counts_come_first() {
    let html = rendered();
    let headline = "Сайт не соответствует: не хватает 3 обязательных сведений";
    let at = html.find(headline).expect("verdict sentence");
    assert!(at < html.find("Чего не хватает").expect("missing section"));
    assert!(html.contains("Не удалось проверить 1 обязательное сведение."));
    assert!(html.contains("выполнено <strong>3 из 7</strong>"));
    assert!(html.contains("частично — 1, нет — 2"));
    assert!(html.contains("не определено — 1"));
    assert!(html.contains("42,9 %"));
    assert!(html.contains("90 баллов из 100"));
    assert!(html.contains("05.03.2026, 10:20 UTC"));
    assert!(html.contains(r#"<html lang="ru">"#));
    assert!(html.contains(r#"<meta charset="utf-8">"#));
}

#[test]
fn missing_items_show_basis_hint_and_order() {
    let html = rendered();
    for id in ["tariffs", "finance", "nok-plan", "staff", "charter", "faq"] {
        assert!(html.contains(&format!(r#"id="req-{id}""#)), "{id} listed");
        assert!(
            html.contains(&format!("886н, пункт для {id}")),
            "{id} basis"
        );
        assert!(html.contains(&format!("страница {id}")), "{id} hint");
    }
    assert!(html.contains("Где обычно размещают"));
    assert!(html.contains("Не найдено на 42 просмотренных страницах."));
    // Fail before partial before unknown; mandatory before recommended.
    let pos = |id: &str| {
        html.find(&format!(r#"id="req-{id}""#))
            .expect("item present")
    };
    assert!(pos("tariffs") < pos("finance"));
    assert!(pos("finance") < pos("nok-plan"));
    assert!(pos("nok-plan") < pos("staff"));
    assert!(pos("staff") < pos("faq"));
    assert!(pos("faq") < pos("charter"));
    // The broken link of a partial item is shown as a link.
    assert!(html.contains(r#"<a class="ev" href="https://kcson.example.ru/docs/plan-nok.pdf">"#));
}

#[test]
fn fix_sentence_is_shown_for_items_not_met_and_escaped() {
    let mut report = site_report();
    let tariffs = report.requirements.iter_mut().find(|v| v.id.0 == "tariffs");
    tariffs.expect("tariffs in sample").fix = Some(format!("Разместите тарифы {HOSTILE_SCRIPT}."));
    let html = render(&report).expect("renders");
    let fixes = html
        .matches(r#"<p class="fix"><strong>Что сделать:</strong>"#)
        .count();
    let not_met = report
        .requirements
        .iter()
        .filter(|v| v.fix.is_some())
        .count();
    assert_eq!(fixes, not_met);
    assert!(html.contains("Разместите тарифы &lt;script&gt;"), "escaped");
    assert!(!html.contains(HOSTILE_SCRIPT));
}

#[test]
fn found_items_link_their_evidence() {
    let html = rendered();
    assert!(html.contains(r#"<a class="ev" href="https://kcson.example.ru/contacts">"#));
    assert!(html.contains(r#"<a class="ev" href="https://vk.com/kcson_example">"#));
    assert!(html.contains("внешняя ссылка: <span class=\"quote\">«ВКонтакте»</span>"));
    assert!(html.contains("Просмотрено страниц</th><td>42"));
    // Three URLs were dropped (depth 1, calendar trap 2): the report must not claim it saw all.
    assert!(!html.contains("просмотрены все доступные страницы сайта"));
    assert!(html.contains("не загружено адресов: 3"));
    assert!(html.contains("календарь — 2"));
    assert!(html.contains("2 мин 5 с"));
    assert!(html.contains("<details>"));
}

#[test]
fn site_strings_are_escaped() {
    let html = rendered();
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script element at all"
    );
    assert!(!html.contains("<img"));
    assert!(!html.contains(HOSTILE_SCRIPT));
    assert!(!html.contains(HOSTILE_IMG));
    assert!(html.contains("&lt;script&gt;window.__x=1&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn javascript_urls_are_text_not_links() {
    let html = rendered();
    let lower = html.to_lowercase();
    assert!(!lower.contains("href=\"javascript"));
    assert!(!lower.contains("href='javascript"));
    assert!(html.contains(HOSTILE_URL), "shown as text");
    for href in html.split("href=\"").skip(1) {
        let internal = href.starts_with("#req-");
        assert!(
            href.starts_with("https://") || internal,
            "unexpected href {href:.40}"
        );
    }
}

/// Writes the sample page to `$SOCAUDIT_SAMPLE_HTML` for a look in a browser.
#[test]
fn page_is_self_contained() {
    if let Some(path) = std::env::var_os("SOCAUDIT_SAMPLE_HTML") {
        std::fs::write(path, rendered()).expect("sample written");
    }
    let html = rendered().to_lowercase();
    assert!(!html.contains("<link"));
    assert!(!html.contains("<script"));
    assert!(!html.contains(" src=\""), "no element loads anything");
    assert!(!html.contains("<iframe"));
    assert!(!html.contains("@import"));
    assert!(!html.contains("url("));
    assert!(html.contains("@media print"));
}

#[test]
fn compliant_and_unreachable_verdicts() {
    let mut report = site_report();
    for v in &mut report.requirements {
        v.status = Status::Pass;
    }
    let s = &mut report.summary;
    (
        s.mandatory_passed,
        s.mandatory_failed,
        s.mandatory_partial,
        s.mandatory_unknown,
    ) = (7, 0, 0, 0);
    let html = render(&report).expect("renders");
    assert!(html.contains("Сайт соответствует обязательным требованиям"));
    assert!(html.contains("Все пункты выполнены."));

    report.summary.mandatory_passed = 6;
    report.summary.mandatory_unknown = 1;
    let html = render(&report).expect("renders");
    assert!(html.contains("Проверка не завершена"));

    report.site.reachable = false;
    report.site.error = Some("DNS: имя не найдено".to_string());
    let html = render(&report).expect("renders");
    assert!(html.contains("Проверка не завершена: сайт недоступен"));
    assert!(html.contains("DNS: имя не найдено"));
    assert!(html.contains("не рассчитан"));
}

#[test]
fn one_missing_item_is_singular() {
    let mut report = site_report();
    let s = &mut report.summary;
    (s.mandatory_failed, s.mandatory_partial) = (1, 0);
    let html = render(&report).expect("renders");
    assert!(html.contains("не хватает 1 обязательного сведения"));
}

#[test]
fn helpers_format_numbers_in_russian() {
    assert_eq!(plural(1, "a", "b", "c"), "a");
    assert_eq!(plural(3, "a", "b", "c"), "b");
    assert_eq!(plural(11, "a", "b", "c"), "c");
    assert_eq!(plural(22, "a", "b", "c"), "b");
    assert_eq!(format_percent(100.0), "100,0 %");
    assert_eq!(format_percent(f64::NAN), "—");
    assert_eq!(format_feedback(100), "100 баллов из 100");
    assert_eq!(format_duration(3_400), "3,4 с");
    assert_eq!(format_duration(3_725_000), "1 ч 2 мин");
    assert_eq!(format_timestamp("вчера"), "вчера");
    assert_eq!(safe_href(" JavaScript:alert(1)"), None);
    assert_eq!(safe_href("data:text/html,x"), None);
    assert_eq!(
        safe_href("https://example.ru/a b\"c").as_deref(),
        Some("https://example.ru/a%20b%22c")
    );
}

#[test]
fn judged_documents_show_file_type_year_and_what_was_missing() {
    let mut report = site_report();
    let v = report
        .requirements
        .iter_mut()
        .find(|v| v.status == Status::Partial)
        .expect("a partial verdict");
    v.documents.push(crate::report::DocumentFinding {
        url: "https://kcson.example/upload/plan-2019.pdf".into(),
        format: "pdf".into(),
        outcome: "scan".into(),
        counts: true,
        year: Some(2019),
        period: Some("2019 год".into()),
        columns_missing: vec!["Ответственный исполнитель".into()],
        problems: vec!["документ устарел: план на 2019 год".into()],
        note: None,
    });
    let html = render(&report).unwrap();
    assert!(html.contains("Проверенные документы"));
    assert!(html.contains(r#"<a href="https://kcson.example/upload/plan-2019.pdf">"#));
    assert!(html.contains("PDF, скан без текста"));
    assert!(html.contains("2019 год"));
    assert!(html.contains("документ устарел: план на 2019 год"));
    assert!(html.contains("нет столбцов: Ответственный исполнитель"));
}
