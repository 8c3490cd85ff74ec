//! Applying a rule's `[rule.document_check]` to one document or page: is it the thing the rule
//! asks for, is it for the right year, is it fresh, can a citizen read it. The semantics are
//! documented in `docs/rules.md` («Document checks»).

use super::access::{access_problems, login_wall};
use super::dates::{document_year, find_dates, DateKind};
use super::dates::{YearBasis, YearSpan};
use super::freshness::{freshness, DocTime, Freshness};
use super::head;
use super::nok::{analyze_nok_normalized, NokAnalysis};
use super::plan::{analyze_plan_normalized, PlanAnalysis, PlanForm};
use crate::rules::{fold, DocAnalysis, DocumentCheck, PLAN_FORM_COLUMNS};
use serde::Serialize;
use time::Date;

/// One document (or page) to judge. `format` and `outcome` are the names `documents` gives
/// (`pdf`, `html`, …; `text`, `scan`, …); an HTML page is `format = "html"`, `outcome = "text"`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocInput<'a> {
    /// Extracted text (for a page: its text).
    pub text: &'a str,
    /// Extracted tables (for a page: [`super::html_tables`]).
    pub tables: &'a [Vec<Vec<String>>],
    /// File name or URL path (percent-encoded is fine).
    pub file_name: Option<&'a str>,
    /// Text of the link that led to it.
    pub link_text: Option<&'a str>,
    /// `Last-Modified` header or the file's metadata date.
    pub last_modified: Option<&'a str>,
    /// Format name (`pdf`, `docx`, `html`, an extension such as `jpg`).
    pub format: &'a str,
    /// Extraction outcome (`text`, `scan`, `encrypted`, `broken`, `unsupported`, `rejected`).
    pub outcome: &'a str,
    /// HTTP status, when known.
    pub status: Option<u16>,
    /// A document's metadata title; a page's title and first heading.
    pub title: Option<&'a str>,
    /// A page's own words: its main text without its headings and link texts (`None`: `text`).
    pub own_text: Option<&'a str>,
}

/// The judgement on one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocVerdict {
    /// The content is what the rule asks for (or could not be read and is given the benefit of
    /// the doubt). `false`: the document is not evidence for the rule; `partial_reasons` says why.
    pub ok: bool,
    /// Why the requirement is only partly met through this document (Russian), or, when `ok` is
    /// false, why the document does not count.
    pub partial_reasons: Vec<String>,
    /// The (first) year the document is for.
    pub year: Option<i32>,
    /// All the years it is for and how they were written.
    pub years: Option<YearSpan>,
    /// Plan columns not found (plan analyses only).
    pub columns_missing: Vec<String>,
    /// Extra information for the report, e.g. «план найден внутри файла результатов НОК».
    pub note: Option<String>,
    /// The plan analysis, when it ran and found a plan.
    pub plan: Option<PlanAnalysis>,
    /// The НОК results analysis, when it ran and found results.
    pub nok: Option<NokAnalysis>,
    /// A document's own title (its first title line, or its metadata title).
    pub title: Option<String>,
    /// The own title matches `[rule.confirm] title`: the document says what it is.
    pub title_confirmed: bool,
    /// `[rule.confirm]` was applied to readable content and every condition held.
    pub confirmed: bool,
    /// The candidate's own title is excluded (`title_exclude`): it is another requirement's
    /// document or page, so it is no evidence at all for this one.
    pub excluded: bool,
}

/// Document extensions: a page (HTML) served for one of these is a login wall or an error page.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "rtf", "zip", "rar", "7z",
];

/// Applies `check` to `doc` on `today` (passed in: pure code never reads the clock).
pub fn evaluate(check: &DocumentCheck, doc: &DocInput, today: Date) -> DocVerdict {
    evaluate_shared(check, doc, today, &mut Shared::default())
}

/// [`evaluate`], reusing what `shared` already holds of `doc` (and adding to it): several rules
/// judging one document read its plan, its results, its years and its words only once. One
/// `Shared` serves one document on one date.
pub fn evaluate_shared(
    check: &DocumentCheck,
    doc: &DocInput,
    today: Date,
    shared: &mut Shared,
) -> DocVerdict {
    let mut v = DocVerdict {
        ok: true,
        ..DocVerdict::default()
    };
    let mut notes: Vec<String> = Vec::new();
    let wall = *shared
        .wall
        .get_or_insert_with(|| served_page_for_document(doc) && login_wall(doc.text));
    if !check.confirm_only() {
        // Confirmation asks what a file is, not whether a citizen can open it.
        v.partial_reasons
            .extend(access_problems(doc.format, doc.outcome, doc.status, wall));
    }
    let readable = !wall
        && matches!(doc.outcome.trim(), "" | "text")
        && (!doc.text.trim().is_empty() || !doc.tables.is_empty());
    if readable {
        judge_content(check, doc, &mut v, &mut notes, shared);
        if let Some(confirm) = &check.confirm {
            super::confirm::apply_confirm(confirm, doc, &mut v, shared);
        }
    } else {
        notes.push(unread_note(doc.outcome, wall).to_string());
    }
    let mut span = *shared.year.get_or_insert_with(|| {
        document_year(
            if readable { doc.text } else { "" },
            doc.file_name,
            doc.link_text,
        )
    });
    if let Some(p) = v
        .plan
        .as_ref()
        .filter(|_| check.analysis.reads_plan_columns())
    {
        // The plan's own «на 2024 год» beats a link's «НОК за 2023 год».
        if let (Some(&first), Some(&last)) = (p.years.first(), p.years.last()) {
            if span.is_none_or(|s| s.basis != YearBasis::For) {
                span = Some(YearSpan {
                    first,
                    last,
                    basis: YearBasis::For,
                });
            }
        }
    }
    v.years = span;
    v.year = span.map(|s| s.first);
    if check.current_year {
        match span {
            None => notes.push("год документа определить не удалось".to_string()),
            Some(s) => {
                if let Some(reason) = not_current(s, today.year()) {
                    v.partial_reasons.push(reason);
                }
            }
        }
    }
    if let Some(max) = check.max_age_days {
        let dated = span.map(DocTime::Years).or_else(|| {
            let latest = shared
                .latest_date
                .get_or_insert_with(|| latest_date(if readable { doc.text } else { "" }, today));
            latest.map(DocTime::Date)
        });
        match freshness(dated, doc.last_modified, today, max) {
            Freshness::Fresh => {}
            Freshness::Stale { reason } => v.partial_reasons.push(reason),
            Freshness::Unknown => notes.push("возраст документа определить не удалось".to_string()),
        }
    }
    v.note = (!notes.is_empty()).then(|| notes.join("; "));
    v
}

fn served_page_for_document(doc: &DocInput) -> bool {
    let page = matches!(
        doc.format.trim().to_ascii_lowercase().as_str(),
        "html" | "htm" | "text"
    );
    let ext = doc
        .file_name
        .and_then(|n| n.rsplit('/').next())
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    page && ext.is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

fn unread_note(outcome: &str, wall: bool) -> &'static str {
    if wall {
        return "содержание не проверено: вместо документа — страница входа";
    }
    match outcome.trim() {
        "scan" => "содержание не проверено: скан без текста",
        "encrypted" => "содержание не проверено: документ защищён паролем",
        "broken" => "содержание не проверено: файл повреждён",
        "unsupported" => "содержание не проверено: формат не прочитан",
        "rejected" => "содержание не проверено: файл слишком велик или сложен для разбора",
        _ => "содержание не проверено: в документе нет текста",
    }
}

fn judge_content(
    check: &DocumentCheck,
    doc: &DocInput,
    v: &mut DocVerdict,
    notes: &mut Vec<String>,
    shared: &mut Shared,
) {
    if check.analysis != DocAnalysis::None {
        v.plan = match &shared.plan {
            Some(plan) => plan.clone(),
            None => {
                let plan = analyze_plan_normalized(shared.normalized(doc.text), doc.tables);
                shared.plan.insert(plan).clone()
            }
        };
        v.nok = match &shared.nok {
            Some(nok) => nok.clone(),
            None => {
                let nok = analyze_nok_normalized(shared.normalized(doc.text), doc.tables);
                shared.nok.insert(nok).clone()
            }
        };
    }
    match check.analysis {
        DocAnalysis::None => {}
        DocAnalysis::Plan | DocAnalysis::PlanReport => judge_plan(check, v, notes),
        DocAnalysis::NokResults => {
            if v.nok.is_none() {
                v.ok = false;
                v.partial_reasons.push(
                    "в документе не найдены результаты НОК: нет баллов хотя бы по трём из пяти \
                     критериев и нет итогового балла"
                        .to_string(),
                );
                if v.plan.is_some() {
                    notes.push(
                        "это план по устранению недостатков, а не результаты НОК".to_string(),
                    );
                }
            } else if v.plan.is_some() {
                notes.push(
                    "в файле с результатами НОК есть и план по устранению недостатков".to_string(),
                );
            }
        }
    }
    if !check.must_contain.is_empty() {
        let hay = shared
            .text_hay
            .get_or_insert_with(|| folded_with_cells(doc.text, doc.tables));
        let missing: Vec<&str> = check
            .must_contain
            .0
            .iter()
            .filter(|re| !re.is_match(hay))
            .map(|re| re.as_str())
            .collect();
        if !missing.is_empty() {
            v.ok = false;
            v.partial_reasons.push(format!(
                "в тексте документа не найдено обязательное: {}",
                missing.join(", ")
            ));
        }
    }
}

/// `text` and every table cell, folded, one cell per line: what text conditions search.
pub(super) fn folded_with_cells(text: &str, tables: &[Vec<Vec<String>>]) -> String {
    let mut hay = fold(text).into_owned();
    for cell in tables.iter().flatten().flatten() {
        hay.push('\n');
        hay.push_str(&fold(cell));
    }
    hay
}

/// What [`evaluate_shared`] computes from a document alone, kept for the next rule that judges
/// the same document; each field is filled on first use.
#[derive(Debug, Default)]
pub struct Shared {
    wall: Option<bool>,
    plan: Option<Option<PlanAnalysis>>,
    nok: Option<Option<NokAnalysis>>,
    year: Option<Option<YearSpan>>,
    latest_date: Option<Option<Date>>,
    /// The text and table cells, folded (`must_contain`).
    text_hay: Option<String>,
    /// What `[rule.confirm]` reads of the document.
    pub(super) confirm: super::confirm::ConfirmShared,
    /// The start of the text the plan and results analyses read, normalised, once.
    normalized: Option<String>,
}

impl Shared {
    fn normalized(&mut self, text: &str) -> &str {
        // Both analyses read the same start of the text.
        const _: () = assert!(super::plan::TITLE_SEARCH_CHARS == super::nok::MAX_TEXT_CHARS);
        self.normalized
            .get_or_insert_with(|| super::plan::normalized_head(text))
    }
}

fn judge_plan(check: &DocumentCheck, v: &mut DocVerdict, notes: &mut Vec<String>) {
    let Some(plan) = &v.plan else {
        v.ok = false;
        v.partial_reasons.push(
            "документ не похож на план по устранению недостатков: не найдены графы формы \
             (недостатки, мероприятия, сроки, ответственные) и заголовок плана"
                .to_string(),
        );
        if v.nok.is_some() {
            notes.push("это результаты НОК; плана в файле не найдено".to_string());
        }
        return;
    };
    v.columns_missing = plan.columns_missing.clone();
    if check.analysis == DocAnalysis::PlanReport && !(plan.is_report || plan.has_progress_part) {
        v.ok = false;
        v.partial_reasons.push(
            "это план без граф о ходе реализации (реализованные меры, фактический срок), а не отчёт \
             о его выполнении"
                .to_string(),
        );
    }
    if let Some(min) = check.min_columns {
        let found = plan.columns_found.len();
        if found < min as usize {
            let form = match plan.form {
                PlanForm::Roadmap2017 => "«дорожной карты» 2017 года",
                _ => "ПП РФ № 457",
            };
            v.partial_reasons.push(format!(
                "в плане найдено {found} из {PLAN_FORM_COLUMNS} граф формы {form} (нужно не менее \
                 {min}); не найдены: {}",
                plan.columns_missing.join("; ")
            ));
        }
    }
    if plan.is_report && check.analysis == DocAnalysis::Plan {
        notes.push("это отчёт о выполнении плана (форма ПП РФ № 457 включает и план, и ход его выполнения)".to_string());
    }
    if v.nok.is_some() {
        notes.push(if plan.embedded {
            "план найден внутри файла результатов НОК".to_string()
        } else {
            "в одном файле и план, и результаты НОК".to_string()
        });
    }
}

/// Why `span` is not current in `year`, if it is not. A plan or budget must be for this year or
/// the next; a report («за 2025 год») or a bare year may also be about last year.
fn not_current(span: YearSpan, year: i32) -> Option<String> {
    let (ok, wanted) = match span.basis {
        YearBasis::For => (
            span.last >= year && span.first <= year + 1,
            "на текущий или следующий год",
        ),
        _ => (
            span.last >= year - 1 && span.first <= year + 1,
            "за текущий или прошлый год",
        ),
    };
    let what = match span.basis {
        YearBasis::For => format!("документ составлен на {}", span.label_ru()),
        _ => format!("документ относится к {}", span.dative_ru()),
    };
    (!ok).then(|| format!("{what}, а сейчас {year} год: нужен документ {wanted}"))
}

/// The latest full date in the start of `text` that is not in the future (an approval date; in a
/// plan, the last deadline already passed).
fn latest_date(text: &str, today: Date) -> Option<Date> {
    find_dates(head(text, 3000))
        .into_iter()
        .filter(|d| d.kind == DateKind::FullDate)
        .filter_map(|d| d.date)
        .filter(|d| *d <= today)
        .max()
}
