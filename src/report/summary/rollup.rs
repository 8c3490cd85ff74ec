//! Roll-ups of a sweep for a ministry: the sites grouped by region and by type of institution
//! (the «Регион» and «Тип» columns of the input list), each group ranked by the share of
//! mandatory items its sites have met, and per requirement the share of sites meeting it in
//! each region. Written into `summary.json` (`rollups`), `index.html` and `summary.xlsx`.
//!
//! Only sites that could be reached count: nothing was checked on an unreachable site, and a 0
//! there would read as «checked, nothing published». They are counted apart (`unreachable`).

use crate::model::{Severity, Status};
use crate::sweep::{SweepSite, SweepSummary};
use serde::Serialize;
use std::collections::HashMap;

/// Name of the group of sites whose list row left the column empty.
pub(super) const UNSPECIFIED: &str = "не указан";

/// All roll-ups of one sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Rollups {
    /// Groups by the list's region column, best share first.
    pub by_region: Vec<GroupTotal>,
    /// Groups by the list's type-of-institution column, best share first.
    pub by_kind: Vec<GroupTotal>,
    /// Per requirement (rule order): the share of checked sites meeting it in each region,
    /// in the order of `by_region`.
    pub region_requirements: Vec<RequirementShares>,
}

/// One region or one type of institution.
#[derive(Debug, Clone, Serialize)]
pub struct GroupTotal {
    /// 1 for the best share of mandatory items met; equal shares share a rank; groups with no
    /// reachable site come last without a rank.
    pub rank: Option<usize>,
    /// The region or type as the list first spelled it (or «не указан»).
    pub name: String,
    /// Sites of the group in the sweep.
    pub sites: usize,
    /// Sites that could not be reached (left out of every share).
    pub unreachable: usize,
    /// Reachable sites that meet every mandatory requirement.
    pub compliant: usize,
    /// Mandatory items met, summed over the reachable sites.
    pub mandatory_met: usize,
    /// Mandatory items checked, summed over the reachable sites.
    pub mandatory_total: usize,
    /// `mandatory_met / mandatory_total` (0–1); null when no site of the group was reachable.
    pub share_met: Option<f64>,
}

/// The share of checked sites meeting one requirement, per region.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementShares {
    /// Canonical id.
    pub id: String,
    /// Russian title.
    pub title: String,
    /// Mandatory or recommended.
    pub severity: Severity,
    /// Share (0–1) of the region's reachable sites where it passes, in `by_region` order;
    /// null for a region with no reachable site.
    pub shares: Vec<Option<f64>>,
}

/// Computes every roll-up of `summary`.
pub fn rollups(summary: &SweepSummary) -> Rollups {
    let regions = group_sites(summary, |s| s.region.as_deref());
    let kinds = group_sites(summary, |s| s.kind.as_deref());
    let by_region = ranked(regions.iter().map(|(name, sites)| total(name, sites)));
    // The matrix follows the ranking, so the two read side by side.
    let order: Vec<&Vec<&SweepSite>> = by_region
        .iter()
        .filter_map(|g| regions.iter().find(|(n, _)| *n == g.name).map(|(_, s)| s))
        .collect();
    let region_requirements = summary
        .requirements
        .iter()
        .enumerate()
        .map(|(i, req)| RequirementShares {
            id: req.id.0.clone(),
            title: req.title.clone(),
            severity: req.severity,
            shares: order.iter().map(|sites| pass_share(sites, i)).collect(),
        })
        .collect();
    Rollups {
        by_region,
        by_kind: ranked(kinds.iter().map(|(name, sites)| total(name, sites))),
        region_requirements,
    }
}

/// True when the list had a region or a type for at least one site (else the roll-ups say
/// nothing and the pages leave them out).
pub(super) fn has_groups(rollups: &Rollups) -> bool {
    let named = |groups: &[GroupTotal]| groups.iter().any(|g| g.name != UNSPECIFIED);
    named(&rollups.by_region) || named(&rollups.by_kind)
}

/// Sites grouped by `key`, spelled as first seen; case and spacing do not split a group
/// («Самарская  область» and «самарская область» are one region).
fn group_sites(
    summary: &SweepSummary,
    key: impl Fn(&SweepSite) -> Option<&str>,
) -> Vec<(String, Vec<&SweepSite>)> {
    let mut groups: Vec<(String, Vec<&SweepSite>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for site in &summary.sites {
        let shown = key(site)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| UNSPECIFIED.to_string());
        let folded = shown.to_lowercase().replace('ё', "е");
        let slot = *index.entry(folded).or_insert_with(|| {
            groups.push((shown, Vec::new()));
            groups.len() - 1
        });
        groups[slot].1.push(site);
    }
    groups
}

fn total(name: &str, sites: &[&SweepSite]) -> GroupTotal {
    let reached: Vec<&&SweepSite> = sites.iter().filter(|s| s.reachable).collect();
    let mandatory_met = reached.iter().map(|s| s.mandatory_passed).sum();
    let mandatory_total: usize = reached.iter().map(|s| s.mandatory_total).sum();
    GroupTotal {
        rank: None,
        name: name.to_string(),
        sites: sites.len(),
        unreachable: sites.len() - reached.len(),
        compliant: reached.iter().filter(|s| s.verdict == "compliant").count(),
        mandatory_met,
        mandatory_total,
        share_met: (mandatory_total > 0).then(|| mandatory_met as f64 / mandatory_total as f64),
    }
}

/// Best share first (ties by name), with competition ranks: 1, 2, 2, 4.
fn ranked(groups: impl Iterator<Item = GroupTotal>) -> Vec<GroupTotal> {
    let mut groups: Vec<GroupTotal> = groups.collect();
    groups.sort_by(|a, b| {
        let share = |g: &GroupTotal| g.share_met.unwrap_or(-1.0);
        share(b)
            .total_cmp(&share(a))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut previous: Option<(f64, usize)> = None;
    for (i, group) in groups.iter_mut().enumerate() {
        let Some(share) = group.share_met else {
            continue;
        };
        let rank = match previous {
            Some((last, rank)) if last == share => rank,
            _ => i + 1,
        };
        group.rank = Some(rank);
        previous = Some((share, rank));
    }
    groups
}

/// Share of the reachable `sites` where requirement `index` passes.
fn pass_share(sites: &[&SweepSite], index: usize) -> Option<f64> {
    let reached: Vec<&&SweepSite> = sites.iter().filter(|s| s.reachable).collect();
    let passed = reached
        .iter()
        .filter(|s| s.statuses.get(index) == Some(&Status::Pass))
        .count();
    (!reached.is_empty()).then(|| passed as f64 / reached.len() as f64)
}
