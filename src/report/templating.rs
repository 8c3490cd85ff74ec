//! What the HTML formats share: one tera instance per template (parsed once per process, with
//! autoescaping), the escaping itself, and the rule for which URLs may become links.

use super::ReportError;
use serde::Serialize;
use std::sync::OnceLock;
use tera::{Context, Tera};

/// An embedded template and the slot that caches its parsed form.
pub(crate) struct Template {
    /// Name used in errors; ends in `.html` so that autoescaping applies.
    pub name: &'static str,
    /// The template text (embedded with `include_str!` so the binary works from any folder).
    pub source: &'static str,
    /// The parsed template, or the parse error, kept for the life of the process.
    pub parsed: OnceLock<Result<Tera, String>>,
}

impl Template {
    /// A template not parsed yet.
    pub const fn new(name: &'static str, source: &'static str) -> Self {
        Template {
            name,
            source,
            parsed: OnceLock::new(),
        }
    }

    /// Renders `view`; a parse error is reported on every render.
    pub fn render(&self, view: impl Serialize) -> Result<String, ReportError> {
        let error = |reason: String| ReportError::Template {
            template: self.name.to_string(),
            reason,
        };
        let tera = self.instance().map_err(|reason| error(reason.clone()))?;
        let context = Context::from_serialize(view).map_err(|e| error(error_chain(&e)))?;
        tera.render(self.name, &context)
            .map_err(|e| error(error_chain(&e)))
    }

    fn instance(&self) -> Result<&Tera, &String> {
        self.parsed
            .get_or_init(|| {
                let mut tera = Tera::default();
                tera.autoescape_on(vec![".html"]);
                tera.set_escape_fn(escape_html);
                tera.add_raw_template(self.name, self.source)
                    .map_err(|e| error_chain(&e))?;
                Ok(tera)
            })
            .as_ref()
    }
}

/// Tera's `Display` shows only the outermost error; the cause (line, variable) is in the chain.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
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
pub(crate) fn escape_html(input: &str) -> String {
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

/// The URL to put into an `href`, or `None` when it must stay plain text (only http and https:
/// a site-controlled `javascript:` or `data:` URL must never become a link).
pub(crate) fn safe_href(raw: &str) -> Option<String> {
    let url = url::Url::parse(raw.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}
