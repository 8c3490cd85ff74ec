//! The diff as Markdown, for the terminal, an issue or a CI job summary. Site names, URLs and
//! notes are untrusted: [`text`] escapes Markdown punctuation and HTML so that they cannot
//! inject links, HTML or headings.

use super::compare::{Change, RequirementRef, SiteRef, SweepDiff};
use super::wording::{change_sentence, headline, rules_lines, site_counts, site_title};
use super::workflow::{acceptance_sentence, AcceptanceChange};
use std::fmt::Write as _;

/// Renders the whole diff.
pub fn render(diff: &SweepDiff) -> String {
    let mut out = String::new();
    out.push_str("# Сравнение проверок сайтов\n\n");
    let _ = writeln!(
        out,
        "Было: {}. Стало: {}.\n",
        text(&diff.old_label),
        text(&diff.new_label)
    );
    let _ = writeln!(out, "**{}** {}\n", headline(diff), site_counts(diff));
    for line in rules_lines(diff) {
        let _ = writeln!(out, "{}\n", text(&line));
    }
    if !diff.changed.is_empty() {
        out.push_str("## Изменения по сайтам\n\n");
        for site in &diff.changed {
            let _ = writeln!(out, "### {}\n", text(&site_title(&site.site)));
            changes(&mut out, "Ухудшения", &site.regressions);
            changes(&mut out, "Исправления", &site.fixes);
            changes(&mut out, "Другие изменения", &site.other);
            changes(
                &mut out,
                "Изменилось из-за правил, а не на сайте",
                &site.by_rules,
            );
            acceptances(&mut out, "Принято", &site.accepted_started, true);
            acceptances(
                &mut out,
                "Принятие закончилось",
                &site.accepted_ended,
                false,
            );
        }
    }
    sites(
        &mut out,
        "Новые сайты (не было в прежней проверке)",
        &diff.sites_added,
    );
    sites(
        &mut out,
        "Выбывшие сайты (нет в новой проверке)",
        &diff.sites_gone,
    );
    requirements(
        &mut out,
        "Требования, добавленные в правила",
        &diff.requirements_added,
    );
    requirements(
        &mut out,
        "Требования, убранные из правил",
        &diff.requirements_removed,
    );
    out
}

fn changes(out: &mut String, heading: &str, list: &[Change]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}:\n");
    for change in list {
        let _ = write!(out, "- {}", text(&change_sentence(change)));
        if let Some(note) = &change.note {
            let _ = write!(out, ". Сейчас: {}", text(note));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn acceptances(out: &mut String, heading: &str, list: &[AcceptanceChange], started: bool) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}:\n");
    for change in list {
        let _ = writeln!(out, "- {}", text(&acceptance_sentence(change, started)));
    }
    out.push('\n');
}

fn sites(out: &mut String, heading: &str, list: &[SiteRef]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    for site in list {
        let _ = writeln!(out, "- {}", text(&site_title(site)));
    }
    out.push('\n');
}

fn requirements(out: &mut String, heading: &str, list: &[RequirementRef]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    for r in list {
        let _ = writeln!(out, "- {} ({})", text(&r.title), text(&r.id.0));
    }
    out.push('\n');
}

/// Makes untrusted text inert in Markdown: one line, emphasis and link punctuation escaped,
/// `<`/`>`/`&` as entities.
pub(crate) fn text(raw: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    for c in collapsed.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // Parentheses, `#` and `!` are harmless once `[`/`]` are escaped and nothing untrusted
            // starts a line; leaving them keeps the terminal output readable.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
