//! The multi-pattern prefilter of one matcher field ([`super::compiled`]): a lazy DFA over the
//! loose patterns of all rules, with bounded per-thread caches that are cleared, never given up.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
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

    /// Adds to `found` every pattern with a match in `hay`; false when the search failed (then
    /// `found` says nothing).
    pub(super) fn which(&self, hay: &str, found: &mut Found) -> bool {
        let mut cache = self.caches.get();
        let Some(mut walk) = Walk::start(&self.dfa, &mut cache, hay.as_bytes(), found) else {
            return false;
        };
        walk.run_out();
        walk.finish()
    }

    /// [`SetDfa::which`] of two texts, each with its own automaton, in one loop: the result of
    /// each is that of its own scan.
    ///
    /// Why: a scan costs the latency of one dependent load a byte (the next state depends on
    /// the last), whatever the automaton's size: patterns split over four automata cost four
    /// scans. Two scans in one loop are two independent chains of loads, which the processor
    /// runs side by side — a page's main text and its whole text are scanned for about the
    /// time of one.
    pub(super) fn which_pair(
        (a, hay_a, found_a): (&SetDfa, &str, &mut Found),
        (b, hay_b, found_b): (&SetDfa, &str, &mut Found),
    ) -> (bool, bool) {
        let (mut cache_a, mut cache_b) = (a.caches.get(), b.caches.get());
        let walk_a = Walk::start(&a.dfa, &mut cache_a, hay_a.as_bytes(), found_a);
        let walk_b = Walk::start(&b.dfa, &mut cache_b, hay_b.as_bytes(), found_b);
        let (Some(mut walk_a), Some(mut walk_b)) = (walk_a, walk_b) else {
            return (false, false);
        };
        while !(walk_a.is_over() || walk_b.is_over()) {
            Walk::glide_pair(&mut walk_a, &mut walk_b);
            if walk_a.is_over() || walk_b.is_over() {
                break;
            }
            walk_a.step();
            walk_b.step();
        }
        // Whichever is left, alone.
        walk_a.run_out();
        walk_b.run_out();
        (walk_a.finish(), walk_b.finish())
    }
}

/// What a scan found: the patterns with a match, and where the first match of each ends.
#[derive(Clone)]
pub(super) struct Found {
    pub(super) set: PatternSet,
    /// For pattern `i` in `set`, where its first match ends (exclusive), when `first_ends` has
    /// room for `i`: an empty vector keeps none.
    pub(super) first_ends: Vec<usize>,
}

impl Found {
    /// Room for `patterns`, with the ends of the first `ends` of them kept.
    pub(super) fn new(patterns: usize, ends: usize) -> Found {
        Found {
            set: PatternSet::new(patterns),
            first_ends: vec![0; ends],
        }
    }
}

/// One scan in progress: what `DFA::try_which_overlapping_matches` does, one byte a step.
///
/// The library's overlapping search returns to its caller at every match, and for every
/// pattern of it, and starts again from a saved state; here the patterns of a match state are
/// added to the set where they are met, and a run of the same match state is added once. No
/// search progress is kept: it only serves a lazy DFA that may give up, and these never do.
struct Walk<'a> {
    dfa: &'a DFA,
    cache: &'a mut Cache,
    hay: &'a [u8],
    sid: LazyStateID,
    found: &'a mut Found,
    /// The match state last added, with the cache clear it is of (a clear renumbers states).
    added: Option<(LazyStateID, usize)>,
    /// The byte the next step reads.
    at: usize,
    /// Nothing more can be found (every pattern found, or a dead state).
    done: bool,
    failed: bool,
}

impl<'a> Walk<'a> {
    fn start(
        dfa: &'a DFA,
        cache: &'a mut Cache,
        hay: &'a [u8],
        found: &'a mut Found,
    ) -> Option<Walk<'a>> {
        let sid = dfa.start_state_forward(cache, &Input::new(hay)).ok()?;
        Some(Walk {
            dfa,
            cache,
            hay,
            sid,
            found,
            added: None,
            at: 0,
            done: false,
            failed: false,
        })
    }

    /// True when the text is read or nothing more can be found in it.
    fn is_over(&self) -> bool {
        self.done || self.at >= self.hay.len()
    }

    /// Steps until the walk is over.
    fn run_out(&mut self) {
        while !self.is_over() {
            self.glide();
            if self.is_over() {
                break;
            }
            self.step();
        }
    }

    /// Reads bytes for as long as they lead from one plain state to another (no match, dead,
    /// quit or not yet computed state), and stops before the first byte that does not, for
    /// [`Walk::step`] to read. Why: a plain state's next state is one load from the cache's
    /// table; this loop does only that, with none of the bounds and tag checks of a step, and
    /// most bytes of a text are read here.
    #[inline(always)]
    fn glide(&mut self) {
        if self.sid.is_tagged() {
            return;
        }
        let mut sid = self.sid;
        let mut read = 0;
        for &byte in &self.hay[self.at..] {
            let next = self.dfa.next_state_untagged(self.cache, sid, byte);
            if next.is_tagged() {
                break;
            }
            sid = next;
            read += 1;
        }
        self.sid = sid;
        self.at += read;
    }

    /// [`Walk::glide`] of two walks in one loop (see [`SetDfa::which_pair`]): both stop before
    /// the first byte that does not lead either to a plain state.
    #[inline(always)]
    fn glide_pair(a: &mut Walk, b: &mut Walk) {
        if a.sid.is_tagged() || b.sid.is_tagged() {
            return;
        }
        let (mut sid_a, mut sid_b) = (a.sid, b.sid);
        let mut read = 0;
        for (&byte_a, &byte_b) in a.hay[a.at..].iter().zip(&b.hay[b.at..]) {
            let next_a = a.dfa.next_state_untagged(a.cache, sid_a, byte_a);
            let next_b = b.dfa.next_state_untagged(b.cache, sid_b, byte_b);
            if next_a.is_tagged() || next_b.is_tagged() {
                break;
            }
            (sid_a, sid_b) = (next_a, next_b);
            read += 1;
        }
        (a.sid, b.sid) = (sid_a, sid_b);
        a.at += read;
        b.at += read;
    }

    /// Reads the next byte (the walk must not be over).
    #[inline(always)]
    fn step(&mut self) {
        let byte = self.hay[self.at];
        self.at += 1;
        match self.dfa.next_state(self.cache, self.sid, byte) {
            Ok(sid) => self.sid = sid,
            Err(_) => {
                (self.failed, self.done) = (true, true);
                return;
            }
        }
        if self.sid.is_tagged() {
            if self.sid.is_match() {
                // The byte just read ends the match (a DFA reports a match a byte late).
                self.add_matches(self.at - 1);
                self.done = self.found.set.is_full();
            } else if self.sid.is_dead() {
                self.done = true;
            } else if self.sid.is_quit() {
                (self.failed, self.done) = (true, true);
            }
        }
    }

    /// Ends the scan (matches are reported a byte late: the end of the text may complete one
    /// more); false when it failed.
    fn finish(mut self) -> bool {
        if self.failed {
            return false;
        }
        if self.done {
            return true;
        }
        match self.dfa.next_eoi_state(self.cache, self.sid) {
            Ok(sid) => self.sid = sid,
            Err(_) => return false,
        }
        if self.sid.is_match() {
            self.add_matches(self.hay.len());
        }
        true
    }

    /// Adds the patterns of the match state, whose matches end at `end`.
    fn add_matches(&mut self, end: usize) {
        let now = (self.sid, self.cache.clear_count());
        if self.added == Some(now) {
            return;
        }
        self.added = Some(now);
        for i in 0..self.dfa.match_len(self.cache, self.sid) {
            let pattern = self.dfa.match_pattern(self.cache, self.sid, i);
            if self.found.set.insert(pattern) {
                if let Some(first) = self.found.first_ends.get_mut(pattern.as_usize()) {
                    *first = end;
                }
            }
        }
    }
}

impl std::fmt::Debug for SetDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetDfa")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compiled::{parse, strip_word_looks};

    const PATTERNS: &[&str] = &[
        r"устав\w*",
        r"\bплан\w*\s+(финансово|фхд)",
        r"телефон",
        r"(?s)отч[её]т.{0,20}исполн",
        r"\d{4}\s*год",
        r"^адрес",
        r"x*",
    ];

    fn dfa(patterns: &[&str], capacity: usize) -> SetDfa {
        let loose: Vec<Hir> = patterns
            .iter()
            .map(|p| strip_word_looks(parse(p).expect("test pattern")))
            .collect();
        SetDfa::build(&loose, capacity).expect("test DFA")
    }

    /// The library's overlapping search, which [`Walk`] replaces.
    fn library(set_dfa: &SetDfa, hay: &str) -> Option<Vec<usize>> {
        let mut cache = set_dfa.dfa.create_cache();
        let mut set = PatternSet::new(set_dfa.dfa.pattern_len());
        (set_dfa.dfa)
            .try_which_overlapping_matches(&mut cache, &Input::new(hay), &mut set)
            .ok()?;
        Some(set.iter().map(|p| p.as_usize()).collect())
    }

    fn ours(set_dfa: &SetDfa, hay: &str) -> Option<Vec<usize>> {
        let mut found = Found::new(set_dfa.dfa.pattern_len(), 0);
        set_dfa.which(hay, &mut found).then_some(())?;
        Some(ids(&found))
    }

    fn ids(found: &Found) -> Vec<usize> {
        found.set.iter().map(|p| p.as_usize()).collect()
    }

    /// Where the first match of each of `patterns` found in `hay` ends, by an earliest search
    /// of the pattern alone.
    fn first_ends(patterns: &[&str], found: &Found, hay: &str) -> Vec<(usize, usize)> {
        ids(found)
            .into_iter()
            .map(|i| {
                let loose = strip_word_looks(parse(patterns[i]).expect("test pattern"));
                let re = regex_automata::meta::Regex::builder()
                    .build_from_hir(&loose)
                    .expect("test regex");
                let end = re.search_half(&Input::new(hay).earliest(true));
                (i, end.expect("a pattern found has a match").offset())
            })
            .collect()
    }

    fn our_first_ends(found: &Found) -> Vec<(usize, usize)> {
        ids(found)
            .into_iter()
            .map(|i| (i, found.first_ends[i]))
            .collect()
    }

    #[test]
    fn finds_what_the_overlapping_search_finds() {
        let set_dfa = dfa(PATTERNS, TEXT_CACHE);
        let text = "Наш адрес: ул. Ленина. Устав учреждения, план финансово-хозяйственной \
                    деятельности на 2024 год; Отчёт об исполнении. Телефон: 8 (800)";
        let found = ours(&set_dfa, text).expect("search");
        assert_eq!(Some(found.clone()), library(&set_dfa, text));
        assert_eq!(found, vec![0, 1, 2, 3, 4, 6], "«адрес» is not at the start");
        assert_eq!(ours(&set_dfa, "").expect("search"), vec![6]);
    }

    proptest::proptest! {
        /// Also with a cache so small that it is cleared within one text (states are then
        /// renumbered under the search), and for two texts scanned side by side.
        #[test]
        fn equals_the_overlapping_search(
            words in proptest::collection::vec(WORDS, 0..40),
            others in proptest::collection::vec(WORDS, 0..40),
            tiny in proptest::bool::ANY,
        ) {
            let set_a = dfa(PATTERNS, if tiny { 1 } else { SHORT_CACHE });
            let set_b = dfa(&PATTERNS[1..5], SHORT_CACHE);
            let (hay_a, hay_b) = (words.join(" "), others.join(" "));
            let expected_a = library(&set_a, &hay_a);
            proptest::prop_assert_eq!(ours(&set_a, &hay_a), expected_a.clone());
            let (mut found_a, mut found_b) = (Found::new(7, 7), Found::new(4, 4));
            let ok = SetDfa::which_pair(
                (&set_a, &hay_a, &mut found_a),
                (&set_b, &hay_b, &mut found_b),
            );
            proptest::prop_assert_eq!(ok, (true, true));
            proptest::prop_assert_eq!(Some(ids(&found_a)), expected_a);
            proptest::prop_assert_eq!(Some(ids(&found_b)), library(&set_b, &hay_b));
            proptest::prop_assert_eq!(
                our_first_ends(&found_a),
                first_ends(PATTERNS, &found_a, &hay_a)
            );
            proptest::prop_assert_eq!(
                our_first_ends(&found_b),
                first_ends(&PATTERNS[1..5], &found_b, &hay_b)
            );
        }
    }

    const WORDS: &str =
        "(устав|Устава|план|ФХД|финансово|телефон|отчет|отчёт|исполн|2024|год|x|адрес| |\\n|ё|-){1,4}";
}
