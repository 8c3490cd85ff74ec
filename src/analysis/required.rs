//! The words one of which every match of a rules pattern contains, when they can be told: a
//! text without any of them (see [`super::caseless`]) cannot match, and the pattern is not run
//! on it. Patterns are read as the loader compiles them (case-insensitive, Unicode); a
//! case-sensitive pattern matches less, so its words hold for it too.

use super::caseless::CaselessWords;
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Most characters a class may have to count as one letter.
const MAX_CLASS_CHARS: usize = 12;

/// Required words (or `None`: not known) by pattern, ready to search.
type Known = Mutex<HashMap<String, Option<Arc<CaselessWords>>>>;

/// The required words of `pattern` (see the module doc), worked out once per pattern.
pub(crate) fn required_words(pattern: &str) -> Option<Arc<CaselessWords>> {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    if let Some(found) = known.lock().ok()?.get(pattern) {
        return found.clone();
    }
    let words = words_of(pattern).map(|w| Arc::new(CaselessWords::new(&w)));
    known
        .lock()
        .ok()?
        .insert(pattern.to_string(), words.clone());
    words
}

/// The required words of `pattern`, worked out.
pub(super) fn words_of(pattern: &str) -> Option<Vec<String>> {
    crate::rules::parse_pattern(pattern)
        .and_then(|hir| walk(&hir).required)
        .filter(|w| !w.is_empty() && w.iter().all(|w| !w.is_empty()))
}

/// What a piece of a pattern always matches: `fixed` when it matches exactly one word (letters
/// in either case, characters without case), `required` when every match contains one of these.
struct Piece {
    fixed: Option<String>,
    required: Option<Vec<String>>,
}

impl Piece {
    fn unknown() -> Piece {
        Piece {
            fixed: None,
            required: None,
        }
    }

    fn word(w: String) -> Piece {
        let required = (!w.is_empty()).then(|| vec![w.clone()]);
        Piece {
            fixed: Some(w),
            required,
        }
    }
}

fn walk(hir: &Hir) -> Piece {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Piece::word(String::new()),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) if s.chars().all(|c| !c.is_alphabetic()) => Piece::word(s.to_string()),
            _ => Piece::unknown(),
        },
        HirKind::Class(class) => match class_char(class) {
            Some(c) => Piece::word(c.to_string()),
            None => Piece {
                fixed: None,
                required: uncased_chars(class),
            },
        },
        HirKind::Capture(cap) => walk(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = walk(&rep.sub);
            match (rep.min, rep.max) {
                (1, Some(1)) => sub,
                (0, _) => Piece::unknown(),
                _ => Piece {
                    fixed: None,
                    required: sub.required,
                },
            }
        }
        HirKind::Concat(subs) => concat(subs),
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                let Some(words) = walk(sub).required else {
                    return Piece::unknown();
                };
                all.extend(words);
            }
            all.sort();
            all.dedup();
            Piece {
                fixed: None,
                required: Some(all),
            }
        }
    }
}

/// Runs of fixed pieces make words; the best of those and of the other pieces' required words
/// is the fewest words, then the longest shortest word.
fn concat(subs: &[Hir]) -> Piece {
    let mut best: Option<Vec<String>> = None;
    let mut consider = |words: Vec<String>| {
        let score = |w: &Vec<String>| {
            (
                w.len(),
                std::cmp::Reverse(w.iter().map(|s| s.chars().count()).min()),
            )
        };
        if !words.is_empty() && best.as_ref().is_none_or(|b| score(&words) < score(b)) {
            best = Some(words);
        }
    };
    let (mut run, mut all_fixed) = (String::new(), true);
    for sub in subs {
        let piece = walk(sub);
        match piece.fixed {
            Some(w) => run.push_str(&w),
            None => {
                all_fixed = false;
                if !run.is_empty() {
                    consider(vec![std::mem::take(&mut run)]);
                }
                if let Some(words) = piece.required {
                    consider(words);
                }
            }
        }
    }
    if all_fixed {
        return Piece::word(run);
    }
    if !run.is_empty() {
        consider(vec![run]);
    }
    Piece {
        fixed: None,
        required: best,
    }
}

/// The one lower-case Cyrillic letter (а–я but ё) a case-insensitive class stands for, or the
/// one character without case it holds.
fn class_char(class: &Class) -> Option<char> {
    let Class::Unicode(class) = class else {
        return None;
    };
    let mut chars = Vec::new();
    for r in class.ranges() {
        chars.extend(r.start()..=r.end());
        if chars.len() > MAX_CLASS_CHARS {
            return None;
        }
    }
    if let [c] = chars[..] {
        return (!c.is_alphabetic()).then_some(c);
    }
    let letter = chars
        .iter()
        .copied()
        .find(|c| ('а'..='я').contains(c) && *c != 'ё')?;
    let fits = chars.iter().all(|&c| {
        c == letter || letter.to_uppercase().eq([c]) || ('\u{1C80}'..='\u{1C88}').contains(&c)
    });
    fits.then_some(letter)
}

/// The characters of a small class of characters without case (`[\n|]`), one word each.
fn uncased_chars(class: &Class) -> Option<Vec<String>> {
    let Class::Unicode(class) = class else {
        return None;
    };
    let mut chars = Vec::new();
    for r in class.ranges() {
        chars.extend((r.start()..=r.end()).map(String::from));
        if chars.len() > MAX_CLASS_CHARS {
            return None;
        }
    }
    chars
        .iter()
        .all(|c| !c.chars().any(char::is_alphabetic))
        .then_some(chars)
}
