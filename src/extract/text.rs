//! Page text and "main" text: what the page itself says, without the site's navigation chrome.
//!
//! Menus repeat on every page of a site, so a requirement "found" in a menu item proves only a
//! link, not content; the checker reads `main_text` for content.

use scraper::ElementRef;

use super::walk::{button_value, is_invisible, separates_words, walk, Event, Flow, TextBuf};

/// Landmarks that are navigation wherever they stand.
const CHROME_TAGS: &[&str] = &["nav", "aside"];
/// ARIA roles of navigation chrome.
const CHROME_ROLES: &[&str] = &["navigation", "banner", "contentinfo"];
/// Class or id fragments that mark menus and site chrome.
const CHROME_WORDS: &[&str] = &["menu", "navbar", "breadcrumb"];
/// Class or id fragments that mark a site header or footer unless inside the content.
const HEADER_WORDS: &[&str] = &["header", "footer"];
/// Component parts named `*-header` that belong to content (Bootstrap cards, accordions, posts).
const CONTENT_PART_PREFIXES: &[&str] = &[
    "accordion",
    "card",
    "modal",
    "panel",
    "tab",
    "table",
    "section",
    "entry",
    "post",
    "page",
    "article",
    "block",
    "widget",
    "content",
    "news",
    "item",
    "dialog",
];
/// Elements that are never chrome, whatever their class says (`<body class="header-fixed">`).
const NEVER_CHROME: &[&str] = &["html", "body", "main", "article"];

/// Visible text of the whole page and of its main content, both whitespace-collapsed and
/// capped at `cap` bytes. `expected` is a guess at the text's length (both buffers start with
/// that room: growing them by doubling was a sixtieth of a page's CPU).
pub(super) fn page_texts(root: ElementRef, cap: usize, expected: usize) -> (String, String) {
    let mut all = TextBuf::with_capacity(cap, expected);
    let mut main = TextBuf::with_capacity(cap, expected);
    let mut chrome_depth = 0usize;
    let mut content_depth = 0usize;
    walk(root, |event| {
        match event {
            Event::Open(el) => {
                if is_invisible(el) {
                    return Flow::SkipChildren;
                }
                if is_content(el) {
                    content_depth += 1;
                }
                if chrome_depth > 0 || is_chrome(el, content_depth > 0) {
                    chrome_depth += 1;
                }
                boundary(el, true, (&mut all, &mut main), chrome_depth);
                if let Some(value) = button_value(el) {
                    push(value, &mut all, &mut main, chrome_depth);
                }
            }
            Event::Close(el) => {
                boundary(el, false, (&mut all, &mut main), chrome_depth);
                chrome_depth = chrome_depth.saturating_sub(1);
                if is_content(el) {
                    content_depth = content_depth.saturating_sub(1);
                }
            }
            Event::Text(text) => push(text, &mut all, &mut main, chrome_depth),
        }
        if all.is_full() {
            Flow::Stop
        } else {
            Flow::Continue
        }
    });
    let all = all.into_string();
    let main = main.into_string();
    // A page whose whole body looks like chrome is better read whole than not at all.
    let main = if main.is_empty() { all.clone() } else { main };
    (all, main)
}

fn push(text: &str, all: &mut TextBuf, main: &mut TextBuf, chrome_depth: usize) {
    if chrome_depth == 0 {
        all.push_str_both(main, text);
    } else {
        all.push_str(text);
    }
}

/// Word boundary at an element edge; the edge of dropped chrome always is one in `main`.
fn boundary(
    el: ElementRef,
    opening: bool,
    bufs: (&mut TextBuf, &mut TextBuf),
    chrome_depth: usize,
) {
    let (all, main) = bufs;
    if separates_words(el, opening) {
        all.break_word();
        main.break_word();
    } else if chrome_depth == 1 {
        main.break_word();
    }
}

fn is_content(element: ElementRef) -> bool {
    matches!(element.value().name(), "main" | "article")
}

/// True for navigation, site header/footer, sidebars, menus and breadcrumbs.
pub(super) fn is_chrome(element: ElementRef, inside_content: bool) -> bool {
    let el = element.value();
    let name = el.name();
    if CHROME_TAGS.contains(&name) || (matches!(name, "header" | "footer") && !inside_content) {
        return true;
    }
    let role = el.attr("role").unwrap_or("");
    if role
        .split_ascii_whitespace()
        .any(|r| CHROME_ROLES.iter().any(|c| c.eq_ignore_ascii_case(r)))
    {
        return true;
    }
    if NEVER_CHROME.contains(&name) {
        return false;
    }
    let names = el.attr("class").unwrap_or("").split_ascii_whitespace();
    names
        .chain(el.attr("id"))
        .any(|token| is_chrome_token(&ascii_lowercase(token), inside_content))
}

/// `s` in ASCII lowercase, copied only when it has a capital: every element of a page is asked
/// about its classes.
fn ascii_lowercase(s: &str) -> std::borrow::Cow<'_, str> {
    match s.bytes().any(|b| b.is_ascii_uppercase()) {
        true => std::borrow::Cow::Owned(s.to_ascii_lowercase()),
        false => std::borrow::Cow::Borrowed(s),
    }
}

fn is_chrome_token(token: &str, inside_content: bool) -> bool {
    if CHROME_WORDS.iter().any(|w| token.contains(w)) {
        return true;
    }
    !inside_content
        && HEADER_WORDS.iter().any(|w| token.contains(w))
        && !CONTENT_PART_PREFIXES.iter().any(|p| token.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn texts(html: &str) -> (String, String) {
        let doc = Html::parse_document(html);
        page_texts(doc.root_element(), 1 << 20, 0)
    }

    #[test]
    fn main_text_drops_landmarks_and_menus() {
        let (all, main) = texts(
            "<body class='header-fixed'><header>Шапка</header><nav>Навигация</nav>\
             <div class='main-menu'>Меню</div><div id='site-footer'>Подвал</div>\
             <ul class='breadcrumb'><li>Главная</li></ul><aside>Сбоку</aside>\
             <div role=navigation>Роль</div><main><p>Содержание</p></main>\
             <footer>Низ</footer></body>",
        );
        assert_eq!(
            all,
            "Шапка Навигация Меню Подвал Главная Сбоку Роль Содержание Низ"
        );
        assert_eq!(main, "Содержание");
    }

    #[test]
    fn content_headers_are_kept() {
        let (_, main) = texts(
            "<main><article><header><h1>Новость</h1></header><p>Текст</p></article>\
             <div class='accordion-header'>Раздел</div><div class='page-header'>Заголовок</div>\
             </main><div class='card-header'>Карточка</div>",
        );
        assert_eq!(main, "Новость Текст Раздел Заголовок Карточка");
    }

    #[test]
    fn invisible_parts_are_skipped_and_blocks_separated() {
        let (all, _) = texts(
            "<head><title>T</title><style>p{}</style></head><body><p>Один</p><p>Два</p>\
             <template>нет</template><noscript>нет</noscript><div hidden>нет</div>\
             <div aria-hidden='true'>нет</div>Три<br>Четыре<script>var x;</script></body>",
        );
        assert_eq!(all, "Один Два Три Четыре");
    }

    #[test]
    fn all_chrome_page_falls_back_to_whole_text() {
        let (all, main) = texts("<nav>Только меню</nav>");
        assert_eq!(
            (all.as_str(), main.as_str()),
            ("Только меню", "Только меню")
        );
    }

    #[test]
    fn text_is_capped() {
        let doc = Html::parse_document(&"<p>слово</p>".repeat(1000));
        let (all, main) = page_texts(doc.root_element(), 100, 1000);
        assert!(all.len() <= 100 && main.len() <= 100);
    }
}
