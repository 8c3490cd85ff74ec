//! `fix = "…"` of a rule: the one imperative sentence every report shows beside an item that is
//! not met. It is printed as written, so the loader holds it to one line and one sentence.

use super::error::RulesError;
use super::load::SourceFile;
use toml::Spanned;

/// Longest `fix` sentence, in characters: a report line, not a paragraph.
const FIX_MAX_CHARS: usize = 400;

impl SourceFile<'_> {
    /// `fix = "…"`: one sentence that tells the institution what to publish and where; it is
    /// printed as written in every report, so it must be one non-empty line ending in a full stop.
    pub(super) fn check_fix(
        &self,
        rule: &str,
        raw: Option<Spanned<String>>,
    ) -> Result<Option<String>, RulesError> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let text = raw.get_ref().trim();
        let problem = if text.is_empty() {
            Some("is empty; write what to publish and where, or remove the key")
        } else if text.contains(['\n', '\r']) {
            Some("must be one line (one sentence)")
        } else if text.chars().count() > FIX_MAX_CHARS {
            Some("is longer than 400 characters; keep it to one sentence")
        } else if !text.ends_with(['.', '!']) {
            Some("must be a whole sentence ending with «.»")
        } else {
            None
        };
        match problem {
            Some(problem) => Err(RulesError::BadFix {
                at: self.location(raw.span()),
                rule: rule.to_string(),
                problem: problem.to_string(),
            }),
            None => Ok(Some(text.to_string())),
        }
    }
}
