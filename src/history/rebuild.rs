//! Rebuilding the parts of a [`SweepSummary`] that are derived from its sites: the requirement
//! columns (from the site reports, in rule order) and the totals per requirement. Shared by
//! [`super::History::run_summary`] and `socaudit diff` on a folder without `summary.json`.
//!
//! [`SweepSummary`]: crate::sweep::SweepSummary

use crate::model::Status;
use crate::sweep::{RequirementInfo, RequirementTotal, SweepSite};
use std::collections::HashSet;

/// The requirements of several reports as one ordered list: the first report's order, then any
/// id seen only in a later report (a rules file edited mid-sweep) appended where first seen.
pub(crate) fn merge_requirements(
    lists: impl IntoIterator<Item = RequirementInfo>,
) -> Vec<RequirementInfo> {
    let mut seen = HashSet::new();
    lists
        .into_iter()
        .filter(|r| seen.insert(r.id.clone()))
        .collect()
}

/// Per requirement: how many sites pass, are partial, fail, unknown (`statuses` are aligned with
/// `requirements`).
pub(crate) fn totals(
    requirements: &[RequirementInfo],
    sites: &[SweepSite],
) -> Vec<RequirementTotal> {
    requirements
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let count = |s: Status| {
                sites
                    .iter()
                    .filter(|site| site.statuses.get(i) == Some(&s))
                    .count()
            };
            RequirementTotal {
                id: r.id.clone(),
                title: r.title.clone(),
                severity: r.severity,
                pass: count(Status::Pass),
                partial: count(Status::Partial),
                fail: count(Status::Fail),
                unknown: count(Status::Unknown),
            }
        })
        .collect()
}
