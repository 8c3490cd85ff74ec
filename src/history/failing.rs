//! «Не выполнено с …»: for each requirement of a site, the first day of the unbroken run of
//! failing or partial results that ends with its latest recorded check. A pass ends a run; a
//! check that could not tell (`unknown`, the site down) neither ends nor extends it.

use super::rows::parse_status;
use super::{History, HistoryError};
use crate::model::Status;
use crate::report::SiteReport;
use crate::vals;
use std::collections::{HashMap, HashSet};

impl History {
    /// Per requirement id of `url`, the first day (`YYYY-MM-DD`) of the run of failures its
    /// latest recorded results are in; ids whose latest known result passed are absent.
    pub fn failing_since(&self, url: &str) -> Result<HashMap<String, String>, HistoryError> {
        let rows = self
            .db
            .query(
                "SELECT r.requirement_id, r.status, r.first_failed, substr(runs.started_at, 1, 10)
                 FROM results AS r JOIN runs ON runs.id = r.run_id
                 WHERE r.url = $1 ORDER BY r.run_id DESC",
                vals![url],
            )
            .map_err(|e| self.sql(e))?;
        let mut since: HashMap<String, String> = HashMap::new();
        let mut settled: HashSet<String> = HashSet::new();
        for row in rows {
            let read = |r: &crate::db::Row| {
                Ok::<_, crate::db::DbError>((r.text(0)?, r.text(1)?, r.opt_text(2)?, r.text(3)?))
            };
            let (id, status, first_failed, run_day) = read(&row).map_err(|e| self.sql(e))?;
            if settled.contains(&id) {
                continue;
            }
            match parse_status(&status) {
                Some(Status::Fail | Status::Partial) => {
                    // A recorded start date already covers the older runs.
                    if first_failed.is_some() {
                        settled.insert(id.clone());
                    }
                    since.insert(id, first_failed.unwrap_or(run_day));
                }
                Some(Status::Pass) => {
                    settled.insert(id);
                }
                _ => {}
            }
        }
        Ok(since)
    }

    /// Sets `first_failed` on the failing and partial verdicts of `report`: the start of the run
    /// of failures in the history it continues, else `today` (`YYYY-MM-DD`).
    pub fn date_failures(&self, report: &mut SiteReport, today: &str) -> Result<(), HistoryError> {
        let since = self.failing_since(&report.site.url)?;
        for verdict in &mut report.requirements {
            verdict.first_failed = matches!(verdict.status, Status::Fail | Status::Partial)
                .then(|| since.get(&verdict.id.0).cloned())
                .map(|found| found.unwrap_or_else(|| today.to_string()));
        }
        Ok(())
    }
}
