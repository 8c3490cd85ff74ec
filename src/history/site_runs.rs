//! One site across runs: every recorded row of the sites that are the same site as a given
//! one (matched by [`crate::diff::site_key`], the way `diff` and `accepted.toml` match them),
//! with the run it belongs to — for the workspace's per-site timeline.

use super::rows::site_from_row;
use super::{History, HistoryError, RunKind};
use crate::diff::site_key;
use crate::sweep::SweepSite;
use crate::vals;

/// One run's record of a site (statuses left empty: read the report for the verdicts).
#[derive(Debug, Clone)]
pub struct SiteRun {
    /// Run id.
    pub run: i64,
    /// Check or sweep.
    pub kind: RunKind,
    /// When the run began (RFC 3339, UTC).
    pub started_at: String,
    /// The site's row in that run.
    pub site: SweepSite,
}

impl History {
    /// Every recorded row of the site `url` is (by [`site_key`]), oldest run first.
    pub fn site_runs(&self, url: &str) -> Result<Vec<SiteRun>, HistoryError> {
        let key = site_key(url);
        // URLs differ in scheme, `www.` and case: the key is computed here, not in SQL. Only the
        // URL column is read for every row; the full rows only for the matches.
        let urls = self
            .db
            .query("SELECT DISTINCT url FROM sites", &[])
            .map_err(|e| self.sql(e))?;
        let mut found = Vec::new();
        for url in urls {
            let url = url.text(0).map_err(|e| self.sql(e))?;
            if site_key(&url) != key {
                continue;
            }
            let rows = self
                .db
                .query(
                    "SELECT s.row, s.name, s.region, s.inn, s.kind, s.url, s.dir, s.reachable,
                            s.error, s.score_percent, s.feedback_score, s.mandatory_passed,
                            s.mandatory_total, s.verdict, s.pages_fetched, s.errors, s.duration_ms,
                            s.run_id, runs.kind, runs.started_at
                     FROM sites AS s JOIN runs ON runs.id = s.run_id WHERE s.url = $1",
                    vals![url],
                )
                .map_err(|e| self.sql(e))?;
            for r in rows {
                let site = site_from_row(&r).map_err(|e| self.sql(e))?;
                let run = r.int(17).map_err(|e| self.sql(e))?;
                let kind = r.text(18).map_err(|e| self.sql(e))?;
                let started_at = r.text(19).map_err(|e| self.sql(e))?;
                let kind = RunKind::parse(&kind)
                    .ok_or_else(|| self.corrupt(format!("вид запуска «{kind}»")))?;
                found.push(SiteRun {
                    run,
                    kind,
                    started_at,
                    site,
                });
            }
        }
        found.sort_by_key(|r| r.run);
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample::{report, row, ruleset, Req};
    use super::*;
    use crate::model::Status::{Fail, Pass};

    #[test]
    fn the_same_site_is_found_under_every_spelling_and_others_are_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let history = History::open(&dir.path().join("h.db")).expect("open");
        let record = |kind: RunKind, urls: &[(&str, bool)]| {
            let run = history
                .begin_run(kind, &ruleset(), "{}", None)
                .expect("run");
            for (n, (url, good)) in urls.iter().enumerate() {
                let status = if *good { Pass } else { Fail };
                let site = report(
                    url,
                    true,
                    &[Req("founder", "Учредитель", status, None, None)],
                );
                history
                    .record_site(run, &row(n + 1, Some("КЦСОН"), &site), &site)
                    .expect("record");
            }
            history.finish_run(run, false).expect("finish");
            run
        };
        let first = record(RunKind::Check, &[("http://www.kcson.example/", true)]);
        record(RunKind::Sweep, &[("https://other.example/", false)]);
        let third = record(
            RunKind::Sweep,
            &[
                ("https://other.example/", true),
                ("https://KCSON.example", false),
            ],
        );
        let found = history.site_runs("kcson.example").expect("query");
        let runs: Vec<(i64, RunKind, &str)> = found
            .iter()
            .map(|r| (r.run, r.kind, r.site.url.as_str()))
            .collect();
        assert_eq!(
            runs,
            vec![
                (first, RunKind::Check, "http://www.kcson.example/"),
                (third, RunKind::Sweep, "https://KCSON.example"),
            ]
        );
        assert_eq!(found[1].site.name.as_deref(), Some("КЦСОН"));
        assert!(history
            .site_runs("nowhere.example")
            .expect("query")
            .is_empty());
    }
}
