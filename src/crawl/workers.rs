//! Page work off the crawl's coordinator: a small pool of threads, one per core, runs the pure
//! part of judging a page (parsing, matching, content analyses), and [`InOrder`] hands results
//! back in the order the answers arrived, so that the checker sees pages exactly as it would
//! have seen them one by one.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// The pool's queue; its threads are started on first use and live as long as the process.
fn pool() -> &'static Mutex<mpsc::Sender<Job>> {
    static POOL: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..threads {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("socaudit-page-{i}"))
                .spawn(move || work(&rx));
            if let Err(e) = spawned {
                tracing::warn!("page worker thread not started: {e}");
            }
        }
        Mutex::new(tx)
    })
}

/// A worker: takes jobs until the queue closes.
fn work(rx: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = job else { return };
        // A job that panics loses its result (its receiver sees the sender dropped), not the
        // thread.
        let _ = catch_unwind(AssertUnwindSafe(job));
    }
}

/// Runs `job` on the pool; the receiver gets its result, or an error if it panicked.
pub(super) fn spawn<P: Send + 'static>(job: impl FnOnce() -> P + Send + 'static) -> Pending<P> {
    let (tx, rx) = oneshot::channel();
    let boxed: Job = Box::new(move || {
        let _ = tx.send(job());
    });
    let sent = match pool().lock() {
        Ok(tx) => tx.send(boxed),
        Err(poisoned) => poisoned.into_inner().send(boxed),
    };
    if let Err(mpsc::SendError(job)) = sent {
        // No worker could be started: the work is done here, as it was before the pool.
        job();
    }
    Pending(rx)
}

/// The result of a job on the pool.
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
            Some(Pending(rx)) => rx.await.ok(),
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
