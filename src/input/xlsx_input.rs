//! Workbooks (XLSX, XLSM, XLS, XLSB, ODS) read with calamine into one grid per sheet, rows
//! numbered as the spreadsheet shows them.

use super::table::GridRow;
use calamine::{open_workbook_from_rs, Cell, Data, DataRef, Ods, Reader, Sheets, Xls, Xlsb, Xlsx};
use std::collections::BTreeMap;
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

/// Columns past this one are ignored: no register has that many, and a cell far to the right
/// must not make every row that wide.
const MAX_COLUMNS: usize = 256;

/// Most grid cells (filled or padding) kept for one sheet.
const MAX_SLOTS: usize = 5_000_000;

fn read_sheets(bytes: &[u8], kind: WorkbookKind) -> Result<Vec<SheetGrid>, String> {
    let mut book = open(bytes, kind)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let in_sheet = |e: &dyn std::fmt::Display| format!("лист «{name}»: {e}");
        // XLSX and XLSB are read cell by cell: calamine's ranges span the corners of the used
        // cells, so a 1 KB file with cells at A1 and XFD1048576 would ask for half a terabyte.
        let rows = match &mut book {
            Sheets::Xlsx(x) => {
                let mut cells = x.worksheet_cells_reader(&name).map_err(|e| in_sheet(&e))?;
                grid_from_cells(|| cells.next_cell().map_err(|e| in_sheet(&e)).map(owned))?
            }
            Sheets::Xlsb(x) => {
                let mut cells = x.worksheet_cells_reader(&name).map_err(|e| in_sheet(&e))?;
                grid_from_cells(|| cells.next_cell().map_err(|e| in_sheet(&e)).map(owned))?
            }
            other => {
                let range = other.worksheet_range(&name).map_err(|e| in_sheet(&e))?;
                grid_from_range(&range)
            }
        };
        sheets.push(SheetGrid { name, rows });
    }
    Ok(sheets)
}

/// A streamed cell as its position and value.
fn owned(cell: Option<Cell<DataRef<'_>>>) -> Option<((u32, u32), Data)> {
    cell.map(|c| (c.get_position(), Data::from(c.get_value().clone())))
}

/// Rows with data from cells in any order, each row as wide as its last filled column.
fn grid_from_cells(
    mut next: impl FnMut() -> Result<Option<((u32, u32), Data)>, String>,
) -> Result<Vec<GridRow>, String> {
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut slots = 0usize;
    while let Some(((row, col), value)) = next()? {
        let col = col as usize;
        let text = cell_text(&value);
        if col >= MAX_COLUMNS || text.is_empty() {
            continue;
        }
        let cells = rows.entry(row).or_default();
        if cells.len() <= col {
            slots += col + 1 - cells.len();
            if slots > MAX_SLOTS {
                return Err(format!("в листе больше {MAX_SLOTS} ячеек"));
            }
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| GridRow {
            number: row as usize + 1,
            cells,
        })
        .filter(GridRow::has_data)
        .collect())
}

/// Rows with data of a range read whole (XLS, ODS).
fn grid_from_range(range: &calamine::Range<Data>) -> Vec<GridRow> {
    let Some((first_row, first_col)) = range.start() else {
        return Vec::new();
    };
    // Cells left of the used range still count as columns for the header positions.
    let pad = first_col as usize;
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| GridRow {
            number: first_row as usize + i + 1,
            cells: std::iter::repeat_n(String::new(), pad)
                .chain(cells.iter().map(cell_text))
                .collect(),
        })
        .filter(GridRow::has_data)
        .collect()
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
    fn cells_far_apart_cost_only_what_they_hold() {
        let cells = vec![
            ((0, 0), Data::String("Сайт".into())),
            ((1, 0), Data::String("kcson.test".into())),
            ((1_048_575, 16_383), Data::String("x".into())),
            ((1_048_575, 2), Data::Float(5.0)),
        ];
        let mut it = cells.into_iter();
        let rows = grid_from_cells(|| Ok(it.next())).expect("grid");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].number, 1);
        assert_eq!(rows[2].number, 1_048_576);
        assert_eq!(rows[2].cells, vec!["", "", "5"]);
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
