//! [`Quick`] against plain `regex::Regex` on the patterns with word boundaries.

use super::builtin_regex;
use super::quick::Quick;
use proptest::prelude::*;

/// Patterns of the analyses with word boundaries, and a few made to be awkward.
const PATTERNS: &[&str] = &[
    r"(\d{4})(?:\s*[-–—]\s*(\d{4}))?\s*(?:год|гг\.?|г\.|г\b)",
    r"(?:на|в)\s+(\d{4})\s*[-–—]\s*(\d{4})\b",
    r"за\s+(\d{4})\s*(?:год|гг|г\.|г\b)",
    r"\b(\d{4})\s*[-–—]\s*(\d{4})\s*(?:год|гг|г\.|г\b)",
    r"(?:^|[^\d.\-–—])(\d{4})\s*(?:год|г\.|г\b)",
    r"(?:независим\w+\s+оценк\w*|\bнок\b)[^.;]{0,150}?\b(?:в|за)\s+(\d{4})\s*(?:год|г\.|г\b)|\bнок\W{0,3}(\d{4})\b",
    r"независим\w*\s+оценк|\bнок\b|качеств\w*\s+(?:условий|оказани|предоставлени|работы|услуг)",
    r"\bнедостатки\s*,?\s+выявленн|выявленн\w*\s+недостатки\b",
    r"\bрейтинг",
    r"^\W*(гб|гк|га|мб|мк|ма|ано|ооо)\w{0,4}\b|^\W*(государствен|муниципальн)",
    r"(^|\b)(страница не найдена|page not found)|(ошибка|error|страница)\s*404\b|\b404\s*(error|not\s+found|ошибка)|^\s*404\b",
    r"\b\w\b",
    r"(а)?\bб",
    r"г\b|год",
];

/// Everything a caller can read of the matches of `re` in `hay`.
fn plain(re: &regex::Regex, hay: &str) -> Vec<Vec<Option<(usize, usize)>>> {
    re.captures_iter(hay)
        .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
        .collect()
}

fn quick(re: &Quick, hay: &str) -> Vec<Vec<Option<(usize, usize)>>> {
    re.captures_iter(hay)
        .map(|c| {
            (0..re.regex().captures_len())
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect()
        })
        .collect()
}

fn assert_same(pattern: &str, hay: &str) {
    let (exact, fast) = (builtin_regex(pattern), Quick::new(pattern));
    assert_eq!(
        quick(&fast, hay),
        plain(&exact, hay),
        "{pattern} on {hay:?}"
    );
    assert_eq!(
        fast.is_match(hay),
        exact.is_match(hay),
        "{pattern} on {hay:?}"
    );
    let spans = |v: Vec<(usize, usize)>| v;
    assert_eq!(
        spans(fast.find_iter(hay).map(|m| (m.start(), m.end())).collect()),
        spans(exact.find_iter(hay).map(|m| (m.start(), m.end())).collect()),
        "{pattern} on {hay:?}"
    );
    assert_eq!(
        fast.find(hay).map(|m| m.as_str()),
        exact.find(hay).map(|m| m.as_str())
    );
    assert_eq!(
        fast.captures(hay).map(|c| c[0].to_string()),
        exact.captures(hay).map(|c| c[0].to_string())
    );
}

#[test]
fn tricky_texts_match_as_the_plain_regex_does() {
    let texts = [
        "",
        "2024",
        "2024 г",
        "2024 г.",
        "2024 гк 2025 г",
        "на 2024-2025 годы, за 2023 год",
        "на 2024–20255 гг",
        "НОК 2023 и Независимой оценки, проведённой в 2022 г.",
        "Рейтинг: 95,2 балла; ПодРейтинг 3",
        "ГБУ «КЦСОН»\nгосударственное",
        "Ошибка 404 | 404 Not Found | КЦСОН № 4040",
        "ё Ё 2024 гё 2024г",
        "аб б а б",
        "x2024 г_ 1999 год2000 г",
    ];
    for pattern in PATTERNS {
        for text in texts {
            assert_same(pattern, text);
        }
    }
}

proptest! {
    #[test]
    fn random_texts_match_as_the_plain_regex_does(
        parts in proptest::collection::vec(
            prop::sample::select(vec![
                "2024", "1999", "20", " ", "  ", "\n", "г", "г.", "год", "гг", "-", "–", "на ",
                "за ", "в ", "нок", "НОК", "рейтинг", "а", "б", "Б", "ё", ".", "404", "ошибка",
                "x", "_", "1", "оценки", "независимой", "недостатки", "выявленные", ",",
            ]),
            0..24,
        ),
        which in 0..PATTERNS.len(),
    ) {
        assert_same(PATTERNS[which], &parts.concat());
    }
}
