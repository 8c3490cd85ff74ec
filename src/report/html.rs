//! `report.html`: a self-contained Russian report for a non-technical director (tera).
//!
//! The template (`reports/templates/report.html.tera`, embedded in the binary) only lays out
//! values prepared here: wording, ordering, plural forms and number formats are decided in Rust,
//! so the template stays dumb. Two safety rules hold for every site-controlled string: tera's
//! autoescape is on (never `| safe`), and only `http:`/`https:` URLs ever become an `href` —
//! anything else (`javascript:`, `data:`, garbage) is shown as text.

use super::{ReportError, SiteReport};
use std::sync::OnceLock;
use tera::{Context, Tera};
use view::PageView;

#[cfg(test)]
pub(crate) mod sample;
#[cfg(test)]
mod tests;
mod view;
mod wording;

pub(crate) use view::verdict_summary;
pub(crate) use wording::{format_feedback, format_percent};

/// Name the template is registered under; the `.html` suffix turns tera's autoescape on.
const TEMPLATE_NAME: &str = "report.html";

/// The template source, embedded so the binary works from any folder.
const TEMPLATE_SOURCE: &str = include_str!("../../reports/templates/report.html.tera");

/// Renders the HTML report.
pub fn render(report: &SiteReport) -> Result<String, ReportError> {
    let tera = tera_instance().map_err(|reason| template_error(reason.clone()))?;
    let context = Context::from_serialize(PageView::new(report))
        .map_err(|e| template_error(error_chain(&e)))?;
    tera.render(TEMPLATE_NAME, &context)
        .map_err(|e| template_error(error_chain(&e)))
}

fn template_error(reason: String) -> ReportError {
    ReportError::Template {
        template: TEMPLATE_NAME.to_string(),
        reason,
    }
}

/// The template is parsed once per process; a parse error is kept and reported on every render.
fn tera_instance() -> Result<&'static Tera, &'static String> {
    static TERA: OnceLock<Result<Tera, String>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_template(TEMPLATE_NAME, TEMPLATE_SOURCE)
            .map_err(|e| error_chain(&e))?;
        Ok(tera)
    })
    .as_ref()
}

/// Tera's `Display` shows only the outermost error; the cause (line, variable) is in the chain.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Escapes text for HTML content and quoted attributes. Unlike tera's default it leaves `/`
/// alone, so URLs stay readable in the page source; `/` cannot end a quoted attribute.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// The URL to put into an `href`, or `None` when it must stay plain text.
fn safe_href(raw: &str) -> Option<String> {
    let url = url::Url::parse(raw.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}
