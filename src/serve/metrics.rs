//! `GET /metrics` in the Prometheus text format: checks by status (from the store, so they
//! survive restarts), the queue length, durations of the checks this process ran, and refusals.

use super::store::CheckStatus;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the duration histogram, in seconds.
const BUCKETS: [f64; 9] = [5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0];

/// Why a request for a check was refused (the `reason` label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Refusal {
    /// The input is not a usable URL.
    BadUrl,
    /// The address is not public.
    NotPublic,
    /// The client asked too often.
    RateLimited,
    /// The queue is full.
    QueueFull,
    /// The form came without a valid CSRF token.
    Csrf,
}

impl Refusal {
    fn label(self) -> &'static str {
        match self {
            Self::BadUrl => "bad_url",
            Self::NotPublic => "not_public",
            Self::RateLimited => "rate_limited",
            Self::QueueFull => "queue_full",
            Self::Csrf => "csrf",
        }
    }
}

#[derive(Debug, Default)]
struct Counters {
    /// Finished checks by final status: count, sum of seconds, count per bucket.
    durations: BTreeMap<&'static str, (u64, f64, [u64; BUCKETS.len()])>,
    refusals: BTreeMap<Refusal, u64>,
    queued: u64,
}

/// The counters of this process.
#[derive(Debug, Default)]
pub struct Metrics {
    counters: Mutex<Counters>,
}

impl Metrics {
    fn lock(&self) -> std::sync::MutexGuard<'_, Counters> {
        self.counters.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts a check that ended in `status` after `took`.
    pub fn observe(&self, status: CheckStatus, took: Duration) {
        let secs = took.as_secs_f64();
        let mut c = self.lock();
        let entry = c
            .durations
            .entry(status.as_str())
            .or_insert((0, 0.0, [0; BUCKETS.len()]));
        entry.0 += 1;
        entry.1 += secs;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                entry.2[i] += 1;
            }
        }
    }

    /// Counts a refused request.
    pub fn refuse(&self, reason: Refusal) {
        *self.lock().refusals.entry(reason).or_default() += 1;
    }

    /// Counts a check put in the queue.
    pub fn queued(&self) {
        self.lock().queued += 1;
    }

    /// The text of `/metrics`, with the stored counts by status and the queue length.
    pub fn render(&self, by_status: &[(CheckStatus, u64)], queue: u64) -> String {
        let c = self.lock();
        let mut out = String::new();
        let _ = writeln!(out, "# HELP socaudit_checks Checks in the store by status.");
        let _ = writeln!(out, "# TYPE socaudit_checks gauge");
        for (status, n) in by_status {
            let _ = writeln!(out, "socaudit_checks{{status=\"{}\"}} {n}", status.as_str());
        }
        let _ = writeln!(
            out,
            "# HELP socaudit_queue_length Checks waiting for a worker."
        );
        let _ = writeln!(out, "# TYPE socaudit_queue_length gauge");
        let _ = writeln!(out, "socaudit_queue_length {queue}");
        let _ = writeln!(
            out,
            "# HELP socaudit_checks_queued_total Checks queued by this process."
        );
        let _ = writeln!(out, "# TYPE socaudit_checks_queued_total counter");
        let _ = writeln!(out, "socaudit_checks_queued_total {}", c.queued);
        let _ = writeln!(
            out,
            "# HELP socaudit_requests_refused_total Requests for a check refused, by reason."
        );
        let _ = writeln!(out, "# TYPE socaudit_requests_refused_total counter");
        for (reason, n) in &c.refusals {
            let _ = writeln!(
                out,
                "socaudit_requests_refused_total{{reason=\"{}\"}} {n}",
                reason.label()
            );
        }
        let _ = writeln!(
            out,
            "# HELP socaudit_check_duration_seconds How long checks run by this process took."
        );
        let _ = writeln!(out, "# TYPE socaudit_check_duration_seconds histogram");
        for (status, (count, sum, buckets)) in &c.durations {
            for (bound, n) in BUCKETS.iter().zip(buckets) {
                let _ = writeln!(out, "socaudit_check_duration_seconds_bucket{{status=\"{status}\",le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(
                out,
                "socaudit_check_duration_seconds_bucket{{status=\"{status}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "socaudit_check_duration_seconds_sum{{status=\"{status}\"}} {sum:.3}"
            );
            let _ = writeln!(
                out,
                "socaudit_check_duration_seconds_count{{status=\"{status}\"}} {count}"
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_has_every_family() {
        let m = Metrics::default();
        m.observe(CheckStatus::Done, Duration::from_secs(20));
        m.refuse(Refusal::QueueFull);
        let text = m.render(&[(CheckStatus::Queued, 3), (CheckStatus::Done, 1)], 3);
        assert!(
            text.contains("socaudit_checks{status=\"queued\"} 3"),
            "{text}"
        );
        assert!(text.contains("socaudit_queue_length 3"), "{text}");
        assert!(text.contains("reason=\"queue_full\"} 1"), "{text}");
        assert!(text.contains("status=\"done\",le=\"15\"} 0"), "{text}");
        assert!(text.contains("status=\"done\",le=\"30\"} 1"), "{text}");
        assert!(
            text.contains("socaudit_check_duration_seconds_count{status=\"done\"} 1"),
            "{text}"
        );
    }
}
