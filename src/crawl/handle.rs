//! What the crawl does with one answer: a page (parsed and examined by [`super::pages`]) is
//! judged and its links queued; a document is recorded, read when a requirement needs its
//! content, and judged.

use super::frontier::{Admission, Entry, Frontier};
use super::pages::Prepared;
use super::{priority, CrawlConfig, CrawlRecords};
use crate::check::{
    examine_page_with, looks_javascript_only, outcome_parts, page_emptiness, Checker, Content,
    Emptiness, TargetState,
};
use crate::documents::DocumentText;
use crate::extract::Page;
use crate::fetch::{FetchError, RequestKind, Response};
use crate::urlnorm::{self, Scope};
use url::Url;

/// One answer: the response and, for a document read in full, its extracted text.
pub(super) struct Answer {
    /// The HTTP response.
    pub resp: Response,
    /// The document's text, when it was read.
    pub doc: Option<DocumentText>,
    /// The page, parsed and examined, when the answer is an HTML page (see [`super::pages`]).
    pub page: Option<Prepared>,
}

/// Handles one answer.
pub(super) fn handle_response(
    entry: &Entry,
    answer: Answer,
    scope: &mut Scope,
    frontier: &mut Frontier,
    checker: &mut Checker<'_>,
    rec: &mut CrawlRecords,
    config: &CrawlConfig,
) {
    let Answer { resp, doc, page } = answer;
    if let Some(problem) = &resp.tls_problem {
        rec.record_tls_problem(&resp.url, problem);
    }
    if let Some(target) = &resp.redirect_to {
        redirected_away(entry, target, scope, frontier, checker, rec, config);
        return;
    }
    let url = entry.url.as_str();
    let final_url = urlnorm::normalize(resp.url.clone()).unwrap_or_else(|| resp.url.clone());
    frontier.mark_seen(&final_url);
    let doc_kind = resp
        .content_type
        .as_deref()
        .and_then(urlnorm::document_kind_for_content_type);
    let is_document = matches!(
        entry.kind,
        RequestKind::Document | RequestKind::DocumentContent
    ) || doc_kind.is_some();
    if is_document {
        rec.record_document_status(url, resp.status, doc_kind, resp.last_modified.as_deref());
    }
    let state = target_state(&resp);
    if !resp.is_success() {
        rec.record_error(url, Some(resp.status), &format!("HTTP {}", resp.status));
    }
    if let (Some(doc), true) = (&doc, resp.is_success()) {
        observe_document(entry, &resp, doc, checker, rec);
    }
    let Some(Prepared {
        page,
        findings,
        scope: examined_in,
    }) = page
    else {
        observe_both(checker, url, final_url.as_str(), state);
        return;
    };
    if entry.depth == 0 && looks_javascript_only(&page) {
        rec.javascript_only = true;
    }
    // Worked out with the page's findings already, off the coordinator.
    let emptiness = match &findings {
        Some(found) => found.emptiness.clone(),
        None => page_emptiness(&page),
    };
    let page_state = match emptiness {
        Emptiness::Content => TargetState::Ok,
        Emptiness::Empty(reason) => TargetState::Empty(reason),
        Emptiness::NotFound => TargetState::Broken(resp.status),
    };
    if !scope.contains(&final_url) {
        // A fetcher that followed a redirect off the site by itself: it answered, that is all.
        observe_both(checker, url, final_url.as_str(), page_state);
        return;
    }
    // The scope grew since the page was examined (the start page's redirects, a meta refresh):
    // what is on the site is judged again.
    let findings = match findings {
        Some(f) if examined_in == *scope => f,
        _ => {
            let memo = checker.link_memo();
            examine_page_with(checker.rules(), &page, scope, checker.today(), Some(&memo))
        }
    };
    // The page is judged before the links waiting on it are settled by what it showed; links
    // settle before the page's own title and headings, so a link's text comes first as evidence.
    checker.judge_examined(&page, findings.judgement);
    if final_url.as_str() != url {
        checker.alias_content(url, final_url.as_str());
    }
    observe_both(checker, url, final_url.as_str(), page_state);
    if let Some(matches) = findings.matches {
        checker.observe_matches(&page, scope, matches);
    }
    rec.record_page(&page, resp.status, entry.depth);
    if entry.depth == 0 {
        follow_meta_refresh(&page, scope, frontier);
    }
    let links = Links {
        page: &page,
        resolved: &findings.links,
    };
    enqueue_links(links, entry.depth, scope, frontier, checker, rec, config);
}

/// A page's links with their URLs, resolved on a page-work thread
/// ([`crate::check::resolve_links`]).
struct Links<'p> {
    page: &'p Page,
    resolved: &'p [Option<Url>],
}

/// Most times the start page may move to another host before the move counts as a loop.
const MAX_START_MOVES: usize = 5;

/// The start page redirected to another host: the site moved, so the scope moves with it (the
/// only redirect that may move it), and the target is fetched as the start page.
pub(super) fn move_start(
    resp: &Response,
    scope: &mut Scope,
    frontier: &mut Frontier,
    rec: &mut CrawlRecords,
) {
    let Some(target) = resp.redirect_to.clone().and_then(urlnorm::normalize) else {
        return;
    };
    if let Some(problem) = &resp.tls_problem {
        rec.record_tls_problem(&resp.url, problem);
    }
    for hop in resp.redirects.iter().chain([&resp.url, &target]) {
        scope.add(hop);
    }
    let moves = rec.note_start_move();
    let queued = moves <= MAX_START_MOVES
        && frontier.offer(target, RequestKind::Page, 0, "", u32::MAX / 2) == Admission::Queued;
    if !queued {
        let err = FetchError::RedirectLoop {
            url: rec.start.to_string(),
        };
        rec.unreachable = Some(err.to_string());
    }
}

/// A URL of the site whose redirect led to another host (the fetcher stopped there). A host of
/// the site (a domain it moved from) is fetched like a link; any other host is recorded as an
/// external link and never requested: links of an unvetted site must not steer the crawler to
/// the machine it runs on or the local network.
fn redirected_away(
    entry: &Entry,
    target: &Url,
    scope: &Scope,
    frontier: &mut Frontier,
    checker: &mut Checker<'_>,
    rec: &mut CrawlRecords,
    config: &CrawlConfig,
) {
    let Some(target) = urlnorm::normalize(target.clone()) else {
        return;
    };
    if scope.contains(&target) {
        let p = priority(
            checker,
            config,
            &target,
            &entry.link_text,
            entry.depth,
            entry.kind,
        );
        frontier.offer(target, entry.kind, entry.depth, &entry.link_text, p);
    } else {
        rec.record_offsite_redirect(entry.url.as_str(), &target);
    }
    // The link leads somewhere, as an external link does; what is there is not ours to judge.
    checker.observe_target(entry.url.as_str(), TargetState::Ok);
}

fn observe_both(checker: &mut Checker<'_>, url: &str, final_url: &str, state: TargetState) {
    checker.observe_target(url, state.clone());
    if final_url != url {
        checker.observe_target(final_url, state);
    }
}

/// A document read in full: recorded with its format and outcome, and judged.
fn observe_document(
    entry: &Entry,
    resp: &Response,
    doc: &DocumentText,
    checker: &mut Checker<'_>,
    rec: &mut CrawlRecords,
) {
    let url = entry.url.as_str();
    let (outcome, reason) = outcome_parts(&doc.outcome);
    let outcome_text = match reason {
        Some(r) => format!("{outcome}: {r}"),
        None => outcome.to_string(),
    };
    rec.record_document_content(url, doc.format.name(), &outcome_text, doc.pages);
    let file_name = urlnorm::file_name(&entry.url);
    let link_text = (!entry.link_text.is_empty()).then_some(entry.link_text.as_str());
    let content = Content::of_document(
        doc,
        resp.status,
        resp.last_modified.as_deref(),
        link_text,
        Some(&file_name),
    );
    checker.observe_content(url, &content);
    let final_url = resp.url.as_str();
    if final_url != url {
        checker.alias_content(url, final_url);
    }
}

/// The part of a page worth parsing: the HTML parser slows down sharply on huge or deeply nested
/// documents, and no real section page needs more than a few megabytes.
pub(super) fn parse_prefix(text: &str) -> &str {
    const MAX_PARSED_BYTES: usize = 4 * 1024 * 1024;
    if text.len() <= MAX_PARSED_BYTES {
        return text;
    }
    let mut end = MAX_PARSED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn target_state(resp: &Response) -> TargetState {
    match resp.status {
        200..=299 => TargetState::Ok,
        404 | 410 => TargetState::Broken(resp.status),
        401 | 403 => TargetState::Denied(resp.status),
        s => TargetState::Failed(format!("сервер ответил ошибкой HTTP {s}")),
    }
}

/// A start page that moved with `<meta http-equiv="refresh" content="0; url=…">` brings its new host into scope.
fn follow_meta_refresh(page: &Page, scope: &mut Scope, frontier: &mut Frontier) {
    let Ok(base) = Url::parse(&page.url) else {
        return;
    };
    for (name, content) in &page.meta {
        if !name.eq_ignore_ascii_case("refresh") {
            continue;
        }
        let lower = content.to_ascii_lowercase();
        let Some(pos) = lower.find("url=") else {
            continue;
        };
        let target = content[pos + 4..]
            .trim()
            .trim_matches(|c| c == '\'' || c == '"');
        if let Some(url) = urlnorm::resolve(&base, target) {
            scope.add(&url);
            frontier.offer(url, RequestKind::Page, 0, "", u32::MAX / 2);
        }
    }
}

fn enqueue_links(
    links: Links<'_>,
    depth: u32,
    scope: &Scope,
    frontier: &mut Frontier,
    checker: &Checker<'_>,
    rec: &mut CrawlRecords,
    config: &CrawlConfig,
) {
    let page = links.page;
    for (link, url) in page.links.iter().zip(links.resolved) {
        let Some(url) = url.clone() else {
            continue;
        };
        if !scope.contains(&url) {
            rec.record_external(&url);
            if let Some(kind) = urlnorm::document_kind(&url) {
                rec.record_document(&url, &link.text, kind, &page.url);
            }
            continue;
        }
        let doc_kind = urlnorm::document_kind(&url);
        let asset = urlnorm::is_asset(&url);
        if doc_kind.is_some() || asset {
            // An image can stand in for a document («Материально-техническое оснащение.jpg»):
            // it is status-checked only when a requirement waits on it.
            let wanted = checker.wants(url.as_str());
            if doc_kind.is_some() || wanted {
                rec.record_document(&url, &link.text, doc_kind.unwrap_or("image"), &page.url);
            }
            if wanted && !frontier.is_seen(&url) {
                // Documents are leaves: the depth limit that guards against endless page chains
                // does not apply to them. A requirement that judges content needs the whole file.
                let kind = if checker.wants_content(url.as_str()) {
                    RequestKind::DocumentContent
                } else {
                    RequestKind::Document
                };
                let p = priority(checker, config, &url, &link.text, depth, kind);
                frontier.offer(url, kind, depth, &link.text, p);
            }
            continue;
        }
        let p = priority(
            checker,
            config,
            &url,
            &link.text,
            depth + 1,
            RequestKind::Page,
        );
        match frontier.offer(url.clone(), RequestKind::Page, depth + 1, &link.text, p) {
            Admission::Trap(reason) => rec.skipped.add_trap(reason),
            Admission::TooDeep => rec.skipped.depth += 1,
            // The same page seen again through a more telling link moves up the queue.
            Admission::Seen => frontier.raise(&url, &link.text, p),
            Admission::Queued => {}
        }
    }
}
