//! Workbooks (XLSX, XLSM, XLS, XLSB, ODS) read with calamine into one grid per sheet, rows
//! numbered as the spreadsheet shows them.

use super::table::GridRow;
use calamine::{open_workbook_from_rs, Data, Ods, Reader, Sheets, Xls, Xlsb, Xlsx};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Workbook flavour, from the file extension or its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WorkbookKind {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel 97–2003 (`.xls`).
    Xls,
    /// Excel binary (`.xlsb`).
    Xlsb,
    /// OpenDocument (`.ods`).
    Ods,
    /// Not known: try every reader.
    Any,
}

impl WorkbookKind {
    /// Name shown in error messages.
    pub fn label(self) -> &'static str {
        match self {
            WorkbookKind::Xlsx => "XLSX",
            WorkbookKind::Xls => "XLS",
            WorkbookKind::Xlsb => "XLSB",
            WorkbookKind::Ods => "ODS",
            WorkbookKind::Any => "электронная таблица",
        }
    }
}

/// One sheet's cells.
#[derive(Debug, Clone)]
pub(crate) struct SheetGrid {
    /// Sheet name as the workbook shows it.
    pub name: String,
    /// Non-empty rows.
    pub rows: Vec<GridRow>,
}

/// Reads every sheet of a workbook. `Err` holds the reader's complaint (English, from calamine).
pub(crate) fn read_workbook(bytes: &[u8], kind: WorkbookKind) -> Result<Vec<SheetGrid>, String> {
    // calamine parses untrusted archives; a panic inside it must become this file's error, not
    // end the sweep.
    catch_unwind(AssertUnwindSafe(|| read_sheets(bytes, kind)))
        .unwrap_or_else(|_| Err("внутренняя ошибка чтения файла".to_string()))
}

fn read_sheets(bytes: &[u8], kind: WorkbookKind) -> Result<Vec<SheetGrid>, String> {
    let mut book = open(bytes, kind)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("лист «{name}»: {e}"))?;
        let Some((first_row, first_col)) = range.start() else {
            sheets.push(SheetGrid {
                name,
                rows: Vec::new(),
            });
            continue;
        };
        // Cells left of the used range still count as columns for the header positions.
        let pad = first_col as usize;
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| GridRow {
                number: first_row as usize + i + 1,
                cells: std::iter::repeat_n(String::new(), pad)
                    .chain(cells.iter().map(cell_text))
                    .collect(),
            })
            .filter(GridRow::has_data)
            .collect();
        sheets.push(SheetGrid { name, rows });
    }
    Ok(sheets)
}

fn open(bytes: &[u8], kind: WorkbookKind) -> Result<Sheets<Cursor<&[u8]>>, String> {
    let cursor = Cursor::new(bytes);
    match kind {
        WorkbookKind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        WorkbookKind::Xls => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        WorkbookKind::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        WorkbookKind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        WorkbookKind::Any => {
            calamine::open_workbook_auto_from_rs(cursor).map_err(|e| e.to_string())
        }
    }
}

/// Cell text as the auditor sees it: whole numbers without `.0` (ИНН typed as a number).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_their_fraction() {
        assert_eq!(cell_text(&Data::Float(7701234567.0)), "7701234567");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(&Data::Int(42)), "42");
        assert_eq!(cell_text(&Data::String(" a.ru ".into())), "a.ru");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read_workbook(b"PK\x03\x04garbage", WorkbookKind::Xlsx).is_err());
        assert!(read_workbook(b"not a workbook", WorkbookKind::Any).is_err());
        assert!(read_workbook(
            &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0],
            WorkbookKind::Xls
        )
        .is_err());
    }
}
