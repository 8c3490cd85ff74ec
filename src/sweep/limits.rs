//! The descriptor budget of a sweep. Every site in flight holds a few descriptors (its
//! connections, a report file being written), and the common default of `ulimit -n 1024` runs
//! out long before a large `--concurrency` does: connects then fail with "Too many open files",
//! which would read as the sites' failure. So the soft limit is raised to the hard one at start,
//! and the concurrency is capped by what the limit allows.

/// Descriptors kept for everything that is not a site: the history database and its WAL, the
/// journal, the terminal, the runtime's own (epoll, eventfd, DNS threads).
pub const RESERVED_DESCRIPTORS: u64 = 64;

/// Descriptors a site in flight may hold at once: a connection to its host, one to a document
/// host, one being closed, and a report file.
pub const DESCRIPTORS_PER_SITE: u64 = 4;

/// Raises the soft open-files limit to the hard limit; returns the soft limit now in force
/// (`None` where there is no such limit or it cannot be read).
#[cfg(unix)]
pub fn raise_open_files_limit() -> Option<u64> {
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return None;
        }
        let soft = limit.rlim_cur;
        // An unlimited hard limit is refused by some kernels (macOS caps at OPEN_MAX), so try a
        // large finite value next.
        for wanted in [limit.rlim_max, limit.rlim_max.min(65_536)] {
            if wanted <= soft {
                break;
            }
            let raised = libc::rlimit {
                rlim_cur: wanted,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return Some(as_u64(wanted));
            }
        }
        Some(as_u64(soft))
    }
}

/// Raises the soft open-files limit (no such limit here).
#[cfg(not(unix))]
pub fn raise_open_files_limit() -> Option<u64> {
    None
}

/// `rlim_t` is `u64` on 64-bit Linux and macOS but narrower on some 32-bit targets.
#[cfg(unix)]
#[allow(clippy::useless_conversion)]
fn as_u64(value: libc::rlim_t) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// Sites that can be in flight within `limit` descriptors (at least 1).
pub fn max_concurrency(limit: u64) -> usize {
    let sites = limit.saturating_sub(RESERVED_DESCRIPTORS) / DESCRIPTORS_PER_SITE;
    usize::try_from(sites.max(1)).unwrap_or(usize::MAX)
}

/// The concurrency to use for `requested` under a descriptor `limit`, and a Russian/English
/// warning when it had to be lowered.
pub fn cap_concurrency(requested: usize, limit: Option<u64>) -> (usize, Option<String>) {
    let requested = requested.max(1);
    let Some(limit) = limit else {
        return (requested, None);
    };
    let cap = max_concurrency(limit);
    if requested <= cap {
        return (requested, None);
    }
    let warning = format!(
        "одновременно будет проверяться не более {cap} сайтов вместо {requested}: процессу \
         доступно только {limit} файловых дескрипторов (ulimit -n); увеличьте лимит, чтобы \
         проверять больше сайтов сразу / concurrency lowered from {requested} to {cap}: only \
         {limit} file descriptors are available (ulimit -n)"
    );
    (cap, Some(warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrency_is_capped_by_the_descriptor_limit() {
        assert_eq!(max_concurrency(1024), 240);
        let (n, warning) = cap_concurrency(512, Some(1024));
        assert_eq!(n, 240);
        let warning = warning.expect("lowered concurrency is announced");
        assert!(
            warning.contains("не более 240 сайтов вместо 512"),
            "{warning}"
        );
        assert!(warning.contains("from 512 to 240"), "{warning}");
        assert_eq!(cap_concurrency(16, Some(1024)), (16, None));
        assert_eq!(cap_concurrency(16, None), (16, None));
        // A tiny limit still lets the sweep run, one site at a time.
        assert_eq!(cap_concurrency(8, Some(10)).0, 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_soft_limit_is_raised_to_the_hard_limit() {
        let now = raise_open_files_limit().expect("RLIMIT_NOFILE is readable on unix");
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct.
        assert_eq!(
            unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
            0
        );
        assert_eq!(as_u64(limit.rlim_cur), now);
        assert!(limit.rlim_cur == limit.rlim_max || limit.rlim_cur >= 65_536);
    }
}
