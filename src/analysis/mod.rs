//! Judging documents by their content: is a file really the НОК plan (the columns of the ПП РФ
//! № 457 form or of the 2017 roadmap), does it hold НОК results (scores for the five 344н
//! criteria), which year is it for, is it fresh, can a citizen open it. Pure functions over text
//! and tables (from `documents` or [`html_tables`]); today's date is always passed in.
//!
//! [`evaluate`] applies a rule's `[rule.document_check]` (see `docs/rules.md`) to one document.

mod access;
mod caseless;
#[cfg(test)]
mod caseless_tests;
mod confirm;
mod dates;
mod evaluate;
mod freshness;
mod nok;
mod plan;
mod quick;
mod required;
#[cfg(test)]
mod required_tests;
mod tables;
mod title;

#[cfg(test)]
mod dates_tests;
#[cfg(test)]
mod evaluate_tests;
#[cfg(test)]
mod nok_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod quick_tests;
#[cfg(all(test, feature = "realsites"))]
mod realsite_tests;
#[cfg(test)]
mod tables_tests;

pub use access::{access_problems, login_wall};
pub(crate) use caseless::RussianBytes;
pub(crate) use confirm::prepare as prepare_confirm;
pub use dates::{
    document_year, find_dates, years_in_file_name, DateKind, FoundDate, YearBasis, YearSpan,
};
pub use evaluate::{evaluate, evaluate_shared, DocInput, DocVerdict, Shared};
pub use freshness::{freshness, parse_loose_date, DocTime, Freshness};
pub use nok::{analyze_nok_results, CriterionScore, NokAnalysis, NOK_CRITERIA};
pub use plan::{analyze_plan, PlanAnalysis, PlanForm, PP457_COLUMNS, ROADMAP_COLUMNS};
pub(crate) use quick::Quick;
pub use tables::{html_tables, tables_in};
pub use title::own_title;

/// A case-insensitive regex compiled once ([`quick::Quick`]: fast with word boundaries); the
/// patterns are ours, so a broken one is a bug that the unit tests catch on first use.
macro_rules! re {
    ($pat:expr) => {{
        static RE: std::sync::OnceLock<$crate::analysis::Quick> = std::sync::OnceLock::new();
        RE.get_or_init(|| $crate::analysis::Quick::new($pat))
    }};
}
pub(crate) use re;

/// A list of case-insensitive regexes compiled once (one `static` per call site, so each list
/// needs its own call site).
macro_rules! re_list {
    ($pats:expr) => {{
        static LIST: std::sync::OnceLock<Vec<$crate::analysis::Quick>> = std::sync::OnceLock::new();
        LIST.get_or_init(|| {
            $pats
                .iter()
                .map(|p| $crate::analysis::Quick::new(p))
                .collect()
        })
        .as_slice()
    }};
}
pub(crate) use re_list;

/// Compiles one of this module's own patterns, case-insensitive. They are constants, so a broken
/// one is a bug the unit tests hit on first use, never something a site can cause.
pub(crate) fn builtin_regex(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

/// Text prepared for matching: `ё` → `е`, soft hyphens dropped, words hyphenated across a line
/// break joined (PDF table cells break «Ответствен-\nный»).
fn normalize(text: &str) -> String {
    let folded = crate::rules::fold(text);
    let folded = if folded.contains('\u{ad}') {
        std::borrow::Cow::Owned(folded.replace('\u{ad}', ""))
    } else {
        folded
    };
    // A hyphenated line break needs a line break; most texts (every page) have none.
    if !folded.contains('\n') {
        return folded.into_owned();
    }
    re!(r"(\p{Cyrillic})-[ \t]*\r?\n\s*(\p{Cyrillic})")
        .regex()
        .replace_all(&folded, "$1$2")
        .into_owned()
}

/// The first `max_chars` characters of `s`.
fn head(s: &str, max_chars: usize) -> &str {
    // No more bytes than characters allowed: the whole text fits (and need not be decoded).
    if s.len() <= max_chars {
        return s;
    }
    // Characters are counted 64 bytes at a time (a byte that is no UTF-8 continuation byte
    // starts one), which the compiler does on vector registers; the chunk where the cut falls is
    // then read byte by byte. Analyses cut heads of 600 to 3 000 characters from every page.
    const CHUNK: usize = 64;
    let starts = |b: &[u8]| b.iter().filter(|&&b| (b as i8) >= -0x40).count();
    let bytes = s.as_bytes();
    let (mut chars, mut at) = (0, 0);
    while let Some(chunk) = bytes.get(at..at + CHUNK) {
        let n = starts(chunk);
        if chars + n > max_chars {
            break;
        }
        chars += n;
        at += CHUNK;
    }
    for (i, &b) in bytes[at..].iter().enumerate() {
        if (b as i8) >= -0x40 {
            if chars == max_chars {
                return &s[..at + i];
            }
            chars += 1;
        }
    }
    s
}

/// `s` whitespace-collapsed and cut to `max_chars` characters.
fn snippet(s: &str, max_chars: usize) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    head(&collapsed, max_chars).to_string()
}

/// The first `max_bytes` bytes of `s`, cut back to a character boundary.
fn head_bytes(s: &str, max_bytes: usize) -> &str {
    if s.len() <= max_bytes {
        return s;
    }
    let mut i = max_bytes;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

#[cfg(test)]
mod head_tests {
    proptest::proptest! {
        /// The same cut as taking `max_chars` characters one by one, on texts of one- to
        /// four-byte characters around the chunk's length.
        #[test]
        fn cuts_where_counting_characters_cuts(
            s in "[a-z ёЁжЖ€𝄞\u{ad}]{0,300}",
            max_chars in 0usize..320,
        ) {
            let expected = s.char_indices().nth(max_chars).map_or(&s[..], |(i, _)| &s[..i]);
            proptest::prop_assert_eq!(super::head(&s, max_chars), expected);
        }
    }
}
