//! What each link of a site speaks for, remembered across the site's pages.
//!
//! Menus, footers and side bars repeat the same links on every page, and matching one link means
//! resolving its URL and seven scans of its text, path and file name; on a typical page that was
//! most of the matching. What a link speaks for depends only on its URL, its text, the rules and
//! the crawl's scope, so one crawl matches each distinct link once. The memo is shared by the
//! page-work threads of one crawl and bounded: past [`MAX_LINKS`] distinct links it stops
//! remembering (matching stays correct, only slower).

use super::link_match::PreparedLink;
use super::matching::Candidate;
use crate::extract::Link;
use crate::rules::RuleSet;
use crate::urlnorm::Scope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use url::Url;

/// Most distinct links remembered per crawl (a menu-heavy site of 300 pages has a few thousand).
pub const MAX_LINKS: usize = 8_192;

/// Every candidate of one link, as (rule index, candidate without `found_on`), in rule order.
pub type LinkCandidates = Arc<[(usize, Candidate)]>;

/// The memo of one crawl (see the module doc).
#[derive(Debug, Default)]
pub struct LinkMemo {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The scope the remembered links were matched in: a link's candidates depend on whether it
    /// is internal, so a changed scope (the start page redirected) forgets them.
    scope: Scope,
    links: HashMap<(String, String), LinkCandidates>,
}

impl LinkMemo {
    /// The candidates of every link of a page, in the page's order: remembered ones looked up,
    /// the others matched (with `rules`, resolved against `page_url`, in `scope`) and remembered.
    pub fn candidates(
        &self,
        rules: &RuleSet,
        links: &[Link],
        page_url: &Url,
        scope: &Scope,
    ) -> Vec<LinkCandidates> {
        let mut found: Vec<Option<LinkCandidates>> = {
            let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            if inner.scope != *scope {
                inner.scope = scope.clone();
                inner.links.clear();
            }
            links
                .iter()
                .map(|l| inner.links.get(&key(l)).cloned())
                .collect()
        };
        let mut fresh = Vec::new();
        for (slot, link) in found.iter_mut().zip(links) {
            if slot.is_none() {
                let matched = match_link(rules, link, page_url, scope);
                fresh.push((key(link), Arc::clone(&matched)));
                *slot = Some(matched);
            }
        }
        if !fresh.is_empty() {
            let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            if inner.scope == *scope {
                for (k, v) in fresh {
                    if inner.links.len() >= MAX_LINKS {
                        break;
                    }
                    inner.links.insert(k, v);
                }
            }
        }
        found.into_iter().flatten().collect()
    }
}

fn key(link: &Link) -> (String, String) {
    (link.href.clone(), link.text.clone())
}

/// Every candidate of `link` on a page at `page_url` (its `href` is absolute already, so the page
/// does not change what it matches).
pub fn match_link(rules: &RuleSet, link: &Link, page_url: &Url, scope: &Scope) -> LinkCandidates {
    let Some(prepared) = PreparedLink::new(link, page_url, scope) else {
        return Arc::from(Vec::new());
    };
    let scan = prepared.scan(rules.index());
    (0..rules.rules.len())
        .filter_map(|idx| scan.candidate_on_page(idx).map(|c| (idx, c)))
        .collect::<Vec<_>>()
        .into()
}
