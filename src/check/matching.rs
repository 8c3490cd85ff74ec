//! Matching one page against the rules: which requirements its title, headings, URL, text,
//! links, forms, frames, scripts and controls speak for.

use super::evidence;
use crate::extract::{Control, Form, Link, Page};
use crate::model::{Evidence, Via};
use crate::rules::{fold, Matchers, Patterns, Rule, RuleSet};
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

/// A link prepared for matching: folded text, decoded path, file name.
pub struct LinkHay {
    text: String,
    path: String,
    file_name: String,
    is_document: bool,
    shown_text: String,
    shown_path: String,
    shown_file_name: String,
}

impl LinkHay {
    /// Prepares `url` with link text `text`.
    pub fn new(url: &Url, text: &str) -> Self {
        let shown_path = urlnorm::decoded_path_and_query(url);
        let shown_file_name = urlnorm::file_name(url);
        LinkHay {
            text: fold(text).into_owned(),
            path: fold(&shown_path).into_owned(),
            file_name: fold(&shown_file_name).into_owned(),
            is_document: urlnorm::document_kind(url).is_some(),
            shown_text: text.to_string(),
            shown_path,
            shown_file_name,
        }
    }
}

/// Whether a link's text, URL or file name matches `rule`, and how.
pub fn link_matches(rule: &Rule, hay: &LinkHay) -> Option<(Via, String)> {
    let m = &rule.matchers;
    if !hay.text.is_empty() && m.exclude.is_match(&hay.text) {
        return None;
    }
    let via_text = if hay.is_document {
        Via::Document
    } else {
        Via::LinkText
    };
    if !hay.text.is_empty() && m.link.is_match(&hay.text) {
        return Some((via_text, hay.shown_text.clone()));
    }
    if hay.is_document
        && (m.document.is_match(&hay.text)
            || m.document.is_match(&hay.file_name)
            || m.link.is_match(&hay.file_name))
    {
        let shown = if hay.text.is_empty() {
            hay.shown_file_name.clone()
        } else {
            format!("{} ({})", hay.shown_text, hay.shown_file_name)
        };
        return Some((Via::Document, shown));
    }
    if m.url.is_match(&hay.path) && !m.exclude.is_match(&hay.path) {
        let via = if hay.is_document {
            Via::Document
        } else {
            Via::Url
        };
        let shown = if hay.text.is_empty() {
            hay.shown_path.clone()
        } else {
            format!("{} ({})", hay.shown_text, hay.shown_path)
        };
        return Some((via, shown));
    }
    None
}

/// Every candidate on `page`, as (rule index, candidate).
pub fn match_page(
    rules: &RuleSet,
    page: &Page,
    page_url: &Url,
    scope: &Scope,
) -> Vec<(usize, Candidate)> {
    let mut out = Vec::new();
    let title = fold(&page.title).into_owned();
    let headings: Vec<String> = page.headings.iter().map(|h| fold(h).into_owned()).collect();
    let main_text = fold(&page.main_text).into_owned();
    let all_text = fold(&page.text).into_owned();
    let own_path = fold(&urlnorm::decoded_path_and_query(page_url)).into_owned();
    let links: Vec<PreparedLink> = page
        .links
        .iter()
        .filter_map(|l| PreparedLink::new(l, page_url, scope))
        .collect();
    for (idx, rule) in rules.rules.iter().enumerate() {
        let m = &rule.matchers;
        let mut push = |c: Candidate| out.push((idx, c));
        match_own(m, page, &title, &headings, &own_path)
            .into_iter()
            .for_each(&mut push);
        let texts = [
            (&m.content, &main_text, &page.main_text),
            (anywhere(m), &all_text, &page.text),
        ];
        for (patterns, hay, shown) in texts {
            if let Some(ev) = find_in_text(patterns, &m.exclude, hay, shown, &page.url) {
                push(Candidate::Direct(ev));
            }
        }
        if let Some(ev) = find_in_text(
            &m.absence,
            &m.exclude,
            &main_text,
            &page.main_text,
            &page.url,
        ) {
            push(Candidate::Absence(ev));
        }
        for link in &links {
            if let Some(c) = link.candidate(rule, &page.url) {
                push(c);
            }
        }
        if let Some(form) = m.form.as_ref().and_then(|fm| {
            page.forms
                .iter()
                .find(|f| form_matches(fm, f, &title, &m.exclude))
        }) {
            push(Candidate::Direct(evidence(
                &page.url,
                Via::Form,
                &form_summary(form),
            )));
        }
        for (patterns, srcs, via) in [
            (&m.iframe, &page.iframes, Via::Iframe),
            (&m.script, &page.scripts, Via::Script),
        ] {
            if let Some(src) = srcs.iter().find(|s| patterns.is_match(&fold(s))) {
                push(Candidate::Direct(evidence(&page.url, via, src)));
            }
        }
        if let Some(block) = m.qa.and_then(|min| {
            page.qa_blocks
                .iter()
                .find(|b| b.pairs >= min && !m.exclude.is_match(&fold(&b.text)))
        }) {
            // `via` is a closed set in report v1: the block is text of the page.
            push(Candidate::Direct(evidence(
                &page.url,
                Via::Content,
                &block.text,
            )));
        }
        if let Some(c) = page
            .controls
            .iter()
            .find(|c| control_matches(&m.control, &m.exclude, c))
        {
            let shown = if c.text.is_empty() {
                format!("class=\"{}\"", c.class)
            } else {
                c.text.clone()
            };
            push(Candidate::Direct(evidence(&page.url, Via::Control, &shown)));
        }
    }
    out
}

/// The `content_anywhere` patterns (phrases anywhere, header and footer included).
fn anywhere(m: &Matchers) -> &Patterns {
    &m.content_anywhere
}

fn match_own(
    m: &Matchers,
    page: &Page,
    title: &str,
    headings: &[String],
    path: &str,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    // A news item's headline names what it is about; what it states is matched as content.
    if is_news_path(path) {
        return out;
    }
    let url = page.url.as_str();
    if !title.is_empty() && m.page_title.is_match(title) && !m.exclude.is_match(title) {
        out.push(Candidate::OnThisPage(evidence(
            url,
            Via::Title,
            &page.title,
        )));
    }
    if let Some(i) = headings
        .iter()
        .position(|h| m.heading.is_match(h) && !m.exclude.is_match(h))
    {
        out.push(Candidate::OnThisPage(evidence(
            url,
            Via::Heading,
            &page.headings[i],
        )));
    }
    if m.url.is_match(path) && !m.exclude.is_match(path) {
        out.push(Candidate::OnThisPage(evidence(url, Via::Url, path)));
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
fn is_legal_portal(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("").trim_end_matches('.');
    LEGAL_PORTALS
        .iter()
        .any(|p| host == *p || host.ends_with(&format!(".{p}")))
}

/// True for a path inside a news or events section (`/news/…`, `/novosti/…`, `/sobytiya/…`).
fn is_news_path(path: &str) -> bool {
    crate::analysis::re!(
        r"(^|/)(news|novost\w*|sobyti\w*|events?|press|anonsy?|obyavleni\w*)/[^?#]"
    )
    .is_match(path)
}

/// Finds a phrase in the folded `hay` and returns it, cut from `shown` (the same text unfolded:
/// folding keeps byte offsets), with up to ~80 characters of context on each side.
fn find_in_text(
    patterns: &Patterns,
    exclude: &Patterns,
    hay: &str,
    shown: &str,
    url: &str,
) -> Option<Evidence> {
    let source = if shown.len() == hay.len() { shown } else { hay };
    for re in &patterns.0 {
        for m in re.find_iter(hay) {
            if !source.is_char_boundary(m.start()) || !source.is_char_boundary(m.end()) {
                continue;
            }
            let window = context_window(source, m.start(), m.end(), 80);
            if !exclude.is_match(&fold(&window)) {
                return Some(evidence(url, Via::Content, &window));
            }
        }
    }
    None
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

/// A form with the rule's fields whose text (with the page title) matches and is not excluded
/// (a questionnaire with a «Ваши предложения» box is not a form for appeals).
fn form_matches(
    fm: &crate::rules::FormMatcher,
    form: &Form,
    title: &str,
    exclude: &Patterns,
) -> bool {
    let has_field = fm.fields.is_empty()
        || form
            .fields
            .iter()
            .any(|f| fm.fields.iter().any(|k| k.eq_ignore_ascii_case(&f.kind)));
    if !has_field {
        return false;
    }
    let mut hay = String::from(title);
    hay.push(' ');
    hay.push_str(&form.text);
    for f in &form.fields {
        hay.push(' ');
        hay.push_str(&f.label);
        hay.push(' ');
        hay.push_str(&f.name);
    }
    let hay = fold(&hay);
    (fm.text.is_empty() || fm.text.is_match(&hay)) && !exclude.is_match(&hay)
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

fn control_matches(patterns: &Patterns, exclude: &Patterns, c: &Control) -> bool {
    let hay = fold(&format!("{} {} {}", c.text, c.class, c.id)).into_owned();
    patterns.is_match(&hay) && !exclude.is_match(&hay)
}

/// A link resolved once per page, shared by all rules.
struct PreparedLink {
    raw_href: String,
    url: Option<Url>,
    internal: bool,
    hay: Option<LinkHay>,
    text: String,
}

impl PreparedLink {
    fn new(link: &Link, page_url: &Url, scope: &Scope) -> Option<Self> {
        let raw = link.href.trim();
        let lower = raw.to_ascii_lowercase();
        if lower.starts_with("mailto:") || lower.starts_with("tel:") {
            return Some(PreparedLink {
                raw_href: raw.to_string(),
                url: None,
                internal: false,
                hay: None,
                text: link.text.clone(),
            });
        }
        let url = urlnorm::resolve(page_url, raw)?;
        let url = urlnorm::unwrap_redirector(&url)
            .and_then(urlnorm::normalize)
            .unwrap_or(url);
        let internal = scope.contains(&url);
        let hay = Some(LinkHay::new(&url, &link.text));
        Some(PreparedLink {
            raw_href: url.to_string(),
            url: Some(url),
            internal,
            hay,
            text: link.text.clone(),
        })
    }

    fn candidate(&self, rule: &Rule, page_url: &str) -> Option<Candidate> {
        let mut c = self.candidate_on_page(rule)?;
        match &mut c {
            Candidate::Direct(ev)
            | Candidate::Absence(ev)
            | Candidate::OnThisPage(ev)
            | Candidate::Linked { evidence: ev, .. } => ev.found_on = Some(page_url.to_string()),
        }
        Some(c)
    }

    fn candidate_on_page(&self, rule: &Rule) -> Option<Candidate> {
        let m = &rule.matchers;
        let shown = if self.text.is_empty() {
            self.raw_href.clone()
        } else {
            self.text.clone()
        };
        if !self.internal
            && m.external.is_match(&fold(&self.raw_href))
            && !m.exclude.is_match(&fold(&self.raw_href))
        {
            return Some(Candidate::Direct(evidence(
                &self.raw_href,
                Via::ExternalLink,
                &shown,
            )));
        }
        let (url, hay) = (self.url.as_ref()?, self.hay.as_ref()?);
        if !self.internal && is_legal_portal(url) {
            // The law itself or another body's act on a legal database is not the site's own
            // document, whatever the link says («Приказ Минтруда 886н», «Правила … (Консультант)»).
            return None;
        }
        let (via, text) = link_matches(rule, hay)?;
        if via != Via::Document && is_news_path(&hay.path) {
            // A news item («/news/novye-tarify/», «Коллективный договор: начата подготовка
            // проекта») is about a section, not the section: its slug or headline shares words
            // with it. What the item says or attaches is matched when it is crawled.
            return None;
        }
        if self.internal {
            Some(Candidate::Linked {
                target: url.to_string(),
                evidence: evidence(url.as_str(), via, &text),
            })
        } else {
            Some(Candidate::Direct(evidence(
                url.as_str(),
                Via::ExternalLink,
                &text,
            )))
        }
    }
}
