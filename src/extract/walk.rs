//! Tree walking and visible-text collection shared by every extractor in this module.
//!
//! The walk is iterative: a site can nest elements tens of thousands deep, and recursion over
//! such a tree would overflow the stack.

use scraper::{ElementRef, Node};

/// One step of a depth-first walk.
#[derive(Clone, Copy)]
pub(super) enum Event<'a> {
    /// An element is entered.
    Open(ElementRef<'a>),
    /// An element is left (not sent for elements whose children were skipped).
    Close(ElementRef<'a>),
    /// A text node.
    Text(&'a str),
}

/// What the visitor wants next.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    /// Go on into the children.
    Continue,
    /// Do not enter this element (no `Close` follows).
    SkipChildren,
    /// End the walk.
    Stop,
}

/// Walks `root` and its subtree in document order.
pub(super) fn walk<'a>(root: ElementRef<'a>, mut visit: impl FnMut(Event<'a>) -> Flow) {
    let mut stack = vec![Event::Open(root)];
    while let Some(event) = stack.pop() {
        let flow = visit(event);
        if flow == Flow::Stop {
            return;
        }
        let Event::Open(element) = event else {
            continue;
        };
        if flow == Flow::SkipChildren {
            continue;
        }
        stack.push(Event::Close(element));
        for child in element.children().rev() {
            match child.value() {
                Node::Text(text) => stack.push(Event::Text(text)),
                Node::Element(_) => stack.extend(ElementRef::wrap(child).map(Event::Open)),
                _ => {}
            }
        }
    }
}

/// Elements whose content a reader never sees as text.
const INVISIBLE_TAGS: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "head", "title", "iframe", "object", "math",
];

/// True when neither the element nor anything inside it is shown as text.
pub(super) fn is_invisible(element: ElementRef) -> bool {
    let el = element.value();
    INVISIBLE_TAGS.contains(&el.name())
        || el.attr("hidden").is_some()
        || el
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// True when the element or one of its ancestors is invisible.
pub(super) fn is_inside_invisible(element: ElementRef) -> bool {
    is_invisible(element)
        || element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(is_invisible)
}

/// Inline elements that sites put inside words (emphasis, word-processor runs, superscripts);
/// other inline elements (`small`, `time`, `cite`, …) are styled as separate lines often
/// enough that they are treated as word boundaries.
const INLINE_TAGS: &[&str] = &[
    "abbr", "b", "del", "em", "font", "i", "ins", "mark", "nobr", "s", "span", "strike", "strong",
    "sub", "sup", "tt", "u", "wbr",
];

/// True when entering (`opening`) or leaving `element` must not glue the words on either side.
///
/// Block elements always separate. Anchors separate unless they continue a split link.
/// Other inline elements separate only from a directly adjacent element of another kind or
/// class (`<strong>Title</strong><span>subtitle</span>`, styled as blocks by CSS), so that
/// `<b>В</b>ажно` and word-processor `<span>` runs stay whole words.
pub(super) fn separates_words(element: ElementRef, opening: bool) -> bool {
    let name = element.value().name();
    let neighbour = if opening {
        element.prev_sibling()
    } else {
        element.next_sibling()
    };
    let neighbour = neighbour.and_then(ElementRef::wrap);
    if name == "a" {
        return if opening {
            !continues_previous_anchor(element)
        } else {
            !neighbour.is_some_and(continues_previous_anchor)
        };
    }
    if !INLINE_TAGS.contains(&name) {
        return true;
    }
    let class = element.value().attr("class");
    neighbour.is_some_and(|n| n.value().name() != name || n.value().attr("class") != class)
}

/// True when `anchor` directly follows (no text in between) an `<a>` with the same href: one
/// link split into several elements, whose parts may be pieces of one word.
pub(super) fn continues_previous_anchor(anchor: ElementRef) -> bool {
    let Some(href) = anchor.value().attr("href") else {
        return false;
    };
    anchor
        .prev_sibling()
        .and_then(ElementRef::wrap)
        .is_some_and(|prev| prev.value().name() == "a" && prev.value().attr("href") == Some(href))
}

/// The label a browser shows on an `<input>` button.
pub(super) fn button_value<'a>(element: ElementRef<'a>) -> Option<&'a str> {
    let el = element.value();
    if el.name() != "input" {
        return None;
    }
    let kind = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
    matches!(kind.as_str(), "submit" | "button" | "reset")
        .then(|| el.attr("value"))
        .flatten()
}

/// Whitespace-collapsing text buffer with a byte cap.
#[derive(Debug, Default, Clone)]
pub(super) struct TextBuf {
    text: String,
    cap: usize,
    pending_space: bool,
    leading_space: bool,
    full: bool,
}

impl TextBuf {
    /// An empty buffer holding at most `cap` bytes.
    pub(super) fn new(cap: usize) -> Self {
        TextBuf {
            cap,
            ..TextBuf::default()
        }
    }

    /// An empty buffer holding at most `cap` bytes, with room for `expected` of them.
    pub(super) fn with_capacity(cap: usize, expected: usize) -> Self {
        TextBuf {
            text: String::with_capacity(expected.min(cap)),
            ..TextBuf::new(cap)
        }
    }

    /// Appends text, collapsing whitespace runs to one space.
    pub(super) fn push_str(&mut self, s: &str) {
        // Copies whole runs of visible characters: a page's text is ~20 000 characters, and
        // pushing them one by one was a tenth of a page's CPU.
        let mut rest = s;
        let join = self.fits_whole(s);
        while !rest.is_empty() && !self.full {
            let Some((at, c)) = next_stop(rest, join) else {
                self.push_run(rest);
                return;
            };
            self.push_run(&rest[..at]);
            if self.full {
                return;
            }
            if c.is_whitespace() {
                self.break_word();
            }
            rest = &rest[at + c.len_utf8()..];
        }
    }

    /// `self.push_str(s)` and `other.push_str(s)`, with one scan of `s`: a page's text goes
    /// into both its whole text and its main text, and finding the whitespace was half the cost.
    pub(super) fn push_str_both(&mut self, other: &mut TextBuf, s: &str) {
        let mut rest = s;
        let join = self.fits_whole(s) && other.fits_whole(s);
        while !(rest.is_empty() || self.full && other.full) {
            let Some((at, c)) = next_stop(rest, join) else {
                self.push_run(rest);
                other.push_run(rest);
                return;
            };
            self.push_run(&rest[..at]);
            other.push_run(&rest[..at]);
            if c.is_whitespace() {
                // As `push_str` does: a buffer that filled up takes nothing more.
                for buf in [&mut *self, &mut *other] {
                    if !buf.full {
                        buf.break_word();
                    }
                }
            }
            rest = &rest[at + c.len_utf8()..];
        }
    }

    /// True when all of `s` fits under the cap (then no run of it is ever cut, and a run may take
    /// in single spaces between words: what a cut leaves depends on where the words end).
    fn fits_whole(&self, s: &str) -> bool {
        self.text.len() + 1 + s.len() <= self.cap
    }

    /// Appends a run of visible characters, after a space if one is pending; what does not fit
    /// under the cap is cut on a character boundary and fills the buffer.
    fn push_run(&mut self, run: &str) {
        if run.is_empty() || self.full {
            return;
        }
        let space = self.pending_space && !self.text.is_empty();
        let room = self
            .cap
            .saturating_sub(self.text.len() + usize::from(space));
        let fits = if run.len() <= room {
            run.len()
        } else {
            self.full = true;
            floor_char_boundary(run, room)
        };
        if fits == 0 {
            return;
        }
        if space {
            self.text.push(' ');
        }
        self.pending_space = false;
        self.text.push_str(&run[..fits]);
    }

    /// Marks a word boundary: the next text starts after a space.
    pub(super) fn break_word(&mut self) {
        if self.text.is_empty() {
            self.leading_space = true;
        }
        self.pending_space = true;
    }

    /// True once the cap was reached.
    pub(super) fn is_full(&self) -> bool {
        self.full
    }

    /// True when whitespace (or a word boundary) came before the first word.
    pub(super) fn leading_space(&self) -> bool {
        self.leading_space
    }

    /// True when whitespace (or a word boundary) came after the last word.
    pub(super) fn trailing_space(&self) -> bool {
        self.pending_space
    }

    /// The collapsed text so far.
    pub(super) fn as_str(&self) -> &str {
        &self.text
    }

    /// The collapsed text.
    pub(super) fn into_string(self) -> String {
        self.text
    }
}

/// The first whitespace or ignorable character of `s` and its byte offset. Looks at bytes: only
/// ASCII whitespace and the lead bytes of U+0080–U+00BF, U+1680, U+2000–U+2FFF, U+3000 and
/// U+FEFF can start one, so Cyrillic and Latin letters are passed over without decoding.
///
/// With `join`, a single ASCII space between two visible characters is not a stop: it is what
/// collapsing leaves of it, and copying word by word was a twentieth of a page's CPU.
fn next_stop(s: &str, join: bool) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let i = next_candidate(bytes, from, join)?;
        // `i` is a char boundary: ASCII bytes and lead bytes always are.
        let c = s[i..].chars().next()?;
        if is_space_or_ignorable(c) {
            return Some((i, c));
        }
        from = i + 1;
    }
}

/// Bytes that may start whitespace or an ignorable character (see [`next_stop`]).
const STOP_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let stops = [
        b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ', 0xc2, 0xe1, 0xe2, 0xe3, 0xef,
    ];
    let mut i = 0;
    while i < stops.len() {
        table[stops[i] as usize] = true;
        i += 1;
    }
    table
};

/// Bytes looked at together by [`next_candidate`]: one bit each in a `u32`.
const CHUNK: usize = 32;

/// The first byte at or after `from` in [`STOP_BYTES`], passing over joined spaces (with
/// `join`: a space after the first byte of the text whose next byte is not in the table).
/// A chunk's bytes are classified without early exits, so the compiler puts them on vector
/// registers; the last bytes are read one at a time.
fn next_candidate(bytes: &[u8], mut from: usize, join: bool) -> Option<usize> {
    // Why a space past the text's first byte may be joined without looking back: `next_stop`
    // only goes on past a visible character, so the byte before such a space is visible.
    // The chunk's next byte must exist: a space's fate depends on it.
    while from + CHUNK < bytes.len() {
        let (stops, spaces) = chunk_masks(&bytes[from..from + CHUNK]);
        let mut found = stops;
        if join {
            let after = u32::from(STOP_BYTES[usize::from(bytes[from + CHUNK])]);
            let next_stops = (stops >> 1) | (after << (CHUNK - 1));
            let mut joined = spaces & !next_stops;
            if from == 0 {
                joined &= !1;
            }
            found &= !joined;
        }
        if found != 0 {
            return Some(from + found.trailing_zeros() as usize);
        }
        from += CHUNK;
    }
    while let Some(k) = bytes[from..]
        .iter()
        .position(|&b| STOP_BYTES[usize::from(b)])
    {
        let i = from + k;
        let joined = join
            && bytes[i] == b' '
            && i > 0
            && bytes
                .get(i + 1)
                .is_some_and(|&b| !STOP_BYTES[usize::from(b)]);
        if !joined {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Bit `k` of the first mask: `chunk[k]` is in [`STOP_BYTES`]; of the second: it is a space.
fn chunk_masks(chunk: &[u8]) -> (u32, u32) {
    let (mut stops, mut spaces) = (0u32, 0u32);
    for (k, &b) in chunk.iter().take(CHUNK).enumerate() {
        let space = b == b' ';
        // The table's bytes as comparisons, which vectorise: 09-0D, space, C2, E1-E3, EF.
        let stop = space
            | (b.wrapping_sub(b'\t') < 5)
            | (b == 0xc2)
            | (b.wrapping_sub(0xe1) < 3)
            | (b == 0xef);
        stops |= u32::from(stop) << k;
        spaces |= u32::from(space) << k;
    }
    (stops, spaces)
}

/// The largest char boundary of `s` at or below `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// What [`TextBuf`] does not copy: whitespace (collapsed) and ignorable characters.
pub(super) fn is_space_or_ignorable(c: char) -> bool {
    c.is_whitespace() || is_ignorable(c)
}

/// Invisible format characters that would split words found by the checker's regexes.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Collapses whitespace in `s` and cuts it at `cap` bytes.
pub(super) fn collapse(s: &str, cap: usize) -> String {
    let mut buf = TextBuf::new(cap);
    buf.push_str(s);
    buf.into_string()
}

/// Limits of one [`visible_text`] call.
#[derive(Clone, Copy)]
pub(super) struct TextLimits {
    /// Most bytes of text kept.
    pub cap: usize,
    /// Most nodes visited, so that a huge element nested in many others costs little.
    pub nodes: usize,
    /// Leave out the content of `select`/`textarea` (a label must not include the options).
    pub skip_fields: bool,
}

/// Visible text of `root` (hidden descendants skipped, button values included).
pub(super) fn visible_text(root: ElementRef, limits: TextLimits) -> TextBuf {
    let mut buf = TextBuf::new(limits.cap);
    let mut visited = 0usize;
    walk(root, |event| {
        visited += 1;
        if visited > limits.nodes || buf.is_full() {
            return Flow::Stop;
        }
        match event {
            Event::Open(el) if el != root && skips(el, limits.skip_fields) => Flow::SkipChildren,
            Event::Open(el) | Event::Close(el) => {
                if el != root && separates_words(el, matches!(event, Event::Open(_))) {
                    buf.break_word();
                }
                if let (Event::Open(_), Some(value)) = (event, button_value(el)) {
                    buf.push_str(value);
                    buf.break_word();
                }
                Flow::Continue
            }
            Event::Text(text) => {
                buf.push_str(text);
                Flow::Continue
            }
        }
    });
    buf
}

fn skips(element: ElementRef, skip_fields: bool) -> bool {
    is_invisible(element)
        || (skip_fields && matches!(element.value().name(), "select" | "textarea"))
}

/// Text of `element` plus its title, aria-label and the alt of images in it, each distinct
/// part once, whitespace-collapsed.
pub(super) fn described_text(element: ElementRef, limits: TextLimits) -> String {
    let visible = visible_text(element, limits).into_string();
    join_distinct(visible, &descriptions(element), limits.cap)
}

/// title, aria-label and alt texts of `element` and its images, collapsed, in that order.
pub(super) fn descriptions(element: ElementRef) -> Vec<String> {
    const ATTR_CAP: usize = 1000;
    let el = element.value();
    let own = ["title", "aria-label", "alt"]
        .into_iter()
        .filter_map(|a| el.attr(a));
    let images = element
        .descendent_elements()
        .filter(|e| e.value().name() == "img")
        .take(20)
        .filter_map(|img| img.value().attr("alt"));
    own.chain(images)
        .map(|s| collapse(s, ATTR_CAP))
        .filter(|s| !s.is_empty())
        .collect()
}

/// `base` followed by every part it does not already contain (case-insensitively).
pub(super) fn join_distinct(base: String, parts: &[String], cap: usize) -> String {
    let mut out = base;
    // Lowercased again only when it grows: most parts repeat the text.
    let mut lower = out.to_lowercase();
    for part in parts {
        if lower.contains(&part.to_lowercase()) {
            continue;
        }
        if out.len() + part.len() + 1 > cap {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
        lower = out.to_lowercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    const LIMITS: TextLimits = TextLimits {
        cap: 1000,
        nodes: 10_000,
        skip_fields: false,
    };

    fn first<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
        let selector = Selector::parse(css).expect("test selector");
        doc.select(&selector).next().expect("element in test html")
    }

    #[test]
    fn text_buf_collapses_and_caps() {
        let mut buf = TextBuf::new(8);
        buf.push_str("  a \n\t b\u{a0}\u{ad}c  ");
        assert_eq!(buf.as_str(), "a b c");
        assert!(buf.leading_space() && buf.trailing_space());
        buf.push_str("dddd");
        assert_eq!(buf.as_str(), "a b c dd");
        assert!(buf.is_full());
    }

    /// The character-by-character buffer that `push_str` replaced.
    fn push_by_char(buf: &mut TextBuf, s: &str) {
        for c in s.chars() {
            if buf.full {
                return;
            }
            if c.is_whitespace() {
                buf.break_word();
            } else if !is_ignorable(c) {
                let space = buf.pending_space && !buf.text.is_empty();
                if buf.text.len() + c.len_utf8() + usize::from(space) > buf.cap {
                    buf.full = true;
                    return;
                }
                if space {
                    buf.text.push(' ');
                }
                buf.pending_space = false;
                buf.text.push(c);
            }
        }
    }

    /// The byte-at-a-time search that [`next_stop`]'s chunks replaced.
    fn next_stop_by_byte(s: &str, join: bool) -> Option<(usize, char)> {
        let bytes = s.as_bytes();
        let mut from = 0;
        while let Some(i) = bytes[from..].iter().position(|&b| STOP_BYTES[b as usize]) {
            let i = from + i;
            if join
                && bytes[i] == b' '
                && i > 0
                && bytes.get(i + 1).is_some_and(|&b| !STOP_BYTES[b as usize])
            {
                from = i + 1;
                continue;
            }
            let c = s[i..].chars().next()?;
            if c.is_whitespace() || is_ignorable(c) {
                return Some((i, c));
            }
            from = i + 1;
        }
        None
    }

    #[test]
    fn chunk_masks_are_the_table() {
        for b in 0..=255u8 {
            let chunk = [b; CHUNK];
            let (stops, spaces) = chunk_masks(&chunk);
            assert_eq!(stops == u32::MAX, STOP_BYTES[usize::from(b)], "{b:#x}");
            assert_eq!(stops == 0, !STOP_BYTES[usize::from(b)], "{b:#x}");
            assert_eq!(spaces == u32::MAX, b == b' ', "{b:#x}");
        }
    }

    #[test]
    fn a_space_before_a_stop_is_found_at_every_offset_of_a_chunk() {
        // A space is joined or not by the byte after it, which may be the next chunk's first.
        for k in 0..3 * CHUNK {
            for after in ["\n", "«", "\u{a0}", "я"] {
                let text = format!("{}{}{after}{}", "x".repeat(k), " ", "y".repeat(2 * CHUNK));
                for join in [false, true] {
                    assert_eq!(
                        next_stop(&text, join),
                        next_stop_by_byte(&text, join),
                        "{k} {after:?}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn next_stop_equals_reading_byte_by_byte(
            words in proptest::collection::vec("[аёbЖ1«»—-]{0,9}", 0..24),
            gaps in proptest::collection::vec("( | |  |\t|\n|\u{a0}|\u{ad}|\u{200b}|\u{3000}| «| —)", 0..24),
        ) {
            // Long enough to cross several chunks, with stops at every offset in them.
            let text: String = words
                .iter()
                .zip(gaps.iter().chain(std::iter::repeat(&" ".to_string())))
                .map(|(w, g)| format!("{w}{g}"))
                .collect();
            for start in [0, 1, 2, 3] {
                let Some(s) = text.get(start..) else { continue };
                for join in [false, true] {
                    proptest::prop_assert_eq!(next_stop(s, join), next_stop_by_byte(s, join));
                }
            }
        }

        #[test]
        fn push_str_equals_pushing_char_by_char(
            parts in proptest::collection::vec("[ \\t\\nаёbЖ\u{a0}\u{ad}\u{200b}\u{feff}\u{3000}\u{1680}\u{85}\u{2029}\u{2060}—«1-]{0,12}|([аb]{1,3} ){1,4}[аb ]?", 0..6),
            cap in 0usize..40,
        ) {
            let (mut fast, mut slow) = (TextBuf::new(cap), TextBuf::new(cap));
            // Two buffers filled at once, one of them smaller.
            let (mut both, mut other) = (TextBuf::new(cap), TextBuf::new(cap / 2));
            let mut slow_other = TextBuf::new(cap / 2);
            let state = |b: &TextBuf| (b.text.clone(), b.full, b.pending_space, b.leading_space);
            for part in &parts {
                fast.push_str(part);
                both.push_str_both(&mut other, part);
                push_by_char(&mut slow, part);
                push_by_char(&mut slow_other, part);
                proptest::prop_assert_eq!(state(&fast), state(&slow));
                proptest::prop_assert_eq!(state(&both), state(&slow));
                proptest::prop_assert_eq!(state(&other), state(&slow_other));
            }
        }
    }

    #[test]
    fn visible_text_skips_hidden_and_separates_blocks() {
        let doc = Html::parse_document(
            "<div id=r><p>Один</p><p>два</p><b>тр</b>и<span hidden>нет</span>\
             <i aria-hidden=true>нет</i><strong>Заголовок</strong><span>подзаголовок</span> \
             <span>Ус</span><span>тав</span><script>x()</script><svg><text>нет</text></svg>\
             <input type=submit value=Отправить></div>",
        );
        let text = visible_text(first(&doc, "#r"), LIMITS).into_string();
        assert_eq!(text, "Один два три Заголовок подзаголовок Устав Отправить");
    }

    #[test]
    fn split_anchor_parts_are_glued_only_without_space() {
        let doc = Html::parse_document(
            "<p id=r><a href=x>Пл</a><a href=x>ан</a> <a href=x>по</a><a href=y>Другая</a></p>",
        );
        assert_eq!(
            visible_text(first(&doc, "#r"), LIMITS).as_str(),
            "План по Другая"
        );
    }

    #[test]
    fn described_text_adds_distinct_attributes() {
        let doc = Html::parse_document(
            "<a id=r href=x title=Устав aria-label='Скачать'>Устав <img alt='PDF'></a>",
        );
        assert_eq!(
            described_text(first(&doc, "#r"), LIMITS),
            "Устав Скачать PDF"
        );
    }

    #[test]
    fn walk_survives_deep_nesting() {
        let html = format!("{}текст{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
        let doc = Html::parse_document(&html);
        let limits = TextLimits {
            nodes: 100_000,
            ..LIMITS
        };
        let text = visible_text(first(&doc, "body"), limits).into_string();
        assert!(text.contains("текст"));
    }
}
