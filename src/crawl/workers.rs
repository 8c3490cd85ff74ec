//! Page work off the crawl's coordinator: the pure part of handling a page (parsing, matching,
//! content analyses) runs on tokio's blocking threads, and [`InOrder`] hands results back in the
//! order the answers arrived, so that the checker sees pages exactly as it would have seen them
//! one by one.
//!
//! Blocking threads rather than a pool of one per core: a hostile page that takes seconds to parse
//! must not hold up the pages of the other sites a sweep checks at the same time. But at most
//! [`page_work_slots`] jobs run at once in the whole process: the work is CPU-bound, so more at once
//! only adds threads, and every thread that matches pages holds its own caches of the rules'
//! automata (a few MiB each) — a sweep of 512 sites with one job per site in flight held 5 GiB.

use std::collections::VecDeque;
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;
use tokio::task::{JoinError, JoinHandle};

/// How many page jobs run at once: one per core and one more, at least 3 (so that a slow,
/// hostile page leaves room for the others; on 2 cores, 3 kept a sweep 3 % faster than 2 for
/// 20 MiB more of caches).
pub(super) fn page_work_slots() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (cores + 1).max(3)
}

static SLOTS: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(page_work_slots())));

/// Runs `job` on a blocking thread once one of the process's page-work slots is free.
pub(super) fn spawn<P: Send + 'static>(job: impl FnOnce() -> P + Send + 'static) -> Pending<P> {
    let slots = Arc::clone(&SLOTS);
    Pending(tokio::spawn(async move {
        // The semaphore is never closed, so a permit always comes.
        let _slot = slots.acquire_owned().await.ok();
        tokio::task::spawn_blocking(job).await
    }))
}

/// The result of a job; a job that panicked (a parser bug a hostile page hit) has none.
pub(super) struct Pending<P>(JoinHandle<Result<P, JoinError>>);

/// Items in the order they were pushed, each with the work started for it; an item comes out
/// only when it and every item before it are done, whatever order the work finishes in.
pub(super) struct InOrder<T, P> {
    slots: VecDeque<(T, Option<Pending<P>>)>,
}

impl<T, P> Default for InOrder<T, P> {
    fn default() -> Self {
        InOrder {
            slots: VecDeque::new(),
        }
    }
}

impl<T, P> InOrder<T, P> {
    /// Queues `item` with the work started for it, if any.
    pub(super) fn push(&mut self, item: T, work: Option<Pending<P>>) {
        self.slots.push_back((item, work));
    }

    /// Items queued and not yet taken out.
    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when nothing is queued.
    pub(super) fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The oldest item and its work's result (`None`: no work, or the work panicked), once that
    /// work is done; `None` when nothing is queued. Cancel-safe: dropped before it finishes, it
    /// takes nothing out.
    pub(super) async fn next(&mut self) -> Option<(T, Option<P>)> {
        let (_, work) = self.slots.front_mut()?;
        let result = match work {
            Some(Pending(handle)) => handle.await.ok().and_then(Result::ok),
            None => None,
        };
        let (item, _) = self.slots.pop_front()?;
        Some((item, result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn results_come_out_in_the_order_work_was_handed_in() {
        let mut queue = InOrder::default();
        // The first job finishes last, the last first; an item without work sits in between.
        for (i, ms) in [(0u64, 150u64), (1, 60), (2, 0), (3, 0)] {
            let work = (i != 2).then(|| {
                spawn(move || {
                    std::thread::sleep(Duration::from_millis(ms));
                    i * 10
                })
            });
            queue.push(i, work);
        }
        let mut out = Vec::new();
        while let Some(item) = queue.next().await {
            out.push(item);
        }
        assert_eq!(
            out,
            vec![(0, Some(0)), (1, Some(10)), (2, None), (3, Some(30))]
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_jobs_run_at_once_than_the_slots() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut queue = InOrder::default();
        for i in 0..3 * page_work_slots() {
            let (running, peak) = (Arc::clone(&running), Arc::clone(&peak));
            queue.push(
                i,
                Some(spawn(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                    i
                })),
            );
        }
        let mut done = 0;
        while let Some((i, result)) = queue.next().await {
            assert_eq!(result, Some(i));
            done += 1;
        }
        assert_eq!(done, 3 * page_work_slots());
        let peak = peak.load(Ordering::SeqCst);
        assert!(
            (1..=page_work_slots()).contains(&peak),
            "{peak} jobs ran at once"
        );
    }

    #[tokio::test]
    async fn a_job_that_panics_loses_only_its_result() {
        let mut queue = InOrder::default();
        queue.push("panics", Some(spawn(|| -> u8 { panic!("hostile page") })));
        queue.push("fine", Some(spawn(|| 7u8)));
        assert_eq!(queue.next().await, Some(("panics", None)));
        assert_eq!(queue.next().await, Some(("fine", Some(7))));
        assert_eq!(queue.next().await, None);
    }

    #[tokio::test]
    async fn waiting_on_unfinished_work_can_be_given_up() {
        let mut queue = InOrder::default();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        queue.push(1, Some(spawn(move || rx.recv().is_ok())));
        let waited = tokio::time::timeout(Duration::from_millis(20), queue.next()).await;
        assert!(waited.is_err(), "the work is blocked");
        assert_eq!(queue.len(), 1, "giving up took nothing out");
        tx.send(()).ok();
        assert_eq!(queue.next().await, Some((1, Some(true))));
    }
}
