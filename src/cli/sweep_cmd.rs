//! `socaudit sweep LIST` and the shared sweep driver used by `socaudit demo`.

use super::{fail, setup, CrawlArgs, SweepArgs, EXIT_NONCOMPLIANT, EXIT_OK, EXIT_USAGE};
use crate::accepted::AcceptedList;
use crate::annotate::Annotator;
use crate::input::{load_site_list, SiteList};
use crate::report::json as site_json;
use crate::report::summary::write_all;
use crate::sweep::dirs::DirNames;
use crate::sweep::journal::{self, Journal, PlannedSite, SweepPlan};
use crate::sweep::{
    run_sweep, summarize_sweep, InputInfo, StopFlag, SweepConfig, SweepItem, SweepProgress,
    SweepSite, SweepSummary,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub(super) fn run(args: SweepArgs) -> i32 {
    let started = match &args.resume {
        Some(dir) => resume_plan(dir),
        None => new_plan(&args),
    };
    let (plan, out, crawl_args, concurrency, accepted) = match started {
        Ok(p) => p,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let setup = match setup::build(&crawl_args, &out, None) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    match drive(plan, setup, &out, concurrency, args.crawl.quiet, accepted) {
        Ok((summary, paths)) => {
            print_summary(&summary, &paths);
            sweep_exit_code(&summary)
        }
        Err(e) => fail(EXIT_USAGE, e),
    }
}

/// The options a resumed sweep must reuse.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredOptions {
    crawl: CrawlArgs,
    concurrency: usize,
    /// The accepted items file (absolute), when there is one.
    #[serde(default)]
    accepted: Option<PathBuf>,
}

/// A planned sweep: the plan, its output folder, options, concurrency and accepted items.
type Planned = (SweepPlan, PathBuf, CrawlArgs, usize, Option<AcceptedList>);

/// Loads `path` and checks its sites against the planned ones and its ids against the rules.
fn load_accepted(
    path: Option<&Path>,
    plan: &SweepPlan,
    crawl: &CrawlArgs,
) -> Result<Option<AcceptedList>, String> {
    let Some(path) = path else {
        return Ok(None);
    };
    let list = AcceptedList::load(path).map_err(|e| e.to_string())?;
    let rules = super::rules_cmd::load(crawl.rules.as_deref()).map_err(|e| e.to_string())?;
    list.validate(
        plan.sites.iter().map(|s| s.url.as_str()),
        rules.rules.iter().map(|r| r.id.0.as_str()),
    )
    .map_err(|e| e.to_string())?;
    Ok(Some(list))
}

/// Plans a new sweep of `args.list` into `args.out`.
fn new_plan(args: &SweepArgs) -> Result<Planned, String> {
    let Some(list_path) = &args.list else {
        return Err("укажите список сайтов (CSV, XLSX или текст) или --resume ПАПКА".into());
    };
    if args.out.join(journal::PLAN_FILE).exists() {
        return Err(format!(
            "в папке {} уже есть проверка; чтобы продолжить её, запустите socaudit sweep --resume {}, для новой проверки укажите другую папку --out",
            args.out.display(),
            args.out.display()
        ));
    }
    let list = load_site_list(list_path).map_err(|e| e.to_string())?;
    let (items, input) = items_from_list(&list);
    if items.is_empty() {
        return Err(format!(
            "в {} нет ни одного адреса сайта для проверки",
            list.source
        ));
    }
    // Folder names were given over the whole list, so the parts of a sharded sweep never clash.
    let (items, input) = match args.shard {
        Some(shard) => crate::sweep::shard::select(items, input, shard),
        None => (items, input),
    };
    let mut crawl = args.crawl.clone();
    // A resumed sweep may run from another folder: keep the rules file's absolute path.
    crawl.rules = crawl.rules.map(|p| std::fs::canonicalize(&p).unwrap_or(p));
    let accepted_path = args
        .accepted
        .clone()
        .or_else(|| crate::accepted::next_to(list_path))
        .map(|p| std::fs::canonicalize(&p).unwrap_or(p));
    let mut stored = crawl.clone();
    // The plan lies in the output folder: never a database password (a resumed sweep reads it
    // from PGPASSWORD).
    stored.db = stored
        .db
        .map(|db| crate::db::spec_without_password(&db.to_string_lossy()).into());
    let options = StoredOptions {
        crawl: stored,
        concurrency: args.concurrency,
        accepted: accepted_path.clone(),
    };
    let plan = SweepPlan {
        schema: journal::PLAN_SCHEMA.to_string(),
        started_at: crate::audit::now_rfc3339(),
        input,
        sites: items.iter().map(planned).collect(),
        options: serde_json::to_value(&options).map_err(|e| e.to_string())?,
    };
    // Before the plan is written: a mistake in the file must not leave a half-started sweep.
    let accepted = load_accepted(accepted_path.as_deref(), &plan, &crawl)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("не удалось создать папку {}: {e}", args.out.display()))?;
    plan.write(&args.out).map_err(|e| e.to_string())?;
    Ok((plan, args.out.clone(), crawl, args.concurrency, accepted))
}

/// Reads the plan of an interrupted sweep in `dir`.
fn resume_plan(dir: &Path) -> Result<Planned, String> {
    let plan = SweepPlan::read(dir).map_err(|e| e.to_string())?;
    let options: StoredOptions = serde_json::from_value(plan.options.clone()).map_err(|e| {
        format!(
            "{}: параметры проверки не читаются: {e}",
            dir.join(journal::PLAN_FILE).display()
        )
    })?;
    let accepted = load_accepted(options.accepted.as_deref(), &plan, &options.crawl)?;
    Ok((
        plan,
        dir.to_path_buf(),
        options.crawl,
        options.concurrency,
        accepted,
    ))
}

pub(super) fn planned(item: &SweepItem) -> PlannedSite {
    PlannedSite {
        row: item.row,
        url: item.url.to_string(),
        dir: item.dir.clone(),
        name: item.name.clone(),
        region: item.region.clone(),
        inn: item.inn.clone(),
        kind: item.kind.clone(),
    }
}

/// The input list as sweep items plus what the summary says about the input.
pub(super) fn items_from_list(list: &SiteList) -> (Vec<SweepItem>, InputInfo) {
    let mut dirs = DirNames::default();
    let items = list
        .sites
        .iter()
        .map(|s| SweepItem {
            row: s.row,
            dir: dirs.name_for(&s.url),
            url: s.url.clone(),
            name: s.name.clone(),
            region: s.region.clone(),
            inn: s.inn.clone(),
            kind: s.kind.clone(),
        })
        .collect::<Vec<_>>();
    (items, list.input_info())
}

/// Runs the planned sweep (skipping sites its journal already has) with a progress bar and
/// Ctrl-C handling, then writes every summary format.
pub(super) fn drive(
    plan: SweepPlan,
    setup: setup::Setup,
    out: &Path,
    concurrency: usize,
    quiet: bool,
    accepted: Option<AcceptedList>,
) -> Result<(SweepSummary, Vec<PathBuf>), String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("не удалось создать папку {}: {e}", out.display()))?;
    let done = Journal::read(out).map_err(|e| e.to_string())?;
    let journal = Arc::new(Journal::open(out).map_err(|e| e.to_string())?);
    let items: Vec<SweepItem> = plan
        .items()
        .into_iter()
        .filter(|item| {
            !done
                .iter()
                .any(|d| d.row == item.row && d.url == item.url.as_str())
        })
        .collect();
    let total = plan.sites.len();
    let runtime = setup::runtime()?;
    let progress = Arc::new(BarProgress::new(total as u64, quiet));
    progress.bar.inc(done.len() as u64);
    let stop = StopFlag::default();
    let limit = crate::sweep::limits::raise_open_files_limit();
    let (concurrency, lowered) = crate::sweep::limits::cap_concurrency(concurrency, limit);
    if let Some(warning) = lowered {
        progress.bar.suspend(|| eprintln!("socaudit: {warning}"));
    }
    let annotator = Annotator {
        accepted,
        history: setup.history.clone(),
    };
    let config = SweepConfig {
        concurrency,
        crawl: setup.crawl.clone(),
        out: out.to_path_buf(),
        journal: Some(journal),
        annotate: (!annotator.is_empty()).then(|| Arc::new(annotator)),
    };
    let rules = Arc::new(setup.rules);
    let history = setup.history.clone();
    let args_json = plan.options.to_string();
    let began = Instant::now();
    let fresh = runtime.block_on(async {
        let ctrl_c = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                ctrl_c.stop();
                eprintln!("\nsocaudit: прерывание — дописываю отчёты готовых сайтов и сводку (Ctrl-C ещё раз — выйти сразу)");
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
        let progress: Arc<dyn SweepProgress> = progress.clone();
        run_sweep(items, rules.clone(), Arc::new(setup.fetcher), Arc::new(setup.politeness), &config, progress, stop.clone()).await
    });
    progress.bar.finish_and_clear();
    if let Some(reason) = stop.reason() {
        eprintln!("socaudit: {reason} {}", out.display());
    }
    // Every site journaled so far is done, including those that finished while Ctrl-C was
    // stopping the sweep and never reached the coordinator.
    let mut rows = Journal::read(out).map_err(|e| e.to_string())?;
    for row in fresh {
        if !rows.iter().any(|r| r.row == row.row && r.url == row.url) {
            rows.push(row);
        }
    }
    rows.sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.url.cmp(&b.url)));
    let interrupted = rows.len() < total;
    let summary = summarize_sweep(&rules, plan.input, rows, began.elapsed(), interrupted);
    let loader = |site: &SweepSite| site_json::read(&out.join(&site.dir).join("report.json")).ok();
    let paths = write_all(&summary, out, &loader).map_err(|e| e.to_string())?;
    if let Some(history) = &history {
        super::record::record_run(
            history,
            crate::history::RunKind::Sweep,
            &summary,
            &args_json,
            out,
        );
    }
    Ok((summary, paths))
}

/// Prints the sweep in a few lines and where its files are.
pub(super) fn print_summary(summary: &SweepSummary, paths: &[PathBuf]) {
    let sites = &summary.sites;
    let compliant = sites.iter().filter(|s| s.verdict == "compliant").count();
    let unreachable = sites.iter().filter(|s| !s.reachable).count();
    println!(
        "Проверено сайтов: {} — соответствуют: {compliant}, не соответствуют: {}, недоступны: {unreachable}; ошибок во входных данных: {}",
        sites.len(),
        sites.iter().filter(|s| s.verdict == "non_compliant").count(),
        summary.input.problems.len()
    );
    let accepted: usize = sites.iter().map(|s| s.accepted.len()).sum();
    if accepted > 0 {
        println!("Принятых замечаний (не учитываются до указанных дат): {accepted}");
    }
    if summary.interrupted {
        println!("Проверка прервана: в сводке только завершённые сайты.");
    }
    for p in paths {
        println!("{}", p.display());
    }
}

/// 0 when every checked site complies, 1 when any site fails, is partial or is unreachable.
pub(super) fn sweep_exit_code(summary: &SweepSummary) -> i32 {
    if summary
        .sites
        .iter()
        .all(|s| s.verdict == "compliant" && s.reachable)
        && !summary.interrupted
    {
        EXIT_OK
    } else {
        EXIT_NONCOMPLIANT
    }
}

/// indicatif progress: sites done/total, pages/s, failures, ETA; hidden when not a terminal.
struct BarProgress {
    bar: ProgressBar,
    pages: AtomicU64,
    failures: AtomicU64,
    began: Instant,
}

impl BarProgress {
    fn new(total: u64, quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            ProgressBar::new(total)
        };
        if let Ok(style) =
            ProgressStyle::with_template("{bar:30} {pos}/{len} сайтов, осталось ~{eta} {msg}")
        {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        BarProgress {
            bar,
            pages: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            began: Instant::now(),
        }
    }

    fn refresh(&self) {
        let pages = self.pages.load(Ordering::Relaxed);
        let rate = pages as f64 / self.began.elapsed().as_secs_f64().max(0.001);
        let failures = self.failures.load(Ordering::Relaxed);
        self.bar.set_message(format!(
            "| {pages} стр. ({rate:.1}/с) | недоступно: {failures}"
        ));
    }
}

impl SweepProgress for BarProgress {
    fn started(&self, _item: &SweepItem) {}

    fn page(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.refresh();
    }

    fn finished(&self, row: &SweepSite) {
        if !row.reachable {
            self.failures.fetch_add(1, Ordering::Relaxed);
        }
        self.bar.inc(1);
        self.refresh();
    }
}
