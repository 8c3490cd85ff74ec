//! The scans of [`super::SetDfa`]: one walk of a lazy DFA over a text, and a text read by two
//! walks side by side ([`Halves`]).

use super::Found;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::util::start;
use regex_automata::Input;

/// One scan in progress over `hay[at..end]`: what `DFA::try_which_overlapping_matches` does,
/// one byte a step.
///
/// The library's overlapping search returns to its caller at every match, and for every
/// pattern of it, and starts again from a saved state; here the patterns of a match state are
/// added to the set where they are met, and a run of the same match state is added once. No
/// search progress is kept: it only serves a lazy DFA that may give up, and these never do.
pub(super) struct Walk<'h> {
    hay: &'h [u8],
    /// Where reading stops (exclusive): the text's end, or where another walk of it starts.
    end: usize,
    sid: LazyStateID,
    found: Found,
    /// The match state last added, with the cache clear it is of (a clear renumbers states).
    added: Option<(LazyStateID, usize)>,
    /// The byte the next step reads.
    at: usize,
    /// Nothing more can be found (every pattern found, or a dead state).
    done: bool,
    failed: bool,
}

/// A lazy DFA and its cache, as a glide reads them.
type Reader<'d> = (&'d DFA, &'d Cache);

impl<'h> Walk<'h> {
    /// A walk of `hay[from..end]`, the byte before `from` read as what precedes it.
    pub(super) fn start(
        dfa: &DFA,
        cache: &mut Cache,
        hay: &'h [u8],
        (from, end): (usize, usize),
        found: Found,
    ) -> Option<Walk<'h>> {
        let input = Input::new(hay).span(from..hay.len());
        let sid = dfa.start_state_forward(cache, &input).ok()?;
        Some(Walk {
            hay,
            end,
            sid,
            found,
            added: None,
            at: from,
            done: false,
            failed: false,
        })
    }

    /// True when the walk read up to its end or nothing more can be found.
    pub(super) fn is_over(&self) -> bool {
        self.done || self.at >= self.end
    }

    /// Steps until the walk is over.
    pub(super) fn run_out(&mut self, dfa: &DFA, cache: &mut Cache) {
        while !self.is_over() {
            self.glide((dfa, cache));
            if self.is_over() {
                break;
            }
            self.step(dfa, cache);
        }
    }

    /// Reads bytes for as long as they lead from one plain state to another (no match, dead,
    /// quit or not yet computed state), and stops before the first byte that does not, for
    /// [`Walk::step`] to read. Why: a plain state's next state is one load from the cache's
    /// table; this loop does only that, with none of the bounds and tag checks of a step, and
    /// most bytes of a text are read here.
    #[inline(always)]
    fn glide(&mut self, (dfa, cache): Reader) {
        if self.sid.is_tagged() {
            return;
        }
        let mut sid = self.sid;
        let mut read = 0;
        for &byte in &self.hay[self.at..self.end] {
            let next = dfa.next_state_untagged(cache, sid, byte);
            if next.is_tagged() {
                break;
            }
            sid = next;
            read += 1;
        }
        self.sid = sid;
        self.at += read;
    }

    /// [`Walk::glide`] of several walks in one loop: all stop before the first byte that does
    /// not lead one of them to a plain state. Why: a walk waits on one dependent load a byte
    /// (the next state depends on the last); the loads of independent walks overlap, so two
    /// or four walks read their bytes in little more time than one.
    #[inline(always)]
    pub(super) fn glide_all<const N: usize>(walks: [&mut Walk; N], readers: [Reader; N]) {
        if walks.iter().any(|w| w.sid.is_tagged()) {
            return;
        }
        let mut sids: [LazyStateID; N] = std::array::from_fn(|k| walks[k].sid);
        let left = walks.iter().map(|w| w.end - w.at).min().unwrap_or(0);
        let mut read = 0;
        while read < left {
            let next: [LazyStateID; N] = std::array::from_fn(|k| {
                let (dfa, cache) = readers[k];
                dfa.next_state_untagged(cache, sids[k], walks[k].hay[walks[k].at + read])
            });
            if next.iter().any(|s| s.is_tagged()) {
                break;
            }
            sids = next;
            read += 1;
        }
        for (walk, sid) in walks.into_iter().zip(sids) {
            walk.sid = sid;
            walk.at += read;
        }
    }

    /// Reads the next byte (the walk must not be over).
    #[inline(always)]
    pub(super) fn step(&mut self, dfa: &DFA, cache: &mut Cache) {
        let byte = self.hay[self.at];
        self.at += 1;
        match dfa.next_state(cache, self.sid, byte) {
            Ok(sid) => self.sid = sid,
            Err(_) => {
                (self.failed, self.done) = (true, true);
                return;
            }
        }
        if self.sid.is_tagged() {
            if self.sid.is_match() {
                // The byte just read ends the match (a DFA reports a match a byte late).
                self.add_matches(dfa, cache, self.at - 1);
                self.done = self.found.set.is_full();
            } else if self.sid.is_dead() {
                self.done = true;
            } else if self.sid.is_quit() {
                (self.failed, self.done) = (true, true);
            }
        }
    }

    /// Ends the scan: a walk that read the whole text takes the end of the text (matches are
    /// reported a byte late: it may complete one more). `None` when it failed.
    pub(super) fn finish(mut self, dfa: &DFA, cache: &mut Cache) -> Option<Found> {
        if self.failed {
            return None;
        }
        if self.done || self.at < self.hay.len() {
            return Some(self.found);
        }
        self.sid = dfa.next_eoi_state(cache, self.sid).ok()?;
        if self.sid.is_match() {
            self.add_matches(dfa, cache, self.hay.len());
        }
        Some(self.found)
    }

    /// Adds the patterns of the match state, whose matches end at `end`.
    fn add_matches(&mut self, dfa: &DFA, cache: &Cache, end: usize) {
        let now = (self.sid, cache.clear_count());
        if self.added == Some(now) {
            return;
        }
        self.added = Some(now);
        for i in 0..dfa.match_len(cache, self.sid) {
            let pattern = dfa.match_pattern(cache, self.sid, i);
            if self.found.set.insert(pattern) {
                if let Some(first) = self.found.first_ends.get_mut(pattern.as_usize()) {
                    *first = end;
                }
            }
        }
    }
}

/// A text read by two walks side by side (see [`Walk::glide_all`]): `first` reads its first
/// half, `second` its second half from a fresh start. A match that begins in the first half
/// may end in the second, so `first` then reads on until its state is the start state there:
/// from that byte on, all it could find starts there or later, which `second` finds. Both
/// walks share one cache, and a cache clear renumbers states, keeping only those of the walk
/// that stepped; after a clear the text is read again by one walk (a rare event: the caches
/// hold megabytes).
pub(super) struct Halves<'h> {
    first: Walk<'h>,
    /// `None` when the text is too short to split.
    second: Option<Walk<'h>>,
    /// The cache's clear count when both walks had started.
    clears: usize,
    /// A clear happened while both walks were under way.
    cleared: bool,
}

impl<'h> Halves<'h> {
    /// The walks of `hay`, split when it has at least `split_from` bytes, adding what they find
    /// to `found`.
    pub(super) fn start(
        dfa: &DFA,
        cache: &mut Cache,
        hay: &'h [u8],
        found: Found,
        split_from: usize,
    ) -> Option<Halves<'h>> {
        let mut mid = hay.len();
        if hay.len() >= split_from.max(2) {
            mid = hay.len() / 2;
            // At a character's start, where a match may start.
            while mid < hay.len() && hay[mid] & 0xC0 == 0x80 {
                mid += 1;
            }
        }
        let fresh = (mid < hay.len()).then(|| found.fresh());
        let first = Walk::start(dfa, cache, hay, (0, mid), found)?;
        let clears = cache.clear_count();
        let second = match fresh {
            Some(fresh) => Some(Walk::start(dfa, cache, hay, (mid, hay.len()), fresh)?),
            None => None,
        };
        Some(Halves {
            first,
            second,
            // Starting the second walk may have cleared the first one's state.
            cleared: cache.clear_count() != clears,
            clears: cache.clear_count(),
        })
    }

    /// Both walks, while both read and no clear has happened.
    pub(super) fn reading(&mut self) -> Option<[&mut Walk<'h>; 2]> {
        let second = self.second.as_mut()?;
        let both = !(self.cleared || self.first.is_over() || second.is_over());
        both.then_some([&mut self.first, second])
    }

    /// Steps both walks (neither may be over), noting a clear.
    pub(super) fn step(&mut self, dfa: &DFA, cache: &mut Cache) {
        let Some(second) = self.second.as_mut() else {
            return self.first.step(dfa, cache);
        };
        self.first.step(dfa, cache);
        if cache.clear_count() == self.clears {
            second.step(dfa, cache);
        }
        self.cleared |= cache.clear_count() != self.clears;
    }

    /// Reads what is left and returns what the text holds; `None` when a walk failed.
    pub(super) fn finish(mut self, dfa: &DFA, cache: &mut Cache) -> Option<Found> {
        while let Some(walks) = self.reading() {
            Walk::glide_all(walks, [(dfa, &*cache); 2]);
            if self.reading().is_none() {
                break;
            }
            self.step(dfa, cache);
        }
        let hay = self.first.hay;
        let mut found = match self.second.take() {
            None => {
                self.first.run_out(dfa, cache);
                return self.first.finish(dfa, cache);
            }
            Some(second) if self.cleared => {
                let mut found = self.first.found_so_far()?;
                found.absorb(second.found_so_far()?);
                found
            }
            Some(mut second) => {
                second.run_out(dfa, cache);
                let second = second.finish(dfa, cache)?;
                self.cleared = cache.clear_count() != self.clears;
                if !self.cleared {
                    // `first` reads alone from here on: a clear it causes keeps its state.
                    self.first.run_out(dfa, cache);
                    if !self.first.done {
                        self.first.end = hay.len();
                        self.cleared = !self.first.read_on_to_start(dfa, cache);
                    }
                }
                let mut found = match self.cleared {
                    true => self.first.found_so_far()?,
                    false => self.first.finish(dfa, cache)?,
                };
                found.absorb(second);
                found
            }
        };
        if self.cleared {
            // What both walks found stands; the text is read again by one walk.
            let mut again = Walk::start(dfa, cache, hay, (0, hay.len()), found.fresh())?;
            again.run_out(dfa, cache);
            found.absorb(again.finish(dfa, cache)?);
        }
        Some(found)
    }
}

impl Walk<'_> {
    /// What the walk found so far, without reading the end of the text; `None` when it failed.
    fn found_so_far(self) -> Option<Found> {
        (!self.failed).then_some(self.found)
    }

    /// Reads on until the walk is in the start state of the byte it is at (then done: what it
    /// would find from there on starts there or later), or until it is over. False when a
    /// start state was computed into a cleared cache, which lost the walk's own state.
    fn read_on_to_start(&mut self, dfa: &DFA, cache: &mut Cache) -> bool {
        while !self.is_over() {
            let config = start::Config::new().look_behind(Some(self.hay[self.at - 1]));
            let clears = cache.clear_count();
            let Ok(start) = dfa.start_state(cache, &config) else {
                self.failed = true;
                return true;
            };
            if cache.clear_count() != clears {
                return false;
            }
            if self.sid == start {
                self.done = true;
                break;
            }
            self.step(dfa, cache);
        }
        true
    }
}
