//! Reading a run back as a [`SweepSummary`]: the same value an output folder's `summary.json`
//! holds, rebuilt from the `runs`, `sites` and `results` tables.

use super::rebuild::{merge_requirements, totals};
use super::rows::{insertion_order, parse_status, site_from_row, RunHeader};
use super::{History, HistoryError};
use crate::db::{Dialect, Row};
use crate::model::Status;
use crate::report::Acceptance;
use crate::sweep::{InputInfo, RequirementInfo, SweepSite, SweepSummary, SWEEP_SCHEMA};
use crate::vals;
use std::collections::{BTreeMap, HashMap};

impl History {
    /// The summary of a run, rebuilt from the tables: sites in input order, requirement columns
    /// in rule order as the stored reports list them.
    pub fn run_summary(&self, run: i64) -> Result<SweepSummary, HistoryError> {
        let header = self
            .db
            .query_opt(
                "SELECT started_at, finished_at, interrupted, tool_version, ruleset_id,
                        ruleset_version, ruleset_source, out_dir, coalesce(duration_ms, 0),
                        ruleset_sha256, rule_digests
                 FROM runs WHERE id = $1",
                vals![run],
            )
            .map_err(|e| self.sql(e))?
            .ok_or_else(|| HistoryError::NoRun {
                path: self.path.clone(),
                run,
            })?;
        let header = RunHeader::from_row(&header).map_err(|e| self.sql(e))?;
        let requirements = self.stored_requirements(run)?;
        let statuses = self.stored_statuses(run)?;
        let mut accepted = self.stored_acceptances(run)?;
        let mut sites = self.stored_sites(run)?;
        for site in &mut sites {
            site.accepted = accepted.remove(&site.url).unwrap_or_default();
            let of_site = statuses.get(&site.url);
            site.statuses = requirements
                .iter()
                .map(|r| {
                    of_site
                        .and_then(|s| s.get(&r.id.0))
                        .copied()
                        .unwrap_or(Status::Unknown)
                })
                .collect();
        }
        let totals = totals(&requirements, &sites);
        let input_source = header
            .out_dir
            .clone()
            .unwrap_or_else(|| format!("{}, запуск № {run}", self.path.display()));
        Ok(SweepSummary {
            schema: SWEEP_SCHEMA.to_string(),
            generated_at: header
                .finished_at
                .clone()
                .unwrap_or_else(|| header.started_at.clone()),
            tool_version: header.tool_version,
            ruleset: header.ruleset,
            requirements,
            input: InputInfo {
                source: input_source,
                rows: sites.len(),
                sites: sites.len(),
                problems: Vec::new(),
            },
            sites,
            totals,
            duration_ms: header.duration_ms,
            // A run that never finished was killed: not every site may be in it.
            interrupted: header.interrupted || header.finished_at.is_none(),
        })
    }

    /// Requirement columns of a run: its `run_requirements` in order, then (SQLite only) any id
    /// that only a site recorded before schema 2 has (read from its stored copy with SQLite's
    /// JSON functions, so that the large reports are not parsed whole; PostgreSQL databases were
    /// never written by those versions).
    fn stored_requirements(&self, run: i64) -> Result<Vec<RequirementInfo>, HistoryError> {
        let sql = match self.db.dialect() {
            Dialect::Sqlite => {
                "SELECT requirement_id, title, severity FROM (
                     SELECT 0 AS part, position AS a, 0 AS b, 0 AS c,
                            requirement_id, title, severity
                     FROM run_requirements WHERE run_id = $1
                     UNION ALL
                     SELECT 1, s.row, s.rowid, r.key, json_extract(r.value, '$.id'),
                            json_extract(r.value, '$.title'), json_extract(r.value, '$.severity')
                     FROM sites AS s, json_each(s.report_json, '$.requirements') AS r
                     WHERE s.run_id = $1 AND s.report_json <> '')
                 ORDER BY part, a, b, c"
            }
            Dialect::Postgres => {
                "SELECT requirement_id, title, severity FROM run_requirements WHERE run_id = $1
                 ORDER BY position, requirement_id"
            }
        };
        let rows = self.db.query(sql, vals![run]).map_err(|e| self.sql(e))?;
        let mut list = Vec::new();
        for row in rows {
            let read = |r: &Row| Ok((r.opt_text(0)?, r.opt_text(1)?, r.opt_text(2)?));
            let (id, title, severity) = read(&row).map_err(|e| self.sql(e))?;
            let Some(id) = id else { continue };
            let severity = super::compact::parse_severity(severity.as_deref());
            list.push(RequirementInfo {
                id: id.as_str().into(),
                title: title.unwrap_or_default(),
                severity,
            });
        }
        Ok(merge_requirements(list))
    }

    /// Status per site URL and requirement id.
    fn stored_statuses(
        &self,
        run: i64,
    ) -> Result<HashMap<String, HashMap<String, Status>>, HistoryError> {
        let rows = self.result_triples(
            "SELECT url, requirement_id, status FROM results WHERE run_id = $1",
            run,
        )?;
        let mut out: HashMap<String, HashMap<String, Status>> = HashMap::new();
        for (url, id, status) in rows {
            let status = parse_status(&status)
                .ok_or_else(|| self.corrupt(format!("статус «{status}» у {url}")))?;
            out.entry(url).or_default().insert(id, status);
        }
        Ok(out)
    }

    /// Rows of three text columns (URL, requirement id, value) of run `run` by `sql`.
    fn result_triples(
        &self,
        sql: &str,
        run: i64,
    ) -> Result<Vec<(String, String, String)>, HistoryError> {
        let rows = self.db.query(sql, vals![run]).map_err(|e| self.sql(e))?;
        rows.iter()
            .map(|r| Ok((r.text(0)?, r.text(1)?, r.text(2)?)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sql(e))
    }

    /// Accepted items per site URL and requirement id.
    fn stored_acceptances(
        &self,
        run: i64,
    ) -> Result<HashMap<String, BTreeMap<String, Acceptance>>, HistoryError> {
        let rows = self.result_triples(
            "SELECT url, requirement_id, accepted_json FROM results
             WHERE run_id = $1 AND accepted_json IS NOT NULL",
            run,
        )?;
        let mut out: HashMap<String, BTreeMap<String, Acceptance>> = HashMap::new();
        for (url, id, json) in rows {
            let acceptance = serde_json::from_str(&json)
                .map_err(|e| self.corrupt(format!("принятие «{id}» у {url}: {e}")))?;
            out.entry(url).or_default().insert(id, acceptance);
        }
        Ok(out)
    }

    /// The site rows of a run, without statuses (filled in by the caller).
    fn stored_sites(&self, run: i64) -> Result<Vec<SweepSite>, HistoryError> {
        let rows = self
            .db
            .query(
                &format!(
                    "SELECT row, name, region, inn, kind, url, dir, reachable, error,
                            score_percent, feedback_score, mandatory_passed, mandatory_total,
                            verdict, pages_fetched, errors, duration_ms
                     FROM sites WHERE run_id = $1 ORDER BY row, {}",
                    insertion_order(self.db.dialect(), "", "url")
                ),
                vals![run],
            )
            .map_err(|e| self.sql(e))?;
        rows.iter()
            .map(site_from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sql(e))
    }
}
