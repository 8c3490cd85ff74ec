//! PDF text: lopdf parses the file, and a small content-stream walker here turns the text
//! operators into lines, page by page.
//!
//! The walker is ours rather than a ready extractor's because a hostile PDF must not be able to
//! recurse forever (a form XObject that draws itself, a page whose /Parent is itself: stack
//! overflows that `catch_unwind` cannot catch), inflate without bound, or outrun the deadline.
//! Fonts are decoded through their /ToUnicode CMap when they have one (that is how Cyrillic
//! comes out of Word and LibreOffice PDFs), else through their simple /Encoding.

mod streams;
mod walker;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::limits::{Budget, TextSink};
use super::{DocFormat, DocLimits, DocOutcome, DocumentText, Extracted};
use streams::{check_packed_streams, stream_bytes};
use walker::Walker;

/// Average letters per page below which a PDF is taken for a scan without a text layer.
const SCAN_LETTERS_PER_PAGE: usize = 20;

/// Reads a PDF.
pub(crate) fn extract(bytes: &[u8], limits: &DocLimits, budget: &mut Budget) -> Extracted {
    check_packed_streams(bytes, budget)?;
    let doc =
        Document::load_mem(bytes).map_err(|e| DocOutcome::Broken(format!("PDF повреждён: {e}")))?;
    let pages = doc.get_pages();
    if doc.trailer.get(b"Encrypt").is_ok() && (doc.encryption_state.is_none() || pages.is_empty()) {
        return Err(DocOutcome::Encrypted);
    }
    if pages.is_empty() {
        return Err(DocOutcome::Broken("в PDF нет страниц".to_string()));
    }
    let mut sink = TextSink::new(limits.max_text_chars);
    let (mut letters, mut read) = (0usize, 0usize);
    for page_id in pages.values().take(limits.max_pages) {
        budget.check_time()?;
        if sink.is_full() {
            break;
        }
        let text = page_text(&doc, *page_id, budget)?;
        letters += text.chars().filter(|c| c.is_alphabetic()).count();
        read += 1;
        for line in text.lines() {
            sink.push_line(line);
        }
    }
    let scan = !sink.is_full() && letters < SCAN_LETTERS_PER_PAGE * read;
    let mut result = DocumentText::empty(
        DocFormat::Pdf,
        if scan {
            DocOutcome::Scan
        } else {
            DocOutcome::Text
        },
    );
    result.text = sink.finish();
    result.pages = Some(pages.len());
    if let Some(info) = info_dictionary(&doc) {
        result.title = info_text(&doc, info, b"Title").filter(|t| !t.is_empty());
        result.created = info_text(&doc, info, b"CreationDate").and_then(|d| pdf_date(&d));
        result.modified = info_text(&doc, info, b"ModDate").and_then(|d| pdf_date(&d));
    }
    Ok(result)
}

/// The text of one page, lines separated by '\n'.
fn page_text(doc: &Document, page_id: ObjectId, budget: &mut Budget) -> Result<String, DocOutcome> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        if let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) {
            if let Some(data) = stream_bytes(stream, budget)? {
                content.extend_from_slice(&data);
                content.push(b'\n');
            }
        }
    }
    let (resources, inherited) = doc
        .get_page_resources(page_id)
        .unwrap_or((None, Vec::new()));
    let mut dicts: Vec<&Dictionary> = resources.into_iter().collect();
    dicts.extend(
        inherited
            .into_iter()
            .filter_map(|id| doc.get_dictionary(id).ok()),
    );
    let mut walker = Walker::new(doc);
    walker.run(&content, &dicts, &mut vec![page_id], budget)?;
    Ok(walker.finish())
}

pub(super) fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

pub(super) fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn info_dictionary(doc: &Document) -> Option<&Dictionary> {
    deref(doc, doc.trailer.get(b"Info").ok()?).as_dict().ok()
}

fn info_text(doc: &Document, info: &Dictionary, key: &[u8]) -> Option<String> {
    let value = deref(doc, info.get(key).ok()?);
    let text = lopdf::decode_text_string(value).ok()?;
    Some(super::limits::collapse(&text).chars().take(1000).collect())
}

/// `D:YYYYMMDDHHmmSS+HH'mm'` as ISO 8601 (`2024-03-15T10:30:00+03:00`, or just the date).
fn pdf_date(raw: &str) -> Option<String> {
    let raw = raw.trim().trim_start_matches("D:");
    let digits: String = raw.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let part = |from: usize, to: usize| digits.get(from..to).unwrap_or("00").to_string();
    let date = format!("{}-{}-{}", part(0, 4), part(4, 6), part(6, 8));
    if digits.len() < 12 {
        return Some(date);
    }
    let time = format!("{}:{}:{}", part(8, 10), part(10, 12), part(12, 14));
    let zone = match &raw[digits.len()..] {
        z if z.starts_with('Z') => "Z".to_string(),
        z if z.starts_with('+') || z.starts_with('-') => {
            let zd: String = z[1..].chars().filter(char::is_ascii_digit).collect();
            match (zd.get(0..2), zd.get(2..4)) {
                (Some(h), Some(m)) => format!("{}{h}:{m}", &z[..1]),
                (Some(h), None) => format!("{}{h}:00", &z[..1]),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    Some(format!("{date}T{time}{zone}"))
}
