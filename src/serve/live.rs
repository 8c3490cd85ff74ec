//! Live progress of checks, for the progress page and `GET /api/checks/{id}/events`: one
//! `watch` channel per check that someone waits on or a worker runs, dropped when it ends.

use super::store::CheckStatus;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// How far a check got, as the API and the events stream show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// `queued`, `running`, `done` or `failed`.
    pub status: &'static str,
    /// Pages fetched so far.
    pub pages: u64,
    /// Requirements decided so far.
    pub decided: u64,
    /// Requirements in the rule set.
    pub total: u64,
    /// The page fetched last (running checks only).
    pub current_url: Option<String>,
}

impl Snapshot {
    /// A snapshot of a check in `status` with the counts stored for it.
    pub fn new(status: CheckStatus, pages: u64, decided: u64, total: u64) -> Snapshot {
        Snapshot {
            status: status.as_str(),
            pages,
            decided,
            total,
            current_url: None,
        }
    }

    /// True once the check ended.
    pub fn is_final(&self) -> bool {
        CheckStatus::parse(self.status).is_some_and(CheckStatus::is_final)
    }
}

/// The channels of checks in progress.
#[derive(Debug, Default, Clone)]
pub struct Live {
    channels: Arc<Mutex<HashMap<String, watch::Sender<Snapshot>>>>,
}

impl Live {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, watch::Sender<Snapshot>>> {
        self.channels.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A receiver for check `id`, starting from `initial` when nobody watched it yet.
    pub fn subscribe(
        &self,
        id: &str,
        initial: impl FnOnce() -> Snapshot,
    ) -> watch::Receiver<Snapshot> {
        if let Some(tx) = self.lock().get(id) {
            return tx.subscribe();
        }
        // Made without the lock: the engine's snapshot reads these channels itself, and under
        // the lock that deadlocked the events request and every worker publishing progress.
        let first = initial();
        self.lock()
            .entry(id.to_string())
            .or_insert_with(|| watch::channel(first).0)
            .subscribe()
    }

    /// The latest snapshot of check `id`, when it is being watched or run.
    pub fn current(&self, id: &str) -> Option<Snapshot> {
        self.lock().get(id).map(|tx| tx.borrow().clone())
    }

    /// Publishes a new snapshot of check `id`.
    pub fn publish(&self, id: &str, snapshot: Snapshot) {
        let mut channels = self.lock();
        match channels.get(id) {
            Some(tx) => {
                tx.send_replace(snapshot);
            }
            None => {
                channels.insert(id.to_string(), watch::channel(snapshot).0);
            }
        }
    }

    /// Publishes the final snapshot of check `id` and forgets the channel (its receivers still
    /// get that last value).
    pub fn finish(&self, id: &str, snapshot: Snapshot) {
        if let Some(tx) = self.lock().remove(id) {
            tx.send_replace(snapshot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first watcher's snapshot may itself read the live channels (the engine's does).
    #[test]
    fn the_initial_snapshot_may_read_the_channels() {
        let live = Live::default();
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let watcher = live.clone();
        std::thread::spawn(move || {
            let rx = watcher.subscribe("a", || {
                watcher
                    .current("a")
                    .unwrap_or_else(|| Snapshot::new(CheckStatus::Queued, 0, 0, 30))
            });
            let _ = done_tx.send(rx.borrow().status);
        });
        let status = done_rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("subscribe returns (it deadlocked on its own lock)");
        assert_eq!(status, "queued");
        // And publishing goes on.
        live.publish("a", Snapshot::new(CheckStatus::Running, 1, 0, 30));
        assert_eq!(live.current("a").map(|s| s.pages), Some(1));
    }

    #[tokio::test]
    async fn watchers_see_progress_and_the_end() {
        let live = Live::default();
        let mut rx = live.subscribe("a", || Snapshot::new(CheckStatus::Queued, 0, 0, 30));
        live.publish("a", Snapshot::new(CheckStatus::Running, 2, 5, 30));
        rx.changed().await.unwrap();
        assert_eq!(rx.borrow().pages, 2);
        live.finish("a", Snapshot::new(CheckStatus::Done, 9, 30, 30));
        rx.changed().await.unwrap();
        assert!(rx.borrow().is_final());
        assert!(live.current("a").is_none());
    }
}
