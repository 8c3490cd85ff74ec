//! Forms and their fields, including script-driven "forms" that have no `<form>` element.
//!
//! The checker looks for a feedback form (a textarea and a way to reply) and for an on-site
//! quality survey (groups of radio buttons with questions), so radio groups become one field
//! labelled with their question.

use std::collections::{HashMap, HashSet};

use scraper::{ElementRef, Node};
use url::Url;

use super::links::{css, resolve_href, Target};
use super::walk::{collapse, is_invisible, visible_text, TextLimits};
use super::{Elements, Form, FormField};

/// Most forms kept per page.
const MAX_FORMS: usize = 200;
/// Most fields kept per form.
const MAX_FIELDS: usize = 500;
/// Bytes kept of a label or question.
const LABEL_CAP: usize = 500;
const LABEL_LIMITS: TextLimits = TextLimits {
    cap: LABEL_CAP,
    nodes: 2_000,
    skip_fields: true,
};
const FORM_TEXT_LIMITS: TextLimits = TextLimits {
    cap: 50_000,
    nodes: 50_000,
    skip_fields: false,
};
/// Input types that carry no answer from the user.
const NOT_FIELDS: &[&str] = &["hidden", "submit", "button", "image", "reset"];
/// How many ancestors up a script form's container is looked for.
const SCRIPT_FORM_CLIMB: usize = 5;

/// Page-wide lookups for labels: `<label for=id>` texts and elements by id.
pub(super) struct Labels<'a> {
    by_for: HashMap<&'a str, String>,
    by_id: HashMap<&'a str, ElementRef<'a>>,
}

impl<'a> Labels<'a> {
    /// Indexes the labels and ids of `doc`.
    pub(super) fn new(doc: &Elements<'a>) -> Self {
        let mut by_for = HashMap::new();
        for label in doc.css("label[for]") {
            if let Some(id) = label.value().attr("for") {
                let text = visible_text(label, LABEL_LIMITS).into_string();
                if !text.is_empty() {
                    by_for.entry(id.trim()).or_insert(text);
                }
            }
        }
        let mut by_id = HashMap::new();
        for el in doc.css("[id]") {
            if let Some(id) = el.value().id() {
                by_id.entry(id.trim()).or_insert(el);
            }
        }
        Labels { by_for, by_id }
    }
}

/// Every `<form>` of the page, then script forms built around stray textareas.
pub(super) fn forms(doc: &Elements, base: &Url, labels: &Labels) -> Vec<Form> {
    let mut out: Vec<Form> = doc
        .css("form")
        .take(MAX_FORMS)
        .map(|form| html_form(form, base, labels))
        .collect();
    for container in script_form_containers(doc) {
        if out.len() >= MAX_FORMS {
            break;
        }
        out.push(build_form(container, None, "get".to_string(), labels));
    }
    out
}

/// A `<form>` element: action made absolute (none when empty or script), method lowercased.
fn html_form(form: ElementRef, base: &Url, labels: &Labels) -> Form {
    let el = form.value();
    let action = el.attr("action").and_then(|a| match resolve_href(a, base) {
        Target::Url(url) => Some(url),
        _ => None,
    });
    let method = el.attr("method").unwrap_or("").trim().to_ascii_lowercase();
    let method = if method.is_empty() {
        "get".to_string()
    } else {
        method
    };
    build_form(form, action, method, labels)
}

fn build_form(root: ElementRef, action: Option<String>, method: String, labels: &Labels) -> Form {
    Form {
        action,
        method,
        fields: fields(root, labels),
        text: visible_text(root, FORM_TEXT_LIMITS).into_string(),
    }
}

/// Fields of `root` in document order; one field per radio group.
fn fields(root: ElementRef, labels: &Labels) -> Vec<FormField> {
    let mut seen_groups = HashSet::new();
    let mut out = Vec::new();
    for el in root.select(css("input, textarea, select")) {
        if out.len() >= MAX_FIELDS {
            break;
        }
        let Some(kind) = field_kind(el) else { continue };
        let name = el.value().attr("name").unwrap_or("").trim().to_string();
        let label = if kind == "radio" && !name.is_empty() {
            if !seen_groups.insert(name.clone()) {
                continue;
            }
            radio_group_label(root, el, &name, labels)
        } else {
            field_label(root, el, labels)
        };
        out.push(FormField { kind, name, label });
    }
    out
}

/// `textarea`, `select` or the lowercased input type; `None` for inputs that are not answers.
fn field_kind(element: ElementRef) -> Option<String> {
    let el = element.value();
    match el.name() {
        "textarea" | "select" => Some(el.name().to_string()),
        _ => {
            let kind = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
            let kind = if kind.is_empty() {
                "text".to_string()
            } else {
                kind
            };
            (!NOT_FIELDS.contains(&kind.as_str())).then_some(kind)
        }
    }
}

/// Label of one field: `<label for>`, a wrapping label, aria-labelledby, aria-label,
/// placeholder, title — the first that is not empty.
fn field_label(root: ElementRef, field: ElementRef, labels: &Labels) -> String {
    let el = field.value();
    let by_for = el.id().and_then(|id| labels.by_for.get(id.trim())).cloned();
    let wrapping = || {
        ancestors_within(field, root)
            .find(|a| a.value().name() == "label")
            .map(|label| visible_text(label, LABEL_LIMITS).into_string())
    };
    let labelled_by = || {
        let ids = el.attr("aria-labelledby")?;
        let texts: Vec<String> = ids
            .split_ascii_whitespace()
            .filter_map(|id| labels.by_id.get(id))
            .map(|target| visible_text(*target, LABEL_LIMITS).into_string())
            .collect();
        Some(texts.join(" "))
    };
    let attr = |name: &str| el.attr(name).map(|v| collapse(v, LABEL_CAP));
    [
        by_for,
        wrapping(),
        labelled_by(),
        attr("aria-label"),
        attr("placeholder"),
        attr("title"),
    ]
    .into_iter()
    .flatten()
    .find(|label| !label.is_empty())
    .unwrap_or_default()
}

/// Ancestors of `el` up to, not including, `root`.
fn ancestors_within<'a>(
    el: ElementRef<'a>,
    root: ElementRef<'a>,
) -> impl Iterator<Item = ElementRef<'a>> {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .take_while(move |a| *a != root)
}

/// The question of a radio group: its fieldset's legend, else the text just before the group,
/// else the label of its first option.
fn radio_group_label(root: ElementRef, first: ElementRef, name: &str, labels: &Labels) -> String {
    let legend = ancestors_within(first, root)
        .find(|a| a.value().name() == "fieldset")
        .and_then(|fieldset| {
            fieldset
                .child_elements()
                .find(|c| c.value().name() == "legend")
        })
        .map(|legend| visible_text(legend, LABEL_LIMITS).into_string())
        .filter(|text| !text.is_empty());
    legend
        .or_else(|| question_before(root, first, name))
        .unwrap_or_else(|| field_label(root, first, labels))
}

/// Text preceding the group inside its common container (or one level up), stopping at the
/// previous field or option label so that another question's answers are never taken.
fn question_before(root: ElementRef, first: ElementRef, name: &str) -> Option<String> {
    let radios: Vec<ElementRef> = root
        .select(css("input"))
        .filter(|r| r.value().attr("name").map(str::trim) == Some(name))
        .take(50)
        .collect();
    let mut container = common_ancestor(&radios, root)?;
    while matches!(container.value().name(), "input" | "label") && container != root {
        container = container.parent().and_then(ElementRef::wrap)?;
    }
    let mut child = std::iter::once(first)
        .chain(ancestors_within(first, root))
        .find(|a| a.parent().and_then(ElementRef::wrap) == Some(container))?;
    for _ in 0..2 {
        let text = text_of_preceding_siblings(child);
        if !text.is_empty() {
            return Some(text);
        }
        if container == root {
            break;
        }
        child = container;
        container = container.parent().and_then(ElementRef::wrap)?;
    }
    None
}

/// The lowest element containing all `elements` (itself included), not above `root`.
fn common_ancestor<'a>(
    elements: &[ElementRef<'a>],
    root: ElementRef<'a>,
) -> Option<ElementRef<'a>> {
    let (first, rest) = elements.split_first()?;
    let mut candidate = *first;
    for el in rest {
        while !(std::iter::once(*el).chain(el.ancestors().filter_map(ElementRef::wrap)))
            .any(|a| a == candidate)
        {
            if candidate == root {
                return Some(root);
            }
            candidate = candidate.parent().and_then(ElementRef::wrap)?;
        }
    }
    Some(candidate)
}

fn text_of_preceding_siblings(child: ElementRef) -> String {
    let mut parts = Vec::new();
    let mut len = 0;
    for sibling in child.prev_siblings() {
        let text = match sibling.value() {
            Node::Text(text) => collapse(text, LABEL_CAP),
            Node::Element(_) => {
                let Some(el) = ElementRef::wrap(sibling) else {
                    continue;
                };
                if is_invisible(el) {
                    continue;
                }
                if holds_field_or_option_label(el) {
                    break;
                }
                visible_text(el, LABEL_LIMITS).into_string()
            }
            _ => continue,
        };
        len += text.len();
        parts.push(text);
        if len >= LABEL_CAP {
            break;
        }
    }
    parts.reverse();
    collapse(&parts.join(" "), LABEL_CAP)
}

fn holds_field_or_option_label(el: ElementRef) -> bool {
    let is_stop = |e: ElementRef| {
        let v = e.value();
        matches!(v.name(), "input" | "select" | "textarea")
            || (v.name() == "label" && v.attr("for").is_some())
    };
    is_stop(el) || el.descendent_elements().any(is_stop)
}

/// Containers of textareas that sit outside any `<form>` (forms sent by script): the nearest
/// ancestor that also holds a button or another field.
fn script_form_containers<'a>(doc: &Elements<'a>) -> Vec<ElementRef<'a>> {
    let controls = css("button, input, select");
    let mut out: Vec<ElementRef> = Vec::new();
    for textarea in doc.css("textarea").take(MAX_FORMS) {
        let mut ancestors = textarea.ancestors().filter_map(ElementRef::wrap);
        if ancestors.clone().any(|a| a.value().name() == "form") {
            continue;
        }
        let container = ancestors
            .by_ref()
            .take(SCRIPT_FORM_CLIMB)
            .take_while(|a| !matches!(a.value().name(), "body" | "html"))
            .find(|a| a.select(controls).next().is_some());
        let Some(container) = container.or_else(|| textarea.parent().and_then(ElementRef::wrap))
        else {
            continue;
        };
        if !out.contains(&container) {
            out.push(container);
        }
    }
    out
}
