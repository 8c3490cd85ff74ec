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
use crate::extract::{Link, Page};
use crate::rules::RuleSet;
use crate::urlnorm::{self, Scope};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use url::Url;

/// Most distinct links remembered per crawl (a menu-heavy site of 300 pages has a few thousand).
pub const MAX_LINKS: usize = 8_192;

/// Most hrefs kept resolved per crawl: the ones worth keeping repeat on every page (menus,
/// footers) and are met on the first pages; at ≈ 300 bytes an entry this bounds the map to
/// ≈ 0.6 MiB for each site of a sweep in flight.
const MAX_RESOLVED: usize = 2_048;

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
    /// Absolute `http(s)://` hrefs resolved and normalised ([`LinkMemo::resolve_links`]): that
    /// does not depend on the page or the scope, so it is never forgotten.
    resolved: HashMap<String, Option<Url>>,
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

    /// [`super::resolve_links`] of `page`, with the hrefs met on the crawl's earlier pages
    /// looked up: parsing and normalising a URL costs more than the rest of a link's work once
    /// its matches are remembered.
    pub fn resolve_links(&self, page: &Page) -> Vec<Option<Url>> {
        let Ok(base) = Url::parse(&page.url) else {
            return vec![None; page.links.len()];
        };
        let mut found: Vec<Option<Option<Url>>> = {
            let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            (page.links.iter())
                .map(|l| inner.resolved.get(&l.href).cloned())
                .collect()
        };
        let mut fresh = Vec::new();
        for (slot, link) in found.iter_mut().zip(&page.links) {
            if slot.is_none() {
                let url = urlnorm::resolve(&base, &link.href);
                if is_absolute_http(&link.href) {
                    fresh.push((link.href.clone(), url.clone()));
                }
                *slot = Some(url);
            }
        }
        if !fresh.is_empty() {
            let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            for (href, url) in fresh {
                if inner.resolved.len() >= MAX_RESOLVED {
                    break;
                }
                inner.resolved.insert(href, url);
            }
        }
        found.into_iter().flatten().collect()
    }
}

/// True for an href that resolves to the same URL against any page: one that starts with
/// `http://` or `https://` (as every link of an extracted page does), which the URL standard
/// parses as absolute whatever the base (`http:x` alone would be relative to an `http` page).
fn is_absolute_http(href: &str) -> bool {
    href.starts_with("http://") || href.starts_with("https://")
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
