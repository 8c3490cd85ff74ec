//! The Russian words of a diff, shared by the Markdown and HTML renderings so both say the same.

use super::compare::{direction, Change, Direction, SiteRef, SweepDiff, REACHABLE_ID};
use crate::model::Status;

/// The word a change line starts with: what happened, in one or two words.
pub(crate) fn change_word(change: &Change) -> &'static str {
    if change.id.0 == REACHABLE_ID {
        return if change.to == Status::Pass {
            "Сайт снова доступен"
        } else {
            "Сайт стал недоступен"
        };
    }
    match (direction(change.from, change.to), change.from, change.to) {
        (Some(Direction::Regression), Status::Pass, Status::Partial) => "Ухудшилось",
        (Some(Direction::Regression), _, _) => "Исчезло",
        (Some(Direction::Fix), Status::Fail, Status::Partial) => "Появилось частично",
        (Some(Direction::Fix), Status::Partial, _) => "Исправлено",
        (Some(Direction::Fix), _, _) => "Появилось",
        (_, _, Status::Unknown) => "Внимание, не удалось проверить",
        _ => "Определено",
    }
}

/// «есть», «нет», … — or «да»/«нет» for the site's reachability.
pub(crate) fn status_word(change: &Change, status: Status) -> &'static str {
    if change.id.0 == REACHABLE_ID {
        return if status == Status::Pass {
            "доступен"
        } else {
            "недоступен"
        };
    }
    status.label_ru()
}

/// The whole line as plain text: «Исчезло: План … (nok-plan) — было: есть (URL), стало: нет».
pub(crate) fn change_sentence(change: &Change) -> String {
    let mut line = change_word(change).to_string();
    // The word already says what changed for the site itself; its title would only repeat it.
    if change.id.0 != REACHABLE_ID {
        line.push_str(&format!(": {} ({})", change.title, change.id));
    }
    line.push_str(&format!(" — было: {}", status_word(change, change.from)));
    if let Some(url) = &change.evidence_url {
        line.push_str(&format!(" ({url})"));
    }
    line.push_str(&format!(", стало: {}", status_word(change, change.to)));
    if let Some(url) = &change.found_url {
        line.push_str(&format!(" ({url})"));
    }
    line
}

/// «ГБУ КЦСОН — https://…» or the URL alone.
pub(crate) fn site_title(site: &SiteRef) -> String {
    match site
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(name) => format!("{name} — {}", site.url),
        None => site.url.clone(),
    }
}

/// The diff in one sentence.
pub(crate) fn headline(diff: &SweepDiff) -> String {
    let t = &diff.totals;
    if t.regressions == 0
        && t.fixes == 0
        && t.other == 0
        && t.by_rules == 0
        && t.accepted_started == 0
        && t.accepted_ended == 0
        && diff.sites_added.is_empty()
        && diff.sites_gone.is_empty()
    {
        return "Изменений нет.".to_string();
    }
    let mut line = format!(
        "Ухудшений: {}, исправлений: {}, других изменений: {}",
        t.regressions, t.fixes, t.other
    );
    if t.by_rules > 0 {
        line.push_str(&format!(", из-за изменения правил: {}", t.by_rules));
    }
    if t.accepted_started + t.accepted_ended > 0 {
        line.push_str(&format!(
            ", принято: {}, принятие закончилось: {}",
            t.accepted_started, t.accepted_ended
        ));
    }
    line.push('.');
    line
}

/// The site counts in one sentence.
pub(crate) fn site_counts(diff: &SweepDiff) -> String {
    format!(
        "Сайтов с изменениями: {}, без изменений: {}, новых: {}, выбыло: {}.",
        diff.totals.sites_changed,
        diff.unchanged_sites,
        diff.sites_added.len(),
        diff.sites_gone.len()
    )
}

/// What the diff says about the rules when the runs applied different ones: both rule sets, and
/// which requirements' status changes come from the rules rather than the sites.
pub(crate) fn rules_lines(diff: &SweepDiff) -> Vec<String> {
    let Some(rules) = &diff.rules else {
        return Vec::new();
    };
    let mut lines = vec![format!(
        "Проверки выполнены по разным правилам: было — {}, стало — {}.",
        rules.old.label_ru(),
        rules.new.label_ru()
    )];
    if !rules.per_rule_known {
        lines.push(
            "Какие требования изменились в правилах, неизвестно (прежняя проверка этого не \
             записала): часть изменений может быть вызвана правилами, а не сайтами."
                .to_string(),
        );
    } else if !rules.requirements_changed.is_empty() {
        let names: Vec<String> = rules
            .requirements_changed
            .iter()
            .map(|r| format!("{} ({})", r.title, r.id))
            .collect();
        lines.push(format!(
            "Изменены правила требований: {}. Изменения их статусов показаны отдельно — \
             «изменилось из-за правил, а не на сайте» — и не считаются ухудшениями.",
            names.join(", ")
        ));
    }
    lines
}
