//! The terminal summary: one aligned line per requirement, then counts, scores and the verdict.
//!
//! Columns are padded by characters, not bytes, so Cyrillic titles line up. Site strings are
//! stripped of control characters first: an evidence URL carrying `ESC[` must not repaint the
//! user's terminal.

use super::html::{format_feedback, format_percent, verdict_summary};
use super::{SiteReport, Verdict};
use crate::model::{clip_text, Status};

/// Longest title shown before it is cut with `…`, to keep one requirement per line.
const TITLE_MAX: usize = 48;
/// Longest evidence URL or note shown.
const DETAIL_MAX: usize = 100;
/// Longest fix sentence shown (the rules loader allows 400 characters).
const FIX_MAX: usize = 400;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";

/// Renders the summary table; ANSI colours only when `color` is true.
pub fn render(report: &SiteReport, color: bool) -> String {
    let rows: Vec<[String; 4]> = report.requirements.iter().map(row).collect();
    let header = [
        "Статус".to_string(),
        "Код".to_string(),
        "Требование".to_string(),
        "Где найдено / почему".to_string(),
    ];
    let widths = column_widths(std::iter::once(&header).chain(&rows));
    let mut out = format!("Сайт: {}\n", plain(&report.site.url, DETAIL_MAX));
    if let Some(problem) = &report.crawl.tls_problem {
        out.push_str(&format!("Сертификат HTTPS: {}\n", plain(problem, 200)));
    }
    out.push_str(&table_line(&header, &widths, color.then_some(BOLD)));
    for (verdict, cells) in report.requirements.iter().zip(&rows) {
        let paint = color.then(|| status_color(verdict.status));
        out.push_str(&table_line(cells, &widths, paint));
    }
    out.push('\n');
    out.push_str(&fixes(report));
    out.push_str(&totals(report, color));
    out
}

/// «Что сделать:» and the rule's `fix` sentence for every requirement that is not met.
fn fixes(report: &SiteReport) -> String {
    let lines: Vec<String> = report
        .requirements
        .iter()
        .filter(|v| v.status != Status::Pass)
        .filter_map(|v| {
            let fix = v.fix.as_deref()?;
            Some(format!(
                "  {} {}: {}\n",
                status_symbol(v.status),
                plain(&v.id.0, TITLE_MAX),
                plain(fix, FIX_MAX)
            ))
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!("Что сделать:\n{}\n", lines.concat())
}

/// Status, id, title, first evidence URL or the note.
fn row(verdict: &Verdict) -> [String; 4] {
    let detail = match verdict.evidence.first() {
        Some(evidence) if verdict.status != Status::Fail => evidence.url.as_str(),
        _ => verdict.note.as_deref().unwrap_or(""),
    };
    let detail = match (&verdict.accepted, verdict.since_ru()) {
        (Some(acceptance), _) => acceptance.label_ru(),
        (None, Some(since)) if detail.is_empty() => since,
        (None, Some(since)) => format!("{since}; {detail}"),
        (None, None) => detail.to_string(),
    };
    let accepted = if verdict.accepted.is_some() {
        ", принято"
    } else {
        ""
    };
    [
        format!(
            "{} {}{accepted}",
            status_symbol(verdict.status),
            verdict.status.label_ru()
        ),
        plain(&verdict.id.0, TITLE_MAX),
        plain(&verdict.title, TITLE_MAX),
        plain(&detail, DETAIL_MAX),
    ]
}

/// Widths of the first three columns in characters; the last column is never padded.
fn column_widths<'a>(rows: impl Iterator<Item = &'a [String; 4]>) -> [usize; 3] {
    let mut widths = [0; 3];
    for cells in rows {
        for (w, cell) in widths.iter_mut().zip(cells) {
            *w = (*w).max(cell.chars().count());
        }
    }
    widths
}

/// One line; `paint` colours the status cell only, after padding so colour codes never count.
fn table_line(cells: &[String; 4], widths: &[usize; 3], paint: Option<&str>) -> String {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        let padded = pad(cell, *width);
        match paint {
            Some(code) if i == 0 => line.push_str(&format!("{code}{padded}{RESET}")),
            _ => line.push_str(&padded),
        }
        line.push_str("  ");
    }
    line.push_str(&cells[3]);
    let trimmed = line.trim_end().len();
    line.truncate(trimmed);
    line.push('\n');
    line
}

/// Counts, scores and the verdict sentence.
fn totals(report: &SiteReport, color: bool) -> String {
    let s = &report.summary;
    let c = &report.crawl;
    let mut out = format!(
        "Обязательные: выполнено {} из {}, частично {}, нет {}, не определено {}",
        s.mandatory_passed,
        s.mandatory_total,
        s.mandatory_partial,
        s.mandatory_failed,
        s.mandatory_unknown
    );
    if s.mandatory_accepted > 0 {
        out.push_str(&format!(", принято {}", s.mandatory_accepted));
    }
    out.push('\n');
    out.push_str(&format!("Правила: {}\n", report.ruleset.label_ru()));
    out.push_str(&format!(
        "Рекомендуемые: выполнено {} из {}\n",
        s.recommended_passed, s.recommended_total
    ));
    if report.site.reachable {
        out.push_str(&format!(
            "Открытость информации (344н, 1.1): {}\n",
            format_percent(s.score_percent)
        ));
        out.push_str(&format!(
            "Дистанционные способы взаимодействия (344н, 1.2): {}\n",
            format_feedback(s.feedback_score)
        ));
    }
    out.push_str(&format!(
        "Страниц: {}, запросов: {}, остановлено: {}\n",
        c.pages_fetched,
        c.requests,
        crate::report::stop_text_ru(c.stopped_because, &c.skipped)
    ));
    let (status, headline) = verdict_summary(report);
    match color {
        true => out.push_str(&format!(
            "{BOLD}{}{headline}{RESET}\n",
            status_color(status)
        )),
        false => out.push_str(&format!("{headline}\n")),
    }
    out
}

/// Site text made safe for a terminal: no control characters, one line, at most `max` chars.
fn plain(s: &str, max: usize) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    clip_text(&cleaned, max)
}

fn pad(s: &str, width: usize) -> String {
    let fill = width.saturating_sub(s.chars().count());
    format!("{s}{}", " ".repeat(fill))
}

fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Partial => "~",
        Status::Fail => "✗",
        Status::Unknown => "?",
    }
}

fn status_color(status: Status) -> &'static str {
    match status {
        Status::Pass => "\x1b[32m",
        Status::Partial => "\x1b[33m",
        Status::Fail => "\x1b[31m",
        Status::Unknown => "\x1b[90m",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::html::sample::site_report;

    /// Character offset of `needle` in `line`.
    fn char_pos(line: &str, needle: &str) -> usize {
        let byte = line
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {line:?}"));
        line[..byte].chars().count()
    }

    #[test]
    fn columns_align_by_characters() {
        let report = site_report();
        let text = render(&report, false);
        let lines: Vec<&str> = text
            .lines()
            .skip(2)
            .take(report.requirements.len())
            .collect();
        assert_eq!(lines.len(), report.requirements.len());
        let mut title_cols = Vec::new();
        for (line, v) in lines.iter().zip(&report.requirements) {
            assert!(line.contains(v.status.label_ru()), "{line}");
            title_cols.push((char_pos(line, &v.id.0), char_pos(line, &v.title)));
        }
        assert!(
            title_cols.windows(2).all(|w| w[0] == w[1]),
            "{title_cols:?}\n{text}"
        );
        // The fourth column starts at the same character on lines with Cyrillic titles.
        let detail = |i: usize, needle: &str| char_pos(lines[i], needle);
        assert_eq!(detail(2, "https://kcson"), detail(3, "Не найдено"));
        assert_eq!(detail(2, "https://kcson"), detail(7, "Страница закрыта"));
    }

    #[test]
    fn plain_output_has_no_ansi_and_no_control_chars() {
        let mut report = site_report();
        report.requirements[0].evidence[0].url = "https://x.ru/\x1b[2Jboom".to_string();
        let text = render(&report, false);
        assert!(!text.contains('\x1b'));
        assert!(text.contains("Обязательные: выполнено 3 из 7, частично 1, нет 2, не определено 1"));
        assert!(text.contains("42,9 %"));
        assert!(text.contains("90 баллов из 100"));
        assert!(text.contains("не хватает 3 обязательных сведений"));
        assert!(
            text.contains("javascript:alert(1)"),
            "first evidence URL shown as text"
        );
    }

    #[test]
    fn fixes_are_listed_for_every_item_not_met() {
        let mut report = site_report();
        report.requirements[3].fix = Some("Разместите\x1b[2J тарифы.".to_string());
        let text = render(&report, false);
        let block = text
            .split("Что сделать:\n")
            .nth(1)
            .expect("a «Что сделать» block");
        let listed = block.lines().take_while(|l| !l.is_empty()).count();
        let not_met = report
            .requirements
            .iter()
            .filter(|v| v.status != Status::Pass && v.fix.is_some())
            .count();
        assert!(not_met > 0);
        assert_eq!(listed, not_met, "{text}");
        assert!(!text.contains('\x1b'));
        let passed = report
            .requirements
            .iter()
            .find(|v| v.status == Status::Pass);
        let passed = passed.expect("a passing item").id.0.clone();
        assert!(!block.contains(&format!(" {passed}: ")));
    }

    #[test]
    fn colour_output_uses_ansi_but_keeps_alignment() {
        let report = site_report();
        let coloured = render(&report, true);
        assert!(coloured.contains("\x1b[32m"));
        let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
            .expect("valid regex")
            .replace_all(&coloured, "");
        assert_eq!(stripped, render(&report, false));
    }
}
