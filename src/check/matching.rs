//! Matching one page against the rules: which requirements its title, headings, URL, text,
//! links, forms, frames, scripts and controls speak for.
//!
//! [`match_page`] is a pure function of the rules, the page and the crawl's scope, so it can run
//! off the crawl's coordinator. Every text of the page is folded once and scanned once per
//! matcher field for all rules ([`RuleIndex`]); each rule then only looks up its hits.

use super::evidence;
use super::link_match::with_found_on;
use super::link_memo::{match_link, LinkCandidates, LinkMemo};
use super::pagekind::{page_emptiness, Emptiness};
use crate::extract::{Control, Form, Page};
use crate::model::{Evidence, Via};
use crate::rules::{fold, Field, Hits, PageTextHits, Patterns, RuleIndex, RuleSet};
use crate::urlnorm::{self, Scope};
use url::Url;

/// What a match means for a requirement.
#[derive(Debug, Clone)]
pub enum Candidate {
    /// Evidence that passes on its own (a phrase in the text, a form, a bus.gov.ru link, …).
    Direct(Evidence),
    /// Evidence that passes if this page has content (its title, a heading, its URL).
    OnThisPage(Evidence),
    /// A statement that the thing does not exist («НОК не проводилась»): compliant as it stands.
    Absence(Evidence),
    /// A link whose target must be fetched (or status-checked) before it counts.
    Linked { target: String, evidence: Evidence },
}

/// What one page says for the rules: whether it has content, and every candidate.
#[derive(Debug, Clone)]
pub struct PageMatches {
    /// Whether the page has content of its own.
    pub emptiness: Emptiness,
    /// Every candidate, as (rule index, candidate), in rule order.
    pub candidates: Vec<(usize, Candidate)>,
}

/// Matches `page` against all `rules`; `None` when the page's URL does not parse.
pub fn match_page(rules: &RuleSet, page: &Page, scope: &Scope) -> Option<PageMatches> {
    match_page_with(rules, page, scope, None)
}

/// [`match_page`], with the links that the crawl's earlier pages matched looked up in `memo`.
pub fn match_page_with(
    rules: &RuleSet,
    page: &Page,
    scope: &Scope,
    memo: Option<&LinkMemo>,
) -> Option<PageMatches> {
    match_page_knowing(rules, page, scope, memo, page_emptiness(page))
}

/// [`match_page_with`] of a page whose emptiness is known (counting its letters is a
/// twentieth of matching it).
pub(super) fn match_page_knowing(
    rules: &RuleSet,
    page: &Page,
    scope: &Scope,
    memo: Option<&LinkMemo>,
    emptiness: Emptiness,
) -> Option<PageMatches> {
    let page_url = Url::parse(&page.url).ok()?;
    let links = match memo {
        Some(memo) => memo.candidates(rules, &page.links, &page_url, scope),
        None => (page.links.iter())
            .map(|l| match_link(rules, l, &page_url, scope))
            .collect(),
    };
    Some(PageMatches {
        emptiness,
        candidates: candidates(rules, page, &page_url, &links),
    })
}

/// A text of the page, folded, with what two fields of all rules found in it.
struct Scanned<'i, 'h> {
    hits: Hits<'i, 'h>,
    exclude: Hits<'i, 'h>,
}

impl<'i, 'h> Scanned<'i, 'h> {
    fn new(index: &'i RuleIndex, field: Field, hay: &'h str) -> Self {
        Scanned {
            hits: index.scan(field, hay),
            exclude: index.scan(Field::Exclude, hay),
        }
    }

    /// The field matches rule `idx` and its `exclude` does not.
    fn counts(&self, idx: usize) -> bool {
        self.hits.is_match(idx) && !self.exclude.is_match(idx)
    }
}

/// The page's texts, folded once.
struct Folded {
    title: String,
    headings: Vec<String>,
    main_text: String,
    all_text: String,
    own_path: String,
    forms: Vec<String>,
    iframes: Vec<String>,
    scripts: Vec<String>,
    controls: Vec<String>,
}

impl Folded {
    fn new(page: &Page, page_url: &Url) -> Self {
        let fold_all = |v: &[String]| v.iter().map(|s| fold(s).into_owned()).collect();
        let title = fold(&page.title).into_owned();
        Folded {
            headings: fold_all(&page.headings),
            main_text: fold(&page.main_text).into_owned(),
            all_text: fold(&page.text).into_owned(),
            own_path: fold(&urlnorm::decoded_path_and_query(page_url)).into_owned(),
            forms: page.forms.iter().map(|f| form_hay(f, &title)).collect(),
            iframes: fold_all(&page.iframes),
            scripts: fold_all(&page.scripts),
            controls: page.controls.iter().map(control_hay).collect(),
            title,
        }
    }
}

/// Every candidate on `page`, as (rule index, candidate).
fn candidates(
    rules: &RuleSet,
    page: &Page,
    page_url: &Url,
    links: &[LinkCandidates],
) -> Vec<(usize, Candidate)> {
    let ix = rules.index();
    let f = Folded::new(page, page_url);
    let title = Scanned::new(ix, Field::PageTitle, &f.title);
    let headings: Vec<Scanned> = f
        .headings
        .iter()
        .map(|h| Scanned::new(ix, Field::Heading, h))
        .collect();
    let own_path = Scanned::new(ix, Field::Url, &f.own_path);
    let PageTextHits {
        content: main_text,
        absence,
        anywhere: all_text,
    } = ix.scan_page_texts(&f.main_text, &f.all_text);
    // Each link's candidates are in rule order: one cursor per link walks them with the rules.
    let mut link_cursors = vec![0usize; links.len()];
    let forms: Vec<Hits> = f
        .forms
        .iter()
        .map(|h| ix.scan(Field::FormText, h))
        .collect();
    let iframes: Vec<Hits> = f
        .iframes
        .iter()
        .map(|h| ix.scan(Field::Iframe, h))
        .collect();
    let scripts: Vec<Hits> = f
        .scripts
        .iter()
        .map(|h| ix.scan(Field::Script, h))
        .collect();
    let controls: Vec<Scanned> = f
        .controls
        .iter()
        .map(|h| Scanned::new(ix, Field::Control, h))
        .collect();
    let url = page.url.as_str();
    // A news item's headline names what it is about; what it states is matched as content.
    let news = is_news_path(&f.own_path);
    let mut out = Vec::new();
    for (idx, rule) in rules.rules.iter().enumerate() {
        let m = &rule.matchers;
        let mut push = |c: Candidate| out.push((idx, c));
        if !news && !f.title.is_empty() && title.counts(idx) {
            push(Candidate::OnThisPage(evidence(
                url,
                Via::Title,
                &page.title,
            )));
        }
        if let Some(i) = headings.iter().position(|h| !news && h.counts(idx)) {
            let shown = &page.headings[i];
            push(Candidate::OnThisPage(evidence(url, Via::Heading, shown)));
        }
        if !news && own_path.counts(idx) {
            push(Candidate::OnThisPage(evidence(url, Via::Url, &f.own_path)));
        }
        let texts = [
            (&main_text, &f.main_text, &page.main_text),
            (&all_text, &f.all_text, &page.text),
        ];
        for (hits, hay, shown) in texts {
            if let Some(ev) = find_in_text(hits, idx, &m.exclude, hay, shown, url) {
                push(Candidate::Direct(ev));
            }
        }
        if let Some(ev) = find_in_text(
            &absence,
            idx,
            &m.exclude,
            &f.main_text,
            &page.main_text,
            url,
        ) {
            push(Candidate::Absence(ev));
        }
        for (link, at) in links.iter().zip(link_cursors.iter_mut()) {
            if let Some((_, c)) = link.get(*at).filter(|(i, _)| *i == idx) {
                *at += 1;
                push(with_found_on(c.clone(), url));
            }
        }
        if let Some(fm) = &m.form {
            // A questionnaire with a «Ваши предложения» box is not a form for appeals: the
            // rule's `exclude` applies to the form's text too.
            let found = (0..page.forms.len()).find(|&i| {
                has_field(fm, &page.forms[i])
                    && (fm.text.is_empty() || forms[i].is_match(idx))
                    && !m.exclude.is_match(&f.forms[i])
            });
            if let Some(form) = found.map(|i| &page.forms[i]) {
                push(Candidate::Direct(evidence(
                    url,
                    Via::Form,
                    &form_summary(form),
                )));
            }
        }
        for (hits, srcs, via) in [
            (&iframes, &page.iframes, Via::Iframe),
            (&scripts, &page.scripts, Via::Script),
        ] {
            if let Some(i) = hits.iter().position(|h| h.is_match(idx)) {
                push(Candidate::Direct(evidence(url, via, &srcs[i])));
            }
        }
        if let Some(block) = m.qa.and_then(|min| {
            page.qa_blocks
                .iter()
                .find(|b| b.pairs >= min && !m.exclude.is_match(&fold(&b.text)))
        }) {
            // `via` is a closed set in report v1: the block is text of the page.
            push(Candidate::Direct(evidence(url, Via::Content, &block.text)));
        }
        if let Some(i) = controls.iter().position(|c| c.counts(idx)) {
            let c = &page.controls[i];
            let shown = if c.text.is_empty() {
                format!("class=\"{}\"", c.class)
            } else {
                c.text.clone()
            };
            push(Candidate::Direct(evidence(url, Via::Control, &shown)));
        }
    }
    out
}

/// Hosts of legal databases: what they hold is the law and other bodies' acts.
const LEGAL_PORTALS: &[&str] = &[
    "consultant.ru",
    "garant.ru",
    "pravo.gov.ru",
    "docs.cntd.ru",
    "kodeks.ru",
    "normativ.kontur.ru",
    "sudact.ru",
];

/// True for a link to a legal database (or one of its subdomains).
pub(super) fn is_legal_portal(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("").trim_end_matches('.');
    LEGAL_PORTALS
        .iter()
        .any(|p| host == *p || host.ends_with(&format!(".{p}")))
}

/// True for a path inside a news or events section (`/news/…`, `/novosti/…`, `/sobytiya/…`).
pub(super) fn is_news_path(path: &str) -> bool {
    crate::analysis::re!(
        r"(^|/)(news|novost\w*|sobyti\w*|events?|press|anonsy?|obyavleni\w*)/[^?#]"
    )
    .is_match(path)
}

/// Finds a phrase of rule `idx` in the folded `hay` and returns it, cut from `shown` (the same
/// text unfolded: folding keeps byte offsets), with up to ~80 characters of context each side.
fn find_in_text(
    hits: &Hits,
    idx: usize,
    exclude: &Patterns,
    hay: &str,
    shown: &str,
    url: &str,
) -> Option<Evidence> {
    let source = if shown.len() == hay.len() { shown } else { hay };
    let mut found = None;
    hits.find_accepted(idx, |m| {
        if !source.is_char_boundary(m.start) || !source.is_char_boundary(m.end) {
            return false;
        }
        let window = context_window(source, m.start, m.end, 80);
        if exclude.is_match(&fold(&window)) {
            return false;
        }
        found = Some(evidence(url, Via::Content, &window));
        true
    });
    found
}

/// The text around byte range `start..end`, cut on char boundaries, `radius` chars each side.
pub fn context_window(hay: &str, start: usize, end: usize, radius: usize) -> String {
    let before: String = hay[..start]
        .chars()
        .rev()
        .take(radius)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = hay[end..].chars().take(radius).collect();
    format!("{}{}{}", before, &hay[start..end], after)
        .trim()
        .to_string()
}

fn has_field(fm: &crate::rules::FormMatcher, form: &Form) -> bool {
    fm.fields.is_empty()
        || form
            .fields
            .iter()
            .any(|f| fm.fields.iter().any(|k| k.eq_ignore_ascii_case(&f.kind)))
}

/// A form's text for `form.text` patterns: the page title, its legend and text, field labels
/// and names; folded.
fn form_hay(form: &Form, title: &str) -> String {
    let mut hay = String::from(title);
    hay.push(' ');
    hay.push_str(&form.text);
    for f in &form.fields {
        hay.push(' ');
        hay.push_str(&f.label);
        hay.push(' ');
        hay.push_str(&f.name);
    }
    fold(&hay).into_owned()
}

fn form_summary(form: &Form) -> String {
    let fields: Vec<String> = form
        .fields
        .iter()
        .take(6)
        .map(|f| {
            if f.label.is_empty() {
                f.kind.clone()
            } else {
                format!("{}: {}", f.kind, f.label)
            }
        })
        .collect();
    format!("форма ({} полей): {}", form.fields.len(), fields.join("; "))
}

fn control_hay(c: &Control) -> String {
    fold(&format!("{} {} {}", c.text, c.class, c.id)).into_owned()
}
