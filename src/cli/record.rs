//! Recording finished runs in the history database. A failure here is reported but never undoes
//! the reports already written.

use crate::history::{History, RunKind};
use crate::report::{json as site_json, RulesetInfo};
use crate::sweep::SweepSummary;
use std::path::Path;

/// Records a sweep (or a single check, as a one-site summary) as one run.
pub(super) fn record_run(
    history: &History,
    kind: RunKind,
    summary: &SweepSummary,
    args_json: &str,
    out: &Path,
) {
    if let Err(e) = try_record(history, kind, summary, args_json, out) {
        eprintln!("socaudit: история проверок не записана: {e}");
    }
}

fn try_record(
    history: &History,
    kind: RunKind,
    summary: &SweepSummary,
    args_json: &str,
    out: &Path,
) -> Result<(), String> {
    let ruleset: &RulesetInfo = &summary.ruleset;
    let run = history
        .begin_run(kind, ruleset, args_json, Some(out))
        .map_err(|e| e.to_string())?;
    for site in &summary.sites {
        let path = out.join(&site.dir).join("report.json");
        // Sites whose check itself failed have no report: their row in the summary says why.
        let Ok(report) = site_json::read(&path) else {
            continue;
        };
        history
            .record_site(run, site, &report)
            .map_err(|e| e.to_string())?;
    }
    history
        .finish_run(run, summary.interrupted)
        .map_err(|e| e.to_string())
}
