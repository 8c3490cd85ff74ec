//! Rules are data: a TOML file of requirements, each with the patterns that count as evidence.
//! This module loads, validates and compiles such a file into a [`RuleSet`] (regexes built once).
//! The format is documented in `docs/rules.md`.

#[cfg(test)]
mod builtin_tests;
mod compiled;
mod confirm;
#[cfg(test)]
mod confirm_tests;
pub mod diff;
pub mod digest;
mod document_check;
#[cfg(test)]
mod document_check_tests;
mod error;
mod fix;
pub mod lint;
mod load;
#[cfg(test)]
mod load_tests;
#[cfg(test)]
mod phrasing_tests;
mod set_dfa;

pub(crate) use compiled::{parse as parse_pattern, strip_word_looks};
pub use compiled::{patterns_of, Field, Hits, IndexCell, PageTextHits, RuleIndex};
pub use confirm::Confirm;
pub use document_check::{DocAnalysis, DocumentCheck, PLAN_FORM_COLUMNS};
pub use error::{Location, RulesError};
pub use lint::{lint, list, LintWarning};

use crate::model::{RequirementId, Severity};
use regex::Regex;

/// The default rule set, compiled into the binary.
pub const BUILTIN_RULES: &str = include_str!("../../rules/1239-886n.toml");
/// Name shown for the built-in rules in reports and errors.
pub const BUILTIN_RULES_NAME: &str = "rules/1239-886n.toml (встроенный)";

/// A compiled rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// `[ruleset] id`.
    pub id: String,
    /// `[ruleset] title`.
    pub title: String,
    /// `[ruleset] version`.
    pub version: String,
    /// Where it was loaded from (a path, or [`BUILTIN_RULES_NAME`]).
    pub source: String,
    /// SHA-256 of the file's text (hex).
    pub sha256: String,
    /// Per rule id, the digest of what decides its status ([`digest::rule_digest`]).
    pub rule_digests: std::collections::BTreeMap<String, String>,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// All rules' patterns compiled for one scan per text ([`RuleSet::index`]).
    pub index: IndexCell,
}

/// One requirement and what counts as evidence for it.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Canonical id.
    pub id: RequirementId,
    /// Russian title.
    pub title: String,
    /// Mandatory or recommended.
    pub severity: Severity,
    /// Legal basis, e.g. «442-ФЗ ст. 13; ПП РФ № 1239 п. 2(а); приказ 886н п. 3».
    pub basis: String,
    /// What must be published (Russian, for the report).
    pub what: String,
    /// Where sites usually put it (Russian, for the report).
    pub hint: String,
    /// What to do when it is missing: one imperative Russian sentence (`fix = "…"`), shown
    /// beside every non-pass verdict.
    pub fix: Option<String>,
    /// The matchers.
    pub matchers: Matchers,
    /// Documents older than this many days are stale; the same as `document_check.max_age_days`.
    pub max_age_days: Option<u32>,
    /// Conditions on the content of the documents and pages that matched (`[rule.document_check]`).
    pub document_check: Option<DocumentCheck>,
}

/// A list of compiled case-insensitive Unicode regexes; a haystack matches when any does.
///
/// Shared, not copied, by clones of the rules: a cloned `Regex` gets its own pool of search
/// caches, so every site of a sweep checked with its own copy of the rules grew caches for every
/// pattern it used — 16 MiB a site in flight, 5 GiB for a sweep of 300 sites at once.
#[derive(Debug, Clone, Default)]
pub struct Patterns(pub std::sync::Arc<[Regex]>);

impl From<Vec<Regex>> for Patterns {
    fn from(patterns: Vec<Regex>) -> Self {
        Patterns(patterns.into())
    }
}

impl Patterns {
    /// True when there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first match of any pattern in `hay` (which should be passed through [`fold`]).
    pub fn find<'h>(&self, hay: &'h str) -> Option<regex::Match<'h>> {
        self.0.iter().find_map(|re| re.find(hay))
    }

    /// True when any pattern matches `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.0.iter().any(|re| re.is_match(hay))
    }
}

/// A form counts when it has a field of one of `fields` kinds (any, if empty) and its text
/// (labels, field names, legend, the page title) matches `text` (anything, if empty).
#[derive(Debug, Clone, Default)]
pub struct FormMatcher {
    /// Field kinds: `textarea`, `select`, `radio`, `checkbox`, `email`, `tel`, `text`, `file`, …
    pub fields: Vec<String>,
    /// Patterns for the form's text.
    pub text: Patterns,
}

/// Every kind of evidence a rule can look for. All optional; a rule needs at least one.
#[derive(Debug, Clone, Default)]
pub struct Matchers {
    /// Link text (with title, aria-label, image alt).
    pub link: Patterns,
    /// Headings h1–h6.
    pub heading: Patterns,
    /// Page `<title>`.
    pub page_title: Patterns,
    /// URL path and query, percent-decoded (slugs, file names), of links and fetched pages.
    pub url: Patterns,
    /// Phrases in the main text of a page (navigation, header and footer excluded).
    pub content: Patterns,
    /// Phrases anywhere in the page text, header and footer included (phones, e-mails, addresses).
    pub content_anywhere: Patterns,
    /// Statements that the thing does not exist («предписания не выдавались») — compliant content.
    pub absence: Patterns,
    /// Document links (pdf, doc, …): their text or file name.
    pub document: Patterns,
    /// Full URL of links to other hosts (`bus\.gov\.ru/qrcode/rate`).
    pub external: Patterns,
    /// Iframe sources.
    pub iframe: Patterns,
    /// Script sources.
    pub script: Patterns,
    /// Buttons / controls without a URL: their text, class or id.
    pub control: Patterns,
    /// Forms.
    pub form: Option<FormMatcher>,
    /// A block of at least this many question/answer pairs (an FAQ accordion) passes at once.
    pub qa: Option<usize>,
    /// A candidate whose text matches any of these is ignored (e.g. utility tariffs in news).
    pub exclude: Patterns,
}

impl RuleSet {
    /// The compiled index of all rules (built on first use) that the hot paths match with.
    pub fn index(&self) -> &RuleIndex {
        self.index.get(self)
    }

    /// A copy of these rules that shares their compiled index, built or not yet (a plain clone
    /// builds its own, since its rules may be changed): for page work on other threads. Its
    /// rules must not be changed.
    pub fn shared_copy(&self) -> RuleSet {
        RuleSet {
            id: self.id.clone(),
            title: self.title.clone(),
            version: self.version.clone(),
            source: self.source.clone(),
            rules: self.rules.clone(),
            sha256: self.sha256.clone(),
            rule_digests: self.rule_digests.clone(),
            index: self.index.share(),
        }
    }

    /// The rule with canonical id `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id.0 == id)
    }
}

/// Folds a haystack or pattern for matching: `ё` → `е` (sites and laws spell both ways).
pub fn fold(s: &str) -> std::borrow::Cow<'_, str> {
    // Pages are folded whole, several times each, so the search is by bytes: `memmem` looks for
    // the UTF-8 of ё (D1 91) and Ё (D0 81) on vector registers, and the text between them is
    // copied as `str` slices (a two-byte char is replaced by a two-byte char, so every cut is on a
    // char boundary and nothing is decoded or validated again).
    let mut lower = memchr::memmem::find_iter(s.as_bytes(), "ё").peekable();
    let mut upper = memchr::memmem::find_iter(s.as_bytes(), "Ё").peekable();
    if lower.peek().is_none() && upper.peek().is_none() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    loop {
        let (at, with) = match (lower.peek(), upper.peek()) {
            (Some(&l), Some(&u)) if l < u => (lower.next(), "е"),
            (Some(_), Some(_)) | (None, Some(_)) => (upper.next(), "Е"),
            (Some(_), None) => (lower.next(), "е"),
            (None, None) => break,
        };
        let Some(at) = at else { break };
        out.push_str(&s[copied..at]);
        out.push_str(with);
        copied = at + with.len();
    }
    out.push_str(&s[copied..]);
    std::borrow::Cow::Owned(out)
}
