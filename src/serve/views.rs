//! The server's own pages (tera, autoescaped like report.html; no inline script or style):
//! the form, a check in progress or failed, the bar above a finished report, and messages.
//! The finished report itself is report.html's template, with the bar put in after `<body>`
//! and a nonce on its one inline stylesheet.

use crate::report::templating::Template;
use serde::Serialize;

/// The form (with an error above it after a refused submit).
#[derive(Debug, Serialize)]
pub struct IndexView {
    /// The CSRF token of the form.
    pub csrf: String,
    /// What was typed, to show again after an error.
    pub url: String,
    /// Why the last submit was refused.
    pub error: Option<String>,
}

/// A check that has no report yet, or failed.
#[derive(Debug, Serialize)]
pub struct PendingView {
    /// Check id.
    pub id: String,
    /// The site.
    pub url: String,
    /// `queued`, `running` or `failed`.
    pub status: &'static str,
    /// The status in words.
    pub status_text: String,
    /// Pages fetched.
    pub pages: u64,
    /// Requirements decided.
    pub decided: u64,
    /// Requirements in all.
    pub total: u64,
    /// The page fetched last.
    pub current_url: Option<String>,
    /// When the check was asked for, in words.
    pub created: String,
    /// Why a failed check failed.
    pub error: Option<String>,
    /// The CSRF token for "check again".
    pub csrf: String,
}

/// The bar above a finished report.
#[derive(Debug, Serialize)]
pub struct ToolbarView {
    /// Check id.
    pub id: String,
    /// The site.
    pub url: String,
    /// When the check finished, in words.
    pub finished: String,
    /// Shown because the same site was checked recently.
    pub reused: bool,
    /// When "check again" becomes possible, in words (`None`: now).
    pub again_after: Option<String>,
    /// The CSRF token for "check again".
    pub csrf: String,
}

/// A message page (404, a refused form).
#[derive(Debug, Serialize)]
pub struct MessageView {
    /// Heading.
    pub title: String,
    /// The sentence.
    pub text: String,
}

static INDEX: Template = Template::new("index.html", include_str!("templates/index.html.tera"));
static PENDING: Template =
    Template::new("pending.html", include_str!("templates/pending.html.tera"));
static TOOLBAR: Template =
    Template::new("toolbar.html", include_str!("templates/toolbar.html.tera"));
static MESSAGE: Template =
    Template::new("message.html", include_str!("templates/message.html.tera"));

/// Renders the form page.
pub fn index(view: &IndexView) -> String {
    render(&INDEX, view)
}

/// Renders a pending or failed check.
pub fn pending(view: &PendingView) -> String {
    render(&PENDING, view)
}

/// Renders a message page.
pub fn message(view: &MessageView) -> String {
    render(&MESSAGE, view)
}

/// report.html of `report` for the server: the inline stylesheet gets `nonce`, the server's
/// stylesheet is linked, and `toolbar` (if any) goes first in the body.
pub fn report_page(
    report: &crate::report::SiteReport,
    nonce: &str,
    toolbar: Option<&ToolbarView>,
) -> Result<String, String> {
    let html = crate::report::html::render(report).map_err(|e| e.to_string())?;
    let bar = toolbar.map(|t| render(&TOOLBAR, t)).unwrap_or_default();
    Ok(decorate(&html, nonce, &bar))
}

/// report.html of `report` for the server with `bar` (HTML already rendered by an autoescaping
/// template) first in the body: the workspace's run pages put their own bar there.
pub fn report_page_with_bar(
    report: &crate::report::SiteReport,
    nonce: &str,
    bar: &str,
) -> Result<String, String> {
    let html = crate::report::html::render(report).map_err(|e| e.to_string())?;
    Ok(decorate(&html, nonce, bar))
}

/// Puts the nonce, the stylesheet link and the bar into the report's markup. Only the
/// template's own tags are touched: anything from a site is escaped, so its first `<style>`,
/// `</head>` and `<body>` are the template's.
fn decorate(html: &str, nonce: &str, bar: &str) -> String {
    let html = html.replacen("<style>", &format!("<style nonce=\"{nonce}\">"), 1);
    let html = html.replacen(
        "</head>",
        "<link rel=\"stylesheet\" href=\"/static/serve.css\">\n</head>",
        1,
    );
    match html.find("<body>") {
        Some(at) => {
            let end = at + "<body>".len();
            format!("{}\n{bar}{}", &html[..end], &html[end..])
        }
        None => html,
    }
}

fn render(template: &Template, view: &impl Serialize) -> String {
    template.render(view).unwrap_or_else(|e| {
        tracing::error!("{e}");
        "<!DOCTYPE html><title>Ошибка</title><p>Внутренняя ошибка сервера.</p>".into()
    })
}

/// `ms` since the epoch as «06.12.2026 в 14:05 (UTC)».
pub fn when_ru(ms: i64) -> String {
    let format = time::macros::format_description!("[day].[month].[year] в [hour]:[minute] (UTC)");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_and_bar_go_into_the_template_tags_only() {
        let page = "<html><head><style>a{}</style></head><body><p>&lt;style&gt;</p></body></html>";
        let out = decorate(page, "N1", "<nav>bar</nav>");
        assert!(out.contains("<style nonce=\"N1\">a{}</style>"), "{out}");
        assert!(
            out.contains("<body>\n<nav>bar</nav><p>&lt;style&gt;</p>"),
            "{out}"
        );
        assert!(out.contains("/static/serve.css\">\n</head>"), "{out}");
    }

    #[test]
    fn site_strings_are_escaped_in_the_servers_pages() {
        let view = PendingView {
            id: "0".repeat(32),
            url: "http://x.ru/\"><script>alert(1)</script>".into(),
            status: "running",
            status_text: "Идёт проверка".into(),
            pages: 1,
            decided: 2,
            total: 30,
            current_url: Some("http://x.ru/<img src=x onerror=alert(1)>".into()),
            created: when_ru(0),
            error: None,
            csrf: "t".into(),
        };
        let html = pending(&view);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert_eq!(when_ru(0), "01.01.1970 в 00:00 (UTC)");
    }
}
