//! The multi-pattern prefilter of one matcher field ([`super::compiled`]): a lazy DFA over the
//! loose patterns of all rules, with bounded per-thread caches that are cleared, never given up.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::Hir;

/// Which patterns of a field may match a text: one lazy DFA over all of them, searched for every
/// match at once (overlapping).
///
/// Built directly rather than through `meta::Regex`, for two settings: the meta regex gives its
/// lazy DFA up after three cache clears that made little progress — and the count only grows over
/// a process's life, so a long sweep (millions of distinct link texts, each adding states) would
/// fall to the PikeVM, 300 times slower on a page's text; here a full cache is cleared and
/// filling it again goes on. And its cache is bounded ([`TEXT_CACHE`], [`SHORT_CACHE`]) per
/// thread that searches, which bounds the memory of a sweep.
pub(super) struct SetDfa {
    dfa: DFA,
    caches: Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>,
}

/// The lazy DFA cache of a field scanned on a page's whole text, per thread that scans. For the
/// `content` field of the built-in rules on 42 KB texts: 8 MiB never clears, 4 MiB is as fast,
/// 2 MiB 25 % slower, 1 MiB 15 times slower. In a whole crawl with a page-work thread per core
/// (2 000 pages, three runs each): 2 MiB took 40 % more CPU, 8 MiB the same as 4.
pub(super) const TEXT_CACHE: usize = 4 << 20;

/// The cache of a field scanned on short texts (link texts, headings, paths): one search adds at
/// most a state per byte, so a smaller cache only clears more often between searches. But the
/// link fields of a menu-heavy page fill 1 MiB on every page (matching five times slower).
pub(super) const SHORT_CACHE: usize = 2 << 20;

impl SetDfa {
    pub(super) fn build(loose: &[Hir], capacity: usize) -> Option<SetDfa> {
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().shrink(false))
            .build_many_from_hir(loose)
            .ok()?;
        let config = DFA::config()
            .match_kind(MatchKind::All)
            .cache_capacity(capacity)
            .skip_cache_capacity_check(true)
            .minimum_cache_clear_count(None);
        let dfa = DFA::builder().configure(config).build_from_nfa(nfa).ok()?;
        let for_pool = dfa.clone();
        let create: Box<dyn Fn() -> Cache + Send + Sync> =
            Box::new(move || for_pool.create_cache());
        Some(SetDfa {
            dfa,
            caches: Pool::new(create),
        })
    }

    /// Adds to `set` every pattern with a match in `hay`; false when the search failed (then
    /// `set` says nothing).
    pub(super) fn which(&self, hay: &str, set: &mut PatternSet) -> bool {
        let mut cache = self.caches.get();
        self.dfa
            .try_which_overlapping_matches(&mut cache, &Input::new(hay), set)
            .is_ok()
    }
}

impl std::fmt::Debug for SetDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetDfa")
    }
}
