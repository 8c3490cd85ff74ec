//! Everything the checker learns from one page that does not depend on what it has seen before:
//! the page's matches, its parts (own words, documents) and its content judged for every rule
//! with a document check. [`examine_page`] is a pure function of the rules, the page, the crawl's
//! scope and the date, so the crawl runs it on a worker thread; the checker then takes the result
//! in, in the crawl's order, exactly as if it had looked at the page itself.

use super::content::{judge, Content, Judged};
use super::link_memo::LinkMemo;
use super::matching::{match_page_knowing, PageMatches};
use super::pagekind::{page_emptiness, Emptiness};
use super::sections::{page_parts, resolve_links, PageParts};
use crate::extract::Page;
use crate::rules::RuleSet;
use crate::urlnorm::Scope;
use url::Url;

/// A page's own content judged for the rules with a document check, before the checker sees it.
#[derive(Debug)]
pub struct PageJudgement {
    pub(super) parts: PageParts,
    /// The page's URL path (its «file name» for the analyses).
    pub(super) path: String,
    /// (rule index, judgement) for every rule with a document check; `None` when the page has no
    /// content of its own and nothing was judged.
    pub(super) judged: Option<Vec<(usize, Judged)>>,
}

/// What one page shows the checker (see the module doc).
pub struct PageFindings {
    /// Whether the page has content of its own.
    pub emptiness: Emptiness,
    /// The page's judged content, for [`super::Checker::judge_examined`].
    pub judgement: PageJudgement,
    /// The page's matches, for [`super::Checker::observe_matches`]; `None` when its URL does not
    /// parse.
    pub matches: Option<PageMatches>,
    /// The page's links resolved and normalised ([`super::resolve_links`]), for the frontier.
    pub links: Vec<Option<Url>>,
}

/// Examines `page` for all `rules`, judging its content as on `today`.
pub fn examine_page(
    rules: &RuleSet,
    page: &Page,
    scope: &Scope,
    today: time::Date,
) -> PageFindings {
    examine_page_with(rules, page, scope, today, None)
}

/// [`examine_page`], with the links the crawl's earlier pages matched looked up in `memo`.
pub fn examine_page_with(
    rules: &RuleSet,
    page: &Page,
    scope: &Scope,
    today: time::Date,
    memo: Option<&LinkMemo>,
) -> PageFindings {
    let emptiness = page_emptiness(page);
    let links = match memo {
        Some(memo) => memo.resolve_links(page),
        None => resolve_links(page),
    };
    PageFindings {
        judgement: judge_content_of(rules, page, &links, scope, today, &emptiness),
        matches: match_page_knowing(rules, page, scope, memo, emptiness.clone()),
        emptiness,
        links,
    }
}

/// Judges `page`'s own content (its text and tables) for every rule with a document check.
pub fn judge_page_content(
    rules: &RuleSet,
    page: &Page,
    scope: &Scope,
    today: time::Date,
) -> PageJudgement {
    let links = resolve_links(page);
    judge_content_of(rules, page, &links, scope, today, &page_emptiness(page))
}

/// [`judge_page_content`] of a page whose emptiness is known.
fn judge_content_of(
    rules: &RuleSet,
    page: &Page,
    links: &[Option<Url>],
    scope: &Scope,
    today: time::Date,
    emptiness: &Emptiness,
) -> PageJudgement {
    let parts = page_parts(page, links, scope);
    let path = Url::parse(&page.url)
        .map(|u| u.path().to_string())
        .unwrap_or_default();
    let judged = (*emptiness == Emptiness::Content).then(|| {
        let content = page_content(page, &parts, &path);
        judge_all(rules, &page.url, &content, today)
    });
    PageJudgement {
        parts,
        path,
        judged,
    }
}

/// The content of a page as the analyses read it.
pub(super) fn page_content<'a>(page: &'a Page, parts: &'a PageParts, path: &'a str) -> Content<'a> {
    Content {
        text: &page.main_text,
        tables: &page.tables,
        format: "html",
        outcome: "text",
        outcome_reason: None,
        last_modified: None,
        status: Some(200),
        link_text: Some(&page.title),
        file_name: Some(path),
        title: Some(&parts.title),
        own_text: Some(&parts.own_text),
    }
}

/// Judges `content` at `url` for every rule with a document check, in rule order.
pub(super) fn judge_all(
    rules: &RuleSet,
    url: &str,
    content: &Content<'_>,
    today: time::Date,
) -> Vec<(usize, Judged)> {
    let mut shared = crate::analysis::Shared::default();
    rules
        .rules
        .iter()
        .enumerate()
        .filter_map(|(idx, rule)| {
            let check = rule.document_check.as_ref()?;
            Some((idx, judge(check, url, content, today, &mut shared)))
        })
        .collect()
}
