//! Checking: applies a [`RuleSet`] to the pages of a crawl and decides every requirement with
//! evidence. The crawler talks to the [`Checker`] through a narrow interface: it shows pages and
//! URL outcomes, and asks what is still undecided and how promising a link is.

mod matching;
mod pagekind;
#[cfg(test)]
mod tests;
mod verdict;

pub use pagekind::{looks_javascript_only, page_emptiness, Emptiness};
pub use verdict::{summarize, FinishContext};

use crate::extract::Page;
use crate::model::{Evidence, Via};
use crate::rules::{Rule, RuleSet};
use crate::urlnorm::Scope;
use std::collections::HashMap;
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
}

/// Most evidence items kept per requirement.
const MAX_EVIDENCE: usize = 3;

/// Decides requirements from pages and URL outcomes.
pub struct Checker<'r> {
    rules: &'r RuleSet,
    states: Vec<RuleState>,
    targets: HashMap<String, TargetState>,
}

impl<'r> Checker<'r> {
    /// A checker with every requirement undecided.
    pub fn new(rules: &'r RuleSet) -> Self {
        Checker {
            rules,
            states: vec![RuleState::default(); rules.rules.len()],
            targets: HashMap::new(),
        }
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

    /// How promising a link is: 100 per undecided requirement its text or URL matches.
    pub fn link_priority(&self, url: &Url, text: &str) -> u32 {
        let hay = matching::LinkHay::new(url, text);
        let hits = self
            .undecided()
            .filter(|rule| matching::link_matches(rule, &hay).is_some())
            .count();
        (hits as u32) * 100
    }

    /// True when an undecided requirement waits on the fetch of `url` (normalised string).
    pub fn wants(&self, url: &str) -> bool {
        !self.targets.contains_key(url)
            && self
                .states
                .iter()
                .any(|s| s.passed.is_empty() && s.pending.iter().any(|p| p.target == url))
    }

    /// Records what became of a fetched (or refused) URL and settles evidence waiting on it.
    pub fn observe_target(&mut self, url: &str, state: TargetState) {
        self.targets.insert(url.to_string(), state.clone());
        for st in &mut self.states {
            let (settled, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut st.pending)
                .into_iter()
                .partition(|p| p.target == url);
            st.pending = waiting;
            for p in settled {
                settle(st, p.evidence, &state);
            }
        }
    }

    /// Looks at one fetched HTML page: its own title/headings/URL/text and every link, form, frame,
    /// script and control on it.
    pub fn observe_page(&mut self, page: &Page, scope: &Scope) {
        let Ok(page_url) = Url::parse(&page.url) else {
            return;
        };
        let emptiness = page_emptiness(page);
        let found = matching::match_page(self.rules, page, &page_url, scope);
        for (idx, candidate) in found {
            let st = &mut self.states[idx];
            match candidate {
                matching::Candidate::Direct(ev) => push_evidence(&mut st.passed, ev),
                matching::Candidate::OnThisPage(ev) => match &emptiness {
                    Emptiness::Content => push_evidence(&mut st.passed, ev),
                    Emptiness::Empty(reason) => push_partial(st, ev, reason.clone()),
                    Emptiness::NotFound => {}
                },
                matching::Candidate::Linked { target, evidence } => {
                    match self.targets.get(&target) {
                        Some(state) => settle(st, evidence, state),
                        None => {
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
    pub fn finish(self, ctx: &FinishContext) -> Vec<crate::report::Verdict> {
        self.rules
            .rules
            .iter()
            .zip(self.states)
            .map(|(rule, st)| verdict::decide(rule, st, ctx))
            .collect()
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
