//! A requirement's section: a page that is a candidate for a requirement but does not state it in
//! its own words — it only lists documents («Финансово-хозяйственная деятельность» with «План
//! ФХД», the НОК section with «Скачать») — takes its verdict and its freshness from those
//! documents. The checker opens a [`Section`] for such a page; each document read settles part
//! of it; when the documents are all read (or the crawl ends) the section becomes a verdict.

use super::content::{Effect, Judged};
use crate::extract::Page;
use crate::model::{Evidence, Via};
use crate::rules::fold;
use crate::urlnorm::{self, Scope};
use url::Url;

/// Most documents of one section that are opened.
pub(super) const MAX_SECTION_DOCUMENTS: usize = 12;

/// What the checker needs of a page to judge it as a section: the words it says itself and the
/// documents it links to.
#[derive(Debug)]
pub(super) struct PageParts {
    /// `<title>` and the first heading, for `title_exclude`.
    pub title: String,
    /// Main text without headings and link texts.
    pub own_text: String,
    /// Documents on this site the page links to: (URL, link text).
    pub documents: Vec<(String, String)>,
    /// The page is a «Документы» / «Локальные акты» hub: its files are opened and classified.
    pub hub: bool,
}

/// Every link of `page` resolved against the page's URL and normalised (`None` for a link
/// that is no HTTP(S) URL, or for all when the page's URL does not parse), in `page.links`'s
/// order: what [`page_parts`] and the crawl's frontier both read.
pub fn resolve_links(page: &Page) -> Vec<Option<Url>> {
    let base = Url::parse(&page.url).ok();
    (page.links.iter())
        .map(|link| urlnorm::resolve(base.as_ref()?, &link.href))
        .collect()
}

/// Splits `page` into its own words and the documents it links to; `resolved` is
/// [`resolve_links`] of the page.
pub(super) fn page_parts(page: &Page, resolved: &[Option<Url>], scope: &Scope) -> PageParts {
    let mut documents: Vec<(String, String)> = Vec::new();
    let mut labels: Vec<&str> = page.headings.iter().map(String::as_str).collect();
    for (link, url) in page.links.iter().zip(resolved) {
        labels.push(&link.text);
        // Already normalised by `resolve_links` (and normalising is idempotent).
        let Some(url) = url else {
            continue;
        };
        if scope.contains(url)
            && urlnorm::document_kind(url).is_some()
            && documents.len() < MAX_SECTION_DOCUMENTS
            && !documents.iter().any(|(u, _)| u == url.as_str())
        {
            documents.push((url.to_string(), link.text.clone()));
        }
    }
    // Longest first, so that a heading is not cut by a shorter link text inside it.
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    let labels: Vec<&str> = labels
        .iter()
        .filter(|l| l.trim().chars().count() > 2)
        .map(|l| l.trim())
        .collect();
    let own_text = super::strip::strip_labels(&page.main_text, &labels);
    let title = match page.headings.first() {
        Some(h) if !h.trim().is_empty() => format!("{} {}", page.title, h),
        _ => page.title.clone(),
    };
    PageParts {
        hub: is_document_hub(page),
        title,
        own_text: super::strip::collapse_whitespace(&own_text),
        documents,
    }
}

/// A page whose title or first heading names a collection of documents, or the НОК section
/// (results, the plan and its reports side by side). Their files are opened even when no
/// requirement names the page: that is where «Скачать», «План мероприятий» and bare file names
/// live, and each file's own content says which requirement it is.
fn is_document_hub(page: &Page) -> bool {
    let first = page.headings.first().map(String::as_str).unwrap_or("");
    let title = page.title.split(['|', '—', '–']).next().unwrap_or("");
    let hub = crate::analysis::re!(
        r"^\W*((официальные|нормативн\w*|учредительные|основные|локальн\w*)\s+)?(документы|(нормативн\w*\s+(правовые\s+)?)?акты)\W*$"
    );
    let nok = crate::analysis::re!(
        r"^\W*(нок|(результаты\s+)?независим\w+\s+оценк\w*(\s+качества(\s+условий\s+оказания\s+услуг)?)?)\W*$"
    );
    [first, title]
        .iter()
        .any(|t| hub.is_match(&fold(t)) || nok.is_match(&fold(t)))
}

/// A page that stands for a requirement only through the documents it lists.
#[derive(Debug, Clone)]
pub(super) struct Section {
    /// The page's evidence (the link that led to it, its heading, …).
    pub evidence: Evidence,
    /// The page's URL.
    pub page: String,
    /// Documents not yet settled.
    pub waiting: Vec<(String, String)>,
    /// The best partial result among the documents settled so far.
    pub partial: Option<(Evidence, String)>,
    /// Documents settled without being read (status only, an error, unreadable).
    pub unread: usize,
    /// What the page's own content showed: the verdict if the documents are never read.
    pub fallback: Judged,
}

/// What settling one document did to a section.
pub(super) enum Step {
    /// Still waiting on other documents.
    Waiting,
    /// A document is the thing: pass with this evidence.
    Passed(Evidence),
    /// Every document was settled and none passed: partial (a stale plan) or not it.
    Done(Option<(Evidence, String)>),
}

impl Section {
    /// Settles document `url` with what its content showed (`None`: not read, or unreadable).
    pub fn settle(&mut self, url: &str, judged: Option<&Judged>) -> Step {
        let Some(pos) = self.waiting.iter().position(|(u, _)| u == url) else {
            return Step::Waiting;
        };
        let (_, link_text) = self.waiting.remove(pos);
        // Only a document that was read and recognised can speak for a section: a scan linked
        // as «Скачать» says nothing about what it is. One read and found to be something else
        // counts as read; one about which nothing could be said does not.
        match judged.filter(|j| j.finding.outcome == "text") {
            Some(j) if j.recognised => {
                let shown = j
                    .title
                    .clone()
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| doc_label(url, &link_text));
                let mut ev = super::evidence(url, Via::Document, &shown);
                ev.found_on = Some(self.page.clone());
                match &j.effect {
                    Effect::Pass => return Step::Passed(ev),
                    Effect::Partial(reason) if self.partial.is_none() => {
                        self.partial = Some((ev, reason.clone()))
                    }
                    _ => {}
                }
            }
            Some(j) if matches!(j.effect, Effect::DoesNotCount(_) | Effect::Elsewhere(_)) => {}
            _ => self.unread += 1,
        }
        if self.waiting.is_empty() {
            Step::Done(self.partial.take())
        } else {
            Step::Waiting
        }
    }
}

/// A document's link text, or its file name when the text says nothing («Скачать»).
fn doc_label(url: &str, link_text: &str) -> String {
    let name = Url::parse(url)
        .map(|u| urlnorm::file_name(&u))
        .unwrap_or_default();
    if link_text.trim().is_empty() {
        name
    } else {
        format!("{} ({name})", link_text.trim())
    }
}
