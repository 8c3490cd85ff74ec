//! Does a document hold НОК results? Scores for the five criteria of приказ Минтруда № 344н, or
//! a total score, in tables (row- or column-wise) or in running text.

use super::caseless::CaselessWords;
use super::dates::{find_dates, DateKind};
use super::tables::{cell_number, header_len};
use super::{head, head_bytes, normalize, re, re_list, snippet};
use serde::Serialize;
use std::sync::LazyLock;

/// The five criteria of the independent assessment (приказ Минтруда № 344н), as reports name them.
pub const NOK_CRITERIA: [&str; 5] = [
    "Открытость и доступность информации об организации",
    "Комфортность условий предоставления услуг",
    "Доступность услуг для инвалидов",
    "Доброжелательность, вежливость работников организации",
    "Удовлетворенность условиями оказания услуг",
];

const CRITERIA: [&str; 5] = [
    r"открытост\w*\s+и\s+доступност\w*\s+информаци",
    r"комфортност\w*\s+(?:\S+\s+){0,2}?услови",
    r"доступност\w*\s+(?:\S+\s+){0,3}?(?:для\s+)?инвалид",
    r"доброжелательност\w*\s*,?\s*(?:и\s+)?вежливост",
    r"удовлетворенност\w*\s+(?:\S+\s+){0,3}?услови",
];

/// A total: «итоговый балл», «общий показатель оценки качества», «интегральный показатель».
const TOTAL: &str = r"итогов\w*\s+(?:балл|показател|оценк|значени|рейтинг)|общ\w*\s+(?:балл|показател|оценк)|интегральн\w*\s+(?:показател|оценк|балл|значени)|сумм\w*\s+балл|показател\w*\s+оценки\s+качества";

/// One of these words is in every match of [`CRITERIA`], [`TOTAL`] and the rating pattern.
const SCORE_WORDS: [&str; 10] = [
    "открытост",
    "комфортност",
    "доступност",
    "доброжелательност",
    "удовлетворенност",
    "балл",
    "показател",
    "оценк",
    "значени",
    "рейтинг",
];

/// Bytes after a criterion searched for its score (about 150 letters).
const SCORE_WINDOW: usize = 300;
/// Characters of text analysed; results tables are short.
pub(super) const MAX_TEXT_CHARS: usize = 200_000;
/// Criterion mentions looked at in running text.
const MAX_MENTIONS: usize = 200;
/// Tables and rows per table looked at: results fit in a few pages, a huge spreadsheet is
/// something else and must not cost minutes.
const MAX_TABLES: usize = 50;
const MAX_ROWS: usize = 2000;

/// What [`analyze_nok_results`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NokAnalysis {
    /// Criteria named in the document (of [`NOK_CRITERIA`]), in that order.
    pub criteria_found: Vec<String>,
    /// Scores were found (for a criterion, or a total).
    pub has_scores: bool,
    /// Years the document speaks of (the assessment's year is among them).
    pub years: Vec<i32>,
    /// Where the first score is, ≤ 200 characters, for the report.
    pub snippet: String,
    /// The first score found for each scored criterion.
    pub scores: Vec<CriterionScore>,
    /// An «итоговый балл» / overall indicator, if given.
    pub total_score: Option<f64>,
}

/// A criterion and its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    /// The criterion, as in [`NOK_CRITERIA`].
    pub criterion: String,
    /// The score, 0–100.
    pub score: f64,
}

#[derive(Default)]
struct Scan {
    named: [bool; 5],
    scores: [Option<f64>; 5],
    total: Option<f64>,
    snippet: Option<String>,
}

impl Scan {
    fn score(&mut self, k: usize, value: f64, around: &str) {
        if self.scores[k].is_none() {
            self.scores[k] = Some(value);
        }
        self.snippet.get_or_insert_with(|| snippet(around, 200));
    }
}

/// НОК results in `text`/`tables`: `Some` when at least three criteria have scores or a total
/// score is given; a plan that embeds the results is results too. `None` otherwise (a page of
/// links, a plan organised by criteria without scores).
pub fn analyze_nok_results(text: &str, tables: &[Vec<Vec<String>>]) -> Option<NokAnalysis> {
    analyze_nok_normalized(&normalized_head(text), tables)
}

/// The start of `text` that [`analyze_nok_results`] reads, normalised.
pub(super) fn normalized_head(text: &str) -> String {
    normalize(head(text, MAX_TEXT_CHARS))
}

/// [`analyze_nok_results`] of a text already cut and normalised by [`normalized_head`].
pub(super) fn analyze_nok_normalized(
    text: &str,
    tables: &[Vec<Vec<String>>],
) -> Option<NokAnalysis> {
    let criteria = re_list!(CRITERIA);
    let mut scan = Scan::default();
    for table in tables.iter().take(MAX_TABLES) {
        scan_table(&table[..table.len().min(MAX_ROWS)], criteria, &mut scan);
    }
    // Every criterion, total and rating pattern needs one of these words: without them the text
    // has no mention to take a score from.
    static SCORE: LazyLock<CaselessWords> = LazyLock::new(|| CaselessWords::new(&SCORE_WORDS));
    if SCORE.may_be_in(text) {
        scan_text(text, criteria, &mut scan);
    }
    let scored = scan.scores.iter().filter(|s| s.is_some()).count();
    if scored < 3 && scan.total.is_none() {
        return None;
    }
    let scores = (0..5)
        .filter_map(|k| {
            scan.scores[k].map(|score| CriterionScore {
                criterion: NOK_CRITERIA[k].to_string(),
                score,
            })
        })
        .collect();
    Some(NokAnalysis {
        criteria_found: (0..5)
            .filter(|&k| scan.named[k])
            .map(|k| NOK_CRITERIA[k].to_string())
            .collect(),
        has_scores: true,
        years: years_spoken_of(text),
        snippet: scan.snippet.unwrap_or_default(),
        scores,
        total_score: scan.total,
    })
}

fn criterion_of(cell: &str, criteria: &[super::Quick]) -> Option<usize> {
    criteria.iter().position(|re| re.is_match(cell))
}

fn scan_table(table: &[Vec<String>], criteria: &[super::Quick], scan: &mut Scan) {
    let rows: Vec<Vec<String>> = table
        .iter()
        .map(|r| r.iter().map(|c| normalize(c)).collect())
        .collect();
    let total = re!(TOTAL);
    // Row-wise: «Комфортность условий … | 96,4».
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            let k = criterion_of(cell, criteria);
            let is_total = k.is_none() && total.is_match(cell);
            if k.is_none() && !is_total {
                continue;
            }
            if let Some(k) = k {
                scan.named[k] = true;
            }
            if let Some(value) = row[i + 1..].iter().find_map(|c| score_cell(c)) {
                let around = row.join(" | ");
                match k {
                    Some(k) => scan.score(k, value, &around),
                    None => {
                        scan.total.get_or_insert(value);
                        scan.snippet.get_or_insert_with(|| snippet(&around, 200));
                    }
                }
            }
            break;
        }
    }
    // Column-wise: a rating with a column per criterion and a row per organisation.
    let h = header_len(&rows);
    for (j, cell) in rows[..h].iter().flat_map(|r| r.iter().enumerate()) {
        let k = criterion_of(cell, criteria);
        let is_total = k.is_none() && (total.is_match(cell) || re!(r"^\W*рейтинг").is_match(cell));
        if k.is_none() && !is_total {
            continue;
        }
        let below = rows[h..]
            .iter()
            .find_map(|r| r.get(j).and_then(|c| score_cell(c)));
        match (k, below) {
            (Some(k), Some(v)) => scan.score(k, v, &format!("{cell}: {v}")),
            (None, Some(v)) => {
                scan.total.get_or_insert(v);
            }
            _ => {}
        }
    }
}

/// A cell that is a score: as in running text, small numbers need «балл»/«%» (item numbers
/// «1.1» sit in tables too).
fn score_cell(cell: &str) -> Option<f64> {
    let marked = cell.contains('%') || cell.contains("балл");
    cell_number(cell).filter(|v| *v <= 100.0 && (marked || *v >= 10.0))
}

fn scan_text(text: &str, criteria: &[super::Quick], scan: &mut Scan) {
    let mut mentions: Vec<(usize, usize, usize)> = criteria
        .iter()
        .enumerate()
        .flat_map(|(k, re)| re.find_iter(text).map(move |m| (m.start(), m.end(), k)))
        .take(MAX_MENTIONS)
        .collect();
    mentions.sort_unstable();
    for (n, &(start, end, k)) in mentions.iter().enumerate() {
        scan.named[k] = true;
        let next = mentions.get(n + 1).map_or(text.len(), |m| m.0.max(end));
        let window = head_bytes(&text[end..next], SCORE_WINDOW);
        if let Some(value) = score_in(window, false) {
            scan.score(k, value, &text[start..]);
        }
    }
    for m in re!(TOTAL).find_iter(text).take(MAX_MENTIONS) {
        if let Some(v) = score_in(head_bytes(&text[m.end()..], SCORE_WINDOW), false) {
            scan.total.get_or_insert(v);
            scan.snippet
                .get_or_insert_with(|| snippet(&text[m.start()..], 200));
            break;
        }
    }
    for m in re!(r"\bрейтинг").find_iter(text).take(MAX_MENTIONS) {
        // A rating names places and counts of organisations too: only a decimal or «баллов».
        if let Some(v) = score_in(head_bytes(&text[m.end()..], SCORE_WINDOW), true) {
            scan.total.get_or_insert(v);
            break;
        }
    }
}

/// The first score in `window`: 0–100, with «балл»/«%» after it, or (unless `strict`) at least
/// 10 — item numbers «1.1», «2.3» and the column numbering are smaller; dates («31.12.2024») and
/// years are not scores.
fn score_in(window: &str, strict: bool) -> Option<f64> {
    let number = re!(r"(?:^|[^\d.,])(\d{1,3}(?:[.,](\d{1,3}))?)\s*(балл\w*|%)?");
    for c in number.captures_iter(window) {
        let Some(m) = c.get(1) else { continue };
        let rest = &window[m.end()..];
        let mut after = rest.chars();
        let continues = match after.next() {
            Some(ch) if ch.is_ascii_digit() => true,
            Some('.' | ',') => after.next().is_some_and(|ch| ch.is_ascii_digit()),
            _ => false,
        };
        if continues {
            continue;
        }
        let Ok(value) = m.as_str().replace(',', ".").parse::<f64>() else {
            continue;
        };
        let suffix = c.get(3).is_some();
        let decimal = c.get(2).is_some();
        let plausible = if strict {
            suffix || decimal
        } else {
            suffix || value >= 10.0
        };
        if plausible && value <= 100.0 {
            return Some(value);
        }
    }
    None
}

/// Years written with «год»/«г.» at the start of the text; failing that, years of full dates
/// (a protocol's date).
fn years_spoken_of(text: &str) -> Vec<i32> {
    let dates = find_dates(head(text, 3000));
    let pick = |kind: DateKind| {
        let mut y: Vec<i32> = dates
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.year)
            .collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let years = pick(DateKind::YearOnly);
    if years.is_empty() {
        pick(DateKind::FullDate)
    } else {
        years
    }
}
