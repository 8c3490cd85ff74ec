//! A linear pre-pass that caps what a hostile page can make the HTML tree builder do.
//!
//! html5ever scans the stack of open elements for many tags, so a page of a million nested
//! `<div>` costs time quadratic in its depth (100 000 levels took half a minute), and a tag with
//! a hundred thousand attributes is quadratic in the duplicate-attribute check. This pass reads the
//! markup once, keeps its own approximate stack of open elements and rewrites only what is past the
//! caps: start tags deeper than [`MAX_DEPTH`] are dropped (their text stays), attributes past
//! [`MAX_ATTRIBUTES`] are dropped, and the markup is cut after [`MAX_TAGS`] tags. A normal page
//! comes back unchanged, without a copy.
//!
//! The model only ever over-estimates depth. Where it cannot tell whether the tree builder closed
//! an element (a `<div>` after a `<p>` in some other scope, a select that ignores tags), it keeps
//! the element and marks it unsure; no end tag closes through an unsure element, since the tree
//! builder may not have it and would keep what is inside. Once foreign content (SVG, MathML) is
//! left in a way it cannot follow, it is in doubt for the rest of the page: every start tag opens
//! and raw-text start tags are dropped, so both read their content as markup.

use std::borrow::Cow;

/// Deepest element nesting kept; real pages stay well below 100.
pub const MAX_DEPTH: usize = 256;
/// Most attributes kept on one tag.
pub const MAX_ATTRIBUTES: usize = 64;
/// Most tags (start and end) read; the markup after the last one is cut.
pub const MAX_TAGS: usize = 200_000;
/// Most formatting elements open or waiting to be reopened; later ones are dropped (text stays).
const MAX_FORMATTING: usize = 64;

mod close;
mod reach;
mod scan;
mod tables;

use reach::*;
use scan::{comment_end, find, lowercase_name, memchr, raw_text_end, read_start_tag, tag_name_end};
use tables::*;

/// `html` with nesting, attributes and tag count capped; borrowed when nothing had to change.
pub fn bound_markup(html: &str) -> Cow<'_, str> {
    let mut pass = Pass {
        src: html,
        out: None,
        copied: 0,
        stack: Vec::new(),
        tags: 0,
        reopen: 0,
        foreign: 0,
        doubt: false,
    };
    pass.run();
    match pass.out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[pass.copied..]);
            Cow::Owned(out)
        }
    }
}

/// One open element as the pass sees it.
struct Open<'a> {
    /// Lowercased tag name: the markup's own when it has no capitals (no copy per tag).
    name: Cow<'a, str>,
    /// Formatting elements waiting to be reopened when this element was opened.
    reopen_before: usize,
    /// In the SVG or MathML namespace.
    foreign: bool,
    /// False once the tree builder may have closed it while the model kept it: an end tag aimed
    /// at it, or reaching past it, then closes nothing (the model over-estimates depth).
    sure: bool,
}

struct Pass<'a> {
    src: &'a str,
    /// The rewritten markup up to `copied`, once something had to change.
    out: Option<String>,
    /// Bytes of `src` already accounted for in `out`.
    copied: usize,
    /// The open elements kept, innermost last.
    stack: Vec<Open<'a>>,
    tags: usize,
    /// Formatting elements closed implicitly, which the tree builder may reopen.
    reopen: usize,
    /// Open SVG and MathML elements: inside them raw-text elements are ordinary markup.
    foreign: usize,
    /// The model may have lost track of the tree builder (foreign content left irregularly):
    /// from here on every start tag opens, none closes anything, and raw text is not trusted.
    doubt: bool,
}

impl<'a> Pass<'a> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut pos = 0;
        while let Some(offset) = memchr(b'<', &bytes[pos..]) {
            let lt = pos + offset;
            let next = bytes.get(lt + 1).copied().unwrap_or(0);
            pos = if next.is_ascii_alphabetic() {
                self.start_tag(lt)
            } else if next == b'/' && bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
                self.end_tag(lt)
            } else if bytes[lt..].starts_with(b"<!--") {
                comment_end(bytes, lt + 4)
            } else if next == b'!' || next == b'?' || next == b'/' {
                find(bytes, lt + 1, b">").map_or(bytes.len(), |e| e + 1)
            } else {
                lt + 1
            };
            if self.tags >= MAX_TAGS {
                self.cut(pos);
                return;
            }
        }
    }

    /// Handles the start tag at `lt`; returns where scanning goes on.
    fn start_tag(&mut self, lt: usize) -> usize {
        let Some(tag) = read_start_tag(self.src, lt) else {
            return self.src.len();
        };
        self.tags += 1;
        let name: &str = &tag.name;
        let in_foreign = self.in_foreign();
        let in_select = self.in_select();
        if in_select && matches!(name, "svg" | "math") {
            // A select ignores these, and then what follows them is not foreign content.
            self.doubt = true;
        }
        if in_foreign && BREAKOUT.contains(&name) {
            // The tree builder pops foreign elements up to an HTML one here; how far depends on
            // a stack the model only approximates, so it stops trusting itself instead.
            self.doubt = true;
        }
        let foreign = !self.doubt && (in_foreign || matches!(name, "svg" | "math"));
        if !foreign && !self.doubt && self.is_ignored_table_part(name) {
            return tag.end;
        }
        if !foreign && !self.doubt {
            self.close_implied(name);
            if closes_heading(name) {
                self.close_current_heading();
            }
        }
        let opens = if foreign {
            !tag.self_closing
        } else if self.doubt {
            // The tree builder may still be in foreign content, where `<input>` has content.
            !(VOID.contains(&name) && BREAKOUT.contains(&name))
        } else {
            // Outside SVG and MathML a `/>` on an ordinary element is ignored: `<div/>` opens.
            !VOID.contains(&name)
        };
        let formatting = FORMATTING.contains(&name);
        let too_many = formatting && self.formatting_open() + self.reopen >= MAX_FORMATTING;
        let parents = if foreign {
            &[][..]
        } else {
            implied_parents(name, self.stack.last().map(|o| o.name.as_ref()))
        };
        // Raw text the model cannot be sure of (a tree builder in foreign content or in a select
        // reads it as markup) is dropped, so both read what follows as markup.
        let raw_name = !foreign && (RAW_TEXT.contains(&name) || name == "plaintext");
        let unsure_raw = raw_name && (self.doubt || self.foreign > 0 || self.in_select());
        if unsure_raw || opens && (self.stack.len() + parents.len() >= MAX_DEPTH || too_many) {
            self.replace(lt, tag.end, "");
            // A dropped raw-text element's content is markup to the tree builder: scan it.
            return tag.end;
        }
        if let Some(cut) = tag.cut_attributes_at {
            let close = if tag.self_closing { "/>" } else { ">" };
            let kept = format!("{}{close}", &self.src[lt..cut]);
            self.replace(lt, tag.end, &kept);
        }
        if raw_name && name == "plaintext" {
            return self.src.len();
        }
        if in_select && matches!(name, "input" | "keygen" | "textarea" | "select") {
            // These end a select the tree builder is in, which the model may not know.
            self.mark_unsure_named("select");
        }
        if opens {
            // In doubt, or in a select that ignores it, the tree builder may not have it.
            let ignored = in_select && !matches!(name, "option" | "optgroup");
            let sure = !self.doubt && !ignored;
            self.open(tag.name.clone(), parents, foreign, sure);
        }
        if raw_name {
            return raw_text_end(self.src.as_bytes(), tag.end, &tag.name);
        }
        tag.end
    }

    /// Pushes `name` (after the parents the tree builder inserts for it).
    fn open(&mut self, name: Cow<'a, str>, parents: &[&'static str], foreign: bool, sure: bool) {
        let reopen_before = self.reopen;
        for parent in parents {
            self.stack.push(Open {
                name: Cow::Borrowed(parent),
                reopen_before,
                foreign: false,
                sure,
            });
        }
        if foreign {
            self.foreign += 1;
        }
        self.stack.push(Open {
            name,
            reopen_before,
            foreign,
            sure,
        });
    }

    /// The current node is an SVG or MathML element that is no integration point, so start tags
    /// make foreign elements and `/>` closes them.
    fn in_foreign(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|o| o.foreign && !INTEGRATION_POINTS.contains(&o.name.as_ref()))
    }

    /// A select is open: the tree builder ignores most start tags, raw-text ones included.
    fn in_select(&self) -> bool {
        self.stack.iter().any(|o| o.name == "select" && !o.foreign)
    }

    /// Outside a table the tree builder ignores table parts (so they are no markers either).
    fn is_ignored_table_part(&self, name: &str) -> bool {
        TABLE_PARTS.contains(&name)
            && self.foreign == 0
            && !self.stack.iter().any(|o| o.name == "table")
    }

    /// Handles the end tag at `lt`: closes the matching open element when the tree builder would.
    fn end_tag(&mut self, lt: usize) -> usize {
        let bytes = self.src.as_bytes();
        let name_end = tag_name_end(bytes, lt + 2);
        let name = lowercase_name(&self.src[lt + 2..name_end]);
        let end = find(bytes, name_end, b">").map_or(bytes.len(), |e| e + 1);
        self.tags += 1;
        if self.foreign > 0 && self.stack.last().is_none_or(|o| o.name != name) {
            // Foreign content leaves by end tags the model cannot follow exactly.
            self.doubt = true;
        }
        // An end tag of a phrasing or unknown element stops at any block; the end tag of a block
        // stops only at a scope boundary, a table's at nothing inside the table.
        let block = !PHRASING.contains(&name.as_ref()) && is_known_block(&name);
        for (i, open) in self.stack.iter().enumerate().rev() {
            let n = open.name.as_ref();
            // `</h2>` closes any heading.
            if n == name || closes_heading(&name) && closes_heading(n) {
                self.close_by_end_tag(i);
                return end;
            }
            let crosses = if n == "select" && !open.foreign {
                // In a select the tree builder ignores every other end tag.
                false
            } else if name == "table" {
                TABLE_PARTS.contains(&n)
            } else if name == "tr" && matches!(n, "td" | "th") {
                true
            } else if (name == "li" && matches!(n, "ul" | "ol")) || (name == "p" && n == "button") {
                false
            } else if block {
                !BOUNDARIES.contains(&n)
            } else {
                !is_known_block(n) && !is_special(n)
            };
            if !crosses {
                break;
            }
        }
        // The tree builder's reach may differ from the model's: what it could close is unsure.
        if closes_heading(&name) {
            if let Some(i) = self.stack.iter().rposition(|o| closes_heading(&o.name)) {
                self.mark_unsure(i);
            }
        } else {
            self.mark_unsure_named(&name);
        }
        end
    }

    /// Closes the element at `index` and everything inside it.
    fn pop_to(&mut self, index: usize) {
        let closed = self.stack.split_off(index);
        let implicit = closed
            .iter()
            .skip(1)
            .filter(|o| FORMATTING.contains(&o.name.as_ref()))
            .count();
        self.foreign -= closed.iter().filter(|o| o.foreign).count();
        let head = &closed[0];
        if matches!(
            head.name.as_ref(),
            "td" | "th" | "caption" | "applet" | "object" | "marquee" | "template"
        ) {
            // Closing a marker forgets the formatting elements opened inside it.
            self.reopen = head.reopen_before;
        } else {
            self.reopen += implicit;
        }
    }

    fn formatting_open(&self) -> usize {
        self.stack
            .iter()
            .rev()
            .take(MAX_FORMATTING)
            .filter(|o| FORMATTING.contains(&o.name.as_ref()))
            .count()
    }

    /// Puts `with` in place of `src[from..to]`.
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.src.len()));
        out.push_str(&self.src[self.copied..from]);
        out.push_str(with);
        self.copied = to;
    }

    /// Drops everything from `at` on.
    fn cut(&mut self, at: usize) {
        let end = self.src.len();
        if at < end {
            self.replace(at, end, "");
        }
    }
}

#[cfg(test)]
#[path = "bound_tests.rs"]
mod tests;
