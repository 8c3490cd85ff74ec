//! `summary.md`: the sweep as Markdown tables (sites × verdict and scores, then totals per
//! requirement), for pasting into an issue, a wiki or a CI job summary.
//!
//! Markdown renders inline HTML and turns `[text](url)` into links, so every site or input
//! string is escaped with [`cell`]: backslashes before Markdown punctuation, `<`/`>` as
//! entities, whitespace collapsed so a name cannot break the table.

use super::{format_timestamp, ruleset_label, scores, verdict_label, SweepSummary};

/// Shown instead of a score for a site that could not be checked.
const DASH: &str = "—";
use crate::report::html::{format_feedback, format_percent};
use std::fmt::Write as _;

/// The whole file.
pub(super) fn render(summary: &SweepSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Сводка проверки сайтов\n");
    let _ = writeln!(
        out,
        "Дата проверки: {}. Правила: {}. Сайтов: {}.\n",
        cell(&format_timestamp(&summary.generated_at)),
        cell(&ruleset_label(summary)),
        summary.sites.len()
    );
    if summary.interrupted {
        out.push_str("**Проверка была прервана: проверены не все сайты из списка.**\n\n");
    }
    out.push_str("## Сайты\n\n");
    out.push_str(
        "| № | Наименование | Сайт | Итог | Открытость | Взаимодействие | Обязательных |\n",
    );
    out.push_str("|---:|---|---|---|---:|---:|---:|\n");
    for site in &summary.sites {
        let scores = scores(site);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            site.row,
            cell(site.name.as_deref().unwrap_or_default()),
            cell(&site.url),
            cell(verdict_label(site)),
            scores
                .as_ref()
                .map_or(DASH.into(), |s| format_percent(s.percent)),
            scores
                .as_ref()
                .map_or(DASH.into(), |s| format_feedback(s.feedback)),
            scores.as_ref().map_or(DASH.into(), |s| format!(
                "{} из {}",
                s.mandatory_passed, site.mandatory_total
            )),
        );
    }
    accepted_section(summary, &mut out);
    out.push_str("\n## Итоги по требованиям\n\n");
    out.push_str("| Требование | Код | нет | частично | не определено | есть |\n");
    out.push_str("|---|---|---:|---:|---:|---:|\n");
    for t in &summary.totals {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&t.title),
            cell(&t.id.0),
            t.fail,
            t.partial,
            t.unknown,
            t.pass
        );
    }
    if !summary.input.problems.is_empty() {
        let _ = writeln!(
            out,
            "\nОшибок во входном списке: {} (подробно — в summary.xlsx и index.html).",
            summary.input.problems.len()
        );
    }
    out
}

/// The accepted items of every site, one table row each (nothing when there are none).
fn accepted_section(summary: &SweepSummary, out: &mut String) {
    if summary.sites.iter().all(|s| s.accepted.is_empty()) {
        return;
    }
    out.push_str("\n## Принятые замечания\n\n");
    out.push_str("| Сайт | Требование | Принято |\n|---|---|---|\n");
    for site in &summary.sites {
        for (id, acceptance) in &site.accepted {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&site.url),
                cell(id),
                cell(&acceptance.label_ru())
            );
        }
    }
}

/// Makes untrusted text inert inside a Markdown table cell.
pub(super) fn cell(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    for c in collapsed.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
