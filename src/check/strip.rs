//! Cutting a page's labels (headings, link texts) out of its main text, to leave its own words.
//! The text is cut label by label, each occurrence replaced by a space, as a chain of
//! `str::replace` would; but a page has a hundred or more labels and most of them (the menus)
//! are not in its main text at all, so one pass over the text finds where each label occurs,
//! and the cuts are made from those places without searching the text again.

use std::collections::{HashMap, HashSet};

/// `text` with each of `labels`, in turn, replaced by a space wherever it occurs: the same as
/// `labels.iter().fold(text, |t, l| t.replace(l, " "))`.
///
/// What is left of the text is always pieces of the original joined by the spaces put in
/// («seams»). A label without a space can only occur inside a piece, so its occurrences are
/// those of the original that no cut has touched, taken left to right without overlaps, as
/// `replace` takes them. A label with a space may also occur across a seam; that is checked at
/// each seam, and once it happens the pieces no longer tell the text, which is then searched.
pub(super) fn strip_labels(text: &str, labels: &[&str]) -> String {
    let places = occurring(text, labels);
    let mut cuts = Cuts::default();
    let mut out: Option<String> = None;
    // Byte offsets in `out` of the spaces that replaced labels, ascending.
    let mut seams: Vec<usize> = Vec::new();
    // False once a label was cut across a seam (or too many places were found to keep them all):
    // from then on `out` is searched.
    let mut pieces_tell = places.complete;
    for label in labels.iter().filter(|l| !l.is_empty()) {
        let current = out.as_deref().unwrap_or(text);
        let across_seam = label.contains(' ') && seams.iter().any(|&p| across(current, p, label));
        if pieces_tell && !across_seam {
            let Some(starts) = places.at.get(label) else {
                continue;
            };
            if cuts.add(starts, label.len()) {
                let (next, next_seams) = cuts.apply(text);
                out = Some(next);
                seams = next_seams;
            }
            continue;
        }
        pieces_tell = false;
        let may_occur = places.at.contains_key(label) || across_seam;
        if may_occur {
            if let Some((next, next_seams)) = replace_tracking(current, label, &seams) {
                out = Some(next);
                seams = next_seams;
            }
        }
    }
    out.unwrap_or_else(|| text.to_string())
}

/// The places of the original text cut so far, as `(start, end)`, ascending and disjoint; each
/// became one space.
#[derive(Default)]
struct Cuts(Vec<(usize, usize)>);

impl Cuts {
    /// Cuts the occurrences of a label of `len` bytes starting at `starts` (ascending) that no
    /// cut has touched, left to right without overlaps; false when there were none.
    fn add(&mut self, starts: &[usize], len: usize) -> bool {
        let mut new = Vec::new();
        let mut free_from = 0;
        for &start in starts {
            let end = start + len;
            // The first cut ending after `start` is the only one that can overlap the occurrence.
            let next = self.0.partition_point(|&(_, e)| e <= start);
            let untouched = self.0.get(next).is_none_or(|&(s, _)| s >= end);
            if start >= free_from && untouched {
                new.push((start, end));
                free_from = end;
            }
        }
        if new.is_empty() {
            return false;
        }
        self.0.extend(new);
        self.0.sort_unstable();
        true
    }

    /// `text` with every cut replaced by a space, and where those spaces are.
    fn apply(&self, text: &str) -> (String, Vec<usize>) {
        let mut out = String::with_capacity(text.len());
        let mut seams = Vec::with_capacity(self.0.len());
        let mut last = 0;
        for &(start, end) in &self.0 {
            out.push_str(&text[last..start]);
            seams.push(out.len());
            out.push(' ');
            last = end;
        }
        out.push_str(&text[last..]);
        (out, seams)
    }
}

/// Where each label that occurs in `text` starts: every place, overlapping ones too, ascending.
/// Labels differ per page, so nothing is built that costs more than the labels themselves.
/// Places where a label of 4 bytes or more may start are found by their first 4 bytes, and each
/// label starting there is compared whole; shorter labels are searched for one by one.
fn occurring<'l>(text: &str, labels: &[&'l str]) -> Places<'l> {
    let mut found = Places {
        at: HashMap::new(),
        kept: 0,
        complete: true,
    };
    let (mut long, mut mid) = (Prefixes::default(), Prefixes::default());
    let mut heads: Vec<[u8; 4]> = Vec::new();
    let mut seen = HashSet::new();
    for &label in labels.iter().filter(|l| seen.insert(**l)) {
        let b = label.as_bytes();
        if b.len() >= 4 && !heads.contains(&first_bytes(b)) {
            heads.push(first_bytes(b));
        }
        if b.len() >= 8 {
            long.add(u64::from_le_bytes(first_bytes(b)), label);
        } else if b.len() >= 4 {
            mid.add(u64::from(u32::from_le_bytes(first_bytes(b))), label);
        } else if !label.is_empty() {
            let finder = memchr::memmem::Finder::new(label);
            let mut from = 0;
            while let Some(i) = finder.find(&text.as_bytes()[from..]) {
                if !found.record(label, from + i) {
                    break;
                }
                from += i + 1;
            }
        }
    }
    let bytes = text.as_bytes();
    let mut visit = |i: usize| {
        let rest = &bytes[i..];
        if rest.len() >= 8 && !long.is_empty() {
            long.visit(u64::from_le_bytes(first_bytes(rest)), i, rest, &mut found);
        }
        if rest.len() >= 4 && !mid.is_empty() {
            let key = u64::from(u32::from_le_bytes(first_bytes(rest)));
            mid.visit(key, i, rest, &mut found);
        }
    };
    match heads_searcher(&heads) {
        // Every place where one of the heads starts, left to right: the leftmost match from
        // each place on is the next such place.
        Some(searcher) => {
            let mut from = 0;
            while let Some(m) = searcher.find_in(bytes, aho_corasick::Span::from(from..bytes.len()))
            {
                visit(m.start());
                from = m.start() + 1;
            }
        }
        None => {
            // Too many heads for the vector search: a bit set of the heads' first two bytes.
            let mut starts = vec![0u64; 1 << 10];
            let two = |b: &[u8]| usize::from(u16::from_le_bytes([b[0], b[1]]));
            for head in &heads {
                starts[two(head) / 64] |= 1 << (two(head) % 64);
            }
            for (i, &b) in bytes.iter().enumerate() {
                // A label starts with a whole character, never with a continuation byte.
                if b & 0xC0 == 0x80 {
                    continue;
                }
                let rest = &bytes[i..];
                if rest.len() >= 4 && starts[two(rest) / 64] & (1 << (two(rest) % 64)) != 0 {
                    visit(i);
                }
            }
        }
    }
    found
}

/// Where the labels occur ([`occurring`]).
#[derive(Debug, PartialEq)]
struct Places<'l> {
    /// Each label that occurs, and where it starts (all places, when `complete`).
    at: HashMap<&'l str, Vec<usize>>,
    /// Places kept so far, of all labels.
    kept: usize,
    /// False when a hostile page had more than [`MAX_PLACES`]: then which labels occur is still
    /// known, but not every place.
    complete: bool,
}

/// Most places of labels kept for one text; a real page has a few hundred.
const MAX_PLACES: usize = 100_000;

impl<'l> Places<'l> {
    /// Notes that `label` starts at `at`; false once places are no longer kept.
    fn record(&mut self, label: &'l str, at: usize) -> bool {
        let places = self.at.entry(label).or_default();
        if self.kept < MAX_PLACES {
            places.push(at);
            self.kept += 1;
        } else {
            self.complete = false;
        }
        self.complete
    }
}

/// A vector (Teddy) search for the 4-byte `heads` of a page's labels; `None` when there are
/// more than it handles well, or the processor lacks the instructions.
fn heads_searcher(heads: &[[u8; 4]]) -> Option<aho_corasick::packed::Searcher> {
    if heads.is_empty() || heads.len() > MAX_VECTOR_HEADS {
        return None;
    }
    aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .only_teddy(true)
        .builder()
        .extend(heads)
        .build()
}

/// Most label heads searched for with [`heads_searcher`]: past a few dozen patterns, Teddy's
/// buckets fill and most places become candidates to check.
const MAX_VECTOR_HEADS: usize = 64;

fn first_bytes<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&b[..N]);
    out
}

/// Labels by their first bytes (as a number), with a bit filter in front of the map.
#[derive(Default)]
struct Prefixes<'l> {
    filter: Vec<u64>,
    labels: HashMap<u64, Vec<&'l str>>,
}

impl<'l> Prefixes<'l> {
    const BITS: u32 = 15;

    fn slot(key: u64) -> (usize, u64) {
        let h = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize;
        (h / 64, 1 << (h % 64))
    }

    fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    fn add(&mut self, key: u64, label: &'l str) {
        if self.filter.is_empty() {
            self.filter = vec![0; 1 << (Self::BITS - 6)];
        }
        let (word, bit) = Self::slot(key);
        self.filter[word] |= bit;
        self.labels.entry(key).or_default().push(label);
    }

    /// Adds place `at` to the labels starting with `key` that `rest` (the text from `at`) starts
    /// with.
    fn visit(&self, key: u64, at: usize, rest: &[u8], found: &mut Places<'l>) {
        let (word, bit) = Self::slot(key);
        if self.filter[word] & bit == 0 {
            return;
        }
        for &label in self.labels.get(&key).into_iter().flatten() {
            if rest.starts_with(label.as_bytes()) {
                found.record(label, at);
            }
        }
    }
}

/// True when `label` occurs in `text` across byte offset `seam`, which holds a space: then one of
/// the label's spaces lies on it.
fn across(text: &str, seam: usize, label: &str) -> bool {
    let (text, label) = (text.as_bytes(), label.as_bytes());
    label.iter().enumerate().any(|(j, &b)| {
        b == b' '
            && seam
                .checked_sub(j)
                .and_then(|start| text.get(start..start + label.len()))
                == Some(label)
    })
}

/// `text.replace(label, " ")` and where the seams are in it (the old ones that survive, moved,
/// and one per replacement); `None` when `label` does not occur.
fn replace_tracking(text: &str, label: &str, seams: &[usize]) -> Option<(String, Vec<usize>)> {
    let mut out = String::with_capacity(text.len());
    let mut new_seams = Vec::with_capacity(seams.len() + 1);
    let mut old = seams.iter().copied().peekable();
    let mut last = 0;
    let mut replaced = false;
    let finder = memchr::memmem::FinderBuilder::new()
        .build_forward_with_ranker(crate::analysis::RussianBytes, label);
    for start in finder.find_iter(text.as_bytes()) {
        replaced = true;
        // Seams in the kept piece move with it; those inside the label go with it.
        while let Some(p) = old.next_if(|&p| p < start) {
            if p >= last {
                new_seams.push(out.len() + (p - last));
            }
        }
        out.push_str(&text[last..start]);
        new_seams.push(out.len());
        out.push(' ');
        last = start + label.len();
    }
    if !replaced {
        return None;
    }
    for p in old.filter(|&p| p >= last) {
        new_seams.push(out.len() + (p - last));
    }
    out.push_str(&text[last..]);
    Some((out, new_seams))
}

/// `s` with its words joined by single spaces: the same as
/// `s.split_whitespace().collect::<Vec<_>>().join(" ")`. A text is mostly words between single
/// spaces already, so only the other runs of white space are rewritten, and only bytes that can
/// start white space are decoded.
pub(super) fn collapse_whitespace(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut copied, mut i) = (0, 0);
    // Where the next attempt to skip a block of words and single spaces may be made.
    let mut next_skip = 0;
    while i < bytes.len() {
        if i >= next_skip && i > 0 {
            // The block and the bytes on either side of it: nothing to rewrite in it.
            match bytes.get(i - 1..i + SKIP + 1) {
                Some(window) if plain(window) => {
                    i += SKIP;
                    continue;
                }
                _ => next_skip = i + SKIP,
            }
        }
        if !may_start_space(bytes[i]) {
            i += 1;
            continue;
        }
        let (space, len) = whitespace_at(s, i);
        if !space {
            i += len;
            continue;
        }
        let mut end = i + len;
        while end < bytes.len() {
            let (space, len) = whitespace_at(s, end);
            if !space {
                break;
            }
            end += len;
        }
        // A run between two words that is one plain space stays as it is.
        let inner = i > 0 && end < bytes.len();
        if !(inner && end - i == 1 && bytes[i] == b' ') {
            out.push_str(&s[copied..i]);
            if inner {
                out.push(' ');
            }
            copied = end;
        }
        i = end;
    }
    out.push_str(&s[copied..]);
    out
}

/// Bytes skipped at once by [`collapse_whitespace`] when they hold nothing to rewrite.
const SKIP: usize = 64;

/// True when `window` holds no byte that may start white space other than single spaces.
/// Written without early exits, so that it runs on vector registers.
fn plain(window: &[u8]) -> bool {
    let pairs = window.iter().zip(window.get(1..).unwrap_or_default());
    let odd = pairs.fold(false, |odd, (&a, &b)| {
        odd | ((a == b' ') & (b == b' ')) | (may_start_space(a) & (a != b' '))
    });
    let last = window
        .last()
        .is_some_and(|&b| may_start_space(b) && b != b' ');
    !odd && !last
}

/// Bytes that may start a white-space character: ASCII white space and the lead bytes C2, E1,
/// E2, E3 (never a continuation byte, so a byte-by-byte walk only decodes at these).
fn may_start_space(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | b' ' | 0xC2 | 0xE1..=0xE3)
}

/// Whether the character at byte `i` (a char boundary) is white space, and its length. Only
/// characters whose first byte is C2, E1, E2 or E3 can be white space beyond ASCII.
fn whitespace_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    match b {
        0x00..=0x7F => (b.is_ascii_whitespace() || b == 0x0B, 1),
        0xC2 | 0xE1 | 0xE2 | 0xE3 => {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        }
        0xF0..=0xFF => (false, 4),
        0xE0..=0xEF => (false, 3),
        _ => (false, 2),
    }
}

#[cfg(test)]
mod tests {
    use super::strip_labels;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Every place (overlapping ones too) where each label occurring in `text` starts.
    fn places<'l>(text: &str, labels: &[&'l str]) -> HashMap<&'l str, Vec<usize>> {
        let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
        for &label in labels {
            let at: Vec<usize> = (0..text.len())
                .filter(|&i| text.as_bytes()[i..].starts_with(label.as_bytes()))
                .collect();
            if !at.is_empty() {
                out.insert(label, at);
            }
        }
        out
    }

    fn naive(text: &str, labels: &[&str]) -> String {
        labels
            .iter()
            .fold(text.to_string(), |t, l| t.replace(l, " "))
    }

    #[test]
    fn too_many_places_fall_back_to_searching_the_text() {
        let text = "аб ".repeat(super::MAX_PLACES / 2 + 10);
        let labels = ["аб", "б а", "б", "x"];
        let found = super::occurring(&text, &labels);
        assert!(!found.complete);
        assert!(found.at.contains_key("б") && !found.at.contains_key("x"));
        assert_eq!(strip_labels(&text, &labels), naive(&text, &labels));
    }

    #[test]
    fn a_repeated_label_is_cut_everywhere() {
        let text = "абабаб x аб";
        let labels = ["аб", "аб"];
        assert_eq!(strip_labels(text, &labels), naive(text, &labels));
    }

    #[test]
    fn labels_are_cut_in_turn() {
        let text = "Документы Устав учреждения Положение о платных услугах текст страницы";
        let labels = [
            "Положение о платных услугах",
            "Устав учреждения",
            "Меню",
            "Документы",
        ];
        assert_eq!(strip_labels(text, &labels), naive(text, &labels));
        assert_eq!(strip_labels(text, &labels), "      текст страницы");
    }

    #[test]
    fn a_label_that_only_appears_once_another_is_cut_is_cut_too() {
        // «а б» is not in the text until «xx» between its words becomes a space.
        let text = "аxxб и аxxб";
        let labels = ["xx", "а б"];
        assert_eq!(strip_labels(text, &labels), naive(text, &labels));
        assert_eq!(strip_labels(text, &labels), "  и  ");
    }

    #[test]
    fn white_space_at_the_edges_of_a_skipped_block_is_collapsed() {
        for len in 55..75 {
            for space in [
                " ",
                "  ",
                "\n",
                " \n",
                "\n ",
                "\u{a0}",
                " \u{2028} ",
                "\t\t",
            ] {
                for text in [
                    format!("{}{space}y", "x".repeat(len)),
                    format!("{}{space}", "ж".repeat(len)),
                    format!("{space}{}{space}y z", "x".repeat(len)),
                ] {
                    let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert_eq!(super::collapse_whitespace(&text), want, "{text:?}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn occurring_labels_are_found_at_every_place(
            text in "[аб xйЁ1]{0,60}",
            labels in proptest::collection::vec("[аб xйЁ1]{1,9}", 0..12),
        ) {
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let found = super::occurring(&text, &labels);
            prop_assert!(found.complete);
            prop_assert_eq!(found.at, places(&text, &labels));
            // With more heads than the vector search takes, the bit set finds them.
            let many: Vec<String> = (0..super::MAX_VECTOR_HEADS).map(|i| format!("{i:04}ж")).collect();
            let mut more = labels.clone();
            more.extend(many.iter().map(String::as_str));
            prop_assert_eq!(super::occurring(&text, &more).at, places(&text, &more));
        }

        #[test]
        fn whitespace_collapses_as_split_and_join_do(
            text in "[аб x\t\n\r\u{0b}\u{0c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}é€😀]{0,40}",
        ) {
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(super::collapse_whitespace(&text), want);
            let padded = format!(" {text}  x\u{a0}y ");
            let want = padded.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(super::collapse_whitespace(&padded), want);
        }

        #[test]
        fn long_texts_collapse_as_split_and_join_do(
            words in proptest::collection::vec("[абвгд]{0,12}", 0..80),
            odd in proptest::collection::vec(
                (0..80usize, any::<bool>(), "[ \t\n\u{a0}\u{2028}\u{3000}]{1,3}"),
                0..4,
            ),
        ) {
            let mut parts: Vec<String> = words;
            for (at, before, space) in odd {
                match parts.get_mut(at) {
                    Some(word) if before => word.insert_str(0, &space),
                    Some(word) => word.push_str(&space),
                    None => {}
                }
            }
            let text = parts.join(" ");
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(super::collapse_whitespace(&text), want);
        }

        #[test]
        fn the_same_as_a_chain_of_replace(
            text in "[аб xй]{0,40}",
            labels in proptest::collection::vec("[аб xй]{1,4}", 0..8),
        ) {
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            prop_assert_eq!(strip_labels(&text, &labels), naive(&text, &labels));
        }

        #[test]
        fn the_same_as_a_chain_of_replace_with_repeats_and_seams(
            words in proptest::collection::vec("(аб|а|б|x|xx| |аб а|а б|б x)", 0..24),
            picks in proptest::collection::vec((0..24usize, 1..4usize), 0..10),
        ) {
            // Labels made of the text's own words, so that they occur, overlap, repeat and meet
            // the spaces that earlier cuts put in.
            let text = words.concat();
            let labels: Vec<String> = picks
                .iter()
                .filter_map(|&(at, len)| words.get(at..(at + len).min(words.len())))
                .map(|w| w.concat())
                .filter(|l| !l.is_empty())
                .collect();
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            prop_assert_eq!(strip_labels(&text, &labels), naive(&text, &labels));
        }
    }
}
