//! A document's own title: what the file says it is, as opposed to the link that led to it.
//! Official documents open with approval blocks («УТВЕРЖДАЮ Директор … «__» ____ 20__ г.»), the
//! organisation's name and the like; the title is the first line after those, joined with the
//! lines that continue it («ПРАВИЛА» / «внутреннего трудового распорядка»).

use super::re;
use crate::rules::fold;

/// Longest title kept (characters).
const MAX_TITLE_CHARS: usize = 200;
/// How many non-empty lines are searched for the title.
const MAX_LINES: usize = 30;

/// The document's own title, from its text or, failing that, from its metadata title.
pub fn own_title(text: &str, meta_title: Option<&str>) -> Option<String> {
    title_in_text(text).or_else(|| {
        meta_title
            .map(clean_meta_title)
            .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 4)
    })
}

/// Word processors put «Microsoft Word - file.docx» or the file name into the metadata title.
fn clean_meta_title(t: &str) -> String {
    let t = t.trim();
    let t = t.strip_prefix("Microsoft Word - ").unwrap_or(t);
    let t = re!(r"\.(docx?|pdf|odt|rtf)$").regex().replace(t, "");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title_in_text(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_LINES)
        .collect();
    let start = lines
        .iter()
        .position(|l| starts_with_kind(l) && !is_boilerplate(l))
        .or_else(|| lines.iter().position(|l| !is_boilerplate(l)))?;
    let mut title = lines[start].to_string();
    for next in &lines[start + 1..] {
        if title.chars().count() >= 120 || !continues_title(&title, next) {
            break;
        }
        title.push(' ');
        title.push_str(next);
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(title.chars().take(MAX_TITLE_CHARS).collect())
}

/// Lines that open a title: the kind of document (a plan, rules, a charter, an order, …).
fn starts_with_kind(line: &str) -> bool {
    re!(r"^\W*(правила|план|устав|положение|отчет|приказ|коллективный\s+договор|договор|тарифы?|прейскурант|стоимость|лицензия|выписка|структура|смета|бюджетная\s+смета|порядок|перечень|информация|сведения|результаты|протокол|изменения|дополнительное\s+соглашение|программа|дорожная\s+карта|распоряжение|постановление|показатели|паспорт|инструкция|регламент)\b")
        .is_match(&fold(line))
}

/// Approval blocks, signatures, dates, attachment marks and organisation names.
fn is_boilerplate(line: &str) -> bool {
    let l = fold(line);
    re!(r"^\W*(утвержд|согласован|принят|приложени|рассмотрен|одобрен|введен|директор|руководител|председател|м\.\s*п\.|от\s|№|\d)").is_match(&l)
        || re!(r"^\W*(гб|гк|га|мб|мк|ма|ано|ооо)\w{0,4}\b|^\W*(государствен|муниципальн|министерств|департамент|комитет|управлени)").is_match(&l)
        || !l.chars().any(char::is_alphabetic)
        || l.contains("____")
}

/// A single capitalised word («ПРАВИЛА», «ПЛАН») or a line ending mid-phrase goes on with the next
/// line when that one starts in lower case or with a preposition.
fn continues_title(title: &str, next: &str) -> bool {
    let lower_start = next.chars().next().is_some_and(char::is_lowercase);
    let short_caps = title_is_kind_word(title);
    // «Устав» / «государственного бюджетного учреждения …»: the organisation in the genitive
    // belongs to the title; on a line of its own it is the letterhead.
    if is_boilerplate(next) && !(short_caps && lower_start) {
        return false;
    }
    if starts_with_kind(next) && !short_caps {
        return false;
    }
    let dangling = re!(r"(\s(и|в|на|по|для|о|об|за|с|к)|[,–—-])$").is_match(&fold(title));
    lower_start || short_caps || dangling
}

fn title_is_kind_word(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    words.len() <= 2 && starts_with_kind(title)
}

#[cfg(test)]
mod tests {
    use super::own_title;

    #[test]
    fn skips_the_approval_block_and_joins_the_title_lines() {
        let text = "УТВЕРЖДАЮ\nДиректор ГБУ «КЦСОН»\n_________ И. И. Иванова\n«__» ______ 2025 г.\n\nПРАВИЛА\nвнутреннего трудового распорядка\nГБУ «КЦСОН Мирного района»\n1. Общие положения\n";
        assert_eq!(
            own_title(text, None).as_deref(),
            Some("ПРАВИЛА внутреннего трудового распорядка")
        );
    }

    #[test]
    fn organisation_line_first_then_the_kind() {
        let text = "Государственное бюджетное учреждение «КЦСОН»\nПлан финансово-хозяйственной деятельности на 2023 год\nПоказатели\n";
        assert_eq!(
            own_title(text, None).as_deref(),
            Some("План финансово-хозяйственной деятельности на 2023 год")
        );
    }

    #[test]
    fn an_approval_line_naming_an_order_is_not_the_title() {
        let text = "УТВЕРЖДЕНО\nприказом директора от 09.01.2025 № 3\nУстав\nгосударственного бюджетного учреждения\n";
        assert_eq!(
            own_title(text, None).as_deref(),
            Some("Устав государственного бюджетного учреждения")
        );
    }

    #[test]
    fn metadata_title_when_the_text_has_none() {
        assert_eq!(
            own_title("", Some("Microsoft Word - Устав учреждения.docx")).as_deref(),
            Some("Устав учреждения")
        );
        assert_eq!(own_title("", Some(" ")), None);
        assert_eq!(own_title("", None), None);
    }

    #[test]
    fn a_plain_first_line_is_the_title_when_no_kind_word_is_found() {
        assert_eq!(
            own_title("Карта сайта\nГлавная\n", None).as_deref(),
            Some("Карта сайта")
        );
    }
}
