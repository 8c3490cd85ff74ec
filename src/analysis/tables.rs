//! Tables out of HTML, in the shape `documents` gives for DOCX and spreadsheets (rows of cell
//! texts), and what the analyses share about tables: which rows are the header.

use super::re;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

/// Bytes of HTML parsed; beyond that a page is not a document page anyway.
const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;
/// Tables kept, in document order.
const MAX_TABLES: usize = 200;
/// Rows kept per table.
const MAX_ROWS: usize = 5000;
/// Cells kept per row.
const MAX_CELLS_PER_ROW: usize = 100;
/// Characters kept per cell (a layout table's cell may hold a whole page).
const MAX_CELL_CHARS: usize = 2000;
/// Cells kept over all tables.
const MAX_TOTAL_CELLS: usize = 200_000;
/// How far up from a row its table is looked for; rows deeper than that inside odd markup
/// (`<tr><div>…<td>`) are dropped rather than walked up a hostile depth.
const MAX_ANCESTOR_STEPS: usize = 64;
/// Header rows looked at, counting a title row and the numbering row.
const MAX_HEADER_ROWS: usize = 4;

/// Every `<table>` of `html` as rows of cell texts (whitespace-collapsed; `<br>` and blocks give
/// spaces). `rowspan`/`colspan` are ignored, header rows are kept as rows. A table nested in a
/// cell is a table of its own, and its text is also part of the outer cell. Capped in tables,
/// rows, cells and characters; tables without rows are left out.
pub fn html_tables(html: &str) -> Vec<Vec<Vec<String>>> {
    let html = super::head_bytes(html, MAX_HTML_BYTES);
    let doc = Html::parse_document(html);
    // Parsed once per process, not for every document.
    static SELECTORS: std::sync::LazyLock<Option<(Selector, Selector)>> =
        std::sync::LazyLock::new(|| {
            Selector::parse("table")
                .ok()
                .zip(Selector::parse("tr").ok())
        });
    let Some((table_sel, row_sel)) = &*SELECTORS else {
        return Vec::new();
    };
    tables_in(doc.select(table_sel), doc.select(row_sel))
}

/// [`html_tables`] of a document already parsed (the page extractor parses each page once and
/// finds its elements through its own index): `tables` and `rows` are the document's `<table>`
/// and `<tr>` elements, each in document order.
pub fn tables_in<'a>(
    tables: impl Iterator<Item = ElementRef<'a>>,
    rows: impl Iterator<Item = ElementRef<'a>>,
) -> Vec<Vec<Vec<String>>> {
    let mut index = HashMap::new();
    for (i, table) in tables.take(MAX_TABLES).enumerate() {
        index.insert(table.id(), i);
    }
    let mut tables: Vec<Vec<Vec<String>>> = vec![Vec::new(); index.len()];
    let mut total_cells = 0;
    for row in rows {
        let owner = row
            .ancestors()
            .take(MAX_ANCESTOR_STEPS)
            .find(|n| n.value().as_element().is_some_and(|e| e.name() == "table"));
        let Some(&t) = owner.and_then(|n| index.get(&n.id())) else {
            continue;
        };
        if tables[t].len() >= MAX_ROWS {
            continue;
        }
        let cells: Vec<String> = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .take(MAX_CELLS_PER_ROW)
            .map(cell_text)
            .collect();
        if cells.is_empty() {
            continue;
        }
        total_cells += cells.len();
        if total_cells > MAX_TOTAL_CELLS {
            break;
        }
        tables[t].push(cells);
    }
    tables.retain(|t| !t.is_empty());
    tables
}

fn cell_text(cell: ElementRef) -> String {
    let mut raw = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => raw.push_str(t),
            Node::Element(e) if is_break(e.name()) => raw.push(' '),
            _ => {}
        }
        // Collapsing may shrink it a lot, so keep a margin over the character cap.
        if raw.len() > MAX_CELL_CHARS * 8 {
            break;
        }
    }
    super::snippet(&raw, MAX_CELL_CHARS)
}

fn is_break(name: &str) -> bool {
    matches!(
        name,
        "br" | "p" | "div" | "li" | "tr" | "td" | "th" | "table" | "h1" | "h2" | "h3" | "h4"
    )
}

/// How many rows at the top of `table` are its header: up to [`MAX_HEADER_ROWS`], ending before
/// the first data row (a row numbered «1», «1.», «1.1» with text beside it). A numbering row
/// («1 2 3 4 5», the forms print one under the header) ends the header and is included.
pub(crate) fn header_len(table: &[Vec<String>]) -> usize {
    let mut n = 0;
    for row in table.iter().take(MAX_HEADER_ROWS) {
        if is_numbering_row(row) {
            return n + 1;
        }
        if is_data_row(row) {
            break;
        }
        n += 1;
    }
    n
}

fn is_numbering_row(row: &[String]) -> bool {
    let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
    filled.len() >= 2
        && filled
            .iter()
            .all(|c| re!(r"^\s*\d{1,2}\.?\s*$").is_match(c))
}

fn is_data_row(row: &[String]) -> bool {
    let mut filled = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let Some(first) = filled.next() else {
        return false;
    };
    re!(r"^\d{1,3}(\.\d{1,3})*\.?$").is_match(first)
        && filled.any(|c| !re!(r"^[\d\s.,]*$").is_match(c))
}

/// A whole cell that is a number: «92,5», «98.40», «100», «85 баллов», «96,2%».
pub(crate) fn cell_number(cell: &str) -> Option<f64> {
    let c = re!(r"^\s*(\d{1,3}(?:[.,]\d{1,3})?)\s*(?:балл\w*|%)?\s*$").captures(cell)?;
    c[1].replace(',', ".").parse().ok()
}
