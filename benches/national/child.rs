//! Runs `socaudit sweep` as a child process and measures it from outside: its own CPU time and
//! peak RSS (wait4's rusage), its open descriptors and threads (sampled from /proc every 100 ms),
//! and when the last site was journaled (the rest is summaries and history).

use std::io::{Read, Seek, SeekFrom};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What was measured of one child run.
pub struct Figures {
    /// From spawn to exit.
    pub wall: Duration,
    /// From spawn to the last site in the journal (`None` if not every site got there).
    pub sites_done: Option<Duration>,
    /// Exit code (`None` when killed by a signal).
    pub exit: Option<i32>,
    /// User + system CPU of the child.
    pub cpu: Duration,
    /// Peak resident set of the child, in KiB (ru_maxrss).
    pub max_rss_kib: u64,
    /// Most descriptors open at one sample.
    pub peak_fds: usize,
    /// Most threads at one sample.
    pub peak_threads: usize,
}

/// Peaks seen by the sampler.
#[derive(Default)]
struct Peaks {
    fds: usize,
    threads: usize,
    sites_done: Option<Duration>,
}

/// Spawns `cmd` (with its soft and hard RLIMIT_NOFILE set to `nofile`, as `ulimit -n` does),
/// prints a progress line every `every`, and waits for it.
pub fn run(
    mut cmd: Command,
    nofile: Option<u64>,
    journal: PathBuf,
    total: usize,
    every: Duration,
) -> Result<Figures, String> {
    if let Some(n) = nofile {
        // SAFETY: the closure runs between fork and exec and calls only setrlimit, which is
        // async-signal-safe; it allocates nothing.
        unsafe {
            cmd.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: n,
                    rlim_max: n,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let began = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let stop = stop.clone();
        std::thread::spawn(move || sample(pid, &stop, &journal, total, began, every))
    };
    // Wait for the exit without reaping, so that /proc/PID still belongs to the child while the
    // sampler finishes; then reap it with its resource usage.
    // SAFETY: waitid only writes into the siginfo passed.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        );
    }
    let wall = began.elapsed();
    stop.store(true, Ordering::SeqCst);
    let peaks = sampler.join().map_err(|_| "the sampler panicked")?;
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid; wait4 writes into status and usage only.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::wait4(pid, &mut status, 0, &mut usage) != pid {
            return Err(format!("wait4: {}", std::io::Error::last_os_error()));
        }
        usage
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Ok(Figures {
        wall,
        sites_done: peaks.sites_done,
        exit: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss as u64,
        peak_fds: peaks.fds,
        peak_threads: peaks.threads,
    })
}

fn sample(
    pid: libc::pid_t,
    stop: &AtomicBool,
    journal: &Path,
    total: usize,
    began: Instant,
    every: Duration,
) -> Peaks {
    let mut peaks = Peaks::default();
    let mut lines = LineCounter::default();
    let mut next_line = every;
    let fd_dir = format!("/proc/{pid}/fd");
    let status = format!("/proc/{pid}/status");
    while !stop.load(Ordering::SeqCst) {
        let fds = std::fs::read_dir(&fd_dir).map_or(0, |d| d.count());
        let status = std::fs::read_to_string(&status).unwrap_or_default();
        let threads = status_field(&status, "Threads").unwrap_or(0) as usize;
        peaks.fds = peaks.fds.max(fds);
        peaks.threads = peaks.threads.max(threads);
        let done = lines.count(journal);
        if peaks.sites_done.is_none() && done >= total {
            peaks.sites_done = Some(began.elapsed());
        }
        if began.elapsed() >= next_line {
            next_line += every;
            eprintln!(
                "  {:>5.0} s: {done}/{total} sites, {fds} fds, {threads} threads, RSS {} MiB, load {}",
                began.elapsed().as_secs_f64(),
                status_field(&status, "VmRSS").unwrap_or(0) / 1024,
                load_average()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    peaks
}

/// A `Name:  value kB` field of /proc/PID/status.
fn status_field(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// The first three fields of /proc/loadavg.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts the lines of a growing file, reading only what was appended since the last call.
#[derive(Default)]
struct LineCounter {
    offset: u64,
    lines: usize,
}

impl LineCounter {
    fn count(&mut self, path: &Path) -> usize {
        let Ok(mut file) = std::fs::File::open(path) else {
            return self.lines;
        };
        if file.seek(SeekFrom::Start(self.offset)).is_err() {
            return self.lines;
        }
        let mut fresh = Vec::new();
        if file.read_to_end(&mut fresh).is_ok() {
            // A torn last line is counted once its newline arrives.
            self.lines += fresh.iter().filter(|&&b| b == b'\n').count();
            let whole = fresh.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            self.offset += whole as u64;
        }
        self.lines
    }
}
