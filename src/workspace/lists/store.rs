//! The tables of part `lists`: uploaded lists (`ws_lists`) and their sweeps (`ws_sweeps`) —
//! what the pages read and what the sweep worker claims and updates.

use crate::db::{Db, DbError, Row};
use crate::input::{InputProblem, SiteEntry};
use crate::vals;
use serde::{Deserialize, Serialize};

/// One site of an uploaded list as `ws_lists.sites_json` keeps it: what a sweep needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSite {
    /// Row of the file (header = 1).
    pub row: usize,
    /// Normalised start URL.
    pub url: String,
    /// Institution name.
    pub name: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// ИНН.
    pub inn: Option<String>,
    /// Type of institution.
    pub kind: Option<String>,
}

impl From<&SiteEntry> for StoredSite {
    fn from(s: &SiteEntry) -> Self {
        StoredSite {
            row: s.row,
            url: s.url.to_string(),
            name: s.name.clone(),
            region: s.region.clone(),
            inn: s.inn.clone(),
            kind: s.kind.clone(),
        }
    }
}

/// One row of the file that is not checked, as `ws_lists.problems_json` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProblem {
    /// Row of the file.
    pub row: usize,
    /// The address cell as written.
    pub value: String,
    /// Why (one Russian sentence).
    pub problem: String,
}

impl From<&InputProblem> for StoredProblem {
    fn from(p: &InputProblem) -> Self {
        StoredProblem {
            row: p.row,
            value: p.value.clone(),
            problem: p.problem.clone(),
        }
    }
}

/// A list as the pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ListInfo {
    /// Id.
    pub id: i64,
    /// Name given at upload (the file name when none).
    pub name: String,
    /// Uploaded file's name.
    pub file_name: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When (ms since the epoch).
    pub uploaded_ms: i64,
    /// Sites to check.
    pub site_count: i64,
    /// Rows that are not checked.
    pub problem_count: usize,
}

/// A sweep as the pages and the worker see it.
#[derive(Debug, Clone, Serialize)]
pub struct SweepInfo {
    /// Id.
    pub id: i64,
    /// Its list.
    pub list_id: i64,
    /// queued / running / done / failed.
    pub status: String,
    /// Account that started it (`None` for a schedule).
    pub requested_by: Option<String>,
    /// The schedule that queued it.
    pub schedule_id: Option<i64>,
    /// Queued at (ms).
    pub created_ms: i64,
    /// First started at (ms).
    pub started_ms: Option<i64>,
    /// Ended at (ms).
    pub finished_ms: Option<i64>,
    /// The history run.
    pub run_id: Option<i64>,
    /// Sites in the sweep.
    pub sites_total: i64,
    /// Sites finished.
    pub sites_done: i64,
    /// Why it failed.
    pub error: Option<String>,
}

const SWEEP_COLUMNS: &str = "s.id, s.list_id, s.status, u.name, s.schedule_id, s.created_ms, \
     s.started_ms, s.finished_ms, s.run_id, s.sites_total, s.sites_done, s.error";

fn sweep_from(row: &Row) -> Result<SweepInfo, DbError> {
    Ok(SweepInfo {
        id: row.int(0)?,
        list_id: row.int(1)?,
        status: row.text(2)?,
        requested_by: row.opt_text(3)?,
        schedule_id: row.opt_int(4)?,
        created_ms: row.int(5)?,
        started_ms: row.opt_int(6)?,
        finished_ms: row.opt_int(7)?,
        run_id: row.opt_int(8)?,
        sites_total: row.int(9)?,
        sites_done: row.int(10)?,
        error: row.opt_text(11)?,
    })
}

/// Stores an uploaded list; its id.
pub fn insert_list(
    db: &Db,
    name: &str,
    file_name: &str,
    user_id: i64,
    sites: &[StoredSite],
    problems: &[StoredProblem],
    now_ms: i64,
) -> Result<i64, DbError> {
    let row = db.query_opt(
        "INSERT INTO ws_lists (name, file_name, uploaded_by, uploaded_ms, site_count, sites_json,
                               problems_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        vals![
            name,
            file_name,
            user_id,
            now_ms,
            sites.len(),
            to_json(sites),
            to_json(problems)
        ],
    )?;
    row.ok_or_else(|| DbError::value("INSERT не вернул id списка".into()))?
        .int(0)
}

/// Plain strings and numbers always serialise; the fallback is never taken.
fn to_json<T: Serialize>(items: &[T]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// Every list, newest first.
pub fn lists(db: &Db) -> Result<Vec<ListInfo>, DbError> {
    db.query(
        "SELECT l.id, l.name, l.file_name, COALESCE(u.name, ''), l.uploaded_ms, l.site_count,
                l.problems_json
         FROM ws_lists l LEFT JOIN ws_users u ON u.id = l.uploaded_by ORDER BY l.id DESC",
        &[],
    )?
    .iter()
    .map(list_from)
    .collect()
}

/// A list with its sites and the rows that are not checked.
pub type FullList = (ListInfo, Vec<StoredSite>, Vec<StoredProblem>);

/// One list with its sites and problems.
pub fn list(db: &Db, id: i64) -> Result<Option<FullList>, DbError> {
    let Some(row) = db.query_opt(
        "SELECT l.id, l.name, l.file_name, COALESCE(u.name, ''), l.uploaded_ms, l.site_count,
                l.problems_json, l.sites_json
         FROM ws_lists l LEFT JOIN ws_users u ON u.id = l.uploaded_by WHERE l.id = $1",
        vals![id],
    )?
    else {
        return Ok(None);
    };
    let info = list_from(&row)?;
    let sites = parse_json(&row.text(7)?, "sites_json", id)?;
    let problems = parse_json(&row.text(6)?, "problems_json", id)?;
    Ok(Some((info, sites, problems)))
}

/// The sites of list `id` (for the worker), or `None` when the list is gone.
pub fn list_sites(db: &Db, id: i64) -> Result<Option<Vec<StoredSite>>, DbError> {
    db.query_opt("SELECT sites_json FROM ws_lists WHERE id = $1", vals![id])?
        .map(|row| parse_json(&row.text(0)?, "sites_json", id))
        .transpose()
}

/// The name of list `id`.
pub fn list_name(db: &Db, id: i64) -> Result<Option<String>, DbError> {
    db.query_opt("SELECT name FROM ws_lists WHERE id = $1", vals![id])?
        .map(|row| row.text(0))
        .transpose()
}

fn list_from(row: &Row) -> Result<ListInfo, DbError> {
    let problems: Vec<StoredProblem> = serde_json::from_str(&row.text(6)?).unwrap_or_default();
    Ok(ListInfo {
        id: row.int(0)?,
        name: row.text(1)?,
        file_name: row.text(2)?,
        uploaded_by: row.text(3)?,
        uploaded_ms: row.int(4)?,
        site_count: row.int(5)?,
        problem_count: problems.len(),
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(
    text: &str,
    column: &str,
    id: i64,
) -> Result<T, DbError> {
    serde_json::from_str(text)
        .map_err(|e| DbError::value(format!("ws_lists.{column} списка № {id} не читается: {e}")))
}

/// Queues a sweep of list `list_id` started by `user_id`; its id.
pub fn queue_sweep(
    db: &Db,
    list_id: i64,
    user_id: i64,
    sites: usize,
    now_ms: i64,
) -> Result<i64, DbError> {
    db.query_opt(
        "INSERT INTO ws_sweeps (list_id, status, requested_by, created_ms, sites_total)
         VALUES ($1, 'queued', $2, $3, $4) RETURNING id",
        vals![list_id, user_id, now_ms, sites],
    )?
    .ok_or_else(|| DbError::value("INSERT не вернул id проверки".into()))?
    .int(0)
}

/// The sweeps of list `list_id`, newest first.
pub fn sweeps_of(db: &Db, list_id: i64) -> Result<Vec<SweepInfo>, DbError> {
    db.query(
        &format!(
            "SELECT {SWEEP_COLUMNS} FROM ws_sweeps s LEFT JOIN ws_users u ON u.id = s.requested_by
             WHERE s.list_id = $1 ORDER BY s.id DESC"
        ),
        vals![list_id],
    )?
    .iter()
    .map(sweep_from)
    .collect()
}

/// The newest sweep of every list, by list id.
pub fn last_sweeps(db: &Db) -> Result<std::collections::HashMap<i64, SweepInfo>, DbError> {
    let mut last = std::collections::HashMap::new();
    let rows = db.query(
        &format!(
            "SELECT {SWEEP_COLUMNS} FROM ws_sweeps s LEFT JOIN ws_users u ON u.id = s.requested_by
             ORDER BY s.id"
        ),
        &[],
    )?;
    for row in &rows {
        let sweep = sweep_from(row)?;
        last.insert(sweep.list_id, sweep);
    }
    Ok(last)
}

/// One sweep.
pub fn sweep(db: &Db, id: i64) -> Result<Option<SweepInfo>, DbError> {
    db.query_opt(
        &format!(
            "SELECT {SWEEP_COLUMNS} FROM ws_sweeps s LEFT JOIN ws_users u ON u.id = s.requested_by
             WHERE s.id = $1"
        ),
        vals![id],
    )?
    .as_ref()
    .map(sweep_from)
    .transpose()
}
