//! Is a document the plan to remove the shortcomings found by the НОК? Recognised by the columns
//! of its form — ПП РФ № 457 (2018) or the regional 2017 «дорожная карта» — in a table's header
//! rows, or in the text when a PDF gave no tables, and failing that by its title.

use super::caseless::CaselessWords;
use super::dates::{strong_year, YearBasis, YearSpan};
use super::tables::header_len;
use super::{head, normalize, re, re_list};
use serde::Serialize;
use std::sync::LazyLock;

/// Which form a plan follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanForm {
    /// ПП РФ № 457 (2018): shortcomings, measures, planned date, responsible; progress part.
    Pp457,
    /// The 2017 regional roadmap: indicator, its value, measures, expected result, date, responsible.
    Roadmap2017,
    /// Titled as the plan, but its columns were not found (garbled PDF text, an unusual layout).
    Unknown,
}

/// What [`analyze_plan`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanAnalysis {
    /// The form.
    pub form: PlanForm,
    /// Russian names of the form's columns that were found (of [`PP457_COLUMNS`] for
    /// [`PlanForm::Pp457`] and [`PlanForm::Unknown`], of [`ROADMAP_COLUMNS`] for the roadmap).
    pub columns_found: Vec<String>,
    /// The form's columns that were not found.
    pub columns_missing: Vec<String>,
    /// The progress columns (measures taken, actual date) are there, or it is a report.
    pub has_progress_part: bool,
    /// The years the plan is for.
    pub years: Vec<i32>,
    /// «2024 год», «2023–2025 годы».
    pub period: Option<String>,
    /// An execution report («Отчёт о выполнении плана…») rather than the plan itself.
    pub is_report: bool,
    /// The plan's title is well inside the file, not at its start (a НОК results file with the
    /// plan appended).
    pub embedded: bool,
}

/// The columns of the ПП РФ № 457 form, as the form names them.
pub const PP457_COLUMNS: [&str; 6] = [
    "Недостатки, выявленные в ходе независимой оценки качества",
    "Наименование мероприятия по устранению недостатков",
    "Плановый срок реализации мероприятия",
    "Ответственный исполнитель (фамилия, имя, отчество, должность)",
    "Реализованные меры по устранению выявленных недостатков",
    "Фактический срок реализации",
];

/// The columns of the 2017 roadmap form.
pub const ROADMAP_COLUMNS: [&str; 6] = [
    "Наименование показателя",
    "Значение показателя по результатам независимой оценки",
    "Мероприятия по улучшению качества",
    "Ожидаемый результат",
    "Срок реализации",
    "Ответственный исполнитель",
];

/// Indexes into the column lists.
const P_SHORTCOMINGS: usize = 0;
const P_MEASURES: usize = 1;
const P_DATE: usize = 2;
const P_RESPONSIBLE: usize = 3;
const P_TAKEN: usize = 4;
const P_ACTUAL: usize = 5;
const R_INDICATOR: usize = 0;
const R_VALUE: usize = 1;
const R_MEASURES: usize = 2;
const R_EXPECTED: usize = 3;
const R_DATE: usize = 4;

/// Header cells. Order of checking (a cell gets the first column that matches) is in
/// [`PP457_PRECEDENCE`]: «Наименование мероприятия по устранению недостатков» also names the
/// shortcomings, «Плановый срок реализации мероприятия» also names the measure.
const PP457_CELL: [&str; 6] = [
    r"^\W*(?:\d+\W*)?(?:выявленн\w*\s+)?недостат|недостатк\w*\s*,?\s+выявленн",
    r"^\W*(?:\d+\W*)?(?:наименовани\w*\s+)?(?:мероприяти|мер\b|меры\b)|мероприяти[ея]\s+по\s+устранени",
    r"^\W*(?:\d+\W*)?(?:планов\w*\s+)?(?:срок|дата\s+(?:реализаци|выполнени|исполнени))|планов\w*\s+срок",
    r"ответственн|исполнител",
    r"реализованн\w*\s+мер|сведени\w*\s+о\s+ход|ход\w*\s+(?:реализаци|выполнени|исполнени)|отметк\w*\s+о\s+(?:выполнени|исполнени)|информаци\w*\s+о\s+(?:выполнени|исполнени)|результат\w*\s+(?:выполнени|исполнени|реализаци)|выполненн\w*\s+мероприят|принят\w*\s+мер",
    r"фактическ\w*\s+(?:срок|дата)|дата\s+фактическ",
];
const PP457_PRECEDENCE: [usize; 6] = [
    P_ACTUAL,
    P_TAKEN,
    P_DATE,
    P_RESPONSIBLE,
    P_MEASURES,
    P_SHORTCOMINGS,
];

/// The same columns in running text: stricter, since the title («План мероприятий по устранению
/// недостатков, выявленных…») names them too — the headings are in the nominative.
const PP457_TEXT: [&str; 6] = [
    r"\bнедостатки\s*,?\s+выявленн|выявленн\w*\s+недостатки\b",
    r"наименовани\w*\s+мероприяти|мероприяти[ея]\s+по\s+устранени|наименовани\w*\s+мер\s+по\s+устранени",
    r"планов\w*\s+срок|\bсрок\w*\s+реализации\s+мероприяти",
    r"ответственн\w*\s+(?:исполнител|лиц)|\bответственны[йе]\b",
    r"реализованн\w*\s+мер\w*\s+по\s+устранени|сведени\w*\s+о\s+ходе\s+реализаци|отметк\w*\s+о\s+(?:выполнени|исполнени)",
    r"фактическ\w*\s+(?:срок|дата)",
];

const ROADMAP_CELL: [&str; 6] = [
    r"^\W*(?:\d+\W*)?(?:наименовани\w*\s+)?(?:показател|критери)",
    r"значени\w*\s+(?:показател|по\s+результат)|\bбалл|результат\w*\s+(?:независим|оценк)",
    r"^\W*(?:\d+\W*)?(?:наименовани\w*\s+)?(?:мероприяти|мер\b|меры\b)|мероприяти\w*\s+по\s+(?:устранени|улучшени|повышени)",
    r"ожидаем\w*\s+результат|планируем\w*\s+результат",
    r"^\W*(?:\d+\W*)?(?:планов\w*\s+)?(?:срок|дата)",
    r"ответственн|исполнител",
];
const ROADMAP_PRECEDENCE: [usize; 6] = [1, 0, 3, 4, 5, 2];

const ROADMAP_TEXT: [&str; 6] = [
    r"наименовани\w*\s+показател|\bпоказател[ьи]\s*,?\s+характеризующ",
    r"значени\w*\s+показател",
    r"наименовани\w*\s+мероприяти|мероприяти[ея]\s+по\s+(?:устранени|улучшени|повышени)",
    r"ожидаем\w*\s+результат",
    r"\bсрок\w*\s+(?:реализаци|исполнени|выполнени)",
    r"ответственн\w*\s+(?:исполнител|лиц)|\bответственны[йе]\b",
];

/// Characters of text searched for the column headings (the header is on the first page).
const HEAD_CHARS: usize = 3000;
/// Characters searched for the plan's title inside a longer file (results with the plan).
pub(super) const TITLE_SEARCH_CHARS: usize = 200_000;
/// A title within this many bytes (about 600 letters) starts the document; later, it starts a
/// plan appended to something else.
const TITLE_AT_START: usize = 1200;

/// Columns found, as a bit set over the six columns of one form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Found(u8);

impl Found {
    fn add(&mut self, i: usize) {
        self.0 |= 1 << i;
    }
    fn has(self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }
    fn count(self) -> usize {
        self.0.count_ones() as usize
    }
    fn union(self, o: Found) -> Found {
        Found(self.0 | o.0)
    }
}

/// Whether `text`/`tables` are the НОК plan (or a report on it), with the form's columns found,
/// the years and whether the progress part is there. `None` when it is not a plan at all: a news
/// item about «план мероприятий», a «План работы на 2026 год» (no shortcomings column, no НОК).
pub fn analyze_plan(text: &str, tables: &[Vec<Vec<String>>]) -> Option<PlanAnalysis> {
    analyze_plan_normalized(&normalized_head(text), tables)
}

/// The start of `text` that [`analyze_plan`] reads, normalised.
pub(super) fn normalized_head(text: &str) -> String {
    normalize(head(text, TITLE_SEARCH_CHARS))
}

/// [`analyze_plan`] of a text already cut and normalised by [`normalized_head`].
pub(super) fn analyze_plan_normalized(
    all: &str,
    tables: &[Vec<Vec<String>>],
) -> Option<PlanAnalysis> {
    let start = head(all, HEAD_CHARS);
    let title_at = title_position(all);
    let window = title_at.map(|i| head(&all[i..], HEAD_CHARS)).unwrap_or("");
    let is_report = re!(
        r"отчет\w*\s+(?:\S+\s+){0,3}?(?:о|об)\s+(?:выполнени|исполнени|реализаци)\w*\s+(?:\S+\s+){0,2}?план|информаци\w*\s+о\s+(?:ходе\s+)?(?:выполнени|исполнени|реализаци)\w*\s+(?:\S+\s+){0,2}?план|\bход\w*\s+реализаци\w*\s+план"
    )
    .is_match(head(start, 600));
    let context = nok_context(start) || nok_context(window);

    let mut best: Option<(PlanForm, Found)> = None;
    let consider = |best: &mut Option<(PlanForm, Found)>, form: PlanForm, found: Found| {
        if best.is_none_or(|(_, b)| found.count() > b.count()) {
            *best = Some((form, found));
        }
    };
    for table in tables {
        let header: Vec<String> = table[..header_len(table)]
            .iter()
            .flatten()
            .map(|c| normalize(c))
            .collect();
        // Both forms need their measures column, and every pattern for it says «мер».
        if !header.iter().any(|c| re!("мер").is_match(c)) {
            continue;
        }
        let p = cells_found(&header, re_list!(PP457_CELL), &PP457_PRECEDENCE);
        let r = cells_found(&header, re_list!(ROADMAP_CELL), &ROADMAP_PRECEDENCE);
        let table_context = context || header.iter().any(|c| nok_context(c));
        if let Some((f, x)) = classify(p, r, is_report, table_context) {
            consider(&mut best, f, x);
        }
    }
    // Without the form's table, only its measures column in the text (every pattern for it says
    // «мероприяти» or «наименовани») or the plan's title can make it a plan.
    static COLUMN_WORDS: LazyLock<CaselessWords> =
        LazyLock::new(|| CaselessWords::new(&["мероприяти", "наименовани"]));
    if best.is_none() && title_at.is_none() && !COLUMN_WORDS.may_be_in(start) {
        return None;
    }
    let text_p =
        text_found(start, re_list!(PP457_TEXT)).union(text_found(window, re_list!(PP457_TEXT)));
    let text_r =
        text_found(start, re_list!(ROADMAP_TEXT)).union(text_found(window, re_list!(ROADMAP_TEXT)));
    if best.is_none() {
        if let Some((f, x)) = classify(text_p, text_r, is_report, context) {
            consider(&mut best, f, x);
        }
    }
    let (form, found) = match best {
        Some(b) => b,
        None => {
            // Titled as the plan, with at least a heading a plan has (a date or a responsible
            // person): a plan whose table text came out garbled. A news item about a plan has
            // neither.
            let plan_like = text_p.has(P_DATE)
                || text_p.has(P_RESPONSIBLE)
                || text_r.has(R_EXPECTED)
                || text_r.has(R_DATE);
            if title_at.is_none() || !plan_like {
                return None;
            }
            (PlanForm::Unknown, text_p)
        }
    };
    let names: &[&str; 6] = match form {
        PlanForm::Roadmap2017 => &ROADMAP_COLUMNS,
        _ => &PP457_COLUMNS,
    };
    let (columns_found, columns_missing) = split_names(names, found);
    let has_progress_part =
        is_report || (form != PlanForm::Roadmap2017 && (found.has(P_TAKEN) || found.has(P_ACTUAL)));
    let span = plan_span(
        if window.is_empty() { start } else { window },
        start,
        is_report,
    );
    Some(PlanAnalysis {
        form,
        columns_found,
        columns_missing,
        has_progress_part,
        years: span
            .map(|s| (s.first..=s.last).collect())
            .unwrap_or_default(),
        period: span.map(|s| s.label_ru()),
        is_report,
        embedded: title_at.is_some_and(|i| i > TITLE_AT_START),
    })
}

/// Where the plan's (or its report's) title is, if anywhere in the text.
fn title_position(all: &str) -> Option<usize> {
    re!(
        r"план\w*\s+(?:\S+\s+){0,3}?по\s+устранени\w*\s+(?:\S+\s+){0,2}?недостатк|план\w*\s+(?:мероприятий\s+)?по\s+(?:улучшению|повышению)\s+качества|дорожн\w+\s+карт"
    )
    .find(all)
    .map(|m| m.start())
}

/// The text speaks of the independent assessment of quality.
fn nok_context(s: &str) -> bool {
    re!(r"независим\w*\s+оценк|\bнок\b|качеств\w*\s+(?:условий|оказани|предоставлени|работы|услуг)")
        .is_match(s)
}

/// The form whose columns are there, if any: the 457 form needs its shortcomings and measures
/// columns (a work plan has measures, dates and responsible people too); a report may lack the
/// shortcomings column but has the progress one; the roadmap needs its indicator or value
/// column and talk of the assessment.
fn classify(p: Found, r: Found, is_report: bool, context: bool) -> Option<(PlanForm, Found)> {
    let pp457 = (p.has(P_SHORTCOMINGS) && p.has(P_MEASURES) && p.count() >= 3)
        || (is_report && p.has(P_MEASURES) && (p.has(P_TAKEN) || p.has(P_ACTUAL)));
    let roadmap =
        context && r.has(R_MEASURES) && (r.has(R_INDICATOR) || r.has(R_VALUE)) && r.count() >= 3;
    match (pp457, roadmap) {
        (true, true) if r.count() > p.count() => Some((PlanForm::Roadmap2017, r)),
        (true, _) => Some((PlanForm::Pp457, p)),
        (false, true) => Some((PlanForm::Roadmap2017, r)),
        (false, false) => None,
    }
}

fn cells_found(cells: &[String], patterns: &[super::Quick], precedence: &[usize]) -> Found {
    let mut found = Found::default();
    for cell in cells {
        if let Some(&i) = precedence.iter().find(|&&i| patterns[i].is_match(cell)) {
            found.add(i);
        }
    }
    found
}

fn text_found(text: &str, patterns: &[super::Quick]) -> Found {
    let mut found = Found::default();
    for (i, p) in patterns.iter().enumerate() {
        if p.is_match(text) {
            found.add(i);
        }
    }
    found
}

fn split_names(names: &[&str; 6], found: Found) -> (Vec<String>, Vec<String>) {
    let (yes, no): (Vec<_>, Vec<_>) = (0..6).partition(|&i| found.has(i));
    let name = |i: usize| names[i].to_string();
    (
        yes.into_iter().map(name).collect(),
        no.into_iter().map(name).collect(),
    )
}

/// The years the plan is for: written («на 2024 год», «2024–2025 гг.»); else the year after the
/// assessment («по результатам НОК, проведенной в 2023 году» → 2024: the plan follows it); else
/// a year mentioned in the title.
fn plan_span(title_window: &str, start: &str, is_report: bool) -> Option<YearSpan> {
    let written = strong_year(title_window).or_else(|| strong_year(start));
    if let Some(span) = written {
        // A plan is never «за» a year: that is the assessment's year. A report is.
        if span.basis == YearBasis::Of && !is_report {
            return shift(span, 1);
        }
        return Some(span);
    }
    let nok_year = re!(
        r"(?:независим\w+\s+оценк\w*|\bнок\b)[^.;]{0,150}?\b(?:в|за)\s+(\d{4})\s*(?:год|г\.|г\b)|\bнок\W{0,3}(\d{4})\b"
    );
    for s in [title_window, start] {
        if let Some(c) = nok_year.captures(s) {
            let y: Option<i32> = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse().ok());
            if let Some(span) = y.and_then(|y| single(y + 1)) {
                return Some(span);
            }
        }
    }
    let year = re!(r"(?:^|[^\d.])(\d{4})\s*(?:год|г\.|г\b)").captures(head(title_window, 600))?;
    single(year[1].parse().ok()?)
}

fn single(y: i32) -> Option<YearSpan> {
    (1990..=2100).contains(&y).then_some(YearSpan {
        first: y,
        last: y,
        basis: YearBasis::For,
    })
}

fn shift(span: YearSpan, by: i32) -> Option<YearSpan> {
    Some(YearSpan {
        first: span.first + by,
        last: span.last + by,
        basis: YearBasis::For,
    })
}
