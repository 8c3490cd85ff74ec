//! Tests of `junit.xml`: well-formed, counts that add up, failure text an auditor can act on.

use super::sample::*;
use super::tests::{read, written};
use super::xml_check;

fn junit_root(dir: &tempfile::TempDir) -> xml_check::Element {
    xml_check::parse(&read(dir, "junit.xml")).expect("junit.xml is well-formed XML")
}

/// The test case of requirement `id` in `suite`.
fn case<'a>(suite: &'a xml_check::Element, id: &str) -> &'a xml_check::Element {
    let prefix = format!("{id} — ");
    suite
        .children_named("testcase")
        .find(|c| c.attr("name").unwrap_or_default().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no test case for {id}"))
}

#[test]
fn junit_parses_and_counts_match() {
    let (dir, _) = written();
    let root = junit_root(&dir);
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.attr("name"), Some("socaudit"));
    // Passing requirements are one case per site: 4 failures + 1 error + 12 skipped + the
    // passed-requirements cases of the two sites that pass something.
    assert_eq!(root.attr("tests"), Some("19"));
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
    let first = suites[0]
        .children_named("testcase")
        .next()
        .expect("passed case");
    assert_eq!(first.attr("name"), Some("выполнено требований: 4 из 10"));
    assert!(first.children.is_empty(), "the passed case is a plain pass");
    let case = case(suites[0], "tariffs");
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
    let failure_of = |id: &str| {
        case(suite, id).children_named("failure").next().map(|f| {
            (
                f.attr("type").unwrap_or_default().to_string(),
                f.attr("message").unwrap_or_default().to_string(),
                f.text.clone(),
            )
        })
    };
    let (kind, message, text) = failure_of("tariffs").expect("tariffs fails");
    assert_eq!(kind, "fail");
    assert_eq!(message, "нет: Не найдено на 42 просмотренных страницах.");
    assert!(text.contains("Основание: 886н, пункт для tariffs"));
    // What to publish and where is in the site's report, which the failure names.
    assert!(!text.contains("Что должно быть"), "{text}");
    assert!(
        text.contains("Подробности: kcson.example.ru/report.html"),
        "{text}"
    );
    let (kind, _, text) = failure_of("nok-plan").expect("nok-plan is partial");
    assert_eq!(kind, "partial");
    assert!(text.contains("https://kcson.example.ru/docs/plan-nok.pdf (документ)"));
    assert!(text.contains("Почему: Ссылка на план отвечает 404."));
    // The note with markup survives as text.
    let (_, message, _) = failure_of("finance").expect("finance fails");
    assert_eq!(
        message,
        format!("нет: {}", crate::report::html::sample::HOSTILE_IMG)
    );
    // Recommended fails and unknowns are skipped, not failed.
    let skipped_of = |index: usize| {
        let id = crate::report::html::sample::site_report().requirements[index]
            .id
            .0
            .clone();
        assert!(failure_of(&id).is_none(), "case {id} must not fail");
        let skipped = case(suite, &id)
            .children_named("skipped")
            .next()
            .expect("skipped");
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
    let case = case(hostile, "tariffs");
    let failure = case.children_named("failure").next().expect("failure");
    assert!(failure
        .text
        .contains("отчёт сайта (report.json) не прочитан"));
    assert_eq!(case.attr("classname"), Some("javascript:alert(1)"));
}
