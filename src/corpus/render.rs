//! What `socaudit rules test` prints: the per-requirement table, the confusion rows with their
//! evidence, regressions and improvements against the baseline, and errors — or all of it as JSON.

use super::load::status_name;
use super::score::{Row, Scorecard};
use crate::model::Evidence;
use std::fmt::Write;

/// Schema name of the JSON output.
pub const RESULT_SCHEMA: &str = "socaudit/corpus-test/v1";

/// The scorecard as JSON (`socaudit/corpus-test/v1`).
pub fn to_json(card: &Scorecard) -> String {
    let mut value = serde_json::to_value(card).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert("schema".into(), RESULT_SCHEMA.into());
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The scorecard as text for a terminal.
pub fn to_text(card: &Scorecard) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Сайтов: {}, пар (сайт, требование): {}, совпало с разметкой: {} — точность {}",
        card.sites,
        card.total,
        card.agree,
        percent(Some(card.accuracy))
    );
    out.push('\n');
    out.push_str(&table(card));
    section(&mut out, "Расхождения с разметкой", card.wrong(), true);
    if card.baseline_given {
        section(
            &mut out,
            "Регрессии (совпадало в базовой линии, теперь нет)",
            card.regressions(),
            false,
        );
        section(
            &mut out,
            "Улучшения (не совпадало в базовой линии, теперь совпадает)",
            card.improvements(),
            false,
        );
    }
    errors(&mut out, card);
    out
}

/// The per-requirement table (Markdown, readable as plain text too).
pub fn table(card: &Scorecard) -> String {
    let mut out = String::from(
        "| требование | размечено | совпало | ложный pass | пропущенный pass | precision | recall |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for s in &card.requirements {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            s.id,
            s.labelled,
            s.agree,
            s.false_pass,
            s.missed_pass,
            percent(s.precision),
            percent(s.recall)
        );
    }
    let _ = writeln!(
        out,
        "| **всего** | {} | {} ({}) | | | | |",
        card.total,
        card.agree,
        percent(Some(card.accuracy))
    );
    out
}

fn section<'a>(out: &mut String, title: &str, rows: impl Iterator<Item = &'a Row>, detail: bool) {
    let rows: Vec<&Row> = rows.collect();
    let _ = writeln!(out, "\n{title}: {}", rows.len());
    for row in rows {
        let base = row
            .baseline
            .map(|b| format!(" (в базовой линии: {})", status_name(b)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} / {}: ожидалось {}, получено {}{base}",
            row.site,
            row.id,
            status_name(row.expected),
            status_name(row.got)
        );
        if !detail {
            continue;
        }
        for e in row.evidence.iter().take(2) {
            let _ = writeln!(out, "      доказательство: {}", evidence(e));
        }
        if let Some(note) = &row.note {
            let _ = writeln!(out, "      примечание проверки: {note}");
        }
        if let Some(why) = &row.why {
            let _ = writeln!(out, "      разметка: {why}");
        }
    }
}

fn evidence(e: &Evidence) -> String {
    let mut s = format!("{} ({}: «{}»)", e.url, e.via.label_ru(), e.text);
    if let Some(on) = &e.found_on {
        let _ = write!(s, ", найдено на {on}");
    }
    s
}

fn errors(out: &mut String, card: &Scorecard) {
    if card.pass_without_evidence.is_empty() && card.site_errors.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nОшибки:");
    for (site, id) in &card.pass_without_evidence {
        let _ = writeln!(out, "  {site} / {id}: вердикт pass без доказательств");
    }
    for (site, e) in &card.site_errors {
        let _ = writeln!(out, "  {site}: сайт не проверен: {e}");
    }
}

/// `0.875` → `87,5 %`; none → `—`.
fn percent(v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{:.1} %", v * 100.0).replace('.', ","),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_read_the_russian_way() {
        assert_eq!(percent(Some(0.875)), "87,5 %");
        assert_eq!(percent(Some(1.0)), "100,0 %");
        assert_eq!(percent(None), "—");
    }
}
