//! Tests of the loader: positions and wording of errors, compilation, folding.

use super::error::RulesError;
use super::load::rule_id_before;
use super::{fold, RuleSet};
use crate::model::Severity;
use std::path::Path;

const HEAD: &str = "[ruleset]\nid = \"t\"\ntitle = \"T\"\nversion = \"1\"\n";

pub(super) fn load(body: &str) -> Result<RuleSet, RulesError> {
    RuleSet::from_toml_str(&format!("{HEAD}{body}"), "rules/x.toml")
}

pub(super) fn err(body: &str) -> RulesError {
    match load(body) {
        Ok(_) => panic!("expected an error for:\n{body}"),
        Err(e) => e,
    }
}

pub(super) fn at(e: &RulesError) -> (usize, usize) {
    let loc = match e {
        RulesError::Read { .. } => panic!("read error"),
        RulesError::Toml { at, .. }
        | RulesError::InvalidRegex { at, .. }
        | RulesError::MatchesEmpty { at, .. }
        | RulesError::EmptyPattern { at, .. }
        | RulesError::BadId { at, .. }
        | RulesError::DuplicateId { at, .. }
        | RulesError::BadSeverity { at, .. }
        | RulesError::BadFieldKind { at, .. }
        | RulesError::BadDocumentCheck { at, .. }
        | RulesError::BadQa { at, .. }
        | RulesError::BadFix { at, .. }
        | RulesError::BadConfirm { at, .. }
        | RulesError::NoMatcher { at, .. } => at,
    };
    assert_eq!(loc.path, "rules/x.toml");
    (loc.line, loc.column)
}

const GOOD: &str = "[[rule]]\nid = \"founder\"\ntitle = \"Учредитель\"\nseverity = \"mandatory\"\nlink = ['учредител']\n";

#[test]
fn minimal_rule_loads_and_compiles_case_insensitive_folded() {
    let set = load(GOOD).unwrap();
    let rule = set.get("founder").unwrap();
    assert_eq!(rule.severity, Severity::Mandatory);
    assert!(rule.matchers.link.is_match(&fold("УЧРЕДИТЕЛЬ")));
    assert!(rule.max_age_days.is_none());
    assert!(set.get("nope").is_none());
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let text = format!("\u{feff}{HEAD}{GOOD}").replace('\n', "\r\n");
    assert!(RuleSet::from_toml_str(&text, "x.toml").is_ok());
    let bad = format!("\u{feff}{HEAD}{GOOD}")
        .replace("'учредител'", "'(x'")
        .replace('\n', "\r\n");
    let e = RuleSet::from_toml_str(&bad, "x.toml").unwrap_err();
    assert!(e.to_string().starts_with("x.toml:9:9: "), "{e}");
}

#[test]
fn yo_in_pattern_is_folded() {
    let set = load("[[rule]]\nid = \"a\"\ntitle = \"A\"\nseverity = \"recommended\"\nlink = ['отчёт']\nmax_age_days = 400\n").unwrap();
    let rule = &set.rules[0];
    assert!(rule.matchers.link.is_match(&fold("Отчёт")));
    assert!(rule.matchers.link.is_match("Отчет"));
    assert_eq!(rule.max_age_days, Some(400));
}

#[test]
fn syntax_error_has_line_and_column() {
    let e = err("[[rule]]\nid = \"founder\"\ntitle = \"Учредитель\nseverity = \"mandatory\"\n");
    assert!(matches!(e, RulesError::Toml { .. }), "{e}");
    assert_eq!(at(&e).0, 7, "{e}");
    assert!(e.to_string().starts_with("rules/x.toml:7:"), "{e}");
}

#[test]
fn unknown_key_names_position_and_rule() {
    let e =
        err("[[rule]]\nid = \"founder\"\ntitle = \"У\"\nseverity = \"mandatory\"\nlinks = ['x']\n");
    let RulesError::Toml { rule, message, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(rule.as_deref(), Some("founder"));
    assert!(message.contains("links"), "{message}");
    assert_eq!(at(&e), (9, 1), "{e}");
}

#[test]
fn missing_key_names_the_rule() {
    let e = err("[[rule]]\nid = \"founder\"\nseverity = \"mandatory\"\nlink = ['a']\n");
    let RulesError::Toml { rule, message, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(rule.as_deref(), Some("founder"));
    assert!(message.contains("title"), "{message}");
    assert!(e.to_string().contains("add the key"), "{e}");
}

#[test]
fn bad_regex_points_at_the_pattern_string() {
    let body = "[[rule]]\nid = \"founder\"\ntitle = \"Учредитель\"\nseverity = \"mandatory\"\nlink = ['ok', 'учред(ител']\n";
    let e = err(body);
    assert!(matches!(e, RulesError::InvalidRegex { .. }), "{e}");
    // line 9 of the file, the second string starts after `link = ['ok', ` (15 chars).
    assert_eq!(at(&e), (9, 15), "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "rules/x.toml:9:15: rule «founder»: invalid regular expression in `link`: "
        ),
        "{shown}"
    );
    assert!(!shown.contains('\n'), "{shown}");
    assert!(shown.contains("unclosed group"), "{shown}");
}

#[test]
fn duplicate_id_is_reported_at_the_second() {
    let e = err(&format!("{GOOD}{GOOD}"));
    let RulesError::DuplicateId { first_line, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(*first_line, 6);
    assert_eq!(at(&e), (11, 6), "{e}");
}

#[test]
fn rule_without_matcher_is_an_error() {
    let e = err("[[rule]]\nid = \"founder\"\ntitle = \"У\"\nseverity = \"mandatory\"\n");
    assert!(matches!(e, RulesError::NoMatcher { .. }), "{e}");
    assert_eq!(at(&e), (6, 6), "{e}");
    assert!(e.to_string().contains("rule «founder»: no matcher"), "{e}");
}

#[test]
fn id_severity_and_pattern_checks() {
    let rule = |id: &str, sev: &str, link: &str| {
        format!("[[rule]]\nid = \"{id}\"\ntitle = \"T\"\nseverity = \"{sev}\"\nlink = ['{link}']\n")
    };
    assert!(matches!(
        err(&rule("", "mandatory", "x")),
        RulesError::BadId { .. }
    ));
    assert!(matches!(
        err(&rule("Founder", "mandatory", "x")),
        RulesError::BadId { .. }
    ));
    assert!(matches!(
        err(&rule("учредитель", "mandatory", "x")),
        RulesError::BadId { .. }
    ));
    let e = err(&rule("a", "must", "x"));
    assert!(matches!(e, RulesError::BadSeverity { .. }), "{e}");
    assert_eq!(at(&e), (8, 12));
    assert!(matches!(
        err(&rule("a", "mandatory", "")),
        RulesError::EmptyPattern { .. }
    ));
    let e = err(&rule("a", "mandatory", "x*"));
    assert!(matches!(e, RulesError::MatchesEmpty { .. }), "{e}");
    assert!(matches!(
        err(&rule("a", "mandatory", "(a|)")),
        RulesError::MatchesEmpty { .. }
    ));
}

#[test]
fn form_matcher_is_checked() {
    let ok = load("[[rule]]\nid = \"f\"\ntitle = \"F\"\nseverity = \"recommended\"\nform = { fields = [\"textarea\"], text = ['вопрос'] }\n").unwrap();
    let form = ok.rules[0].matchers.form.as_ref().unwrap();
    assert_eq!(form.fields, vec!["textarea".to_string()]);
    let e = err("[[rule]]\nid = \"f\"\ntitle = \"F\"\nseverity = \"recommended\"\nform = { fields = [\"textbox\"] }\n");
    assert!(matches!(e, RulesError::BadFieldKind { .. }), "{e}");
    let e = err("[[rule]]\nid = \"f\"\ntitle = \"F\"\nseverity = \"recommended\"\nform = { fields = [], text = ['(x'] }\n");
    assert!(e.to_string().contains("`form.text`"), "{e}");
}

#[test]
fn missing_file_names_the_path() {
    let e = RuleSet::load(Path::new("/nonexistent/rules.toml")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("/nonexistent/rules.toml: cannot read"),
        "{e}"
    );
}

#[test]
fn rule_id_is_found_for_parse_errors() {
    let text = "[[rule]]\nid = \"a\"\n[[rule]]\nid = 'b'\nx = \n";
    assert_eq!(rule_id_before(text, text.len() - 1).as_deref(), Some("b"));
    assert_eq!(rule_id_before(text, 0).as_deref(), Some("a"));
    assert_eq!(rule_id_before("x = 1\n[[rule]]\nid = 'a'\n", 1), None);
}

#[test]
fn qa_matcher_loads_and_zero_is_refused_with_its_place() {
    let set = load("[[rule]]\nid = \"faq\"\ntitle = \"FAQ\"\nseverity = \"recommended\"\nqa = 2\n")
        .unwrap();
    assert_eq!(set.get("faq").unwrap().matchers.qa, Some(2));
    let e = err("[[rule]]\nid = \"faq\"\ntitle = \"FAQ\"\nseverity = \"recommended\"\nqa = 0\n");
    assert!(matches!(e, RulesError::BadQa { .. }), "{e}");
    assert_eq!(at(&e), (9, 6));
}

#[test]
fn fix_sentence_loads_trimmed_and_bad_ones_are_refused_with_their_place() {
    let with_fix = |fix: &str| GOOD.replace("link =", &format!("fix = {fix}\nlink ="));
    let set = load(&with_fix(
        "\"  Укажите учредителя в разделе «Основные сведения». \"",
    ))
    .unwrap();
    assert_eq!(
        set.get("founder").unwrap().fix.as_deref(),
        Some("Укажите учредителя в разделе «Основные сведения».")
    );
    assert!(load(GOOD).unwrap().get("founder").unwrap().fix.is_none());
    for (bad, says) in [
        ("\"  \"", "is empty"),
        ("\"Укажите\\nучредителя.\"", "one line"),
        ("\"Укажите учредителя\"", "ending with"),
        (&format!("\"{}.\"", "я".repeat(400)), "400 characters"),
    ] {
        let e = err(&with_fix(bad));
        assert!(matches!(e, RulesError::BadFix { .. }), "{e}");
        assert!(e.to_string().contains(says), "{e}");
        assert!(e.to_string().contains("rule «founder»: `fix`"), "{e}");
        assert_eq!(at(&e), (9, 7), "{e}");
    }
}
