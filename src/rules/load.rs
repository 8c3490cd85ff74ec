//! Loading a rules file: TOML → raw structs that remember where every value was written →
//! validated and compiled [`RuleSet`]. Every error names `path:line:col` and the rule, so an
//! auditor editing the file can go straight to the mistake.

use super::confirm::RawConfirm;
use super::document_check::RawDocumentCheck;
use super::error::{Location, RulesError};
use super::{
    fold, FormMatcher, Matchers, Patterns, Rule, RuleSet, BUILTIN_RULES, BUILTIN_RULES_NAME,
};
use crate::model::{RequirementId, Severity};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;
use toml::Spanned;

/// Field kinds a `form` matcher may ask for (what `extract::FormField::kind` reports).
pub(super) const FIELD_KINDS: &[&str] = &[
    "textarea", "select", "radio", "checkbox", "email", "tel", "text", "file", "number", "date",
    "url", "search", "password", "hidden", "range",
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
    fix: Option<Spanned<String>>,
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
    qa: Option<Spanned<u32>>,
    #[serde(default)]
    exclude: Vec<Pat>,
    max_age_days: Option<Spanned<u32>>,
    document_check: Option<RawDocumentCheck>,
    confirm: Option<Spanned<RawConfirm>>,
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
        // Windows editors save UTF-8 with a byte-order mark, which TOML does not allow.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let file = SourceFile {
            name: source_name,
            text,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| file.toml_error(&e))?;
        let header_at = file.location(raw.ruleset.id.span());
        let set_id = raw.ruleset.id.into_inner();
        if !valid_id(&set_id) {
            return Err(RulesError::BadId {
                at: header_at,
                id: set_id,
            });
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
            sha256: super::digest::sha256_hex(text),
            rule_digests: super::digest::rule_digests(text),
            rules,
            index: Default::default(),
        })
    }

    /// Reads and compiles the rules file at `path`.
    pub fn load(path: &Path) -> Result<RuleSet, RulesError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Read {
            path: shown.clone(),
            source,
        })?;
        RuleSet::from_toml_str(&text, &shown)
    }

    /// The built-in rule set (`rules/1239-886n.toml`, compiled into the binary). Every copy
    /// shares one compiled index (built on first use, about a second of CPU); to change a copy's
    /// rules, `clone()` it first.
    pub fn builtin() -> RuleSet {
        // Compiled once per process (a few hundred Unicode regexes); copies share the regexes.
        static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The built-in file is ours, not the user's; a unit test proves it loads.
                RuleSet::from_toml_str(BUILTIN_RULES, BUILTIN_RULES_NAME)
                    .unwrap_or_else(|e| panic!("the built-in rules file is broken: {e}"))
            })
            .shared_copy()
    }
}

/// Lowercase latin letters, digits and `-`, not empty.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The text being loaded and its name, to turn byte spans into locations.
pub(super) struct SourceFile<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceFile<'_> {
    pub(super) fn location(&self, span: Range<usize>) -> Location {
        let offset = floor_char_boundary(self.text, span.start);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        Location {
            path: self.name.to_string(),
            line,
            column,
        }
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
    fn compile_rule(
        &self,
        raw: RawRule,
        seen: &HashMap<String, usize>,
    ) -> Result<(Rule, usize), RulesError> {
        let id_at = self.location(raw.id.span());
        let id = raw.id.into_inner();
        if !valid_id(&id) {
            return Err(RulesError::BadId { at: id_at, id });
        }
        if let Some(&first_line) = seen.get(&id) {
            return Err(RulesError::DuplicateId {
                at: id_at,
                rule: id,
                first_line,
            });
        }
        let severity = match raw.severity.get_ref().as_str() {
            "mandatory" => Severity::Mandatory,
            "recommended" => Severity::Recommended,
            other => {
                let at = self.location(raw.severity.span());
                return Err(RulesError::BadSeverity {
                    at,
                    rule: id,
                    value: other.to_string(),
                });
            }
        };
        let fix = self.check_fix(&id, raw.fix)?;
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
            qa: self.compile_qa(&id, raw.qa)?,
            exclude: c("exclude", &raw.exclude)?,
        };
        if !has_any_matcher(&matchers) {
            return Err(RulesError::NoMatcher {
                at: id_at,
                rule: id,
            });
        }
        let mut document_check =
            self.compile_document_check(&id, raw.document_check, raw.max_age_days)?;
        if let Some(confirm) = self.compile_confirm(&id, raw.confirm)? {
            // Confirmation needs the candidates' content, which is what a document check reads.
            document_check.get_or_insert_with(Default::default).confirm = Some(confirm);
        }
        let rule = Rule {
            id: RequirementId(id),
            title: raw.title,
            severity,
            basis: raw.basis,
            what: raw.what,
            hint: raw.hint,
            fix,
            matchers,
            max_age_days: document_check.as_ref().and_then(|c| c.max_age_days),
            document_check,
        };
        Ok((rule, id_at.line))
    }

    fn compile_form(&self, rule: &str, raw: &RawForm) -> Result<FormMatcher, RulesError> {
        let mut fields = Vec::with_capacity(raw.fields.len());
        for f in &raw.fields {
            let kind = f.get_ref().trim().to_ascii_lowercase();
            if !FIELD_KINDS.contains(&kind.as_str()) {
                let at = self.location(f.span());
                return Err(RulesError::BadFieldKind {
                    at,
                    rule: rule.to_string(),
                    value: f.get_ref().clone(),
                });
            }
            fields.push(kind);
        }
        Ok(FormMatcher {
            fields,
            text: self.compile_patterns(rule, "form.text", &raw.text)?,
        })
    }

    pub(super) fn compile_patterns(
        &self,
        rule: &str,
        field: &str,
        pats: &[Pat],
    ) -> Result<Patterns, RulesError> {
        let mut out = Vec::with_capacity(pats.len());
        for p in pats {
            out.push(self.compile_one(rule, field, p)?);
        }
        Ok(Patterns::from(out))
    }

    fn compile_one(&self, rule: &str, field: &str, p: &Pat) -> Result<Regex, RulesError> {
        let at = || self.location(p.span());
        let (rule, field) = (rule.to_string(), field.to_string());
        let source = p.get_ref();
        if source.is_empty() {
            return Err(RulesError::EmptyPattern {
                at: at(),
                rule,
                field,
            });
        }
        let re = RegexBuilder::new(&fold(source))
            .case_insensitive(true)
            .unicode(true)
            .build()
            .map_err(|e| RulesError::InvalidRegex {
                at: at(),
                rule: rule.clone(),
                field: field.clone(),
                message: regex_message(&e),
            })?;
        if re.is_match("") {
            return Err(RulesError::MatchesEmpty {
                at: at(),
                rule,
                field,
                pattern: source.clone(),
            });
        }
        Ok(re)
    }
}

impl SourceFile<'_> {
    /// `qa = N`: the number of question/answer pairs a block needs, at least 1.
    fn compile_qa(
        &self,
        rule: &str,
        raw: Option<Spanned<u32>>,
    ) -> Result<Option<usize>, RulesError> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        match *raw.get_ref() {
            0 => Err(RulesError::BadQa {
                at: self.location(raw.span()),
                rule: rule.to_string(),
            }),
            n => Ok(Some(n as usize)),
        }
    }
}

fn has_any_matcher(m: &Matchers) -> bool {
    let lists = [
        &m.link,
        &m.heading,
        &m.page_title,
        &m.url,
        &m.content,
        &m.content_anywhere,
        &m.absence,
        &m.document,
        &m.external,
        &m.iframe,
        &m.script,
        &m.control,
    ];
    lists.iter().any(|p| !p.is_empty()) || m.form.is_some() || m.qa.is_some()
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
    let caret = lines
        .iter()
        .skip(1)
        .find(|l| l.trim_start().starts_with('^') && l.trim().chars().all(|c| c == '^'));
    match caret.map(|l| l.chars().take_while(|c| *c == ' ').count()) {
        Some(indent) if indent >= 4 => {
            format!("{what} (at character {} of the pattern)", indent - 4 + 1)
        }
        _ => what,
    }
}

/// The id of the `[[rule]]` table that contains byte `offset`, read from the raw text (used when
/// the TOML parser failed and there are no structs to ask).
pub(super) fn rule_id_before(text: &str, offset: usize) -> Option<String> {
    // The error may point at the `[[rule]]` header itself (a missing key): include it.
    let offset = floor_char_boundary(text, offset.saturating_add(8));
    let start = text[..offset].rfind("[[rule]]")?;
    let end = text[start + 8..]
        .find("[[rule]]")
        .map(|i| start + 8 + i)
        .unwrap_or(text.len());
    text[start..end].lines().find_map(|line| {
        let rest = line
            .trim_start()
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
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
