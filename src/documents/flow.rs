//! Paragraphs and tables of a word-processing document (docx, odt) as its XML is walked: the
//! format readers only say where paragraphs, rows and cells start and end.
//!
//! Table rows go to `tables` and also into the text with cells joined by " | ", so that text
//! search sees a plan row as one line. A table nested in a cell adds its own table and puts its
//! text into the enclosing cell.

use super::limits::{collapse, TableSink, TextSink};

/// Tables as rows of cell texts.
pub(crate) type Tables = Vec<Vec<Vec<String>>>;

#[derive(Default)]
struct TableBuild {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Vec<String>,
}

/// The document being built.
pub(crate) struct Flow {
    text: TextSink,
    tables: TableSink,
    paragraph: String,
    max_paragraph_bytes: usize,
    open: Vec<TableBuild>,
}

impl Flow {
    /// An empty document with the text and table budgets of `max_chars` each.
    pub(crate) fn new(max_chars: usize) -> Self {
        Flow {
            text: TextSink::new(max_chars),
            tables: TableSink::new(max_chars),
            paragraph: String::new(),
            max_paragraph_bytes: max_chars.saturating_mul(4),
            open: Vec::new(),
        }
    }

    /// Text of the current paragraph (cut when the text budget is spent).
    pub(crate) fn text(&mut self, text: &str) {
        if self.paragraph.len() < self.max_paragraph_bytes {
            self.paragraph.push_str(text);
        }
    }

    /// Ends the current paragraph.
    pub(crate) fn end_paragraph(&mut self) {
        let paragraph = collapse(&std::mem::take(&mut self.paragraph));
        if paragraph.is_empty() {
            return;
        }
        match self.open.last_mut() {
            Some(table) => table.cell.push(paragraph),
            None => self.text.push_line(&paragraph),
        }
    }

    /// Starts a table.
    pub(crate) fn start_table(&mut self) {
        self.end_paragraph();
        self.open.push(TableBuild::default());
    }

    /// Ends the current cell.
    pub(crate) fn end_cell(&mut self) {
        self.end_paragraph();
        if let Some(table) = self.open.last_mut() {
            let cell = std::mem::take(&mut table.cell).join(" ");
            let cell = self.tables.charge(&cell);
            table.row.push(cell);
        }
    }

    /// Ends the current row, writing it into the text too.
    pub(crate) fn end_row(&mut self) {
        self.end_paragraph();
        let Some(table) = self.open.last_mut() else {
            return;
        };
        if !table.cell.is_empty() {
            let cell = std::mem::take(&mut table.cell).join(" ");
            let cell = self.tables.charge(&cell);
            table.row.push(cell);
        }
        let row = std::mem::take(&mut table.row);
        let line = row
            .iter()
            .filter(|cell| !cell.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" | ");
        table.rows.push(row);
        match self.open.len() {
            1 => self.text.push_line(&line),
            _ => self.paragraph.push_str(&format!("{line} ")),
        }
    }

    /// Ends the current table.
    pub(crate) fn end_table(&mut self) {
        self.end_paragraph();
        if let Some(table) = self.open.pop() {
            if !self.tables.is_full() {
                self.tables.push(table.rows);
            }
        }
        if !self.open.is_empty() {
            // The nested table's rows were gathered as paragraph text of the enclosing cell.
            self.end_paragraph();
        }
    }

    /// Text and tables.
    pub(crate) fn finish(mut self) -> (String, Tables) {
        self.end_paragraph();
        while !self.open.is_empty() {
            self.end_table();
        }
        (self.text.finish(), self.tables.finish())
    }
}
