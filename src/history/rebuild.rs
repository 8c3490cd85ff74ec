//! Rebuilding the parts of a [`SweepSummary`] that are derived from its sites: the requirement
//! columns (from the site reports, in rule order) and the totals per requirement. Shared by
//! [`super::History::run_summary`] and `socaudit diff` on a folder without `summary.json`.
//!
//! [`SweepSummary`]: crate::sweep::SweepSummary

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
    crate::sweep::build::totals(requirements, sites)
}
