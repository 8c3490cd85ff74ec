//! `summary.xlsx`: the sweep as a workbook for auditors.
//!
//! Sheets: «Сайты» (one row per site, the CSV's columns with Russian words and coloured status
//! cells), «Итоги» (one row per requirement), the roll-ups by region and type of institution
//! (see `xlsx_rollup`) and «Ошибки входных данных». On «Сайты» the first
//! row holds Russian titles and the second the machine keys (requirement ids, `summary.json`
//! field names), so people read the titles and formulas can rely on the ids.

use super::{
    accepted_text, looks_like_formula, printable, report_rel_path, ruleset_label, safe_href,
    scores, status_at, status_words_at, verdict_label, ReportError, SweepSite, SweepSummary,
    LEAD_COLUMNS, TAIL_COLUMNS,
};
use crate::model::{Severity, Status};
use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Url, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Sheet names, also used by the tests.
pub(super) const SHEET_SITES: &str = "Сайты";
/// Per-requirement totals.
pub(super) const SHEET_TOTALS: &str = "Итоги";
/// Rows of the input list that could not be used.
pub(super) const SHEET_PROBLEMS: &str = "Ошибки входных данных";

/// Excel refuses longer strings in a cell.
const CELL_TEXT_MAX: usize = 32_000;

/// Rows above the data on «Сайты»: Russian titles, then machine keys.
const HEADER_ROWS: RowNum = 2;

/// The whole workbook as bytes.
pub(super) fn render(summary: &SweepSummary, path: &Path) -> Result<Vec<u8>, ReportError> {
    build(summary).map_err(|e| ReportError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })
}

fn build(summary: &SweepSummary) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    // One row per site: written row by row to a temporary file, not held as cells in memory.
    write_sites(
        workbook
            .add_worksheet_with_constant_memory()
            .set_name(SHEET_SITES)?,
        summary,
        &styles,
    )?;
    write_totals(
        workbook.add_worksheet().set_name(SHEET_TOTALS)?,
        summary,
        &styles,
    )?;
    super::xlsx_rollup::write_sheets(&mut workbook, summary, &styles)?;
    write_problems(
        workbook.add_worksheet().set_name(SHEET_PROBLEMS)?,
        summary,
        &styles,
    )?;
    workbook.save_to_buffer()
}

/// Cell formats, built once.
pub(super) struct Styles {
    pub(super) header: Format,
    key: Format,
    pub(super) text: Format,
    /// Excel's own «'» prefix: the cell shows the text as written but never becomes a formula,
    /// not even when someone edits it or copies it elsewhere (see `defuse_formula`). Unlike a
    /// literal `'`, it keeps the institution's name exactly as it was in the input list.
    quoted: Format,
    pub(super) number: Format,
    decimal: Format,
    pub(super) share: Format,
    pass: Format,
    partial: Format,
    fail: Format,
    unknown: Format,
}

impl Styles {
    pub(super) fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        let status = |bg: u32, fg: u32| {
            cell.clone()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
                .set_align(FormatAlign::Center)
        };
        Styles {
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xF1F2F4)),
            key: cell
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x555555)),
            text: cell.clone(),
            quoted: cell.clone().set_quote_prefix(),
            number: cell.clone(),
            decimal: cell.clone().set_num_format("0.0"),
            share: cell.clone().set_num_format("0.0%"),
            pass: status(0xDCF3E3, 0x0B5227),
            partial: status(0xFFF0C2, 0x5C3D00),
            fail: status(0xFDE1E1, 0x8A1010),
            unknown: status(0xE6E7EB, 0x2F3136),
        }
    }

    fn status(&self, status: Status) -> &Format {
        match status {
            Status::Pass => &self.pass,
            Status::Partial => &self.partial,
            Status::Fail => &self.fail,
            Status::Unknown => &self.unknown,
        }
    }

    fn verdict(&self, site: &SweepSite) -> &Format {
        match (site.reachable, site.verdict.as_str()) {
            (true, "compliant") => &self.pass,
            (true, "non_compliant") => &self.fail,
            _ => &self.unknown,
        }
    }
}

/// Writes untrusted text: clipped to what Excel accepts, formula-looking text quote-prefixed.
pub(super) fn write_text(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    text: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let clipped: String = printable(text).chars().take(CELL_TEXT_MAX).collect();
    let format = if looks_like_formula(&clipped) {
        &styles.quoted
    } else {
        &styles.text
    };
    sheet.write_string_with_format(row, col, clipped, format)?;
    Ok(())
}

/// A hyperlink when Excel accepts it (length and count limits); otherwise the text alone.
pub(super) fn write_link(
    sheet: &mut Worksheet,
    (row, col): (RowNum, ColNum),
    target: Option<String>,
    text: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    if let Some(target) = target {
        let link = Url::new(target).set_text(text);
        if sheet.write_url(row, col, link).is_ok() {
            return Ok(());
        }
    }
    write_text(sheet, row, col, text, styles)
}

/// A column number, saturating.
pub(super) fn col(index: usize) -> ColNum {
    ColNum::try_from(index).unwrap_or(ColNum::MAX)
}

/// A row number, saturating.
pub(super) fn row_of(index: usize) -> RowNum {
    RowNum::try_from(index).unwrap_or(RowNum::MAX)
}

fn write_sites(
    sheet: &mut Worksheet,
    summary: &SweepSummary,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let reqs = &summary.requirements;
    let titles = LEAD_COLUMNS
        .iter()
        .map(|(ru, key)| (ru.to_string(), key.to_string()))
        .chain(reqs.iter().map(|r| (r.title.clone(), r.id.0.clone())))
        .chain(
            TAIL_COLUMNS
                .iter()
                .map(|(ru, key)| (ru.to_string(), key.to_string())),
        );
    // Widths and the header height come first: in constant-memory mode a row is final once a
    // later row is written.
    let widths = [7, 40, 22, 14, 18, 32, 18, 12, 14, 14];
    for (i, width) in widths.into_iter().enumerate() {
        sheet.set_column_width(col(i), width)?;
    }
    let first_req = LEAD_COLUMNS.len();
    for i in 0..reqs.len() {
        sheet.set_column_width(col(first_req + i), 14)?;
    }
    let tail = first_req + reqs.len();
    for (i, width) in [9, 9, 40, 10, 50, 30].into_iter().enumerate() {
        sheet.set_column_width(col(tail + i), width)?;
    }
    sheet.set_row_height(0, 60)?;
    let titles: Vec<(String, String)> = titles.collect();
    let last_col = col(titles.len().saturating_sub(1));
    // Row by row: constant-memory mode ignores a cell written above the current row.
    for (i, (title, _)) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col(i), title, &styles.header)?;
    }
    for (i, (_, key)) in titles.iter().enumerate() {
        sheet.write_string_with_format(1, col(i), key, &styles.key)?;
    }
    for (i, site) in summary.sites.iter().enumerate() {
        write_site_row(
            sheet,
            HEADER_ROWS.saturating_add(row_of(i)),
            summary,
            site,
            styles,
        )?;
    }
    let last_row = (HEADER_ROWS - 1).saturating_add(row_of(summary.sites.len()));
    sheet.autofilter(HEADER_ROWS - 1, 0, last_row, last_col)?;
    sheet.set_freeze_panes(HEADER_ROWS, 2)?;
    Ok(())
}

fn write_site_row(
    sheet: &mut Worksheet,
    row: RowNum,
    summary: &SweepSummary,
    site: &SweepSite,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let opt = |value: &Option<String>| value.clone().unwrap_or_default();
    sheet.write_number_with_format(row, 0, site.row as f64, &styles.number)?;
    write_text(sheet, row, 1, &opt(&site.name), styles)?;
    write_text(sheet, row, 2, &opt(&site.region), styles)?;
    write_text(sheet, row, 3, &opt(&site.inn), styles)?;
    write_text(sheet, row, 4, &opt(&site.kind), styles)?;
    write_link(sheet, (row, 5), safe_href(&site.url), &site.url, styles)?;
    sheet.write_string_with_format(row, 6, verdict_label(site), styles.verdict(site))?;
    if let Some(scores) = scores(site) {
        if scores.percent.is_finite() {
            sheet.write_number_with_format(row, 7, scores.percent, &styles.decimal)?;
        }
        sheet.write_number_with_format(row, 8, scores.feedback, &styles.number)?;
        let passed = scores.mandatory_passed as f64;
        sheet.write_number_with_format(row, 9, passed, &styles.number)?;
    }
    let first_req = LEAD_COLUMNS.len();
    for i in 0..summary.requirements.len() {
        if let Some(status) = status_at(site, i) {
            let c = col(first_req + i);
            let words = status_words_at(site, i, &summary.requirements[i].id.0).unwrap_or_default();
            sheet.write_string_with_format(row, c, &words, styles.status(status))?;
        }
    }
    let tail = col(first_req + summary.requirements.len());
    sheet.write_number_with_format(row, tail, site.pages_fetched as f64, &styles.number)?;
    sheet.write_number_with_format(row, tail + 1, site.errors as f64, &styles.number)?;
    write_text(sheet, row, tail + 2, &opt(&site.error), styles)?;
    if let Some(path) = report_rel_path(&site.dir) {
        // `file:///` + a relative path is how Excel stores a link relative to the workbook.
        let target = format!("file:///{path}");
        write_link(sheet, (row, tail + 3), Some(target), "отчёт", styles)?;
    }
    write_text(sheet, row, tail + 4, &accepted_text(site), styles)?;
    write_text(sheet, row, tail + 5, &ruleset_label(summary), styles)?;
    Ok(())
}

fn severity_ru(severity: Severity) -> &'static str {
    match severity {
        Severity::Mandatory => "обязательное",
        Severity::Recommended => "рекомендуемое",
    }
}

fn write_totals(
    sheet: &mut Worksheet,
    summary: &SweepSummary,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let headers = [
        ("Код", 24),
        ("Требование", 60),
        ("Обязательность", 16),
        ("есть", 9),
        ("частично", 10),
        ("нет", 9),
        ("не определено", 14),
        ("Доля сайтов, где есть", 14),
    ];
    for (i, (title, width)) in headers.into_iter().enumerate() {
        sheet.write_string_with_format(0, col(i), title, &styles.header)?;
        sheet.set_column_width(col(i), width)?;
    }
    for (i, total) in summary.totals.iter().enumerate() {
        let row = row_of(i + 1);
        write_text(sheet, row, 0, &total.id.0, styles)?;
        write_text(sheet, row, 1, &total.title, styles)?;
        sheet.write_string_with_format(row, 2, severity_ru(total.severity), &styles.text)?;
        let counts = [total.pass, total.partial, total.fail, total.unknown];
        let statuses = [Status::Pass, Status::Partial, Status::Fail, Status::Unknown];
        for (j, (count, status)) in counts.iter().zip(statuses).enumerate() {
            sheet.write_number_with_format(
                row,
                col(3 + j),
                *count as f64,
                styles.status(status),
            )?;
        }
        let all: usize = counts.iter().sum();
        if all > 0 {
            sheet.write_number_with_format(
                row,
                7,
                total.pass as f64 / all as f64,
                &styles.share,
            )?;
        }
    }
    let last_row = row_of(summary.totals.len()).max(1);
    sheet.autofilter(0, 0, last_row, 7)?;
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}

fn write_problems(
    sheet: &mut Worksheet,
    summary: &SweepSummary,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (i, (title, width)) in [("Строка", 9), ("Значение", 50), ("Проблема", 60)]
        .into_iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col(i), title, &styles.header)?;
        sheet.set_column_width(col(i), width)?;
    }
    for (i, problem) in summary.input.problems.iter().enumerate() {
        let row = row_of(i + 1);
        sheet.write_number_with_format(row, 0, problem.row as f64, &styles.number)?;
        write_text(sheet, row, 1, &problem.value, styles)?;
        write_text(sheet, row, 2, &problem.problem, styles)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
