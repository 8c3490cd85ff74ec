//! Links, clickable controls and embedded resources (iframes, scripts), with URLs made absolute.

use scraper::{ElementRef, Selector};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};
use url::Url;

use super::rowlabel::{is_generic, row_label};
use super::walk::{collapse, descriptions, join_distinct, visible_text, TextBuf, TextLimits};
use super::{Control, Elements, Link};

/// Most links kept per page; a page with more is a sitemap or a trap.
pub(super) const MAX_LINKS: usize = 5_000;
/// Most controls kept per page.
const MAX_CONTROLS: usize = 2_000;
/// Most iframes / scripts kept per page.
const MAX_RESOURCES: usize = 1_000;
/// Bytes of text kept per link or control.
const LABEL_CAP: usize = 2_000;
/// Limits for the text of one link or control.
const LABEL_LIMITS: TextLimits = TextLimits {
    cap: LABEL_CAP,
    nodes: 5_000,
    skip_fields: false,
};

/// The URL relative references resolve against: `<base href>` when usable, else the page.
pub(super) fn base_url(doc: &Elements, page: &Url) -> Url {
    doc.css("base[href]")
        .next()
        .and_then(|base| base.value().attr("href"))
        .and_then(|href| page.join(href.trim()).ok())
        .filter(|base| !base.cannot_be_a_base())
        .unwrap_or_else(|| page.clone())
}

/// What an `href` points at.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A real destination, absolute (or `mailto:`/`tel:` as written).
    Url(String),
    /// Nothing to follow: empty, `#`, `javascript:`; the element acts as a button.
    Script,
    /// Unresolvable; dropped.
    Invalid,
}

/// `resolve_href(href, base) == Target::Script`, resolving only an `href` that begins like a
/// `javascript:` URL: `is_control` asks it of every anchor. A URL parser drops tabs and newlines
/// anywhere and control characters and spaces at the start, so `java\nscript:` begins like one.
fn is_script_href(href: &str, base: &Url) -> bool {
    let trimmed = href.trim();
    if matches!(trimmed, "" | "#" | "#!" | "#/") {
        return true;
    }
    let mut scheme = trimmed
        .trim_start_matches(|c: char| c <= ' ')
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .map(|b| b.to_ascii_lowercase());
    b"javascript:"
        .iter()
        .all(|want| scheme.next() == Some(*want))
        && resolve_href(href, base) == Target::Script
}

/// Classifies and resolves `href` against `base`.
pub(super) fn resolve_href(href: &str, base: &Url) -> Target {
    let href = href.trim();
    let lower = href.get(..11).unwrap_or(href).to_ascii_lowercase();
    if matches!(href, "" | "#" | "#!" | "#/") || lower.starts_with("javascript:") {
        return Target::Script;
    }
    // The checker reads e-mail addresses and phones from these; percent-encoding would hide them.
    if lower.starts_with("mailto:") || lower.starts_with("tel:") {
        return Target::Url(href.to_string());
    }
    match base.join(href) {
        // URL parsing drops tabs and newlines, so `java\nscript:` only shows up here.
        Ok(url) if url.scheme() == "javascript" => Target::Script,
        Ok(url) => Target::Url(url.to_string()),
        Err(_) => Target::Invalid,
    }
}

/// One link being built from one or more adjacent same-href anchors.
struct Joined<'a> {
    href: String,
    text: String,
    trailing_space: bool,
    extras: Vec<String>,
    last_anchor: ElementRef<'a>,
}

/// Links in document order, adjacent same-href anchors joined, at most [`MAX_LINKS`].
pub(super) fn links(doc: &Elements, base: &Url) -> Vec<Link> {
    let mut joined: Vec<Joined> = Vec::new();
    for anchor in doc.css("a[href], area[href]") {
        let Some(href) = anchor.value().attr("href") else {
            continue;
        };
        let Target::Url(href) = resolve_href(href, base) else {
            continue;
        };
        let text = visible_text(anchor, LABEL_LIMITS);
        let len = joined.len();
        match joined.last_mut() {
            Some(last) if last.href == href => last.append(anchor, &text),
            _ if len >= MAX_LINKS => break,
            _ => joined.push(Joined::new(href, anchor)),
        }
        if let Some(last) = joined.last_mut() {
            last.trailing_space = text.trailing_space();
            last.extras.extend(descriptions(anchor));
            if last.text.is_empty() {
                last.text = text.into_string();
            }
        }
    }
    joined.into_iter().map(Joined::finish).collect()
}

impl<'a> Joined<'a> {
    fn new(href: String, anchor: ElementRef<'a>) -> Self {
        Joined {
            href,
            text: String::new(),
            trailing_space: false,
            extras: Vec::new(),
            last_anchor: anchor,
        }
    }

    /// Adds the text of the next part of a split link.
    fn append(&mut self, anchor: ElementRef<'a>, part: &TextBuf) {
        let adjacent = anchor.prev_sibling().and_then(ElementRef::wrap) == Some(self.last_anchor);
        let glue = adjacent && !self.trailing_space && !part.leading_space();
        self.last_anchor = anchor;
        let more = part.as_str();
        if more.is_empty() || self.text.is_empty() || self.text.len() + more.len() + 1 > LABEL_CAP {
            return;
        }
        if !glue {
            self.text.push(' ');
        }
        self.text.push_str(more);
    }

    fn finish(self) -> Link {
        let mut text = join_distinct(self.text, &self.extras, LABEL_CAP);
        if is_generic(&text) {
            if let Some(row) = row_label(self.last_anchor) {
                text = row;
            }
        }
        Link {
            href: self.href,
            text,
        }
    }
}

/// Buttons and other clickable elements that lead nowhere by URL.
pub(super) fn controls(doc: &Elements, base: &Url) -> Vec<Control> {
    doc.css("button, [role=button], [onclick], a, input")
        .filter(|el| is_control(*el, base))
        .map(control)
        .filter(|c| !(c.text.is_empty() && c.class.is_empty() && c.id.is_empty()))
        .take(MAX_CONTROLS)
        .collect()
}

fn is_control(element: ElementRef, base: &Url) -> bool {
    let el = element.value();
    match el.name() {
        "input" => {
            let kind = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
            matches!(kind.as_str(), "button" | "submit" | "reset" | "image")
                || el.attr("onclick").is_some()
                || el
                    .attr("role")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("button"))
        }
        "a" => match el.attr("href") {
            None => true,
            Some(href) => {
                is_script_href(href, base)
                    || el.attr("onclick").is_some()
                    || el
                        .attr("role")
                        .is_some_and(|r| r.trim().eq_ignore_ascii_case("button"))
            }
        },
        // `<body onclick>` is a click tracker, not a control.
        "body" | "html" => false,
        _ => true,
    }
}

fn control(element: ElementRef) -> Control {
    let el = element.value();
    let visible = visible_text(element, LABEL_LIMITS).into_string();
    let value = match el.name() {
        "input" => el.attr("value").map(|v| collapse(v, LABEL_CAP)),
        _ => None,
    };
    let mut parts: Vec<String> = value.into_iter().collect();
    parts.extend(descriptions(element));
    Control {
        tag: el.name().to_string(),
        text: join_distinct(visible, &parts, LABEL_CAP),
        class: el.attr("class").unwrap_or("").trim().to_string(),
        id: el.attr("id").unwrap_or("").trim().to_string(),
    }
}

/// Absolute `src` of iframes (and frames), lazy-loaded `data-src` included.
pub(super) fn iframes(doc: &Elements, base: &Url) -> Vec<String> {
    sources(doc, base, "iframe, frame")
}

/// Absolute `src` of external scripts.
pub(super) fn scripts(doc: &Elements, base: &Url) -> Vec<String> {
    sources(doc, base, "script[src]")
}

fn sources(doc: &Elements, base: &Url, css_text: &'static str) -> Vec<String> {
    doc.css(css_text)
        .filter_map(|el| {
            let el = el.value();
            let src = el.attr("src").filter(|s| !s.trim().is_empty());
            src.or_else(|| el.attr("data-src"))
        })
        .filter_map(|src| match resolve_href(src, base) {
            Target::Url(url) if !url.starts_with("about:") => Some(url),
            _ => None,
        })
        .take(MAX_RESOURCES)
        .collect()
}

/// A built-in selector, parsed once per process: a page is queried with about twenty, and parsing
/// them for every page cost 9 µs of the ~500 µs of extracting it.
pub(super) fn css(text: &'static str) -> &'static Selector {
    static PARSED: LazyLock<Mutex<HashMap<&'static str, &'static Selector>>> =
        LazyLock::new(Default::default);
    let mut parsed = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
    // Selectors are literals of this crate, so the leaked ones are a fixed handful; a typo is
    // caught by every test that extracts.
    parsed.entry(text).or_insert_with(|| {
        Box::leak(Box::new(
            Selector::parse(text).unwrap_or_else(|_| panic!("invalid built-in selector {text:?}")),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{link_texts, page};
    use super::*;

    proptest::proptest! {
        #[test]
        fn script_hrefs_are_those_that_resolve_to_no_url(
            lead in "( |\\u{a0}|\\u{1}|\\t|\\n|x|/|#){0,2}",
            java in "(java|JaVa|jav|)",
            gap in "(\\t|\\n|\\r| |\\u{1}|)",
            script in "(script|SCRIPT|scrip|)",
            colon in "(:|: |)",
            tail in "(void\\(0\\)|#|!|/|//a\\.ru|%20|\\t|)",
            whole in "(#|#!|#/| # |http://x\\.ru|mailto:a@b\\.ru|)",
        ) {
            let href = format!("{lead}{java}{gap}{script}{colon}{tail}{whole}");
            let base = Url::parse("https://example.ru/a/").unwrap();
            proptest::prop_assert_eq!(
                is_script_href(&href, &base),
                resolve_href(&href, &base) == Target::Script,
                "{:?}", href
            );
        }
    }

    #[test]
    fn links_are_resolved_against_base_href() {
        let p = page(
            "<head><base href='/site/'></head><a href='doc.pdf'>Устав</a>\
             <a href='https://other.ru/x#top'>Внешняя</a><a href='?p=2'>Дальше</a>",
        );
        assert_eq!(
            link_texts(&p),
            vec![
                ("https://example.ru/site/doc.pdf", "Устав"),
                ("https://other.ru/x#top", "Внешняя"),
                ("https://example.ru/site/?p=2", "Дальше"),
            ]
        );
    }

    #[test]
    fn links_without_base_use_page_url() {
        let p = page("<a href=' ../up.html '>Вверх</a><a href='#contacts'>Контакты</a>");
        assert_eq!(
            link_texts(&p),
            vec![
                ("https://example.ru/up.html", "Вверх"),
                ("https://example.ru/dir/page.html#contacts", "Контакты"),
            ]
        );
    }

    #[test]
    fn unusable_base_href_is_ignored() {
        let p = page("<base href='javascript:void(0)'><a href='a.html'>A</a>");
        assert_eq!(p.links[0].href, "https://example.ru/dir/a.html");
    }

    #[test]
    fn mailto_and_tel_are_kept_as_written_scripts_are_not_links() {
        let p = page(
            "<a href='mailto:info@x.ru'>Почта</a><a href='tel:+7 (812) 123-45-67'>Телефон</a>\
             <a href='javascript:void(0)'>Открыть</a><a href=''>Пусто</a><a href='#'>Решётка</a>\
             <a href='http://[bad'>Сломанная</a><a href='java\nscript:x()'>Скрипт</a>",
        );
        assert_eq!(
            link_texts(&p),
            vec![
                ("mailto:info@x.ru", "Почта"),
                ("tel:+7 (812) 123-45-67", "Телефон")
            ]
        );
        let controls: Vec<&str> = p.controls.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(controls, vec!["Открыть", "Пусто", "Решётка", "Скрипт"]);
    }

    #[test]
    fn link_text_joins_title_aria_label_and_image_alt() {
        let p = page(
            "<a href='/a' title='Устав учреждения'>Устав учреждения</a>\
             <a href='/b' aria-label='Версия для слабовидящих'><img src=eye.png alt='Глаз'></a>\
             <a href='/c' title='PDF, 2 МБ'>  Отчёт \n за   2024 </a>",
        );
        let texts: Vec<&str> = p.links.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Устав учреждения",
                "Версия для слабовидящих Глаз",
                "Отчёт за 2024 PDF, 2 МБ"
            ]
        );
    }

    #[test]
    fn adjacent_same_href_anchors_are_joined() {
        let p = page(
            "<p><a href='/plan.pdf'>План</a><a href='/plan.pdf'> по устранению</a>\
             <br><b>(</b><a href='/plan.pdf'>на 2024 год</a></p><a href='/other'>Другое</a>\
             <a href='/x'>Пл</a><a href='/x'>ан</a><a href='/plan.pdf'>Снова</a>",
        );
        assert_eq!(
            link_texts(&p),
            vec![
                (
                    "https://example.ru/plan.pdf",
                    "План по устранению на 2024 год"
                ),
                ("https://example.ru/other", "Другое"),
                ("https://example.ru/x", "План"),
                ("https://example.ru/plan.pdf", "Снова"),
            ]
        );
    }

    #[test]
    fn links_are_capped() {
        let html: String = (0..MAX_LINKS + 10)
            .map(|i| format!("<a href='/p{i}'>{i}</a>"))
            .collect();
        assert_eq!(page(&html).links.len(), MAX_LINKS);
    }

    #[test]
    fn controls_are_collected() {
        let p = page(
            "<button class='bvi-open' title='Версия для слабовидящих'><img alt='Глаз'></button>\
             <div role='button' id='menu-toggle'>Меню</div><span onclick='go()'>Нажми</span>\
             <a>Без адреса</a><a name='top'></a><a href='/real'>Ссылка</a>\
             <input type='button' value='Печать'><input type='text' name='x'>",
        );
        let controls: Vec<(&str, &str, &str, &str)> = p
            .controls
            .iter()
            .map(|c| {
                (
                    c.tag.as_str(),
                    c.text.as_str(),
                    c.class.as_str(),
                    c.id.as_str(),
                )
            })
            .collect();
        assert_eq!(
            controls,
            vec![
                ("button", "Версия для слабовидящих Глаз", "bvi-open", ""),
                ("div", "Меню", "", "menu-toggle"),
                ("span", "Нажми", "", ""),
                ("a", "Без адреса", "", ""),
                ("input", "Печать", "", ""),
            ]
        );
    }

    #[test]
    fn iframes_scripts_and_script_count() {
        let p = page(
            "<head><script src='/js/app.js'></script><script>var a;</script></head>\
             <iframe src='https://pos.gosuslugi.ru/widget'></iframe><iframe data-src='map.html'></iframe>\
             <iframe src='about:blank'></iframe><script src='//cdn.ru/x.js'></script>",
        );
        assert_eq!(
            p.iframes,
            vec![
                "https://pos.gosuslugi.ru/widget",
                "https://example.ru/dir/map.html"
            ]
        );
        assert_eq!(
            p.scripts,
            vec!["https://example.ru/js/app.js", "https://cdn.ru/x.js"]
        );
        assert_eq!(p.script_count, 3);
        assert_eq!(p.url, "https://example.ru/dir/page.html");
    }
}
