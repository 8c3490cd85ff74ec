//! [`CaselessWords::may_be_in`] is a necessary condition of the case-insensitive regex.

use super::builtin_regex;
use super::caseless::CaselessWords;
use proptest::prelude::*;
use regex_syntax::hir::{Class, HirKind};

/// Every character a case-insensitive Cyrillic letter (а–я but ё) matches.
fn matched_by(letter: char) -> Vec<char> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(&letter.to_string())
        .unwrap();
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .collect(),
        HirKind::Literal(_) => vec![letter],
        other => panic!("{letter}: {other:?}"),
    }
}

#[test]
fn case_insensitive_cyrillic_letters_match_their_capitals_and_old_forms_only() {
    for letter in ('а'..='я').filter(|c| *c != 'ё') {
        for c in matched_by(letter) {
            let upper: Vec<char> = letter.to_uppercase().collect();
            let allowed = c == letter || upper == [c] || ('\u{1C80}'..='\u{1C88}').contains(&c);
            assert!(allowed, "{letter} matches {c:?} (U+{:04X})", c as u32);
        }
    }
}

#[test]
fn tricky_texts() {
    let words = ["оценк", "показател", "рейтинг"];
    for text in [
        "",
        "ОЦЕНКА",
        "Независимая Оценка",
        "пОкАзАтЕлЬ",
        "РЕЙТИНГ",
        "рейтин",
        "оцен к",
        "\u{1C82}ценка",
        "ё Ё ОЦЕНК",
        "аб",
    ] {
        let re = builtin_regex(&words.join("|"));
        if re.is_match(text) {
            assert!(CaselessWords::new(&words).may_be_in(text), "{text}");
        }
    }
    assert!(!CaselessWords::new(&words).may_be_in("Новости центра"));
    assert!(!CaselessWords::new(&words).may_be_in(""));
}

proptest! {
    #[test]
    fn never_misses_a_case_insensitive_match(
        text in "[оОцЦеЕнНкКаАрРйЙтТиИгГ \u{1C82}ёЁxX]{0,30}",
    ) {
        let words = ["оценк", "рейтинг", "тиг"];
        if builtin_regex(&words.join("|")).is_match(&text) {
            prop_assert!(CaselessWords::new(&words).may_be_in(&text));
        }
    }
}
