//! What the crawl did not fetch and why, in the report's words: the trap guard's reasons and the
//! sentence that says how a crawl ended without claiming it saw everything when it did not.

use super::{SkipCounts, StopReason};
use serde::{Deserialize, Serialize};

/// Why the trap guard refused a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrapReason {
    /// Very long, very deep, or repeating path segments (`/a/b/a/b/a/b`), or a growing query.
    Shape,
    /// A session id in the URL: every visit makes new URLs.
    Session,
    /// A calendar: month 13, a year far in the past or future, or more pages than a calendar needs.
    Calendar,
    /// Endless combinations of filter and sort parameters on one path.
    Filters,
    /// More URLs of one pattern than the hard cap allows.
    PatternCap,
}

/// URLs refused by the trap guard, by sign; their sum is `skipped.trap`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrapCounts {
    /// Long, deep or repeating paths, growing queries.
    pub shape: usize,
    /// Session ids in the URL.
    pub session: usize,
    /// Calendars.
    pub calendar: usize,
    /// Filter and sort combinations.
    pub filters: usize,
    /// Over the hard cap per URL pattern.
    pub pattern_cap: usize,
}

impl SkipCounts {
    /// Counts one URL refused by the trap guard.
    pub fn add_trap(&mut self, reason: TrapReason) {
        self.trap += 1;
        let slot = match reason {
            TrapReason::Shape => &mut self.trap_reasons.shape,
            TrapReason::Session => &mut self.trap_reasons.session,
            TrapReason::Calendar => &mut self.trap_reasons.calendar,
            TrapReason::Filters => &mut self.trap_reasons.filters,
            TrapReason::PatternCap => &mut self.trap_reasons.pattern_cap,
        };
        *slot += 1;
    }

    /// URLs in scope that the crawl dropped (depth, budgets, trap guard; robots.txt is the
    /// site's own choice and not counted).
    pub fn dropped(&self) -> usize {
        self.depth + self.budget + self.trap
    }

    /// «не загружено 35 адресов: …» with the reasons, or `None` when nothing was dropped.
    pub fn dropped_ru(&self) -> Option<String> {
        if self.dropped() == 0 {
            return None;
        }
        let t = &self.trap_reasons;
        let trap_parts: Vec<String> = [
            (t.calendar, "календарь"),
            (t.filters, "бесконечные сочетания фильтров"),
            (t.session, "идентификатор сессии в адресе"),
            (t.shape, "повторяющиеся или слишком длинные адреса"),
            (t.pattern_cap, "слишком много адресов одного вида"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{what} — {n}"))
        .collect();
        let mut parts = Vec::new();
        if self.trap > 0 {
            let why = if trap_parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", trap_parts.join(", "))
            };
            parts.push(format!(
                "похоже на ловушку для роботов — {}{why}",
                self.trap
            ));
        }
        if self.depth > 0 {
            parts.push(format!("слишком глубоко — {}", self.depth));
        }
        if self.budget > 0 {
            parts.push(format!(
                "сверх лимита страниц, документов или времени — {}",
                self.budget
            ));
        }
        Some(format!(
            "не загружено адресов: {}; {}",
            self.dropped(),
            parts.join("; ")
        ))
    }
}

/// How the crawl ended, in one Russian sentence: never «просмотрены все доступные страницы»
/// when the crawl dropped something.
pub fn stop_text_ru(stop: StopReason, skipped: &SkipCounts) -> String {
    let dropped = match stop {
        // An early stop leaves the rest of the queue unfetched on purpose.
        StopReason::AllDecided | StopReason::Unreachable => None,
        _ => skipped.dropped_ru(),
    };
    match (stop, dropped) {
        (StopReason::FrontierExhausted, Some(d)) => {
            format!("просмотрены все страницы, которые не отброшены ограничениями обхода ({d})")
        }
        (_, Some(d)) => format!("{} ({d})", stop.label_ru()),
        (_, None) => stop.label_ru().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_dropped_keeps_the_plain_wording() {
        let s = SkipCounts::default();
        assert_eq!(
            stop_text_ru(StopReason::FrontierExhausted, &s),
            "просмотрены все доступные страницы сайта"
        );
    }

    #[test]
    fn dropped_pages_are_counted_with_reasons() {
        let mut s = SkipCounts::default();
        for _ in 0..3 {
            s.add_trap(TrapReason::Calendar);
        }
        s.add_trap(TrapReason::Filters);
        s.depth = 2;
        let text = stop_text_ru(StopReason::FrontierExhausted, &s);
        assert!(!text.contains("все доступные"), "{text}");
        assert!(text.contains("не загружено адресов: 6"), "{text}");
        assert!(text.contains("похоже на ловушку для роботов — 4 (календарь — 3, бесконечные сочетания фильтров — 1)"), "{text}");
        assert!(text.contains("слишком глубоко — 2"), "{text}");
        assert_eq!(s.trap_reasons.calendar, 3);
        let budget = stop_text_ru(StopReason::PageBudget, &s);
        assert!(
            budget.starts_with("достигнут лимит числа страниц (не загружено"),
            "{budget}"
        );
        assert_eq!(
            stop_text_ru(StopReason::AllDecided, &s),
            "все требования проверены"
        );
    }
}
