//! Spreadsheets (xlsx, ods, xls) through calamine: each sheet becomes a table and its rows lines
//! of text.
//!
//! calamine inflates the zip itself and builds each sheet as one dense grid, so before it runs
//! every entry is inflated once under the zip guards and the sheets' extent is measured: a sheet
//! with one cell at A1 and one at XFD1048576 would otherwise make calamine allocate 17 billion cells.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Ods, Reader, Xls, Xlsx};

use super::archive::GuardedZip;
use super::limits::{Budget, TableSink, TextSink};
use super::xml::{attr, local, walk, Node};
use super::{DocFormat, DocLimits, DocOutcome, DocumentText, Extracted};

/// Most cells one sheet may span (calamine allocates them all).
const MAX_CELLS: u64 = 2_000_000;

/// Reads an xlsx or ods after the zip and extent checks.
pub(crate) fn extract_zipped(
    format: DocFormat,
    bytes: &[u8],
    limits: &DocLimits,
    budget: &mut Budget,
) -> Extracted {
    check_zipped(format, bytes, limits, budget)?;
    let cursor = Cursor::new(bytes);
    match format {
        DocFormat::Ods => {
            let workbook: Ods<_> = calamine::open_workbook_from_rs(cursor).map_err(broken)?;
            read_workbook(format, workbook, limits, budget)
        }
        _ => {
            let workbook: Xlsx<_> = calamine::open_workbook_from_rs(cursor).map_err(broken)?;
            read_workbook(format, workbook, limits, budget)
        }
    }
}

/// The checks calamine needs before it opens a zipped workbook: the zip guards, every entry
/// inflated once under the budget, and the extent of each sheet of an xlsx or ods (any other
/// `format` gets the zip checks only). Site lists use it too.
pub(crate) fn check_zipped(
    format: DocFormat,
    bytes: &[u8],
    limits: &DocLimits,
    budget: &mut Budget,
) -> Result<(), DocOutcome> {
    let mut zip = GuardedZip::open(bytes, limits)?;
    if format == DocFormat::Ods && super::odf::is_encrypted(&mut zip, budget)? {
        return Err(DocOutcome::Encrypted);
    }
    for (index, name) in zip.names().into_iter().enumerate() {
        let data = zip.read_index(index, budget)?;
        let is_sheet = match format {
            DocFormat::Ods => name == "content.xml",
            DocFormat::Xlsx => name.starts_with("xl/worksheets/") && name.ends_with(".xml"),
            _ => false,
        };
        if is_sheet {
            check_extent(format, &data, limits, budget)?;
        }
    }
    Ok(())
}

/// Reads an xls (already known to be an OLE file with a workbook stream).
pub(crate) fn extract_xls(bytes: &[u8], limits: &DocLimits, budget: &mut Budget) -> Extracted {
    let workbook: Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(broken)?;
    read_workbook(DocFormat::Xls, workbook, limits, budget)
}

/// calamine's errors: password-protected workbooks are `Encrypted`, the rest broken.
fn broken(error: impl std::fmt::Display) -> DocOutcome {
    let message = error.to_string();
    if message.contains("password") {
        return DocOutcome::Encrypted;
    }
    DocOutcome::Broken(format!("таблица не прочитана: {message}"))
}

fn read_workbook<RS: Read + Seek, R: Reader<RS>>(
    format: DocFormat,
    mut workbook: R,
    limits: &DocLimits,
    budget: &mut Budget,
) -> Extracted
where
    R::Error: std::fmt::Display,
{
    let names = workbook.sheet_names();
    if names.len() > limits.max_entries {
        return Err(DocOutcome::Rejected("слишком много листов".to_string()));
    }
    let mut text = TextSink::new(limits.max_text_chars);
    let mut tables = TableSink::new(limits.max_text_chars);
    for name in &names {
        budget.check_time()?;
        if text.is_full() && tables.is_full() {
            break;
        }
        // One unreadable sheet (a chart sheet, say) does not spoil the others.
        let Ok(range) = workbook.worksheet_range(name) else {
            continue;
        };
        let mut rows = Vec::new();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            let line: Vec<&str> = cells
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            text.push_line(&line.join(" | "));
            rows.push(cells.iter().map(|cell| tables.charge(cell)).collect());
        }
        tables.push(rows);
    }
    let mut doc = DocumentText::empty(format, DocOutcome::Text);
    doc.text = text.finish();
    doc.tables = tables.finish();
    doc.pages = Some(names.len());
    Ok(doc)
}

/// A cell as text; dates as ISO 8601 (the plan's «Плановый срок» is often a date cell).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => super::limits::collapse(s),
        Data::DateTime(dt) => excel_date(dt.as_f64()).unwrap_or_else(|| cell.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An Excel serial date (days since 1899-12-30, 1900 system) as `YYYY-MM-DD[THH:MM:SS]`.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = time::macros::datetime!(1899-12-30 0:00);
    let seconds = (serial * 86_400.0).round() as i64;
    let at = epoch.checked_add(time::Duration::seconds(seconds))?;
    let date = at.date();
    let day = format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    if at.time() == time::Time::MIDNIGHT {
        return Some(day);
    }
    Some(format!(
        "{day}T{:02}:{:02}:{:02}",
        at.hour(),
        at.minute(),
        at.second()
    ))
}

/// The area a sheet spans, as calamine will allocate it.
#[derive(Default)]
struct Extent {
    rows: u64,
    cols: u64,
}

impl Extent {
    fn cover(&mut self, row: u64, col: u64) {
        self.rows = self.rows.max(row);
        self.cols = self.cols.max(col);
    }

    fn cells(&self) -> u64 {
        self.rows.saturating_mul(self.cols)
    }
}

/// `Rejected` when a sheet spans more than [`MAX_CELLS`] (also checks the XML depth).
fn check_extent(
    format: DocFormat,
    xml: &[u8],
    limits: &DocLimits,
    budget: &Budget,
) -> Result<(), DocOutcome> {
    let cells = match format {
        DocFormat::Ods => ods_extent(xml, limits, budget)?,
        _ => xlsx_extent(xml, limits, budget)?,
    };
    if cells > MAX_CELLS {
        return Err(DocOutcome::Rejected(format!(
            "слишком большая таблица: {cells} ячеек (предел {MAX_CELLS})"
        )));
    }
    Ok(())
}

/// Extent of an xlsx worksheet from its cell references (`r="AB12"`).
fn xlsx_extent(xml: &[u8], limits: &DocLimits, budget: &Budget) -> Result<u64, DocOutcome> {
    let mut extent = Extent::default();
    walk(xml, limits, budget, |node| {
        if let Node::Open(element) = node {
            if local(element) == b"c" {
                if let Some((row, col)) = attr(element, b"r").as_deref().and_then(cell_ref) {
                    extent.cover(row, col);
                }
            }
        }
    })?;
    Ok(extent.cells())
}

/// Row and column (1-based) of an A1-style reference.
fn cell_ref(reference: &str) -> Option<(u64, u64)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    let col = letters.bytes().try_fold(0u64, |acc, b| {
        b.is_ascii_alphabetic().then(|| {
            acc.saturating_mul(26)
                .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
        })
    })?;
    Some((digits.parse().ok()?, col))
}

/// Extent of the tables of an ods `content.xml`: repeated rows and cells count as many as they
/// repeat, up to the last cell holding a value (trailing empty repeats are not allocated).
fn ods_extent(xml: &[u8], limits: &DocLimits, budget: &Budget) -> Result<u64, DocOutcome> {
    let mut worst = 0u64;
    let mut extent = Extent::default();
    let (mut row_at, mut row_repeat, mut col_at) = (0u64, 1u64, 0u64);
    let mut row_width = 0u64;
    walk(xml, limits, budget, |node| match node {
        Node::Open(element) => match local(element) {
            b"table" => {
                extent = Extent::default();
                row_at = 0;
            }
            b"table-row" => {
                row_repeat = repeats(attr(element, b"number-rows-repeated"));
                col_at = 0;
                row_width = 0;
            }
            b"table-cell" | b"covered-table-cell" => {
                col_at = col_at.saturating_add(repeats(attr(element, b"number-columns-repeated")));
                if attr(element, b"value-type").is_some() {
                    row_width = col_at;
                }
            }
            _ => {}
        },
        Node::Close(name) => match name {
            b"table-row" => {
                row_at = row_at.saturating_add(row_repeat);
                if row_width > 0 {
                    extent.cover(row_at, row_width);
                }
            }
            b"table" => worst = worst.max(extent.cells()),
            _ => {}
        },
        Node::Text(_) => {}
    })?;
    Ok(worst.max(extent.cells()))
}

fn repeats(value: Option<String>) -> u64 {
    value.and_then(|v| v.parse().ok()).unwrap_or(1).max(1)
}
