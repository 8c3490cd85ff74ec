//! `SweepSummary`: one row per site of a sweep plus totals per requirement, serialised as
//! `summary.json` (schema `socaudit/sweep/v1`) and rendered into the other summary formats.

use crate::model::{RequirementId, Severity, Status};
use crate::report::{Acceptance, RulesetInfo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema tag of `summary.json`.
pub const SWEEP_SCHEMA: &str = "socaudit/sweep/v1";

/// A whole sweep.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepSummary {
    /// Always [`SWEEP_SCHEMA`].
    pub schema: String,
    /// When the sweep finished (RFC 3339, UTC).
    pub generated_at: String,
    /// Tool version.
    pub tool_version: String,
    /// Which rules were applied.
    pub ruleset: RulesetInfo,
    /// The requirements, in rule order (ids, titles, severities) — the columns of every table.
    pub requirements: Vec<RequirementInfo>,
    /// The input list.
    pub input: InputInfo,
    /// One entry per checked site, in input order.
    pub sites: Vec<SweepSite>,
    /// Per requirement: how many sites pass, are partial, fail, unknown.
    pub totals: Vec<RequirementTotal>,
    /// Wall time of the sweep in milliseconds.
    pub duration_ms: u64,
    /// True when the sweep was interrupted (Ctrl-C) before every site was checked.
    pub interrupted: bool,
}

/// A requirement column.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequirementInfo {
    /// Canonical id.
    pub id: RequirementId,
    /// Russian title.
    pub title: String,
    /// Mandatory or recommended.
    pub severity: Severity,
}

/// What was read from the input file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InputInfo {
    /// Path of the input file.
    pub source: String,
    /// Data rows read (header excluded).
    pub rows: usize,
    /// Distinct sites to check.
    pub sites: usize,
    /// Rows that could not be used, with their row numbers.
    pub problems: Vec<InputProblemRecord>,
}

/// A row of the input that could not be used (no URL, a duplicate, …).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputProblemRecord {
    /// Row number as a spreadsheet shows it (header = 1) or line number of a text file.
    pub row: usize,
    /// The URL cell as written (may be empty).
    pub value: String,
    /// What is wrong, in Russian.
    pub problem: String,
}

/// One checked site.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepSite {
    /// Row number in the input.
    pub row: usize,
    /// Institution name from the input, if any.
    pub name: Option<String>,
    /// Region from the input, if any.
    pub region: Option<String>,
    /// ИНН from the input, if any.
    pub inn: Option<String>,
    /// Type of institution from the input, if any.
    pub kind: Option<String>,
    /// Start URL (normalised).
    pub url: String,
    /// Folder of this site's reports, relative to the output folder (e.g. `kcson-samara.ru`).
    pub dir: String,
    /// False when the site could not be reached at all.
    pub reachable: bool,
    /// Why it could not be checked, in one sentence.
    pub error: Option<String>,
    /// Openness score (344н 1.1), percent.
    pub score_percent: f64,
    /// Feedback channels score (344н 1.2), points.
    pub feedback_score: u32,
    /// Mandatory requirements passed.
    pub mandatory_passed: usize,
    /// Mandatory requirements in the rule set.
    pub mandatory_total: usize,
    /// `compliant`, `non_compliant` or `unknown`.
    pub verdict: String,
    /// Status per requirement, in rule order (same order as [`SweepSummary::requirements`]).
    pub statuses: Vec<Status>,
    /// Failing or partial items the auditor accepted, by requirement id (`accepted.toml`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accepted: BTreeMap<String, Acceptance>,
    /// Pages fetched.
    pub pages_fetched: usize,
    /// Fetch errors recorded.
    pub errors: usize,
    /// Wall time of this site's check in milliseconds.
    pub duration_ms: u64,
}

/// Totals for one requirement across the sweep.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequirementTotal {
    /// Canonical id.
    pub id: RequirementId,
    /// Russian title.
    pub title: String,
    /// Mandatory or recommended.
    pub severity: Severity,
    /// Sites where it passes.
    pub pass: usize,
    /// Sites where it is partial.
    pub partial: usize,
    /// Sites where it fails.
    pub fail: usize,
    /// Sites where it is unknown.
    pub unknown: usize,
}
