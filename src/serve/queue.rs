//! The workers: each takes the oldest queued check from the store, runs the library pipeline on
//! it (the same [`audit_site`] `socaudit check` runs), publishes its progress and stores the
//! report. On shutdown a running check gets a grace period to finish; past it, it goes back to
//! the queue for the next start.

use super::live::{Live, Snapshot};
use super::metrics::Metrics;
use super::store::{CheckRecord, CheckStatus, CheckStore};
use super::{now_ms, SiteFetcher};
use crate::audit::audit_site;
use crate::crawl::{CrawlConfig, Progress};
use crate::history::{History, RunKind};
use crate::politeness::{Politeness, PolitenessConfig};
use crate::report::SiteReport;
use crate::rules::RuleSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{watch, Notify};

/// How often an idle worker looks at the store even without being woken (another process may
/// share the database).
const IDLE_POLL: Duration = Duration::from_secs(5);

/// What the workers share.
pub struct Engine {
    /// The checks.
    pub store: Arc<dyn CheckStore>,
    /// Progress of running checks.
    pub live: Live,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The rules every check applies.
    pub rules: Arc<RuleSet>,
    /// The HTTP fetcher shared by all checks (public addresses only unless `--allow-private`).
    pub fetcher: Arc<SiteFetcher>,
    /// Politeness settings; every check gets its own robots cache and host slots.
    pub politeness: PolitenessConfig,
    /// Crawl budgets of one check.
    pub crawl: CrawlConfig,
    /// The run history each finished check is recorded in.
    pub history: Option<Arc<History>>,
    /// Woken when a check is queued.
    pub wake: Notify,
    /// How long a running check may go on after shutdown began.
    pub shutdown_grace: Duration,
}

impl Engine {
    /// Requirements in the rule set (the `total` of progress).
    pub fn total(&self) -> u64 {
        self.rules.rules.len() as u64
    }

    /// The snapshot of a stored check: live when a worker runs it, else from the store.
    pub fn snapshot(&self, record: &CheckRecord) -> Snapshot {
        if !record.status.is_final() {
            if let Some(live) = self.live.current(&record.id) {
                return live;
            }
        }
        Snapshot::new(record.status, record.pages, record.decided, self.total())
    }
}

/// Runs one worker until `stop` turns true.
pub async fn worker(engine: Arc<Engine>, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        match engine.store.claim_next(now_ms()) {
            Ok(Some(record)) => run_check(&engine, record, stop.clone()).await,
            Ok(None) => {
                tokio::select! {
                    _ = engine.wake.notified() => {}
                    _ = stop.changed() => {}
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                }
            }
            Err(e) => {
                tracing::error!("{e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Runs one claimed check to its end, or puts it back in the queue when the server stops.
async fn run_check(engine: &Arc<Engine>, record: CheckRecord, stop: watch::Receiver<bool>) {
    let id = record.id.clone();
    tracing::info!(check = %id, url = %record.url, "check started");
    let began = Instant::now();
    let total = engine.total();
    engine
        .live
        .publish(&id, Snapshot::new(CheckStatus::Running, 0, 0, total));
    let task = tokio::spawn(audit(engine.clone(), record.url.clone(), id.clone()));
    let abort = task.abort_handle();
    let outcome = tokio::select! {
        joined = task => Some(joined),
        _ = grace_expired(stop, engine.shutdown_grace) => None,
    };
    let (pages, decided) = engine
        .live
        .current(&id)
        .map_or((0, 0), |s| (s.pages, s.decided));
    let final_status = match outcome {
        None => {
            abort.abort();
            tracing::info!(check = %id, "server stopping: check back in the queue");
            log_err(engine.store.requeue(&id));
            engine
                .live
                .finish(&id, Snapshot::new(CheckStatus::Queued, 0, 0, total));
            return;
        }
        Some(Ok(Ok(report))) => store_report(engine, &id, &report, pages, decided),
        Some(Ok(Err(reason))) => {
            log_err(engine.store.fail(&id, &reason, now_ms()));
            CheckStatus::Failed
        }
        Some(Err(e)) => {
            tracing::error!(check = %id, "check crashed: {e}");
            log_err(
                engine
                    .store
                    .fail(&id, "внутренняя ошибка проверки", now_ms()),
            );
            CheckStatus::Failed
        }
    };
    engine.metrics.observe(final_status, began.elapsed());
    engine
        .live
        .finish(&id, Snapshot::new(final_status, pages, decided, total));
}

/// Resolves once `stop` is true and `grace` has passed since.
async fn grace_expired(mut stop: watch::Receiver<bool>, grace: Duration) {
    if stop.wait_for(|s| *s).await.is_err() {
        // The sender is gone without a stop: never expire.
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(grace).await;
}

/// The pipeline itself, publishing progress as pages arrive.
async fn audit(engine: Arc<Engine>, url: String, id: String) -> Result<SiteReport, String> {
    let total = engine.total();
    let on_progress = |p: Progress<'_>| match p {
        Progress::Page {
            url,
            pages,
            undecided,
        } => {
            let decided = total.saturating_sub(undecided as u64);
            let mut snapshot = Snapshot::new(CheckStatus::Running, pages as u64, decided, total);
            snapshot.current_url = Some(url.to_string());
            engine.live.publish(&id, snapshot);
        }
    };
    let politeness = Politeness::new(engine.politeness.clone());
    // The URL was normalised before it was stored; a row edited by hand is reported, not trusted.
    let start = url::Url::parse(&url).map_err(|e| format!("«{url}» — не адрес сайта: {e}"))?;
    let report = audit_site(
        &start,
        &engine.rules,
        engine.fetcher.as_ref(),
        &politeness,
        &engine.crawl,
        &on_progress,
    )
    .await;
    Ok(report)
}

/// Stores the finished report and records it in the run history.
fn store_report(
    engine: &Engine,
    id: &str,
    report: &SiteReport,
    pages: u64,
    decided: u64,
) -> CheckStatus {
    // The same «не выполнено с …» dates as `socaudit check` writes, from the same history.
    let mut dated = report.clone();
    let annotator = crate::annotate::Annotator {
        accepted: None,
        history: engine.history.clone(),
    };
    annotator.annotate(&mut dated);
    let report = &dated;
    let json = crate::report::json::to_string(report);
    log_err(engine.store.set_progress(
        id,
        pages.max(report.crawl.pages_fetched as u64),
        decided.max(decided_in(report)),
    ));
    if let Err(e) = engine.store.finish(id, &json, now_ms()) {
        tracing::error!(check = %id, "{e}");
        return CheckStatus::Failed;
    }
    if let Some(history) = &engine.history {
        if let Err(e) = record_in_history(history, &engine.rules, report) {
            tracing::warn!(check = %id, "history not recorded: {e}");
        }
    }
    tracing::info!(check = %id, verdict = %report.summary.verdict, "check done");
    CheckStatus::Done
}

/// Requirements the report decided (anything but `unknown`).
fn decided_in(report: &SiteReport) -> u64 {
    report
        .requirements
        .iter()
        .filter(|v| v.status != crate::model::Status::Unknown)
        .count() as u64
}

/// Records the check as a one-site `check` run, as `socaudit check` does.
fn record_in_history(
    history: &History,
    rules: &RuleSet,
    report: &SiteReport,
) -> Result<(), String> {
    let url = url::Url::parse(&report.site.url).map_err(|e| e.to_string())?;
    let item = crate::sweep::SweepItem::single(url);
    let took = Duration::from_millis(report.crawl.duration_ms);
    let row = crate::sweep::build::site_row(&item, ".", report, took);
    let ruleset = crate::report::RulesetInfo::of(rules);
    let run = history
        .begin_run(RunKind::Check, &ruleset, "{\"serve\":true}", None)
        .map_err(|e| e.to_string())?;
    history
        .record_site(run, &row, report)
        .map_err(|e| e.to_string())?;
    history.finish_run(run, false).map_err(|e| e.to_string())
}

fn log_err<E: std::fmt::Display>(result: Result<(), E>) {
    if let Err(e) = result {
        tracing::error!("{e}");
    }
}
