//! Turns an HTML page into plain data (`Page`): title, headings, text, links, forms, frames, scripts.
//!
//! Everything here is site-controlled and untrusted; nothing panics on malformed markup, and
//! the work per page is capped (links, controls, text size) so that a huge page stays cheap.

pub mod bound;
mod elements;
mod embeds;
mod forms;
mod links;
mod qa;
mod rowlabel;
#[cfg(test)]
mod tests;
mod text;
mod walk;

use scraper::{ElementRef, Html};
use serde::{Deserialize, Serialize};
use url::Url;

pub use qa::QaBlock;

use elements::Elements;
use links::css;
use walk::{collapse, described_text, is_inside_invisible, TextLimits};

/// Bytes of page text (and of main text) kept; about half a million Cyrillic letters.
const MAX_TEXT_BYTES: usize = 1 << 20;
/// Most headings kept per page.
const MAX_HEADINGS: usize = 1_000;
/// Most `<meta>` pairs kept per page.
const MAX_META: usize = 200;
/// Bytes kept of a title, heading or meta content.
const SHORT_CAP: usize = 2_000;
const HEADING_LIMITS: TextLimits = TextLimits {
    cap: SHORT_CAP,
    nodes: 5_000,
    skip_fields: false,
};

/// What the checker needs to know about one HTML page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page {
    /// Final URL of the page (after redirects).
    pub url: String,
    /// `<title>`, whitespace-collapsed.
    pub title: String,
    /// Texts of h1–h6 (and elements with role=heading), in document order, whitespace-collapsed.
    pub headings: Vec<String>,
    /// All visible text (no script/style/template/noscript/svg, no `hidden` or `aria-hidden`
    /// parts), whitespace-collapsed, at most 1 MB.
    pub text: String,
    /// Visible text outside `nav`, `header`, `footer`, `aside`, menus and breadcrumbs: what the
    /// page itself says (the whole text when everything looks like navigation).
    pub main_text: String,
    /// Links in document order; adjacent anchors with the same href are joined into one.
    pub links: Vec<Link>,
    /// Forms with their fields.
    pub forms: Vec<Form>,
    /// Buttons and other clickable elements without a URL (`button`, `[role=button]`, `[onclick]`, `a` without href).
    pub controls: Vec<Control>,
    /// Absolute `src` of iframes.
    pub iframes: Vec<String>,
    /// Absolute `src` of scripts.
    pub scripts: Vec<String>,
    /// `<meta>` name/property/http-equiv (lowercased) → content, in document order.
    pub meta: Vec<(String, String)>,
    /// Number of `<script>` elements (inline and external), to spot JavaScript-only pages.
    pub script_count: usize,
    /// Tables as rows of cell texts (a plan published as an HTML table is judged by its columns).
    #[serde(default)]
    pub tables: Vec<Vec<Vec<String>>>,
    /// Blocks of question/answer pairs (accordions, `<details>`, definition lists, sidebars).
    #[serde(default)]
    pub qa_blocks: Vec<QaBlock>,
}

/// A link on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Absolute URL (resolved against the page and `<base href>`); fragment kept as written.
    pub href: String,
    /// Link text joined with title, aria-label and alt of images inside, whitespace-collapsed.
    pub text: String,
}

/// A form and its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// Absolute action URL, if any.
    pub action: Option<String>,
    /// `get` / `post`, lowercased.
    pub method: String,
    /// Fields of the form.
    pub fields: Vec<FormField>,
    /// Visible text inside the form (legends, labels, questions, submit text).
    pub text: String,
}

/// One field of a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// `textarea`, `select`, or the input type (`text`, `email`, `radio`, `checkbox`, `tel`, …).
    pub kind: String,
    /// `name` attribute.
    pub name: String,
    /// Label text (from `<label for>`, a wrapping label, aria-label or placeholder).
    pub label: String,
}

/// A clickable element without a URL, such as a «Версия для слабовидящих» button.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    /// Tag name.
    pub tag: String,
    /// Visible text plus title / aria-label / alt of images inside.
    pub text: String,
    /// `class` attribute.
    pub class: String,
    /// `id` attribute.
    pub id: String,
}

/// Parses `html` fetched from `url` into a [`Page`].
pub fn extract(url: &Url, html: &str) -> Page {
    let doc = Html::parse_document(&bound::bound_markup(html));
    let elements = Elements::of(&doc);
    let base = links::base_url(&elements, url);
    let labels = forms::Labels::new(&elements);
    // Pages are text for about half of their markup.
    let (text, main_text) = text::page_texts(doc.root_element(), MAX_TEXT_BYTES, html.len() / 2);
    Page {
        url: url.to_string(),
        title: title(&elements),
        headings: headings(&elements),
        text,
        main_text,
        tables: crate::analysis::tables_in(elements.css("table"), elements.css("tr")),
        qa_blocks: qa::qa_blocks(&elements),
        links: page_links(&elements, &base),
        forms: forms::forms(&elements, &base, &labels),
        controls: links::controls(&elements, &base),
        iframes: links::iframes(&elements, &base),
        scripts: links::scripts(&elements, &base),
        meta: meta(&elements),
        script_count: elements.css("script").count(),
    }
}

/// Links, each viewer link followed by the file it wraps, then the documents embedded on the page.
fn page_links(doc: &Elements, base: &Url) -> Vec<Link> {
    let mut out = embeds::unwrap_viewer_links(links::links(doc, base));
    for embedded in embeds::embedded_documents(doc, base) {
        if !out.iter().any(|l| l.href == embedded.href) {
            out.push(embedded);
        }
    }
    out
}

/// The first `<title>` that is not an SVG image title.
fn title(doc: &Elements) -> String {
    doc.css("title")
        .find(|t| {
            !t.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "svg")
        })
        .map(|t| collapse(&t.text().collect::<String>(), SHORT_CAP))
        .unwrap_or_default()
}

/// Visible headings, outermost only (a `role=heading` wrapper around an `<h2>` counts once).
fn headings(doc: &Elements) -> Vec<String> {
    let text = "h1, h2, h3, h4, h5, h6, [role=heading]";
    let selector = css(text);
    doc.css(text)
        .filter(|h| !is_inside_invisible(*h))
        .filter(|h| {
            !h.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| selector.matches(&a))
        })
        .map(|h| described_text(h, HEADING_LIMITS))
        .filter(|text| !text.is_empty())
        .take(MAX_HEADINGS)
        .collect()
}

/// `(name | property | http-equiv, content)` of every `<meta>` that has both.
fn meta(doc: &Elements) -> Vec<(String, String)> {
    doc.css("meta[content]")
        .filter_map(|m| {
            let el = m.value();
            let key = ["name", "property", "http-equiv"]
                .into_iter()
                .filter_map(|attr| el.attr(attr))
                .map(|k| k.trim().to_lowercase())
                .find(|k| !k.is_empty())?;
            Some((key, collapse(el.attr("content")?, SHORT_CAP)))
        })
        .take(MAX_META)
        .collect()
}
