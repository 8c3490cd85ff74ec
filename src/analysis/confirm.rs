//! Applying `[rule.confirm]` to one readable document or page: a document's own title decides
//! between neighbouring requirements (the rules for recipients / the labour rules, a charter / a
//! regulation, a plan / an order / a report); a page must state the thing in its own words, not
//! only carry its name in a heading or a link.

use super::evaluate::{folded_with_cells, DocInput, DocVerdict, Shared};
use super::{head, own_title};
use crate::rules::{fold, Confirm};

/// How much of a document's start may hold its title below an approval block we did not skip.
const TITLE_HEAD_CHARS: usize = 600;

/// Applies `confirm` to `doc`; a failed condition makes the verdict "not it", with the reason.
pub(super) fn apply_confirm(
    confirm: &Confirm,
    doc: &DocInput,
    v: &mut DocVerdict,
    shared: &mut Shared,
) {
    let was_ok = v.ok;
    let shared = &mut shared.confirm;
    // «Confirmed» needs a condition that matched something, not only exclusions that did not.
    let (checked, positive) = if is_page(doc.format) {
        confirm_page(confirm, doc, v, shared);
        (true, confirm.has_text_conditions())
    } else {
        let positive = !confirm.title.is_empty() || confirm.has_text_conditions();
        (confirm_document(confirm, doc, v, shared), positive)
    };
    v.confirmed = checked && positive && was_ok && v.ok;
}

fn is_page(format: &str) -> bool {
    matches!(format.trim(), "html" | "htm")
}

fn not_it(v: &mut DocVerdict, reason: String) {
    v.ok = false;
    v.partial_reasons.push(reason);
}

/// What [`apply_confirm`] reads of one document, kept for the next rule that confirms it.
#[derive(Debug, Default)]
pub(super) struct ConfirmShared {
    /// A page's title, folded.
    page_title: Option<String>,
    /// A document's own title, and folded.
    own_title: Option<(Option<String>, Option<String>)>,
    /// The start of a document's text, folded.
    head: Option<String>,
    /// The words the text conditions search, with the table cells, folded.
    words: Option<String>,
    /// The same with case folded away, to skip patterns whose required words are not there.
    caseless: Option<super::caseless::Folded>,
    speaks_russian: Option<bool>,
}

fn confirm_page(confirm: &Confirm, doc: &DocInput, v: &mut DocVerdict, shared: &mut ConfirmShared) {
    if let Some(title) = doc.title.filter(|t| !t.trim().is_empty()) {
        let folded = shared
            .page_title
            .get_or_insert_with(|| fold(title).into_owned());
        if confirm.title_exclude.is_match(folded) {
            not_it(
                v,
                format!("страница называется «{}» — это о другом", clip(title)),
            );
            v.excluded = true;
            return;
        }
    }
    let words = doc.own_text.unwrap_or(doc.text);
    if missing_text(confirm, words, doc.tables, shared).is_some() {
        not_it(
            v,
            "на странице нет самих сведений — только название раздела, ссылки или форма поиска"
                .to_string(),
        );
    }
}

/// Returns false when the document could not be judged (no Cyrillic text to judge).
fn confirm_document(
    confirm: &Confirm,
    doc: &DocInput,
    v: &mut DocVerdict,
    shared: &mut ConfirmShared,
) -> bool {
    if !*shared
        .speaks_russian
        .get_or_insert_with(|| speaks_russian(doc.text))
    {
        // A text layer without Cyrillic is a font without a ToUnicode map (or a placeholder):
        // what the document is cannot be told from it.
        return false;
    }
    let (title, folded) = shared.own_title.get_or_insert_with(|| {
        let title = own_title(doc.text, doc.title);
        let folded = title.as_deref().map(|t| fold(t).into_owned());
        (title, folded)
    });
    v.title = title.clone();
    if let (Some(t), Some(f)) = (&title, &folded) {
        if confirm.title_exclude.is_match(f) {
            not_it(
                v,
                format!(
                    "собственный заголовок документа — «{}»: это другой документ",
                    clip(t)
                ),
            );
            v.excluded = true;
            return true;
        }
    }
    if !confirm.title.is_empty() {
        v.title_confirmed = folded.as_deref().is_some_and(|f| confirm.title.is_match(f));
        let head = shared
            .head
            .get_or_insert_with(|| fold(head(doc.text, TITLE_HEAD_CHARS)).into_owned());
        let in_head = confirm.title.is_match(head);
        if !v.title_confirmed && !in_head {
            let reason = match &title {
                Some(t) => format!(
                    "собственный заголовок документа — «{}»: это не тот документ",
                    clip(t)
                ),
                None => {
                    "в начале документа нет его названия: что это за документ, не видно".to_string()
                }
            };
            not_it(v, reason);
            return true;
        }
    }
    if let Some(missing) = missing_text(confirm, doc.text, doc.tables, shared) {
        not_it(
            v,
            format!("в тексте документа не найдено то, что требуется: {missing}"),
        );
    }
    true
}

/// True when the start of `text` has Cyrillic words, as every Russian official document has.
fn speaks_russian(text: &str) -> bool {
    head(text, 2000)
        .chars()
        .filter(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё'))
        .nth(20)
        .is_some()
}

/// Works out the required words of `confirm`'s text conditions now, so that the first pages
/// judged do not pay for reading the patterns again (~150 ms for the default rules).
pub(crate) fn prepare(confirm: &Confirm) {
    for re in confirm.must_contain.0.iter().chain(confirm.any_of.0.iter()) {
        super::required::required_words(re.as_str());
    }
}

/// The text conditions that fail, as written in the rules, or `None` when all hold.
/// `shared` keeps `text` and `tables` folded for the next rule.
fn missing_text(
    confirm: &Confirm,
    text: &str,
    tables: &[Vec<Vec<String>>],
    shared: &mut ConfirmShared,
) -> Option<String> {
    if !confirm.has_text_conditions() {
        return None;
    }
    let hay = shared
        .words
        .get_or_insert_with(|| folded_with_cells(text, tables));
    let caseless = &mut shared.caseless;
    let mut matches = |re: &regex::Regex| match super::required::required_words(re.as_str()) {
        Some(words) => {
            let folded = caseless.get_or_insert_with(|| super::caseless::Folded::new(hay));
            folded.may_contain(&words) && re.is_match(hay)
        }
        None => re.is_match(hay),
    };
    let mut missing: Vec<String> = confirm
        .must_contain
        .0
        .iter()
        .filter(|re| !matches(re))
        .map(|re| re.as_str().to_string())
        .collect();
    if !confirm.any_of.is_empty() && !confirm.any_of.0.iter().any(&mut matches) {
        let alternatives: Vec<&str> = confirm.any_of.0.iter().map(|re| re.as_str()).collect();
        missing.push(format!("одно из: {}", alternatives.join(" | ")));
    }
    (!missing.is_empty()).then(|| missing.join(", "))
}

fn clip(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(120).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{evaluate, DocInput};
    use crate::rules::{DocumentCheck, RuleSet};
    use time::macros::date;

    fn check(id: &str) -> DocumentCheck {
        RuleSet::builtin()
            .get(id)
            .and_then(|r| r.document_check.clone())
            .unwrap()
    }

    fn pdf(text: &str) -> DocInput<'_> {
        DocInput {
            text,
            format: "pdf",
            outcome: "text",
            status: Some(200),
            link_text: Some("Правила внутреннего распорядка"),
            ..DocInput::default()
        }
    }

    const LABOUR: &str =
        "УТВЕРЖДАЮ\nДиректор\nПРАВИЛА\nвнутреннего трудового распорядка\n1. Общие положения";

    #[test]
    fn an_excluded_own_title_is_another_requirements_document() {
        let v = evaluate(
            &check("recipient-rules"),
            &pdf(LABOUR),
            date!(2026 - 11 - 23),
        );
        assert!(!v.ok && v.excluded, "{v:?}");
        assert_eq!(
            v.title.as_deref(),
            Some("ПРАВИЛА внутреннего трудового распорядка")
        );
        let v = evaluate(&check("labor-rules"), &pdf(LABOUR), date!(2026 - 11 - 23));
        assert!(v.ok && v.title_confirmed && v.confirmed, "{v:?}");
    }

    #[test]
    fn a_title_that_is_not_the_thing_does_not_count() {
        let v = evaluate(
            &check("charter"),
            &pdf("ПОЛОЖЕНИЕ\nо платных услугах\n1. Общие положения"),
            date!(2026 - 11 - 23),
        );
        assert!(!v.ok, "{v:?}");
        assert!(
            v.partial_reasons[0].contains("ПОЛОЖЕНИЕ о платных услугах"),
            "{v:?}"
        );
    }

    #[test]
    fn confirmation_alone_does_not_complain_about_scans() {
        let scan = DocInput {
            outcome: "scan",
            ..pdf("")
        };
        let v = evaluate(&check("charter"), &scan, date!(2026 - 11 - 23));
        assert!(
            v.ok && v.partial_reasons.is_empty() && !v.confirmed,
            "{v:?}"
        );
    }

    #[test]
    fn a_page_is_judged_by_its_own_words_not_its_labels() {
        let page = DocInput {
            text: "Тарифы на социальные услуги Приказ об утверждении тарифов",
            own_text: Some(""),
            title: Some("Тарифы | ГБУ КЦСОН Тарифы на социальные услуги"),
            format: "html",
            outcome: "text",
            ..DocInput::default()
        };
        let v = evaluate(&check("tariffs"), &page, date!(2026 - 11 - 23));
        assert!(!v.ok && !v.excluded, "{v:?}");
        let priced = DocInput {
            own_text: Some("Покупка продуктов 45,20 руб."),
            ..page
        };
        let v = evaluate(&check("tariffs"), &priced, date!(2026 - 11 - 23));
        assert!(v.ok && v.confirmed, "{v:?}");
        let news = DocInput {
            title: Some("Новости: утверждены новые тарифы на коммунальные услуги"),
            ..priced
        };
        let v = evaluate(&check("tariffs"), &news, date!(2026 - 11 - 23));
        assert!(!v.ok && v.excluded, "{v:?}");
    }
}
