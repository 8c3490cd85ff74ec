//! Comparing two sweeps: sites matched by normalised URL, requirements by id, each status change
//! sorted into a regression, a fix or something else worth a look.

use super::workflow::{
    acceptance_changes, changed_rules, rules_change, AcceptanceChange, RulesChange,
};
use crate::model::{RequirementId, Status};
use crate::report::SiteReport;
use crate::sweep::{RequirementInfo, SweepSite, SweepSummary};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet, VecDeque};

/// Schema tag of the JSON output of `socaudit diff`.
pub const DIFF_SCHEMA: &str = "socaudit/diff/v1";

/// Id of the site-level change «the site could (not) be reached», listed among the requirement
/// changes so that every format shows it in the same place.
pub const REACHABLE_ID: &str = "site-reachable";

/// Loads the full report of a site of one of the two runs (for notes and evidence); `None` when
/// it is not available, in which case the diff simply has no notes or evidence URLs.
pub type ReportLoader<'a> = &'a dyn Fn(&SweepSite) -> Option<SiteReport>;

/// Everything that changed between two runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepDiff {
    /// Always [`DIFF_SCHEMA`].
    pub schema: String,
    /// What the old run is (a folder, a run id, a date), in Russian.
    pub old_label: String,
    /// What the new run is.
    pub new_label: String,
    /// Counts.
    pub totals: DiffTotals,
    /// Sites only in the new run, in its order.
    pub sites_added: Vec<SiteRef>,
    /// Sites only in the old run, in its order.
    pub sites_gone: Vec<SiteRef>,
    /// Sites in both runs with at least one change, in the new run's order.
    pub changed: Vec<SiteChange>,
    /// Sites in both runs with no change at all.
    pub unchanged_sites: usize,
    /// Requirements only the new run checked (rules added): not regressions.
    pub requirements_added: Vec<RequirementRef>,
    /// Requirements only the old run checked (rules removed): not regressions.
    pub requirements_removed: Vec<RequirementRef>,
    /// Present when the two runs applied different rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<RulesChange>,
}

/// Counts over the whole diff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffTotals {
    /// Changes for the worse (pass → partial/fail, partial → fail, reachable → unreachable).
    pub regressions: usize,
    /// Changes for the better (the reverse).
    pub fixes: usize,
    /// Other changes (to or from «не определено»).
    pub other: usize,
    /// Sites with at least one change.
    pub sites_changed: usize,
    /// Status changes of requirements whose rule changed (not counted as regressions or fixes).
    #[serde(default)]
    pub by_rules: usize,
    /// Acceptances that started.
    #[serde(default)]
    pub accepted_started: usize,
    /// Acceptances that ended (expired or withdrawn).
    #[serde(default)]
    pub accepted_ended: usize,
}

/// A site as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRef {
    /// Start URL as the run recorded it.
    pub url: String,
    /// Institution name from the input list.
    pub name: Option<String>,
    /// Region from the input list.
    pub region: Option<String>,
    /// Folder of the site's reports in the run's output folder.
    pub dir: String,
}

/// The changes of one site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteChange {
    /// The site (as the new run has it).
    pub site: SiteRef,
    /// Changes for the worse.
    pub regressions: Vec<Change>,
    /// Changes for the better.
    pub fixes: Vec<Change>,
    /// Changes to or from «не определено».
    pub other: Vec<Change>,
    /// Status changes of requirements whose rule changed between the runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_rules: Vec<Change>,
    /// Acceptances that started.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_started: Vec<AcceptanceChange>,
    /// Acceptances that ended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_ended: Vec<AcceptanceChange>,
}

impl SiteChange {
    /// True when nothing changed at the site.
    pub fn is_empty(&self) -> bool {
        self.regressions.is_empty()
            && self.fixes.is_empty()
            && self.other.is_empty()
            && self.by_rules.is_empty()
            && self.accepted_started.is_empty()
            && self.accepted_ended.is_empty()
    }
}

/// One requirement whose status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Requirement id ([`REACHABLE_ID`] for the site's reachability).
    pub id: RequirementId,
    /// Russian title.
    pub title: String,
    /// Status in the old run.
    pub from: Status,
    /// Status in the new run.
    pub to: Status,
    /// The new run's explanation (why it is not there now).
    pub note: Option<String>,
    /// Where it was found before, when it is no longer there (or can no longer be seen).
    pub evidence_url: Option<String>,
    /// Where it is found now, when it appeared.
    pub found_url: Option<String>,
}

/// A requirement by id and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementRef {
    /// Canonical id.
    pub id: RequirementId,
    /// Russian title.
    pub title: String,
}

/// Which list a change belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// For the worse.
    Regression,
    /// For the better.
    Fix,
    /// To or from «не определено».
    Other,
}

/// Sorts a status change. `unknown` is neither better nor worse than anything: a page that
/// could not be fetched this time says nothing about whether the item is still published.
pub fn direction(from: Status, to: Status) -> Option<Direction> {
    let rank = |s: Status| match s {
        Status::Pass => Some(2),
        Status::Partial => Some(1),
        Status::Fail => Some(0),
        Status::Unknown => None,
    };
    if from == to {
        return None;
    }
    Some(match (rank(from), rank(to)) {
        (Some(a), Some(b)) if b < a => Direction::Regression,
        (Some(_), Some(_)) => Direction::Fix,
        _ => Direction::Other,
    })
}

/// Compares two summaries (no notes or evidence URLs: those need the site reports, see
/// [`diff_with`]).
pub fn diff(old: &SweepSummary, new: &SweepSummary) -> SweepDiff {
    diff_with(old, new, &|_| None, &|_| None)
}

/// Compares two summaries; reports of changed sites are loaded for notes and evidence URLs.
pub fn diff_with(
    old: &SweepSummary,
    new: &SweepSummary,
    old_reports: ReportLoader<'_>,
    new_reports: ReportLoader<'_>,
) -> SweepDiff {
    let mut out = SweepDiff {
        schema: DIFF_SCHEMA.to_string(),
        old_label: default_label(old),
        new_label: default_label(new),
        totals: DiffTotals::default(),
        sites_added: Vec::new(),
        sites_gone: Vec::new(),
        changed: Vec::new(),
        unchanged_sites: 0,
        requirements_added: only_in(&new.requirements, &old.requirements),
        requirements_removed: only_in(&old.requirements, &new.requirements),
        rules: None,
    };
    let changed_rules = changed_rules(old, new);
    out.rules = rules_change(old, new, &changed_rules);
    let (pairs, gone) = match_sites(&old.sites, &new.sites);
    for (new_site, old_index) in new.sites.iter().zip(pairs) {
        let Some(old_index) = old_index else {
            out.sites_added.push(site_ref(new_site));
            continue;
        };
        let old_site = &old.sites[old_index];
        let mut change = compare_site(old, old_site, new, new_site, &changed_rules);
        acceptance_changes(new, old_site, new_site, &mut change);
        if change.is_empty() {
            out.unchanged_sites += 1;
            continue;
        }
        add_details(&mut change, old_reports(old_site), new_reports(new_site));
        out.totals.regressions += change.regressions.len();
        out.totals.fixes += change.fixes.len();
        out.totals.other += change.other.len();
        out.totals.by_rules += change.by_rules.len();
        out.totals.accepted_started += change.accepted_started.len();
        out.totals.accepted_ended += change.accepted_ended.len();
        out.changed.push(change);
    }
    out.sites_gone = gone.into_iter().map(|i| site_ref(&old.sites[i])).collect();
    out.totals.sites_changed = out.changed.len();
    out
}

/// The key two runs' URLs are matched by: no scheme, no `www.`, no trailing slash, host in
/// lower case (`http://www.KCSON.ru/` and `https://kcson.ru` are the same site).
pub fn site_key(raw: &str) -> String {
    let trimmed = raw.trim();
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("http://{trimmed}")
    };
    let Ok(url) = url::Url::parse(&with_scheme) else {
        return trimmed.trim_end_matches('/').to_lowercase();
    };
    let host = crate::urlnorm::bare_host(&url);
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    format!("{host}{port}{path}{query}")
}

/// For each new site, the index of its old counterpart; and the old sites nobody matched.
/// Duplicate keys within a run are paired in order, so nothing is matched twice.
fn match_sites(old: &[SweepSite], new: &[SweepSite]) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut by_key: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, site) in old.iter().enumerate() {
        by_key.entry(site_key(&site.url)).or_default().push_back(i);
    }
    let pairs: Vec<Option<usize>> = new
        .iter()
        .map(|site| {
            by_key
                .get_mut(&site_key(&site.url))
                .and_then(VecDeque::pop_front)
        })
        .collect();
    let matched: HashSet<usize> = pairs.iter().flatten().copied().collect();
    let gone = (0..old.len()).filter(|i| !matched.contains(i)).collect();
    (pairs, gone)
}

/// Status changes of one site, in the new run's requirement order.
fn compare_site(
    old: &SweepSummary,
    old_site: &SweepSite,
    new: &SweepSummary,
    new_site: &SweepSite,
    changed_rules: &HashSet<RequirementId>,
) -> SiteChange {
    let mut change = SiteChange {
        site: site_ref(new_site),
        regressions: Vec::new(),
        fixes: Vec::new(),
        other: Vec::new(),
        by_rules: Vec::new(),
        accepted_started: Vec::new(),
        accepted_ended: Vec::new(),
    };
    if old_site.reachable != new_site.reachable {
        let (from, to) = if new_site.reachable {
            (Status::Fail, Status::Pass)
        } else {
            (Status::Pass, Status::Fail)
        };
        let note = if new_site.reachable {
            None
        } else {
            new_site.error.clone()
        };
        let reach = bare_change(REACHABLE_ID, "Сайт доступен", from, to, note);
        push(&mut change, reach);
    }
    let old_status: HashMap<&RequirementId, Status> = old
        .requirements
        .iter()
        .zip(&old_site.statuses)
        .map(|(r, s)| (&r.id, *s))
        .collect();
    for (req, to) in new.requirements.iter().zip(&new_site.statuses) {
        let Some(&from) = old_status.get(&req.id) else {
            continue;
        };
        // A site that went down has every item «не определено» (and one that came back had):
        // the reachability line says it once instead of a line per requirement.
        let reach_noise = old_site.reachable != new_site.reachable
            && (from == Status::Unknown || *to == Status::Unknown);
        if from != *to && !reach_noise {
            let item = bare_change(&req.id.0, &req.title, from, *to, None);
            if changed_rules.contains(&req.id) {
                change.by_rules.push(item);
            } else {
                push(&mut change, item);
            }
        }
    }
    change
}

fn push(change: &mut SiteChange, item: Change) {
    match direction(item.from, item.to) {
        Some(Direction::Regression) => change.regressions.push(item),
        Some(Direction::Fix) => change.fixes.push(item),
        Some(Direction::Other) => change.other.push(item),
        None => {}
    }
}

fn bare_change(id: &str, title: &str, from: Status, to: Status, note: Option<String>) -> Change {
    Change {
        id: id.into(),
        title: title.to_string(),
        from,
        to,
        note,
        evidence_url: None,
        found_url: None,
    }
}

/// Notes and evidence URLs from the two reports of a changed site.
fn add_details(change: &mut SiteChange, old: Option<SiteReport>, new: Option<SiteReport>) {
    let verdict = |report: &Option<SiteReport>, id: &RequirementId| {
        report
            .as_ref()
            .and_then(|r| r.requirements.iter().find(|v| &v.id == id).cloned())
    };
    let lists = [
        &mut change.regressions,
        &mut change.fixes,
        &mut change.other,
        &mut change.by_rules,
    ];
    for item in lists.into_iter().flatten() {
        if item.id.0 == REACHABLE_ID {
            continue;
        }
        let old_verdict = verdict(&old, &item.id);
        let new_verdict = verdict(&new, &item.id);
        if let Some(v) = &new_verdict {
            item.note = v.note.clone();
        }
        let was_there = matches!(item.from, Status::Pass | Status::Partial);
        if was_there && direction(item.from, item.to) != Some(Direction::Fix) {
            item.evidence_url = old_verdict.and_then(|v| v.evidence.first().map(|e| e.url.clone()));
        }
        if direction(item.from, item.to) == Some(Direction::Fix) {
            item.found_url = new_verdict.and_then(|v| v.evidence.first().map(|e| e.url.clone()));
        }
    }
}

fn site_ref(site: &SweepSite) -> SiteRef {
    SiteRef {
        url: site.url.clone(),
        name: site.name.clone(),
        region: site.region.clone(),
        dir: site.dir.clone(),
    }
}

fn only_in(these: &[RequirementInfo], other: &[RequirementInfo]) -> Vec<RequirementRef> {
    let ids: HashSet<&RequirementId> = other.iter().map(|r| &r.id).collect();
    these
        .iter()
        .filter(|r| !ids.contains(&r.id))
        .map(|r| RequirementRef {
            id: r.id.clone(),
            title: r.title.clone(),
        })
        .collect()
}

fn default_label(summary: &SweepSummary) -> String {
    format!(
        "проверка от {}",
        crate::report::html::wording::format_timestamp(&summary.generated_at)
    )
}
