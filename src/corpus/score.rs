//! Scoring the verdicts of a corpus run against the auditor's labels, and against a baseline.
//!
//! For each requirement, `pass` is the positive class: a *true pass* is predicted pass and
//! labelled pass; a *false pass* is predicted pass where the auditor says partial, fail or
//! unknown; a *missed pass* is labelled pass and predicted anything else. Precision = true /
//! (true + false passes), recall = true / (true + missed passes). Accuracy is the share of
//! labelled (site, requirement) pairs whose verdict equals the label, whatever the class.

use super::baseline::Baseline;
use super::load::Corpus;
use super::run::SiteRun;
use crate::model::{Evidence, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a row compares with the baseline's verdict for the same (site, requirement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Comparison {
    /// Matched the label in the baseline and does not now.
    Regressed,
    /// Did not match in the baseline and does now.
    Improved,
    /// Both or neither match (the verdict may still have changed between wrong values).
    Same,
    /// Not in the baseline.
    New,
}

/// One labelled (site, requirement) pair and what the rules made of it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Site folder name.
    pub site: String,
    /// Requirement id.
    pub id: String,
    /// The auditor's verdict.
    pub expected: Status,
    /// The rules' verdict now.
    pub got: Status,
    /// The auditor's reason (`[why]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The checker's note on its verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The checker's evidence, strongest first.
    pub evidence: Vec<Evidence>,
    /// The baseline's verdict, when a baseline was given and has this pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Status>,
    /// How this row compares with the baseline (`new` without one).
    pub comparison: Comparison,
}

impl Row {
    /// True when the verdict equals the label.
    pub fn agrees(&self) -> bool {
        self.expected == self.got
    }
}

/// The figures of one requirement over the corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReqScore {
    /// Requirement id.
    pub id: String,
    /// Labelled sites.
    pub labelled: usize,
    /// Verdicts equal to the label.
    pub agree: usize,
    /// Predicted pass, labelled pass.
    pub true_pass: usize,
    /// Predicted pass, labelled something else.
    pub false_pass: usize,
    /// Labelled pass, predicted something else.
    pub missed_pass: usize,
    /// true / (true + false passes); none when nothing was predicted pass.
    pub precision: Option<f64>,
    /// true / (true + missed passes); none when nothing is labelled pass.
    pub recall: Option<f64>,
}

/// Everything `rules test` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scorecard {
    /// Sites checked.
    pub sites: usize,
    /// Labelled pairs scored.
    pub total: usize,
    /// Pairs whose verdict equals the label.
    pub agree: usize,
    /// agree / total (0 when nothing was scored).
    pub accuracy: f64,
    /// Per requirement, in rules order.
    pub requirements: Vec<ReqScore>,
    /// Every scored pair, site by site.
    pub rows: Vec<Row>,
    /// (site, requirement) pairs predicted pass without any evidence: always an error.
    pub pass_without_evidence: Vec<(String, String)>,
    /// Sites that could not be served or checked, with the reason.
    pub site_errors: Vec<(String, String)>,
    /// True when a baseline was compared.
    pub baseline_given: bool,
}

impl Scorecard {
    /// Rows whose verdict differs from the label (the confusion rows).
    pub fn wrong(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| !r.agrees())
    }

    /// Rows that matched in the baseline and do not now.
    pub fn regressions(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(|r| r.comparison == Comparison::Regressed)
    }

    /// Rows that did not match in the baseline and do now.
    pub fn improvements(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(|r| r.comparison == Comparison::Improved)
    }

    /// True when the run must fail: a regression, a pass without evidence, a site not checked.
    pub fn failed(&self) -> bool {
        self.regressions().next().is_some()
            || !self.pass_without_evidence.is_empty()
            || !self.site_errors.is_empty()
    }
}

/// Scores `runs` against the corpus labels; `only` keeps one requirement; `order` gives the
/// rules' ids in file order (for the table).
pub fn score(
    corpus: &Corpus,
    runs: &[SiteRun],
    order: &[String],
    only: Option<&str>,
    baseline: Option<&Baseline>,
) -> Scorecard {
    let mut card = Scorecard {
        sites: runs.len(),
        baseline_given: baseline.is_some(),
        ..Scorecard::default()
    };
    for (site, run) in corpus.sites.iter().zip(runs) {
        let report = match &run.report {
            Ok(r) => Some(r),
            Err(e) => {
                card.site_errors.push((run.name.clone(), e.clone()));
                None
            }
        };
        for (id, expected) in &site.expected.verdicts {
            if only.is_some_and(|o| o != id) {
                continue;
            }
            let verdict = report.and_then(|r| r.requirements.iter().find(|v| v.id.0 == *id));
            let got = verdict.map_or(Status::Unknown, |v| v.status);
            if got == Status::Pass && verdict.is_some_and(|v| v.evidence.is_empty()) {
                card.pass_without_evidence
                    .push((run.name.clone(), id.clone()));
            }
            let base = baseline.and_then(|b| b.verdict(&run.name, id));
            card.rows.push(Row {
                site: run.name.clone(),
                id: id.clone(),
                expected: *expected,
                got,
                why: site.expected.notes.get(id).cloned(),
                note: verdict.and_then(|v| v.note.clone()),
                evidence: verdict.map(|v| v.evidence.clone()).unwrap_or_default(),
                baseline: base,
                comparison: compare(*expected, got, base),
            });
        }
    }
    card.total = card.rows.len();
    card.agree = card.rows.iter().filter(|r| r.agrees()).count();
    card.accuracy = ratio(card.agree, card.total).unwrap_or(0.0);
    card.requirements = per_requirement(&card.rows, order);
    card
}

fn compare(expected: Status, got: Status, base: Option<Status>) -> Comparison {
    match base {
        None => Comparison::New,
        Some(b) if b == expected && got != expected => Comparison::Regressed,
        Some(b) if b != expected && got == expected => Comparison::Improved,
        Some(_) => Comparison::Same,
    }
}

fn per_requirement(rows: &[Row], order: &[String]) -> Vec<ReqScore> {
    let mut by_id: BTreeMap<&str, ReqScore> = BTreeMap::new();
    for row in rows {
        let s = by_id.entry(&row.id).or_insert_with(|| ReqScore {
            id: row.id.clone(),
            ..ReqScore::default()
        });
        s.labelled += 1;
        s.agree += usize::from(row.agrees());
        match (row.got == Status::Pass, row.expected == Status::Pass) {
            (true, true) => s.true_pass += 1,
            (true, false) => s.false_pass += 1,
            (false, true) => s.missed_pass += 1,
            (false, false) => {}
        }
    }
    let mut out: Vec<ReqScore> = order
        .iter()
        .filter_map(|id| by_id.remove(id.as_str()))
        .collect();
    out.extend(by_id.into_values());
    for s in &mut out {
        s.precision = ratio(s.true_pass, s.true_pass + s.false_pass);
        s.recall = ratio(s.true_pass, s.true_pass + s.missed_pass);
    }
    out
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
