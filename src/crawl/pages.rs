//! Page work during a crawl: an answer that is an HTML page of the site is parsed and examined
//! ([`examine_page`]) on a blocking thread while the coordinator keeps fetching; answers are then
//! handled in the order they arrived, so that the crawl decides exactly as if it had parsed and
//! judged each page itself before looking at the next answer.

use super::frontier::Entry;
use super::handle::parse_prefix;
use super::workers::{spawn, InOrder, Pending};
use super::Outcome;
use crate::check::{examine_page_with, LinkMemo, PageFindings};
use crate::extract::{extract, Page};
use crate::fetch::{RequestKind, Response};
use crate::rules::RuleSet;
use crate::urlnorm::{self, Scope};
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::future::Future;
use std::sync::Arc;
use url::Url;

/// A page parsed and examined off the coordinator.
pub(super) struct Prepared {
    /// The page, its URL set to the answer's final URL (normalised).
    pub page: Page,
    /// What the page shows the checker; `None` when the page is outside `scope`.
    pub findings: Option<PageFindings>,
    /// The scope the page was examined in.
    pub scope: Scope,
}

/// Answers waiting to be handled, in the order they arrived.
pub(super) type Arrivals = InOrder<(Entry, Outcome), Option<Box<Prepared>>>;

/// What the coordinator waits for next.
pub(super) enum Event {
    /// The oldest answer, with its page when it is one.
    Ready(Entry, Outcome, Option<Box<Prepared>>),
    /// A fetch finished; its answer must join the queue.
    Fetched(Entry, Outcome),
    /// Nothing in flight and nothing queued.
    Idle,
}

/// The oldest queued answer once its page work is done, else the next fetch to finish.
pub(super) async fn next_event<F>(
    in_flight: &mut FuturesUnordered<F>,
    arrivals: &mut Arrivals,
) -> Event
where
    F: Future<Output = (Entry, Outcome)>,
{
    tokio::select! {
        biased;
        Some(((entry, outcome), prepared)) = arrivals.next(), if !arrivals.is_empty() => {
            Event::Ready(entry, outcome, prepared.flatten())
        }
        Some((entry, outcome)) = in_flight.next(), if !in_flight.is_empty() => {
            Event::Fetched(entry, outcome)
        }
        else => Event::Idle,
    }
}

/// What examining a page needs besides the page, all owned, so that it can go to another thread.
#[derive(Clone)]
pub(super) struct PageContext {
    /// The rules (a copy that shares the checker's compiled index).
    pub rules: Arc<RuleSet>,
    /// The date contents are judged against.
    pub today: time::Date,
    /// What the site's links speak for (the checker's memo).
    pub links: Arc<LinkMemo>,
}

/// Starts the page work for an answer that is an HTML page of the site; `None` for anything
/// else. `scope` is the crawl's scope now; a page that may be the start page is examined with
/// its redirects in scope, as the coordinator will have added them by the time it handles it.
pub(super) fn start_page_work(
    entry: &Entry,
    outcome: &Outcome,
    scope: &Scope,
    context: &PageContext,
) -> Option<Pending<Option<Box<Prepared>>>> {
    let Outcome::Fetched(fetched) = outcome else {
        return None;
    };
    let (Ok(resp), _) = &**fetched else {
        return None;
    };
    if resp.redirect_to.is_some() {
        return None;
    }
    let text = page_text(entry.kind, resp)?.to_owned();
    let mut scope = scope.clone();
    if entry.depth == 0 {
        for hop in resp.redirects.iter().chain(std::iter::once(&resp.url)) {
            scope.add(hop);
        }
    }
    let (url, context) = (resp.url.clone(), context.clone());
    Some(spawn(move || {
        Some(Box::new(prepare(&url, &text, scope, &context)))
    }))
}

/// The text of an answer worth parsing as a page of the site: a 2xx HTML answer to a page
/// request, cut to [`parse_prefix`].
pub(super) fn page_text(kind: RequestKind, resp: &Response) -> Option<&str> {
    let doc_kind = resp
        .content_type
        .as_deref()
        .and_then(urlnorm::document_kind_for_content_type);
    let is_page = kind == RequestKind::Page && doc_kind.is_none() && resp.is_html();
    if !is_page || !resp.is_success() {
        return None;
    }
    Some(parse_prefix(resp.text()?))
}

/// Parses the page at `url` and examines it in `scope`.
pub(super) fn prepare(url: &Url, text: &str, scope: Scope, context: &PageContext) -> Prepared {
    let mut page = extract(url, text);
    let final_url = urlnorm::normalize(url.clone()).unwrap_or_else(|| url.clone());
    page.url = final_url.to_string();
    let findings = scope.contains(&final_url).then(|| {
        examine_page_with(
            &context.rules,
            &page,
            &scope,
            context.today,
            Some(&context.links),
        )
    });
    Prepared {
        page,
        findings,
        scope,
    }
}
