//! Matching the links of a page: each link is prepared and scanned once for all rules.

use super::evidence;
use super::matching::{is_legal_portal, is_news_path, Candidate};
use crate::extract::Link;
use crate::model::Via;
use crate::rules::{fold, Field, Hits, RuleIndex};
use crate::urlnorm::{self, Scope};
use url::Url;

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

    /// Scans the link's text, file name and path once for all rules.
    pub fn scan<'i>(&self, index: &'i RuleIndex) -> LinkScan<'i, '_> {
        LinkScan {
            text_link: index.scan(Field::Link, &self.text),
            text_exclude: index.scan(Field::Exclude, &self.text),
            text_document: index.scan(Field::Document, &self.text),
            file_link: index.scan(Field::Link, &self.file_name),
            file_document: index.scan(Field::Document, &self.file_name),
            path_url: index.scan(Field::Url, &self.path),
            path_exclude: index.scan(Field::Exclude, &self.path),
            hay: self,
        }
    }
}

/// What the patterns of all rules found in one link.
pub struct LinkScan<'i, 'h> {
    hay: &'h LinkHay,
    text_link: Hits<'i, 'h>,
    text_exclude: Hits<'i, 'h>,
    text_document: Hits<'i, 'h>,
    file_link: Hits<'i, 'h>,
    file_document: Hits<'i, 'h>,
    path_url: Hits<'i, 'h>,
    path_exclude: Hits<'i, 'h>,
}

impl LinkScan<'_, '_> {
    /// Whether the link's text, URL or file name matches rule `idx`, and how.
    pub fn matches(&self, idx: usize) -> Option<(Via, String)> {
        let hay = self.hay;
        if !hay.text.is_empty() && self.text_exclude.is_match(idx) {
            return None;
        }
        let via_text = if hay.is_document {
            Via::Document
        } else {
            Via::LinkText
        };
        if !hay.text.is_empty() && self.text_link.is_match(idx) {
            return Some((via_text, hay.shown_text.clone()));
        }
        if hay.is_document
            && (self.text_document.is_match(idx)
                || self.file_document.is_match(idx)
                || self.file_link.is_match(idx))
        {
            let shown = if hay.text.is_empty() {
                hay.shown_file_name.clone()
            } else {
                format!("{} ({})", hay.shown_text, hay.shown_file_name)
            };
            return Some((Via::Document, shown));
        }
        if self.path_url.is_match(idx) && !self.path_exclude.is_match(idx) {
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
}

/// A link resolved once per page, shared by all rules.
pub struct PreparedLink {
    raw_href: String,
    folded_href: String,
    url: Option<Url>,
    internal: bool,
    hay: Option<LinkHay>,
    text: String,
}

/// A prepared link's scans for all rules.
pub struct PreparedScan<'i, 'h> {
    link: &'h PreparedLink,
    external: Option<(Hits<'i, 'h>, Hits<'i, 'h>)>,
    hay: Option<LinkScan<'i, 'h>>,
}

impl PreparedLink {
    /// Resolves `link` on `page_url`; `None` for what cannot be a link.
    pub fn new(link: &Link, page_url: &Url, scope: &Scope) -> Option<Self> {
        let raw = link.href.trim();
        let lower = raw.to_ascii_lowercase();
        if lower.starts_with("mailto:") || lower.starts_with("tel:") {
            return Some(PreparedLink {
                raw_href: raw.to_string(),
                folded_href: fold(raw).into_owned(),
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
            folded_href: fold(url.as_str()).into_owned(),
            url: Some(url),
            internal,
            hay,
            text: link.text.clone(),
        })
    }

    /// Scans the link once for all rules.
    pub fn scan<'i>(&self, index: &'i RuleIndex) -> PreparedScan<'i, '_> {
        let external = (!self.internal).then(|| {
            (
                index.scan(Field::External, &self.folded_href),
                index.scan(Field::Exclude, &self.folded_href),
            )
        });
        PreparedScan {
            link: self,
            external,
            hay: self.hay.as_ref().map(|h| h.scan(index)),
        }
    }
}

impl PreparedScan<'_, '_> {
    /// The link as evidence for rule `idx`, before the page it was found on is added
    /// ([`with_found_on`]).
    pub fn candidate_on_page(&self, idx: usize) -> Option<Candidate> {
        let link = self.link;
        let shown = if link.text.is_empty() {
            link.raw_href.clone()
        } else {
            link.text.clone()
        };
        if let Some((external, exclude)) = &self.external {
            if external.is_match(idx) && !exclude.is_match(idx) {
                return Some(Candidate::Direct(evidence(
                    &link.raw_href,
                    Via::ExternalLink,
                    &shown,
                )));
            }
        }
        let (url, scan) = (link.url.as_ref()?, self.hay.as_ref()?);
        if !link.internal && is_legal_portal(url) {
            // The law itself or another body's act on a legal database is not the site's own
            // document, whatever the link says («Приказ Минтруда 886н», «Правила … (Консультант)»).
            return None;
        }
        let (via, text) = scan.matches(idx)?;
        if via != Via::Document && is_news_path(&scan.hay.path) {
            // A news item («/news/novye-tarify/», «Коллективный договор: начата подготовка
            // проекта») is about a section, not the section: its slug or headline shares words
            // with it. What the item says or attaches is matched when it is crawled.
            return None;
        }
        if link.internal {
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

/// A link's candidate as found on the page at `page_url`.
pub fn with_found_on(mut c: Candidate, page_url: &str) -> Candidate {
    match &mut c {
        Candidate::Direct(ev)
        | Candidate::Absence(ev)
        | Candidate::OnThisPage(ev)
        | Candidate::Linked { evidence: ev, .. } => ev.found_on = Some(page_url.to_string()),
    }
    c
}
