//! HTML and plain-text "documents" (a link to `.htm` or `.txt` among the documents): decoded like
//! any page body, HTML stripped of its markup by the page extractor.

use url::Url;

use super::limits::TextSink;
use super::{DocFormat, DocLimits, DocOutcome, DocumentText};
use crate::fetch::decode::decode_body;

/// Text of an HTML or plain-text document.
pub(crate) fn extract(
    format: DocFormat,
    bytes: &[u8],
    content_type: Option<&str>,
    limits: &DocLimits,
) -> DocumentText {
    let (decoded, _encoding) = decode_body(bytes, content_type);
    let mut doc = DocumentText::empty(format, DocOutcome::Text);
    let mut sink = TextSink::new(limits.max_text_chars);
    if format == DocFormat::Html {
        // The extractor only needs a base for links, which are not used here.
        let base = Url::parse("http://document.invalid/").ok();
        if let Some(base) = base {
            let page = crate::extract::extract(&base, &decoded);
            for line in page.text.lines() {
                sink.push_line(line);
            }
            doc.title = Some(page.title).filter(|t| !t.is_empty());
        }
    } else {
        for line in decoded.lines() {
            sink.push_line(line);
        }
    }
    doc.text = sink.finish();
    doc
}
