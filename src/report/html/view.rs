//! The values the HTML template sees: everything pre-worded, ordered and link-checked here.

use super::wording::{
    format_duration, format_feedback, format_percent, format_timestamp, plural, problem_rank,
    severity_label, status_class, status_words,
};
use crate::model::{Evidence, Severity, Status};
use crate::report::templating::safe_href;
use crate::report::{CrawlInfo, SiteReport, Summary, Verdict};
use serde::Serialize;

/// How many evidence items are listed per requirement; the rest are only counted.
const EVIDENCE_SHOWN: usize = 3;

/// Text with an optional safe link.
#[derive(Serialize)]
struct LinkView {
    text: String,
    href: Option<String>,
}

impl LinkView {
    fn url(url: &str) -> Self {
        Self::titled(url, url)
    }

    fn titled(text: &str, url: &str) -> Self {
        LinkView {
            text: text.to_string(),
            href: safe_href(url),
        }
    }
}

/// The big line at the top.
#[derive(Serialize)]
struct VerdictView {
    #[serde(skip)]
    status: Status,
    class: &'static str,
    headline: String,
    details: Vec<String>,
}

impl VerdictView {
    fn new(report: &SiteReport) -> Self {
        let s = &report.summary;
        let missing = s.mandatory_failed + s.mandatory_partial;
        let unknown = s.mandatory_unknown;
        let undecided = || {
            format!(
                "Не удалось проверить {unknown} {}.",
                plural(
                    unknown,
                    "обязательное сведение",
                    "обязательных сведения",
                    "обязательных сведений"
                )
            )
        };
        if !report.site.reachable {
            let reason = report
                .site
                .error
                .as_deref()
                .unwrap_or("не удалось загрузить главную страницу");
            return VerdictView {
                status: Status::Unknown,
                class: "unknown",
                headline: "Проверка не завершена: сайт недоступен".to_string(),
                details: vec![format!("Причина: {reason}")],
            };
        }
        if missing > 0 {
            let noun = plural(
                missing,
                "обязательного сведения",
                "обязательных сведений",
                "обязательных сведений",
            );
            let mut details = Vec::new();
            if unknown > 0 {
                details.push(undecided());
            }
            details.extend(accepted_line(s));
            return VerdictView {
                status: Status::Fail,
                class: "fail",
                headline: format!("Сайт не соответствует: не хватает {missing} {noun}"),
                details,
            };
        }
        if unknown > 0 {
            return VerdictView {
                status: Status::Unknown,
                class: "unknown",
                headline: "Проверка не завершена: часть сведений проверить не удалось".to_string(),
                details: vec![undecided()],
            };
        }
        VerdictView {
            status: Status::Pass,
            class: "pass",
            headline: "Сайт соответствует обязательным требованиям".to_string(),
            details: accepted_line(s).into_iter().collect(),
        }
    }
}

/// «Принято замечаний: 2 — они не учитываются до указанных дат.»
fn accepted_line(s: &Summary) -> Option<String> {
    (s.mandatory_accepted > 0).then(|| {
        format!(
            "Принято замечаний: {} — до указанных дат они не учитываются в итоге.",
            s.mandatory_accepted
        )
    })
}

/// The verdict sentence and the status whose colour it takes; shared with the terminal summary.
pub(crate) fn verdict_summary(report: &SiteReport) -> (Status, String) {
    let view = VerdictView::new(report);
    (view.status, view.headline)
}

/// Counts and the two 344н scores.
#[derive(Serialize)]
struct CountsView<'a> {
    summary: &'a Summary,
    score_percent: String,
    feedback: String,
}

impl<'a> CountsView<'a> {
    fn new(report: &'a SiteReport) -> Self {
        let s = &report.summary;
        // An unreachable site scores zero everywhere; printing «0 %» would read as a measurement.
        let (score_percent, feedback) = if report.site.reachable {
            (
                format_percent(s.score_percent),
                format_feedback(s.feedback_score),
            )
        } else {
            ("не рассчитан".to_string(), "не рассчитан".to_string())
        };
        CountsView {
            summary: s,
            score_percent,
            feedback,
        }
    }
}

/// One piece of evidence.
#[derive(Serialize)]
struct EvidenceView {
    link: LinkView,
    via: &'static str,
    text: String,
    found_on: Option<LinkView>,
}

impl EvidenceView {
    fn new(evidence: &Evidence) -> Self {
        EvidenceView {
            link: LinkView::url(&evidence.url),
            via: evidence.via.label_ru(),
            text: evidence.text.clone(),
            found_on: evidence.found_on.as_deref().map(LinkView::url),
        }
    }
}

/// One requirement, with everything either list needs.
#[derive(Serialize)]
struct ItemView<'a> {
    id: &'a str,
    title: &'a str,
    class: &'static str,
    status_label: &'static str,
    status_words: &'static str,
    severity: &'static str,
    note: Option<&'a str>,
    fix: Option<&'a str>,
    what: &'a str,
    basis: &'a str,
    hint: &'a str,
    evidence: Vec<EvidenceView>,
    more_evidence: usize,
    documents: Vec<FindingView>,
    /// «принято до … (кто): причина».
    accepted: Option<String>,
    /// «не выполнено с …».
    since: Option<String>,
}

/// What a judged document showed, in words for the report.
#[derive(Serialize)]
struct FindingView {
    link: LinkView,
    format: String,
    counts: bool,
    outcome: &'static str,
    period: Option<String>,
    columns_missing: String,
    problems: Vec<String>,
    note: Option<String>,
}

impl FindingView {
    fn new(f: &crate::report::DocumentFinding) -> Self {
        FindingView {
            link: LinkView::url(&f.url),
            format: f.format.to_uppercase(),
            counts: f.counts,
            outcome: outcome_words(&f.outcome),
            period: f
                .period
                .clone()
                .or_else(|| f.year.map(|y| format!("{y} год"))),
            columns_missing: f.columns_missing.join(", "),
            problems: f.problems.clone(),
            note: f.note.clone(),
        }
    }
}

/// How reading a document went, for a reader who is not technical.
fn outcome_words(outcome: &str) -> &'static str {
    match outcome.split(':').next().unwrap_or("") {
        "text" => "текст прочитан",
        "scan" => "скан без текста",
        "encrypted" => "защищён паролем",
        "unsupported" => "формат не прочитан",
        "rejected" => "не прочитан: превышены ограничения",
        "broken" => "файл повреждён",
        _ => "",
    }
}

impl<'a> ItemView<'a> {
    fn new(v: &'a Verdict) -> Self {
        ItemView {
            id: &v.id.0,
            title: &v.title,
            class: status_class(v.status),
            status_label: v.status.label_ru(),
            status_words: status_words(v.status),
            severity: severity_label(v.severity),
            note: v.note.as_deref(),
            fix: v.fix.as_deref(),
            what: &v.what,
            basis: &v.basis,
            hint: &v.hint,
            evidence: v
                .evidence
                .iter()
                .take(EVIDENCE_SHOWN)
                .map(EvidenceView::new)
                .collect(),
            more_evidence: v.evidence.len().saturating_sub(EVIDENCE_SHOWN),
            documents: v.documents.iter().map(FindingView::new).collect(),
            accepted: v.accepted.as_ref().map(|a| a.label_ru()),
            since: v.since_ru(),
        }
    }
}

/// Problems of one severity under a heading.
#[derive(Serialize)]
struct GroupView<'a> {
    title: &'static str,
    items: Vec<ItemView<'a>>,
}

/// «Чего не хватает»: mandatory before recommended, empty groups left out.
fn missing_groups(report: &SiteReport) -> Vec<GroupView<'_>> {
    [
        (Severity::Mandatory, "Обязательные сведения"),
        (Severity::Recommended, "Рекомендуемые сведения"),
    ]
    .into_iter()
    .map(|(severity, title)| GroupView {
        title,
        items: problems(report, severity),
    })
    .filter(|g| !g.items.is_empty())
    .collect()
}

/// Problems of one severity, worst first, rule order kept within a status.
fn problems(report: &SiteReport, severity: Severity) -> Vec<ItemView<'_>> {
    let mut items: Vec<&Verdict> = report
        .requirements
        .iter()
        .filter(|v| v.severity == severity && v.status != Status::Pass)
        .collect();
    items.sort_by_key(|v| problem_rank(v.status));
    items.into_iter().map(ItemView::new).collect()
}

/// A failed fetch.
#[derive(Serialize)]
struct ErrorView<'a> {
    link: LinkView,
    status: String,
    error: &'a str,
}

/// A document link.
#[derive(Serialize)]
struct DocumentView<'a> {
    link: LinkView,
    kind: &'a str,
    status: String,
    page: LinkView,
}

/// The «О проверке» block.
#[derive(Serialize)]
struct AboutView<'a> {
    crawl: &'a CrawlInfo,
    stopped: String,
    duration: String,
    hosts: String,
    skipped_total: usize,
    errors: Vec<ErrorView<'a>>,
    documents: Vec<DocumentView<'a>>,
    ruleset: String,
    tool: String,
}

impl<'a> AboutView<'a> {
    fn new(report: &'a SiteReport) -> Self {
        let crawl = &report.crawl;
        let sk = &crawl.skipped;
        let errors = crawl.errors.iter().map(|e| ErrorView {
            link: LinkView::url(&e.url),
            status: e
                .status
                .map_or_else(|| "нет ответа".to_string(), |s| s.to_string()),
            error: &e.error,
        });
        let documents = crawl.documents.iter().map(|d| DocumentView {
            link: LinkView::titled(
                if d.text.trim().is_empty() {
                    &d.url
                } else {
                    &d.text
                },
                &d.url,
            ),
            kind: &d.kind,
            status: d
                .status
                .map_or_else(|| "не проверялся".to_string(), |s| s.to_string()),
            page: LinkView::url(&d.found_on),
        });
        let rs = &report.ruleset;
        AboutView {
            crawl,
            stopped: crate::report::stop_text_ru(crawl.stopped_because, &crawl.skipped),
            duration: format_duration(crawl.duration_ms),
            hosts: report.site.hosts.join(", "),
            skipped_total: sk.robots + sk.depth + sk.budget + sk.trap,
            errors: errors.collect(),
            documents: documents.collect(),
            ruleset: format!("{}, источник: {}", rs.label_ru(), rs.source),
            tool: format!("{} {}", report.tool.name, report.tool.version),
        }
    }
}

/// One line of the colour legend.
#[derive(Serialize)]
struct LegendView {
    class: &'static str,
    label: &'static str,
    words: &'static str,
}

/// Everything the template sees.
#[derive(Serialize)]
pub(super) struct PageView<'a> {
    site: LinkView,
    final_url: Option<LinkView>,
    generated: String,
    verdict: VerdictView,
    counts: CountsView<'a>,
    all: Vec<ItemView<'a>>,
    missing: Vec<GroupView<'a>>,
    found: Vec<ItemView<'a>>,
    about: AboutView<'a>,
    legend: Vec<LegendView>,
}

impl<'a> PageView<'a> {
    /// Prepares everything the template shows for `report`.
    pub(super) fn new(report: &'a SiteReport) -> Self {
        let site = &report.site;
        let final_url = site
            .final_url
            .as_deref()
            .filter(|f| *f != site.url)
            .map(LinkView::url);
        let statuses = [Status::Pass, Status::Partial, Status::Fail, Status::Unknown];
        PageView {
            site: LinkView::url(&site.url),
            final_url,
            generated: format_timestamp(&report.generated_at),
            verdict: VerdictView::new(report),
            counts: CountsView::new(report),
            all: report.requirements.iter().map(ItemView::new).collect(),
            missing: missing_groups(report),
            found: report
                .requirements
                .iter()
                .filter(|v| v.status == Status::Pass)
                .map(ItemView::new)
                .collect(),
            about: AboutView::new(report),
            legend: statuses
                .into_iter()
                .map(|s| LegendView {
                    class: status_class(s),
                    label: s.label_ru(),
                    words: status_words(s),
                })
                .collect(),
        }
    }
}
