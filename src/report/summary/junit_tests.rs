//! Tests of `junit.xml`: well-formed, counts that add up, failure text an auditor can act on.

use super::sample::*;
use super::tests::{read, written};
use super::xml_check;

fn junit_root(dir: &tempfile::TempDir) -> xml_check::Element {
    xml_check::parse(&read(dir, "junit.xml")).expect("junit.xml is well-formed XML")
}

#[test]
fn junit_parses_and_counts_match() {
    let (dir, _) = written();
    let root = junit_root(&dir);
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.attr("name"), Some("socaudit"));
    assert_eq!(root.attr("tests"), Some("31"));
    assert_eq!(root.attr("failures"), Some("4"));
    assert_eq!(root.attr("errors"), Some("1"));
    assert_eq!(root.attr("skipped"), Some("12"));
    let suites: Vec<_> = root.children_named("testsuite").collect();
    assert_eq!(suites.len(), 4);
    for suite in &suites {
        let cases: Vec<_> = suite.children_named("testcase").collect();
        let count = |tag: &str| {
            cases
                .iter()
                .filter(|c| c.children_named(tag).count() > 0)
                .count()
        };
        assert_eq!(suite.attr("tests"), Some(cases.len().to_string().as_str()));
        assert_eq!(
            suite.attr("failures"),
            Some(count("failure").to_string().as_str())
        );
        assert_eq!(
            suite.attr("errors"),
            Some(count("error").to_string().as_str())
        );
        assert_eq!(
            suite.attr("skipped"),
            Some(count("skipped").to_string().as_str())
        );
    }
    assert_eq!(
        suites[0].attr("name"),
        Some(format!("{NAME_SCRIPT} — https://kcson.example.ru/").as_str())
    );
    let case = suites[0]
        .children_named("testcase")
        .nth(3)
        .expect("tariffs case");
    assert_eq!(case.attr("classname"), Some("kcson.example.ru"));
    assert_eq!(
        case.attr("name"),
        Some("tariffs — Тарифы на социальные услуги")
    );
    let down = suites[2]
        .children_named("testcase")
        .next()
        .expect("unreachable case");
    let error = down.children_named("error").next().expect("error element");
    assert_eq!(error.attr("type"), Some("unreachable"));
    assert!(error
        .attr("message")
        .unwrap_or_default()
        .contains("сайт не отвечает </script><b>&</b>"));
}

#[test]
fn junit_failure_carries_basis_note_and_evidence() {
    let (dir, _) = written();
    let root = junit_root(&dir);
    let suite = root.children_named("testsuite").next().expect("first site");
    let failure_of = |index: usize| {
        let case = suite.children_named("testcase").nth(index).expect("case");
        case.children_named("failure").next().map(|f| {
            (
                f.attr("type").unwrap_or_default().to_string(),
                f.attr("message").unwrap_or_default().to_string(),
                f.text.clone(),
            )
        })
    };
    let (kind, message, text) = failure_of(3).expect("tariffs fails");
    assert_eq!(kind, "fail");
    assert_eq!(message, "нет: Не найдено на 42 просмотренных страницах.");
    assert!(text.contains("Основание: 886н, пункт для tariffs"));
    assert!(text.contains("Что должно быть: Сведения «Тарифы на социальные услуги»"));
    assert!(
        text.contains("Где обычно размещают: Раздел «Сведения об организации», страница tariffs")
    );
    let (kind, _, text) = failure_of(6).expect("nok-plan is partial");
    assert_eq!(kind, "partial");
    assert!(text.contains("https://kcson.example.ru/docs/plan-nok.pdf (документ)"));
    assert!(text.contains("Почему: Ссылка на план отвечает 404."));
    // The note with markup survives as text.
    let (_, message, _) = failure_of(4).expect("finance fails");
    assert_eq!(
        message,
        format!("нет: {}", crate::report::html::sample::HOSTILE_IMG)
    );
    // Recommended fails and unknowns are skipped, not failed.
    let skipped_of = |index: usize| {
        let case = suite.children_named("testcase").nth(index).expect("case");
        assert!(failure_of(index).is_none(), "case {index} must not fail");
        let skipped = case.children_named("skipped").next().expect("skipped");
        skipped.attr("message").unwrap_or_default().to_string()
    };
    assert_eq!(severity(5), crate::model::Severity::Recommended);
    assert_eq!(
        skipped_of(5),
        "рекомендуемое, частично: Ссылка на устав отвечает 404."
    );
    assert_eq!(skipped_of(8), "рекомендуемое, нет: Раздела нет.");
    assert_eq!(
        skipped_of(7),
        "не определено: Страница закрыта в robots.txt."
    );
    // Without a stored report the failure still names the requirement and says why it is short.
    let hostile = root
        .children_named("testsuite")
        .nth(3)
        .expect("fourth site");
    let case = hostile.children_named("testcase").nth(3).expect("tariffs");
    let failure = case.children_named("failure").next().expect("failure");
    assert!(failure
        .text
        .contains("отчёт сайта (report.json) не прочитан"));
    assert_eq!(case.attr("classname"), Some("javascript:alert(1)"));
}
