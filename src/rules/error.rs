//! What can be wrong with a rules file, and where: every variant carries `path:line:col` and says
//! what to do about it, because the reader is an auditor editing TOML, not a programmer.

use super::load::FIELD_KINDS;
use std::fmt;

/// A place in a rules file: `path:line:col` (both 1-based, the column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (or [`super::BUILTIN_RULES_NAME`]).
    pub path: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// Why a rules file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("{path}: cannot read the rules file: {source}")]
    Read {
        /// The path given.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// TOML syntax error, unknown key, missing key or a value of the wrong type.
    #[error("{at}: {}{message}; {}", rule_prefix(.rule), toml_hint(.message))]
    Toml {
        /// Where.
        at: Location,
        /// The rule being read, when known.
        rule: Option<String>,
        /// The parser's message.
        message: String,
    },
    /// A pattern is not a valid regular expression.
    #[error("{at}: rule «{rule}»: invalid regular expression in `{field}`: {message} (regex crate syntax: no look-around, no backreferences; escape `.`, `(`, `?` with `\\`)")]
    InvalidRegex {
        /// Where the pattern string starts.
        at: Location,
        /// The rule.
        rule: String,
        /// The matcher key (`link`, `form.text`, …).
        field: String,
        /// The regex error, one line.
        message: String,
    },
    /// A pattern matches the empty string, so it would match every text.
    #[error("{at}: rule «{rule}»: pattern `{pattern}` in `{field}` matches the empty string and would match everything; make it require at least one character")]
    MatchesEmpty {
        /// Where.
        at: Location,
        /// The rule.
        rule: String,
        /// The matcher key.
        field: String,
        /// The pattern as written.
        pattern: String,
    },
    /// An empty pattern string.
    #[error("{at}: rule «{rule}»: empty pattern in `{field}`; remove it or write the phrase to look for")]
    EmptyPattern {
        /// Where.
        at: Location,
        /// The rule.
        rule: String,
        /// The matcher key.
        field: String,
    },
    /// An id that is empty or has characters other than `a-z`, `0-9`, `-`.
    #[error("{at}: invalid id «{id}»: use lowercase latin letters, digits and `-` only (e.g. `nok-plan`)")]
    BadId {
        /// Where.
        at: Location,
        /// The id as written.
        id: String,
    },
    /// Two rules with one id.
    #[error("{at}: rule «{rule}»: duplicate id, already used by the rule at line {first_line}; give each rule its own id")]
    DuplicateId {
        /// Where the second one is.
        at: Location,
        /// The id.
        rule: String,
        /// Line of the first one.
        first_line: usize,
    },
    /// A severity other than `mandatory` / `recommended`.
    #[error(
        "{at}: rule «{rule}»: unknown severity «{value}»; write \"mandatory\" or \"recommended\""
    )]
    BadSeverity {
        /// Where.
        at: Location,
        /// The rule.
        rule: String,
        /// The value as written.
        value: String,
    },
    /// A form field kind the extractor never reports.
    #[error("{at}: rule «{rule}»: unknown form field kind «{value}»; use one of: {}", FIELD_KINDS.join(", "))]
    BadFieldKind {
        /// Where.
        at: Location,
        /// The rule.
        rule: String,
        /// The value as written.
        value: String,
    },
    /// `qa = 0`.
    #[error("{at}: rule «{rule}»: `qa` is the number of question/answer pairs a block needs; write 1 or more (2 is usual for an FAQ)")]
    BadQa {
        /// Where the value is.
        at: Location,
        /// The rule.
        rule: String,
    },
    /// A `fix` sentence that is empty, several lines, too long or unfinished.
    #[error("{at}: rule «{rule}»: `fix` {problem} (e.g. `fix = \"Разместите коллективный договор в разделе «Документы».\"`)")]
    BadFix {
        /// Where the value is.
        at: Location,
        /// The rule.
        rule: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A bad value in `[rule.document_check]` (or the rule-level `max_age_days`).
    #[error("{at}: rule «{rule}»: `{key}` in [rule.document_check]: {message}")]
    BadDocumentCheck {
        /// Where the value is.
        at: Location,
        /// The rule.
        rule: String,
        /// The key (`analysis`, `min_columns`, `max_age_days`).
        key: String,
        /// What is wrong and what to write instead.
        message: String,
    },
    /// A bad `[rule.confirm]` table.
    #[error("{at}: rule «{rule}»: [rule.confirm]: {message}")]
    BadConfirm {
        /// Where the table is.
        at: Location,
        /// The rule.
        rule: String,
        /// What is wrong and what to write instead.
        message: String,
    },
    /// A rule with no matcher: it could never pass.
    #[error("{at}: rule «{rule}»: no matcher; add at least one of link, heading, page_title, url, content, content_anywhere, absence, document, external, iframe, script, control, form, qa")]
    NoMatcher {
        /// Where the rule's id is.
        at: Location,
        /// The rule.
        rule: String,
    },
}

/// What to do about a TOML error, from the parser's message.
fn toml_hint(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "remove or rename the key (docs/rules.md lists the allowed keys)"
    } else if message.starts_with("missing field") {
        "add the key (docs/rules.md lists the required keys)"
    } else if message.starts_with("invalid type") && message.contains("expected a boolean") {
        "write true or false, without quotes: `current_year = true`"
    } else if message.starts_with("invalid type") && message.contains("expected u32") {
        "write a whole number, without quotes: `min_columns = 4`, `max_age_days = 730`"
    } else if message.starts_with("invalid type") {
        "patterns are lists of strings: `link = ['…']`"
    } else {
        "fix the TOML syntax here (an unclosed quote or bracket?); patterns are best written in '…'"
    }
}

fn rule_prefix(rule: &Option<String>) -> String {
    rule.as_ref()
        .map(|r| format!("rule «{r}»: "))
        .unwrap_or_default()
}
