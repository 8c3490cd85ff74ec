//! National sweep benchmark: N small generated КЦСОН-like sites, each on its own loopback
//! address with a fixed latency per answer, swept by the real `socaudit sweep` binary as a child
//! process with the default politeness; the figures (wall time, sites/s, CPU, peak RSS, peak
//! descriptors, output sizes) are the child's own.
//!
//! `cargo bench --bench national -- --sites 10000 --concurrency 512 --latency-ms 150`
//! `cargo bench --bench national -- --sites 1000 --concurrency 512 --nofile 1024`

#[path = "../kcson/mod.rs"]
mod kcson;

mod child;
mod docx;
mod outcome;
mod sites;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Command-line settings of one run.
struct Args {
    sites: usize,
    concurrency: usize,
    latency_ms: u64,
    nofile: Option<u64>,
    out: Option<PathBuf>,
    progress_secs: u64,
    bin: PathBuf,
}

const USAGE: &str = "usage: cargo bench --bench national -- [--sites N] [--concurrency C] [--latency-ms L] [--nofile N] [--out DIR] [--progress-secs S] [--bin PATH]";

fn parse_args(raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        sites: 1000,
        // socaudit sweep's own default.
        concurrency: 8,
        latency_ms: 150,
        nofile: None,
        out: None,
        progress_secs: 30,
        bin: PathBuf::from(env!("CARGO_BIN_EXE_socaudit")),
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
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{name}: «{value}» is not a number\n{USAGE}"))
        };
        match name.as_str() {
            "--sites" => args.sites = number()?.clamp(1, 500_000) as usize,
            "--concurrency" => args.concurrency = number()?.max(1) as usize,
            "--latency-ms" => args.latency_ms = number()?,
            "--nofile" => args.nofile = Some(number()?.max(16)),
            "--progress-secs" => args.progress_secs = number()?.max(1),
            "--out" => args.out = Some(PathBuf::from(&value)),
            "--bin" => args.bin = PathBuf::from(&value),
            _ => return Err(format!("unknown argument {name}\n{USAGE}")),
        }
    }
    Ok(args)
}

/// Raises this process's descriptor limit: it holds a listener per site plus the connections.
fn raise_own_limit(sites: usize) -> Result<(), String> {
    let hard = {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit only read and write the struct passed.
        unsafe {
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
        limit.rlim_max
    };
    if (hard as usize) < sites + 1024 {
        return Err(format!(
            "the server needs a descriptor per site plus its connections: {sites} sites, but the hard limit (ulimit -Hn) is {hard}"
        ));
    }
    Ok(())
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

/// User + system CPU time of this process (the server) so far.
fn own_cpu() -> Duration {
    // SAFETY: a zeroed rusage is valid; getrusage only writes into it.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// The list the child sweeps: one row per site, its address as the URL.
fn write_list(path: &std::path::Path, sites: usize, port: u16) -> Result<(), String> {
    let mut csv = String::from("url,name,region,kind\n");
    for n in 1..=sites {
        csv.push_str(&format!(
            "http://{}:{port}/,ГБУ «КЦСОН № {n}»,Демонстрационная область,КЦСОН\n",
            sites::site_addr(n)
        ));
    }
    std::fs::write(path, csv).map_err(|e| format!("{}: {e}", path.display()))
}

fn bench(args: Args, runtime: &tokio::runtime::Runtime) -> Result<(), String> {
    raise_own_limit(args.sites)?;
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let work = args
        .out
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    let sweep_dir = work.join("sweep");
    if sweep_dir.exists() {
        return Err(format!(
            "{} exists: give an empty --out",
            sweep_dir.display()
        ));
    }
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let server = Arc::new(sites::Server {
        latency: Duration::from_millis(args.latency_ms),
        served: Default::default(),
    });
    let bind_began = Instant::now();
    let port = runtime.block_on(sites::serve(args.sites, server.clone()))?;
    let list = work.join("sites.csv");
    write_list(&list, args.sites, port)?;
    println!("socaudit national sweep benchmark: {}", args.bin.display());
    println!(
        "machine: {} CPUs, {}; load before: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model(),
        child::load_average()
    );
    println!(
        "load: {} sites on {}…{} port {port} (bound in {:.1} s), {} ms per answer, --concurrency {}, default politeness, RLIMIT_NOFILE of the child: {}",
        args.sites,
        sites::site_addr(1),
        sites::site_addr(args.sites),
        bind_began.elapsed().as_secs_f64(),
        args.latency_ms,
        args.concurrency,
        args.nofile.map_or("inherited".to_string(), |n| format!("{n} (soft and hard)"))
    );
    let log =
        |name: &str| std::fs::File::create(work.join(name)).map_err(|e| format!("{name}: {e}"));
    let mut cmd = Command::new(&args.bin);
    cmd.arg("sweep")
        .arg(&list)
        .arg("--out")
        .arg(&sweep_dir)
        .arg("--concurrency")
        .arg(args.concurrency.to_string())
        .arg("--quiet")
        .stdin(Stdio::null())
        .stdout(log("socaudit.stdout")?)
        .stderr(log("socaudit.stderr")?);
    let server_cpu0 = own_cpu();
    let figures = child::run(
        cmd,
        args.nofile,
        sweep_dir.join("sweep-journal.jsonl"),
        args.sites,
        Duration::from_secs(args.progress_secs),
    )?;
    let server_cpu = own_cpu().saturating_sub(server_cpu0);
    let served = server.served.load(Ordering::Relaxed);
    outcome::report(&args, &work, &sweep_dir, &figures, served, server_cpu)?;
    println!("load after: {}", child::load_average());
    if args.out.is_some() {
        println!("kept: {}", work.display());
    }
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
    if let Err(e) = bench(args, &runtime) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}
