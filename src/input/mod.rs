//! Input of a sweep: the list of institutions as auditors have it — a CSV or XLSX export of a
//! register, or a plain text file of addresses — turned into [`SiteList`]: one [`SiteEntry`] per
//! distinct site and one [`InputProblem`] per row that cannot be checked.
//!
//! Every data row ends up as exactly one site or one problem, so `sites + problems == rows` and
//! the auditor can account for each line of the register.

mod columns;
mod csv_input;
mod error;
mod table;
mod text_input;
mod url_cell;
mod xlsx_input;

pub use columns::URL_HEADERS;
pub use error::InputError;
pub use table::OTHER_ADDRESSES;
pub use url_cell::{read_site_address, AddressProblem, SiteAddress};

use crate::documents::{DocLimits, DocOutcome};
use crate::sweep::{InputInfo, InputProblemRecord};
use serde::{Deserialize, Serialize};
use std::path::Path;
use xlsx_input::WorkbookKind;

/// One site to check, with what the list says about its institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteEntry {
    /// Row number as a spreadsheet shows it (header row = 1) / line number of a text file.
    pub row: usize,
    /// Normalised start URL.
    pub url: url::Url,
    /// The URL cell as written.
    pub raw_url: String,
    /// Institution name.
    pub name: Option<String>,
    /// Region (or district when the list has no region column).
    pub region: Option<String>,
    /// ИНН.
    pub inn: Option<String>,
    /// Type or category of the institution.
    pub kind: Option<String>,
    /// Other columns as (header, value), in file order; also «другие адреса» from the URL cell.
    pub extra: Vec<(String, String)>,
}

/// A row that will not be checked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputProblem {
    /// Row number as a spreadsheet shows it / line number.
    pub row: usize,
    /// The URL cell as written (may be empty).
    pub value: String,
    /// What is wrong, one Russian sentence.
    pub problem: String,
}

/// Everything read from one list file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteList {
    /// Path (or name) of the list.
    pub source: String,
    /// Data rows read (header, title and blank rows excluded).
    pub rows: usize,
    /// Distinct sites, in row order.
    pub sites: Vec<SiteEntry>,
    /// Rows that are not checked, in row order.
    pub problems: Vec<InputProblem>,
    /// Column headers (empty for a text list).
    pub columns: Vec<String>,
    /// Header of the column the addresses were taken from (`None` for a text list).
    pub url_column: Option<String>,
    /// True when no header named the address column and it was recognised by its values.
    pub url_column_by_content: bool,
}

impl SiteList {
    /// The summary of this list for `summary.json`.
    pub fn input_info(&self) -> InputInfo {
        InputInfo {
            source: self.source.clone(),
            rows: self.rows,
            sites: self.sites.len(),
            problems: self.problems.iter().map(InputProblemRecord::from).collect(),
        }
    }
}

impl From<&InputProblem> for InputProblemRecord {
    fn from(p: &InputProblem) -> Self {
        InputProblemRecord {
            row: p.row,
            value: p.value.clone(),
            problem: p.problem.clone(),
        }
    }
}

/// Reads a list file, choosing the format by extension and, failing that, by content.
pub fn load_site_list(path: &Path) -> Result<SiteList, InputError> {
    let source = path.display().to_string();
    let read_error = |e| InputError::Read {
        file: source.clone(),
        source: e,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    let limit = DocLimits::default().max_bytes as u64;
    if size > limit {
        return Err(InputError::TooLarge {
            file: source,
            size: size.div_ceil(MIB),
            limit: limit / MIB,
        });
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    parse_site_list(&bytes, &source, &path.to_string_lossy())
}

/// Reads a list held in memory (an upload) exactly as [`load_site_list`] reads a file:
/// `source` names it in messages, `file_name`'s extension chooses the format.
pub fn parse_site_list(
    bytes: &[u8],
    source: &str,
    file_name: &str,
) -> Result<SiteList, InputError> {
    let limit = DocLimits::default().max_bytes as u64;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(InputError::TooLarge {
            file: source.to_string(),
            size: size.div_ceil(MIB),
            limit: limit / MIB,
        });
    }
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if let Some(kind) = workbook_kind(&ext, bytes) {
        return parse_workbook(bytes, source, kind);
    }
    match ext.as_str() {
        "csv" => parse_csv_bytes(bytes, source),
        "tsv" | "tab" => parse_csv_with(&csv_input::decode_text(bytes), source, Some(b'\t')),
        "txt" | "list" => non_empty(parse_text_or_table(bytes, source)),
        _ => {
            let text = csv_input::decode_text(bytes);
            if first_line_has_separators(&text) {
                parse_csv_with(&text, source, None)
            } else {
                non_empty(parse_text_lines(&text, source))
            }
        }
    }
}

/// Parses a CSV list (UTF-8 with or without BOM, UTF-16 with BOM, windows-1251; `;`, `,` or tab).
pub fn parse_csv_bytes(bytes: &[u8], source: &str) -> Result<SiteList, InputError> {
    parse_csv_with(&csv_input::decode_text(bytes), source, None)
}

/// Parses a plain list: one address per line, `#` comments and blank lines skipped.
pub fn parse_text_lines(text: &str, source: &str) -> SiteList {
    text_input::parse_lines(text, source)
}

/// Parses a workbook (XLSX, XLSM, XLS, XLSB or ODS): the first sheet with a URL column is used.
pub fn parse_workbook_bytes(bytes: &[u8], source: &str) -> Result<SiteList, InputError> {
    let kind = workbook_kind("", bytes).unwrap_or(WorkbookKind::Any);
    parse_workbook(bytes, source, kind)
}

fn parse_csv_with(text: &str, source: &str, delimiter: Option<u8>) -> Result<SiteList, InputError> {
    let delimiter = delimiter.unwrap_or_else(|| csv_input::sniff_delimiter(text));
    let grid = csv_input::read_grid(text, delimiter);
    if grid.is_empty() {
        return Err(InputError::Empty {
            file: source.to_string(),
        });
    }
    table::grid_to_list(&grid, source).map_err(|headers| InputError::NoUrlColumn {
        file: source.to_string(),
        sheets: Vec::new(),
        headers,
    })
}

fn parse_workbook(bytes: &[u8], source: &str, kind: WorkbookKind) -> Result<SiteList, InputError> {
    guard_container(bytes, source)?;
    // A renamed file (`.xls` that is really XLSX) still opens when its own reader fails.
    let sheets = xlsx_input::read_workbook(bytes, kind)
        .or_else(|first| match kind {
            WorkbookKind::Any => Err(first),
            _ => xlsx_input::read_workbook(bytes, WorkbookKind::Any).map_err(|_| first),
        })
        .map_err(|message| InputError::Spreadsheet {
            file: source.to_string(),
            format: kind.label().to_string(),
            message,
        })?;
    let mut first_headers: Option<Vec<String>> = None;
    for sheet in sheets.iter().filter(|s| !s.rows.is_empty()) {
        match table::grid_to_list(&sheet.rows, source) {
            Ok(list) => return Ok(list),
            Err(headers) => {
                first_headers.get_or_insert(headers);
            }
        }
    }
    let Some(headers) = first_headers else {
        return Err(InputError::Empty {
            file: source.to_string(),
        });
    };
    Err(InputError::NoUrlColumn {
        file: source.to_string(),
        sheets: sheets.iter().map(|s| s.name.clone()).collect(),
        headers,
    })
}

const MIB: u64 = 1024 * 1024;

/// A zipped workbook (XLSX, XLSB, ODS) goes through the zip-bomb (and, for ODS, table extent)
/// guards of the document readers before calamine, which has none, inflates it. Damaged archives
/// are left to calamine's message.
fn guard_container(bytes: &[u8], source: &str) -> Result<(), InputError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let limits = DocLimits::default();
    match crate::documents::check_zipped_workbook(bytes, &limits) {
        Err(DocOutcome::Rejected(reason)) => {
            let reason = if reason.starts_with(crate::documents::BOMB_REASON) {
                format!(
                    "при распаковке он больше {} МиБ или сжат больше чем в {} раз",
                    limits.max_unpacked_bytes / MIB,
                    limits.max_ratio
                )
            } else {
                reason
            };
            Err(InputError::Bomb {
                file: source.to_string(),
                reason,
            })
        }
        _ => Ok(()),
    }
}

/// A list file without a single row is a mistake (wrong file, unsaved export), not an empty sweep.
fn non_empty(list: SiteList) -> Result<SiteList, InputError> {
    match list.rows {
        0 => Err(InputError::Empty { file: list.source }),
        _ => Ok(list),
    }
}

/// A `.txt` export from Excel is tab-separated with a header; a hand-made one is one URL a line.
fn parse_text_or_table(bytes: &[u8], source: &str) -> SiteList {
    let text = csv_input::decode_text(bytes);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if first.contains('\t') || first.contains(';') {
        if let Ok(list) = parse_csv_with(&text, source, None) {
            return list;
        }
    }
    parse_text_lines(&text, source)
}

/// Workbook flavour by extension, or by magic bytes (a renamed file is still a workbook).
fn workbook_kind(ext: &str, bytes: &[u8]) -> Option<WorkbookKind> {
    let by_ext = match ext {
        "xlsx" | "xlsm" => Some(WorkbookKind::Xlsx),
        "xls" => Some(WorkbookKind::Xls),
        "xlsb" => Some(WorkbookKind::Xlsb),
        "ods" => Some(WorkbookKind::Ods),
        _ => None,
    };
    if by_ext.is_some() {
        return by_ext;
    }
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    {
        return Some(WorkbookKind::Any);
    }
    None
}

fn first_line_has_separators(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains([';', ',', '\t']))
}

#[cfg(test)]
mod tests;
