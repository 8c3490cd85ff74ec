//! Tests of the built-in rule set: it loads, covers the catalog in order, and its patterns catch
//! the phrasings real sites use without catching their look-alikes.

use super::lint::{lint, list, CATALOG_IDS};
use super::{fold, Patterns, Rule, RuleSet};
use crate::model::Severity;

/// The contract with reports, summaries and diffs: the catalog ids, in catalog order.
const EXPECTED_IDS: [&str; 30] = [
    "registration-date",
    "founder",
    "address",
    "schedule",
    "phone",
    "email",
    "structure",
    "services",
    "tariffs",
    "recipients",
    "management",
    "staff",
    "facilities",
    "vacancies",
    "service-volume",
    "licenses",
    "finance",
    "recipient-rules",
    "labor-rules",
    "collective-agreement",
    "inspections",
    "charter",
    "nok-results",
    "nok-plan",
    "survey",
    "vision-impaired",
    "feedback-form",
    "faq",
    "nok-plan-report",
    "official-social-page",
];

pub(super) const RECOMMENDED: [&str; 5] = [
    "charter",
    "feedback-form",
    "faq",
    "nok-plan-report",
    "official-social-page",
];

pub(super) fn rules() -> RuleSet {
    RuleSet::builtin()
}

fn field<'r>(rule: &'r Rule, name: &str) -> &'r Patterns {
    let m = &rule.matchers;
    match name {
        "link" => &m.link,
        "heading" => &m.heading,
        "page_title" => &m.page_title,
        "url" => &m.url,
        "content" => &m.content,
        "content_anywhere" => &m.content_anywhere,
        "absence" => &m.absence,
        "document" => &m.document,
        "external" => &m.external,
        "iframe" => &m.iframe,
        "script" => &m.script,
        "control" => &m.control,
        "confirm_any_of" | "confirm_title" | "confirm_title_exclude" => {
            let confirm = rule
                .document_check
                .as_ref()
                .and_then(|c| c.confirm.as_ref())
                .unwrap_or_else(|| panic!("{}: no [rule.confirm]", rule.id));
            match name {
                "confirm_any_of" => &confirm.any_of,
                "confirm_title" => &confirm.title,
                _ => &confirm.title_exclude,
            }
        }
        other => panic!("unknown matcher {other}"),
    }
}

/// The checker's rule: a candidate counts when a pattern of `name` matches and no `exclude` does.
pub(super) fn hits(set: &RuleSet, id: &str, name: &str, text: &str) -> bool {
    let rule = set.get(id).unwrap_or_else(|| panic!("no rule {id}"));
    let hay = fold(text);
    // `[rule.confirm]` judges a candidate's own text; the rule's `exclude` has already had its say.
    if name.starts_with("confirm_") {
        return field(rule, name).is_match(&hay);
    }
    field(rule, name).is_match(&hay) && !rule.matchers.exclude.is_match(&hay)
}

/// Ids whose `name` matcher accepts `text`.
fn ids_hit(set: &RuleSet, name: &str, text: &str) -> Vec<String> {
    set.rules
        .iter()
        .filter(|r| hits(set, &r.id.0, name, text))
        .map(|r| r.id.0.clone())
        .collect()
}

#[test]
fn builtin_loads_with_the_catalog_ids_in_order() {
    let set = rules();
    assert_eq!(set.id, "1239-886n");
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.0.as_str()).collect();
    assert_eq!(ids, EXPECTED_IDS);
    assert_eq!(CATALOG_IDS, EXPECTED_IDS);
}

#[test]
fn builtin_rules_are_documented_and_severities_match_the_catalog() {
    for rule in &rules().rules {
        for (key, value) in [
            ("title", &rule.title),
            ("basis", &rule.basis),
            ("what", &rule.what),
            ("hint", &rule.hint),
        ] {
            assert!(!value.trim().is_empty(), "{}: empty {key}", rule.id);
        }
        // The fix is said to an institution: an imperative sentence naming where to publish.
        let fix = rule.fix.as_deref().unwrap_or_default();
        assert!(
            fix.contains('«') || fix.contains("шапк"),
            "{}: {fix:?}",
            rule.id
        );
        let verbs = [
            "Укажите",
            "Опубликуйте",
            "Разместите",
            "Опишите",
            "Сделайте",
            "Создайте",
            "Поставьте",
        ];
        assert!(
            verbs.iter().any(|v| fix.starts_with(v)),
            "{}: {fix:?}",
            rule.id
        );
        let expected = if RECOMMENDED.contains(&rule.id.0.as_str()) {
            Severity::Recommended
        } else {
            Severity::Mandatory
        };
        assert_eq!(rule.severity, expected, "{}", rule.id);
    }
}

#[test]
fn builtin_lints_clean() {
    let warnings = lint(&rules());
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn lint_flags_missing_catalog_ids_and_spaces() {
    let text =
        "[ruleset]\nid = \"1239-886n\"\ntitle = \"T\"\n[[rule]]\nid = \"founder\"\ntitle = \"У\"\n\
                severity = \"mandatory\"\ncontent = ['учредител ']\n";
    let set = RuleSet::from_toml_str(text, "x.toml").unwrap();
    let shown: Vec<String> = lint(&set).iter().map(|w| w.to_string()).collect();
    assert!(
        shown
            .iter()
            .any(|w| w.contains("lacks catalog requirements") && w.contains("nok-plan")),
        "{shown:#?}"
    );
    assert!(
        shown.iter().any(|w| w.contains("no page-level matcher")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|w| w.contains("starts or ends with a space")),
        "{shown:#?}"
    );
    assert!(
        shown.iter().any(|w| w.contains("`basis` is empty")),
        "{shown:#?}"
    );
}

#[test]
fn list_is_a_table_of_all_rules() {
    let out = list(&rules());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2 + 30, "{out}");
    assert!(lines[1].starts_with("id"), "{out}");
    assert!(
        lines[2].starts_with("registration-date ") && lines[2].contains(" mandatory "),
        "{out}"
    );
    assert!(out.contains("official-social-page"));
    assert!(out.contains("ПП РФ № 1239 п. 2(б)"));
}

/// Real link and tab texts of kcson-samara-redesign/pages/docs.php and the ids they stand for.
const KCSON_DOCS: &[(&str, &[&str])] = &[
    ("Устав Учреждения", &["charter"]),
    ("Изменения в Устав от 03.06.2024", &["charter"]),
    ("Коллективный договор", &["collective-agreement"]),
    ("Организационная структура Учреждения", &["structure"]),
    ("Правила внутреннего трудового распорядка", &["labor-rules"]),
    (
        "Лицензия на осуществление образовательной деятельности",
        &["licenses"],
    ),
    ("Сведения о проведенных проверках 2019", &["inspections"]),
    ("Численность ПСУ 2019", &["recipients"]),
    (
        "Количество свободных мест для приема ПСУ 2021",
        &["vacancies"],
    ),
    ("Перечень предоставляемых социальных услуг", &["services"]),
    (
        "Условия предоставления социальных услуг Учреждением",
        &["services"],
    ),
    (
        "Прогнозируемое количество предоставляемых социальных услуг 2022-2024 г",
        &["service-volume"],
    ),
    (
        "Отчет о финансовых результатах деятельности 2019",
        &["finance"],
    ),
    ("Финансовая отчетность", &["finance"]),
    (
        "Отчеты по материально техническому обеспечению",
        &["facilities"],
    ),
    ("Материально-техническое оснащение", &["facilities"]),
    ("Независимая оценка качества", &["nok-results"]),
    (
        "Рейтинг организаций социального обслуживания Самарской области",
        &["nok-results"],
    ),
    ("Задать вопрос", &["feedback-form"]),
    ("Версия сайта для слабовидящих", &["vision-impaired"]),
    ("Отчет о выполнении плана 2022", &[]),
    ("План мероприятий 2022", &[]),
    ("Попечительский совет", &[]),
    ("Охрана труда", &[]),
    ("Выписка из реестра поставщиков социальных услуг", &[]),
];

#[cfg(feature = "realsites")]
use crate::realsites::read as realsite;

#[test]
fn kcson_docs_texts_hit_exactly_their_ids() {
    let set = rules();
    for (text, expected) in KCSON_DOCS {
        assert_eq!(ids_hit(&set, "link", text), *expected, "{text}");
    }
}

#[cfg(feature = "realsites")]
#[test]
fn kcson_docs_texts_are_on_the_real_page() {
    let page = realsite("kcson-samara-redesign/pages/docs.php");
    for (text, _) in KCSON_DOCS {
        assert!(page.contains(text), "not on the real page: {text}");
    }
}

#[cfg(feature = "realsites")]
#[test]
fn volganet_sections_hit_exactly_their_ids() {
    let json = realsite("gorodishche-srcn/volganet_sections.json");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let expected = |slug: &str| -> &[&str] {
        match slug {
            "uslugi" | "formy" | "vidy" | "poryadok" => &["services"],
            "chislennost" => &["recipients"],
            "obem" => &["service-volume"],
            "mesta" => &["vacancies"],
            "plan-finans" => &["finance"],
            "otchety" | "predpisaniya" => &["inspections"],
            "otsenka-kachestva" => &["nok-results"],
            "mat-teh" => &["facilities"],
            _ => &[],
        }
    };
    let set = rules();
    let sections = value["current_activity"].as_array().unwrap();
    assert_eq!(sections.len(), 13);
    for s in sections {
        let (slug, title, path) = (
            s[0].as_str().unwrap(),
            s[1].as_str().unwrap(),
            s[2].as_str().unwrap(),
        );
        assert_eq!(
            ids_hit(&set, "link", title),
            expected(slug),
            "title {title}"
        );
        assert_eq!(ids_hit(&set, "url", path), expected(slug), "path {path}");
    }
}
