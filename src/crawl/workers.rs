//! Page work off the crawl's coordinator: the pure part of handling a page (parsing, matching,
//! content analyses) runs on the process's page-work threads, and [`InOrder`] hands results back
//! in the order the answers arrived, so that the checker sees pages exactly as it would have seen
//! them one by one.
//!
//! A fixed set of [`page_work_slots`] threads, not tokio's blocking pool: the work is CPU-bound, so
//! more jobs at once only add threads, and every thread that has matched pages keeps caches of the
//! rules' automata (a few MiB for each). Limited only by a semaphore, jobs still wandered over all
//! of the blocking pool's threads over a sweep, and each of them grew its own caches.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, LazyLock, Mutex};
use tokio::sync::oneshot;

/// How many page jobs run at once: one per core, at least 2 (so that a slow, hostile page leaves
/// room for the other sites' pages). One more than the cores (3 on 2 cores) swept 1 200 sites in
/// the same time with 28 MiB more, and a one-site crawl took 15 % longer for a few per cent more
/// CPU: a third thread only takes turns with the others and evicts their automata from the
/// core's cache.
pub(super) fn page_work_slots() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    cores.max(2)
}

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the page-work threads, started on first use.
static QUEUE: LazyLock<Mutex<Sender<Job>>> = LazyLock::new(|| {
    let (sender, receiver) = channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..page_work_slots() {
        let receiver = Arc::clone(&receiver);
        // A thread that cannot start leaves the others; with none, `spawn`'s jobs get no result
        // and their pages are lost as if their parse had failed, which the crawl reports.
        let _ = std::thread::Builder::new()
            .name(format!("socaudit-page-{n}"))
            .spawn(move || work(&receiver));
    }
    Mutex::new(sender)
});

fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job, not while running it.
        let job = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        // A parser bug a hostile page hit loses that page's result, not the thread.
        let _ = catch_unwind(AssertUnwindSafe(job));
    }
}

/// Runs `job` on one of the page-work threads once one is free, jobs in the order they came.
pub(super) fn spawn<P: Send + 'static>(job: impl FnOnce() -> P + Send + 'static) -> Pending<P> {
    let (result, pending) = oneshot::channel();
    let job: Job = Box::new(move || {
        // Nobody waits any more (the site's crawl ended): skip the work.
        if !result.is_closed() {
            let _ = result.send(job());
        }
    });
    if let Ok(queue) = QUEUE.lock() {
        let _ = queue.send(job);
    }
    Pending(pending)
}

/// The result of a job; a job that panicked (a parser bug a hostile page hit) has none.
pub(super) struct Pending<P>(oneshot::Receiver<P>);

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
            Some(Pending(receiver)) => receiver.await.ok(),
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_run_on_the_page_threads_only() {
        // Automata caches are kept per thread, so the set of threads must not grow with the work.
        let mut queue = InOrder::default();
        for i in 0..10 * page_work_slots() {
            queue.push(
                i,
                Some(spawn(|| {
                    std::thread::sleep(Duration::from_millis(2));
                    let thread = std::thread::current();
                    (thread.id(), thread.name().unwrap_or_default().to_string())
                })),
            );
        }
        let mut threads = std::collections::HashSet::new();
        while let Some((_, result)) = queue.next().await {
            let (id, name) = result.expect("every job ran");
            assert!(name.starts_with("socaudit-page-"), "ran on «{name}»");
            threads.insert(id);
        }
        assert!(
            threads.len() <= page_work_slots(),
            "{} threads",
            threads.len()
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
