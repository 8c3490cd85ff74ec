//! Word 2007+ (docx): paragraphs and tables of `word/document.xml`, title and dates of
//! `docProps/core.xml`, read through the guarded zip and the depth-counting XML walk.

use super::archive::GuardedZip;
use super::flow::{Flow, Tables};
use super::limits::Budget;
use super::xml::{local, title_and_dates, walk, Node};
use super::{DocFormat, DocLimits, DocOutcome, DocumentText, Extracted};

/// Reads a docx.
pub(crate) fn extract(bytes: &[u8], limits: &DocLimits, budget: &mut Budget) -> Extracted {
    let mut zip = GuardedZip::open(bytes, limits)?;
    if zip.contains("EncryptionInfo") {
        return Err(DocOutcome::Encrypted);
    }
    let body = zip
        .read("word/document.xml", budget)?
        .ok_or_else(|| DocOutcome::Broken("в DOCX нет word/document.xml".to_string()))?;
    let (text, tables) = body_text(&body, limits, budget)?;
    let mut doc = DocumentText::empty(DocFormat::Docx, DocOutcome::Text);
    doc.text = text;
    doc.tables = tables;
    if let Some(core) = zip.read("docProps/core.xml", budget)? {
        // Metadata is a bonus: a broken core.xml does not spoil the text.
        if let Ok(meta) =
            title_and_dates(&core, limits, budget, [b"title", b"created", b"modified"])
        {
            (doc.title, doc.created, doc.modified) = meta;
        }
    }
    Ok(doc)
}

/// Text and tables of `word/document.xml`.
fn body_text(
    xml: &[u8],
    limits: &DocLimits,
    budget: &Budget,
) -> Result<(String, Tables), DocOutcome> {
    let mut flow = Flow::new(limits.max_text_chars);
    let mut in_text = false;
    // Inside mc:Fallback Word repeats a text box's content for old readers.
    let mut skipped = 0usize;
    walk(xml, limits, budget, |node| match node {
        Node::Open(element) => match local(element) {
            b"t" => in_text = true,
            b"tab" if skipped == 0 => flow.text("\t"),
            b"br" | b"cr" if skipped == 0 => flow.text(" "),
            b"tbl" if skipped == 0 => flow.start_table(),
            b"Fallback" => skipped += 1,
            _ => {}
        },
        Node::Close(name) => match name {
            b"t" => in_text = false,
            b"Fallback" => skipped = skipped.saturating_sub(1),
            _ if skipped > 0 => {}
            b"p" => flow.end_paragraph(),
            b"tc" => flow.end_cell(),
            b"tr" => flow.end_row(),
            b"tbl" => flow.end_table(),
            _ => {}
        },
        Node::Text(text) => {
            if in_text && skipped == 0 {
                flow.text(text);
            }
        }
    })?;
    Ok(flow.finish())
}
