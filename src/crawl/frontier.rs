//! The crawl frontier: a priority queue of URLs still to fetch, with the seen-set and the
//! crawler-trap guard. A URL is marked seen when it is queued, never twice.

use super::trap_guard::TrapGuard;
use crate::fetch::RequestKind;
use crate::report::TrapReason;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use url::Url;

/// A URL waiting to be fetched.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Normalised URL.
    pub url: Url,
    /// Page or document.
    pub kind: RequestKind,
    /// Link depth from the start page.
    pub depth: u32,
    /// The text of the link that led here (for re-prioritising).
    pub link_text: String,
    /// Listed in a sitemap and not (yet) seen as a link: ranked below equal links.
    pub from_sitemap: bool,
    priority: u32,
    seq: u64,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Highest priority first, then shallowest, then first queued.
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .cmp(&other.priority)
            .then_with(|| other.depth.cmp(&self.depth))
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// What happened to an offered URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Queued.
    Queued,
    /// Already queued or fetched.
    Seen,
    /// Beyond the depth limit.
    TooDeep,
    /// Looks like a crawler trap (and why), or its path pattern is over the hard cap.
    Trap(TrapReason),
}

/// The queue of URLs to fetch.
#[derive(Debug)]
pub struct Frontier {
    heap: BinaryHeap<Entry>,
    seen: HashSet<String>,
    traps: TrapGuard,
    /// Kind, depth and current priority of every queued, not yet popped URL: `raise` looks here
    /// instead of scanning a heap that sitemaps can fill with tens of thousands of entries.
    queued: HashMap<String, (RequestKind, u32, u32)>,
    popped: HashSet<String>,
    max_depth: u32,
    seq: u64,
}

impl Frontier {
    /// An empty frontier; `max_per_pattern` is the trap guard's hard cap per URL pattern.
    pub fn new(max_depth: u32, max_per_pattern: usize) -> Self {
        Self::with_guard(max_depth, TrapGuard::new(max_per_pattern))
    }

    /// An empty frontier with the given trap guard.
    pub fn with_guard(max_depth: u32, traps: TrapGuard) -> Self {
        Frontier {
            heap: BinaryHeap::new(),
            seen: HashSet::new(),
            traps,
            queued: HashMap::new(),
            popped: HashSet::new(),
            max_depth,
            seq: 0,
        }
    }

    /// Offers a URL; it is queued unless seen, too deep or a trap.
    pub fn offer(
        &mut self,
        url: Url,
        kind: RequestKind,
        depth: u32,
        link_text: &str,
        priority: u32,
    ) -> Admission {
        self.offer_entry(url, kind, depth, link_text, priority, false)
    }

    /// Offers a page URL listed in a sitemap: depth 1, no link text.
    pub fn offer_from_sitemap(&mut self, url: Url, priority: u32) -> Admission {
        self.offer_entry(url, RequestKind::Page, 1, "", priority, true)
    }

    fn offer_entry(
        &mut self,
        url: Url,
        kind: RequestKind,
        depth: u32,
        link_text: &str,
        priority: u32,
        from_sitemap: bool,
    ) -> Admission {
        if self.seen.contains(url.as_str()) {
            return Admission::Seen;
        }
        if depth > self.max_depth {
            return Admission::TooDeep;
        }
        if let Err(reason) = self.traps.admit(&url) {
            return Admission::Trap(reason);
        }
        self.seen.insert(url.to_string());
        self.queued.insert(url.to_string(), (kind, depth, priority));
        self.seq += 1;
        let link_text = link_text.chars().take(300).collect();
        self.heap.push(Entry {
            url,
            kind,
            depth,
            link_text,
            from_sitemap,
            priority,
            seq: self.seq,
        });
        Admission::Queued
    }

    /// Marks a URL seen without queueing it (the start URL after a redirect, a fetched page).
    pub fn mark_seen(&mut self, url: &Url) {
        self.seen.insert(url.to_string());
    }

    /// True when `url` was queued or marked seen.
    pub fn is_seen(&self, url: &Url) -> bool {
        self.seen.contains(url.as_str())
    }

    /// Takes the most promising entry. `current` recomputes an entry's priority now that more is
    /// decided; an entry whose priority dropped goes back into the queue at its new place.
    pub fn pop(&mut self, current: impl Fn(&Entry) -> u32) -> Option<Entry> {
        // Each entry is re-queued at most once per pop call (its priority can only drop to a value
        // that `current` returns again), so this loop ends.
        let mut requeued = HashSet::new();
        while let Some(mut entry) = self.heap.pop() {
            if self.popped.contains(entry.url.as_str()) {
                continue; // a stale copy left behind by `raise`
            }
            let now = current(&entry);
            if now < entry.priority && requeued.insert(entry.seq) {
                entry.priority = now;
                if let Some(q) = self.queued.get_mut(entry.url.as_str()) {
                    q.2 = now;
                }
                self.heap.push(entry);
                continue;
            }
            self.queued.remove(entry.url.as_str());
            self.popped.insert(entry.url.to_string());
            return Some(entry);
        }
        None
    }

    /// Puts back an entry taken by [`Frontier::pop`] but not fetched (over a budget for now).
    pub fn requeue(&mut self, entry: Entry) {
        self.popped.remove(entry.url.as_str());
        self.queued.insert(
            entry.url.to_string(),
            (entry.kind, entry.depth, entry.priority),
        );
        self.heap.push(entry);
    }

    /// Gives a queued, not yet fetched URL a higher priority (a copy goes in; the stale one is skipped).
    pub fn raise(&mut self, url: &Url, link_text: &str, priority: u32) {
        if self.popped.contains(url.as_str()) {
            return;
        }
        let Some(queued) = self.queued.get_mut(url.as_str()) else {
            return;
        };
        let (kind, depth, old) = *queued;
        if old >= priority {
            return;
        }
        queued.2 = priority;
        self.seq += 1;
        self.heap.push(Entry {
            url: url.clone(),
            kind,
            depth,
            link_text: link_text.chars().take(300).collect(),
            from_sitemap: false,
            priority,
            seq: self.seq,
        });
    }

    /// True when an entry of `kind` is queued.
    pub fn has_kind(&self, kind: RequestKind) -> bool {
        self.heap
            .iter()
            .any(|e| e.kind == kind && !self.popped.contains(e.url.as_str()))
    }

    /// URLs still queued (stale copies not counted).
    pub fn len(&self) -> usize {
        self.heap
            .iter()
            .filter(|e| !self.popped.contains(e.url.as_str()))
            .map(|e| e.url.as_str())
            .collect::<HashSet<_>>()
            .len()
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn pops_by_priority_then_depth_then_order() {
        let mut f = Frontier::new(10, 100);
        f.offer(u("http://a.ru/news/1"), RequestKind::Page, 1, "Новость", 0);
        f.offer(u("http://a.ru/tarify"), RequestKind::Page, 2, "Тарифы", 100);
        f.offer(u("http://a.ru/about"), RequestKind::Page, 1, "О нас", 0);
        let order: Vec<String> = std::iter::from_fn(|| f.pop(|e| e.priority))
            .map(|e| e.url.path().to_string())
            .collect();
        assert_eq!(order, vec!["/tarify", "/news/1", "/about"]);
    }

    #[test]
    fn seen_on_queue_and_depth_and_trap_limits() {
        let mut f = Frontier::new(2, 3);
        assert_eq!(
            f.offer(u("http://a.ru/x"), RequestKind::Page, 1, "", 0),
            Admission::Queued
        );
        assert_eq!(
            f.offer(u("http://a.ru/x"), RequestKind::Page, 1, "", 0),
            Admission::Seen
        );
        assert_eq!(
            f.offer(u("http://a.ru/deep"), RequestKind::Page, 3, "", 0),
            Admission::TooDeep
        );
        for m in 1..=3 {
            let url = u(&format!("http://a.ru/calendar/?month={m}"));
            assert_eq!(f.offer(url, RequestKind::Page, 1, "", 0), Admission::Queued);
        }
        assert_eq!(
            f.offer(
                u("http://a.ru/calendar/?month=4"),
                RequestKind::Page,
                1,
                "",
                0
            ),
            Admission::Trap(TrapReason::PatternCap)
        );
    }

    #[test]
    fn raise_moves_a_queued_url_up_once_and_drops_its_sitemap_mark() {
        let mut f = Frontier::new(10, 100);
        f.offer_from_sitemap(u("http://a.ru/tarify"), 5);
        f.offer(u("http://a.ru/news"), RequestKind::Page, 1, "Новости", 50);
        f.raise(&u("http://a.ru/tarify"), "Тарифы", 100);
        f.raise(&u("http://a.ru/tarify"), "Тарифы", 60);
        let first = f.pop(|e| e.priority).unwrap();
        assert_eq!(
            (first.url.path(), first.link_text.as_str()),
            ("/tarify", "Тарифы")
        );
        assert!(!first.from_sitemap);
        assert_eq!(f.pop(|e| e.priority).unwrap().url.path(), "/news");
        assert!(f.pop(|e| e.priority).is_none(), "the stale copy is skipped");
        // A popped URL is not raised again.
        f.raise(&u("http://a.ru/tarify"), "Тарифы", 500);
        assert!(f.is_empty());
    }

    #[test]
    fn lowered_priority_is_requeued() {
        let mut f = Frontier::new(10, 100);
        f.offer(u("http://a.ru/a"), RequestKind::Page, 1, "a", 300);
        f.offer(u("http://a.ru/b"), RequestKind::Page, 1, "b", 200);
        // "a" is no longer interesting: it drops to 0 and "b" comes first.
        let first = f
            .pop(|e| if e.link_text == "a" { 0 } else { e.priority })
            .unwrap();
        assert_eq!(first.url.path(), "/b");
    }
}
