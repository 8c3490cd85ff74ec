//! Character classes asked of every character of a page's text.
//!
//! `char::is_alphanumeric` answers ASCII at once but looks every other character up in
//! Unicode's tables (a binary search), and Russian text is almost all Cyrillic letters.

/// `c.is_alphanumeric()`, with the basic Cyrillic letters answered without the table lookup.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // U+0400–U+045F: Ѐ–Џ, А–я, ѐ–џ (ё among them), all letters.
    matches!(c, '\u{400}'..='\u{45f}') || c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_std_on_every_char() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
