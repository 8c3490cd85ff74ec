//! `[rule.document_check]`: conditions on the *content* of a document (or page) that matched a
//! rule by its name — is the file really the НОК plan, for which year, how old. The loader only
//! parses and validates them; `analysis::evaluate` applies them.

use super::error::RulesError;
use super::load::SourceFile;
use super::Patterns;
use serde::Deserialize;
use toml::Spanned;

/// Which content analysis decides whether a document is what the rule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocAnalysis {
    /// No analysis: only `must_contain`, the year and the age are checked.
    #[default]
    None,
    /// The plan to remove the shortcomings found by the НОК (ПП РФ № 457 form or a 2017 roadmap).
    Plan,
    /// A report on carrying out that plan, or the plan with its progress columns.
    PlanReport,
    /// НОК results: scores for the 344н criteria or a total score.
    NokResults,
}

impl DocAnalysis {
    /// The value as written in a rules file.
    pub fn name(self) -> &'static str {
        match self {
            DocAnalysis::None => "none",
            DocAnalysis::Plan => "plan",
            DocAnalysis::PlanReport => "plan-report",
            DocAnalysis::NokResults => "nok-results",
        }
    }

    fn parse(s: &str) -> Option<DocAnalysis> {
        [
            DocAnalysis::None,
            DocAnalysis::Plan,
            DocAnalysis::PlanReport,
            DocAnalysis::NokResults,
        ]
        .into_iter()
        .find(|a| a.name() == s)
    }

    /// True for the analyses that find the columns of a plan form.
    pub fn reads_plan_columns(self) -> bool {
        matches!(self, DocAnalysis::Plan | DocAnalysis::PlanReport)
    }
}

/// How many columns the plan forms have (ПП РФ № 457: six; the 2017 roadmap: six).
pub const PLAN_FORM_COLUMNS: u32 = 6;

/// Conditions on the content of documents and pages that matched a rule (see `docs/rules.md`).
#[derive(Debug, Clone, Default)]
pub struct DocumentCheck {
    /// Which analysis must recognise the document.
    pub analysis: DocAnalysis,
    /// Every one of these patterns must occur in the document's text (tables included).
    pub must_contain: Patterns,
    /// For plan analyses: at least this many of the form's columns must be found.
    pub min_columns: Option<u32>,
    /// Older than this (counted from the end of the year it is for, or from its date) is partial.
    pub max_age_days: Option<u32>,
    /// The document must be for the current year (or the next one; a report: this or last year).
    pub current_year: bool,
    /// What a candidate must say about itself (`[rule.confirm]`).
    pub confirm: Option<super::Confirm>,
}

impl DocumentCheck {
    /// True when the check only confirms what a candidate is (`[rule.confirm]` alone): it then
    /// says nothing about a file's format, year or age.
    pub fn confirm_only(&self) -> bool {
        self.analysis == DocAnalysis::None
            && self.must_contain.is_empty()
            && self.min_columns.is_none()
            && self.max_age_days.is_none()
            && !self.current_year
    }
}

/// `[rule.document_check]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDocumentCheck {
    analysis: Option<Spanned<String>>,
    #[serde(default)]
    must_contain: Vec<Spanned<String>>,
    min_columns: Option<Spanned<u32>>,
    max_age_days: Option<Spanned<u32>>,
    #[serde(default)]
    current_year: bool,
}

impl SourceFile<'_> {
    /// Validates `[rule.document_check]`; a rule-level `max_age_days` (the older spelling) turns
    /// into a check of its own when the table is absent.
    pub(super) fn compile_document_check(
        &self,
        rule: &str,
        raw: Option<RawDocumentCheck>,
        rule_max_age: Option<Spanned<u32>>,
    ) -> Result<Option<DocumentCheck>, RulesError> {
        let bad = |span: std::ops::Range<usize>, key: &str, message: String| {
            RulesError::BadDocumentCheck {
                at: self.location(span),
                rule: rule.to_string(),
                key: key.to_string(),
                message,
            }
        };
        let Some(raw) = raw else {
            return match rule_max_age {
                None => Ok(None),
                Some(age) => {
                    let span = age.span();
                    let days =
                        check_age(age.into_inner()).map_err(|m| bad(span, "max_age_days", m))?;
                    Ok(Some(DocumentCheck {
                        max_age_days: Some(days),
                        ..DocumentCheck::default()
                    }))
                }
            };
        };
        if let Some(age) = &rule_max_age {
            return Err(bad(
                age.span(),
                "max_age_days",
                "also set in [rule.document_check]; keep only the one in [rule.document_check]"
                    .to_string(),
            ));
        }
        let analysis = match &raw.analysis {
            None => DocAnalysis::None,
            Some(a) => DocAnalysis::parse(a.get_ref().trim()).ok_or_else(|| {
                bad(
                    a.span(),
                    "analysis",
                    format!(
                        "unknown analysis «{}»; write \"plan\", \"plan-report\", \"nok-results\" or \"none\"",
                        a.get_ref()
                    ),
                )
            })?,
        };
        let min_columns = match raw.min_columns {
            None => None,
            Some(m) => {
                let span = m.span();
                let n = m.into_inner();
                if !analysis.reads_plan_columns() {
                    return Err(bad(
                        span,
                        "min_columns",
                        format!(
                            "counts the columns of a plan form, but analysis is \"{}\"; set analysis = \"plan\" or \"plan-report\", or remove min_columns",
                            analysis.name()
                        ),
                    ));
                }
                if n == 0 || n > PLAN_FORM_COLUMNS {
                    return Err(bad(
                        span,
                        "min_columns",
                        format!("must be 1 to {PLAN_FORM_COLUMNS} (the plan forms have {PLAN_FORM_COLUMNS} columns), not {n}"),
                    ));
                }
                Some(n)
            }
        };
        let max_age_days = match raw.max_age_days {
            None => None,
            Some(age) => {
                let span = age.span();
                Some(check_age(age.into_inner()).map_err(|m| bad(span, "max_age_days", m))?)
            }
        };
        Ok(Some(DocumentCheck {
            analysis,
            must_contain: self.compile_patterns(
                rule,
                "document_check.must_contain",
                &raw.must_contain,
            )?,
            min_columns,
            max_age_days,
            current_year: raw.current_year,
            confirm: None,
        }))
    }
}

fn check_age(days: u32) -> Result<u32, String> {
    // Ten years is far beyond any publication rule; a bigger number is almost surely a typo.
    if days == 0 || days > 3660 {
        Err(format!(
            "must be 1 to 3660 days, not {days} (730 = two years)"
        ))
    } else {
        Ok(days)
    }
}
