//! Loading a rules file: TOML → raw structs that remember where every value was written →
//! validated and compiled [`RuleSet`]. Every error names `path:line:col` and the rule, so an
//! auditor editing the file can go straight to the mistake.

use super::{fold, FormMatcher, Matchers, Patterns, Rule, RuleSet, BUILTIN_RULES, BUILTIN_RULES_NAME};
use crate::model::{RequirementId, Severity};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;
use toml::Spanned;

/// A place in a rules file: `path:line:col` (both 1-based, the column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (or [`BUILTIN_RULES_NAME`]).
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
    #[error("{at}: rule «{rule}»: unknown severity «{value}»; write \"mandatory\" or \"recommended\"")]
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
    /// A rule with no matcher: it could never pass.
    #[error("{at}: rule «{rule}»: no matcher; add at least one of link, heading, page_title, url, content, content_anywhere, absence, document, external, iframe, script, control, form")]
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
    } else if message.starts_with("invalid type") {
        "patterns are lists of strings: `link = ['…']`"
    } else {
        "fix the TOML syntax here (an unclosed quote or bracket?); patterns are best written in '…'"
    }
}

fn rule_prefix(rule: &Option<String>) -> String {
    rule.as_ref().map(|r| format!("rule «{r}»: ")).unwrap_or_default()
}

/// Field kinds a `form` matcher may ask for (what `extract::FormField::kind` reports).
const FIELD_KINDS: &[&str] = &[
    "textarea", "select", "radio", "checkbox", "email", "tel", "text", "file", "number", "date", "url",
    "search", "password", "hidden", "range",
];

type Pat = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    ruleset: RawHeader,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    version: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: String,
    severity: Spanned<String>,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    what: String,
    #[serde(default)]
    hint: String,
    #[serde(default)]
    link: Vec<Pat>,
    #[serde(default)]
    heading: Vec<Pat>,
    #[serde(default)]
    page_title: Vec<Pat>,
    #[serde(default)]
    url: Vec<Pat>,
    #[serde(default)]
    content: Vec<Pat>,
    #[serde(default)]
    content_anywhere: Vec<Pat>,
    #[serde(default)]
    absence: Vec<Pat>,
    #[serde(default)]
    document: Vec<Pat>,
    #[serde(default)]
    external: Vec<Pat>,
    #[serde(default)]
    iframe: Vec<Pat>,
    #[serde(default)]
    script: Vec<Pat>,
    #[serde(default)]
    control: Vec<Pat>,
    form: Option<RawForm>,
    #[serde(default)]
    exclude: Vec<Pat>,
    max_age_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    #[serde(default)]
    fields: Vec<Spanned<String>>,
    #[serde(default)]
    text: Vec<Pat>,
}

impl RuleSet {
    /// Parses, validates and compiles rules from TOML `text`; `source_name` names it in errors.
    pub fn from_toml_str(text: &str, source_name: &str) -> Result<RuleSet, RulesError> {
        let file = SourceFile { name: source_name, text };
        let raw: RawFile = toml::from_str(text).map_err(|e| file.toml_error(&e))?;
        let header_at = file.location(raw.ruleset.id.span());
        let set_id = raw.ruleset.id.into_inner();
        if !valid_id(&set_id) {
            return Err(RulesError::BadId { at: header_at, id: set_id });
        }
        let mut rules = Vec::with_capacity(raw.rule.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for raw_rule in raw.rule {
            let (rule, line) = file.compile_rule(raw_rule, &seen)?;
            seen.insert(rule.id.0.clone(), line);
            rules.push(rule);
        }
        Ok(RuleSet {
            id: set_id,
            title: raw.ruleset.title,
            version: raw.ruleset.version,
            source: source_name.to_string(),
            rules,
        })
    }

    /// Reads and compiles the rules file at `path`.
    pub fn load(path: &Path) -> Result<RuleSet, RulesError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Read { path: shown.clone(), source })?;
        RuleSet::from_toml_str(&text, &shown)
    }

    /// The built-in rule set (`rules/1239-886n.toml`, compiled into the binary).
    pub fn builtin() -> RuleSet {
        // Compiled once per process (a few hundred Unicode regexes); clones share the regexes.
        static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The built-in file is ours, not the user's; a unit test proves it loads.
                RuleSet::from_toml_str(BUILTIN_RULES, BUILTIN_RULES_NAME)
                    .unwrap_or_else(|e| panic!("the built-in rules file is broken: {e}"))
            })
            .clone()
    }
}

/// Lowercase latin letters, digits and `-`, not empty.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The text being loaded and its name, to turn byte spans into locations.
struct SourceFile<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceFile<'_> {
    fn location(&self, span: Range<usize>) -> Location {
        let offset = floor_char_boundary(self.text, span.start);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        Location { path: self.name.to_string(), line, column }
    }

    fn toml_error(&self, e: &toml::de::Error) -> RulesError {
        let span = e.span().unwrap_or(0..0);
        RulesError::Toml {
            at: self.location(span.clone()),
            rule: rule_id_before(self.text, span.start),
            message: e.message().trim().replace('\n', " "),
        }
    }

    /// Validates and compiles one rule; returns it with the line of its id.
    fn compile_rule(&self, raw: RawRule, seen: &HashMap<String, usize>) -> Result<(Rule, usize), RulesError> {
        let id_at = self.location(raw.id.span());
        let id = raw.id.into_inner();
        if !valid_id(&id) {
            return Err(RulesError::BadId { at: id_at, id });
        }
        if let Some(&first_line) = seen.get(&id) {
            return Err(RulesError::DuplicateId { at: id_at, rule: id, first_line });
        }
        let severity = match raw.severity.get_ref().as_str() {
            "mandatory" => Severity::Mandatory,
            "recommended" => Severity::Recommended,
            other => {
                let at = self.location(raw.severity.span());
                return Err(RulesError::BadSeverity { at, rule: id, value: other.to_string() });
            }
        };
        let c = |field: &str, pats: &[Pat]| self.compile_patterns(&id, field, pats);
        let form = match &raw.form {
            None => None,
            Some(f) => Some(self.compile_form(&id, f)?),
        };
        let matchers = Matchers {
            link: c("link", &raw.link)?,
            heading: c("heading", &raw.heading)?,
            page_title: c("page_title", &raw.page_title)?,
            url: c("url", &raw.url)?,
            content: c("content", &raw.content)?,
            content_anywhere: c("content_anywhere", &raw.content_anywhere)?,
            absence: c("absence", &raw.absence)?,
            document: c("document", &raw.document)?,
            external: c("external", &raw.external)?,
            iframe: c("iframe", &raw.iframe)?,
            script: c("script", &raw.script)?,
            control: c("control", &raw.control)?,
            form,
            exclude: c("exclude", &raw.exclude)?,
        };
        if !has_any_matcher(&matchers) {
            return Err(RulesError::NoMatcher { at: id_at, rule: id });
        }
        let rule = Rule {
            id: RequirementId(id),
            title: raw.title,
            severity,
            basis: raw.basis,
            what: raw.what,
            hint: raw.hint,
            matchers,
            max_age_days: raw.max_age_days,
        };
        Ok((rule, id_at.line))
    }

    fn compile_form(&self, rule: &str, raw: &RawForm) -> Result<FormMatcher, RulesError> {
        let mut fields = Vec::with_capacity(raw.fields.len());
        for f in &raw.fields {
            let kind = f.get_ref().trim().to_ascii_lowercase();
            if !FIELD_KINDS.contains(&kind.as_str()) {
                let at = self.location(f.span());
                return Err(RulesError::BadFieldKind { at, rule: rule.to_string(), value: f.get_ref().clone() });
            }
            fields.push(kind);
        }
        Ok(FormMatcher { fields, text: self.compile_patterns(rule, "form.text", &raw.text)? })
    }

    fn compile_patterns(&self, rule: &str, field: &str, pats: &[Pat]) -> Result<Patterns, RulesError> {
        let mut out = Vec::with_capacity(pats.len());
        for p in pats {
            out.push(self.compile_one(rule, field, p)?);
        }
        Ok(Patterns(out))
    }

    fn compile_one(&self, rule: &str, field: &str, p: &Pat) -> Result<Regex, RulesError> {
        let at = || self.location(p.span());
        let (rule, field) = (rule.to_string(), field.to_string());
        let source = p.get_ref();
        if source.is_empty() {
            return Err(RulesError::EmptyPattern { at: at(), rule, field });
        }
        let re = RegexBuilder::new(&fold(source))
            .case_insensitive(true)
            .unicode(true)
            .build()
            .map_err(|e| RulesError::InvalidRegex { at: at(), rule: rule.clone(), field: field.clone(), message: regex_message(&e) })?;
        if re.is_match("") {
            return Err(RulesError::MatchesEmpty { at: at(), rule, field, pattern: source.clone() });
        }
        Ok(re)
    }
}

fn has_any_matcher(m: &Matchers) -> bool {
    let lists = [
        &m.link, &m.heading, &m.page_title, &m.url, &m.content, &m.content_anywhere, &m.absence, &m.document,
        &m.external, &m.iframe, &m.script, &m.control,
    ];
    lists.iter().any(|p| !p.is_empty()) || m.form.is_some()
}

/// One line out of the regex crate's multi-line error: the `error:` line, plus where in the
/// pattern the caret points when it does.
fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let what = lines
        .iter()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("error:"))
        .map(str::trim)
        .or_else(|| lines.iter().map(|l| l.trim()).find(|l| !l.is_empty()))
        .unwrap_or("invalid pattern")
        .to_string();
    // The parser prints the pattern indented by 4 and a caret line under it.
    let caret = lines.iter().skip(1).find(|l| l.trim_start().starts_with('^') && l.trim().chars().all(|c| c == '^'));
    match caret.map(|l| l.chars().take_while(|c| *c == ' ').count()) {
        Some(indent) if indent >= 4 => format!("{what} (at character {} of the pattern)", indent - 4 + 1),
        _ => what,
    }
}

/// The id of the `[[rule]]` table that contains byte `offset`, read from the raw text (used when
/// the TOML parser failed and there are no structs to ask).
fn rule_id_before(text: &str, offset: usize) -> Option<String> {
    // The error may point at the `[[rule]]` header itself (a missing key): include it.
    let offset = floor_char_boundary(text, offset.saturating_add(8));
    let start = text[..offset].rfind("[[rule]]")?;
    let end = text[start + 8..].find("[[rule]]").map(|i| start + 8 + i).unwrap_or(text.len());
    text[start..end].lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &rest[1..];
        inner.find(quote).map(|i| inner[..i].to_string())
    })
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "[ruleset]\nid = \"t\"\ntitle = \"T\"\nversion = \"1\"\n";

    fn load(body: &str) -> Result<RuleSet, RulesError> {
        RuleSet::from_toml_str(&format!("{HEAD}{body}"), "rules/x.toml")
    }

    fn err(body: &str) -> RulesError {
        match load(body) {
            Ok(_) => panic!("expected an error for:\n{body}"),
            Err(e) => e,
        }
    }

    fn at(e: &RulesError) -> (usize, usize) {
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
        let e = err("[[rule]]\nid = \"founder\"\ntitle = \"У\"\nseverity = \"mandatory\"\nlinks = ['x']\n");
        let RulesError::Toml { rule, message, .. } = &e else { panic!("{e}") };
        assert_eq!(rule.as_deref(), Some("founder"));
        assert!(message.contains("links"), "{message}");
        assert_eq!(at(&e), (9, 1), "{e}");
    }

    #[test]
    fn missing_key_names_the_rule() {
        let e = err("[[rule]]\nid = \"founder\"\nseverity = \"mandatory\"\nlink = ['a']\n");
        let RulesError::Toml { rule, message, .. } = &e else { panic!("{e}") };
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
        assert!(shown.starts_with("rules/x.toml:9:15: rule «founder»: invalid regular expression in `link`: "), "{shown}");
        assert!(!shown.contains('\n'), "{shown}");
        assert!(shown.contains("unclosed group"), "{shown}");
    }

    #[test]
    fn duplicate_id_is_reported_at_the_second() {
        let e = err(&format!("{GOOD}{GOOD}"));
        let RulesError::DuplicateId { first_line, .. } = &e else { panic!("{e}") };
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
        let rule = |id: &str, sev: &str, link: &str| format!("[[rule]]\nid = \"{id}\"\ntitle = \"T\"\nseverity = \"{sev}\"\nlink = ['{link}']\n");
        assert!(matches!(err(&rule("", "mandatory", "x")), RulesError::BadId { .. }));
        assert!(matches!(err(&rule("Founder", "mandatory", "x")), RulesError::BadId { .. }));
        assert!(matches!(err(&rule("учредитель", "mandatory", "x")), RulesError::BadId { .. }));
        let e = err(&rule("a", "must", "x"));
        assert!(matches!(e, RulesError::BadSeverity { .. }), "{e}");
        assert_eq!(at(&e), (8, 12));
        assert!(matches!(err(&rule("a", "mandatory", "")), RulesError::EmptyPattern { .. }));
        let e = err(&rule("a", "mandatory", "x*"));
        assert!(matches!(e, RulesError::MatchesEmpty { .. }), "{e}");
        assert!(matches!(err(&rule("a", "mandatory", "(a|)")), RulesError::MatchesEmpty { .. }));
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
        assert!(e.to_string().starts_with("/nonexistent/rules.toml: cannot read"), "{e}");
    }

    #[test]
    fn rule_id_is_found_for_parse_errors() {
        let text = "[[rule]]\nid = \"a\"\n[[rule]]\nid = 'b'\nx = \n";
        assert_eq!(rule_id_before(text, text.len() - 1).as_deref(), Some("b"));
        assert_eq!(rule_id_before(text, 0).as_deref(), Some("a"));
        assert_eq!(rule_id_before("x = 1\n[[rule]]\nid = 'a'\n", 1), None);
    }
}
