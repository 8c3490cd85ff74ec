//! Starting sites no faster than this computer keeps up with. Every site in flight needs CPU for
//! its pages; with more sites than the cores can serve, every task waits longer and longer for its
//! turn, until a robots.txt answer that came in 150 ms is read after its 10-second timeout and the
//! site is reported unavailable — the computer's overload read as the site's failure. So a new
//! site starts only while the runtime keeps time (a probe task measures how late its timer fires),
//! and at most a few per tick, so that a large `--concurrency` is reached gradually rather than
//! in one burst that overloads the computer before the lag shows.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::AbortHandle;

/// How often the probe's timer is set.
pub const PROBE_PERIOD: Duration = Duration::from_millis(50);

/// No new site starts while the runtime runs this late: far below the 10-second robots.txt and
/// connect timeouts, far above a busy but healthy runtime's few milliseconds.
pub const LAG_LIMIT: Duration = Duration::from_millis(250);

/// Length of the window in which at most [`STARTS_PER_TICK`] sites start.
pub const TICK: Duration = Duration::from_millis(100);

/// Sites started per [`TICK`] at most (80 a second: 512 sites in flight after about 6 s).
pub const STARTS_PER_TICK: usize = 8;

/// Measures how late the runtime runs: a task that sleeps [`PROBE_PERIOD`] and records how much
/// later it woke. Stops when dropped.
pub struct LagProbe {
    state: Arc<ProbeState>,
    task: AbortHandle,
}

struct ProbeState {
    origin: Instant,
    /// Microseconds after `origin` of the probe's last wake-up.
    last_beat_us: AtomicU64,
    /// How late that wake-up was, in microseconds.
    late_us: AtomicU64,
}

impl LagProbe {
    /// Starts the probe on the current runtime.
    pub fn start() -> LagProbe {
        let state = Arc::new(ProbeState {
            origin: Instant::now(),
            last_beat_us: AtomicU64::new(0),
            late_us: AtomicU64::new(0),
        });
        let probe = Arc::clone(&state);
        let task = tokio::spawn(async move {
            loop {
                let set = Instant::now();
                tokio::time::sleep(PROBE_PERIOD).await;
                let late = set.elapsed().saturating_sub(PROBE_PERIOD);
                probe.late_us.store(micros(late), Ordering::Relaxed);
                probe
                    .last_beat_us
                    .store(micros(probe.origin.elapsed()), Ordering::Relaxed);
            }
        });
        LagProbe {
            state,
            task: task.abort_handle(),
        }
    }

    /// How late the runtime runs now: the last wake-up's delay, or, when the probe has not run
    /// for longer than its period (the runtime is stuck right now), how overdue it is.
    pub fn lag(&self) -> Duration {
        let state = &self.state;
        let late = Duration::from_micros(state.late_us.load(Ordering::Relaxed));
        let last = Duration::from_micros(state.last_beat_us.load(Ordering::Relaxed));
        let overdue = state
            .origin
            .elapsed()
            .saturating_sub(last)
            .saturating_sub(PROBE_PERIOD);
        late.max(overdue)
    }
}

impl Drop for LagProbe {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// Whether another site may start now: the runtime keeps time and this tick's starts are not
/// used up.
pub fn may_start(lag: Duration, started_this_tick: usize) -> bool {
    lag <= LAG_LIMIT && started_this_tick < STARTS_PER_TICK
}

/// The sweep's admission of new sites (see the module doc).
pub struct Pace {
    probe: LagProbe,
    tick_began: Instant,
    started: usize,
}

impl Pace {
    /// Starts measuring the current runtime.
    pub fn start() -> Pace {
        Pace {
            probe: LagProbe::start(),
            tick_began: Instant::now(),
            started: 0,
        }
    }

    /// True when a site may start now; counts it as started.
    pub fn admit(&mut self) -> bool {
        if self.tick_began.elapsed() >= TICK {
            self.tick_began = Instant::now();
            self.started = 0;
        }
        if !may_start(self.probe.lag(), self.started) {
            return false;
        }
        self.started += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_runtime_or_a_used_up_tick_starts_nothing() {
        assert!(may_start(Duration::from_millis(3), 0));
        assert!(may_start(LAG_LIMIT, STARTS_PER_TICK - 1));
        assert!(!may_start(LAG_LIMIT + Duration::from_millis(1), 0));
        assert!(!may_start(Duration::ZERO, STARTS_PER_TICK));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_blocked_runtime_shows_as_lag_and_stops_admission() {
        let mut pace = Pace::start();
        // Let the probe run once, on time.
        tokio::time::sleep(PROBE_PERIOD * 3).await;
        assert!(pace.probe.lag() < LAG_LIMIT, "{:?}", pace.probe.lag());
        let admitted = (0..STARTS_PER_TICK * 2).filter(|_| pace.admit()).count();
        assert!(
            (1..=STARTS_PER_TICK).contains(&admitted),
            "at most a tick's worth starts at once: {admitted}"
        );
        // A task that holds the only thread (CPU-bound page work) keeps the probe from running.
        std::thread::sleep(LAG_LIMIT * 2);
        assert!(pace.probe.lag() > LAG_LIMIT, "{:?}", pace.probe.lag());
        pace.tick_began -= TICK;
        assert!(!pace.admit(), "no site starts while the runtime is late");
        // Once the runtime runs again, the probe catches up and sites start again.
        tokio::time::sleep(PROBE_PERIOD * 3).await;
        pace.tick_began -= TICK;
        assert!(pace.admit(), "lag now {:?}", pace.probe.lag());
    }
}
