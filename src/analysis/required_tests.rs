//! The required words of rules patterns are in every match.

use super::builtin_regex;
use super::required::{required_words, words_of};
use crate::rules::RuleSet;
use proptest::prelude::*;

#[test]
fn words_of_some_patterns() {
    assert_eq!(words_of(r"\d\s*(руб|₽|р\.)").unwrap(), ["р.", "руб", "₽"]);
    assert_eq!(
        words_of(r"лицензи\w*\s+не\s+требуется").unwrap(),
        ["требуется"]
    );
    assert_eq!(
        words_of(r"(^|\n|\|)\s*(тариф|стоимост|цена)[^\n|]{0,40}(\n|\|)[\s\S]{0,400}?(\n|\|)\s*\d")
            .unwrap(),
        ["\n", "|"]
    );
    assert_eq!(words_of(r"\bустав\b").unwrap(), ["устав"]);
    // Nothing is required of an optional part; ё and Latin letters (k also matches K, the
    // Kelvin sign) are left out of the words.
    assert_eq!(words_of(r"(тариф)?\d"), None);
    assert_eq!(words_of(r"ёлка").unwrap(), ["лка"]);
    assert_eq!(words_of(r"kb"), None);
}

/// Every pattern of the default rules' document checks.
fn rule_patterns() -> Vec<String> {
    let rules = RuleSet::builtin();
    let mut out = Vec::new();
    for rule in &rules.rules {
        let Some(check) = &rule.document_check else {
            continue;
        };
        out.extend(check.must_contain.0.iter().map(|r| r.as_str().to_string()));
        if let Some(c) = &check.confirm {
            for p in [&c.title, &c.title_exclude, &c.must_contain, &c.any_of] {
                out.extend(p.0.iter().map(|r| r.as_str().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_match_in_texts_made_of_the_words_holds_one_of_them() {
    for pattern in rule_patterns() {
        let Some(required) = required_words(&pattern) else {
            continue;
        };
        let re = builtin_regex(&pattern);
        // Each word, upper-cased and as written, amid digits, signs and other words.
        for word in words_of(&pattern).expect("known words") {
            for text in [
                format!("тариф {word} 45,20 руб.\n| 100,00 |"),
                format!("ЛИЦЕНЗИЯ № {} от 01.02.2020", word.to_uppercase()),
                word.to_string(),
            ] {
                if re.is_match(&text) {
                    assert!(required.may_be_in(&text), "{pattern} on {text:?}");
                }
            }
        }
    }
}

proptest! {
    #[test]
    fn a_text_without_the_words_does_not_match(
        parts in proptest::collection::vec(
            prop::sample::select(vec![
                "тариф", "ТАРИФ", "руб", "Руб.", "р.", "₽", "1", "45", ",", ".", " ", "\n", "|",
                "стоимость", "цена", "лицензия", "№", "не", "требуется", "отделение", "заведующий",
                "органы", "управления", "утверждены", "установлен", "бесплатно", "серия", "л0",
                "23-", "ᲂ", "запись", "в", "реестре", "выписка", "из", "Ё",
            ]),
            0..16,
        ),
        which in 0..64usize,
    ) {
        let patterns = rule_patterns();
        let pattern = &patterns[which % patterns.len()];
        let text = parts.concat();
        if let Some(required) = required_words(pattern) {
            if builtin_regex(pattern).is_match(&text) {
                prop_assert!(required.may_be_in(&text), "{} on {:?}", pattern, text);
            }
        }
    }
}
