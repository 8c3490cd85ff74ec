//! Documents a page shows rather than links: `<object data>`, `<embed src>` and `<iframe>` of a
//! file, and viewer wrappers (Office Online, Google Docs, Yandex, pdf.js) around a document URL.
//!
//! Sites publish the НОК plan or the statute as a viewer iframe under a heading and nothing else;
//! each such embed becomes an ordinary document [`Link`] to the file itself, labelled by the
//! nearest heading or caption before it, so that the link matchers and document reading see it.

use scraper::ElementRef;
use url::Url;

use super::links::{css, resolve_href, Target};
use super::walk::{collapse, is_inside_invisible, visible_text, TextLimits};
use super::{Elements, Link};
use crate::urlnorm;

/// Most embedded documents kept per page.
const MAX_EMBEDS: usize = 200;
/// Bytes kept of an embed's label.
const LABEL_CAP: usize = 500;
/// Elements looked at, backwards from an embed, for its heading.
const LABEL_SEARCH_NODES: usize = 200;
/// Times a wrapped URL is percent-decoded at most (`url=https%253A%252F%252F…` is encoded twice).
const MAX_DECODES: usize = 3;
const LABEL_LIMITS: TextLimits = TextLimits {
    cap: LABEL_CAP,
    nodes: 2_000,
    skip_fields: true,
};

/// Query parameters viewers carry the document URL in.
const WRAPPED_PARAMS: &[&str] = &["url", "src", "file", "doc"];

/// Document links for every embedded document on the page, in document order.
pub(super) fn embedded_documents(doc: &Elements, base: &Url) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    for element in doc.css("object[data], embed[src], iframe, frame") {
        let Some(target) = embedded_target(element, base) else {
            continue;
        };
        if out.iter().any(|l| l.href == target.as_str()) {
            continue;
        }
        out.push(Link {
            href: target.to_string(),
            text: embed_label(element),
        });
        if out.len() >= MAX_EMBEDS {
            break;
        }
    }
    out
}

/// Links to the files behind viewer links (`<a href="…/viewer?url=…plan.pdf">`), with the
/// viewer link's text; each follows the link it unwraps.
pub(super) fn unwrap_viewer_links(links: Vec<Link>) -> Vec<Link> {
    let mut out = Vec::with_capacity(links.len());
    for link in links {
        // A viewer carries the document in its query: a URL without one wraps nothing (and
        // parsing every link of a page again was a fiftieth of its CPU).
        let inner = (link.href.contains('?'))
            .then(|| Url::parse(&link.href).ok())
            .flatten()
            .and_then(|u| unwrap_viewer(&u));
        let text = link.text.clone();
        out.push(link);
        if let Some(inner) = inner {
            out.push(Link {
                href: inner.to_string(),
                text,
            });
        }
    }
    out
}

/// The file an embed shows: the document itself, or the one its viewer wraps.
fn embedded_target(element: ElementRef, base: &Url) -> Option<Url> {
    let el = element.value();
    let raw = match el.name() {
        "object" => el.attr("data"),
        _ => el
            .attr("src")
            .filter(|s| !s.trim().is_empty())
            .or_else(|| el.attr("data-src")),
    }?;
    let Target::Url(href) = resolve_href(raw, base) else {
        return None;
    };
    let url = Url::parse(&href).ok().filter(is_http)?;
    if let Some(inner) = unwrap_viewer(&url) {
        return Some(inner);
    }
    let declared_document = el
        .attr("type")
        .and_then(urlnorm::document_kind_for_content_type)
        .is_some();
    (urlnorm::document_kind(&url).is_some() || declared_document).then_some(url)
}

/// The document URL a viewer URL wraps, resolved against the viewer (pdf.js takes `file=/x.pdf`).
///
/// Known viewers (Office Online, Google Docs, Yandex, pdf.js) are trusted with any target; other
/// URLs with «view» in the path only when the wrapped value is a document by its extension (a
/// `download.php?file=x.pdf` script is not a viewer: its `file` is no URL).
pub(super) fn unwrap_viewer(url: &Url) -> Option<Url> {
    let known = is_known_viewer(url);
    if !known && !url.path().to_ascii_lowercase().contains("view") {
        return None;
    }
    url.query_pairs()
        .filter(|(k, _)| WRAPPED_PARAMS.contains(&k.to_ascii_lowercase().as_str()))
        .find_map(|(_, v)| {
            let inner = url.join(&fully_decoded(&v)).ok().filter(is_http)?;
            let inner = urlnorm::normalize(inner.clone()).unwrap_or(inner);
            let is_doc = urlnorm::document_kind(&inner).is_some();
            (inner != *url && (known || is_doc)).then_some(inner)
        })
}

/// True for the viewers sites wrap documents in.
fn is_known_viewer(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    let office = host.ends_with("officeapps.live.com")
        && (path.ends_with("/view.aspx") || path.ends_with("/embed.aspx"));
    let google = host == "docs.google.com"
        && (path.ends_with("/viewer") || path.ends_with("/gview") || path.ends_with("/viewerng"));
    let yandex = host.starts_with("docs.yandex.") || host.starts_with("docviewer.yandex.");
    let pdfjs = path.ends_with("/viewer.html") || path.contains("/pdfjs/");
    office || google || yandex || pdfjs || path.ends_with("/docviewer")
}

/// `value` decoded until it no longer changes or looks like a URL (at most [`MAX_DECODES`] times).
fn fully_decoded(value: &str) -> String {
    let mut current = value.trim().to_string();
    for _ in 0..MAX_DECODES {
        let lower = current.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || !current.contains('%') {
            break;
        }
        let next = urlnorm::percent_decode(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

/// What a reader sees as the embed's name: its figure caption, else the nearest heading or
/// caption before it, else its `title` / `aria-label`.
fn embed_label(element: ElementRef) -> String {
    let caption = element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "figure")
        .and_then(|fig| fig.select(css("figcaption")).next())
        .map(|c| visible_text(c, LABEL_LIMITS).into_string())
        .filter(|t| !t.is_empty());
    caption
        .or_else(|| preceding_heading(element))
        .or_else(|| {
            let el = element.value();
            el.attr("title")
                .or_else(|| el.attr("aria-label"))
                .map(|t| collapse(t, LABEL_CAP))
        })
        .unwrap_or_default()
}

/// The nearest visible heading (h1–h6, `role=heading`) before `element` in
/// document order, within [`LABEL_SEARCH_NODES`] elements.
fn preceding_heading(element: ElementRef) -> Option<String> {
    let mut visited = 0usize;
    let mut current = Some(element);
    while let Some(node) = current {
        let mut sibling = node.prev_sibling();
        while let Some(s) = sibling {
            if let Some(el) = ElementRef::wrap(s) {
                // The last heading inside a preceding block is the nearest one.
                let inside = std::iter::once(el).chain(el.descendent_elements());
                let mut last = None;
                for candidate in inside {
                    visited += 1;
                    if visited > LABEL_SEARCH_NODES * 10 {
                        break;
                    }
                    if is_heading(candidate) && !is_inside_invisible(candidate) {
                        last = Some(candidate);
                    }
                }
                if let Some(h) = last {
                    let text = visible_text(h, LABEL_LIMITS).into_string();
                    if !text.is_empty() {
                        return Some(text);
                    }
                }
                if visited > LABEL_SEARCH_NODES {
                    return None;
                }
            }
            sibling = s.prev_sibling();
        }
        current = node.parent().and_then(ElementRef::wrap);
        if current.is_some_and(|p| matches!(p.value().name(), "body" | "html")) {
            return None;
        }
    }
    None
}

fn is_heading(element: ElementRef) -> bool {
    let el = element.value();
    // Captions belong to their own figure or table, not to what follows.
    matches!(el.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
        || el
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("heading"))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{link_texts, page};
    use super::*;

    fn unwrapped(s: &str) -> Option<String> {
        unwrap_viewer(&Url::parse(s).expect("test url")).map(|u| u.to_string())
    }

    #[test]
    fn every_viewer_form_is_unwrapped() {
        let cases = [
            (
                "https://view.officeapps.live.com/op/view.aspx?src=https%3A%2F%2Fkcson.ru%2Fdocs%2Fplan.docx",
                "https://kcson.ru/docs/plan.docx",
            ),
            (
                "https://view.officeapps.live.com/op/embed.aspx?src=http%3A%2F%2Fkcson.ru%2Fa.xlsx&wdStartOn=1",
                "http://kcson.ru/a.xlsx",
            ),
            (
                "https://docs.google.com/viewer?url=https://kcson.ru/upload/plan.pdf&embedded=true",
                "https://kcson.ru/upload/plan.pdf",
            ),
            (
                "https://docs.google.com/gview?url=http://kcson.ru/download.php?id%3D5&embedded=true",
                "http://kcson.ru/download.php?id=5",
            ),
            (
                "https://docs.yandex.ru/docs/view?url=https%3A%2F%2Fkcson.ru%2Fustav.pdf&name=ustav.pdf",
                "https://kcson.ru/ustav.pdf",
            ),
            (
                "https://kcson.ru/pdfjs/web/viewer.html?file=/upload/%D0%9F%D0%BB%D0%B0%D0%BD.pdf",
                "https://kcson.ru/upload/%D0%9F%D0%BB%D0%B0%D0%BD.pdf",
            ),
            (
                "https://kcson.ru/lib/pdfjs/web/viewer.html?file=..%2F..%2Ffiles%2Fplan.pdf#page=2",
                "https://kcson.ru/lib/files/plan.pdf",
            ),
            // Encoded twice.
            (
                "https://docs.google.com/viewer?url=https%253A%252F%252Fkcson.ru%252Fplan.pdf",
                "https://kcson.ru/plan.pdf",
            ),
            (
                "https://kcson.ru/docviewer?url=https%3A%2F%2Fkcson.ru%2Fotchet.doc",
                "https://kcson.ru/otchet.doc",
            ),
        ];
        for (viewer, file) in cases {
            assert_eq!(unwrapped(viewer).as_deref(), Some(file), "{viewer}");
        }
    }

    #[test]
    fn non_viewers_and_non_http_targets_stay() {
        for url in [
            "https://kcson.ru/download.php?file=ustav.pdf",
            "https://kcson.ru/search/?url=https://x.ru/a.pdf",
            "https://docs.google.com/viewer?url=javascript:alert(1)",
            "https://docs.yandex.ru/docs/view?url=ya-disk-public%3A%2F%2Fabc",
            "https://kcson.ru/view.php?id=5",
            "https://kcson.ru/viewer?url=https://kcson.ru/page.html",
        ] {
            assert_eq!(unwrapped(url), None, "{url}");
        }
    }

    #[test]
    fn embeds_become_document_links_labelled_by_the_heading_before() {
        let p = page(
            "<main><h2>НОК</h2><div class='doc'><h3>План по устранению недостатков на 2026 год</h3>\
             <p>Просмотр:</p><iframe src='https://docs.google.com/viewer?url=https%3A%2F%2Fexample.ru%2Fnok%2Fplan.pdf&embedded=true'></iframe></div>\
             <h3>Устав</h3><object data='/docs/ustav.pdf' type='application/pdf'></object>\
             <figure><embed src='lic.pdf'><figcaption>Лицензия</figcaption></figure>\
             <iframe src='https://pos.gosuslugi.ru/widget'></iframe>\
             <div><h4>Отчёт о выполнении плана</h4></div><p>Текст</p>\
             <iframe title='Документ' src='/pdfjs/web/viewer.html?file=/docs/otchet.pdf'></iframe></main>",
        );
        assert_eq!(
            link_texts(&p),
            vec![
                (
                    "https://example.ru/nok/plan.pdf",
                    "План по устранению недостатков на 2026 год"
                ),
                ("https://example.ru/docs/ustav.pdf", "Устав"),
                ("https://example.ru/dir/lic.pdf", "Лицензия"),
                (
                    "https://example.ru/docs/otchet.pdf",
                    "Отчёт о выполнении плана"
                ),
            ]
        );
        // The frame itself is still an iframe for the iframe matchers.
        assert_eq!(p.iframes.len(), 3);
    }

    #[test]
    fn embed_without_heading_uses_its_title_and_viewer_links_are_unwrapped() {
        let p = page(
            "<iframe title='План ФХД' src='/files/fhd.pdf'></iframe>\
             <a href='https://view.officeapps.live.com/op/view.aspx?src=https%3A%2F%2Fexample.ru%2Ftarify.docx'>Тарифы</a>",
        );
        assert_eq!(
            link_texts(&p),
            vec![
                (
                    "https://view.officeapps.live.com/op/view.aspx?src=https%3A%2F%2Fexample.ru%2Ftarify.docx",
                    "Тарифы"
                ),
                ("https://example.ru/tarify.docx", "Тарифы"),
                ("https://example.ru/files/fhd.pdf", "План ФХД"),
            ]
        );
    }

    #[test]
    fn embedded_document_already_linked_is_not_repeated() {
        let p = page("<a href='/plan.pdf'>План</a><h2>Другое</h2><embed src='/plan.pdf'>");
        assert_eq!(
            link_texts(&p),
            vec![("https://example.ru/plan.pdf", "План")]
        );
    }
}
