//! What the child's sweep produced: verdicts (and why any generated site ended unknown or
//! unreachable — none should), output sizes, and the figures against the targets.

use crate::child::Figures;
use crate::sites::profile;
use crate::Args;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

const MIB: f64 = 1024.0 * 1024.0;

/// Prints the run's figures; an error when the child failed or wrote no summary.
pub fn report(
    args: &Args,
    work: &Path,
    sweep: &Path,
    figures: &Figures,
    served: u64,
    server_cpu: Duration,
) -> Result<(), String> {
    let stderr = std::fs::read_to_string(work.join("socaudit.stderr")).unwrap_or_default();
    for line in stderr.lines().take(10) {
        println!("socaudit stderr: {line}");
    }
    // 0: every site complies, 1: some do not; anything else is a failed run.
    if !matches!(figures.exit, Some(0 | 1)) {
        return Err(format!(
            "socaudit sweep ended with {:?} after {:.1} s",
            figures.exit,
            figures.wall.as_secs_f64()
        ));
    }
    let path = sweep.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let summary: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let sites = summary["sites"].as_array().cloned().unwrap_or_default();
    let pages: u64 = sites
        .iter()
        .filter_map(|s| s["pages_fetched"].as_u64())
        .sum();
    let wall = figures.wall.as_secs_f64();
    println!("exit code: {:?}", figures.exit);
    match figures.sites_done {
        Some(done) => println!(
            "wall: {wall:.1} s (last site journaled at {:.1} s; summaries and history {:.1} s)",
            done.as_secs_f64(),
            wall - done.as_secs_f64()
        ),
        None => println!("wall: {wall:.1} s (not every site reached the journal)"),
    }
    println!("sites/s: {:.2}", sites.len() as f64 / wall.max(1e-9));
    println!(
        "requests answered by the sites: {served} ({:.1} a site); pages fetched (summary): {pages}",
        served as f64 / sites.len().max(1) as f64
    );
    let cpu = figures.cpu.as_secs_f64();
    println!(
        "CPU of socaudit (user+sys): {cpu:.1} s = {:.2} ms per request, {:.0}% of one core; CPU of the bench's server: {:.1} s",
        cpu * 1000.0 / served.max(1) as f64,
        cpu / wall.max(1e-9) * 100.0,
        server_cpu.as_secs_f64()
    );
    let rss = figures.max_rss_kib as f64 / 1024.0;
    println!("peak RSS: {rss:.0} MiB");
    println!(
        "peak open descriptors: {} (sampled every 100 ms; {:.2} per site of --concurrency), peak threads: {}",
        figures.peak_fds,
        figures.peak_fds as f64 / args.concurrency as f64,
        figures.peak_threads
    );
    let bad = verdicts(&sites);
    sizes(sweep)?;
    targets(args, figures, rss, bad);
    Ok(())
}

/// Prints verdicts overall and by profile, and the reasons of unknown/unreachable sites;
/// returns how many sites ended unknown or unreachable.
fn verdicts(sites: &[Value]) -> usize {
    let mut by_profile: BTreeMap<usize, BTreeMap<String, usize>> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut bad = 0;
    for site in sites {
        let verdict = site["verdict"].as_str().unwrap_or("?").to_string();
        let reachable = site["reachable"].as_bool().unwrap_or(false);
        let n = site["row"].as_u64().unwrap_or(1).saturating_sub(1) as usize;
        let label = if reachable {
            verdict.clone()
        } else {
            "unreachable".into()
        };
        *by_profile
            .entry(profile(n))
            .or_default()
            .entry(label)
            .or_default() += 1;
        if !reachable || verdict == "unknown" {
            bad += 1;
            let why = site["error"].as_str().unwrap_or("(no error given)");
            *reasons.entry(why.to_string()).or_default() += 1;
        }
    }
    let count = |label: &str| {
        by_profile
            .values()
            .map(|m| m.get(label).copied().unwrap_or(0))
            .sum::<usize>()
    };
    println!(
        "verdicts: {} sites: compliant {}, non-compliant {}, unknown {}, unreachable {}",
        sites.len(),
        count("compliant"),
        count("non_compliant"),
        count("unknown"),
        count("unreachable")
    );
    for (p, counts) in &by_profile {
        let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("  profile {p} (site % 5 = {p}): {}", parts.join(", "));
    }
    println!("sites unknown or unreachable: {bad}");
    for (why, n) in reasons.iter().take(10) {
        println!("  {n} × {why}");
    }
    bad
}

/// Prints the size of every top-level output file and of the site folders together.
fn sizes(sweep: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(sweep).map_err(|e| format!("{}: {e}", sweep.display()))?;
    let (mut folders, mut folder_bytes, mut total) = (0usize, 0u64, 0u64);
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            let bytes = tree_bytes(&path);
            folders += 1;
            folder_bytes += bytes;
            total += bytes;
        } else {
            let bytes = entry.metadata().map_or(0, |m| m.len());
            total += bytes;
            files.push((entry.file_name().to_string_lossy().into_owned(), bytes));
        }
    }
    files.sort();
    println!("output ({:.1} MiB in all):", total as f64 / MIB);
    for (name, bytes) in files {
        println!("  {name}: {:.2} MiB", bytes as f64 / MIB);
    }
    println!(
        "  {folders} site folders: {:.1} MiB ({:.0} KiB a site)",
        folder_bytes as f64 / MIB,
        folder_bytes as f64 / 1024.0 / folders.max(1) as f64
    );
    Ok(())
}

fn tree_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                tree_bytes(&path)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

/// The targets, scaled to this run's size: 10 000 sites in 10 minutes, 512 MiB,
/// 4 descriptors per site in flight, no generated site unknown or unreachable.
fn targets(args: &Args, figures: &Figures, rss: f64, bad: usize) {
    let mark = |ok: bool| if ok { "met" } else { "MISSED" };
    let allowed = 600.0 * args.sites as f64 / 10_000.0;
    let wall = figures.wall.as_secs_f64();
    println!("targets:");
    println!(
        "  time: {wall:.0} s for {} sites, {allowed:.0} s allowed at 10 000 sites / 600 s: {}",
        args.sites,
        mark(wall <= allowed)
    );
    println!("  peak RSS ≤ 512 MiB: {rss:.0} MiB: {}", mark(rss <= 512.0));
    // Under --nofile the sweep lowers its concurrency to what the limit allows.
    let concurrency = args.nofile.map_or(args.concurrency, |n| {
        args.concurrency
            .min(socaudit::sweep::limits::max_concurrency(n))
    });
    let fd_cap = 4 * concurrency;
    println!(
        "  descriptors ≤ 4 × concurrency = {fd_cap}: {}: {}",
        figures.peak_fds,
        mark(figures.peak_fds <= fd_cap)
    );
    println!(
        "  no generated site unknown or unreachable: {bad}: {}",
        mark(bad == 0)
    );
}
