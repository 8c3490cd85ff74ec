//! Checking: applies a [`RuleSet`] to the pages of a crawl and decides every requirement with
//! evidence. The crawler talks to the [`Checker`] through a narrow interface: it shows pages and
//! URL outcomes, and asks what is still undecided and how promising a link is.

#[cfg(test)]
mod confirm_tests;
mod content;
mod deferral;
mod examine;
#[cfg(test)]
mod examine_tests;
mod link_match;
mod link_memo;
mod matching;
mod pagekind;
mod promise;
mod sections;
mod strip;
#[cfg(test)]
mod tests;
mod verdict;

pub use content::{outcome_parts, Content, Effect, Judged};
pub use examine::{
    examine_page, examine_page_with, judge_page_content, PageFindings, PageJudgement,
};
pub use link_memo::LinkMemo;
pub use matching::{match_page, match_page_with, Candidate, PageMatches};
pub use pagekind::{looks_javascript_only, page_emptiness, Emptiness};
pub use sections::resolve_links;
pub use verdict::{summarize, FinishContext};

use crate::extract::Page;
use crate::model::{Evidence, Via};
use crate::rules::{Rule, RuleSet};
use crate::urlnorm::Scope;
use deferral::waits_in_section;
use sections::Section;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use url::Url;

/// What became of a URL the checker may be waiting on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetState {
    /// A page or document answered 2xx with content.
    Ok,
    /// A page answered 2xx but says nothing (or «в разработке»).
    Empty(String),
    /// 404/410 or a soft-404 page.
    Broken(u16),
    /// 401/403: behind a login.
    Denied(u16),
    /// robots.txt forbids us to fetch it.
    Blocked,
    /// Network error or 5xx after retries.
    Failed(String),
}

/// Evidence waiting on the fetch of its target (a link to a page or a document).
#[derive(Debug, Clone)]
struct Pending {
    target: String,
    evidence: Evidence,
}

/// Everything gathered for one rule.
#[derive(Debug, Clone, Default)]
struct RuleState {
    passed: Vec<Evidence>,
    partial: Vec<(Evidence, String)>,
    pending: Vec<Pending>,
    blocked: Vec<(Evidence, String)>,
    /// Evidence whose content was judged and is not what the rule asks for.
    not_it: Vec<(Evidence, String)>,
    /// What judged content showed, for the report.
    findings: Vec<crate::report::DocumentFinding>,
    /// Candidate pages that only list documents, waiting on those documents.
    sections: Vec<Section>,
}

/// Most evidence items kept per requirement.
const MAX_EVIDENCE: usize = 3;

/// Decides requirements from pages and URL outcomes.
pub struct Checker<'r> {
    rules: &'r RuleSet,
    states: Vec<RuleState>,
    targets: HashMap<String, TargetState>,
    /// Judged content per (URL, rule index), for rules with a document check.
    judged: HashMap<(String, usize), Judged>,
    /// The date documents are judged against (their year, their age).
    today: time::Date,
    /// Documents each judged page links to (URL, link text).
    page_docs: HashMap<String, Vec<(String, String)>>,
    /// (page, rule index) where the page's own words do not decide the rule: its documents do.
    deferred: HashSet<(String, usize)>,
    /// Documents of «Документы» hubs: opened and classified by their own content.
    hub_docs: HashSet<String>,
    /// Pages whose own content was judged ([`Checker::judge_page`]).
    judged_pages: HashSet<String>,
    /// What each link of the site speaks for, shared with the crawl's page work.
    link_memo: Arc<LinkMemo>,
    /// What each (URL, link text) in the frontier promises ([`Checker::link_priority`]).
    link_rules: RefCell<promise::Promises>,
}

impl<'r> Checker<'r> {
    /// A checker with every requirement undecided.
    pub fn new(rules: &'r RuleSet) -> Self {
        Checker {
            rules,
            states: vec![RuleState::default(); rules.rules.len()],
            targets: HashMap::new(),
            judged: HashMap::new(),
            today: time::OffsetDateTime::now_utc().date(),
            page_docs: HashMap::new(),
            deferred: HashSet::new(),
            hub_docs: HashSet::new(),
            judged_pages: HashSet::new(),
            link_memo: Arc::default(),
            link_rules: RefCell::default(),
        }
    }

    /// The memo of what the site's links speak for, for page work on other threads.
    pub fn link_memo(&self) -> Arc<LinkMemo> {
        Arc::clone(&self.link_memo)
    }

    /// Judges documents against `today` instead of the current date.
    pub fn with_today(mut self, today: time::Date) -> Self {
        self.today = today;
        self
    }

    /// True when an undecided requirement with a document check waits on `url`: its content must
    /// be downloaded and read, not only its status checked.
    pub fn wants_content(&self, url: &str) -> bool {
        self.rules.rules.iter().zip(&self.states).any(|(rule, s)| {
            rule.document_check.is_some()
                && s.passed.is_empty()
                && (s.pending.iter().any(|p| p.target == url) || waits_in_section(s, url))
        }) || (self.hub_docs.contains(url) && self.classifies_undecided())
    }

    /// True when an undecided rule can recognise a file by its content alone (a plan's columns,
    /// a document's own title): the files of a «Документы» hub are worth opening.
    fn classifies_undecided(&self) -> bool {
        self.rules.rules.iter().zip(&self.states).any(|(rule, s)| {
            s.passed.is_empty()
                && rule.document_check.as_ref().is_some_and(|c| {
                    c.analysis != crate::rules::DocAnalysis::None
                        || c.confirm.as_ref().is_some_and(|f| !f.title.is_empty())
                })
        })
    }

    /// Makes `from` (a URL that redirected) carry the judgement of `to` (where it ended).
    pub fn alias_content(&mut self, from: &str, to: &str) {
        let copies: Vec<((String, usize), Judged)> = self
            .judged
            .iter()
            .filter(|((u, _), _)| u == to)
            .map(|((_, idx), j)| ((from.to_string(), *idx), j.clone()))
            .collect();
        self.judged.extend(copies);
    }

    /// Judges the content at `url` for every rule with a document check; evidence pointing at
    /// `url` is then settled by what the content showed.
    pub fn observe_content(&mut self, url: &str, content: &Content<'_>) {
        let judged = examine::judge_all(self.rules, url, content, self.today);
        self.apply_content(url, content, judged);
    }

    /// Takes in content judged by [`examine::judge_all`].
    fn apply_content(&mut self, url: &str, content: &Content<'_>, judged: Vec<(usize, Judged)>) {
        for (idx, judged) in judged {
            let Some(check) = &self.rules.rules[idx].document_check else {
                continue;
            };
            let is_it = matches!(judged.effect, Effect::Pass | Effect::Partial(_));
            if is_it && speaks_for_itself(check, content, &judged) {
                // The content is the thing itself even if no link named it so: a plan table
                // inside the results file, a results table on a page titled otherwise (an old
                // plan is still a plan: partial, with the reason).
                let shown = judged
                    .title
                    .as_deref()
                    .filter(|t| content.format != "html" && !t.is_empty())
                    .or(content.link_text.filter(|t| !t.is_empty()))
                    .or(content.file_name)
                    .unwrap_or(url);
                let via = if content.format == "html" {
                    Via::Content
                } else {
                    Via::Document
                };
                apply_judged(
                    &mut self.states[idx],
                    evidence(url, via, shown),
                    judged.clone(),
                );
            }
            self.judged.insert((url.to_string(), idx), judged);
        }
    }

    /// The date documents are judged against.
    pub fn today(&self) -> time::Date {
        self.today
    }

    /// The rules.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// Requirements without a pass yet.
    pub fn undecided(&self) -> impl Iterator<Item = &'r Rule> + '_ {
        self.rules
            .rules
            .iter()
            .zip(&self.states)
            .filter(|(_, s)| s.passed.is_empty())
            .map(|(r, _)| r)
    }

    /// True when every requirement has a pass: the crawl can stop.
    pub fn all_decided(&self) -> bool {
        self.states.iter().all(|s| !s.passed.is_empty())
    }

    /// How promising a link is: 100 per undecided requirement its text or URL matches, plus 50
    /// when it leads to a section that usually lists many required items.
    pub fn link_priority(&self, url: &Url, text: &str) -> u32 {
        // The frontier asks again for every queued link each time it pops one: what a link
        // matches does not change, so it is matched once.
        let mut memo = self.link_rules.borrow_mut();
        let promise = memo.get(url, text, link_memo::MAX_LINKS, || {
            let hay = link_match::LinkHay::new(url, text);
            let scan = hay.scan(self.rules.index());
            (0..self.states.len())
                .filter(|&idx| scan.matches(idx).is_some())
                .collect()
        });
        let hits = (promise.rules.iter())
            .filter(|&&idx| self.states[idx].passed.is_empty())
            .count();
        (hits as u32) * 100 + promise.bonus
    }

    /// True when an undecided requirement waits on the fetch of `url` (normalised string).
    pub fn wants(&self, url: &str) -> bool {
        !self.targets.contains_key(url)
            && (self.states.iter().any(|s| {
                s.passed.is_empty()
                    && (s.pending.iter().any(|p| p.target == url) || waits_in_section(s, url))
            }) || (self.hub_docs.contains(url) && self.classifies_undecided()))
    }

    /// Records what became of a fetched (or refused) URL and settles evidence waiting on it.
    pub fn observe_target(&mut self, url: &str, state: TargetState) {
        self.targets.insert(url.to_string(), state.clone());
        for idx in 0..self.states.len() {
            let (settled, waiting): (Vec<_>, Vec<_>) =
                std::mem::take(&mut self.states[idx].pending)
                    .into_iter()
                    .partition(|p| p.target == url);
            self.states[idx].pending = waiting;
            for p in settled {
                self.settle(idx, p.target.as_str(), p.evidence, &state);
            }
            self.settle_section_document(idx, url, &state);
        }
    }

    /// Settles one piece of evidence by what became of its target (and, for rules with a
    /// document check, by what the target's content showed).
    fn settle(&mut self, idx: usize, target: &str, evidence: Evidence, state: &TargetState) {
        let key = (target.to_string(), idx);
        let judged = match state {
            TargetState::Ok => self.judged.get(&key).cloned(),
            _ => None,
        };
        if let Some(j) = judged.as_ref().filter(|_| self.deferred.contains(&key)) {
            self.open_section(idx, target, evidence, j.clone());
            return;
        }
        let st = &mut self.states[idx];
        match judged {
            Some(j) => apply_judged(st, evidence, j),
            None => settle(st, evidence, state),
        }
    }

    /// Looks at one fetched HTML page: its own title/headings/URL/text and every link, form, frame,
    /// script and control on it.
    pub fn observe_page(&mut self, page: &Page, scope: &Scope) {
        let memo = Arc::clone(&self.link_memo);
        if let Some(found) = match_page_with(self.rules, page, scope, Some(&memo)) {
            self.observe_matches(page, scope, found);
        }
    }

    /// Takes in what [`match_page`] found on `page` (which may have run on another thread).
    pub fn observe_matches(&mut self, page: &Page, scope: &Scope, found: PageMatches) {
        let emptiness = found.emptiness;
        if !self.judged_pages.contains(&page.url) {
            self.judge_page(page, scope);
        }
        for (idx, candidate) in found.candidates {
            match candidate {
                // A phrase on a page that was judged for this rule stands or falls with the page
                // («План ФХД на 2024 год» is the financial plan, but not this year's).
                matching::Candidate::Direct(ev) if ev.via == Via::Content => {
                    let state = TargetState::Ok;
                    self.settle(idx, &page.url, ev, &state);
                }
                matching::Candidate::Direct(ev) | matching::Candidate::Absence(ev) => {
                    push_evidence(&mut self.states[idx].passed, ev)
                }
                matching::Candidate::OnThisPage(ev) => match &emptiness {
                    Emptiness::Content => {
                        let state = TargetState::Ok;
                        self.settle(idx, &page.url, ev, &state);
                    }
                    Emptiness::Empty(reason) => {
                        push_partial(&mut self.states[idx], ev, reason.clone())
                    }
                    Emptiness::NotFound => {}
                },
                matching::Candidate::Linked { target, evidence } => {
                    match self.targets.get(&target).cloned() {
                        Some(state) => self.settle(idx, &target, evidence, &state),
                        None => {
                            let st = &mut self.states[idx];
                            if !st.pending.iter().any(|p| p.target == target)
                                && st.pending.len() < 20
                            {
                                st.pending.push(Pending { target, evidence });
                            }
                        }
                    }
                }
            }
        }
    }

    /// Ends the check: one verdict per rule, in rule order.
    pub fn finish(mut self, ctx: &FinishContext) -> Vec<crate::report::Verdict> {
        self.close_open_sections();
        self.rules
            .rules
            .iter()
            .zip(self.states)
            .map(|(rule, st)| verdict::decide(rule, st, ctx))
            .collect()
    }
}

/// Only content that was actually read and whose structure was recognised (a plan's columns,
/// results' scores), or a document whose own title says what it is (`[rule.confirm] title`): a
/// check without either (the financial plan: a year and phrases) would take any document of the
/// right year for the thing, and a scan says nothing about what it is.
fn speaks_for_itself(
    check: &crate::rules::DocumentCheck,
    content: &Content<'_>,
    judged: &Judged,
) -> bool {
    content.outcome == "text"
        && (!matches!(check.analysis, crate::rules::DocAnalysis::None)
            || (content.format != "html" && judged.title_confirmed))
}

fn push_finding(st: &mut RuleState, finding: crate::report::DocumentFinding) {
    if st.findings.len() < MAX_EVIDENCE * 2 && !st.findings.iter().any(|f| f.url == finding.url) {
        st.findings.push(finding);
    }
}

/// Evidence whose target's content was judged.
fn apply_judged(st: &mut RuleState, evidence: Evidence, judged: Judged) {
    push_finding(st, judged.finding);
    match judged.effect {
        Effect::Pass => push_evidence(&mut st.passed, evidence),
        Effect::Partial(reason) => push_partial(st, evidence, reason),
        Effect::Elsewhere(_) => {}
        Effect::DoesNotCount(reason) => {
            if st.not_it.len() < MAX_EVIDENCE
                && !st.not_it.iter().any(|(e, _)| e.url == evidence.url)
            {
                st.not_it.push((evidence, reason));
            }
        }
    }
}

fn settle(st: &mut RuleState, evidence: Evidence, state: &TargetState) {
    match state {
        TargetState::Ok => push_evidence(&mut st.passed, evidence),
        TargetState::Empty(reason) => push_partial(st, evidence, reason.clone()),
        TargetState::Broken(code) => {
            push_partial(st, evidence, format!("ссылка ведёт на несуществующую страницу (ответ сервера {code})"))
        }
        TargetState::Denied(code) => push_partial(
            st,
            evidence,
            format!("доступ к материалу закрыт (ответ сервера {code}); сведения должны быть доступны без регистрации"),
        ),
        TargetState::Blocked => {
            if st.blocked.len() < MAX_EVIDENCE {
                st.blocked.push((evidence, "страница закрыта для проверки файлом robots.txt".into()))
            }
        }
        TargetState::Failed(reason) => {
            if st.blocked.len() < MAX_EVIDENCE {
                st.blocked.push((evidence, format!("страницу не удалось загрузить: {reason}")))
            }
        }
    }
}

fn push_evidence(list: &mut Vec<Evidence>, ev: Evidence) {
    if list.len() < MAX_EVIDENCE && !list.iter().any(|e| e.url == ev.url && e.text == ev.text) {
        list.push(ev);
    }
}

fn push_partial(st: &mut RuleState, ev: Evidence, reason: String) {
    if st.partial.len() < MAX_EVIDENCE && !st.partial.iter().any(|(e, _)| e.url == ev.url) {
        st.partial.push((ev, reason));
    }
}

/// Evidence helper: clips text to the report limit.
fn evidence(url: &str, via: Via, text: &str) -> Evidence {
    Evidence {
        url: url.to_string(),
        via,
        text: crate::model::clip_text(text, crate::model::EVIDENCE_TEXT_MAX),
        found_on: None,
    }
}
