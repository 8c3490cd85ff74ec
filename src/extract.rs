//! Turns an HTML page into plain data (`Page`): title, headings, text, links, forms, frames, scripts.
//!
//! Everything here is site-controlled and untrusted; nothing panics on malformed markup.

use serde::{Deserialize, Serialize};
use url::Url;

/// What the checker needs to know about one HTML page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page {
    /// Final URL of the page (after redirects).
    pub url: String,
    /// `<title>`, whitespace-collapsed.
    pub title: String,
    /// Texts of h1–h6 (and elements with role=heading), in document order, whitespace-collapsed.
    pub headings: Vec<String>,
    /// All visible text (no script/style/template/noscript), whitespace-collapsed.
    pub text: String,
    /// Visible text outside `nav`, `header`, `footer`, `aside` and menus: what the page itself says.
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
    /// `<meta>` name/property → content.
    pub meta: Vec<(String, String)>,
    /// Number of `<script>` elements (inline and external), to spot JavaScript-only pages.
    pub script_count: usize,
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
    let _ = (url, html);
    todo!("extract")
}
