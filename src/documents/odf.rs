//! OpenDocument text (odt): paragraphs and tables of `content.xml`, title and dates of
//! `meta.xml`, read through the guarded zip and the depth-counting XML walk.

use super::archive::GuardedZip;
use super::flow::{Flow, Tables};
use super::limits::Budget;
use super::xml::{attr, local, title_and_dates, walk, Node};
use super::{DocFormat, DocLimits, DocOutcome, DocumentText, Extracted};

/// Most spaces one `<text:s text:c="…">` may stand for.
const MAX_SPACES: usize = 64;

/// Reads an odt.
pub(crate) fn extract(bytes: &[u8], limits: &DocLimits, budget: &mut Budget) -> Extracted {
    let mut zip = GuardedZip::open(bytes, limits)?;
    if is_encrypted(&mut zip, budget)? {
        return Err(DocOutcome::Encrypted);
    }
    let content = zip
        .read("content.xml", budget)?
        .ok_or_else(|| DocOutcome::Broken("в ODT нет content.xml".to_string()))?;
    let (text, tables) = content_text(&content, limits, budget)?;
    let mut doc = DocumentText::empty(DocFormat::Odt, DocOutcome::Text);
    doc.text = text;
    doc.tables = tables;
    if let Some(meta) = zip.read("meta.xml", budget)? {
        if let Ok(found) =
            title_and_dates(&meta, limits, budget, [b"title", b"creation-date", b"date"])
        {
            (doc.title, doc.created, doc.modified) = found;
        }
    }
    Ok(doc)
}

/// ODF encrypts entries itself (not with zip encryption) and says so in the manifest.
pub(crate) fn is_encrypted(
    zip: &mut GuardedZip<'_>,
    budget: &mut Budget,
) -> Result<bool, DocOutcome> {
    let manifest = zip
        .read("META-INF/manifest.xml", budget)?
        .unwrap_or_default();
    Ok(super::sniff::find(&manifest, b"encryption-data").is_some())
}

/// Text and tables of `content.xml`.
fn content_text(
    xml: &[u8],
    limits: &DocLimits,
    budget: &Budget,
) -> Result<(String, Tables), DocOutcome> {
    let mut flow = Flow::new(limits.max_text_chars);
    // Comments and tracked deletions are not the document's text.
    let mut skipped = 0usize;
    walk(xml, limits, budget, |node| match node {
        Node::Open(element) => match local(element) {
            b"annotation" | b"tracked-changes" => skipped += 1,
            _ if skipped > 0 => {}
            b"s" => {
                let count = attr(element, b"c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1);
                flow.text(&" ".repeat(count.clamp(1, MAX_SPACES)));
            }
            b"tab" => flow.text("\t"),
            b"line-break" => flow.text(" "),
            b"table" => flow.start_table(),
            _ => {}
        },
        Node::Close(name) => match name {
            b"annotation" | b"tracked-changes" => skipped = skipped.saturating_sub(1),
            _ if skipped > 0 => {}
            b"p" | b"h" => flow.end_paragraph(),
            b"table-cell" | b"covered-table-cell" => flow.end_cell(),
            b"table-row" => flow.end_row(),
            b"table" => flow.end_table(),
            _ => {}
        },
        Node::Text(text) => {
            if skipped == 0 {
                flow.text(text);
            }
        }
    })?;
    Ok(flow.finish())
}
