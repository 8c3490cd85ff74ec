//! Reading the markup without building anything: tags, attributes, comments, raw text.

use super::MAX_ATTRIBUTES;

use std::borrow::Cow;

/// A start tag as read: where it ends, its name and where its first attributes end.
pub(super) struct StartTag<'a> {
    pub end: usize,
    pub name: Cow<'a, str>,
    /// End of the last attribute kept, when some were dropped.
    pub cut_attributes_at: Option<usize>,
    pub self_closing: bool,
}

/// Where a comment opened before `from` ends (`-->`, `--!>`, or the abrupt `<!-->` / `<!--->`).
pub(super) fn comment_end(bytes: &[u8], from: usize) -> usize {
    if bytes.get(from) == Some(&b'>') {
        return from + 1;
    }
    if bytes.get(from..from + 2) == Some(b"->") {
        return from + 2;
    }
    let mut pos = from;
    while let Some(dashes) = find(bytes, pos, b"--") {
        match bytes.get(dashes + 2) {
            Some(b'>') => return dashes + 3,
            Some(b'!') if bytes.get(dashes + 3) == Some(&b'>') => return dashes + 4,
            _ => pos = dashes + 1,
        }
    }
    bytes.len()
}

/// Reads the start tag at `lt` (`<` then a letter); `None` when the markup ends inside it.
pub(super) fn read_start_tag(src: &str, lt: usize) -> Option<StartTag<'_>> {
    let bytes = src.as_bytes();
    let name_end = tag_name_end(bytes, lt + 1);
    // Both ends are ASCII (`<` and a delimiter) or the end of the markup: char boundaries.
    let name = lowercase_name(&src[lt + 1..name_end]);
    let mut pos = name_end;
    let mut attributes = 0usize;
    let mut cut_attributes_at = None;
    let mut last_attribute_end = name_end;
    loop {
        while bytes
            .get(pos)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            pos += 1;
        }
        match bytes.get(pos)? {
            b'>' => {
                let self_closing = bytes[pos - 1] == b'/';
                return Some(StartTag {
                    end: pos + 1,
                    name,
                    cut_attributes_at,
                    self_closing,
                });
            }
            _ => {
                pos = attribute_end(bytes, pos)?;
                attributes += 1;
                if attributes == MAX_ATTRIBUTES {
                    last_attribute_end = pos;
                }
                if attributes > MAX_ATTRIBUTES {
                    cut_attributes_at = Some(last_attribute_end);
                }
            }
        }
    }
}

/// End of the attribute starting at `pos`: its name, then `=` and a quoted or bare value.
pub(super) fn attribute_end(bytes: &[u8], mut pos: usize) -> Option<usize> {
    // The first character may be anything (even `=`), as in the tokenizer.
    pos += 1;
    while bytes
        .get(pos)
        .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'='))
    {
        pos += 1;
    }
    let mut look = pos;
    while bytes.get(look).is_some_and(u8::is_ascii_whitespace) {
        look += 1;
    }
    if bytes.get(look) != Some(&b'=') {
        return Some(pos);
    }
    pos = look + 1;
    while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    match bytes.get(pos)? {
        quote @ (b'"' | b'\'') => memchr(*quote, &bytes[pos + 1..]).map(|i| pos + 1 + i + 1),
        _ => {
            while bytes
                .get(pos)
                .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
            {
                pos += 1;
            }
            Some(pos)
        }
    }
}

/// `name` with ASCII capitals lowered, as the tree builder reads tag names; borrowed when it
/// has none, as nearly every tag of a real page.
pub(super) fn lowercase_name(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

pub(super) fn tag_name_end(bytes: &[u8], mut pos: usize) -> usize {
    while bytes
        .get(pos)
        .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
    {
        pos += 1;
    }
    pos
}

/// Where scanning goes on after the text of a raw-text element opened before `from`.
pub(super) fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    if name == "script" {
        return script_end(bytes, from);
    }
    let mut pos = from;
    while let Some(i) = find(bytes, pos, b"</") {
        if is_end_tag_of(bytes, i, name) {
            // Back at the end tag, which the main loop reads like any other.
            return i;
        }
        pos = i + 2;
    }
    bytes.len()
}

/// True when `</name` at `i` is followed by what ends a tag name (so `</scripts>` is text).
fn is_end_tag_of(bytes: &[u8], i: usize, name: &str) -> bool {
    let name_end = i + 2 + name.len();
    bytes
        .get(i + 2..name_end)
        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        && bytes
            .get(name_end)
            .is_some_and(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
}

/// Where a script's text ends, following the tokenizer's escaped states: after `<!--` a
/// `<script` makes the following `</script>` part of the text, until `-->`.
fn script_end(bytes: &[u8], from: usize) -> usize {
    let mut state = ScriptText::default();
    let mut pos = from;
    while pos < bytes.len() {
        // Only a `<` (or, in an escape, the `-` of `-->`) can change anything: an inline script
        // of 100 KB is passed over on vector registers, not byte by byte.
        let next = match state.escaped {
            false => memchr::memchr(b'<', &bytes[pos..]),
            true => memchr::memchr2(b'<', b'-', &bytes[pos..]),
        };
        let Some(skip) = next else {
            break;
        };
        match state.step(bytes, pos + skip) {
            Ok(next) => pos = next,
            Err(end) => return end,
        }
    }
    bytes.len()
}

/// Where [`script_end`] is in a script's text: inside `<!--`, and inside a `<script>` there.
#[derive(Default)]
struct ScriptText {
    escaped: bool,
    double: bool,
}

impl ScriptText {
    /// Reads the text at `pos`: where reading goes on, or `Err` with where the text ends (the
    /// `</script>` at `pos`).
    fn step(&mut self, bytes: &[u8], pos: usize) -> Result<usize, usize> {
        let rest = &bytes[pos..];
        if !self.escaped && rest.starts_with(b"<!--") {
            self.escaped = true;
            // `<!--` shares its dashes with a `-->` right after it (`<!-->`).
            return Ok(pos + 2);
        }
        if self.escaped && rest.starts_with(b"-->") {
            (self.escaped, self.double) = (false, false);
            return Ok(pos + 3);
        }
        if rest.starts_with(b"</") && is_end_tag_of(bytes, pos, "script") {
            if !self.double {
                return Err(pos);
            }
            self.double = false;
        } else if self.escaped
            && !self.double
            && rest.starts_with(b"<")
            && is_start_of_script(bytes, pos)
        {
            self.double = true;
        }
        Ok(pos + 1)
    }
}

/// `<script` at `i` followed by what ends a tag name.
fn is_start_of_script(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i + 1..i + 7)
        .is_some_and(|n| n.eq_ignore_ascii_case(b"script"))
        && bytes
            .get(i + 7)
            .is_some_and(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
}

/// The first `needle` in `hay`. The bytes near the start are read one by one: in a menu the
/// next `<` is a few bytes away, closer than a vector search takes to set up; past them, the
/// text between two tags (hundreds of bytes of a paragraph) is searched on vector registers.
pub(super) fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    let near = hay.len().min(NEAR);
    match hay[..near].iter().position(|b| *b == needle) {
        Some(i) => Some(i),
        None => memchr::memchr(needle, &hay[near..]).map(|i| near + i),
    }
}

/// Bytes [`memchr`] reads one by one before it searches.
const NEAR: usize = 16;

pub(super) fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    /// [`super::script_end`] stepping at every byte, as it did before it skipped to the bytes
    /// that can change anything.
    fn script_end_bytewise(bytes: &[u8], from: usize) -> usize {
        let mut state = super::ScriptText::default();
        let mut pos = from;
        while pos < bytes.len() {
            match state.step(bytes, pos) {
                Ok(next) => pos = next,
                Err(end) => return end,
            }
        }
        bytes.len()
    }

    proptest::proptest! {
        /// The first byte found is the first there is, however near or far it lies.
        #[test]
        fn memchr_finds_the_first(
            hay in proptest::collection::vec(proptest::prop_oneof![
                49 => proptest::num::u8::ANY.prop_filter("not the needle", |b| *b != b'<'),
                1 => proptest::strategy::Just(b'<'),
            ], 0..300),
            from in 0usize..300,
        ) {
            let hay = &hay[from.min(hay.len())..];
            proptest::prop_assert_eq!(
                super::memchr(b'<', hay),
                hay.iter().position(|b| *b == b'<')
            );
        }

        /// Where a script's text ends, with escapes, nested `<script>`s and lookalikes.
        #[test]
        fn script_end_as_byte_by_byte(
            pieces in proptest::collection::vec(
                "(<!--|-->|--|->|<script>|<script |<SCRIPT/|</script>|</script |</scripts>|</|<|-|x| |!)",
                0..30,
            ),
            from in 0usize..8,
        ) {
            let text = pieces.concat();
            let from = from.min(text.len());
            proptest::prop_assert_eq!(
                super::script_end(text.as_bytes(), from),
                script_end_bytewise(text.as_bytes(), from)
            );
        }

        /// `find` is the first place of the needle at or after `from`.
        #[test]
        fn find_is_the_first_place(text in "[-<>/a]{0,60}", from in 0usize..70) {
            for needle in [&b"--"[..], b"</", b">"] {
                let expected = text
                    .as_bytes()
                    .get(from..)
                    .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
                    .map(|i| from + i);
                proptest::prop_assert_eq!(super::find(text.as_bytes(), from, needle), expected);
            }
        }
    }
}
