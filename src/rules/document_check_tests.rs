//! Tests of `[rule.document_check]`: parsing, defaults, and errors with `path:line:col`.

use super::document_check::DocAnalysis;
use super::error::RulesError;
use super::fold;
use super::load_tests::{at, err, load};

/// Lines 5–9 of the test file (the header takes lines 1–4).
const RULE: &str =
    "[[rule]]\nid = \"nok-plan\"\ntitle = \"План\"\nseverity = \"mandatory\"\nlink = ['план']\n";

fn with_check(check: &str) -> String {
    format!("{RULE}[rule.document_check]\n{check}")
}

#[test]
fn full_check_loads() {
    let set = load(&with_check(
        "analysis = \"plan\"\nmust_contain = ['недостат', 'мероприяти']\nmin_columns = 4\nmax_age_days = 730\ncurrent_year = true\n",
    ))
    .unwrap();
    let rule = &set.rules[0];
    let check = rule.document_check.as_ref().unwrap();
    assert_eq!(check.analysis, DocAnalysis::Plan);
    assert_eq!(check.must_contain.0.len(), 2);
    assert!(check.must_contain.is_match(&fold("НЕДОСТАТКИ")));
    assert_eq!(check.min_columns, Some(4));
    assert_eq!(check.max_age_days, Some(730));
    assert!(check.current_year);
    assert_eq!(rule.max_age_days, Some(730));
}

#[test]
fn defaults_and_inline_table() {
    let set = load(&format!(
        "{RULE}document_check = {{ current_year = true }}\n"
    ))
    .unwrap();
    let check = set.rules[0].document_check.as_ref().unwrap();
    assert_eq!(check.analysis, DocAnalysis::None);
    assert!(check.must_contain.is_empty());
    assert_eq!(check.min_columns, None);
    assert_eq!(check.max_age_days, None);
    assert!(check.current_year);
    let set = load(RULE).unwrap();
    assert!(set.rules[0].document_check.is_none());
}

#[test]
fn rule_level_max_age_becomes_a_check() {
    let set = load(&format!("{RULE}max_age_days = 400\n")).unwrap();
    let rule = &set.rules[0];
    assert_eq!(rule.max_age_days, Some(400));
    let check = rule.document_check.as_ref().unwrap();
    assert_eq!(check.analysis, DocAnalysis::None);
    assert_eq!(check.max_age_days, Some(400));
}

#[test]
fn both_max_ages_is_an_error_at_the_rule_level_one() {
    let e = err(&format!(
        "{RULE}max_age_days = 400\n[rule.document_check]\nmax_age_days = 30\n"
    ));
    assert!(matches!(e, RulesError::BadDocumentCheck { .. }), "{e}");
    assert_eq!(at(&e), (10, 16), "{e}");
}

#[test]
fn unknown_key_in_the_check_names_line_column_and_rule() {
    let e = err(&with_check("analysis = \"plan\"\nmin_column = 4\n"));
    let RulesError::Toml { rule, message, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(rule.as_deref(), Some("nok-plan"));
    assert!(message.contains("min_column"), "{message}");
    assert_eq!(at(&e), (12, 1), "{e}");
    assert!(e.to_string().contains("remove or rename the key"), "{e}");
}

#[test]
fn unknown_analysis_points_at_the_value() {
    let e = err(&with_check("analysis = \"plans\"\n"));
    assert!(matches!(e, RulesError::BadDocumentCheck { .. }), "{e}");
    assert_eq!(at(&e), (11, 12), "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with("rules/x.toml:11:12: rule «nok-plan»: `analysis` in [rule.document_check]: unknown analysis «plans»"),
        "{shown}"
    );
}

#[test]
fn min_columns_needs_a_plan_analysis_and_a_sane_number() {
    let e = err(&with_check("analysis = \"nok-results\"\nmin_columns = 4\n"));
    assert!(matches!(e, RulesError::BadDocumentCheck { .. }), "{e}");
    assert_eq!(at(&e), (12, 15), "{e}");
    assert!(e.to_string().contains("analysis = \"plan\""), "{e}");
    let e = err(&with_check("min_columns = 4\n"));
    assert!(e.to_string().contains("analysis is \"none\""), "{e}");
    let e = err(&with_check("analysis = \"plan\"\nmin_columns = 9\n"));
    assert!(e.to_string().contains("must be 1 to 6"), "{e}");
    let e = err(&with_check("analysis = \"plan-report\"\nmin_columns = 0\n"));
    assert!(e.to_string().contains("must be 1 to 6"), "{e}");
    assert!(load(&with_check("analysis = \"plan-report\"\nmin_columns = 2\n")).is_ok());
}

#[test]
fn max_age_must_be_positive_and_sane() {
    let e = err(&with_check("max_age_days = 0\n"));
    assert_eq!(at(&e), (11, 16), "{e}");
    assert!(e.to_string().contains("must be 1 to 3660"), "{e}");
    let e = err(&with_check("max_age_days = 100000\n"));
    assert!(e.to_string().contains("must be 1 to 3660"), "{e}");
    let e = err(&with_check("max_age_days = -5\n"));
    assert!(matches!(e, RulesError::Toml { .. }), "{e}");
    assert_eq!(at(&e).0, 11, "{e}");
}

#[test]
fn wrong_types_get_a_hint_for_the_type() {
    let e = err(&with_check("min_columns = \"4\"\n"));
    assert!(matches!(e, RulesError::Toml { .. }), "{e}");
    assert_eq!(at(&e), (11, 15), "{e}");
    assert!(e.to_string().contains("whole number"), "{e}");
    let e = err(&with_check("current_year = \"yes\"\n"));
    assert_eq!(at(&e), (11, 16), "{e}");
    assert!(e.to_string().contains("true or false"), "{e}");
    let e = err(&with_check("must_contain = 'недостат'\n"));
    assert!(e.to_string().contains("lists of strings"), "{e}");
}

#[test]
fn must_contain_patterns_are_checked_like_matchers() {
    let e = err(&with_check("must_contain = ['ok', 'недо(стат']\n"));
    assert!(matches!(e, RulesError::InvalidRegex { .. }), "{e}");
    assert_eq!(at(&e), (11, 23), "{e}");
    assert!(
        e.to_string().contains("`document_check.must_contain`"),
        "{e}"
    );
    let e = err(&with_check("must_contain = ['']\n"));
    assert!(matches!(e, RulesError::EmptyPattern { .. }), "{e}");
    let e = err(&with_check("must_contain = ['x*']\n"));
    assert!(matches!(e, RulesError::MatchesEmpty { .. }), "{e}");
}

#[test]
fn a_check_alone_is_not_a_matcher() {
    let e = err("[[rule]]\nid = \"a\"\ntitle = \"A\"\nseverity = \"mandatory\"\n[rule.document_check]\nanalysis = \"plan\"\n");
    assert!(matches!(e, RulesError::NoMatcher { .. }), "{e}");
}
