//! `nok-checklist.xlsx` (`socaudit report DIR --format nok-xlsx`): the sheet a НОК operator
//! fills for criterion 1 «Открытость и доступность информации» — a row per organisation, 1/0 per
//! information item of indicator 1.1 and per remote channel of 1.2 as found on the site, the
//! evidence URL of each, and both indicators by the 344н formulas written as live Excel formulas
//! (an operator who corrects a 1/0 after a manual check sees the indicator follow). The stand
//! part of 1.1 is the operator's to enter; the notes sheet writes every formula out.
//!
//! The figures and the item lists come from [`super::nok_scores`]; this file only lays them out.

use super::nok_formulas::{write_formulas_11, write_formulas_12};
use super::nok_notes::write_notes;
use super::nok_scores::{NokLayout, NokValues};
use super::xlsx::{col, row_of, write_link, write_text, Styles};
use super::{format_timestamp, safe_href, ReportError, ReportLoader, SweepSite, SweepSummary};
use rust_xlsxwriter::{RowNum, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The checklist sheet.
pub(super) const SHEET_CHECKLIST: &str = "Критерий 1 (344н)";
/// The notes sheet with the formulas.
pub(super) const SHEET_NOTES: &str = "Формулы и пояснения";

/// Rows above the data: Russian titles, then machine keys.
const HEADER_ROWS: RowNum = 2;

/// Excel repairs (and drops the links of) a sheet with more than 65 530 hyperlinks; a national
/// sweep has up to 30 evidence URLs per site, so past this many they are written as text.
const HYPERLINKS_MAX: usize = 65_000;

/// Lead columns: title, key, width.
const LEAD: [(&str, &str, f64); 7] = [
    ("Строка", "row", 7.0),
    ("Наименование", "name", 40.0),
    ("Регион", "region", 20.0),
    ("ИНН", "inn", 13.0),
    ("Тип", "kind", 16.0),
    ("Сайт", "url", 30.0),
    ("Дата проверки", "checked_at", 18.0),
];

/// The columns after the 1.1 items: title and key. The stand columns are left for the operator.
const DERIVED_11: [(&str, &str); 7] = [
    ("Исайт — сведений на сайте (1 в столбцах слева)", "i_site"),
    ("Инорм сайт — сведений в перечне", "i_norm_site"),
    ("1.1, часть сайта: Исайт / Инорм сайт × 100, %", "p11_site_percent"),
    ("Вклад сайта в Пинф: 0,5 × Исайт / Инорм сайт × 100 (из 50)", "p11_site_points"),
    ("Истенд — сведений на стенде: заполняет оператор (на сайте не видно)", "i_stand"),
    ("Инорм стенд — заполняет оператор (на сайте не видно)", "i_norm_stand"),
    ("1.1 Пинф = (Истенд / Инорм стенд + Исайт / Инорм сайт) × 0,5 × 100 — после заполнения стенда", "p11"),
];

/// The columns after the channels.
const DERIVED_12: [(&str, &str); 2] = [
    ("Сдист — способов найдено на сайте", "c_dist"),
    ("1.2 Пдист = 30 × Сдист (не более 100)", "p12"),
];

/// Where each column group starts.
pub(super) struct Columns {
    pub(super) info: usize,
    pub(super) derived_11: usize,
    pub(super) channels: usize,
    pub(super) derived_12: usize,
    remark: usize,
    urls: usize,
}

impl Columns {
    fn new(layout: &NokLayout) -> Self {
        let info = LEAD.len();
        let derived_11 = info + layout.info.len();
        let channels = derived_11 + DERIVED_11.len();
        let derived_12 = channels + layout.channels.len();
        let remark = derived_12 + DERIVED_12.len();
        Columns {
            info,
            derived_11,
            channels,
            derived_12,
            remark,
            urls: remark + 1,
        }
    }
}

/// Writes the workbook to bytes.
pub(super) fn render(
    summary: &SweepSummary,
    load: &ReportLoader<'_>,
    path: &Path,
) -> Result<Vec<u8>, ReportError> {
    build(summary, load, HYPERLINKS_MAX).map_err(|e| ReportError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })
}

/// The workbook; at most `links_max` cells of the checklist are hyperlinks.
pub(super) fn build(
    summary: &SweepSummary,
    load: &ReportLoader<'_>,
    links_max: usize,
) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let layout = NokLayout::new(&summary.requirements);
    let mut workbook = Workbook::new();
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .set_name(SHEET_CHECKLIST)?;
    // An undetermined indicator is stored as an empty result, not the library's default 0,
    // so a reader that does not recalculate never sees a score nobody computed.
    sheet.set_formula_result_default("");
    write_header(sheet, summary, &layout, &styles)?;
    let mut links_left = links_max;
    for (i, site) in summary.sites.iter().enumerate() {
        let row = HEADER_ROWS.saturating_add(row_of(i));
        let out = Out {
            sheet: &mut *sheet,
            styles: &styles,
            links_left: &mut links_left,
        };
        write_site(out, row, summary, &layout, site, load)?;
    }
    sheet.set_freeze_panes(HEADER_ROWS, 2)?;
    write_notes(
        workbook.add_worksheet().set_name(SHEET_NOTES)?,
        summary,
        &layout,
        &styles,
    )?;
    workbook.save_to_buffer()
}

/// Every column title and key, in order.
fn titles(summary: &SweepSummary, layout: &NokLayout) -> Vec<(String, String)> {
    let reqs = &summary.requirements;
    let lead = LEAD.iter().map(|(t, k, _)| (t.to_string(), k.to_string()));
    let info = layout.info.iter().map(|&i| {
        (
            format!("1.1 · {} (на сайте: 1/0)", reqs[i].title),
            reqs[i].id.0.clone(),
        )
    });
    let d11 = DERIVED_11
        .iter()
        .map(|(t, k)| (t.to_string(), k.to_string()));
    let channels = layout.channels.iter().map(|&(i, name)| {
        (
            format!("1.2 · {name} (1/0)"),
            format!("channel:{}", reqs[i].id.0),
        )
    });
    let d12 = DERIVED_12
        .iter()
        .map(|(t, k)| (t.to_string(), k.to_string()));
    let remark = std::iter::once(("Примечание".to_string(), "remark".to_string()));
    let urls = url_columns(layout).into_iter().map(|i| {
        (
            format!("Где найдено: {}", reqs[i].title),
            format!("url:{}", reqs[i].id.0),
        )
    });
    lead.chain(info)
        .chain(d11)
        .chain(channels)
        .chain(d12)
        .chain(remark)
        .chain(urls)
        .collect()
}

/// Requirements with an evidence column: the 1.1 items, then channels that are not items.
fn url_columns(layout: &NokLayout) -> Vec<usize> {
    let mut out = layout.info.clone();
    out.extend(
        layout
            .channels
            .iter()
            .map(|&(i, _)| i)
            .filter(|i| !layout.info.contains(i)),
    );
    out
}

fn write_header(
    sheet: &mut Worksheet,
    summary: &SweepSummary,
    layout: &NokLayout,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let titles = titles(summary, layout);
    let cols = Columns::new(layout);
    for (i, _) in titles.iter().enumerate() {
        let width = match i {
            i if i < LEAD.len() => LEAD[i].2,
            i if i >= cols.urls => 34.0,
            i if i == cols.remark => 40.0,
            _ => 12.0,
        };
        sheet.set_column_width(col(i), width)?;
    }
    sheet.set_row_height(0, 150)?;
    for (i, (title, _)) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col(i), title, &styles.header)?;
    }
    for (i, (_, key)) in titles.iter().enumerate() {
        write_text(sheet, 1, col(i), key, styles)?;
    }
    Ok(())
}

/// The sheet being written, its formats and the hyperlinks it may still hold.
struct Out<'a> {
    sheet: &'a mut Worksheet,
    styles: &'a Styles,
    links_left: &'a mut usize,
}

impl Out<'_> {
    /// A link while the sheet may hold more, the text alone after that.
    fn link(&mut self, (row, column): (RowNum, usize), url: &str) -> Result<(), XlsxError> {
        let target = safe_href(url).filter(|_| *self.links_left > 0);
        if target.is_some() {
            *self.links_left -= 1;
        }
        write_link(self.sheet, (row, col(column)), target, url, self.styles)
    }
}

fn write_site(
    out: Out<'_>,
    row: RowNum,
    summary: &SweepSummary,
    layout: &NokLayout,
    site: &SweepSite,
    load: &ReportLoader<'_>,
) -> Result<(), XlsxError> {
    let mut out = out;
    let report = load(site);
    let styles = out.styles;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    out.link((row, 5), &site.url)?;
    let sheet = &mut *out.sheet;
    sheet.write_number_with_format(row, 0, site.row as f64, &styles.number)?;
    write_text(sheet, row, 1, &opt(&site.name), styles)?;
    write_text(sheet, row, 2, &opt(&site.region), styles)?;
    write_text(sheet, row, 3, &opt(&site.inn), styles)?;
    write_text(sheet, row, 4, &opt(&site.kind), styles)?;
    let checked = report
        .as_ref()
        .map_or(&summary.generated_at, |r| &r.generated_at);
    write_text(sheet, row, 6, &format_timestamp(checked), styles)?;
    let values = NokValues::new(layout, site);
    let cols = Columns::new(layout);
    write_flags(sheet, row, cols.info, &values.info, styles)?;
    write_formulas_11(sheet, row, &cols, layout, &values, styles)?;
    write_flags(sheet, row, cols.channels, &values.channels, styles)?;
    write_formulas_12(sheet, row, &cols, layout, &values, styles)?;
    write_text(sheet, row, col(cols.remark), &remark(site, &values), styles)?;
    for (j, index) in url_columns(layout).into_iter().enumerate() {
        let url = report.as_ref().and_then(|r| {
            let verdict = r
                .requirements
                .iter()
                .find(|v| v.id == summary.requirements[index].id)?;
            (verdict.status != crate::model::Status::Fail)
                .then(|| verdict.evidence.first().map(|e| e.url.clone()))
                .flatten()
        });
        if let Some(url) = url {
            out.link((row, cols.urls + j), &url)?;
        }
    }
    Ok(())
}

/// 1 or 0 per item; an item that could not be checked stays empty.
fn write_flags(
    sheet: &mut Worksheet,
    row: RowNum,
    first: usize,
    flags: &[Option<u8>],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (j, flag) in flags.iter().enumerate() {
        if let Some(flag) = flag {
            sheet.write_number_with_format(
                row,
                col(first + j),
                f64::from(*flag),
                &styles.number,
            )?;
        }
    }
    Ok(())
}

/// Why figures are missing, in words.
fn remark(site: &SweepSite, values: &NokValues) -> String {
    if !site.reachable {
        let why = site
            .error
            .as_deref()
            .unwrap_or("главная страница не загрузилась");
        return format!("Сайт недоступен ({why}): сведения не проверены.");
    }
    if values.undecided == 0 {
        return String::new();
    }
    format!(
        "Не удалось проверить пунктов: {} — они не заполнены; проверьте их вручную.",
        values.undecided
    )
}
