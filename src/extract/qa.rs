//! Question-and-answer blocks: accordions, `<details><summary>`, definition lists and sidebar
//! blocks of question/answer pairs. Many sites publish their FAQ this way on the main page or
//! in a sidebar, with no page of its own.
//!
//! A pair is an element whose short text is a question (ends with «?» or starts with «Вопрос»)
//! followed by a sibling with the answer; pairs sharing a container (or whose items share one)
//! form a block.

use scraper::ElementRef;
use serde::{Deserialize, Serialize};

use super::walk::{collapse, is_inside_invisible, is_space_or_ignorable, TextBuf};
use super::Elements;

/// Most elements examined per page, so that a huge page stays cheap.
const MAX_ELEMENTS: usize = 20_000;
/// A question is a small element: more nodes than this make a section, not a question.
const MAX_QUESTION_NODES: usize = 40;
/// Most containers tracked while grouping pairs.
const MAX_GROUPS: usize = 500;
/// Most blocks kept per page.
const MAX_BLOCKS: usize = 20;
/// A question is short; a longer text ending in «?» is a paragraph.
const MAX_QUESTION_CHARS: usize = 300;
/// An answer says something.
const MIN_ANSWER_CHARS: usize = 10;
/// Bytes kept of a block's text (its questions).
const BLOCK_TEXT_CAP: usize = 1_000;

/// One block of question/answer pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaBlock {
    /// Number of question/answer pairs.
    pub pairs: usize,
    /// The questions, joined with « · », at most 1 000 bytes.
    pub text: String,
}

/// The question/answer blocks of the page, in document order.
pub(super) fn qa_blocks(doc: &Elements) -> Vec<QaBlock> {
    let mut groups: Vec<(ElementRef, Vec<String>)> = Vec::new();
    let candidates = doc
        .css("body *")
        .take(MAX_ELEMENTS)
        .filter(|e| e.descendants().nth(MAX_QUESTION_NODES).is_none());
    for element in candidates {
        let Some((group, question)) = pair(element) else {
            continue;
        };
        match groups.iter().position(|(g, _)| *g == group) {
            Some(i) => groups[i].1.push(question),
            None if groups.len() < MAX_GROUPS => groups.push((group, vec![question])),
            None => {}
        }
    }
    groups
        .into_iter()
        .filter(|(_, questions)| questions.len() >= 2)
        .take(MAX_BLOCKS)
        .map(|(_, questions)| QaBlock {
            pairs: questions.len(),
            text: join_capped(&questions),
        })
        .collect()
}

/// `(group, question)` when `element` is the question of a pair.
fn pair(element: ElementRef<'_>) -> Option<(ElementRef<'_>, String)> {
    let name = element.value().name();
    if matches!(name, "details" | "form" | "a" | "script" | "style") {
        return None;
    }
    if !may_be_question(element) {
        return None;
    }
    // Raw text, hidden parts included: an accordion item whose answer is hidden is no question.
    let question = collapse(&element.text().collect::<String>(), 4 * MAX_QUESTION_CHARS);
    if !is_question(&question) || links_elsewhere(element) || in_form_or_hidden(element) {
        return None;
    }
    let answer = if name == "summary" {
        let details = element.parent().and_then(ElementRef::wrap)?;
        let all = collapse(&details.text().collect::<String>(), 4_000);
        all.strip_prefix(question.as_str())
            .map_or(all.clone(), |rest| rest.trim().to_string())
    } else {
        let next = element.next_siblings().find_map(ElementRef::wrap)?;
        collapse(&next.text().collect::<String>(), 4_000)
    };
    if answer.chars().count() < MIN_ANSWER_CHARS || is_question(&answer) {
        return None;
    }
    let holder = match name {
        "summary" => element.parent().and_then(ElementRef::wrap)?,
        _ => element,
    };
    Some((group_of(holder), question))
}

/// The container that groups pairs: the parent, or the grandparent when the parent is an item
/// holding just this pair (an accordion item, a `<details>`).
fn group_of(holder: ElementRef<'_>) -> ElementRef<'_> {
    let Some(parent) = holder.parent().and_then(ElementRef::wrap) else {
        return holder;
    };
    if holder.value().name() == "details" {
        return parent;
    }
    let is_item = parent
        .children()
        .filter_map(ElementRef::wrap)
        .nth(2)
        .is_none();
    match parent.parent().and_then(ElementRef::wrap) {
        Some(grand) if is_item => grand,
        _ => parent,
    }
}

/// False when [`is_question`] is false for the element's collapsed text, found without
/// collecting it: every small element of a page is tried, and collecting and collapsing each one's
/// text was a twentieth of a page's CPU. A question ends with «?», which its raw text then holds,
/// or its first 8 characters start with «вопрос» (32 bytes of the collapsed text hold them).
fn may_be_question(element: ElementRef) -> bool {
    if element
        .text()
        .any(|t| memchr::memchr(b'?', t.as_bytes()).is_some())
    {
        return true;
    }
    // Only «В» lowercases to «в»: the collapsed text starts with what is left of the raw text
    // without its spaces and ignorable characters, and most elements fail here, before their
    // head is collected and lowercased.
    let first = element
        .text()
        .find_map(|t| t.chars().find(|&c| !is_space_or_ignorable(c)));
    if !matches!(first, Some('В' | 'в')) {
        return false;
    }
    let mut head = TextBuf::new(32);
    for t in element.text() {
        head.push_str(t);
        if head.is_full() {
            break;
        }
    }
    lowered_head(head.as_str()).starts_with("вопрос")
}

/// The first 8 characters of `text`, lowercased: all that can say «Вопрос:» (lowercasing every
/// candidate text whole was a twentieth of parsing a page).
fn lowered_head(text: &str) -> String {
    text.chars().take(8).collect::<String>().to_lowercase()
}

/// True for a short text that asks something.
fn is_question(text: &str) -> bool {
    let trimmed =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '»' | '"' | ')'));
    let chars = trimmed.chars().count();
    if !(8..=MAX_QUESTION_CHARS).contains(&chars) {
        return false;
    }
    if trimmed.ends_with('?') {
        return true;
    }
    let lower = lowered_head(trimmed);
    lower.starts_with("вопрос:")
        || lower.starts_with("вопрос ")
            && lower["вопрос ".len()..].starts_with(|c: char| c.is_ascii_digit() || c == '№')
}

/// True when the question is a link to another page (a news headline, a menu entry), not the
/// head of an answer shown in place.
fn links_elsewhere(element: ElementRef) -> bool {
    std::iter::once(element)
        .chain(element.descendent_elements())
        .filter(|e| e.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
        .any(|href| {
            let href = href.trim();
            !(href.is_empty()
                || href.starts_with('#')
                || href.to_ascii_lowercase().starts_with("javascript:"))
        })
}

/// Survey questionnaires ask questions inside forms; hidden elements show nothing.
fn in_form_or_hidden(element: ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "form")
        || is_inside_invisible(element)
}

fn join_capped(questions: &[String]) -> String {
    let mut out = String::new();
    for q in questions {
        let sep = if out.is_empty() { 0 } else { 3 + " ".len() };
        if out.len() + sep + q.len() > BLOCK_TEXT_CAP {
            break;
        }
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::page;

    fn blocks(html: &str) -> Vec<(usize, String)> {
        page(html)
            .qa_blocks
            .into_iter()
            .map(|b| (b.pairs, b.text))
            .collect()
    }

    #[test]
    fn accordion_items_form_one_block() {
        let html = "<div class='accordion'>\
            <div class='item'><div class='head'><button>Как получить социальные услуги?</button></div>\
            <div class='collapse' hidden><p>Подайте заявление в центр или через Госуслуги.</p></div></div>\
            <div class='item'><div class='head'><button>Сколько стоят услуги?</button></div>\
            <div class='collapse'><p>По тарифам, утверждённым министерством.</p></div></div>\
            <div class='item'><div class='head'><button>Кто может получить услуги бесплатно?</button></div>\
            <div class='collapse'><p>Несовершеннолетние, инвалиды ВОВ и другие категории.</p></div></div></div>";
        assert_eq!(
            blocks(html),
            vec![(
                3,
                "Как получить социальные услуги? · Сколько стоят услуги? · \
                 Кто может получить услуги бесплатно?"
                    .to_string()
            )]
        );
    }

    #[test]
    fn details_definition_lists_and_sidebar_pairs() {
        let html = "<aside><h3>Вопрос — ответ</h3>\
            <p><b>Вопрос:</b> Можно ли оформить надомное обслуживание?</p><p><b>Ответ:</b> Да, по заявлению.</p>\
            <p><b>Вопрос:</b> Где взять справку о доходах?</p><p><b>Ответ:</b> В МФЦ или на Госуслугах.</p></aside>\
            <main><details><summary>Что такое ИППСУ?</summary>Индивидуальная программа предоставления услуг.</details>\
            <details><summary>Как продлить ИППСУ?</summary><p>Обратиться в управление соцзащиты.</p></details>\
            <dl><dt>Кто платит за питание?</dt><dd>Получатель услуг, по договору.</dd>\
            <dt>Есть ли очередь?</dt><dd>Очереди в настоящее время нет.</dd></dl></main>";
        let found = blocks(html);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert!(found[0].1.starts_with("Вопрос: Можно ли"));
        assert_eq!(found[1].1, "Что такое ИППСУ? · Как продлить ИППСУ?");
        assert_eq!(found[2].1, "Кто платит за питание? · Есть ли очередь?");
    }

    #[test]
    fn surveys_news_headlines_and_single_questions_are_not_blocks() {
        let html = "<form><p>Удовлетворены ли вы качеством услуг?</p><label><input type=radio>Да, полностью</label>\
            <p>Рекомендовали бы вы нас знакомым?</p><label><input type=radio>Да, конечно</label></form>\
            <div class='news'><h3><a href='/news/1'>Как получить путёвку в санаторий?</a></h3><p>Рассказываем подробно о порядке.</p>\
            <h3><a href='/news/2'>Что изменилось в законе?</a></h3><p>Обзор изменений с 1 января.</p></div>\
            <footer><p>Остались вопросы?</p><p>Звоните по телефону 8 800 000-00-00.</p></footer>";
        assert!(blocks(html).is_empty(), "{:?}", blocks(html));
    }

    proptest::proptest! {
        #[test]
        fn the_quick_test_never_rejects_a_question(
            start in "[ \u{a0}\u{ad}\u{200b}\n]{0,3}(<span>[ \u{ad}]?</span>)?((Вопрос|ВОПРОС|вОпРоС|В\u{ad}опрос|Во</span><span>прос)[:  ]?[1№]?)?",
            parts in proptest::collection::vec("[ \t\nвВоОпПрРсС:?№1»\u{ad}\u{200b}а-я]{0,14}", 1..5),
        ) {
            let html: String = parts.iter().map(|p| format!("<span>{p}</span>")).collect();
            let html = format!("<span>{start}</span>{html}");
            let doc = scraper::Html::parse_fragment(&format!("<div id=q>{html}</div>"));
            let element = doc.select(super::super::css("#q")).next().unwrap();
            let question = super::collapse(
                &element.text().collect::<String>(),
                4 * super::MAX_QUESTION_CHARS,
            );
            if super::is_question(&question) {
                proptest::prop_assert!(super::may_be_question(element), "{question:?}");
            }
        }
    }
}
