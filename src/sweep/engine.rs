//! The sweep engine: checks many sites at once, each still polite per host (one politeness object
//! is shared, so two sites on one host share its delay), writes each site's reports as soon as it
//! is done, and keeps only a small row per site in memory.

use super::build::{site_row, unchecked_row};
use super::journal::Journal;
use super::pace::Pace;
use super::SweepSite;
use crate::audit::audit_site;
use crate::crawl::CrawlConfig;
use crate::fetch::Fetcher;
use crate::politeness::Politeness;
use crate::report::write_site_reports;
use crate::report::StopReason;
use crate::rules::RuleSet;
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// How long past its time limit a site may take before the sweep gives up on it: the crawl stops
/// itself at the limit, this covers writing its reports and any bug that would stall it.
pub const SITE_GRACE: Duration = Duration::from_secs(15);

/// One site to check, with what the input said about it.
#[derive(Debug, Clone)]
pub struct SweepItem {
    /// Row in the input.
    pub row: usize,
    /// Start URL.
    pub url: Url,
    /// Folder of its reports, relative to the output folder (assigned when the sweep is planned).
    pub dir: String,
    /// Institution name.
    pub name: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// ИНН.
    pub inn: Option<String>,
    /// Type of institution.
    pub kind: Option<String>,
}

impl SweepItem {
    /// The one site of a `check` (or a check of `socaudit serve`), as a one-row list would give it.
    pub fn single(url: Url) -> SweepItem {
        SweepItem {
            row: 1,
            url,
            dir: ".".into(),
            name: None,
            region: None,
            inn: None,
            kind: None,
        }
    }
}

/// How a sweep runs.
#[derive(Clone)]
pub struct SweepConfig {
    /// Sites checked at the same time.
    pub concurrency: usize,
    /// Budgets of each site's crawl.
    pub crawl: CrawlConfig,
    /// Output folder.
    pub out: PathBuf,
    /// Where finished sites are recorded as they finish (resumable sweeps).
    pub journal: Option<Arc<Journal>>,
    /// Acceptances and failure dates added to each report before it is written.
    pub annotate: Option<Arc<crate::annotate::Annotator>>,
}

/// What the engine reports while it runs.
pub trait SweepProgress: Send + Sync {
    /// A site started.
    fn started(&self, item: &SweepItem);
    /// A page of some site was fetched.
    fn page(&self);
    /// A site is done.
    fn finished(&self, row: &SweepSite);
}

/// Set by Ctrl-C (or by the engine when this computer runs out of resources): no new sites
/// start; finished ones are kept.
#[derive(Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>, Arc<std::sync::Mutex<Option<String>>>);

impl StopFlag {
    /// Asks the sweep to stop.
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// True once stop was asked.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
    /// Stops the sweep because of an error of this computer (one Russian sentence).
    pub fn stop_because(&self, reason: String) {
        *self.1.lock().unwrap_or_else(|p| p.into_inner()) = Some(reason);
        self.stop();
    }
    /// Why the engine stopped the sweep, when it was not Ctrl-C.
    pub fn reason(&self) -> Option<String> {
        self.1.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Checks `items` and returns one row per site that finished, in input order.
pub async fn run_sweep<F: Fetcher + 'static>(
    items: Vec<SweepItem>,
    rules: Arc<RuleSet>,
    fetcher: Arc<F>,
    politeness: Arc<Politeness>,
    config: &SweepConfig,
    progress: Arc<dyn SweepProgress>,
    stop: StopFlag,
) -> Vec<SweepSite> {
    let mut pending: VecDeque<SweepItem> = items.into();
    let mut in_flight = FuturesUnordered::new();
    let mut rows = Vec::new();
    let mut shortage = Shortage::new(config.concurrency);
    let mut pace = Pace::start();
    loop {
        while in_flight.len() < shortage.limit
            && !stop.is_stopped()
            && !pending.is_empty()
            && pace.admit()
        {
            let Some(item) = pending.pop_front() else {
                break;
            };
            let dir = item.dir.clone();
            progress.started(&item);
            let ceiling = config.crawl.time_limit + SITE_GRACE;
            let task = spawn_site(
                item.clone(),
                dir.clone(),
                &rules,
                &fetcher,
                &politeness,
                config,
                &progress,
            );
            in_flight.push(async move {
                // The safety net: the crawl keeps its own deadline, but whatever a site does, the
                // sweep waits for it only this long (from the coordinator's side, so that even a
                // task stuck on its thread cannot hold the summary back).
                let abort = task.abort_handle();
                let joined = tokio::time::timeout(ceiling, task).await;
                if joined.is_err() {
                    abort.abort();
                }
                (item, dir, joined)
            });
        }
        // Sites still to start, with room for them, are waiting for the pace: look again a
        // tick later even if no site finishes meanwhile.
        let held_back =
            !pending.is_empty() && in_flight.len() < shortage.limit && !stop.is_stopped();
        let next = tokio::select! {
            next = in_flight.next(), if !in_flight.is_empty() => next,
            _ = tokio::time::sleep(super::pace::TICK), if held_back => continue,
            _ = wait_for_stop(&stop), if !in_flight.is_empty() => break,
            else => None,
        };
        let Some((item, dir, joined)) = next else {
            break;
        };
        let row = match joined {
            Ok(Ok(Ok(row))) => row,
            Ok(Ok(Err(reason))) => {
                // Not the site's failure: nothing is journaled, so a resumed sweep runs it.
                if let Some(item) = shortage.retry_later(item, &reason, &stop) {
                    pending.push_back(item);
                }
                continue;
            }
            // A panic inside one site's check is that site's failure, never the sweep's.
            Ok(Err(e)) => unchecked_row(
                &item,
                &dir,
                &rules,
                &format!("внутренняя ошибка при проверке сайта: {e}"),
            ),
            Err(_) => unchecked_row(
                &item,
                &dir,
                &rules,
                &format!(
                    "{}: проверка не завершилась за {} с",
                    StopReason::TimeLimit.label_ru(),
                    (config.crawl.time_limit + SITE_GRACE).as_secs()
                ),
            ),
        };
        progress.finished(&row);
        rows.push(row);
    }
    rows.sort_by_key(|r| r.row);
    rows
}

async fn wait_for_stop(stop: &StopFlag) {
    while !stop.is_stopped() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn spawn_site<F: Fetcher + 'static>(
    item: SweepItem,
    dir: String,
    rules: &Arc<RuleSet>,
    fetcher: &Arc<F>,
    politeness: &Arc<Politeness>,
    config: &SweepConfig,
    progress: &Arc<dyn SweepProgress>,
) -> tokio::task::JoinHandle<Result<SweepSite, String>> {
    let (rules, fetcher, politeness, progress) = (
        rules.clone(),
        fetcher.for_site(),
        politeness.clone(),
        progress.clone(),
    );
    let crawl = config.crawl.clone();
    let site_dir = config.out.join(&dir);
    let journal = config.journal.clone();
    let annotate = config.annotate.clone();
    tokio::spawn(async move {
        let began = Instant::now();
        let on_page = |_: crate::crawl::Progress<'_>| progress.page();
        let mut report = audit_site(
            &item.url,
            &rules,
            fetcher.as_ref(),
            &politeness,
            &crawl,
            &on_page,
        )
        .await;
        if let Some(reason) = local_shortage(&report) {
            return Err(reason);
        }
        if let Some(annotate) = &annotate {
            annotate.annotate(&mut report);
        }
        // A report that cannot be written (disk full, no descriptors) is this computer's
        // failure, never the site's.
        if let Err(e) = write_site_reports(&report, &site_dir) {
            return Err(format!("отчёт сайта {} не записан: {e}", item.url));
        }
        let row = site_row(&item, &dir, &report, began.elapsed());
        // Journaled only after the reports are on disk: a site in the journal is complete.
        if let Some(journal) = &journal {
            if let Err(e) = journal.append(&row) {
                tracing::error!("{e}");
            }
        }
        Ok(row)
    })
}

/// The first error in `report` that was this computer's (see [`crate::fetch::is_local_shortage`]).
fn local_shortage(report: &crate::report::SiteReport) -> Option<String> {
    let site = report.site.error.iter();
    let crawl = report.crawl.errors.iter().map(|e| &e.error);
    site.chain(crawl)
        .find(|message| crate::fetch::is_local_shortage(message))
        .cloned()
}

/// What the engine does when this computer runs out of descriptors, memory or disk: halve the
/// sites in flight and run the site again at the end of the queue; a site that meets a
/// shortage twice stops the sweep (a resumed sweep picks it up).
struct Shortage {
    limit: usize,
    retried: HashSet<(usize, String)>,
}

impl Shortage {
    fn new(concurrency: usize) -> Self {
        Shortage {
            limit: concurrency.max(1),
            retried: HashSet::new(),
        }
    }

    /// The item to run again, or `None` after stopping the sweep.
    fn retry_later(&mut self, item: SweepItem, reason: &str, stop: &StopFlag) -> Option<SweepItem> {
        self.limit = (self.limit / 2).max(1);
        tracing::warn!(site = %item.url, reason, concurrency = self.limit, "local resource shortage");
        if self.retried.insert((item.row, item.url.to_string())) {
            return Some(item);
        }
        stop.stop_because(format!(
            "проверка остановлена: {reason}; сайт {} не проверен — освободите ресурсы \
             (ulimit -n, место на диске, память) и продолжите проверку командой \
             socaudit sweep --resume",
            item.url
        ));
        None
    }
}
