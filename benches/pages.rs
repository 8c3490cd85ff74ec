//! Per-page CPU benchmark: generates one site of 2 000 Russian HTML pages of 45 KB (menus,
//! paragraphs, tables, document links), then
//! 1. checks the pages in memory (parsing, then the checker with all rules: CPU per page);
//! 2. serves the site on 127.0.0.1 and crawls it whole with all rules, delay 0, as
//!    `socaudit check` would (no requirement about the survey or НОК can be decided there, so the
//!    crawl never stops early);
//! 3. fetches it with `wget2` or `wget -r` from the same server, for comparison.
//!
//! `cargo bench --bench pages -- [--pages N] [--no-wget] [--crawl-only]` (`--crawl-only` skips
//! the in-memory part, for profiling the crawl alone)
//!
//! CPU is user+sys time from getrusage (wall time means little on a shared machine). The server
//! runs on its own thread in this process; its CPU is read from /proc and subtracted.

use socaudit::check::{
    judge_page_content, match_page, match_page_with, page_emptiness, Checker, LinkMemo,
};
use socaudit::crawl::{crawl, CrawlConfig};
use socaudit::extract::{extract, Page};
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fixture_server::{serve, Site};
use socaudit::politeness::{Politeness, PolitenessConfig};
use socaudit::rules::{fold, RuleSet};
use socaudit::urlnorm::Scope;
#[path = "pages/site.rs"]
mod site;

use site::{site_files, SECTIONS};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use url::Url;

/// User + system CPU time: of this process (`RUSAGE_SELF`) or of its waited-for children.
fn rusage(who: libc::c_int) -> Duration {
    // SAFETY: getrusage only writes into the struct we pass; a zeroed rusage is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid `who` with a valid pointer cannot fail.
    unsafe { libc::getrusage(who, &mut usage) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// User + system CPU time of thread `tid` of this process, from /proc (clock ticks of 10 ms).
fn thread_cpu(tid: i64) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after_name
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// CPU time of this process's page-work threads (`socaudit-page-N`), from /proc.
fn page_threads_cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    tasks
        .flatten()
        .filter(|t| {
            std::fs::read_to_string(t.path().join("comm"))
                .is_ok_and(|c| c.starts_with("socaudit-page"))
        })
        .filter_map(|t| t.file_name().to_str()?.parse::<i64>().ok())
        .map(thread_cpu)
        .sum()
}

/// The fixture server on its own single-threaded runtime: its port and thread id.
fn start_server(site: Site) -> Result<(u16, i64), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // SAFETY: gettid has no preconditions.
        let tid = unsafe { libc::gettid() } as i64;
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(r) => r,
            Err(e) => return drop(tx.send(Err(e.to_string()))),
        };
        runtime.block_on(async move {
            match serve(site).await {
                Ok(server) => {
                    let _ = tx.send(Ok((server.port(), tid)));
                    std::future::pending::<()>().await;
                }
                Err(e) => drop(tx.send(Err(e.to_string()))),
            }
        });
    });
    rx.recv().map_err(|e| e.to_string())?
}

fn report(what: &str, pages: usize, wall: Duration, cpu: Duration) {
    let secs = cpu.as_secs_f64().max(1e-9);
    println!(
        "{what}: {pages} pages, wall {:.1} s, CPU {:.2} s = {:.0} pages per CPU-second, {:.2} ms CPU per page",
        wall.as_secs_f64(),
        secs,
        pages as f64 / secs,
        secs * 1000.0 / pages.max(1) as f64
    );
}

/// Matching alone: the checker with all rules over the parsed pages.
fn check_in_memory(rules: &RuleSet, files: &[(String, Vec<u8>)], base: &Url) -> Result<(), String> {
    let html: Vec<(Url, String)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            Ok((
                base.join(p).map_err(|e| e.to_string())?,
                String::from_utf8_lossy(b).into_owned(),
            ))
        })
        .collect::<Result<_, String>>()?;
    let (cpu0, t0) = (rusage(libc::RUSAGE_THREAD), Instant::now());
    let pages: Vec<Page> = html.iter().map(|(u, h)| extract(u, h)).collect();
    report(
        "parse (extract)",
        pages.len(),
        t0.elapsed(),
        rusage(libc::RUSAGE_THREAD) - cpu0,
    );
    let (cpu0, t0) = (rusage(libc::RUSAGE_THREAD), Instant::now());
    let empty = pages
        .iter()
        .filter(|p| page_emptiness(p) != socaudit::check::Emptiness::Content)
        .count();
    report(
        "page_emptiness",
        pages.len(),
        t0.elapsed(),
        rusage(libc::RUSAGE_THREAD) - cpu0,
    );
    // The two scans of a page's long texts, alone (part of `match_page`).
    let folded: Vec<(String, String)> = (pages.iter())
        .map(|p| (fold(&p.main_text).into_owned(), fold(&p.text).into_owned()))
        .collect();
    let (cpu0, t0) = (rusage(libc::RUSAGE_THREAD), Instant::now());
    let mut hits = 0usize;
    for (main, all) in &folded {
        let found = rules.index().scan_page_texts(main, all);
        hits += [found.content, found.absence, found.anywhere]
            .iter()
            .filter(|h| !h.is_empty())
            .count();
    }
    std::hint::black_box(hits);
    report(
        "scans of the main and the whole text alone",
        pages.len(),
        t0.elapsed(),
        rusage(libc::RUSAGE_THREAD) - cpu0,
    );
    let kib = |len: usize| len as f64 / 1024.0 / folded.len().max(1) as f64;
    println!(
        "  (main text {:.1} KiB, whole text {:.1} KiB a page)",
        kib(folded.iter().map(|(m, _)| m.len()).sum()),
        kib(folded.iter().map(|(_, a)| a.len()).sum()),
    );
    let scope = Scope::new(base);
    let (cpu0, t0) = (rusage(libc::RUSAGE_THREAD), Instant::now());
    let found: usize = pages
        .iter()
        .filter_map(|p| match_page(rules, p, &scope))
        .map(|m| m.candidates.len())
        .sum();
    report(
        "match_page alone, every link matched on every page",
        pages.len(),
        t0.elapsed(),
        rusage(libc::RUSAGE_THREAD) - cpu0,
    );
    // As a crawl matches: each distinct link once per site.
    let memo = LinkMemo::default();
    let (cpu0, t0) = (rusage(libc::RUSAGE_THREAD), Instant::now());
    let found_memo: usize = pages
        .iter()
        .filter_map(|p| match_page_with(rules, p, &scope, Some(&memo)))
        .map(|m| m.candidates.len())
        .sum();
    if found_memo != found {
        return Err(format!(
            "{found_memo} candidates with the link memo, {found} without"
        ));
    }
    report(
        "match_page alone (all rules, as in a crawl)",
        pages.len(),
        t0.elapsed(),
        rusage(libc::RUSAGE_THREAD) - cpu0,
    );
    println!("  ({found} candidates)");
    let today = time::OffsetDateTime::now_utc().date();
    let (cpu0, t0) = (rusage(libc::RUSAGE_THREAD), Instant::now());
    for p in &pages {
        std::hint::black_box(judge_page_content(rules, p, &scope, today));
    }
    report(
        "judge_page_content alone (all rules)",
        pages.len(),
        t0.elapsed(),
        rusage(libc::RUSAGE_THREAD) - cpu0,
    );
    let mut checker = Checker::new(rules);
    let (cpu0, t0) = (rusage(libc::RUSAGE_THREAD), Instant::now());
    for p in &pages {
        checker.observe_page(p, &scope);
    }
    report(
        "check (Checker::observe_page, all rules)",
        pages.len(),
        t0.elapsed(),
        rusage(libc::RUSAGE_THREAD) - cpu0,
    );
    println!(
        "  ({empty} pages judged empty; {} requirements undecided)",
        checker.undecided().count()
    );
    Ok(())
}

async fn crawl_site(
    rules: &RuleSet,
    start: &Url,
    pages: usize,
    server_tid: i64,
) -> Result<(), String> {
    let fetcher = HttpFetcher::new(HttpConfig::default()).map_err(|e| e.to_string())?;
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        ..PolitenessConfig::default()
    });
    let config = CrawlConfig {
        max_pages: pages,
        max_documents: 50,
        max_urls_per_pattern: 1_000_000,
        time_limit: Duration::from_secs(3600),
        ..CrawlConfig::default()
    };
    let mut checker = Checker::new(rules);
    let (cpu0, server0, t0) = (
        rusage(libc::RUSAGE_SELF),
        thread_cpu(server_tid),
        Instant::now(),
    );
    let page_threads0 = page_threads_cpu();
    let rec = crawl(start, &fetcher, &politeness, &mut checker, &config, &|_| {}).await;
    let wall = t0.elapsed();
    let server = thread_cpu(server_tid) - server0;
    let page_threads = page_threads_cpu() - page_threads0;
    let cpu = (rusage(libc::RUSAGE_SELF) - cpu0).saturating_sub(server);
    report(
        "socaudit crawl + check (server's CPU subtracted)",
        rec.pages_fetched,
        wall,
        cpu,
    );
    let per_page = |d: Duration| d.as_secs_f64() * 1000.0 / rec.pages_fetched.max(1) as f64;
    println!(
        "  of which page-work threads (parse, match, judge): {:.2} ms per page; the rest \
         (coordinator, HTTP, checker): {:.2} ms per page",
        per_page(page_threads),
        per_page(cpu.saturating_sub(page_threads))
    );
    println!(
        "  server thread: {:.2} s CPU; stopped: {:?}",
        server.as_secs_f64(),
        rec.stopped_because
    );
    Ok(())
}

/// Files under `dir`, recursively.
fn count_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| match e.file_type() {
                Ok(t) if t.is_dir() => count_files(&e.path()),
                _ => 1,
            })
            .sum()
    })
}

fn wget(start: &Url, pages: usize, server_tid: i64) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let Some(tool) = ["wget2", "wget"].into_iter().find(|t| {
        std::process::Command::new(t)
            .arg("--version")
            .output()
            .is_ok()
    }) else {
        println!("wget2/wget: not installed, skipped");
        return Ok(());
    };
    let (cpu0, server0, t0) = (
        rusage(libc::RUSAGE_CHILDREN),
        thread_cpu(server_tid),
        Instant::now(),
    );
    let status = std::process::Command::new(tool)
        .args(["-r", "-l", "inf", "--no-parent", "-q", "-P"])
        .arg(dir.path())
        .arg(start.as_str())
        .status()
        .map_err(|e| e.to_string())?;
    let (wall, server) = (t0.elapsed(), thread_cpu(server_tid) - server0);
    report(
        &format!("{tool} -r ({status})"),
        pages,
        wall,
        rusage(libc::RUSAGE_CHILDREN) - cpu0,
    );
    println!(
        "  server thread: {:.2} s CPU; {} files saved",
        server.as_secs_f64(),
        count_files(dir.path())
    );
    Ok(())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut pages, mut run_wget, mut in_memory) = (2_000usize, true, true);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--pages" => {
                pages = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(pages)
                    .max(SECTIONS.len() + 3)
            }
            "--no-wget" => run_wget = false,
            "--crawl-only" => in_memory = false,
            _ => {}
        }
    }
    if let Err(e) = run(pages, run_wget, in_memory) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

fn run(pages: usize, run_wget: bool, in_memory: bool) -> Result<(), String> {
    let files = site_files(pages);
    let bytes: usize = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| b.len())
        .sum();
    let html = files.iter().filter(|(p, _)| p.ends_with(".html")).count();
    println!("socaudit per-page benchmark: {html} HTML pages, {:.1} KiB per page, all rules of rules/1239-886n.toml", bytes as f64 / 1024.0 / html as f64);
    println!("CPU = user+sys (getrusage); wall times are shown but the machine may be shared");
    let t0 = Instant::now();
    let rules = RuleSet::builtin();
    let _ = rules.index();
    println!(
        "rules compiled in {:.0} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let base = Url::parse("http://127.0.0.1/").map_err(|e| e.to_string())?;
    if in_memory {
        check_in_memory(&rules, &files, &base)?;
    }
    let site = Site::from_files(files).map_err(|e| e.to_string())?;
    let (port, tid) = start_server(site)?;
    let start = Url::parse(&format!("http://127.0.0.1:{port}/")).map_err(|e| e.to_string())?;
    // The runtime `socaudit check` crawls a site on.
    let runtime = socaudit::crawl::site_runtime().map_err(|e| e.to_string())?;
    runtime.block_on(crawl_site(&rules, &start, pages, tid))?;
    if run_wget {
        wget(&start, html, tid)?;
    }
    Ok(())
}
