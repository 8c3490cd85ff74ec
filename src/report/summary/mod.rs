//! Sweep summaries: the files written once per sweep, next to the per-site folders.
//!
//! Every format is one file fed the same [`SweepSummary`]: `summary.csv` and `summary.xlsx`
//! (tables for auditors), `summary.json` (for programs), `index.html` (for people) and
//! `junit.xml` (for CI); `summary.md` is written on request only. Formats that need a site's
//! details (notes, legal basis, evidence) ask the caller's [`ReportLoader`] for its stored report.

pub(crate) use crate::report::html::wording::{format_timestamp, plural};
pub(crate) use crate::report::templating::safe_href;

mod csv;
mod index_html;
mod index_rollup;
mod json;
mod junit;
mod markdown;
mod nok_formulas;
mod nok_notes;
mod nok_scores;
mod nok_xlsx;
pub mod rollup;
mod xlsx;
mod xlsx_rollup;

#[cfg(test)]
mod accepted_tests;
#[cfg(test)]
mod junit_tests;
#[cfg(test)]
mod nok_tests;
#[cfg(test)]
mod rollup_tests;
#[cfg(test)]
mod sample;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod xml_check;

use super::{ReportError, SiteReport};
use crate::model::Status;
use crate::sweep::{SweepSite, SweepSummary};
use std::borrow::Cow;
use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Loads a site's stored report when a format needs details (junit needs notes, basis, evidence).
pub type ReportLoader<'a> = dyn Fn(&SweepSite) -> Option<SiteReport> + 'a;

/// One summary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SummaryFormat {
    /// `summary.csv`: UTF-8 with BOM, `;`-separated.
    Csv,
    /// `summary.xlsx`: sheets «Сайты», «Итоги», «Ошибки входных данных».
    Xlsx,
    /// `summary.json`: the [`SweepSummary`] itself.
    Json,
    /// `index.html`: a self-contained Russian page.
    Html,
    /// `junit.xml`: one test suite per site, one test case per requirement.
    Junit,
    /// `summary.md`: a Markdown table.
    Markdown,
    /// `nok-checklist.xlsx`: the НОК operator's checklist for 344н criterion 1 (on request).
    NokXlsx,
    /// `letter.docx` and `letter.md` in every site's folder: a letter to the institution
    /// (on request).
    Letter,
}

impl SummaryFormat {
    /// The formats [`write_all`] writes (Markdown is written only when asked for).
    pub const DEFAULT_SET: [SummaryFormat; 5] = [
        SummaryFormat::Csv,
        SummaryFormat::Xlsx,
        SummaryFormat::Json,
        SummaryFormat::Html,
        SummaryFormat::Junit,
    ];

    /// Name of the file this format writes into the output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            SummaryFormat::Csv => "summary.csv",
            SummaryFormat::Xlsx => "summary.xlsx",
            SummaryFormat::Json => "summary.json",
            SummaryFormat::Html => "index.html",
            SummaryFormat::Junit => "junit.xml",
            SummaryFormat::Markdown => "summary.md",
            SummaryFormat::NokXlsx => "nok-checklist.xlsx",
            SummaryFormat::Letter => super::letter::DOCX_NAME,
        }
    }

    /// The name accepted by [`FromStr`] (`csv`, `xlsx`, `json`, `html`, `junit`, `md`,
    /// `nok-xlsx`, `letter`).
    pub fn name(self) -> &'static str {
        match self {
            SummaryFormat::Csv => "csv",
            SummaryFormat::Xlsx => "xlsx",
            SummaryFormat::Json => "json",
            SummaryFormat::Html => "html",
            SummaryFormat::Junit => "junit",
            SummaryFormat::Markdown => "md",
            SummaryFormat::NokXlsx => "nok-xlsx",
            SummaryFormat::Letter => "letter",
        }
    }
}

impl fmt::Display for SummaryFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of `csv`, `xlsx`, `json`, `html`, `junit`, `md`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "неизвестный формат сводки «{0}»: допустимы csv, xlsx, json, html, junit, md, nok-xlsx, letter"
)]
pub struct UnknownSummaryFormat(pub String);

impl FromStr for SummaryFormat {
    type Err = UnknownSummaryFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(SummaryFormat::Csv),
            "xlsx" => Ok(SummaryFormat::Xlsx),
            "json" => Ok(SummaryFormat::Json),
            "html" => Ok(SummaryFormat::Html),
            "junit" => Ok(SummaryFormat::Junit),
            "md" | "markdown" => Ok(SummaryFormat::Markdown),
            "nok-xlsx" | "nok" => Ok(SummaryFormat::NokXlsx),
            "letter" => Ok(SummaryFormat::Letter),
            _ => Err(UnknownSummaryFormat(s.to_string())),
        }
    }
}

/// Writes the five default summary files into `out` (created if missing); returns their paths.
pub fn write_all(
    summary: &SweepSummary,
    out: &Path,
    load: &ReportLoader<'_>,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut written = Vec::new();
    for format in SummaryFormat::DEFAULT_SET {
        written.extend(write_format(summary, out, format, load)?);
    }
    Ok(written)
}

/// Writes one summary file into `out` (created if missing); returns its path.
pub fn write_format(
    summary: &SweepSummary,
    out: &Path,
    format: SummaryFormat,
    load: &ReportLoader<'_>,
) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(out).map_err(|source| ReportError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let path = out.join(format.file_name());
    let bytes = match format {
        SummaryFormat::Csv => return write_streaming(&path, |w| csv::write(summary, w)),
        SummaryFormat::Xlsx => xlsx::render(summary, &path)?,
        SummaryFormat::Json => return write_streaming(&path, |w| json::write(summary, w)),
        SummaryFormat::Html => index_html::render(summary)?.into_bytes(),
        SummaryFormat::Junit => return write_streaming(&path, |w| junit::write(summary, load, w)),
        SummaryFormat::Markdown => markdown::render(summary).into_bytes(),
        SummaryFormat::NokXlsx => nok_xlsx::render(summary, load, &path)?,
        SummaryFormat::Letter => return super::letter::write_for_sweep(summary, out, load),
    };
    super::write_atomically(&path, &bytes)?;
    Ok(vec![path])
}

/// Writes `path` through `fill` into a buffered temporary file renamed into place when done, so
/// a large summary is never held whole in memory and a reader never sees half a file.
fn write_streaming(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut tmp_name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let failed = |source| ReportError::Write {
        path: tmp.clone(),
        source,
    };
    let file = std::fs::File::create(&tmp).map_err(failed)?;
    let mut writer = BufWriter::with_capacity(1 << 16, file);
    fill(&mut writer).map_err(failed)?;
    let file = writer.into_inner().map_err(|e| failed(e.into_error()))?;
    file.sync_all().map_err(failed)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(|source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(vec![path.to_path_buf()])
}

/// Columns before the requirement columns: Russian header and machine key (a `summary.json` field).
const LEAD_COLUMNS: [(&str, &str); 10] = [
    ("Строка", "row"),
    ("Наименование", "name"),
    ("Регион", "region"),
    ("ИНН", "inn"),
    ("Тип", "kind"),
    ("Сайт", "url"),
    ("Итог", "verdict"),
    ("Открытость, %", "score_percent"),
    ("Взаимодействие, баллы", "feedback_score"),
    ("Обязательных выполнено", "mandatory_passed"),
];

/// Columns after the requirement columns.
const TAIL_COLUMNS: [(&str, &str); 6] = [
    ("Страниц", "pages_fetched"),
    ("Ошибок", "errors"),
    ("Ошибка сайта", "error"),
    ("Отчёт", "report"),
    ("Принятые замечания", "accepted"),
    ("Правила", "ruleset"),
];

/// The site's accepted items in one line: `founder — принято до 31.03.2027 (кто): причина; …`.
fn accepted_text(site: &SweepSite) -> String {
    site.accepted
        .iter()
        .map(|(id, a)| format!("{id} — {}", a.label_ru()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The status cell in words, with «принято» when the item is accepted.
fn status_words_at(site: &SweepSite, index: usize, id: &str) -> Option<String> {
    let status = status_at(site, index)?;
    Some(if site.accepted.contains_key(id) {
        format!("{}, принято", status.label_ru())
    } else {
        status.label_ru().to_string()
    })
}

/// The status of requirement `index` at `site`; `None` when the sweep recorded fewer statuses.
fn status_at(site: &SweepSite, index: usize) -> Option<Status> {
    site.statuses.get(index).copied()
}

/// A site's scores as the tables show them.
struct Scores {
    percent: f64,
    feedback: u32,
    mandatory_passed: usize,
}

/// The scores, or `None` for an unreachable site: nothing was checked there, and a 0 would read
/// as «checked and nothing found».
fn scores(site: &SweepSite) -> Option<Scores> {
    site.reachable.then_some(Scores {
        percent: site.score_percent,
        feedback: site.feedback_score,
        mandatory_passed: site.mandatory_passed,
    })
}

/// The canonical (JSON) word of a status: `pass`, `partial`, `fail`, `unknown`.
fn status_key(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

/// The overall result in Russian; an unreachable site says so rather than «не определено».
pub(crate) fn verdict_label(site: &SweepSite) -> &str {
    if !site.reachable {
        return "сайт недоступен";
    }
    match site.verdict.as_str() {
        "compliant" => "соответствует",
        "non_compliant" => "не соответствует",
        "unknown" => "не определено",
        other => other,
    }
}

/// Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula (and tab or
/// CR can smuggle one in), so names typed into the input list could run `=cmd|' /C calc'!A0` on
/// an auditor's machine. A leading `'` makes Excel and LibreOffice keep the cell as text.
fn defuse_formula(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Control characters (other than newline and tab) dropped: they show as boxes in Excel and
/// could hide a formula prefix from [`defuse_formula`].
fn printable(text: &str) -> Cow<'_, str> {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        Cow::Owned(
            text.chars()
                .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// True when a spreadsheet would take `text` as the start of a formula (see [`defuse_formula`]).
fn looks_like_formula(text: &str) -> bool {
    matches!(defuse_formula(text), Cow::Owned(_))
}

/// `<dir>/report.html` when `dir` is a plain relative folder inside the output folder; `None` for
/// anything that could point elsewhere (absolute, `..`, a scheme or drive, control characters).
fn report_rel_path(dir: &str) -> Option<String> {
    let dir = dir.trim_end_matches('/');
    let suspicious = dir.is_empty()
        || dir.starts_with(['.', '/'])
        || dir.contains(['\\', ':', '?', '#', '%'])
        || dir.chars().any(char::is_control)
        || dir
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    (!suspicious).then(|| format!("{dir}/report.html"))
}

/// `dir` when it is a plain relative folder inside the output folder (see [`report_rel_path`]).
pub(crate) fn report_rel_dir(dir: &str) -> Option<&str> {
    report_rel_path(dir).map(|_| dir.trim_end_matches('/'))
}

/// [`report_rel_path`] percent-encoded for an `href` (spaces, quotes, non-ASCII).
fn report_href(dir: &str) -> Option<String> {
    let path = report_rel_path(dir)?;
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}

/// Host of a site URL for grouping (JUnit class names); the URL itself when it has none.
fn host_of(raw: &str) -> String {
    url::Url::parse(raw.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| raw.to_string())
}

/// `92,6`: Russian decimal comma, one decimal; not a finite number → empty.
fn decimal_ru(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1}").replace('.', ",")
    } else {
        String::new()
    }
}

/// `1239-886n, версия 2026.11, sha256 3bb463d2b410… (встроенный)`.
fn ruleset_label(summary: &SweepSummary) -> String {
    let r = &summary.ruleset;
    format!("{} ({})", r.label_ru(), r.source)
}
