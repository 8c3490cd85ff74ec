//! Dates and years in documents: every date written in a text, the years in a file name, the
//! year a document is *for* («План ФХД на 2026 год» → 2026), and whether it is still fresh.

use super::quick::{Caps, Hit};
use super::{normalize, re, Quick};
pub(crate) use crate::urlnorm::percent_decode;
use serde::Serialize;
use time::{Date, Month};

/// Years outside this range are page numbers, amounts or typos, not document years.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;
/// A period longer than this is not a plan period («1995–2030» is a history, not a plan).
const MAX_SPAN_YEARS: i32 = 10;
/// Enough for any real document; bounds the work on hostile text.
const MAX_DATES: usize = 2000;
/// How much of a text's beginning is searched for its title year.
const TITLE_CHARS: usize = 1500;

/// Whether a date was written in full or as a year only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// `12.03.2024`, «12 марта 2024 г.», `2024-03-12`.
    FullDate,
    /// «2024 год», «2024 г.», «2023–2025 годы» (one entry per year written).
    YearOnly,
}

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Full date or year only.
    pub kind: DateKind,
    /// The year.
    pub year: i32,
    /// The date, for [`DateKind::FullDate`].
    pub date: Option<Date>,
    /// The text as written.
    pub text: String,
    /// Byte offset in the text.
    pub offset: usize,
}

/// How a document's years relate to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearBasis {
    /// A plan or budget for these years: «на 2026 год», «2024–2025 гг.».
    For,
    /// A report on these years: «за 2025 год».
    Of,
    /// Only mentioned (a bare year in the file name or title): could be either.
    Mentioned,
}

/// The years a document is for: one year (`first == last`) or a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearSpan {
    /// First year.
    pub first: i32,
    /// Last year (equal to `first` for one year).
    pub last: i32,
    /// How the years were written.
    pub basis: YearBasis,
}

impl YearSpan {
    /// «2024 год» or «2023–2025 годы».
    pub fn label_ru(&self) -> String {
        if self.first == self.last {
            format!("{} год", self.first)
        } else {
            format!("{}–{} годы", self.first, self.last)
        }
    }

    /// «2024 году» or «2023–2025 годам» (after «к»).
    pub(crate) fn dative_ru(&self) -> String {
        if self.first == self.last {
            format!("{} году", self.first)
        } else {
            format!("{}–{} годам", self.first, self.last)
        }
    }

    fn new(first: i32, last: i32, basis: YearBasis) -> Option<YearSpan> {
        let ok = YEARS.contains(&first)
            && YEARS.contains(&last)
            && last >= first
            && last - first <= MAX_SPAN_YEARS;
        ok.then_some(YearSpan { first, last, basis })
    }
}

/// True when `s` has four ASCII digits in a row that read as a year of [`YEARS`]. Every date and
/// year this module finds in a text has them: a `\d{4}` of other digits does not parse, and a
/// year out of range is dropped. So a text without them has nothing to find, and the patterns
/// (several passes over it, some without a literal to skip to) need not run.
pub(crate) fn may_hold_year(s: &str) -> bool {
    let mut run = 0usize;
    let mut value = 0i32;
    for &b in s.as_bytes() {
        if b.is_ascii_digit() {
            run += 1;
            value = (value % 1000) * 10 + i32::from(b - b'0');
            if run >= 4 && YEARS.contains(&value) {
                return true;
            }
        } else {
            run = 0;
            value = 0;
        }
    }
    false
}

/// Every date written in `text`, in order: full dates and years with «год»/«г.».
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    if !may_hold_year(text) {
        return Vec::new();
    }
    find_dates_unguarded(text)
}

pub(super) fn find_dates_unguarded(text: &str) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let digit_at = |i: usize| text.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    let digit_before = |i: usize| i > 0 && digit_at(i - 1);
    let push_full = |out: &mut Vec<FoundDate>, m: Hit, y: &str, mo: u8, d: &str| {
        if digit_before(m.start()) || digit_at(m.end()) {
            return;
        }
        if let Some(date) = make_date(y, mo, d) {
            out.push(FoundDate {
                kind: DateKind::FullDate,
                year: date.year(),
                date: Some(date),
                text: m.as_str().to_string(),
                offset: m.start(),
            });
        }
    };
    for c in re!(r"(\d{1,2})\.(\d{1,2})\.(\d{4})").captures_iter(text) {
        let month = c[2].parse().unwrap_or(0);
        push_full(&mut out, whole(&c), &c[3], month, &c[1]);
    }
    for c in re!(r"(\d{4})-(\d{2})-(\d{2})").captures_iter(text) {
        let month = c[2].parse().unwrap_or(0);
        push_full(&mut out, whole(&c), &c[1], month, &c[3]);
    }
    let months =
        r"(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)";
    let textual = re!(&format!(r#"[«"]?(\d{{1,2}})[»"]?\s+{months}\s+(\d{{4}})"#));
    for c in textual.captures_iter(text) {
        let month = month_number(&c[2]);
        push_full(&mut out, whole(&c), &c[3], month, &c[1]);
    }
    let taken: Vec<(usize, usize)> = out
        .iter()
        .map(|d| (d.offset, d.offset + d.text.len()))
        .collect();
    let inside_full = |i: usize| taken.iter().any(|&(s, e)| s <= i && i < e);
    let years = re!(r"(\d{4})(?:\s*[-–—]\s*(\d{4}))?\s*(?:год|гг\.?|г\.|г\b)");
    for c in years.captures_iter(text) {
        let m = whole(&c);
        if digit_before(m.start()) || inside_full(m.start()) {
            continue;
        }
        for (i, g) in [c.get(1), c.get(2)].into_iter().flatten().enumerate() {
            let Ok(year) = g.as_str().parse::<i32>() else {
                continue;
            };
            if YEARS.contains(&year) {
                out.push(FoundDate {
                    kind: DateKind::YearOnly,
                    year,
                    date: None,
                    text: m.as_str().to_string(),
                    offset: m.start() + i,
                });
            }
        }
    }
    out.sort_by_key(|d| d.offset);
    out.truncate(MAX_DATES);
    out
}

fn whole<'h>(c: &Caps<'h>) -> Hit<'h> {
    c.get(0)
        .unwrap_or_else(|| unreachable!("group 0 always exists"))
}

pub(crate) fn make_date(year: &str, month: u8, day: &str) -> Option<Date> {
    let year: i32 = year.parse().ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    let month = Month::try_from(month).ok()?;
    Date::from_calendar_date(year, month, day.parse().ok()?).ok()
}

fn month_number(genitive: &str) -> u8 {
    const MONTHS: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    let lower = genitive.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i as u8 + 1)
        .unwrap_or(0)
}

/// Years written in a file name or URL path (percent-decoded first), in order, without repeats:
/// `План_2024.pdf` → 2024, `Отчет 2023-2025.pdf` → 2023, 2025, `scan_20240312.pdf` → 2024.
pub fn years_in_file_name(name: &str) -> Vec<i32> {
    let decoded = percent_decode(name);
    let base = decoded.rsplit(['/', '\\']).next().unwrap_or(&decoded);
    let mut out = Vec::new();
    for run in base.split(|c: char| !c.is_ascii_digit()) {
        let year = match run.len() {
            4 => run.parse().ok(),
            // A compact date, yyyymmdd, as scanners and cameras name files.
            8 => make_date(&run[..4], run[4..6].parse().unwrap_or(0), &run[6..]).map(|d| d.year()),
            _ => None,
        };
        if let Some(y) = year.filter(|y| YEARS.contains(y)) {
            if !out.contains(&y) {
                out.push(y);
            }
        }
    }
    out
}

/// The years a document is for, from (in this order) its link text, its file name and the start
/// of its text: «на 2026 год» (For), «за 2025 год» (Of), «на 2025-2027 годы» (a period),
/// «на 2026 год и плановый период 2027 и 2028 годов» (2026: the plan's own year), then bare
/// years («…_2024.pdf», «Рейтинг 2023 год»: Mentioned). `None` when no year is written.
pub fn document_year(
    text: &str,
    file_name: Option<&str>,
    link_text: Option<&str>,
) -> Option<YearSpan> {
    let file = file_name.map(clean_file_name);
    let title = normalize(super::head(text, TITLE_CHARS));
    let sources: Vec<String> = [link_text.map(normalize), file.clone(), Some(title)]
        .into_iter()
        .flatten()
        .collect();
    if let Some(span) = sources.iter().find_map(|s| strong_year(s)) {
        return Some(span);
    }
    if let Some(span) = sources.iter().find_map(|s| weak_year(s)) {
        return Some(span);
    }
    let bare = link_text
        .map(years_in_file_name)
        .filter(|y| !y.is_empty())
        .or_else(|| file_name.map(years_in_file_name))?;
    let year = bare.into_iter().max()?;
    YearSpan::new(year, year, YearBasis::Mentioned)
}

/// The file's own name: last path segment, decoded, `_` as spaces, without the extension.
fn clean_file_name(name: &str) -> String {
    let decoded = percent_decode(name);
    let base = decoded.rsplit(['/', '\\']).next().unwrap_or(&decoded);
    let stem = match base.rsplit_once('.') {
        Some((stem, ext)) if ext.len() <= 5 && !ext.contains(' ') => stem,
        _ => base,
    };
    normalize(&stem.replace(['_', '+'], " "))
}

/// Explicit «на/за» years and «… годы» periods.
pub(crate) fn strong_year(s: &str) -> Option<YearSpan> {
    may_hold_year(s).then(|| strong_year_unguarded(s)).flatten()
}

pub(super) fn strong_year_unguarded(s: &str) -> Option<YearSpan> {
    use YearBasis::{For, Of};
    let year_word = r"\s*(?:год|гг|г\.|г\b)";
    let planning = re!(r"на\s+(\d{4})\s*(?:год\w*|г\.?)\s+и\s+(?:на\s+)?планов\w+\s+период");
    if let Some(c) = planning.captures(s) {
        let y = c[1].parse().ok()?;
        return YearSpan::new(y, y, For);
    }
    let range = |re: &Quick, basis| {
        re.captures_iter(s)
            .find_map(|c| YearSpan::new(c[1].parse().ok()?, c[2].parse().ok()?, basis))
    };
    let single = |re: &Quick, basis| {
        re.captures_iter(s).find_map(|c| {
            let y = c[1].parse().ok()?;
            YearSpan::new(y, y, basis)
        })
    };
    range(re!(r"(?:на|в)\s+(\d{4})\s*[-–—]\s*(\d{4})\b"), For)
        .or_else(|| range(re!(r"за\s+(\d{4})\s*[-–—]\s*(\d{4})\b"), Of))
        .or_else(|| single(re!(&format!(r"за\s+(\d{{4}}){year_word}")), Of))
        .or_else(|| single(re!(&format!(r"на\s+(\d{{4}}){year_word}")), For))
        .or_else(|| {
            range(
                re!(&format!(r"\b(\d{{4}})\s*[-–—]\s*(\d{{4}}){year_word}")),
                For,
            )
        })
}

/// A bare period «2023-2025» or a year with «год»/«г.» that is not the end of a full date.
pub(super) fn weak_year(s: &str) -> Option<YearSpan> {
    may_hold_year(s).then(|| weak_year_unguarded(s)).flatten()
}

pub(super) fn weak_year_unguarded(s: &str) -> Option<YearSpan> {
    let range = re!(r"(?:^|[^\d.])(\d{4})\s*[-–—]\s*(\d{4})(?:[^\d]|$)");
    if let Some(span) = range
        .captures_iter(s)
        .find_map(|c| YearSpan::new(c[1].parse().ok()?, c[2].parse().ok()?, YearBasis::Mentioned))
    {
        return Some(span);
    }
    // Not the end of a full date («25.12.2023 г.») nor of a period rejected above.
    let year = re!(r"(?:^|[^\d.\-–—])(\d{4})\s*(?:год|г\.|г\b)");
    year.captures_iter(s).find_map(|c| {
        let y = c[1].parse().ok()?;
        YearSpan::new(y, y, YearBasis::Mentioned)
    })
}
