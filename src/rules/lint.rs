//! Second opinion on a rule set that loaded: things that are legal but probably mistakes
//! (`socaudit rules lint`), and the plain-text listing for `socaudit rules list`.

use super::{Patterns, Rule, RuleSet};
use crate::model::Severity;
use std::fmt;

/// The canonical requirement ids of `/shared/requirements.md`, in catalog order.
pub const CATALOG_IDS: [&str; 30] = [
    "registration-date",
    "founder",
    "address",
    "schedule",
    "phone",
    "email",
    "structure",
    "services",
    "tariffs",
    "recipients",
    "management",
    "staff",
    "facilities",
    "vacancies",
    "service-volume",
    "licenses",
    "finance",
    "recipient-rules",
    "labor-rules",
    "collective-agreement",
    "inspections",
    "charter",
    "nok-results",
    "nok-plan",
    "survey",
    "vision-impaired",
    "feedback-form",
    "faq",
    "nok-plan-report",
    "official-social-page",
];

/// Id of the rule set that must cover every catalog id.
pub const CATALOG_RULESET_ID: &str = "1239-886n";

/// Something suspicious in a rule set that still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintWarning {
    /// The rule concerned, if any.
    pub rule: Option<String>,
    /// What is suspicious and what to do about it.
    pub message: String,
}

impl fmt::Display for LintWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(r) => write!(f, "rule «{r}»: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Every warning for `set`, rules in file order.
pub fn lint(set: &RuleSet) -> Vec<LintWarning> {
    let mut out = Vec::new();
    if set.id == CATALOG_RULESET_ID {
        let missing: Vec<&str> = CATALOG_IDS
            .iter()
            .copied()
            .filter(|id| set.get(id).is_none())
            .collect();
        if !missing.is_empty() {
            out.push(LintWarning {
                rule: None,
                message: format!(
                    "rule set «{}» lacks catalog requirements: {}; reports and diffs expect all {} ids",
                    set.id,
                    missing.join(", "),
                    CATALOG_IDS.len()
                ),
            });
        }
    }
    for rule in &set.rules {
        lint_rule(rule, &mut out);
    }
    out
}

fn lint_rule(rule: &Rule, out: &mut Vec<LintWarning>) {
    let mut warn = |message: String| {
        out.push(LintWarning {
            rule: Some(rule.id.0.clone()),
            message,
        })
    };
    let m = &rule.matchers;
    if m.link.is_empty() && m.url.is_empty() && m.heading.is_empty() && m.page_title.is_empty() {
        warn("no page-level matcher (link, url, heading, page_title): the crawler cannot steer towards \
              this requirement's page, it is found only by chance"
            .to_string());
    }
    for (key, value) in [
        ("title", &rule.title),
        ("basis", &rule.basis),
        ("what", &rule.what),
        ("hint", &rule.hint),
    ] {
        if value.trim().is_empty() {
            warn(format!(
                "`{key}` is empty; the report shows it to the auditor"
            ));
        }
    }
    if rule.fix.is_none() {
        warn("no `fix`: reports and letters say what to publish only when the rule does".into());
    }
    let mut lists: Vec<(&str, &Patterns)> = vec![
        ("link", &m.link),
        ("heading", &m.heading),
        ("page_title", &m.page_title),
        ("url", &m.url),
        ("content", &m.content),
        ("content_anywhere", &m.content_anywhere),
        ("absence", &m.absence),
        ("document", &m.document),
        ("external", &m.external),
        ("iframe", &m.iframe),
        ("script", &m.script),
        ("control", &m.control),
        ("exclude", &m.exclude),
    ];
    if let Some(form) = &m.form {
        lists.push(("form.text", &form.text));
    }
    for (key, patterns) in lists {
        for re in patterns.0.iter() {
            let src = re.as_str();
            if src.starts_with(char::is_whitespace) || src.ends_with(char::is_whitespace) {
                warn(format!(
                    "pattern `{src}` in `{key}` starts or ends with a space; texts are whitespace-collapsed and \
                     trimmed, so it may never match — use `\\s` or `\\b`"
                ));
            }
        }
    }
}

/// A plain-text table of the rules: id, severity, title, basis.
pub fn list(set: &RuleSet) -> String {
    let header = ["id", "severity", "title", "basis"];
    let rows: Vec<[String; 4]> = set
        .rules
        .iter()
        .map(|r| {
            let sev = match r.severity {
                Severity::Mandatory => "mandatory",
                Severity::Recommended => "recommended",
            };
            [
                r.id.0.clone(),
                sev.to_string(),
                r.title.clone(),
                r.basis.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = format!(
        "{} — {} (version {}, {})\n",
        set.id, set.title, set.version, set.source
    );
    let header_row = header.map(String::from);
    for row in std::iter::once(&header_row).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (cell, w))| if i == 3 { cell.clone() } else { pad(cell, w) })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}
