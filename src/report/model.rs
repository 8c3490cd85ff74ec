//! `SiteReport`: everything known about one checked site, serialised as `report.json`
//! (schema `socaudit/report/v1`, documented in `docs/report-format.md`).

use super::TrapCounts;
use crate::model::{Evidence, RequirementId, Severity, Status};
use serde::{Deserialize, Serialize};

/// Schema tag written into every report.
pub const REPORT_SCHEMA: &str = "socaudit/report/v1";

/// The report of one site.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteReport {
    /// Always [`REPORT_SCHEMA`].
    pub schema: String,
    /// Tool name and version.
    pub tool: ToolInfo,
    /// When the check finished (RFC 3339, UTC).
    pub generated_at: String,
    /// Which rules were applied.
    pub ruleset: RulesetInfo,
    /// The site.
    pub site: SiteInfo,
    /// What the crawl did.
    pub crawl: CrawlInfo,
    /// One verdict per rule, in rule-file order.
    pub requirements: Vec<Verdict>,
    /// Counts and scores.
    pub summary: Summary,
}

/// Tool identification.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ToolInfo {
    /// `socaudit`.
    pub name: String,
    /// Crate version.
    pub version: String,
}

/// Rule set identification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesetInfo {
    /// `[ruleset] id`.
    pub id: String,
    /// `[ruleset] version`.
    pub version: String,
    /// Path or «встроенный».
    pub source: String,
    /// SHA-256 of the rules file's text (hex); empty in reports written before it was recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// Per requirement id, a short digest of what decides its status (patterns, confirm,
    /// document check, severity): when it differs between two runs, the rule changed.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub rule_digests: std::collections::BTreeMap<String, String>,
}

impl RulesetInfo {
    /// The identification of `rules` for reports, summaries and the history.
    pub fn of(rules: &crate::rules::RuleSet) -> RulesetInfo {
        RulesetInfo {
            id: rules.id.clone(),
            version: rules.version.clone(),
            source: rules.source.clone(),
            sha256: rules.sha256.clone(),
            rule_digests: rules.rule_digests.clone(),
        }
    }

    /// `1239-886n, версия 2026.11, sha256 1a2b3c4d…`.
    pub fn label_ru(&self) -> String {
        let mut label = format!("{}, версия {}", self.id, self.version);
        if self.sha256.len() >= 12 {
            label.push_str(&format!(", sha256 {}…", &self.sha256[..12]));
        }
        label
    }

    /// True when both name the same rules: the same file hash when both have one, else the
    /// same id and version.
    pub fn same_rules(&self, other: &RulesetInfo) -> bool {
        if !self.sha256.is_empty() && !other.sha256.is_empty() {
            return self.sha256 == other.sha256;
        }
        self.id == other.id && self.version == other.version
    }
}

/// The site that was checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteInfo {
    /// The start URL as given (normalised).
    pub url: String,
    /// Where the start URL ended after redirects (null when unreachable).
    pub final_url: Option<String>,
    /// False when not even the start page could be fetched.
    pub reachable: bool,
    /// Why it was unreachable, in one sentence.
    pub error: Option<String>,
    /// Hosts treated as this site.
    pub hosts: Vec<String>,
}

/// Why the crawl ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Every requirement was decided before the site was exhausted.
    AllDecided,
    /// Nothing left to fetch in scope.
    FrontierExhausted,
    /// `--max-pages` reached.
    PageBudget,
    /// The time limit passed.
    TimeLimit,
    /// The start page could not be fetched.
    Unreachable,
    /// Interrupted by the user.
    Interrupted,
}

impl StopReason {
    /// Russian explanation for the report.
    pub fn label_ru(self) -> &'static str {
        match self {
            StopReason::AllDecided => "все требования проверены",
            StopReason::FrontierExhausted => "просмотрены все доступные страницы сайта",
            StopReason::PageBudget => "достигнут лимит числа страниц",
            StopReason::TimeLimit => "время проверки сайта истекло",
            StopReason::Unreachable => "сайт недоступен",
            StopReason::Interrupted => "проверка прервана",
        }
    }
}

/// Crawl statistics and records.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrawlInfo {
    /// HTML pages fetched and parsed.
    pub pages_fetched: usize,
    /// HTTP requests sent (pages, documents, robots.txt, retries).
    pub requests: u64,
    /// Requests answered `304 Not Modified` (re-runs revalidate with ETag / Last-Modified instead
    /// of downloading unchanged pages and documents again).
    #[serde(default)]
    pub revalidated: u64,
    /// Why the crawl ended.
    pub stopped_because: StopReason,
    /// Wall time of the crawl in milliseconds.
    pub duration_ms: u64,
    /// Pages fetched, in order.
    pub pages: Vec<PageRecord>,
    /// Document links seen (pdf, doc, …).
    pub documents: Vec<DocumentRecord>,
    /// Fetch errors and error statuses.
    pub errors: Vec<CrawlError>,
    /// URLs not fetched, by reason.
    pub skipped: SkipCounts,
    /// Distinct external links seen.
    pub external_links: usize,
    /// In-scope URLs that robots.txt `Sitemap:` lines and `/sitemap.xml` listed.
    #[serde(default)]
    pub sitemap_urls: usize,
    /// Remarks on the crawl in Russian (robots.txt unreadable, start page built by JavaScript, …).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Links of the site that redirected to another site: recorded, never followed.
    #[serde(default)]
    pub offsite_redirects: Vec<OffsiteRedirect>,
    /// The site's certificate did not verify (a visitor's browser warns), in Russian; the site
    /// was checked anyway.
    #[serde(default)]
    pub tls_problem: Option<String>,
    /// HTTP credentials were sent to the site (they are never written anywhere).
    #[serde(default)]
    pub auth_used: bool,
}

/// A link of the site that redirected to another site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsiteRedirect {
    /// The URL on the site.
    pub url: String,
    /// Where its redirect pointed.
    pub target: String,
}

/// A fetched page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRecord {
    /// Final URL.
    pub url: String,
    /// HTTP status.
    pub status: u16,
    /// Page title.
    pub title: String,
    /// Link depth from the start page.
    pub depth: u32,
}

/// A link to a document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Absolute URL.
    pub url: String,
    /// Link text.
    pub text: String,
    /// Type from the extension or content type (`pdf`, `docx`, …).
    pub kind: String,
    /// HTTP status when it was checked; null when not requested (not evidence, or on another host).
    pub status: Option<u16>,
    /// Page the link was found on.
    pub found_on: String,
    /// The format its bytes showed, when it was read (`pdf`, `docx`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// How reading it went, when it was read (`text`, `scan`, `broken`, …), with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Pages (PDF) or sheets, when it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// `Last-Modified` as the server sent it, when the document was requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// A failed fetch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrawlError {
    /// URL.
    pub url: String,
    /// HTTP status, when there was a response.
    pub status: Option<u16>,
    /// One sentence.
    pub error: String,
}

/// URLs not fetched, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipCounts {
    /// Disallowed by robots.txt.
    pub robots: usize,
    /// Beyond `--max-depth`.
    pub depth: usize,
    /// Over `--max-pages` or the time limit.
    pub budget: usize,
    /// Crawler-trap guard (calendars, filter combinations, session ids, repeating paths, the
    /// hard cap per URL pattern).
    pub trap: usize,
    /// `trap`, by the sign the guard saw.
    #[serde(default)]
    pub trap_reasons: TrapCounts,
}

/// The verdict on one requirement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verdict {
    /// Canonical id.
    pub id: RequirementId,
    /// Russian title.
    pub title: String,
    /// Mandatory or recommended.
    pub severity: Severity,
    /// The verdict.
    pub status: Status,
    /// Legal basis.
    pub basis: String,
    /// What must be published.
    pub what: String,
    /// Where sites usually put it.
    pub hint: String,
    /// What to do, in one imperative Russian sentence from the rule's `fix`; only when the
    /// status is not `pass` (absent in reports written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Why the status is what it is, in one Russian sentence (always for partial/unknown/fail).
    pub note: Option<String>,
    /// Evidence, strongest first (never empty for pass and partial).
    pub evidence: Vec<Evidence>,
    /// Documents (and pages) whose content was judged for this requirement: the file, its type,
    /// its year and what was missing. Only for rules with a document check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentFinding>,
    /// The auditor accepted this failing or partial item until a date (`accepted.toml`): it
    /// keeps its status but does not count against the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
    /// First day (`YYYY-MM-DD`) of the unbroken run of failing or partial checks this item is
    /// in, from the run history; only for failing and partial items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_failed: Option<String>,
}

impl Verdict {
    /// `не выполнено с 12.03.2026` / `выполнено частично с …` when the history dates the failure.
    pub fn since_ru(&self) -> Option<String> {
        let day = crate::report::html::wording::format_timestamp(self.first_failed.as_deref()?);
        match self.status {
            crate::model::Status::Fail => Some(format!("не выполнено с {day}")),
            crate::model::Status::Partial => Some(format!("выполнено частично с {day}")),
            _ => None,
        }
    }
}

/// An auditor's decision to accept a failing or partial item for a while, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// Why it is accepted (Russian, as written in `accepted.toml`).
    pub reason: String,
    /// Who accepted it.
    pub by: String,
    /// Last day the acceptance holds (`YYYY-MM-DD`); the item counts again the day after.
    pub until: String,
}

impl Acceptance {
    /// `принято до 31.03.2027 (Иванова И. И.): причина` — the one wording every format uses.
    pub fn label_ru(&self) -> String {
        format!(
            "принято до {} ({}): {}",
            crate::report::html::wording::format_timestamp(&self.until),
            self.by,
            self.reason
        )
    }
}

/// What the content of one document (or page) showed for a requirement with a document check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentFinding {
    /// The document or page.
    pub url: String,
    /// `pdf`, `docx`, `html`, …
    pub format: String,
    /// How reading it went: `text`, `scan`, `encrypted`, `broken`, `unsupported`, `rejected`.
    pub outcome: String,
    /// True when its content is what the requirement asks for.
    pub counts: bool,
    /// The (first) year it is for, when one was found.
    pub year: Option<i32>,
    /// The years it is for, in words («2025–2026 годы»).
    pub period: Option<String>,
    /// Columns of the plan form that were not found.
    #[serde(default)]
    pub columns_missing: Vec<String>,
    /// Why it only partly meets the requirement, or why it does not count (Russian).
    #[serde(default)]
    pub problems: Vec<String>,
    /// Anything else worth saying («план найден внутри файла результатов НОК»).
    pub note: Option<String>,
}

/// Counts and 344н scores.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// Mandatory requirements in the rule set.
    pub mandatory_total: usize,
    /// Mandatory requirements that pass.
    pub mandatory_passed: usize,
    /// Mandatory requirements that are partial.
    pub mandatory_partial: usize,
    /// Mandatory requirements that fail.
    pub mandatory_failed: usize,
    /// Mandatory requirements left unknown.
    pub mandatory_unknown: usize,
    /// Mandatory requirements failing or partial but accepted (not counted in `mandatory_failed`
    /// or `mandatory_partial`, and not against the verdict).
    #[serde(default)]
    pub mandatory_accepted: usize,
    /// Recommended requirements in the rule set.
    pub recommended_total: usize,
    /// Recommended requirements that pass.
    pub recommended_passed: usize,
    /// Openness score (344н 1.1, site part): share of mandatory items passed × 100, rounded to 0.1.
    pub score_percent: f64,
    /// Remote feedback channels score (344н 1.2): 30 per channel present, capped at 100.
    pub feedback_score: u32,
    /// `compliant`, `non_compliant` or `unknown`.
    pub verdict: String,
}
