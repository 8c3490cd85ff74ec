//! What a diff says beyond statuses: whether the two runs applied different rules (and which
//! requirements' rules changed, so that their status changes are not blamed on the sites), and
//! which acceptances started or ended between them.

use super::compare::{RequirementRef, SiteChange};
use crate::model::{RequirementId, Status};
use crate::report::{Acceptance, RulesetInfo};
use crate::sweep::{SweepSite, SweepSummary};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The two runs applied different rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesChange {
    /// The old run's rules (without the per-rule digests).
    pub old: RulesetInfo,
    /// The new run's rules.
    pub new: RulesetInfo,
    /// Requirements in both runs whose rule changed (patterns, confirm, document check,
    /// severity): their status changes are listed apart, as changed in the rules.
    pub requirements_changed: Vec<RequirementRef>,
    /// False when a run recorded no per-rule digests, so changed rules cannot be told apart.
    pub per_rule_known: bool,
}

/// An acceptance that started or ended between the runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptanceChange {
    /// Requirement id.
    pub id: RequirementId,
    /// Russian title.
    pub title: String,
    /// The acceptance (the new one when it started, the old one when it ended).
    pub acceptance: Acceptance,
    /// For an ended one: true when its date passed, false when it was withdrawn.
    pub expired: bool,
}

/// Ids of the requirements whose rule differs between the runs (empty when the rules are the
/// same, or when either run has no digests).
pub(super) fn changed_rules(old: &SweepSummary, new: &SweepSummary) -> HashSet<RequirementId> {
    let (a, b) = (&old.ruleset.rule_digests, &new.ruleset.rule_digests);
    if old.ruleset.same_rules(&new.ruleset) || a.is_empty() || b.is_empty() {
        return HashSet::new();
    }
    a.iter()
        .filter(|(id, digest)| b.get(*id).is_some_and(|other| other != *digest))
        .map(|(id, _)| id.as_str().into())
        .collect()
}

/// `Some` when the runs applied different rules.
pub(super) fn rules_change(
    old: &SweepSummary,
    new: &SweepSummary,
    changed: &HashSet<RequirementId>,
) -> Option<RulesChange> {
    if old.ruleset.same_rules(&new.ruleset) {
        return None;
    }
    let bare = |r: &RulesetInfo| RulesetInfo {
        rule_digests: Default::default(),
        ..r.clone()
    };
    Some(RulesChange {
        old: bare(&old.ruleset),
        new: bare(&new.ruleset),
        requirements_changed: new
            .requirements
            .iter()
            .filter(|r| changed.contains(&r.id))
            .map(|r| RequirementRef {
                id: r.id.clone(),
                title: r.title.clone(),
            })
            .collect(),
        per_rule_known: !old.ruleset.rule_digests.is_empty()
            && !new.ruleset.rule_digests.is_empty(),
    })
}

/// Adds the acceptances of a site that started or ended to `change`.
pub(super) fn acceptance_changes(
    new: &SweepSummary,
    old_site: &SweepSite,
    new_site: &SweepSite,
    change: &mut SiteChange,
) {
    let title = |id: &str| {
        new.requirements
            .iter()
            .find(|r| r.id.0 == id)
            .map_or_else(|| id.to_string(), |r| r.title.clone())
    };
    for (id, acceptance) in &new_site.accepted {
        if old_site.accepted.get(id) != Some(acceptance) {
            change.accepted_started.push(AcceptanceChange {
                id: id.as_str().into(),
                title: title(id),
                acceptance: acceptance.clone(),
                expired: false,
            });
        }
    }
    let new_day = new.generated_at.get(..10).unwrap_or_default();
    for (id, acceptance) in &old_site.accepted {
        if new_site.accepted.contains_key(id) || passes(new, new_site, id) {
            continue;
        }
        change.accepted_ended.push(AcceptanceChange {
            id: id.as_str().into(),
            title: title(id),
            acceptance: acceptance.clone(),
            expired: acceptance.until.as_str() < new_day,
        });
    }
}

/// True when `id` passes at `site` (an acceptance that ended because the item was fixed is
/// told as the fix).
fn passes(summary: &SweepSummary, site: &SweepSite, id: &str) -> bool {
    summary
        .requirements
        .iter()
        .position(|r| r.id.0 == id)
        .and_then(|i| site.statuses.get(i))
        == Some(&Status::Pass)
}

/// «принято до 31.03.2027 (кто): причина» / «принятие закончилось: срок 31.03.2027 истёк».
pub(crate) fn acceptance_sentence(change: &AcceptanceChange, started: bool) -> String {
    let a = &change.acceptance;
    let until = crate::report::html::wording::format_timestamp(&a.until);
    match (started, change.expired) {
        (true, _) => format!("{}: {}", change.title, a.label_ru()),
        (false, true) => format!(
            "{}: срок принятия ({until}, {}) истёк — снова учитывается",
            change.title, a.by
        ),
        (false, false) => format!(
            "{}: принятие снято ({}, было до {until}) — снова учитывается",
            change.title, a.by
        ),
    }
}
