//! The rule set compiled for the hot paths: one scan of a text per matcher field finds which
//! patterns of ALL rules may match, and only those are confirmed.
//!
//! Unicode word boundaries (`\b`, 105 of them in the default rules) push the regex crate into its
//! slow engines on Cyrillic text. So each field gets one multi-pattern lazy DFA over the patterns
//! with word-boundary assertions removed (a superset: dropping an assertion only allows more),
//! and a candidate is confirmed exactly: by the original regex when it has no word boundary, or
//! else by anchored searches of the original at the starts the loose pattern finds (an exact
//! match is always a loose match with the same span). Results equal plain per-pattern
//! `regex::Regex` evaluation; `compiled_tests.rs` compares the two.

use super::set_dfa::{Found, SetDfa, SHORT_CACHE, TEXT_CACHE};
use super::{Matchers, Patterns, RuleSet};
use regex_automata::{meta, Anchored, Input, PatternID};
use regex_syntax::hir::{literal, Hir, HirKind, Look};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A matcher field, the same in every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `link`.
    Link,
    /// `heading`.
    Heading,
    /// `page_title`.
    PageTitle,
    /// `url`.
    Url,
    /// `content`.
    Content,
    /// `content_anywhere`.
    ContentAnywhere,
    /// `absence`.
    Absence,
    /// `document`.
    Document,
    /// `external`.
    External,
    /// `iframe`.
    Iframe,
    /// `script`.
    Script,
    /// `control`.
    Control,
    /// `form.text`.
    FormText,
    /// `exclude`.
    Exclude,
}

const FIELDS: [Field; 14] = [
    Field::Link,
    Field::Heading,
    Field::PageTitle,
    Field::Url,
    Field::Content,
    Field::ContentAnywhere,
    Field::Absence,
    Field::Document,
    Field::External,
    Field::Iframe,
    Field::Script,
    Field::Control,
    Field::FormText,
    Field::Exclude,
];

/// The patterns of `field` in one rule's matchers (none for a rule without a form).
pub fn patterns_of(m: &Matchers, field: Field) -> Option<&Patterns> {
    Some(match field {
        Field::Link => &m.link,
        Field::Heading => &m.heading,
        Field::PageTitle => &m.page_title,
        Field::Url => &m.url,
        Field::Content => &m.content,
        Field::ContentAnywhere => &m.content_anywhere,
        Field::Absence => &m.absence,
        Field::Document => &m.document,
        Field::External => &m.external,
        Field::Iframe => &m.iframe,
        Field::Script => &m.script,
        Field::Control => &m.control,
        Field::FormText => return m.form.as_ref().map(|f| &f.text),
        Field::Exclude => &m.exclude,
    })
}

/// Every field of every rule, compiled for one scan per text and field.
#[derive(Debug)]
pub struct RuleIndex {
    fields: Vec<FieldIndex>,
    /// `content` and `absence` together: both are scanned on a page's main text, one pass for both.
    main_text: FieldIndex,
}

impl RuleIndex {
    /// Compiles the index of `rules`.
    pub fn build(rules: &RuleSet) -> RuleIndex {
        let fields = FIELDS
            .iter()
            .map(|&f| FieldIndex::build(rules, &[f]))
            .collect();
        let main_text = FieldIndex::build(rules, &[Field::Content, Field::Absence]);
        let confirms = rules
            .rules
            .iter()
            .filter_map(|r| r.document_check.as_ref()?.confirm.as_ref());
        confirms.for_each(crate::analysis::prepare_confirm);
        RuleIndex { fields, main_text }
    }

    /// One scan of the folded main text of a page for `content` and `absence` of all rules.
    pub fn scan_main_text<'i, 'h>(&'i self, hay: &'h str) -> (Hits<'i, 'h>, Hits<'i, 'h>) {
        split_main(scan_index(&self.main_text, hay))
    }

    /// [`RuleIndex::scan_main_text`] of a page's folded main text and `content_anywhere` of its
    /// folded whole text, the two scans run side by side (see `SetDfa::which_pair`).
    pub fn scan_page_texts<'i, 'h>(&'i self, main: &'h str, all: &'h str) -> PageTextHits<'i, 'h> {
        let anywhere = &self.fields[Field::ContentAnywhere as usize];
        let (main_hits, anywhere) = match (&self.main_text.set, &anywhere.set) {
            (Some(a), Some(b))
                if needs_scan(&self.main_text, main) && needs_scan(anywhere, all) =>
            {
                let (mut found_a, mut found_b) = (self.main_text.found(), anywhere.found());
                let (ok_a, ok_b) =
                    SetDfa::which_pair((a, main, &mut found_a), (b, all, &mut found_b));
                (
                    hits_of(&self.main_text, main, found_a, ok_a),
                    hits_of(anywhere, all, found_b, ok_b),
                )
            }
            _ => (scan_index(&self.main_text, main), scan_index(anywhere, all)),
        };
        let (content, absence) = split_main(main_hits);
        PageTextHits {
            content,
            absence,
            anywhere,
        }
    }

    /// One scan of the folded `hay` for `field` of all rules.
    pub fn scan<'i, 'h>(&'i self, field: Field, hay: &'h str) -> Hits<'i, 'h> {
        scan_index(&self.fields[field as usize], hay)
    }
}

/// What the scans of a page's main and whole text found ([`RuleIndex::scan_page_texts`]).
pub struct PageTextHits<'i, 'h> {
    /// `content` in the main text.
    pub content: Hits<'i, 'h>,
    /// `absence` in the main text.
    pub absence: Hits<'i, 'h>,
    /// `content_anywhere` in the whole text.
    pub anywhere: Hits<'i, 'h>,
}

/// The hits of the main-text index, as `content`'s and `absence`'s.
fn split_main<'i, 'h>(mut content: Hits<'i, 'h>) -> (Hits<'i, 'h>, Hits<'i, 'h>) {
    content.rules /= 2;
    let absence = Hits {
        offset: content.rules,
        found: content.found.clone(),
        ..content
    };
    (content, absence)
}

/// False when nothing can match `hay` (so there is nothing to scan).
fn needs_scan(index: &FieldIndex, hay: &str) -> bool {
    !hay.is_empty() || index.matches_empty
}

/// One scan of `hay` with `index`.
fn scan_index<'i, 'h>(index: &'i FieldIndex, hay: &'h str) -> Hits<'i, 'h> {
    let mut found = index.found();
    let scanned = match &index.set {
        Some(dfa) if needs_scan(index, hay) => dfa.which(hay, &mut found),
        Some(_) => true,
        None => false,
    };
    hits_of(index, hay, found, scanned)
}

/// The hits of `index` in `hay`: those of the scan that gave `found`, or every pattern when
/// there was no scan or it failed.
fn hits_of<'i, 'h>(
    index: &'i FieldIndex,
    hay: &'h str,
    mut found: Found,
    scanned: bool,
) -> Hits<'i, 'h> {
    if !scanned {
        // No prefilter, or it failed: every pattern is a candidate, to be searched from the
        // text's start.
        (0..index.patterns.len()).for_each(|i| {
            found.set.insert(PatternID::must(i));
        });
        found.first_ends.iter_mut().for_each(|e| *e = 0);
    }
    Hits {
        index,
        hay,
        found,
        offset: 0,
        rules: index.ranges.len(),
    }
}

/// One field of all rules: a multi-pattern prefilter and the patterns to confirm with.
#[derive(Debug)]
struct FieldIndex {
    /// `None` when it could not be built (a pattern the parser here reads otherwise, a size limit).
    set: Option<SetDfa>,
    matches_empty: bool,
    patterns: Vec<Confirm>,
    /// The patterns of rule `i` are `patterns[ranges[i]]`, in the rule's order.
    ranges: Vec<Range<usize>>,
    /// Patterns of the prefilter: `patterns`, then the prefixes that bound where confirmation
    /// starts ([`Bound`]).
    scanned: usize,
    /// Whether scans keep where each pattern's first match ends (for fields of long texts).
    keeps_ends: bool,
}

impl FieldIndex {
    /// The index of `fields` of all rules: the ranges of the first field's rules, then the next's.
    fn build(rules: &RuleSet, fields: &[Field]) -> FieldIndex {
        let (mut loose, mut patterns, mut ranges) = (Vec::new(), Vec::new(), Vec::new());
        let mut prefixes = Vec::new();
        let on_text =
            |f: &Field| matches!(f, Field::Content | Field::ContentAnywhere | Field::Absence);
        let keeps_ends = fields.iter().any(on_text);
        let mut all_read = true;
        for (field, rule) in fields
            .iter()
            .flat_map(|&f| rules.rules.iter().map(move |r| (f, r)))
        {
            let start = patterns.len();
            for re in patterns_of(&rule.matchers, field).map_or(&[][..], |p| &p.0) {
                match parse(re.as_str()) {
                    Some(hir) => {
                        let stripped = strip_word_looks(hir.clone());
                        let mut confirm = Confirm::new(re, &hir, &stripped);
                        if keeps_ends && confirm.by_starts.is_some() {
                            confirm.bound = Bound::of(&stripped, patterns.len(), &mut prefixes);
                        }
                        patterns.push(confirm);
                        loose.push(stripped);
                    }
                    None => {
                        all_read = false;
                        patterns.push(Confirm::plain(re));
                    }
                }
            }
            ranges.push(start..patterns.len());
        }
        let matches_empty = loose
            .iter()
            .any(|h| h.properties().minimum_len() == Some(0));
        let capacity = match keeps_ends {
            true => TEXT_CACHE,
            false => SHORT_CACHE,
        };
        // The prefixes are scanned for after the patterns (`Bound::of` numbered them from 0).
        for bound in patterns.iter_mut().filter_map(|c| c.bound.as_mut()) {
            if bound.by_prefix {
                bound.pattern += loose.len();
            }
        }
        loose.extend(prefixes);
        let set = SetDfa::build(&loose, capacity).filter(|_| all_read);
        FieldIndex {
            set,
            matches_empty,
            patterns,
            ranges,
            scanned: loose.len(),
            keeps_ends,
        }
    }

    /// Whether the prefilter also scans for prefixes (so a full set says nothing of patterns).
    fn has_prefixes(&self) -> bool {
        self.scanned > self.patterns.len()
    }

    /// Room for what a scan with this index finds.
    fn found(&self) -> Found {
        let ends = if self.keeps_ends { self.scanned } else { 0 };
        Found::new(self.scanned, ends)
    }
}

/// Where the confirmation of a pattern on a long text may start: no match of it starts before
/// `max_len` bytes ahead of where the first match of prefilter pattern `pattern` ends.
///
/// Why: a pattern with a word boundary is confirmed by a search for its loose form from the
/// text's start, which runs up to its first match. Most patterns begin with a word, which the
/// search skips to quickly; one that begins with a class (a postcode, `\d{6}`) is read byte by
/// byte, 0.1 ms per page when the address is in the footer. The prefilter's scan already passed
/// there: it notes where the first match of each pattern ends, and a match of the pattern (or of
/// a bounded prefix of it, which every match of it begins with) cannot start more than the
/// prefix's longest match before that.
#[derive(Debug, Clone, Copy)]
struct Bound {
    pattern: usize,
    max_len: usize,
    /// `pattern` is a prefix scanned for this bound alone (else the pattern itself).
    by_prefix: bool,
}

impl Bound {
    /// The bound of loose pattern `loose` (prefilter pattern `own`), when there is one worth
    /// having; a prefix it needs is added to `prefixes`.
    fn of(loose: &Hir, own: usize, prefixes: &mut Vec<Hir>) -> Option<Bound> {
        if let Some(max_len) = loose.properties().maximum_len() {
            return Some(Bound {
                pattern: own,
                max_len,
                by_prefix: false,
            });
        }
        // A pattern that starts with literals has them found quickly without any bound; a prefix
        // that can be short matches almost everywhere, which would slow the scan down instead.
        if literal::Extractor::new().extract(loose).is_finite() {
            return None;
        }
        let prefix = bounded_prefix(loose);
        let props = prefix.properties();
        let max_len = props.maximum_len()?;
        if props.minimum_len()? < MIN_PREFIX || max_len > MAX_PREFIX {
            return None;
        }
        prefixes.push(prefix);
        Some(Bound {
            pattern: prefixes.len() - 1,
            max_len,
            by_prefix: true,
        })
    }

    /// The char boundary of `hay` at or before which no match starts, given `found`.
    fn floor(&self, found: &Found, hay: &str) -> usize {
        let end = found.first_ends.get(self.pattern).copied().unwrap_or(0);
        let mut floor = end.saturating_sub(self.max_len).min(hay.len());
        while !hay.is_char_boundary(floor) {
            floor -= 1;
        }
        floor
    }
}

/// Shortest prefix (in bytes) worth scanning for to bound a pattern's confirmation.
const MIN_PREFIX: usize = 4;
/// Longest prefix (in bytes) scanned for: a rules file's `\d{500}…` would double a large part of
/// the automaton (and could push it past its size limit, which leaves the field unscanned).
const MAX_PREFIX: usize = 64;

/// A pattern of bounded length that every match of `hir` begins with (at the same start): the
/// parts of a concatenation up to the first one of unbounded length, and of that one, what every
/// match of it begins with.
fn bounded_prefix(hir: &Hir) -> Hir {
    if hir.properties().maximum_len().is_some() {
        return hir.clone();
    }
    match hir.kind() {
        HirKind::Concat(subs) => {
            let mut kept = Vec::new();
            for sub in subs {
                kept.push(bounded_prefix(sub));
                if sub.properties().maximum_len().is_none() {
                    break;
                }
            }
            Hir::concat(kept)
        }
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(bounded_prefix).collect()),
        HirKind::Capture(cap) => bounded_prefix(&cap.sub),
        // At least one repetition: every match begins with a match of the repeated part.
        HirKind::Repetition(rep) if rep.min > 0 => bounded_prefix(&rep.sub),
        _ => Hir::empty(),
    }
}

/// Re-reads a compiled pattern with the flags the loader compiles with.
pub(crate) fn parse(source: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .unicode(true)
        .build()
        .parse(source)
        .ok()
}

/// The pattern without word-boundary assertions (and without groups, which a set does not need).
pub(crate) fn strip_word_looks(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(look) if is_word_look(look) => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Capture(cap) => strip_word_looks(*cap.sub),
        HirKind::Repetition(mut rep) => {
            rep.sub = Box::new(strip_word_looks(*rep.sub));
            Hir::repetition(rep)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(strip_word_looks).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(strip_word_looks).collect())
        }
    }
}

fn is_word_look(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
}

/// How one candidate pattern is confirmed.
#[derive(Debug)]
struct Confirm {
    exact: regex::Regex,
    /// For patterns with word boundaries that cannot match empty: the loose pattern finds where
    /// an exact match may start, the exact one is tried anchored there.
    by_starts: Option<(meta::Regex, meta::Regex)>,
    /// Where the loose search may start, on a long text.
    bound: Option<Bound>,
}

impl Confirm {
    fn new(exact: &regex::Regex, hir: &Hir, stripped: &Hir) -> Confirm {
        let props = hir.properties();
        let by_starts = if props.look_set().contains_word() && props.minimum_len() != Some(0) {
            let loose = meta::Regex::builder().build_from_hir(stripped).ok();
            // The bounded backtracker clears a bitmap as long as the rest of the haystack on
            // every search; an anchored attempt only walks the length of one match.
            let anchored = meta::Regex::builder()
                .configure(meta::Config::new().backtrack(false))
                .build_from_hir(hir)
                .ok();
            loose.zip(anchored)
        } else {
            None
        };
        Confirm {
            exact: exact.clone(),
            by_starts,
            bound: None,
        }
    }

    /// Confirmation by the original regex alone.
    fn plain(exact: &regex::Regex) -> Confirm {
        Confirm {
            exact: exact.clone(),
            by_starts: None,
            bound: None,
        }
    }

    /// `floor`: no match starts before it (a char boundary).
    fn is_match(&self, hay: &str, floor: usize) -> bool {
        match &self.by_starts {
            None => self.exact.is_match(hay),
            Some(_) => self.find_from(hay, 0, floor).is_some(),
        }
    }

    /// The leftmost-first exact match starting at or after `from` (a char boundary); none starts
    /// before `floor` (a char boundary).
    fn find_from(&self, hay: &str, from: usize, floor: usize) -> Option<Range<usize>> {
        let Some((loose, anchored)) = &self.by_starts else {
            return self.exact.find_at(hay, from).map(|m| m.range());
        };
        let mut from = from.max(floor);
        while from <= hay.len() {
            let start = loose.find(Input::new(hay).span(from..hay.len()))?.start();
            let at = Input::new(hay)
                .span(start..hay.len())
                .anchored(Anchored::Yes);
            if let Some(m) = anchored.find(at) {
                return Some(m.range());
            }
            from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// Every exact match, as `regex::Regex::find_iter` gives them (none starts before `floor`).
    fn for_each_match(
        &self,
        hay: &str,
        floor: usize,
        mut visit: impl FnMut(Range<usize>) -> bool,
    ) -> bool {
        if self.by_starts.is_none() {
            return self.exact.find_iter(hay).any(|m| visit(m.range()));
        }
        // Matches are never empty here, so each search starts where the last match ended.
        let mut from = floor;
        while let Some(m) = self.find_from(hay, from, floor) {
            from = m.end;
            if visit(m) {
                return true;
            }
        }
        false
    }
}

/// Which patterns of one field may match one text, and their exact confirmation.
pub struct Hits<'i, 'h> {
    index: &'i FieldIndex,
    hay: &'h str,
    found: Found,
    /// Where this field's rules start in `index.ranges` (an index of several fields), and how
    /// many there are.
    offset: usize,
    rules: usize,
}

impl Hits<'_, '_> {
    /// True when no pattern of any rule may match.
    pub fn is_empty(&self) -> bool {
        let set = &self.found.set;
        match self.index.ranges.get(self.offset..self.offset + self.rules) {
            Some(own) if own.len() < self.index.ranges.len() || self.index.has_prefixes() => own
                .iter()
                .flat_map(|r| r.clone())
                .all(|i| !set.contains(PatternID::must(i))),
            _ => set.is_empty(),
        }
    }

    /// The patterns of `rule` that may match, each with where its matches cannot start before.
    fn candidates(&self, rule: usize) -> impl Iterator<Item = (&Confirm, usize)> + '_ {
        let range = (self.index.ranges.get(self.offset + rule).cloned()).unwrap_or(0..0);
        range
            .filter(|&i| self.found.set.contains(PatternID::must(i)))
            .map(|i| &self.index.patterns[i])
            .map(|c| {
                let floor = c.bound.map_or(0, |b| b.floor(&self.found, self.hay));
                (c, floor)
            })
    }

    /// True when a pattern of rule `rule` (its index in the rule set) matches the text.
    pub fn is_match(&self, rule: usize) -> bool {
        self.candidates(rule)
            .any(|(c, floor)| c.is_match(self.hay, floor))
    }

    /// Goes through the matches of rule `rule`'s patterns, pattern by pattern and left to right
    /// as `Patterns` lists them, until `accept` takes one (byte range); returns whether it did.
    pub fn find_accepted(&self, rule: usize, mut accept: impl FnMut(Range<usize>) -> bool) -> bool {
        self.candidates(rule)
            .any(|(c, floor)| c.for_each_match(self.hay, floor, &mut accept))
    }
}

/// The index of a rule set, built on first use. A clone starts without one, since its rules may
/// then be changed; [`RuleSet::shared_copy`] is the copy that shares it (built or not yet).
#[derive(Default)]
pub struct IndexCell(Arc<OnceLock<RuleIndex>>);

impl IndexCell {
    /// The index of `rules` (which must be the rule set holding this cell).
    pub fn get(&self, rules: &RuleSet) -> &RuleIndex {
        self.0.get_or_init(|| RuleIndex::build(rules))
    }

    /// This cell, for an unchanged copy of the rules: whichever copy needs the index first
    /// builds it for both.
    pub(super) fn share(&self) -> IndexCell {
        IndexCell(Arc::clone(&self.0))
    }
}

impl Clone for IndexCell {
    fn clone(&self) -> Self {
        IndexCell::default()
    }
}

impl std::fmt::Debug for IndexCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "IndexCell(built)"
        } else {
            "IndexCell(empty)"
        })
    }
}

#[cfg(test)]
#[path = "compiled_tests.rs"]
mod tests;
