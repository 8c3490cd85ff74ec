//! Turning what was gathered for a rule into a verdict, and verdicts into the summary.

use super::RuleState;
use crate::model::{Severity, Status};
use crate::report::{StopReason, Summary, Verdict};
use crate::rules::Rule;

/// What the crawl knows when the check ends.
#[derive(Debug, Clone)]
pub struct FinishContext {
    /// Why the crawl stopped.
    pub stopped: StopReason,
    /// Pages fetched.
    pub pages_fetched: usize,
    /// The start page is a JavaScript shell.
    pub javascript_only: bool,
    /// The site could not be crawled at all (unreachable, or robots.txt forbids the start page).
    pub not_crawlable: Option<String>,
    /// What the crawl dropped and why («не загружено адресов: 12; …»), when it dropped anything.
    pub dropped: Option<String>,
}

/// Decides one rule.
pub(super) fn decide(rule: &Rule, st: RuleState, ctx: &FinishContext) -> Verdict {
    let documents = st.findings;
    let (status, note, evidence) = if !st.passed.is_empty() {
        (Status::Pass, None, st.passed)
    } else if !st.partial.is_empty() {
        let note = st.partial[0].1.clone();
        (
            Status::Partial,
            Some(note),
            st.partial.into_iter().map(|(e, _)| e).collect(),
        )
    } else if !st.not_it.is_empty() {
        // Something was published under this name, but its content is not what the law asks for.
        let note = format!(
            "найдено, но по содержанию это не то, что требуется: {}",
            st.not_it[0].1
        );
        (
            Status::Partial,
            Some(note),
            st.not_it.into_iter().map(|(e, _)| e).collect(),
        )
    } else if let Some(reason) = &ctx.not_crawlable {
        (
            Status::Unknown,
            Some(format!("не проверено: {reason}")),
            Vec::new(),
        )
    } else if !st.blocked.is_empty() {
        let note = format!("не удалось проверить: {}", st.blocked[0].1);
        (
            Status::Unknown,
            Some(note),
            st.blocked.into_iter().map(|(e, _)| e).collect(),
        )
    } else if !st.pending.is_empty() {
        let note = format!(
            "найдена ссылка, но проверка остановлена раньше, чем её открыли ({})",
            ctx.stopped.label_ru()
        );
        (
            Status::Unknown,
            Some(note),
            st.pending.into_iter().map(|p| p.evidence).take(3).collect(),
        )
    } else if ctx.javascript_only {
        let note =
            "сайт формирует страницы программой на JavaScript; без браузера их содержание не видно"
                .to_string();
        (Status::Unknown, Some(note), Vec::new())
    } else if ctx.stopped == StopReason::TimeLimit {
        // The site's time ran out with pages still to read: absence was not shown.
        let note = format!(
            "не проверено: {} (просмотрено страниц: {})",
            ctx.stopped.label_ru(),
            ctx.pages_fetched
        );
        (Status::Unknown, Some(note), Vec::new())
    } else {
        let scope = match ctx.stopped {
            StopReason::PageBudget => format!(
                "не найдено на {} просмотренных страницах ({})",
                ctx.pages_fetched,
                ctx.stopped.label_ru()
            ),
            _ => match &ctx.dropped {
                // Pages were dropped (trap guard, depth): «none of the site's pages» would overclaim.
                Some(dropped) => format!(
                    "не найдено на {} просмотренных страницах ({dropped})",
                    ctx.pages_fetched
                ),
                None => format!(
                    "не найдено ни на одной из {} страниц сайта",
                    ctx.pages_fetched
                ),
            },
        };
        (Status::Fail, Some(scope), Vec::new())
    };
    Verdict {
        id: rule.id.clone(),
        title: rule.title.clone(),
        severity: rule.severity,
        status,
        basis: rule.basis.clone(),
        what: rule.what.clone(),
        hint: rule.hint.clone(),
        fix: (status != Status::Pass).then(|| rule.fix.clone()).flatten(),
        note,
        evidence,
        documents,
        accepted: None,
        first_failed: None,
    }
}

/// Requirement ids that count as remote feedback channels in 344н indicator 1.2.
const FEEDBACK_CHANNELS: &[&str] = &[
    "phone",
    "email",
    "feedback-form",
    "faq",
    "survey",
    "official-social-page",
];

/// Counts and 344н scores for a list of verdicts. An accepted item keeps its status (and the
/// openness score, which measures what is published) but counts neither as failed nor against
/// the verdict.
pub fn summarize(verdicts: &[Verdict]) -> Summary {
    let mandatory: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| v.severity == Severity::Mandatory)
        .collect();
    let count = |s: Status| {
        mandatory
            .iter()
            .filter(|v| v.status == s && v.accepted.is_none())
            .count()
    };
    let mandatory_passed = count(Status::Pass);
    let mandatory_accepted = mandatory
        .iter()
        .filter(|v| v.accepted.is_some() && v.status != Status::Pass)
        .count();
    let recommended: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| v.severity == Severity::Recommended)
        .collect();
    let score_percent = if mandatory.is_empty() {
        0.0
    } else {
        (mandatory_passed as f64 * 1000.0 / mandatory.len() as f64).round() / 10.0
    };
    let channels = verdicts
        .iter()
        .filter(|v| v.status == Status::Pass && FEEDBACK_CHANNELS.contains(&v.id.0.as_str()))
        .count() as u32;
    let verdict = if mandatory_passed + mandatory_accepted == mandatory.len() {
        "compliant"
    } else if count(Status::Fail) + count(Status::Partial) > 0 {
        "non_compliant"
    } else {
        "unknown"
    };
    Summary {
        mandatory_total: mandatory.len(),
        mandatory_passed,
        mandatory_partial: count(Status::Partial),
        mandatory_failed: count(Status::Fail),
        mandatory_unknown: count(Status::Unknown),
        mandatory_accepted,
        recommended_total: recommended.len(),
        recommended_passed: recommended
            .iter()
            .filter(|v| v.status == Status::Pass)
            .count(),
        score_percent,
        feedback_score: (channels * 30).min(100),
        verdict: verdict.to_string(),
    }
}
