//! `report.html`: a self-contained Russian report for a non-technical director (tera).
//!
//! The template (`reports/templates/report.html.tera`, embedded in the binary) only lays out
//! values prepared here: wording, ordering, plural forms and number formats are decided in Rust,
//! so the template stays dumb. Two safety rules hold for every site-controlled string: tera's
//! autoescape is on (never `| safe`), and only `http:`/`https:` URLs ever become an `href` —
//! anything else (`javascript:`, `data:`, garbage) is shown as text.

use super::templating::Template;
use super::{ReportError, SiteReport};
use view::PageView;

#[cfg(test)]
pub(crate) mod sample;
#[cfg(test)]
mod tests;
mod view;
pub(crate) mod wording;

pub(crate) use view::verdict_summary;
pub(crate) use wording::{format_feedback, format_percent};

/// Name the template is registered under; the `.html` suffix turns tera's autoescape on.
const TEMPLATE_NAME: &str = "report.html";

/// The template source, embedded so the binary works from any folder.
const TEMPLATE_SOURCE: &str = include_str!("../../reports/templates/report.html.tera");

/// Renders the HTML report.
pub fn render(report: &SiteReport) -> Result<String, ReportError> {
    static TEMPLATE: Template = Template::new(TEMPLATE_NAME, TEMPLATE_SOURCE);
    TEMPLATE.render(PageView::new(report))
}
