//! Core value types shared by every stage: requirement ids, verdict statuses and evidence.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Canonical id of a requirement, e.g. `nok-plan` (see `rules/1239-886n.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequirementId(pub String);

impl fmt::Display for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for RequirementId {
    fn from(s: &str) -> Self {
        RequirementId(s.to_string())
    }
}

/// Whether the law demands the item or only the НОК scoring counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Required by 442-ФЗ / 1239 / 886н / НОК rules.
    Mandatory,
    /// Recommended, or counted by the 344н scoring only.
    Recommended,
}

/// The verdict on one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Found, with evidence.
    Pass,
    /// Found but broken: the link answers 404, the page is empty.
    Partial,
    /// Looked for on the whole reachable site and not found.
    Fail,
    /// Could not decide: robots.txt, fetch errors, JavaScript-only pages, budget.
    Unknown,
}

impl Status {
    /// Russian label used in reports.
    pub fn label_ru(self) -> &'static str {
        match self {
            Status::Pass => "есть",
            Status::Partial => "частично",
            Status::Fail => "нет",
            Status::Unknown => "не определено",
        }
    }
}

/// How a piece of evidence was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The text of a link (with its title, aria-label, image alt).
    LinkText,
    /// A heading (h1–h6) on a page.
    Heading,
    /// The `<title>` of a page.
    Title,
    /// The URL (slug, file name) of a link or page.
    Url,
    /// A phrase in the visible text of a page.
    Content,
    /// A link to a document (pdf, doc, …) by its text or file name.
    Document,
    /// A form on a page (fields, labels).
    Form,
    /// An iframe source.
    Iframe,
    /// A script source.
    Script,
    /// A link to an external host (bus.gov.ru, vk.com, …).
    ExternalLink,
    /// A button or other control without a URL (class, id, text).
    Control,
}

impl Via {
    /// Russian label used in reports.
    pub fn label_ru(self) -> &'static str {
        match self {
            Via::LinkText => "текст ссылки",
            Via::Heading => "заголовок",
            Via::Title => "заголовок страницы",
            Via::Url => "адрес (URL)",
            Via::Content => "текст страницы",
            Via::Document => "документ",
            Via::Form => "форма",
            Via::Iframe => "встроенный фрейм",
            Via::Script => "скрипт",
            Via::ExternalLink => "внешняя ссылка",
            Via::Control => "кнопка",
        }
    }
}

/// One piece of evidence behind a verdict: where, how, and what text matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The page (or document) the evidence was seen on or points to.
    pub url: String,
    /// How it matched.
    pub via: Via,
    /// The matched text, at most 200 characters.
    pub text: String,
    /// For links and documents: the page the link was found on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_on: Option<String>,
}

/// Maximum length, in characters, of evidence text.
pub const EVIDENCE_TEXT_MAX: usize = 200;

/// Cuts `s` to at most `max` characters on a char boundary, collapsing whitespace, adding `…` when cut.
pub fn clip_text(s: &str, max: usize) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut out: String = collapsed.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_text_collapses_and_cuts() {
        assert_eq!(clip_text("  a \n b ", 10), "a b");
        let long = "я".repeat(300);
        let clipped = clip_text(&long, EVIDENCE_TEXT_MAX);
        assert_eq!(clipped.chars().count(), EVIDENCE_TEXT_MAX);
        assert!(clipped.ends_with('…'));
    }

    #[test]
    fn status_serialises_lowercase() {
        assert_eq!(
            serde_json::to_string(&Status::Partial).unwrap(),
            "\"partial\""
        );
        assert_eq!(
            serde_json::to_string(&Via::ExternalLink).unwrap(),
            "\"external_link\""
        );
    }
}
