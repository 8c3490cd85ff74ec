//! The multi-pattern prefilter of one matcher field ([`super::compiled`]): a lazy DFA over the
//! loose patterns of all rules, with bounded per-thread caches that are cleared, never given up.

mod walk;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{MatchKind, PatternSet};
use regex_syntax::hir::Hir;
use walk::{Halves, Walk};

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
        self.which_split(hay, found, SPLIT_FROM)
    }

    /// [`SetDfa::which`], a text of `split_from` bytes or more read in two halves side by side.
    fn which_split(&self, hay: &str, found: &mut Found, split_from: usize) -> bool {
        let mut cache = self.caches.get();
        let (taken, room) = found.take();
        let scanned = Halves::start(&self.dfa, &mut cache, hay.as_bytes(), taken, split_from)
            .and_then(|halves| halves.finish(&self.dfa, &mut cache));
        found.put_back(scanned, room)
    }

    /// [`SetDfa::which`] of two texts, each with its own automaton, in one loop: the result of
    /// each is that of its own scan.
    ///
    /// Why: a scan costs the latency of one dependent load a byte (the next state depends on
    /// the last), whatever the automaton's size: patterns split over four automata cost four
    /// scans. Independent scans in one loop are independent chains of loads, which the
    /// processor runs side by side: each text is read in two halves ([`Halves`]), and the four
    /// walks of a page's main text and its whole text go together.
    pub(super) fn which_pair(
        a: (&SetDfa, &str, &mut Found),
        b: (&SetDfa, &str, &mut Found),
    ) -> (bool, bool) {
        SetDfa::which_pair_split(a, b, SPLIT_FROM)
    }

    fn which_pair_split(
        (a, hay_a, found_a): (&SetDfa, &str, &mut Found),
        (b, hay_b, found_b): (&SetDfa, &str, &mut Found),
        split_from: usize,
    ) -> (bool, bool) {
        let (mut cache_a, mut cache_b) = (a.caches.get(), b.caches.get());
        let ((taken_a, room_a), (taken_b, room_b)) = (found_a.take(), found_b.take());
        let halves_a = Halves::start(&a.dfa, &mut cache_a, hay_a.as_bytes(), taken_a, split_from);
        let halves_b = Halves::start(&b.dfa, &mut cache_b, hay_b.as_bytes(), taken_b, split_from);
        let (Some(mut halves_a), Some(mut halves_b)) = (halves_a, halves_b) else {
            return (
                found_a.put_back(None, room_a),
                found_b.put_back(None, room_b),
            );
        };
        while let (Some([a1, a2]), Some([b1, b2])) = (halves_a.reading(), halves_b.reading()) {
            let (reader_a, reader_b) = ((&a.dfa, &*cache_a), (&b.dfa, &*cache_b));
            Walk::glide_all([a1, a2, b1, b2], [reader_a, reader_a, reader_b, reader_b]);
            if halves_a.reading().is_none() || halves_b.reading().is_none() {
                break;
            }
            halves_a.step(&a.dfa, &mut cache_a);
            halves_b.step(&b.dfa, &mut cache_b);
        }
        // Whichever is left, alone.
        let scanned_a = halves_a.finish(&a.dfa, &mut cache_a);
        let scanned_b = halves_b.finish(&b.dfa, &mut cache_b);
        (
            found_a.put_back(scanned_a, room_a),
            found_b.put_back(scanned_b, room_b),
        )
    }
}

/// Texts shorter than this are read by one walk: the second half's walk has a start to compute
/// and the first half's reads on into the second, a few bytes to a few words.
const SPLIT_FROM: usize = 1024;

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

    /// An empty `Found` of the same room.
    fn fresh(&self) -> Found {
        Found::new(self.set.capacity(), self.first_ends.len())
    }

    /// What this holds, for a scan to add to, and its room: `self` is left empty (without
    /// allocating) until [`Found::put_back`].
    fn take(&mut self) -> (Found, (usize, usize)) {
        let room = (self.set.capacity(), self.first_ends.len());
        (std::mem::replace(self, Found::new(0, 0)), room)
    }

    /// Puts back what a scan found, or, when it failed, an empty `Found` of `room`; true when
    /// it did not fail.
    fn put_back(&mut self, scanned: Option<Found>, (patterns, ends): (usize, usize)) -> bool {
        let ok = scanned.is_some();
        *self = scanned.unwrap_or_else(|| Found::new(patterns, ends));
        ok
    }

    /// Adds what `other` found in the same text: the first end of a pattern both found is the
    /// earlier one.
    fn absorb(&mut self, other: Found) {
        for pattern in other.set.iter() {
            let i = pattern.as_usize();
            let new = self.set.insert(pattern);
            if let (Some(mine), Some(&theirs)) =
                (self.first_ends.get_mut(i), other.first_ends.get(i))
            {
                *mine = if new { theirs } else { (*mine).min(theirs) };
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
    use proptest::strategy::Just;
    use regex_automata::Input;

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
        ours_split(set_dfa, hay, SPLIT_FROM)
    }

    fn ours_split(set_dfa: &SetDfa, hay: &str, split_from: usize) -> Option<Vec<usize>> {
        let mut found = Found::new(set_dfa.dfa.pattern_len(), 0);
        set_dfa
            .which_split(hay, &mut found, split_from)
            .then_some(())?;
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
        /// renumbered under the search), for two texts scanned side by side, and with texts
        /// read in halves (split anywhere: at `^`, inside a match, inside a word).
        #[test]
        fn equals_the_overlapping_search(
            words in proptest::collection::vec(WORDS, 0..40),
            others in proptest::collection::vec(WORDS, 0..40),
            (tiny_a, tiny_b) in (proptest::bool::weighted(0.3), proptest::bool::weighted(0.2)),
            split_from in proptest::prop_oneof![Just(SPLIT_FROM), 0..300usize],
        ) {
            let cache = |tiny| if tiny { 1 } else { SHORT_CACHE };
            let set_a = dfa(PATTERNS, cache(tiny_a));
            let set_b = dfa(&PATTERNS[1..5], cache(tiny_b));
            let (hay_a, hay_b) = (words.join(" "), others.join(" "));
            let expected_a = library(&set_a, &hay_a);
            proptest::prop_assert_eq!(ours(&set_a, &hay_a), expected_a.clone());
            proptest::prop_assert_eq!(ours_split(&set_a, &hay_a, split_from), expected_a.clone());
            let (mut found_a, mut found_b) = (Found::new(7, 7), Found::new(4, 4));
            let ok = SetDfa::which_pair_split(
                (&set_a, &hay_a, &mut found_a),
                (&set_b, &hay_b, &mut found_b),
                split_from,
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
