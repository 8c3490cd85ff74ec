//! The real format of a document from its bytes: magic numbers first, then what is inside a zip
//! or an OLE compound file, and only for text-like bytes the extension / content type hints.
//! Sites name `.doc` files `.docx` and serve PDFs as `application/octet-stream`, so a hint alone
//! never decides.

use std::io::{Cursor, Read};

use super::DocFormat;

const PDF_MAGIC: &[u8] = b"%PDF-";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// How far into the file `%PDF-` may start (some generators put junk before it).
const PDF_SCAN_BYTES: usize = 1024;
/// How much of a file is looked at to tell text from binary.
const TEXT_SCAN_BYTES: usize = 4096;

/// Sniffs the real format from the bytes (magic numbers, zip content types), falling back to the
/// extension / content type hints. Never trusts the extension alone (sites name .doc files .docx).
pub fn sniff(bytes: &[u8], extension: Option<&str>, content_type: Option<&str>) -> DocFormat {
    let hinted = hint(extension, content_type);
    let head = bytes.get(..PDF_SCAN_BYTES).unwrap_or(bytes);
    if find(head, PDF_MAGIC).is_some() {
        return DocFormat::Pdf;
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return sniff_zip(bytes, hinted);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return sniff_ole(bytes, hinted);
    }
    let text_start = skip_bom_and_space(bytes);
    if text_start.starts_with(b"{\\rtf") {
        return DocFormat::Rtf;
    }
    if !looks_like_text(bytes) {
        return DocFormat::Unknown;
    }
    if hinted == DocFormat::Html || looks_like_html(text_start) {
        return DocFormat::Html;
    }
    DocFormat::Text
}

/// The format named by an extension (with or without the dot), `Unknown` if none.
pub(crate) fn format_from_extension(extension: &str) -> DocFormat {
    let extension = extension
        .trim()
        .trim_start_matches('.')
        .to_ascii_lowercase();
    match extension.as_str() {
        "pdf" => DocFormat::Pdf,
        "docx" | "docm" | "dotx" => DocFormat::Docx,
        "doc" | "dot" => DocFormat::Doc,
        "odt" => DocFormat::Odt,
        "rtf" => DocFormat::Rtf,
        "xlsx" | "xlsm" => DocFormat::Xlsx,
        "xls" => DocFormat::Xls,
        "ods" => DocFormat::Ods,
        "zip" => DocFormat::Zip,
        "html" | "htm" | "shtml" | "php" | "asp" | "aspx" => DocFormat::Html,
        "txt" | "csv" | "text" => DocFormat::Text,
        _ => DocFormat::Unknown,
    }
}

/// The format the extension or, failing that, the content type names.
fn hint(extension: Option<&str>, content_type: Option<&str>) -> DocFormat {
    match format_from_extension(extension.unwrap_or_default()) {
        DocFormat::Unknown => format_from_content_type(content_type.unwrap_or_default()),
        known => known,
    }
}

fn format_from_content_type(content_type: &str) -> DocFormat {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "application/pdf" => DocFormat::Pdf,
        "application/msword" => DocFormat::Doc,
        "application/vnd.ms-excel" => DocFormat::Xls,
        "application/rtf" | "text/rtf" => DocFormat::Rtf,
        "application/zip" | "application/x-zip-compressed" => DocFormat::Zip,
        "text/html" | "application/xhtml+xml" => DocFormat::Html,
        "text/plain" | "text/csv" => DocFormat::Text,
        m if m.contains("wordprocessingml") => DocFormat::Docx,
        m if m.contains("spreadsheetml") => DocFormat::Xlsx,
        m if m.contains("opendocument.text") => DocFormat::Odt,
        m if m.contains("opendocument.spreadsheet") => DocFormat::Ods,
        _ => DocFormat::Unknown,
    }
}

/// Docx / xlsx / odt / ods / plain zip, by the entries inside. A zip whose directory cannot be
/// read (truncated) keeps a zip-family hint so that the reader reports it as broken.
fn sniff_zip(bytes: &[u8], hinted: DocFormat) -> DocFormat {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return match hinted {
            DocFormat::Docx | DocFormat::Xlsx | DocFormat::Odt | DocFormat::Ods => hinted,
            _ => DocFormat::Zip,
        };
    };
    if archive.index_for_name("word/document.xml").is_some() {
        return DocFormat::Docx;
    }
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return DocFormat::Xlsx;
    }
    let mut mimetype = String::new();
    if let Ok(entry) = archive.by_name("mimetype") {
        // The ODF mimetype entry is a few dozen bytes; a lying one is cut, not trusted.
        let _ = entry.take(200).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => DocFormat::Odt,
        "application/vnd.oasis.opendocument.spreadsheet" => DocFormat::Ods,
        _ => DocFormat::Zip,
    }
}

/// Doc / xls by the streams of the compound file; encrypted OOXML files are OLE files too and keep
/// their hint so that they are reported as encrypted documents of the right kind.
fn sniff_ole(bytes: &[u8], hinted: DocFormat) -> DocFormat {
    let Ok(file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return match hinted {
            DocFormat::Xls | DocFormat::Xlsx => DocFormat::Xls,
            _ => DocFormat::Doc,
        };
    };
    if file.is_stream("/WordDocument") {
        return DocFormat::Doc;
    }
    if file.is_stream("/Workbook") || file.is_stream("/Book") {
        return DocFormat::Xls;
    }
    match hinted {
        DocFormat::Xls | DocFormat::Xlsx => DocFormat::Xls,
        _ => DocFormat::Doc,
    }
}

fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.trim_ascii_start()
}

/// No NUL bytes and few control characters in the head (UTF-16 text has BOMs: allowed).
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let head = bytes.get(..TEXT_SCAN_BYTES).unwrap_or(bytes);
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    !head.contains(&0) && controls * 100 <= head.len()
}

fn looks_like_html(text: &[u8]) -> bool {
    let head = text
        .get(..TEXT_SCAN_BYTES)
        .unwrap_or(text)
        .to_ascii_lowercase();
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || find(&head, b"<html").is_some()
        || find(&head, b"<body").is_some()
}

/// Position of `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}
