//! Cutting a page's labels (headings, link texts) out of its main text, to leave its own words.
//! The text is cut label by label, each occurrence replaced by a space, as a chain of
//! `str::replace` would; but a page has a hundred or more labels and most of them (the menus)
//! are not in its main text at all, so one Aho-Corasick pass finds which labels occur, and only
//! those are searched for again.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::HashSet;

/// `text` with each of `labels`, in turn, replaced by a space wherever it occurs: the same as
/// `labels.iter().fold(text, |t, l| t.replace(l, " "))`.
///
/// Why skipping is safe: what is left of the text is always pieces of the original joined by the
/// spaces put in («seams»). A label that does not occur in the original can only occur later
/// across a seam, so it is looked for only in a window around each seam.
pub(super) fn strip_labels(text: &str, labels: &[&str]) -> String {
    let unique: Vec<&str> = {
        let mut seen = HashSet::new();
        labels.iter().copied().filter(|l| seen.insert(*l)).collect()
    };
    let in_original = occurring(text, &unique);
    let mut out = text.to_string();
    // Byte offsets in `out` of the spaces that replaced labels, ascending.
    let mut seams: Vec<usize> = Vec::new();
    for label in labels.iter().filter(|l| !l.is_empty()) {
        let may_occur =
            in_original.contains(label) || seams.iter().any(|&p| across(&out, p, label));
        if may_occur {
            if let Some((next, next_seams)) = replace_tracking(&out, label, &seams) {
                out = next;
                seams = next_seams;
            }
        }
    }
    out
}

/// The labels that occur in `text`.
fn occurring<'l>(text: &str, labels: &[&'l str]) -> HashSet<&'l str> {
    let patterns: Vec<&str> = labels.iter().copied().filter(|l| !l.is_empty()).collect();
    let searcher = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&patterns);
    match searcher {
        Ok(ac) => ac
            .find_overlapping_iter(text)
            .map(|m| patterns[m.pattern().as_usize()])
            .collect(),
        // Too many or too long labels for the automaton: every label is searched for.
        Err(_) => patterns.into_iter().collect(),
    }
}

/// True when `label` occurs in `text` across byte offset `seam`.
fn across(text: &str, seam: usize, label: &str) -> bool {
    let mut lo = seam.saturating_sub(label.len().saturating_sub(1));
    let mut hi = (seam + label.len()).min(text.len());
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    text[lo..hi].contains(label)
}

/// `text.replace(label, " ")` and where the seams are in it (the old ones that survive, moved,
/// and one per replacement); `None` when `label` does not occur.
fn replace_tracking(text: &str, label: &str, seams: &[usize]) -> Option<(String, Vec<usize>)> {
    let mut out = String::with_capacity(text.len());
    let mut new_seams = Vec::with_capacity(seams.len() + 1);
    let mut old = seams.iter().copied().peekable();
    let mut last = 0;
    let mut replaced = false;
    for (start, _) in text.match_indices(label) {
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

#[cfg(test)]
mod tests {
    use super::strip_labels;
    use proptest::prelude::*;

    fn naive(text: &str, labels: &[&str]) -> String {
        labels
            .iter()
            .fold(text.to_string(), |t, l| t.replace(l, " "))
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

    proptest! {
        #[test]
        fn the_same_as_a_chain_of_replace(
            text in "[аб xй]{0,40}",
            labels in proptest::collection::vec("[аб xй]{1,4}", 0..8),
        ) {
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            prop_assert_eq!(strip_labels(&text, &labels), naive(&text, &labels));
        }
    }
}
