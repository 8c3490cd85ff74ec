//! How sections open and settle: a page is judged and split into its own words and its files; a
//! candidate page that only lists documents waits on them (see
//! [`super::sections`]); each document read settles part of it, and what is left when the crawl
//! ends falls back to the page's own content.

use super::content::{Effect, Judged};
use super::examine::{judge_page_content, page_content, PageJudgement};
use super::sections::{Section, Step};
use super::{
    apply_judged, push_finding, push_partial, Checker, RuleState, TargetState, MAX_EVIDENCE,
};
use crate::extract::Page;
use crate::model::Evidence;
use crate::urlnorm::Scope;

impl Checker<'_> {
    /// Judges a page's own content (its text and tables) for rules with a document check. The
    /// crawler calls it before settling the links that point at the page.
    pub fn judge_page(&mut self, page: &Page, scope: &Scope) {
        let judgement = judge_page_content(self.rules, page, scope, self.today);
        self.judge_examined(page, judgement);
    }

    /// Takes in a page's content judged by [`judge_page_content`] (which may have run on
    /// another thread), as [`Checker::judge_page`] would have judged it.
    pub fn judge_examined(&mut self, page: &Page, judgement: PageJudgement) {
        self.judged_pages.insert(page.url.clone());
        let PageJudgement {
            parts,
            path,
            judged,
        } = judgement;
        if parts.hub {
            self.hub_docs
                .extend(parts.documents.iter().map(|(u, _)| u.clone()));
        }
        let Some(judged) = judged else {
            return;
        };
        let content = page_content(page, &parts, &path);
        self.apply_content(&page.url, &content, judged);
        if parts.documents.is_empty() {
            return;
        }
        for (idx, rule) in self.rules.rules.iter().enumerate() {
            let (Some(check), Some(judged)) = (
                &rule.document_check,
                self.judged.get(&(page.url.clone(), idx)),
            ) else {
                continue;
            };
            if !decides_itself(check, judged) {
                self.deferred.insert((page.url.clone(), idx));
            }
        }
        self.page_docs.insert(page.url.clone(), parts.documents);
    }

    /// Settles document `url` in the open sections of rule `idx` by what its content showed.
    pub(super) fn settle_section_document(&mut self, idx: usize, url: &str, state: &TargetState) {
        let st = &mut self.states[idx];
        if st.sections.is_empty() {
            return;
        }
        let judged = match state {
            TargetState::Ok => self.judged.get(&(url.to_string(), idx)),
            _ => None,
        };
        let in_section = st
            .sections
            .iter()
            .any(|sec| sec.waiting.iter().any(|(u, _)| u == url));
        if let Some(j) = judged.filter(|_| in_section) {
            if matches!(j.effect, Effect::Partial(_)) {
                push_finding(st, j.finding.clone());
            }
        }
        let mut i = 0;
        while i < st.sections.len() {
            let step = st.sections[i].settle(url, judged);
            match step {
                Step::Waiting => i += 1,
                Step::Passed(ev) => {
                    st.sections.remove(i);
                    if let Some(j) = judged {
                        apply_judged(st, ev, j.clone());
                    }
                }
                Step::Done(result) => {
                    let section = st.sections.remove(i);
                    close_section(st, section, result);
                }
            }
        }
    }

    /// Opens a section for rule `idx`: `evidence` points at `page`, whose documents decide.
    pub(super) fn open_section(
        &mut self,
        idx: usize,
        page: &str,
        evidence: Evidence,
        fallback: Judged,
    ) {
        let st = &mut self.states[idx];
        if st.sections.iter().any(|s| s.page == page) {
            return;
        }
        let docs = self.page_docs.get(page).cloned().unwrap_or_default();
        st.sections.push(Section {
            evidence,
            page: page.to_string(),
            waiting: docs.clone(),
            partial: None,
            unread: 0,
            fallback,
        });
        // Documents fetched before the section opened settle it at once.
        for (doc, _) in docs {
            if let Some(state) = self.targets.get(&doc).cloned() {
                self.settle_section_document(idx, &doc, &state);
            }
        }
    }

    /// Closes every section still open: what was read, else the page's own content.
    pub(super) fn close_open_sections(&mut self) {
        for st in &mut self.states {
            for section in std::mem::take(&mut st.sections) {
                let partial = section.partial.clone();
                close_section(st, section, partial);
            }
        }
    }
}

/// True when a section of `st` waits on document `url`.
pub(super) fn waits_in_section(st: &RuleState, url: &str) -> bool {
    st.sections
        .iter()
        .any(|sec| sec.waiting.iter().any(|(u, _)| u == url))
}

/// Whether a page's own content decides a rule, without the documents it lists: it is the
/// thing (and, when the rule asks for a year or an age, says which), or it is partly.
fn decides_itself(check: &crate::rules::DocumentCheck, judged: &Judged) -> bool {
    let dated =
        !check.current_year && check.max_age_days.is_none() || judged.finding.year.is_some();
    match judged.effect {
        Effect::Pass => dated,
        Effect::Partial(_) | Effect::Elsewhere(_) => true,
        Effect::DoesNotCount(_) => false,
    }
}

/// Turns a section whose documents are settled (or never will be) into evidence: a document
/// that partly meets the rule; else, when every document was read and none is the thing, the
/// page does not count; else the page's own content decides, as if it listed nothing.
fn close_section(st: &mut RuleState, section: Section, partial: Option<(Evidence, String)>) {
    if let Some((ev, reason)) = partial {
        push_partial(st, ev, reason);
        return;
    }
    // A page recognised as the thing but naming no year (results without a date) stays what it
    // is; a page that only carries the section's name is judged by its files alone.
    let all_read = section.unread == 0 && section.waiting.is_empty();
    let own = match &section.fallback.effect {
        Effect::DoesNotCount(reason) => Some(format!("{reason}; ")),
        _ if !section.fallback.recognised => Some(String::new()),
        _ => None,
    };
    if let (Some(own), true) = (own, all_read) {
        let reason = format!(
            "{own}ни один из документов раздела не подтверждает требование по своему содержанию"
        );
        if st.not_it.len() < MAX_EVIDENCE {
            st.not_it.push((section.evidence, reason));
        }
        return;
    }
    apply_judged(st, section.evidence, section.fallback);
}
