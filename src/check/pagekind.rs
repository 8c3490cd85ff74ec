//! What kind of page this is: one with content, an empty stub, a soft 404, or a JavaScript shell.

use crate::analysis::Quick;
use crate::extract::Page;
use regex::Regex;
use std::sync::OnceLock;

/// Whether a page says anything of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emptiness {
    /// The page has content of its own.
    Content,
    /// A 2xx page with nothing but the site's menus, or a «в разработке» stub; the reason in Russian.
    Empty(String),
    /// A 2xx page that says «страница не найдена» (soft 404).
    NotFound,
}

/// Fewer letters than this outside menus and headings make a page empty.
const MIN_CONTENT_LETTERS: usize = 20;
/// With this many letters a page has content even if it says «в разработке».
const FULL: usize = 400;

fn stub_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(раздел|страница)\s+(находится\s+)?в\s+(стадии\s+)?(разработке|наполнени)|информация\s+(будет|скоро\s+будет)\s+размещен|информаци[яи]\s+(обновляется|уточняется|готовится|в\s+процессе\s+(обновления|наполнения))\s*([.…!]|$)|(раздел|страница)\s+(обновляется|наполняется|заполняется)\s*([.…!]|$)|coming soon|under construction")
            .expect("static regex")
    })
}

fn not_found_re() -> &'static Quick {
    static RE: OnceLock<Quick> = OnceLock::new();
    RE.get_or_init(|| {
        // «404» alone says «not found» only first in a title or heading, or beside «ошибка» /
        // «error» / «not found»: «КЦСОН № 4040», «Приказ № 404» are real pages.
        Quick::new(r"(^|\b)(страница не найдена|page not found|запрашиваемая страница не существует)|(ошибка|error|страница)\s*404\b|\b404\s*(error|not\s+found|ошибка)|^\s*404\b")
    })
}

/// Classifies `page` by its main text.
pub fn page_emptiness(page: &Page) -> Emptiness {
    let h1 = page.headings.first().map(String::as_str).unwrap_or("");
    if not_found_re().is_match(&page.title) || not_found_re().is_match(h1) {
        return Emptiness::NotFound;
    }
    // Headings are part of the main text; what is left besides them is the page's own content.
    // Only fewer than `FULL` letters change the verdict, so counting stops there.
    let count = |s: &str, most: usize| {
        s.chars()
            .filter(|&c| crate::chars::is_alphanumeric(c))
            .take(most)
            .count()
    };
    let heading_letters: usize = page.headings.iter().map(|h| count(h, usize::MAX)).sum();
    let letters = count(&page.main_text, heading_letters + FULL).saturating_sub(heading_letters);
    if letters < MIN_CONTENT_LETTERS && !links_documents(page) {
        return Emptiness::Empty(
            "страница найдена, но на ней нет содержания (только меню и заголовок)".into(),
        );
    }
    if letters < FULL && stub_re().is_match(&page.main_text) {
        return Emptiness::Empty(
            "страница найдена, но помечена как «в разработке» и не заполнена".into(),
        );
    }
    Emptiness::Content
}

/// A short page that lists files («План ФХД (PDF)») is a section of documents, not an empty page:
/// the documents decide.
fn links_documents(page: &Page) -> bool {
    page.links.iter().any(|l| {
        url::Url::parse(&l.href)
            .ok()
            .is_some_and(|u| crate::urlnorm::document_kind(&u).is_some())
    })
}

/// True when the page is a shell that only JavaScript fills (a single-page app): then what is not
/// found cannot be called missing.
pub fn looks_javascript_only(page: &Page) -> bool {
    let letters = page
        .text
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(200)
        .count();
    let real_links = page
        .links
        .iter()
        .filter(|l| !l.href.trim().is_empty())
        .count();
    page.script_count > 0 && letters < 200 && real_links < 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, headings: &[&str], main: &str) -> Page {
        Page {
            title: title.into(),
            headings: headings.iter().map(|s| s.to_string()).collect(),
            main_text: main.into(),
            text: main.into(),
            ..Page::default()
        }
    }

    #[test]
    fn heading_only_page_is_empty() {
        let p = page(
            "Персональный состав",
            &["Персональный состав"],
            "Персональный состав",
        );
        assert!(matches!(page_emptiness(&p), Emptiness::Empty(_)));
    }

    #[test]
    fn stub_page_is_empty_and_real_page_has_content() {
        let stub = page(
            "Тарифы",
            &["Тарифы"],
            "Тарифы Раздел находится в разработке. Приносим извинения.",
        );
        assert!(matches!(page_emptiness(&stub), Emptiness::Empty(_)));
        let real = page(
            "Тарифы",
            &["Тарифы"],
            "Тарифы Тарифы на социальные услуги утверждены приказом министерства от 12.01.2026 № 5",
        );
        assert_eq!(page_emptiness(&real), Emptiness::Content);
    }

    #[test]
    fn information_being_updated_is_a_stub_but_a_schedule_of_updates_is_not() {
        let stub = page(
            "Персональный состав",
            &["Персональный состав"],
            "Персональный состав Информация обновляется.",
        );
        assert!(matches!(page_emptiness(&stub), Emptiness::Empty(_)));
        let real = page(
            "Вакансии",
            &["Вакансии"],
            "Вакансии Информация обновляется ежемесячно. Требуется социальный работник, оклад 25 000 руб.",
        );
        assert_eq!(page_emptiness(&real), Emptiness::Content);
    }

    #[test]
    fn counting_stops_at_a_full_page_without_changing_the_verdict() {
        let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
        let stub = "Раздел находится в разработке.";
        let long_heading = "Тарифы ".repeat(80);
        for (own, want_empty) in [(FULL - 1, true), (FULL, false), (5 * FULL, false)] {
            let filler = "а".repeat(own - letters(stub));
            for heading in ["Тарифы", long_heading.trim()] {
                let main = format!("{heading} {stub} {filler}");
                let p = page("Тарифы", &[heading], &main);
                let empty = matches!(page_emptiness(&p), Emptiness::Empty(_));
                assert_eq!(empty, want_empty, "{own} letters besides the heading");
            }
        }
    }

    #[test]
    fn soft_404_detected() {
        let p = page(
            "Страница не найдена",
            &["Ошибка 404"],
            "К сожалению, запрашиваемая страница не существует на нашем сайте.",
        );
        assert_eq!(page_emptiness(&p), Emptiness::NotFound);
        for (title, h1) in [
            ("404", "Сайт КЦСОН"),
            ("Сайт КЦСОН", "404 Not Found"),
            ("Error 404", ""),
        ] {
            let p = page(
                title,
                &[h1],
                "Вернитесь на главную страницу сайта и попробуйте снова.",
            );
            assert_eq!(page_emptiness(&p), Emptiness::NotFound, "{title} / {h1}");
        }
    }

    #[test]
    fn a_number_with_404_in_it_is_no_soft_404() {
        let body = "Структура учреждения: отделение социального обслуживания на дому, заведующая Иванова Мария Петровна, телефон 8 (8452) 41-22-13.";
        for title in [
            "Структура | ГБУ «КЦСОН № 4040»",
            "Приказ № 404 от 12.01.2026",
            "КЦСОН № 404",
        ] {
            let p = page(title, &["Структура и органы управления"], body);
            assert_eq!(page_emptiness(&p), Emptiness::Content, "{title}");
        }
    }

    #[test]
    fn javascript_shell_detected() {
        let mut p = page("Центр", &[], "");
        p.text = "Включите JavaScript".into();
        p.script_count = 3;
        assert!(looks_javascript_only(&p));
        p.text = "а".repeat(500);
        assert!(!looks_javascript_only(&p));
    }
}
