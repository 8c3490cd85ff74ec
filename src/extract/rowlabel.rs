//! The label of a link that says nothing itself: «Скачать», «PDF, 245 Кб», an icon. Sites list
//! documents as table rows — the title in one cell, «Скачать» in the next — so the row's text is
//! what the link is called.

use scraper::ElementRef;

use super::walk::{visible_text, TextLimits};

/// Longest row text taken as a label; a longer «row» is a layout table around the whole page.
const MAX_ROW_CHARS: usize = 300;
/// How far up from the anchor the row may be (`a` in `span` in `div` in `td` in `tr`).
const MAX_DEPTH: usize = 5;
/// Limits for reading a row.
const ROW_LIMITS: TextLimits = TextLimits {
    cap: 4 * MAX_ROW_CHARS,
    nodes: 500,
    skip_fields: true,
};

/// Words that name an action, a format or a size, never what the document is.
const GENERIC_WORDS: &[&str] = &[
    "скачать",
    "загрузить",
    "открыть",
    "просмотреть",
    "посмотреть",
    "смотреть",
    "просмотр",
    "подробнее",
    "читать",
    "далее",
    "ссылка",
    "ссылке",
    "по",
    "здесь",
    "тут",
    "файл",
    "документ",
    "download",
    "view",
    "open",
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "odt",
    "ods",
    "rtf",
    "zip",
    "rar",
    "кб",
    "мб",
    "kb",
    "mb",
    "байт",
];

/// True when `text` names no document: empty, or only actions, formats and sizes.
pub(super) fn is_generic(text: &str) -> bool {
    // Word by word, so that a link's first word, which usually names something, ends it
    // without lowercasing the rest; a word is split again after lowercasing, as the whole
    // text would be (`İ` lowercases to `i` and a combining dot).
    text.split(|c: char| !crate::chars::is_alphanumeric(c))
        .filter(|w| !w.is_empty())
        .all(|word| {
            let lower = word.to_lowercase();
            lower
                .split(|c: char| !crate::chars::is_alphanumeric(c))
                .filter(|w| !w.is_empty())
                .all(|w| GENERIC_WORDS.contains(&w) || w.chars().all(|c| c.is_ascii_digit()))
        })
}

/// The text of the table row holding `anchor`, when the anchor sits in one and the row is short.
pub(super) fn row_label(anchor: ElementRef) -> Option<String> {
    let row = anchor
        .ancestors()
        .take(MAX_DEPTH)
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "tr")?;
    let text = visible_text(row, ROW_LIMITS).into_string();
    let text = text.trim();
    let chars = text.chars().count();
    (chars <= MAX_ROW_CHARS && !is_generic(text)).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    proptest::proptest! {
        #[test]
        fn generic_as_when_the_whole_text_is_lowercased_first(
            words in proptest::collection::vec(
                "(Скачать|скачать|PDF|pdf|Устав|12|1,5|Мб|KB|İ|İpdf|ǅ|Ⅻ|ⓐ|Ⓐ|\u{345}| |-|\\(|\\)|\\.|\u{a0})",
                0..6,
            ),
        ) {
            let text = words.concat();
            let want = text
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .all(|w| GENERIC_WORDS.contains(&w) || w.chars().all(|c| c.is_ascii_digit()));
            proptest::prop_assert_eq!(is_generic(&text), want, "{:?}", text);
        }
    }

    fn label(html: &str) -> Option<String> {
        let doc = Html::parse_document(html);
        let a = Selector::parse("a").unwrap();
        let anchor = doc.select(&a).next().unwrap();
        row_label(anchor)
    }

    #[test]
    fn generic_texts_are_recognised() {
        for t in [
            "Скачать",
            "",
            "скачать (PDF, 245 Кб)",
            "Открыть",
            "DOCX",
            "Смотреть по ссылке",
        ] {
            assert!(is_generic(t), "{t}");
        }
        for t in ["Устав", "План мероприятий", "Скачать устав"] {
            assert!(!is_generic(t), "{t}");
        }
    }

    #[test]
    fn a_download_link_takes_its_rows_text() {
        let html = "<table><tr><td>План по устранению недостатков на 2026 год</td>\
                    <td><span><a href=\"/f/4a7c1e.pdf\">Скачать</a></span></td></tr></table>";
        assert_eq!(
            label(html).as_deref(),
            Some("План по устранению недостатков на 2026 год Скачать")
        );
    }

    #[test]
    fn no_row_a_layout_row_or_an_empty_row_gives_nothing() {
        assert_eq!(label("<p>Устав <a href=\"/u.pdf\">Скачать</a></p>"), None);
        let layout = format!(
            "<table><tr><td>{}</td><td><a href=\"/u.pdf\">Скачать</a></td></tr></table>",
            "Новости центра. ".repeat(40)
        );
        assert_eq!(label(&layout), None);
        assert_eq!(
            label("<table><tr><td>1</td><td><a href=\"/u.pdf\">PDF</a></td></tr></table>"),
            None
        );
    }
}
