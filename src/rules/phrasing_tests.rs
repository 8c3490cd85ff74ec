//! The phrasing table (`phrasings.txt`): real-world link texts, headings, URLs and sentences the
//! built-in patterns must accept, and look-alikes they must refuse.

use super::builtin_tests::{hits, rules};
use crate::model::Severity;

/// One line of the table.
struct Phrasing {
    line: usize,
    id: String,
    matcher: String,
    accept: bool,
    text: String,
}

fn phrasings() -> Vec<Phrasing> {
    let table = include_str!("phrasings.txt");
    let mut out = Vec::new();
    for (i, line) in table.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, rest) = split_token(line);
        let (matcher, rest) = split_token(rest);
        let (sign, text) = split_token(rest);
        let accept = match sign {
            "+" => true,
            "-" => false,
            other => {
                panic!("phrasings.txt:{line_no}: want `id matcher +|- text`, got sign `{other}`")
            }
        };
        assert!(!text.is_empty(), "phrasings.txt:{line_no}: no text");
        out.push(Phrasing {
            line: line_no,
            id: id.to_string(),
            matcher: matcher.to_string(),
            accept,
            text: text.trim_end().replace("\\n", "\n"),
        });
    }
    out
}

/// The first whitespace-separated token of `s` and the rest, trimmed at the start.
fn split_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    }
}

#[test]
fn phrasings_are_accepted_or_refused_as_listed() {
    let set = rules();
    let wrong: Vec<String> = phrasings()
        .iter()
        .filter(|p| hits(&set, &p.id, &p.matcher, &p.text) != p.accept)
        .map(|p| {
            let want = if p.accept {
                "must match"
            } else {
                "must not match"
            };
            format!(
                "phrasings.txt:{}: {} {} {want}: {}",
                p.line, p.id, p.matcher, p.text
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_mandatory_rule_has_enough_phrasings() {
    let table = phrasings();
    for rule in rules()
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Mandatory)
    {
        let of = |accept: bool| {
            table
                .iter()
                .filter(|p| p.id == rule.id.0 && p.accept == accept)
                .count()
        };
        let (pos, neg) = (of(true), of(false));
        assert!(
            pos >= 3 && neg >= 2,
            "{}: {pos} positive, {neg} negative phrasings",
            rule.id
        );
    }
}

#[test]
fn phrasing_table_names_only_known_rules() {
    let set = rules();
    for p in phrasings() {
        assert!(
            set.get(&p.id).is_some(),
            "phrasings.txt:{}: unknown rule {}",
            p.line,
            p.id
        );
    }
}
