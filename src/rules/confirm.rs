//! `[rule.confirm]`: what a candidate must say about itself before it counts. A link text, a URL
//! or a heading only makes a page or a document a *candidate*; its own title and text decide
//! («Правила внутреннего распорядка» that open as «Правила внутреннего трудового распорядка» are
//! the labour rules, not the rules for recipients). The loader parses and validates the table;
//! `analysis::evaluate` applies it together with the rest of the document check.

use super::error::RulesError;
use super::load::SourceFile;
use super::Patterns;
use serde::Deserialize;
use toml::Spanned;

/// What a candidate page or document must contain, or must not be titled (see `docs/rules.md`).
#[derive(Debug, Clone, Default)]
pub struct Confirm {
    /// A document's own title (or first heading) must match one of these.
    pub title: Patterns,
    /// A document's own title, or a page's title or first heading, must match none of these.
    pub title_exclude: Patterns,
    /// Every one of these must occur in the text (a page: its own words, not its labels).
    pub must_contain: Patterns,
    /// At least one of these must occur in the text (a page: its own words, not its labels).
    pub any_of: Patterns,
}

impl Confirm {
    /// True when the text conditions (`must_contain`, `any_of`) are set.
    pub fn has_text_conditions(&self) -> bool {
        !self.must_contain.is_empty() || !self.any_of.is_empty()
    }
}

/// `[rule.confirm]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfirm {
    #[serde(default)]
    title: Vec<Spanned<String>>,
    #[serde(default)]
    title_exclude: Vec<Spanned<String>>,
    #[serde(default)]
    must_contain: Vec<Spanned<String>>,
    #[serde(default)]
    any_of: Vec<Spanned<String>>,
}

impl SourceFile<'_> {
    /// Validates and compiles `[rule.confirm]`.
    pub(super) fn compile_confirm(
        &self,
        rule: &str,
        raw: Option<Spanned<RawConfirm>>,
    ) -> Result<Option<Confirm>, RulesError> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let span = raw.span();
        let raw = raw.into_inner();
        let confirm = Confirm {
            title: self.compile_patterns(rule, "confirm.title", &raw.title)?,
            title_exclude: self.compile_patterns(
                rule,
                "confirm.title_exclude",
                &raw.title_exclude,
            )?,
            must_contain: self.compile_patterns(rule, "confirm.must_contain", &raw.must_contain)?,
            any_of: self.compile_patterns(rule, "confirm.any_of", &raw.any_of)?,
        };
        if confirm.title.is_empty()
            && confirm.title_exclude.is_empty()
            && !confirm.has_text_conditions()
        {
            return Err(RulesError::BadConfirm {
                at: self.location(span),
                rule: rule.to_string(),
                message: "the table is empty; add at least one of title, title_exclude, \
                          must_contain, any_of (or remove it)"
                    .to_string(),
            });
        }
        Ok(Some(confirm))
    }
}
