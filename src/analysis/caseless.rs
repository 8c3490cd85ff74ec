//! Case-insensitive search for Cyrillic words, cheaply and only as a necessary condition: a
//! text in which [`CaselessWords::may_be_in`] finds none of the words has no case-insensitive
//! match of them, so an analysis that needs one of them can skip the text.
//!
//! Upper- and lower-case Cyrillic letters differ in their UTF-8 bytes in a regular way (А–П are
//! D0 90–9F, а–п D0 B0–BF; Р–Я are D0 A0–AF, р–я D1 80–8F), so mapping each byte on its own
//! turns every case variant of a word into the same bytes. The only other characters that a
//! case-insensitive Cyrillic letter matches are U+1C80–U+1C88 (old forms of в, д, о, с, т, ъ);
//! a text holding one of them is never skipped. `caseless_tests` checks both facts.

/// How often a byte occurs in Russian text, for the pair of needle bytes a substring search
/// looks for first: the lead bytes of Cyrillic letters (D0, D1) are in every other byte, while
/// the second bytes tell the letters apart.
pub(crate) struct RussianBytes;

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for RussianBytes {
    fn rank(&self, byte: u8) -> u8 {
        // Second bytes after D0: а..п (B0..BF); after D1: р..я (80..8F) and ё (91). Capitals
        // (D0 90..AF) are rarer than any lowercase letter.
        const LOWER: [u8; 16] = [
            // а б в г д е ж з и й к л м н о п
            200, 80, 150, 90, 120, 220, 50, 85, 210, 60, 140, 145, 130, 190, 250, 125,
        ];
        const UPPER: [u8; 16] = [
            // р с т у ф х ц ч ш щ ъ ы ь э ю я
            170, 180, 195, 110, 20, 55, 35, 70, 40, 30, 10, 95, 88, 25, 38, 100,
        ];
        match byte {
            0xD0 | 0xD1 | b' ' => 255,
            0x80..=0x8F => UPPER[usize::from(byte - 0x80)],
            0xB0..=0xBF => LOWER[usize::from(byte - 0xB0)],
            0x90..=0xAF => 45,
            b'a'..=b'z' | b'0'..=b'9' => 100,
            b'A'..=b'Z' => 60,
            0x00..=0x7F => 90,
            _ => 5,
        }
    }
}

/// Words searched for in a text with case folded away (lower-case Cyrillic, without ё, and
/// characters without case), their searchers built once: the analyses ask the same words of
/// every page.
#[derive(Debug)]
pub(crate) struct CaselessWords(Vec<memchr::memmem::Finder<'static>>);

impl CaselessWords {
    pub(crate) fn new<S: AsRef<str>>(words: &[S]) -> CaselessWords {
        let finder = |w: &S| {
            let word: Vec<u8> = w.as_ref().bytes().map(fold_byte).collect();
            memchr::memmem::FinderBuilder::new()
                .build_forward_with_ranker(RussianBytes, &word)
                .into_owned()
        };
        CaselessWords(words.iter().map(finder).collect())
    }

    /// True unless `text` surely holds no case-insensitive match of any of the words: a
    /// superset of `(?i)word1|word2|…`.is_match(text).
    pub(crate) fn may_be_in(&self, text: &str) -> bool {
        Folded::new(text).may_contain(self)
    }
}

/// A text with case folded away, for several [`Folded::may_contain`] questions.
#[derive(Debug)]
pub(crate) struct Folded(Option<Vec<u8>>);

impl Folded {
    /// Folds `text` (nothing to fold when it holds an old letter form: every answer is yes).
    pub(crate) fn new(text: &str) -> Folded {
        let bytes = text.as_bytes();
        // U+1C80..U+1C88 are E1 B2 80..88.
        if memchr::memmem::find(bytes, &[0xE1, 0xB2]).is_some() {
            return Folded(None);
        }
        Folded(Some(bytes.iter().map(|&b| fold_byte(b)).collect()))
    }

    /// See [`CaselessWords::may_be_in`].
    pub(crate) fn may_contain(&self, words: &CaselessWords) -> bool {
        let Some(folded) = &self.0 else {
            return true;
        };
        words.0.iter().any(|f| f.find(folded).is_some())
    }
}

/// One byte with Cyrillic (and ASCII) case folded away, as described in the module doc.
fn fold_byte(b: u8) -> u8 {
    match b {
        0xD1 => 0xD0,
        0x90..=0x9F => b + 0x20,
        0xA0..=0xAF => b - 0x20,
        b'A'..=b'Z' => b + 0x20,
        _ => b,
    }
}
