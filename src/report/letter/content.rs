//! What the letter says, as format-neutral blocks: the addressee and the auditor's placeholders,
//! what was checked and when, the items not met grouped by kind with their legal basis, what to
//! publish and where, the evidence for partial items, and a separate place for accepted items.
//! Everything from a site or a list stays a plain [`Run`]; the renderers escape it.

use super::{Block, Letter, Run};
use crate::model::{Severity, Status, Via};
use crate::report::html::wording::{format_timestamp, plural};
use crate::report::{SiteReport, Verdict};

/// Evidence links shown per partial item.
const EVIDENCE_SHOWN: usize = 3;

/// The laws the check is against, as a letter cites them.
const LAW: &str = "статьёй 13 Федерального закона от 28.12.2013 № 442-ФЗ «Об основах социального \
    обслуживания граждан в Российской Федерации», постановлением Правительства Российской Федерации \
    от 24.11.2014 № 1239, приказом Минтруда России от 17.11.2014 № 886н, а также требованиям, \
    учитываемым при независимой оценке качества условий оказания услуг (статья 23.1 Федерального \
    закона № 442-ФЗ, приказ Минтруда России № 344н)";

/// Builds the letter for `report`; `name` is the institution's name from the list, if any.
pub(super) fn build(report: &SiteReport, name: Option<&str>) -> Letter {
    let mut blocks = head(name);
    blocks.extend(intro(report));
    let to_fix = if report.site.reachable {
        let found = findings(report);
        let any = !found.is_empty();
        blocks.extend(found);
        if !any {
            blocks.push(p(vec![Run::plain(
                "Нарушений требований к размещению информации на сайте не выявлено.",
            )]));
        }
        any
    } else {
        true
    };
    blocks.extend(accepted_place(report));
    blocks.extend(closing(report.site.reachable, to_fix));
    Letter { blocks }
}

fn p(runs: Vec<Run>) -> Block {
    Block::Paragraph(runs)
}

fn head(name: Option<&str>) -> Vec<Block> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let addressee = match name {
        Some(name) => Run::plain(name),
        None => Run::placeholder("наименование учреждения"),
    };
    vec![
        p(vec![Run::placeholder(
            "бланк органа (организации), проводящего проверку",
        )]),
        p(vec![
            Run::plain("Исх. № "),
            Run::placeholder("номер"),
            Run::plain(" от "),
            Run::placeholder("дата"),
        ]),
        Block::Right(vec![Run::plain("Руководителю")]),
        Block::Right(vec![addressee]),
        Block::Title("О результатах проверки официального сайта".to_string()),
        p(vec![
            Run::plain("Уважаемый(ая) "),
            Run::placeholder("имя, отчество руководителя"),
            Run::plain("!"),
        ]),
    ]
}

fn intro(report: &SiteReport) -> Vec<Block> {
    // A letter gives the day; the time is in the report.
    let stamp = format_timestamp(&report.generated_at);
    let when = stamp.split(',').next().unwrap_or(&stamp);
    let done = if report.site.reachable {
        "проведена автоматизированная проверка"
    } else {
        "предпринята попытка провести автоматизированную проверку"
    };
    let mut blocks = vec![p(vec![
        Run::plain(format!("Сообщаем, что {when} {done} официального сайта учреждения ")),
        Run::plain(report.site.url.as_str()),
        Run::plain(format!(
            " в информационно-телекоммуникационной сети «Интернет» на соответствие требованиям к размещению информации о поставщике социальных услуг, установленным {LAW}."
        )),
    ])];
    if !report.site.reachable {
        let why = report
            .site
            .error
            .as_deref()
            .unwrap_or("главная страница не загрузилась");
        blocks.push(p(vec![
            Run::plain("Проверку провести не удалось: сайт недоступен ("),
            Run::plain(why),
            Run::plain(")."),
        ]));
        return blocks;
    }
    let s = &report.summary;
    let pages = report.crawl.pages_fetched;
    blocks.push(p(vec![Run::plain(format!(
        "Просмотрено {pages} {} сайта (правила проверки «{}», версия {}). Из {} обязательных требований выполнено {}, выполнено частично — {}, не выполнено — {}, проверить не удалось — {}.",
        plural(pages, "страница", "страницы", "страниц"),
        report.ruleset.id,
        report.ruleset.version,
        s.mandatory_total,
        s.mandatory_passed,
        s.mandatory_partial,
        s.mandatory_failed,
        s.mandatory_unknown,
    ))]));
    blocks
}

/// The items not met, in four groups; a group with no item is left out.
fn findings(report: &SiteReport) -> Vec<Block> {
    let of = |severity: Severity, statuses: &[Status]| -> Vec<&Verdict> {
        report
            .requirements
            .iter()
            .filter(|v| {
                v.severity == severity && statuses.contains(&v.status) && v.accepted.is_none()
            })
            .collect()
    };
    let groups = [
        (
            "Не размещены обязательные сведения",
            of(Severity::Mandatory, &[Status::Fail]),
        ),
        (
            "Обязательные сведения размещены с недостатками",
            of(Severity::Mandatory, &[Status::Partial]),
        ),
        (
            "Рекомендуется также разместить",
            of(Severity::Recommended, &[Status::Fail, Status::Partial]),
        ),
        (
            "Проверить автоматически не удалось (просим проверить самостоятельно)",
            report
                .requirements
                .iter()
                .filter(|v| v.status == Status::Unknown)
                .collect(),
        ),
    ];
    let mut blocks = Vec::new();
    let mut number = 0;
    for (title, items) in groups {
        if items.is_empty() {
            continue;
        }
        number += 1;
        blocks.push(Block::Heading(format!("{number}. {title}")));
        for (i, verdict) in items.iter().enumerate() {
            blocks.extend(item(&format!("{number}.{}.", i + 1), verdict));
        }
    }
    blocks
}

/// One item: title, basis, what must be published, what to do and where, what was seen.
fn item(number: &str, v: &Verdict) -> Vec<Block> {
    let mut blocks = vec![Block::Item(vec![
        Run::plain(format!("{number} ")),
        Run::bold(v.title.as_str()),
        Run::plain(format!(" ({}).", v.id)),
    ])];
    let line = |label: &str, text: &str| {
        p(vec![
            Run::plain(format!("{label}: ")),
            Run::plain(text.trim()),
            Run::plain(full_stop(text)),
        ])
    };
    if !v.basis.trim().is_empty() {
        blocks.push(line("Основание", &v.basis));
    }
    if !v.what.trim().is_empty() {
        blocks.push(line("Что должно быть размещено", &v.what));
    }
    if let Some(note) = v.note.as_deref().filter(|n| !n.trim().is_empty()) {
        blocks.push(line("Результат проверки", note));
    }
    if let Some(since) = v.first_failed.as_deref() {
        let since = format_timestamp(since);
        blocks.push(line("Впервые выявлено", &since));
    }
    if v.status == Status::Partial {
        for e in v.evidence.iter().take(EVIDENCE_SHOWN) {
            let mut runs = vec![Run::plain("Обнаружено: "), Run::plain(e.url.as_str())];
            runs.push(Run::plain(format!(" ({})", via_words(e.via))));
            if !e.text.trim().is_empty() {
                runs.push(Run::plain(" — «"));
                runs.push(Run::plain(e.text.as_str()));
                runs.push(Run::plain("»"));
            }
            if let Some(page) = &e.found_on {
                runs.push(Run::plain(", ссылка на странице "));
                runs.push(Run::plain(page.as_str()));
            }
            runs.push(Run::plain("."));
            blocks.push(p(runs));
        }
    }
    if let Some(fix) = v.fix.as_deref() {
        blocks.push(line("Что сделать", fix));
    }
    if !v.hint.trim().is_empty() {
        blocks.push(line("Где обычно размещают", &v.hint));
    }
    blocks
}

/// «.» after a line that does not end a sentence already.
fn full_stop(text: &str) -> &'static str {
    if text.trim_end().ends_with(['.', '!', '?', '…']) {
        ""
    } else {
        "."
    }
}

fn via_words(via: Via) -> &'static str {
    via.label_ru()
}

/// A separate, clearly marked place for the items the auditor accepted (explanations taken,
/// deadline agreed): the accepted items of `accepted.toml` with reason, who and until when, or a
/// placeholder for the auditor to fill or remove.
fn accepted_place(report: &SiteReport) -> Vec<Block> {
    let mut blocks = vec![
        Block::Separator,
        Block::Heading("Пункты, принятые проверяющим".to_string()),
    ];
    let accepted: Vec<&Verdict> = report
        .requirements
        .iter()
        .filter(|v| v.accepted.is_some())
        .collect();
    if accepted.is_empty() {
        blocks.push(p(vec![Run::placeholder(
            "перечислите пункты, по которым приняты объяснения учреждения (основание, кем и до какого срока), или удалите этот раздел",
        )]));
    }
    for (i, v) in accepted.iter().enumerate() {
        let Some(acceptance) = &v.accepted else {
            continue;
        };
        blocks.push(Block::Item(vec![
            Run::plain(format!("{}. ", i + 1)),
            Run::bold(v.title.as_str()),
            Run::plain(format!(" ({}) — ", v.id)),
            Run::plain(acceptance.label_ru()),
            Run::plain(full_stop(&acceptance.reason)),
        ]));
    }
    blocks.push(Block::Separator);
    blocks
}

fn closing(reachable: bool, to_fix: bool) -> Vec<Block> {
    let request = match (reachable, to_fix) {
        (false, _) => Some(" обеспечить доступность официального сайта учреждения, разместить на нём сведения, предусмотренные указанными актами, и проинформировать о принятых мерах."),
        (true, true) => Some(" разместить указанные сведения на официальном сайте учреждения и проинформировать о принятых мерах."),
        (true, false) => None,
    };
    let mut blocks = Vec::new();
    if let Some(request) = request {
        blocks.push(p(vec![
            Run::plain("Просим в срок до "),
            Run::placeholder("дата"),
            Run::plain(request),
        ]));
    }
    blocks.extend([
        p(vec![Run::plain(
            "Приложение: отчёт о проверке сайта (report.html) с перечнем найденных сведений и ссылками на страницы сайта.",
        )]),
        p(vec![
            Run::placeholder("должность"),
            Run::plain("    "),
            Run::placeholder("подпись"),
            Run::plain("    "),
            Run::placeholder("И. О. Фамилия"),
        ]),
        p(vec![
            Run::plain("Исполнитель: "),
            Run::placeholder("ФИО"),
            Run::plain(", тел. "),
            Run::placeholder("телефон"),
        ]),
    ]);
    blocks
}
