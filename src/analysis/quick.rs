//! The analyses' own regexes, searched fast with the results of plain `regex::Regex`.
//!
//! A Unicode word boundary (`\b`) sends the regex crate to its slow engines on Cyrillic text, on
//! every search and however short the text. As in `rules::compiled`, a pattern with one is
//! searched in two steps: the pattern without its word boundaries (a lazy DFA; it matches
//! everywhere the exact one does, with the same span) finds where an exact match may start,
//! and the exact pattern is tried anchored there, walking one match only. The leftmost start
//! the loose pattern finds that the exact one confirms is the leftmost exact start, so matches,
//! iteration and capture groups are the same; `quick_tests.rs` compares them.

use regex::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{meta, Anchored, Input};
use std::ops::{Index, Range};

/// A case-insensitive regex searched as described in the module doc.
#[derive(Debug)]
pub(crate) struct Quick {
    exact: Regex,
    /// For a pattern with word boundaries that cannot match empty: (loose, exact anchored).
    starts: Option<(meta::Regex, meta::Regex)>,
}

/// A match: its span in the haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Hit<'h> {
    /// Byte offset of the start.
    pub fn start(&self) -> usize {
        self.start
    }
    /// Byte offset of the end.
    pub fn end(&self) -> usize {
        self.end
    }
    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.hay[self.start..self.end]
    }
    /// The span.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A match's capture groups (group 0: the whole match).
#[derive(Debug, Clone)]
pub(crate) struct Caps<'h> {
    hay: &'h str,
    groups: Vec<Option<Range<usize>>>,
}

impl<'h> Caps<'h> {
    /// Group `i`, when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Hit<'h>> {
        let span = self.groups.get(i)?.clone()?;
        Some(Hit {
            hay: self.hay,
            start: span.start,
            end: span.end,
        })
    }

    fn of_regex(hay: &'h str, c: &regex::Captures<'h>) -> Caps<'h> {
        Caps {
            hay,
            groups: c.iter().map(|m| m.map(|m| m.range())).collect(),
        }
    }
}

impl Index<usize> for Caps<'_> {
    type Output = str;
    /// Group `i`'s text; panics when the group did not take part, as `regex::Captures` does.
    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(h) => &self.hay[h.range()],
            None => panic!("no group at index '{i}'"),
        }
    }
}

impl Quick {
    /// Compiles one of the analyses' own patterns, case-insensitive (see `builtin_regex`).
    pub(crate) fn new(pattern: &str) -> Quick {
        Quick::of(super::builtin_regex(pattern))
    }

    /// The fast searcher of `exact`, a case-insensitive Unicode regex.
    pub(crate) fn of(exact: Regex) -> Quick {
        let starts = crate::rules::parse_pattern(exact.as_str()).and_then(|hir| {
            let props = hir.properties();
            if !props.look_set().contains_word() || props.minimum_len().is_none_or(|n| n == 0) {
                return None;
            }
            let loose_hir = crate::rules::strip_word_looks(hir.clone());
            let loose = meta::Regex::builder().build_from_hir(&loose_hir).ok()?;
            // The bounded backtracker clears a bitmap as long as the rest of the haystack on
            // every search; an anchored attempt only walks the length of one match. The DFAs
            // give up at the first Cyrillic letter next to `\b` anyway, so only the PikeVM is
            // built (and no reverse automaton, which only unanchored searches need).
            let engines = meta::Config::new()
                .backtrack(false)
                .onepass(false)
                .hybrid(false)
                .dfa(false);
            let anchored = meta::Regex::builder()
                .configure(engines)
                .build_from_hir(&hir)
                .ok()?;
            Some((loose, anchored))
        });
        Quick { exact, starts }
    }

    /// The plain regex (for replacing, which the analyses do with patterns without `\b`).
    pub(crate) fn regex(&self) -> &Regex {
        &self.exact
    }

    /// True when the pattern matches somewhere in `hay`.
    pub(crate) fn is_match(&self, hay: &str) -> bool {
        match &self.starts {
            None => self.exact.is_match(hay),
            Some(_) => self.find_from(hay, 0).is_some(),
        }
    }

    /// The leftmost-first match.
    pub(crate) fn find<'h>(&self, hay: &'h str) -> Option<Hit<'h>> {
        self.find_from(hay, 0)
    }

    /// Every match, left to right, not overlapping, as `regex::Regex::find_iter` gives them.
    pub(crate) fn find_iter<'a, 'h>(&'a self, hay: &'h str) -> impl Iterator<Item = Hit<'h>> + 'a
    where
        'h: 'a,
    {
        let plain = self.starts.is_none().then(|| {
            self.exact.find_iter(hay).map(move |m| Hit {
                hay,
                start: m.start(),
                end: m.end(),
            })
        });
        // Matches are never empty on the fast path, so each search starts where the last ended.
        let mut from = 0;
        let fast = self.starts.is_some().then(|| {
            std::iter::from_fn(move || {
                let hit = self.find_from(hay, from)?;
                from = hit.end;
                Some(hit)
            })
        });
        plain
            .into_iter()
            .flatten()
            .chain(fast.into_iter().flatten())
    }

    /// The capture groups of the leftmost-first match.
    pub(crate) fn captures<'h>(&self, hay: &'h str) -> Option<Caps<'h>> {
        self.captures_from(hay, 0)
    }

    /// The capture groups of every match, left to right, not overlapping, as
    /// `regex::Regex::captures_iter` gives them.
    pub(crate) fn captures_iter<'a, 'h>(
        &'a self,
        hay: &'h str,
    ) -> impl Iterator<Item = Caps<'h>> + 'a
    where
        'h: 'a,
    {
        let plain = self.starts.is_none().then(|| {
            self.exact
                .captures_iter(hay)
                .map(move |c| Caps::of_regex(hay, &c))
        });
        let mut from = 0;
        let fast = self.starts.is_some().then(|| {
            std::iter::from_fn(move || {
                let caps = self.captures_from(hay, from)?;
                from = caps.get(0)?.end;
                Some(caps)
            })
        });
        plain
            .into_iter()
            .flatten()
            .chain(fast.into_iter().flatten())
    }

    /// The leftmost-first match starting at or after `from` (a char boundary, or past the end).
    fn find_from<'h>(&self, hay: &'h str, from: usize) -> Option<Hit<'h>> {
        if from > hay.len() {
            return None;
        }
        let Some((_, anchored)) = &self.starts else {
            let m = self.exact.find_at(hay, from)?;
            return Some(Hit {
                hay,
                start: m.start(),
                end: m.end(),
            });
        };
        let start = self.exact_start(hay, from)?;
        let m = anchored.find(anchored_at(hay, start))?;
        Some(Hit {
            hay,
            start: m.start(),
            end: m.end(),
        })
    }

    fn captures_from<'h>(&self, hay: &'h str, from: usize) -> Option<Caps<'h>> {
        if from > hay.len() {
            return None;
        }
        let Some((_, anchored)) = &self.starts else {
            let c = self.exact.captures_at(hay, from)?;
            return Some(Caps::of_regex(hay, &c));
        };
        let start = self.exact_start(hay, from)?;
        let mut caps: Captures = anchored.create_captures();
        anchored.search_captures(&anchored_at(hay, start), &mut caps);
        let groups = (0..caps.group_len())
            .map(|i| caps.get_group(i).map(|s| s.range()))
            .collect::<Vec<_>>();
        groups.first()?.as_ref()?;
        Some(Caps { hay, groups })
    }

    /// Where the leftmost exact match at or after `from` starts (patterns with `\b` only).
    fn exact_start(&self, hay: &str, mut from: usize) -> Option<usize> {
        let (loose, anchored) = self.starts.as_ref()?;
        while from <= hay.len() {
            let start = loose.find(Input::new(hay).span(from..hay.len()))?.start();
            if anchored.is_match(anchored_at(hay, start)) {
                return Some(start);
            }
            from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
}

fn anchored_at(hay: &str, start: usize) -> Input<'_> {
    Input::new(hay)
        .span(start..hay.len())
        .anchored(Anchored::Yes)
}
