//! The compiled index against plain per-pattern `regex::Regex` evaluation: the same verdict and
//! the same matches, pattern by pattern, on the phrasing table, on texts generated from its
//! words, and on rules written to probe word boundaries.

use super::*;
use crate::rules::{fold, RuleSet};
use proptest::prelude::*;

/// Every match of every pattern, in order, as the hot paths used to go through them.
fn plain_matches(p: &Patterns, hay: &str) -> Vec<Range<usize>> {
    p.0.iter()
        .flat_map(|re| re.find_iter(hay).map(|m| m.range()))
        .collect()
}

fn indexed_matches(hits: &Hits, idx: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    hits.find_accepted(idx, |m| {
        out.push(m);
        false
    });
    out
}

/// Asserts that every field of every rule decides `text` alike both ways.
fn assert_agree(rules: &RuleSet, text: &str) {
    let hay = fold(text);
    let (content, absence) = rules.index().scan_main_text(&hay);
    for (field, joint) in [(Field::Content, content), (Field::Absence, absence)] {
        let alone = rules.index().scan(field, &hay);
        assert_eq!(joint.is_empty(), alone.is_empty(), "{field:?} on {text:?}");
        for idx in 0..rules.rules.len() {
            assert_eq!(
                indexed_matches(&joint, idx),
                indexed_matches(&alone, idx),
                "{} {field:?} scanned with the main text, on {text:?}",
                rules.rules[idx].id.0
            );
        }
    }
    for field in FIELDS {
        let hits = rules.index().scan(field, &hay);
        for (idx, rule) in rules.rules.iter().enumerate() {
            let Some(p) = patterns_of(&rule.matchers, field) else {
                assert!(!hits.is_match(idx), "{} {field:?}: no patterns", rule.id.0);
                continue;
            };
            let plain = p.is_match(&hay);
            assert_eq!(
                hits.is_match(idx),
                plain,
                "{} {field:?} on {text:?}",
                rule.id.0
            );
            assert_eq!(
                indexed_matches(&hits, idx),
                plain_matches(p, &hay),
                "{} {field:?} on {text:?}",
                rule.id.0
            );
        }
    }
}

/// The texts of `phrasings.txt` (the fourth column on).
fn phrasing_texts() -> Vec<String> {
    include_str!("phrasings.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut rest = l;
            for _ in 0..3 {
                rest = rest.trim_start().split_once(char::is_whitespace)?.1;
            }
            Some(rest.trim().replace("\\n", "\n"))
        })
        .collect()
}

fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

#[test]
fn phrasings_agree_with_plain_regexes() {
    let texts = phrasing_texts();
    assert!(
        texts.len() > 100,
        "the table was read: {} texts",
        texts.len()
    );
    for text in &texts {
        assert_agree(builtin(), text);
    }
    assert_agree(builtin(), &texts.join(" "));
}

/// Rules whose patterns put word boundaries where the shortcut could go wrong.
const PROBES: &str = r#"[ruleset]
id = "probe"
title = "probe"
version = "1"

[[rule]]
id = "bounds"
title = "t"
severity = "mandatory"
basis = "b"
what = "w"
hint = "h"
content = ['\bкот\b', '\Bот', 'от\B', '(тариф|\bуслуг)\w*', '\b\d{4}\b', '\bа?б\b', '(?m)^устав\b', 'x\b|\by', '\b{start}дом', 'сад\b{end}', '[-–]\bп', '\b\d{4}\b\s*,?\s*(г\.|город)', '\b[а-я]{2}\d+\s*\w*кв\b']
exclude = ['\bне\s+\w+']
link = ['ё\b', '\b[а-я]{2}\b']
url = ['\bplan\b', '(?-u:\b)pdf']
"#;

#[test]
fn word_boundary_probes_agree() {
    let rules = RuleSet::from_toml_str(PROBES, "probe.toml").expect("probe rules load");
    for text in [
        "кот котом скот кот. Кот-кот",
        "отвот от отец, тарифы и услуги; 2026 год 12026",
        "а б аб б\nустав учреждения\nУставной",
        "x xy y yx x1 _y",
        "дом домовой садик сад",
        "–пример -п п",
        "не надо; нет; ёж еж",
        "/docs/plan.pdf /docs/plans-pdf/ _plan_",
        "Ёлка ЁЖ ёё",
        "1234 5678, г. 12345, город 4321город аб12 кв аб1кв ая7 8кв",
        "",
    ] {
        assert_agree(&rules, text);
    }
}

/// The HTML files under `dir`, recursively.
fn html_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixture folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn fixture_pages_agree_with_plain_regexes() {
    let mut files = Vec::new();
    html_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut files,
    );
    assert!(files.len() > 20, "fixtures found: {}", files.len());
    let url = url::Url::parse("http://site.test/page.html").expect("url");
    for file in files {
        let html = String::from_utf8_lossy(&std::fs::read(&file).expect("read")).into_owned();
        let page = crate::extract::extract(&url, &html);
        let links = page.links.iter().flat_map(|l| [&l.text, &l.href]);
        for text in [&page.title, &page.main_text]
            .into_iter()
            .chain(&page.headings)
            .chain(links)
        {
            assert_agree(builtin(), text);
        }
    }
}

const GLUE: &[&str] = &[" ", "", "-", "\n", ".", "_", "/", "«", "» ", "1", "№ "];

/// Texts made of the table's words, glued together in every way words meet on real pages.
fn text_from_words() -> impl Strategy<Value = String> {
    let words: Vec<String> = phrasing_texts()
        .iter()
        .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let word = prop::sample::select(words);
    let glue = prop::sample::select(GLUE);
    prop::collection::vec((word, glue, any::<bool>()), 0..24).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, g, upper)| {
                let w = if upper { w.to_uppercase() } else { w };
                format!("{w}{g}")
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_texts_agree_with_plain_regexes(text in text_from_words()) {
        assert_agree(builtin(), &text);
    }

    #[test]
    fn arbitrary_texts_agree_on_probes(text in "[а-яёa-z0-9 .\\-–\n_/]{0,40}") {
        let rules = RuleSet::from_toml_str(PROBES, "probe.toml").expect("probe rules load");
        assert_agree(&rules, &text);
    }
}

#[test]
fn dropping_word_boundaries_keeps_the_rest() {
    let hir = parse(r"\bа(б|\Bв)(?m:^)г\b").expect("parses");
    let stripped = strip_word_looks(hir);
    assert!(!stripped.properties().look_set().contains_word());
    assert!(stripped.properties().look_set().contains(Look::StartLF));
}

#[test]
fn every_field_of_the_builtin_rules_is_one_scan() {
    let index = builtin().index();
    for (field, f) in FIELDS.iter().zip(&index.fields) {
        assert!(f.set.is_some(), "{field:?}: no multi-pattern prefilter");
    }
    assert!(
        index.main_text.set.is_some(),
        "content + absence: no prefilter"
    );
    let content = &index.fields[Field::Content as usize];
    assert!(content.patterns.iter().any(|c| c.by_starts.is_some()));
}

#[test]
fn a_postcode_is_confirmed_from_near_its_first_match() {
    // The postcode of the address rule begins with a class and no word; its confirmation is
    // bounded by a prefix scanned with the page's whole text.
    let anywhere = &builtin().index().fields[Field::ContentAnywhere as usize];
    let postcode = anywhere
        .patterns
        .iter()
        .position(|c| c.exact.as_str().starts_with(r"\b\d{6}\b"))
        .expect("the address rule's postcode pattern");
    let bound = anywhere.patterns[postcode].bound.expect("a bound");
    assert!(bound.by_prefix && bound.pattern >= anywhere.patterns.len());
    let filler = "Текст страницы без адреса, 12 марта 2024 г. ".repeat(50);
    let hay = format!("{filler}Адрес: 443099, г. Самара, ул. Ленина, 1");
    let hits = builtin().index().scan(Field::ContentAnywhere, &hay);
    let floor = bound.floor(&hits.found, &hay);
    assert!(floor > filler.len() - 40, "floor {floor} of {}", hay.len());
    assert!(floor <= hay.find("443099").expect("postcode"));
    assert_agree(builtin(), &hay);
}

/// Patterns whose prefixes [`bounded_prefix`] cuts in every way it can.
const PREFIXED: &[&str] = &[
    r"\d{6}\s*,?\s*(россия\s*,?\s*)?([\w-]+\s+)?(обл\.|г\.)",
    r"дат\w*\s+регистрации",
    r"(ab|c+d)\s*x",
    r"(a\d+|b{2,}c)y*",
    r"(?:[а-я]{2}\d){2,}\s+кв",
    r"\s*адрес",
];

proptest! {
    /// Every match of a pattern begins with a match of its prefix.
    #[test]
    fn a_match_begins_with_a_match_of_the_prefix(hay in "[абвгдеосийрлкяxyabcd0-9.,\\- ]{0,40}") {
        for source in PREFIXED {
            let hir = strip_word_looks(parse(source).expect("pattern"));
            let prefix = bounded_prefix(&hir);
            prop_assert!(prefix.properties().maximum_len().is_some(), "{source}: unbounded prefix");
            let whole = meta::Regex::builder().build_from_hir(&hir).expect("regex");
            let start = meta::Regex::builder().build_from_hir(&prefix).expect("prefix regex");
            for m in whole.find_iter(hay.as_str()) {
                let at = Input::new(hay.as_str()).span(m.start()..hay.len()).anchored(Anchored::Yes);
                prop_assert!(start.find(at).is_some(), "{source} at {} of {hay:?}", m.start());
            }
        }
    }
}

#[test]
fn only_short_selective_prefixes_are_scanned() {
    let bound = |p: &str| {
        let loose = strip_word_looks(parse(p).expect("pattern"));
        let mut prefixes = Vec::new();
        Bound::of(&loose, 0, &mut prefixes).map(|b| (b.by_prefix, prefixes.len()))
    };
    assert_eq!(bound(r"\b\d{6}\b\s*,?\s*г\."), Some((true, 1)));
    assert_eq!(
        bound(r"\b\d{2}\s*г\."),
        None,
        "a prefix of 2 bytes matches too often"
    );
    assert_eq!(
        bound(r"\b\d{100}\s*г\."),
        None,
        "a prefix of 400 bytes is too large"
    );
    assert_eq!(bound(r"\bустав\w*"), None, "begins with literals");
    assert_eq!(
        bound(r"\b\d{4}\b"),
        Some((false, 0)),
        "bounded: its own first end"
    );
}

#[test]
fn prefixes_cut_where_the_length_stops_being_bounded() {
    let prefix = |p: &str| bounded_prefix(&strip_word_looks(parse(p).expect("pattern")));
    let len = |h: &Hir| (h.properties().minimum_len(), h.properties().maximum_len());
    // `\d{6}`: six digits of up to four bytes each.
    assert_eq!(len(&prefix(PREFIXED[0])), (Some(6), Some(24)));
    // «дат»: caseless «д» and «т» include three-byte old letters (ᲁ, ᲄ).
    assert_eq!(len(&prefix(PREFIXED[1])), (Some(6), Some(8)), "«дат»");
    assert_eq!(
        len(&prefix(PREFIXED[5])),
        (Some(0), Some(0)),
        "nothing is sure"
    );
}

#[test]
fn a_clone_rebuilds_its_index() {
    let rules = builtin().clone();
    let hits = rules
        .index()
        .scan(Field::Link, "тарифы на социальные услуги");
    assert!(!hits.is_empty());
}

#[test]
fn fold_finds_yo_by_its_bytes() {
    assert_eq!(fold("ЁЛКА, ёж, Всё"), "ЕЛКА, еж, Все");
    // Letters whose UTF-8 shares a byte with ё or Ё stay as they are.
    for text in ["ы сы сбор", "Ѐ Ђ Ѓ ђ", "абв xyz"] {
        assert_eq!(fold(text), text);
    }
    assert!(matches!(fold("без букв"), std::borrow::Cow::Borrowed(_)));
}

#[test]
fn a_shared_copy_shares_its_index_even_when_built_later() {
    let rules = builtin().clone();
    let copy = rules.shared_copy();
    assert!(std::ptr::eq(copy.index(), rules.index()));
    assert_eq!(copy.rules.len(), rules.rules.len());
}

proptest::proptest! {
    #[test]
    fn fold_equals_replacing_yo(s in "[ёЁеЕaёБ\u{451}\u{401}\u{4d1}\u{100}х\u{d091}ӑ ]{0,80}") {
        proptest::prop_assert_eq!(fold(&s), s.replace('ё', "е").replace('Ё', "Е"));
    }
}

#[test]
fn a_full_set_cache_is_cleared_and_the_scan_goes_on() {
    // Many Unicode patterns and a cache at its minimum: nearly every search clears it. The meta
    // regex would give its lazy DFA up after three clears; the set must keep answering, and
    // answer right.
    let sources = [
        r"лиценз\w{0,20}",
        r"(режим|график)\s+работы[\s\S]{0,40}?\d{1,2}[.:]\d{2}",
        r"[\w.%+-]+@[\w-]+\.(рф|[a-z]{2,})",
        r"учредител\w*",
    ];
    let hirs: Vec<Hir> = sources
        .iter()
        .map(|p| strip_word_looks(parse(p).unwrap()))
        .collect();
    let set = SetDfa::build(&hirs, 0).expect("the set builds at its minimum cache");
    let exact: Vec<regex::Regex> = sources
        .iter()
        .map(|p| regex::Regex::new(&format!("(?i){p}")).unwrap())
        .collect();
    for i in 0..300 {
        let hay = format!(
            "Строка {i}: ЛИЦЕНЗИЯ № {i}{i} · режим работы с {}:{:02} · почта k{i}@цсон{i}.рф · {}",
            8 + i % 3,
            i % 60,
            "ёжик".repeat(i % 7)
        );
        let mut found = Found::new(sources.len(), 0);
        assert!(set.which(&hay, &mut found), "search {i} gave up");
        for (p, re) in exact.iter().enumerate() {
            assert_eq!(
                found.set.contains(PatternID::must(p)),
                re.is_match(&hay),
                "pattern {p} on {hay}"
            );
        }
    }
}
