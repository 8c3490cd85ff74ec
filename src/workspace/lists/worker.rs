//! The sweep worker of `socaudit serve`: takes the oldest queued `ws_sweeps` row (whoever queued
//! it: the «Запустить проверку» button or a schedule) and runs the list through the same engine
//! as `socaudit sweep` ([`run_sweep`]) with the server's fetcher (public addresses only unless
//! `--allow-private`), rules, politeness and crawl budgets.
//!
//! The run is recorded in the history as it goes: a `sweep` run begins before the first site
//! (its id goes to `ws_sweeps.run_id` at once), every finished site is recorded and counted in
//! `sites_done`, and the run is finished when the sweep is `done`. The engine writes each site's
//! reports to a folder; the worker uses a per-sweep folder next to the database and removes each
//! site's folder once it is recorded, and the whole folder at the end. On shutdown the sweep is
//! stopped and queued again; the next attempt continues the same run, skipping recorded sites.

use crate::annotate::Annotator;
use crate::db::Db;
use crate::history::{History, RunKind};
use crate::report::json as site_json;
use crate::serve::app::AppState;
use crate::serve::now_ms;
use crate::sweep::dirs::DirNames;
use crate::sweep::{run_sweep, StopFlag, SweepConfig, SweepItem, SweepProgress, SweepSite};
use crate::workspace::lists::claim::{self as claim, Claim, HEARTBEAT};
use crate::workspace::lists::store::{list_sites, StoredSite};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

/// How often an idle worker looks for queued sweeps (schedules and other instances queue them
/// without waking this one).
const IDLE_POLL: Duration = Duration::from_secs(2);

/// How the sweep workers of one server run.
#[derive(Debug, Clone)]
pub struct SweepWorkers {
    /// Workers (sweeps at once); 0 runs none in this instance.
    pub count: usize,
    /// Sites of one sweep checked at once.
    pub concurrency: usize,
    /// Where per-sweep report folders are made (next to the database).
    pub work_dir: PathBuf,
}

/// Wakes idle workers of this process when a sweep is queued here.
pub fn wake() -> &'static Notify {
    static WAKE: OnceLock<Notify> = OnceLock::new();
    WAKE.get_or_init(Notify::new)
}

/// Queues again sweeps left running by a server that is gone, then starts the workers.
pub fn start(
    state: Arc<AppState>,
    config: SweepWorkers,
    stop: watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    match claim::requeue_stale(&state.db, now_ms()) {
        Ok(0) => {}
        Ok(n) => tracing::info!(sweeps = n, "sweeps of a stopped server are queued again"),
        Err(e) => tracing::error!("{e}"),
    }
    let config = Arc::new(config);
    (0..config.count)
        .map(|_| tokio::spawn(worker(state.clone(), config.clone(), stop.clone())))
        .collect()
}

async fn worker(state: Arc<AppState>, config: Arc<SweepWorkers>, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        let db = state.db.clone();
        let token = crate::serve::security::random_hex(16);
        let claimed = tokio::task::spawn_blocking(move || {
            claim::requeue_stale(&db, now_ms())?;
            claim::claim_next(&db, &token, now_ms())
        })
        .await;
        match claimed {
            Ok(Ok(Some(c))) => run(&state, &config, c, stop.clone()).await,
            Ok(Ok(None)) => {
                tokio::select! {
                    _ = wake().notified() => {}
                    _ = stop.changed() => {}
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                }
            }
            Ok(Err(e)) => {
                tracing::error!("{e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => {
                tracing::error!("sweep claim crashed: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Runs one claimed sweep to its end, or queues it again when the server stops.
async fn run(state: &Arc<AppState>, config: &SweepWorkers, c: Claim, stop: watch::Receiver<bool>) {
    tracing::info!(sweep = c.sweep_id, list = c.list_id, "sweep started");
    let db = &state.db;
    let prepared = prepare(state, &c);
    let (history, run_id, items, done_before) = match prepared {
        Ok(p) => p,
        Err(message) => {
            log(claim::fail(db, &c, &message, now_ms()));
            return;
        }
    };
    let out = config
        .work_dir
        .join(format!("sweep-{}-{}", c.sweep_id, c.token));
    let flag = StopFlag::default();
    let recorder = Arc::new(Recorder {
        history: history.clone(),
        run_id,
        out: out.clone(),
        db: db.clone(),
        claim: c.clone(),
        done: AtomicUsize::new(done_before),
        lost: AtomicBool::new(false),
        stop: flag.clone(),
    });
    let watcher = tokio::spawn(watch_sweep(recorder.clone(), stop.clone()));
    let accepted = crate::workspace::accepted::load(db)
        .map_err(|e| tracing::warn!("accepted findings not applied: {e}"))
        .ok();
    let sweep_config = SweepConfig {
        concurrency: config.concurrency.max(1),
        crawl: state.engine.crawl.clone(),
        out: out.clone(),
        journal: None,
        annotate: Some(Arc::new(Annotator {
            accepted,
            history: Some(history.clone()),
        })),
    };
    let politeness = crate::politeness::Politeness::new(state.engine.politeness.clone());
    let progress: Arc<dyn SweepProgress> = recorder.clone();
    let rows = run_sweep(
        items,
        state.engine.rules.clone(),
        state.engine.fetcher.clone(),
        Arc::new(politeness),
        &sweep_config,
        progress,
        flag.clone(),
    )
    .await;
    watcher.abort();
    remove_dir(&out);
    let now = now_ms();
    if recorder.lost.load(Ordering::SeqCst) {
        tracing::warn!(
            sweep = c.sweep_id,
            "sweep was taken over or deleted; stopped here"
        );
    } else if *stop.borrow() {
        tracing::info!(
            sweep = c.sweep_id,
            "server stopping: sweep back in the queue"
        );
        log(claim::requeue(db, &c));
    } else if let Some(reason) = flag.reason() {
        log(history.finish_run(run_id, true));
        log(claim::fail(db, &c, &reason, now));
    } else {
        log(claim::progress(
            db,
            &c,
            recorder.done.load(Ordering::SeqCst),
            now,
        ));
        log(history.finish_run(run_id, false));
        log(claim::finish(db, &c, now));
        tracing::info!(
            sweep = c.sweep_id,
            run = run_id,
            sites = rows.len(),
            "sweep done"
        );
    }
}

/// The history, the run (begun now or continued), the sites still to check and how many the
/// run already has; or the Russian reason the sweep cannot run.
fn prepare(
    state: &AppState,
    c: &Claim,
) -> Result<(Arc<History>, i64, Vec<SweepItem>, usize), String> {
    let history = state
        .engine
        .history
        .clone()
        .ok_or("история проверок сервера не открыта, проверка списка невозможна")?;
    let sites = list_sites(&state.db, c.list_id)
        .map_err(|e| e.to_string())?
        .ok_or("список удалён")?;
    let (run_id, recorded) = match c.run_id {
        Some(run) => (run, recorded_urls(&history, run)?),
        None => {
            let ruleset = crate::report::RulesetInfo::of(&state.engine.rules);
            let args = serde_json::json!({
                "serve": true, "workspace_sweep": c.sweep_id, "list_id": c.list_id,
            });
            let run = history
                .begin_run(RunKind::Sweep, &ruleset, &args.to_string(), None)
                .map_err(|e| e.to_string())?;
            (run, HashSet::new())
        }
    };
    if !claim::set_run(&state.db, c, run_id, sites.len()).map_err(|e| e.to_string())? {
        return Err("проверку забрал другой экземпляр сервера".into());
    }
    let items = items(&sites, &recorded);
    Ok((
        history,
        run_id,
        items,
        sites.len() - items_left(&sites, &recorded),
    ))
}

fn recorded_urls(history: &History, run: i64) -> Result<HashSet<String>, String> {
    let summary = history.run_summary(run).map_err(|e| e.to_string())?;
    Ok(summary.sites.into_iter().map(|s| s.url).collect())
}

fn items_left(sites: &[StoredSite], recorded: &HashSet<String>) -> usize {
    sites.iter().filter(|s| !recorded.contains(&s.url)).count()
}

/// The list's sites not yet recorded, as the engine's items (a stored address that no longer
/// parses is skipped: the list was stored normalised).
fn items(sites: &[StoredSite], recorded: &HashSet<String>) -> Vec<SweepItem> {
    let mut dirs = DirNames::default();
    sites
        .iter()
        .filter(|s| !recorded.contains(&s.url))
        .filter_map(|s| {
            let url = url::Url::parse(&s.url).ok()?;
            Some(SweepItem {
                row: s.row,
                dir: dirs.name_for(&url),
                url,
                name: s.name.clone(),
                region: s.region.clone(),
                inn: s.inn.clone(),
                kind: s.kind.clone(),
            })
        })
        .collect()
}

/// Records every finished site in the history and counts it in `ws_sweeps.sites_done`.
struct Recorder {
    history: Arc<History>,
    run_id: i64,
    out: PathBuf,
    db: Db,
    claim: Claim,
    done: AtomicUsize,
    lost: AtomicBool,
    stop: StopFlag,
}

impl Recorder {
    /// Writes the count and heartbeat; a sweep no longer ours is stopped.
    fn beat(&self) {
        let done = self.done.load(Ordering::SeqCst);
        match claim::progress(&self.db, &self.claim, done, now_ms()) {
            Ok(true) => {}
            Ok(false) => {
                self.lost.store(true, Ordering::SeqCst);
                self.stop.stop();
            }
            Err(e) => tracing::error!("{e}"),
        }
    }
}

impl SweepProgress for Recorder {
    fn started(&self, _item: &SweepItem) {}

    fn page(&self) {}

    fn finished(&self, row: &SweepSite) {
        let dir = self.out.join(&row.dir);
        // A site whose check itself failed has no report; its failure is the row's (as in the CLI).
        if let Ok(report) = site_json::read(&dir.join("report.json")) {
            if let Err(e) = self.history.record_site(self.run_id, row, &report) {
                tracing::error!(site = %row.url, "site not recorded: {e}");
            }
        }
        if row.dir != "." {
            remove_dir(&dir);
        }
        self.done.fetch_add(1, Ordering::SeqCst);
        self.beat();
    }
}

/// Stamps the heartbeat while the sweep runs and stops it when the server stops.
async fn watch_sweep(recorder: Arc<Recorder>, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => {
                recorder.stop.stop();
                return;
            }
            _ = tokio::time::sleep(HEARTBEAT) => recorder.beat(),
        }
    }
}

fn remove_dir(dir: &Path) {
    if let Err(e) = std::fs::remove_dir_all(dir) {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(dir = %dir.display(), "report folder not removed: {e}");
        }
    }
}

fn log<T, E: std::fmt::Display>(result: Result<T, E>) {
    if let Err(e) = result {
        tracing::error!("{e}");
    }
}
