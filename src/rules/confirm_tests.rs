//! Tests of `[rule.confirm]`: parsing, how it joins the document check, and errors with
//! `path:line:col`.

use super::error::RulesError;
use super::fold;
use super::load_tests::{at, err, load};

/// Lines 5–9 of the test file (the header takes lines 1–4).
const RULE: &str = "[[rule]]\nid = \"recipient-rules\"\ntitle = \"Правила\"\nseverity = \"mandatory\"\nlink = ['правил']\n";

fn with_confirm(body: &str) -> String {
    format!("{RULE}[rule.confirm]\n{body}")
}

#[test]
fn full_table_loads_into_a_confirm_only_check() {
    let set = load(&with_confirm(
        "title = ['правил\\w*\\s+внутренн']\ntitle_exclude = ['трудов']\nmust_contain = ['получател']\nany_of = ['распоряд', 'проживан']\n",
    ))
    .unwrap();
    let check = set.rules[0].document_check.as_ref().unwrap();
    assert!(check.confirm_only());
    let confirm = check.confirm.as_ref().unwrap();
    assert!(confirm
        .title
        .is_match(&fold("ПРАВИЛА ВНУТРЕННЕГО распорядка")));
    assert!(confirm
        .title_exclude
        .is_match("правила внутреннего трудового распорядка"));
    assert_eq!(confirm.must_contain.0.len(), 1);
    assert_eq!(confirm.any_of.0.len(), 2);
    assert!(confirm.has_text_conditions());
}

#[test]
fn joins_an_existing_document_check() {
    let set = load(&format!(
        "{RULE}[rule.document_check]\ncurrent_year = true\n[rule.confirm]\ntitle_exclude = ['грамотност']\n"
    ))
    .unwrap();
    let check = set.rules[0].document_check.as_ref().unwrap();
    assert!(check.current_year);
    assert!(!check.confirm_only());
    assert!(check.confirm.as_ref().unwrap().title.is_empty());
    assert!(!check.confirm.as_ref().unwrap().has_text_conditions());
    // Inline, too.
    let set = load(&format!("{RULE}confirm = {{ title = ['устав'] }}\n")).unwrap();
    assert!(set.rules[0]
        .document_check
        .as_ref()
        .unwrap()
        .confirm
        .is_some());
    // Without the table nothing is confirmed.
    let set = load(RULE).unwrap();
    assert!(set.rules[0].document_check.is_none());
}

#[test]
fn unknown_key_names_its_place() {
    let e = err(&with_confirm("titles = ['x']\n"));
    assert!(matches!(e, RulesError::Toml { .. }), "{e}");
    assert_eq!(at(&e), (11, 1), "{e}");
    assert!(e.to_string().contains("titles"), "{e}");
}

#[test]
fn bad_pattern_names_its_place_and_key() {
    let e = err(&with_confirm("title = ['ok']\nany_of = ['(broken']\n"));
    assert!(matches!(e, RulesError::InvalidRegex { .. }), "{e}");
    assert_eq!(at(&e), (12, 11), "{e}");
    assert!(e.to_string().contains("confirm.any_of"), "{e}");
    let e = err(&with_confirm("title_exclude = ['x*']\n"));
    assert!(matches!(e, RulesError::MatchesEmpty { .. }), "{e}");
    assert!(e.to_string().contains("confirm.title_exclude"), "{e}");
}

#[test]
fn empty_table_is_an_error() {
    let e = err(&format!("{RULE}confirm = {{}}\n"));
    assert!(matches!(e, RulesError::BadConfirm { .. }), "{e}");
    assert_eq!(at(&e).0, 10, "{e}");
    assert!(
        e.to_string().contains("rules/x.toml:10:") && e.to_string().contains("[rule.confirm]"),
        "{e}"
    );
}

#[test]
fn wrong_type_is_an_error() {
    let e = err(&with_confirm("title = 'устав'\n"));
    assert!(matches!(e, RulesError::Toml { .. }), "{e}");
    assert_eq!(at(&e).0, 11, "{e}");
}
