//! Text and tables out of the documents a provider site links to (PDF, DOC/DOCX, XLS/XLSX, ODT/ODS,
//! RTF, ZIP, HTML, plain text), safely.
//!
//! Every byte here comes from a site and may be hostile: a zip bomb, a billion-laughs XML, a PDF
//! with reference cycles, or simply a `.doc` renamed `.docx`. So the real format is sniffed from
//! the bytes, every format works within [`DocLimits`] (checked before inflating, and counted while
//! inflating), and every parser runs under `catch_unwind`: a broken document becomes a
//! [`DocOutcome`], never a panic that takes the crawl down.

mod archive;
mod cmap;
mod flow;
mod limits;
mod markup;
mod odf;
mod ole;
mod ooxml;
mod pdf;
mod rtf;
mod sheets;
mod sniff;
#[cfg(test)]
mod tests;
mod xml;

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::Serialize;

pub use limits::DocLimits;
pub(crate) use limits::BOMB_REASON;
pub use sniff::sniff;

use limits::{Budget, TIMEOUT_MESSAGE};

/// The real format of a document, as sniffed from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocFormat {
    /// PDF.
    Pdf,
    /// Word 2007+ (Office Open XML).
    Docx,
    /// Word 97–2003 (OLE compound file).
    Doc,
    /// OpenDocument text.
    Odt,
    /// Rich Text Format.
    Rtf,
    /// Excel 2007+ (Office Open XML).
    Xlsx,
    /// Excel 97–2003 (OLE compound file).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// A plain zip archive of other documents.
    Zip,
    /// An HTML page.
    Html,
    /// Plain text.
    Text,
    /// Nothing recognisable.
    Unknown,
}

impl DocFormat {
    /// Short lowercase name, as in a file extension: "pdf", "docx", …, "unknown".
    pub fn name(self) -> &'static str {
        match self {
            DocFormat::Pdf => "pdf",
            DocFormat::Docx => "docx",
            DocFormat::Doc => "doc",
            DocFormat::Odt => "odt",
            DocFormat::Rtf => "rtf",
            DocFormat::Xlsx => "xlsx",
            DocFormat::Xls => "xls",
            DocFormat::Ods => "ods",
            DocFormat::Zip => "zip",
            DocFormat::Html => "html",
            DocFormat::Text => "text",
            DocFormat::Unknown => "unknown",
        }
    }
}

/// What came of reading a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "reason")]
pub enum DocOutcome {
    /// Text was extracted (possibly cut at [`DocLimits::max_text_chars`]).
    Text,
    /// A PDF (or image-only document) without a text layer: «скан без текста».
    Scan,
    /// A format this module cannot read, e.g. an unreadable DOC: «формат не прочитан».
    Unsupported(String),
    /// Over a limit: too big, zip bomb, too deep, too many entries, timeout.
    Rejected(String),
    /// A truncated or corrupt file, or a parser that panicked (caught).
    Broken(String),
    /// Password-protected.
    Encrypted,
}

/// Text, tables and metadata of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentText {
    /// The sniffed format (the hinted one when the bytes were unrecognisable).
    pub format: DocFormat,
    /// Whether text was extracted, and if not, why.
    pub outcome: DocOutcome,
    /// Plain text: paragraphs separated by '\n', whitespace collapsed within lines.
    pub text: String,
    /// Every table as rows of cell texts (docx/odt tables, each spreadsheet sheet).
    pub tables: Vec<Vec<Vec<String>>>,
    /// PDF pages / spreadsheet sheets.
    pub pages: Option<usize>,
    /// Document metadata title, if any.
    pub title: Option<String>,
    /// Metadata creation date, ISO 8601.
    pub created: Option<String>,
    /// Metadata modification date, ISO 8601.
    pub modified: Option<String>,
}

impl DocumentText {
    /// An empty result of `format` with `outcome`.
    pub fn empty(format: DocFormat, outcome: DocOutcome) -> Self {
        DocumentText {
            format,
            outcome,
            text: String::new(),
            tables: Vec::new(),
            pages: None,
            title: None,
            created: None,
            modified: None,
        }
    }
}

/// What a format reader returns: the document, or the outcome that stopped it.
pub(crate) type Extracted = Result<DocumentText, DocOutcome>;

/// Extracts text. Synchronous, CPU-bound; never panics (a parser panic becomes
/// `Broken("ошибка разбора: …")`). The time limit is checked between steps of the parsers; use
/// [`extract_text_async`] for a hard limit.
pub fn extract_text(
    bytes: &[u8],
    extension: Option<&str>,
    content_type: Option<&str>,
    limits: &DocLimits,
) -> DocumentText {
    let format = sniff(bytes, extension, content_type);
    if bytes.len() > limits.max_bytes {
        let reason = format!("файл больше {} МБ", limits.max_bytes.div_ceil(1024 * 1024));
        return DocumentText::empty(format, DocOutcome::Rejected(reason));
    }
    let caught = catch_unwind(AssertUnwindSafe(|| {
        let mut budget = Budget::new(limits);
        extract_format(format, bytes, extension, content_type, limits, &mut budget)
    }));
    match caught {
        Ok(Ok(doc)) => doc,
        Ok(Err(outcome)) => DocumentText::empty(reported_format(format, extension), outcome),
        Err(panic) => {
            let reason = format!("ошибка разбора: {}", panic_message(panic.as_ref()));
            DocumentText::empty(
                reported_format(format, extension),
                DocOutcome::Broken(reason),
            )
        }
    }
}

/// The same on a blocking thread with a hard time limit: past [`DocLimits::timeout`] the result is
/// `Rejected("превышено время разбора")`. The blocking thread cannot be stopped and may keep
/// running after the timeout until the parser's own checks end it.
pub async fn extract_text_async(
    bytes: Vec<u8>,
    extension: Option<String>,
    content_type: Option<String>,
    limits: DocLimits,
) -> DocumentText {
    let timeout = limits.timeout;
    let format = sniff(&bytes, extension.as_deref(), content_type.as_deref());
    let fallback = reported_format(format, extension.as_deref());
    let task = tokio::task::spawn_blocking(move || {
        extract_text(
            &bytes,
            extension.as_deref(),
            content_type.as_deref(),
            &limits,
        )
    });
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(doc)) => doc,
        Ok(Err(join_error)) => DocumentText::empty(
            fallback,
            DocOutcome::Broken(format!("ошибка разбора: {join_error}")),
        ),
        Err(_elapsed) => {
            DocumentText::empty(fallback, DocOutcome::Rejected(TIMEOUT_MESSAGE.to_string()))
        }
    }
}

/// Runs the reader for `format`.
/// The guards of the document readers for a workbook another reader opens (a list of sites):
/// zip bomb, entry count, and for ODS the extent of its tables (XLSX lists are read cell by cell).
pub(crate) fn check_zipped_workbook(bytes: &[u8], limits: &DocLimits) -> Result<(), DocOutcome> {
    let format = match sniff(bytes, None, None) {
        DocFormat::Ods => DocFormat::Ods,
        _ => DocFormat::Zip,
    };
    sheets::check_zipped(format, bytes, limits, &mut limits::Budget::new(limits))
}

fn extract_format(
    format: DocFormat,
    bytes: &[u8],
    extension: Option<&str>,
    content_type: Option<&str>,
    limits: &DocLimits,
    budget: &mut Budget,
) -> Extracted {
    match format {
        DocFormat::Pdf => pdf::extract(bytes, limits, budget),
        DocFormat::Docx => ooxml::extract(bytes, limits, budget),
        DocFormat::Odt => odf::extract(bytes, limits, budget),
        DocFormat::Xlsx | DocFormat::Ods => sheets::extract_zipped(format, bytes, limits, budget),
        DocFormat::Doc | DocFormat::Xls => ole::extract(format, bytes, limits, budget),
        DocFormat::Rtf => rtf::extract(bytes, limits, budget),
        DocFormat::Zip => archive::extract_archive(bytes, limits, budget),
        DocFormat::Html | DocFormat::Text => {
            Ok(markup::extract(format, bytes, content_type, limits))
        }
        DocFormat::Unknown => Err(unknown_outcome(hinted_format(extension))),
    }
}

/// Why an unrecognisable file could not be read.
fn unknown_outcome(hinted: DocFormat) -> DocOutcome {
    match hinted {
        DocFormat::Unknown => DocOutcome::Unsupported("формат не распознан".to_string()),
        _ => DocOutcome::Broken(format!(
            "файл повреждён или не является {}",
            hinted.name().to_uppercase()
        )),
    }
}

/// The format to report for a failure: the sniffed one, or the extension's when nothing was sniffed.
fn reported_format(sniffed: DocFormat, extension: Option<&str>) -> DocFormat {
    match sniffed {
        DocFormat::Unknown => hinted_format(extension),
        known => known,
    }
}

/// The format an extension names (without trusting it for anything but reporting).
fn hinted_format(extension: Option<&str>) -> DocFormat {
    sniff::format_from_extension(extension.unwrap_or_default())
}

/// The text of a caught panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        return (*text).to_string();
    }
    if let Some(text) = payload.downcast_ref::<String>() {
        return text.clone();
    }
    "паника парсера".to_string()
}
