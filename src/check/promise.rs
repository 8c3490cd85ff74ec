//! How promising a link of the frontier is. What a (URL, link text) speaks for never changes,
//! so it is worked out once per crawl; only which of those requirements are still undecided is
//! counted each time the frontier asks — for every link of every page, and again at every pop.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use url::Url;

/// What one (URL, link text) speaks for, whatever is decided.
pub(super) struct Promise {
    url: String,
    text: String,
    /// The rules it matches, by index.
    pub rules: Box<[usize]>,
    /// The bonus of a section page that usually lists many required items ([`hub_bonus`]).
    pub bonus: u32,
}

/// Promises by (URL, link text), found without building a key: a menu's links are asked about
/// on every page, and allocating two strings per question was most of the asking.
#[derive(Default)]
pub(super) struct Promises {
    by_hash: HashMap<u64, Vec<Promise>>,
    len: usize,
    hasher: RandomState,
}

impl Promises {
    /// The promise of (`url`, `text`), made by `rules_of` the first time (or after the memo
    /// grew to `max` and was forgotten).
    pub(super) fn get(
        &mut self,
        link: &Url,
        text: &str,
        max: usize,
        rules_of: impl FnOnce() -> Box<[usize]>,
    ) -> &Promise {
        let url = link.as_str();
        let hash = self.hasher.hash_one((url, text));
        let known = (self.by_hash.get(&hash))
            .and_then(|same| same.iter().position(|p| p.url == url && p.text == text));
        if known.is_none() && self.len >= max {
            self.by_hash.clear();
            self.len = 0;
        }
        let same = self.by_hash.entry(hash).or_default();
        let at = known.unwrap_or_else(|| {
            same.push(Promise {
                url: url.to_string(),
                text: text.to_string(),
                rules: rules_of(),
                bonus: hub_bonus(link, text),
            });
            self.len += 1;
            same.len() - 1
        });
        &same[at]
    }
}

/// Section pages that usually list many required items («Сведения об организации», «Документы»).
fn hub_bonus(url: &Url, text: &str) -> u32 {
    const HUBS: &[&str] = &[
        "сведения",
        "об организации",
        "об учреждении",
        "о центре",
        "о нас",
        "документ",
        "информац",
        "деятельност",
        "svedeniya",
        "about",
        "docs",
        "dokument",
        "info",
        "o-nas",
        "o-centre",
        "deyatelnost",
    ];
    let hay = format!("{} {}", text.to_lowercase(), url.path().to_lowercase());
    if HUBS.iter().any(|h| hay.contains(h)) {
        50
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test url")
    }

    #[test]
    fn a_promise_is_made_once_and_forgotten_past_the_limit() {
        let mut promises = Promises::default();
        let mut made = 0;
        let hub = url("https://k.ru/svedeniya/");
        for _ in 0..3 {
            let p = promises.get(&hub, "Устав", 10, || {
                made += 1;
                Box::new([4])
            });
            assert_eq!((&*p.rules, p.bonus), (&[4][..], 50));
        }
        assert_eq!(made, 1);
        let other = promises.get(&url("https://k.ru/news/"), "Устав", 10, || Box::new([]));
        assert_eq!(other.bonus, 0, "neither the text nor the path names a hub");
        assert_eq!(promises.len, 2);
        for i in 0..10 {
            promises.get(&url(&format!("https://k.ru/{i}")), "", 10, || Box::new([]));
        }
        assert!(promises.len <= 10, "the memo is bounded: {}", promises.len);
        let again = promises.get(&hub, "Устав", 10, || {
            made += 1;
            Box::new([4])
        });
        assert_eq!(again.bonus, 50);
        assert_eq!(made, 2, "a forgotten promise is made again");
    }
}
