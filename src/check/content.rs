//! Judging content for rules with a document check: a document's (or page's) text and tables go
//! through `analysis::evaluate`, and the result decides whether the evidence pointing at it
//! passes, is partial, or does not count.

use crate::analysis::{evaluate_shared, DocInput, DocVerdict, Shared};
use crate::documents::{DocOutcome, DocumentText};
use crate::report::DocumentFinding;
use crate::rules::DocumentCheck;

/// The content of one fetched document or page, as the checker judges it.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    /// Text (a page: its main text).
    pub text: &'a str,
    /// Tables.
    pub tables: &'a [Vec<Vec<String>>],
    /// `pdf`, `docx`, `html`, …
    pub format: &'a str,
    /// `text`, `scan`, `broken`, …
    pub outcome: &'a str,
    /// Why reading failed, when it did.
    pub outcome_reason: Option<&'a str>,
    /// `Last-Modified` or the file's own date.
    pub last_modified: Option<&'a str>,
    /// HTTP status.
    pub status: Option<u16>,
    /// The text of the link that led to it, or the page title.
    pub link_text: Option<&'a str>,
    /// The file name or URL path.
    pub file_name: Option<&'a str>,
    /// A document's metadata title; a page's title and first heading.
    pub title: Option<&'a str>,
    /// A page's own words (main text without headings and link texts).
    pub own_text: Option<&'a str>,
}

impl<'a> Content<'a> {
    /// The content of an extracted document.
    pub fn of_document(
        doc: &'a DocumentText,
        status: u16,
        last_modified: Option<&'a str>,
        link_text: Option<&'a str>,
        file_name: Option<&'a str>,
    ) -> Self {
        let (outcome, reason) = outcome_parts(&doc.outcome);
        Content {
            text: &doc.text,
            tables: &doc.tables,
            format: doc.format.name(),
            outcome,
            outcome_reason: reason,
            last_modified: doc.modified.as_deref().or(last_modified),
            status: Some(status),
            link_text,
            file_name,
            title: doc.title.as_deref(),
            own_text: None,
        }
    }
}

/// The name and the reason of a document outcome.
pub fn outcome_parts(outcome: &DocOutcome) -> (&'static str, Option<&str>) {
    match outcome {
        DocOutcome::Text => ("text", None),
        DocOutcome::Scan => ("scan", None),
        DocOutcome::Encrypted => ("encrypted", None),
        DocOutcome::Unsupported(r) => ("unsupported", Some(r.as_str())),
        DocOutcome::Rejected(r) => ("rejected", Some(r.as_str())),
        DocOutcome::Broken(r) => ("broken", Some(r.as_str())),
    }
}

/// What the content showed for one rule.
#[derive(Debug, Clone)]
pub struct Judged {
    /// Pass, partial (with the reason) or does not count (with the reason).
    pub effect: Effect,
    /// The finding for the report.
    pub finding: DocumentFinding,
    /// A document's own title, when one was found.
    pub title: Option<String>,
    /// The own title matches `[rule.confirm] title`: the document says what it is.
    pub title_confirmed: bool,
    /// The content itself was recognised: a plan's columns, results' scores, or every
    /// `[rule.confirm]` condition held on readable text.
    pub recognised: bool,
}

/// The effect of judged content on the evidence that points at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// It is what the rule asks for.
    Pass,
    /// It is, but only partly (stale, a scan, columns missing, …).
    Partial(String),
    /// It is not what the rule asks for.
    DoesNotCount(String),
    /// It is another requirement's document or page (its own title is excluded): no evidence.
    Elsewhere(String),
}

/// Applies `check` to `content` at `url` on `today`; `shared` keeps what one rule read of the
/// content for the next (one `Shared` per content).
pub fn judge(
    check: &DocumentCheck,
    url: &str,
    content: &Content<'_>,
    today: time::Date,
    shared: &mut Shared,
) -> Judged {
    let input = DocInput {
        text: content.text,
        tables: content.tables,
        file_name: content.file_name,
        link_text: content.link_text,
        last_modified: content.last_modified,
        format: content.format,
        outcome: content.outcome,
        status: content.status,
        title: content.title,
        own_text: content.own_text,
    };
    let verdict = evaluate_shared(check, &input, today, shared);
    let effect = effect_of(&verdict);
    Judged {
        effect,
        finding: finding(url, content, &verdict),
        title: verdict.title.clone(),
        title_confirmed: verdict.title_confirmed,
        recognised: verdict.confirmed || verdict.plan.is_some() || verdict.nok.is_some(),
    }
}

fn effect_of(v: &DocVerdict) -> Effect {
    let reasons = v.partial_reasons.join("; ");
    if v.excluded {
        return Effect::Elsewhere(reasons);
    }
    match (v.ok, reasons.is_empty()) {
        (true, true) => Effect::Pass,
        (true, false) => Effect::Partial(reasons),
        (false, _) if reasons.is_empty() => {
            Effect::DoesNotCount("содержание не соответствует требованию".into())
        }
        (false, _) => Effect::DoesNotCount(reasons),
    }
}

fn finding(url: &str, content: &Content<'_>, v: &DocVerdict) -> DocumentFinding {
    let outcome = match content.outcome_reason {
        Some(reason) => format!("{}: {reason}", content.outcome),
        None => content.outcome.to_string(),
    };
    DocumentFinding {
        url: url.to_string(),
        format: content.format.to_string(),
        outcome,
        counts: v.ok,
        year: v.year,
        period: v.years.as_ref().map(|y| y.label_ru()),
        columns_missing: v.columns_missing.clone(),
        problems: v.partial_reasons.clone(),
        note: v.note.clone(),
    }
}
