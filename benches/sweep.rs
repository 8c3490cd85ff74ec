//! Sweep benchmark: generates N fictional КЦСОН-like sites of P pages each (30–60 KB of Russian
//! HTML per page), serves them on 127.0.0.1 under the names `site-N.test`, sweeps them with the
//! library as `socaudit sweep` would (delay 0), and prints throughput, CPU time and memory.
//!
//! `cargo bench --bench sweep -- --sites 200 --pages 40 --latency-ms 0 --concurrency 16`
//!
//! The fixture server runs inside this process, so its CPU time and memory are in the figures.

mod kcson;

use kcson::{missing, page_head, page_tail, Rng, Section, NEWS_TITLES, SECTIONS};
use socaudit::crawl::CrawlConfig;
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fixture_server::{serve_hosts, Site};
use socaudit::politeness::{Politeness, PolitenessConfig};
use socaudit::rules::RuleSet;
use socaudit::sweep::dirs::DirNames;
use socaudit::sweep::{
    run_sweep, summarize_sweep, InputInfo, StopFlag, SweepConfig, SweepItem, SweepProgress,
    SweepSite,
};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// Command-line settings of one run.
#[derive(Debug, Clone, Copy)]
struct Args {
    sites: usize,
    pages: usize,
    latency_ms: u64,
    concurrency: usize,
}

const USAGE: &str = "usage: cargo bench --bench sweep -- [--sites N] [--pages P] [--latency-ms L] [--concurrency C]";

fn parse_args(raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        sites: 200,
        pages: 40,
        latency_ms: 0,
        concurrency: 16,
    };
    let mut raw = raw.peekable();
    while let Some(arg) = raw.next() {
        // Cargo passes `--bench` to every bench binary; it means nothing here.
        if arg == "--bench" {
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let value = match inline {
            Some(v) => v,
            None => raw
                .next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?,
        };
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{name}: «{value}» is not a number\n{USAGE}"))?;
        match name.as_str() {
            "--sites" => args.sites = number.max(1) as usize,
            "--pages" => args.pages = number.max(1) as usize,
            "--latency-ms" => args.latency_ms = number,
            "--concurrency" => args.concurrency = number.max(1) as usize,
            _ => return Err(format!("unknown argument {name}\n{USAGE}")),
        }
    }
    Ok(args)
}

/// One generated site: its files and how many of them are HTML pages.
fn build_site(
    site: usize,
    pages: usize,
    latency: Duration,
) -> Result<(Site, usize, usize), String> {
    let skip = missing(site);
    let present: Vec<&Section> = SECTIONS
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, s)| s)
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut page = |path: String, title: &str, body: &str, n: usize| {
        let mut rng = Rng::new(site, n);
        let target = 30_000 + rng.below(30_000);
        let mut html = String::with_capacity(target + 2_000);
        page_head(&mut html, site, title, &present);
        html.push_str(body);
        page_tail(&mut html, site, &mut rng, target);
        files.push((path, html.into_bytes()));
    };
    let news = pages.saturating_sub(present.len() + 2);
    let news_links: String = (1..=news)
        .map(|k| {
            format!(
                "<li><a href=\"/news/{k}.html\">{}</a></li>",
                NEWS_TITLES[k % NEWS_TITLES.len()]
            )
        })
        .collect();
    page("index.html".into(), "Главная", "<p>Центр оказывает социальные услуги гражданам пожилого возраста, инвалидам и семьям с детьми.</p>", 0);
    page(
        "news/index.html".into(),
        "Новости",
        &format!("<ul class=\"news-list\">{news_links}</ul>"),
        1,
    );
    for (k, (path, menu, body)) in present.iter().enumerate() {
        page(format!("{path}index.html"), menu, body, k + 2);
    }
    for k in 1..=news {
        page(
            format!("news/{k}.html"),
            NEWS_TITLES[k % NEWS_TITLES.len()],
            "",
            100 + k,
        );
    }
    let html_pages = files.len();
    // Document stubs: the crawl only asks for their status and type. The weak profile's charter
    // link is dead, as on many real sites.
    let docs = [
        "docs/plan-fhd-2026.pdf",
        "docs/otchet-2025.pdf",
        "docs/ustav.pdf",
        "docs/pravila-dlya-poluchateley.pdf",
        "docs/pvtr.pdf",
        "docs/kollektivnyy-dogovor.pdf",
        "nok/plan.pdf",
        "nok/otchet.pdf",
    ];
    for doc in docs
        .iter()
        .filter(|d| !(site % 5 == 4 && d.ends_with("ustav.pdf")))
    {
        files.push((
            format!("upload/{doc}"),
            format!("%PDF-1.4\n% socaudit bench stub {doc}\n")
                .repeat(40)
                .into_bytes(),
        ));
    }
    files.push((
        "robots.txt".into(),
        b"User-agent: *\nDisallow: /search/\n".to_vec(),
    ));
    let bytes = files.iter().take(html_pages).map(|(_, b)| b.len()).sum();
    let site = Site::from_files(files)
        .map_err(|e| e.to_string())?
        .with_latency(latency);
    Ok((site, html_pages, bytes))
}

/// Counts pages as the sweep fetches them and shows a line per tenth of the sites.
struct Counter {
    pages: AtomicU64,
    done: AtomicU64,
    total: u64,
}

impl SweepProgress for Counter {
    fn started(&self, _item: &SweepItem) {}
    fn page(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
    }
    fn finished(&self, _row: &SweepSite) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if done.is_multiple_of((self.total / 10).max(1)) {
            eprintln!(
                "  {done}/{} sites, {} pages",
                self.total,
                self.pages.load(Ordering::Relaxed)
            );
        }
    }
}

/// User + system CPU time of this process so far.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass; a zeroed rusage is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer cannot fail.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// A `VmXXX:` line of /proc/self/status, in MiB.
fn vm_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info.lines().find_map(|l| {
        l.strip_prefix("model name")?
            .split_once(':')
            .map(|(_, m)| m.trim().to_string())
    });
    model.unwrap_or_else(|| "unknown CPU".into())
}

async fn bench(args: Args) -> Result<(), String> {
    let latency = Duration::from_millis(args.latency_ms);
    let (mut hosts, mut html_pages, mut html_bytes) = (Vec::new(), 0, 0);
    for i in 1..=args.sites {
        let (site, pages, bytes) = build_site(i, args.pages, latency)?;
        hosts.push((format!("site-{i}.test"), site));
        html_pages += pages;
        html_bytes += bytes;
    }
    let names: Vec<String> = hosts.iter().map(|(h, _)| h.clone()).collect();
    let server = serve_hosts(hosts).await.map_err(|e| e.to_string())?;
    let resolve: Vec<(String, SocketAddr)> =
        names.iter().map(|h| (h.clone(), server.addr)).collect();
    let fetcher = HttpFetcher::new(HttpConfig {
        resolve,
        ..HttpConfig::default()
    })
    .map_err(|e| e.to_string())?;
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        ..PolitenessConfig::default()
    });
    let mut dirs = DirNames::default();
    let items = names
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let url = Url::parse(&format!("http://{host}:{}/", server.port()))
                .map_err(|e| e.to_string())?;
            Ok(SweepItem {
                row: i + 2,
                dir: dirs.name_for(&url),
                url,
                name: Some(format!("ГБУ «КЦСОН № {}»", i + 1)),
                region: None,
                inn: None,
                kind: Some("КЦСОН".into()),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let config = SweepConfig {
        concurrency: args.concurrency,
        crawl: CrawlConfig::default(),
        out: out.path().to_path_buf(),
        journal: None,
        annotate: None,
    };
    let rules = Arc::new(RuleSet::builtin());
    let counter = Arc::new(Counter {
        pages: AtomicU64::new(0),
        done: AtomicU64::new(0),
        total: args.sites as u64,
    });
    println!("socaudit sweep benchmark");
    println!(
        "machine: {} CPUs, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );
    println!(
        "load: {} sites x {} pages ({} HTML pages, {:.0} MiB of HTML, {:.1} KiB per page), latency {} ms, {} sites at once, delay 0",
        args.sites, args.pages, html_pages, html_bytes as f64 / 1048576.0, html_bytes as f64 / 1024.0 / html_pages.max(1) as f64, args.latency_ms, args.concurrency
    );
    println!(
        "note: the fixture server runs in this process: its CPU time and memory are counted below"
    );
    let rss_ready = vm_mib("VmRSS");
    let (cpu0, began) = (cpu_time(), Instant::now());
    let progress: Arc<dyn SweepProgress> = counter.clone();
    let rows = run_sweep(
        items,
        rules.clone(),
        Arc::new(fetcher),
        Arc::new(politeness),
        &config,
        progress,
        StopFlag::default(),
    )
    .await;
    let (wall, cpu) = (began.elapsed(), cpu_time().saturating_sub(cpu0));
    let summary = summarize_sweep(&rules, InputInfo::default(), rows, wall, false);
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| e.to_string())?;
    std::fs::write(out.path().join("summary.json"), json).map_err(|e| e.to_string())?;
    let pages: usize = summary.sites.iter().map(|s| s.pages_fetched).sum();
    let verdicts = |v: &str| summary.sites.iter().filter(|s| s.verdict == v).count();
    let secs = wall.as_secs_f64().max(1e-9);
    println!(
        "sites checked: {} (compliant {}, non-compliant {}, unknown {}, unreachable {})",
        summary.sites.len(),
        verdicts("compliant"),
        verdicts("non_compliant"),
        verdicts("unknown"),
        summary.sites.iter().filter(|s| !s.reachable).count()
    );
    println!(
        "pages fetched: {pages} (requests served, robots.txt and documents included: {})",
        server.hit_count()
    );
    println!("wall: {secs:.1} s");
    println!("sites/s: {:.2}", summary.sites.len() as f64 / secs);
    println!("pages/s: {:.0}", pages as f64 / secs);
    println!(
        "CPU (user+sys, crawler and server): {:.1} s = {:.2} ms per page, {:.0}% of one core",
        cpu.as_secs_f64(),
        cpu.as_secs_f64() * 1000.0 / pages.max(1) as f64,
        cpu.as_secs_f64() / secs * 100.0
    );
    println!("peak RSS (VmHWM): {:.0} MiB (of which the generated sites, before the sweep: {rss_ready:.0} MiB)", vm_mib("VmHWM"));
    Ok(())
}

fn main() {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(bench(args)) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}
