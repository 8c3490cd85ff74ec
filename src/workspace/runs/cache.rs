//! A finished run never changes, so what its page reads from the big `results` table (the
//! per-requirement totals, the first-failed dates, the sites with stored acceptances) is read
//! once per server and kept for a few runs. The key holds the database, the run's end time and
//! its site count, so a run resumed later (more sites, a new end) is read again; runs still
//! going are never kept. The workspace's acceptances are applied on top per request.

use super::data::{self, RequirementRow, RunRow, SiteRow};
use crate::db::Db;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// Runs kept at most.
const KEPT: usize = 8;

/// A run's rows as stored.
#[derive(Debug)]
pub struct RunBase {
    /// Sites in input order, acceptances of the workspace not applied.
    pub sites: Vec<SiteRow>,
    /// URLs with an acceptance stored in the run.
    pub stored_accepted: HashSet<String>,
    /// Per-requirement totals.
    pub requirements: Vec<RequirementRow>,
}

type Key = (String, i64, String, u64);

static KEPT_RUNS: Mutex<Vec<(Key, Arc<RunBase>)>> = Mutex::new(Vec::new());

/// The stored rows of `run`, from the cache when it is finished and was read before.
pub fn base(db: &Db, run: &RunRow) -> Result<Arc<RunBase>, String> {
    let key = run
        .finished_at
        .clone()
        .map(|end| (db.place().to_string(), run.id, end, run.sites));
    if let Some(key) = &key {
        let kept = KEPT_RUNS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, base)) = kept.iter().find(|(k, _)| k == key) {
            return Ok(base.clone());
        }
    }
    let (sites, stored_accepted) = data::stored_sites(db, run.id).map_err(|e| e.to_string())?;
    let requirements = data::requirement_totals(db, run.id).map_err(|e| e.to_string())?;
    let base = Arc::new(RunBase {
        sites,
        stored_accepted,
        requirements,
    });
    if let Some(key) = key {
        let mut kept = KEPT_RUNS.lock().unwrap_or_else(|p| p.into_inner());
        kept.retain(|(k, _)| k != &key);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((key, base.clone()));
    }
    Ok(base)
}
