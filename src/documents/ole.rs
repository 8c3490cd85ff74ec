//! OLE compound files: xls through calamine, doc through its piece table.
//!
//! No pure-Rust crate reads Word 97–2003 text, so this follows the format itself ([MS-DOC]): the
//! FIB in the `WordDocument` stream points at the CLX in the table stream, whose piece table says
//! where each run of the main text lies and whether it is UTF-16LE or one byte per character.
//! That is the structure Word itself reads, not a guess over the bytes; field codes are dropped
//! and their results kept. Text that still does not look readable (Word 6/95 files, damaged
//! tables) is reported as `Unsupported("формат DOC не прочитан")` rather than as garbage.

use std::io::{Cursor, Read};

use encoding_rs::WINDOWS_1252;

use super::limits::{Budget, TextSink};
use super::{sheets, DocFormat, DocLimits, DocOutcome, DocumentText, Extracted};

/// `wIdent` of a Word binary file.
const WORD_MAGIC: u16 = 0xA5EC;
/// FIB flag: the document is encrypted.
const F_ENCRYPTED: u16 = 0x0100;
/// FIB flag: the table stream is `1Table` (else `0Table`).
const F_WHICH_TBL_STM: u16 = 0x0200;
/// Index of `fcClx` among the FIB's fc/lcb pairs.
const CLX_PAIR: usize = 33;
/// Piece descriptor flag: one byte (cp1252) per character.
const FC_COMPRESSED: u32 = 0x4000_0000;

fn unsupported() -> DocOutcome {
    DocOutcome::Unsupported("формат DOC не прочитан".to_string())
}

/// Reads a doc or xls.
pub(crate) fn extract(
    format: DocFormat,
    bytes: &[u8],
    limits: &DocLimits,
    budget: &mut Budget,
) -> Extracted {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| DocOutcome::Broken(format!("файл OLE повреждён: {e}")))?;
    // Encrypted docx/xlsx are OLE files holding the encrypted package.
    if file.is_stream("/EncryptedPackage") {
        return Err(DocOutcome::Encrypted);
    }
    if format == DocFormat::Xls {
        drop(file);
        return sheets::extract_xls(bytes, limits, budget);
    }
    let word = read_stream(&mut file, "/WordDocument", limits)?.ok_or_else(unsupported)?;
    let fib = Fib::parse(&word).ok_or_else(unsupported)?;
    if fib.flags & F_ENCRYPTED != 0 {
        return Err(DocOutcome::Encrypted);
    }
    let table_name = if fib.flags & F_WHICH_TBL_STM != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = read_stream(&mut file, table_name, limits)?.ok_or_else(unsupported)?;
    let clx = table.get(fib.clx.clone()).ok_or_else(unsupported)?;
    let pieces = piece_table(clx, limits)?;
    let raw = main_text(
        &word,
        &pieces,
        fib.text_chars.min(limits.max_text_chars.saturating_mul(2)),
        budget,
    )?;
    let text = visible_text(&raw);
    if !is_readable(&text) {
        return Err(unsupported());
    }
    let mut sink = TextSink::new(limits.max_text_chars);
    for line in text.lines() {
        sink.push_line(line);
    }
    let mut doc = DocumentText::empty(DocFormat::Doc, DocOutcome::Text);
    doc.text = sink.finish();
    Ok(doc)
}

/// A whole stream, `None` if absent; streams larger than the input limit are rejected.
fn read_stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    path: &str,
    limits: &DocLimits,
) -> Result<Option<Vec<u8>>, DocOutcome> {
    if !file.is_stream(path) {
        return Ok(None);
    }
    let stream = file
        .open_stream(path)
        .map_err(|e| DocOutcome::Broken(format!("файл OLE повреждён: {e}")))?;
    let cap = limits.max_bytes as u64;
    let mut out = Vec::new();
    stream
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| DocOutcome::Broken(format!("файл OLE повреждён: {e}")))?;
    if out.len() as u64 > cap {
        return Err(DocOutcome::Rejected(
            "слишком большой поток OLE".to_string(),
        ));
    }
    Ok(Some(out))
}

/// The parts of the File Information Block that locate the text.
struct Fib {
    flags: u16,
    text_chars: usize,
    clx: std::ops::Range<usize>,
}

impl Fib {
    fn parse(word: &[u8]) -> Option<Fib> {
        if u16_at(word, 0)? != WORD_MAGIC {
            return None;
        }
        let flags = u16_at(word, 0x0A)?;
        // FibBase (32 bytes), then counted arrays: fibRgW (u16s), fibRgLw (u32s), fibRgFcLcb.
        let csw = usize::from(u16_at(word, 32)?);
        let rg_lw = 32 + 2 + csw * 2;
        let cslw = usize::from(u16_at(word, rg_lw)?);
        let text_chars = u32_at(word, rg_lw + 2 + 3 * 4)? as usize;
        let rg_fc_lcb = rg_lw + 2 + cslw * 4;
        let pairs = usize::from(u16_at(word, rg_fc_lcb)?);
        if pairs <= CLX_PAIR {
            return None;
        }
        let pair = rg_fc_lcb + 2 + CLX_PAIR * 8;
        let fc = u32_at(word, pair)? as usize;
        let lcb = u32_at(word, pair + 4)? as usize;
        Some(Fib {
            flags,
            text_chars,
            clx: fc..fc.checked_add(lcb)?,
        })
    }
}

/// One run of text: character positions `cp_start..cp_end` stored at `fc`.
struct Piece {
    cp_start: usize,
    cp_end: usize,
    fc: u32,
}

/// The piece table inside the CLX (after any property modifiers).
fn piece_table(clx: &[u8], limits: &DocLimits) -> Result<Vec<Piece>, DocOutcome> {
    let mut at = 0usize;
    while clx.get(at) == Some(&0x01) {
        let size = usize::from(u16_at(clx, at + 1).ok_or_else(unsupported)?);
        at += 3 + size;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(unsupported());
    }
    let size = u32_at(clx, at + 1).ok_or_else(unsupported)? as usize;
    let plc = clx
        .get(at + 5..)
        .and_then(|rest| rest.get(..size))
        .ok_or_else(unsupported)?;
    let count = plc.len().saturating_sub(4) / 12;
    if count > limits.max_entries.saturating_mul(10) {
        return Err(DocOutcome::Rejected(
            "слишком много фрагментов текста в DOC".to_string(),
        ));
    }
    let descriptors = (count + 1) * 4;
    (0..count)
        .map(|i| {
            Some(Piece {
                cp_start: u32_at(plc, i * 4)? as usize,
                cp_end: u32_at(plc, (i + 1) * 4)? as usize,
                fc: u32_at(plc, descriptors + i * 8 + 2)?,
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(unsupported)
}

/// The main document text (the first `text_chars` characters), still with Word's marks.
fn main_text(
    word: &[u8],
    pieces: &[Piece],
    text_chars: usize,
    budget: &Budget,
) -> Result<String, DocOutcome> {
    let mut text = String::new();
    for piece in pieces {
        budget.check_time()?;
        // Overlapping pieces of a hostile file could repeat the same run many times.
        if text.len() > text_chars.saturating_mul(4) {
            break;
        }
        let end = piece.cp_end.min(text_chars);
        if piece.cp_start >= end {
            continue;
        }
        let chars = end - piece.cp_start;
        if piece.fc & FC_COMPRESSED != 0 {
            let offset = ((piece.fc & !FC_COMPRESSED) / 2) as usize;
            let bytes = word
                .get(offset..offset.saturating_add(chars))
                .ok_or_else(unsupported)?;
            text.push_str(&WINDOWS_1252.decode_without_bom_handling(bytes).0);
        } else {
            let offset = piece.fc as usize;
            let bytes = word
                .get(offset..offset.saturating_add(chars.saturating_mul(2)))
                .ok_or_else(unsupported)?;
            let units = bytes
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]));
            text.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
        }
    }
    Ok(text)
}

/// Word's marks turned into text: paragraph and cell marks, field codes dropped, results kept.
fn visible_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // For each open field: whether its code part (before the separator) is still running.
    let mut fields: Vec<bool> = Vec::new();
    for c in raw.chars() {
        match c {
            '\u{13}' => fields.push(true),
            '\u{14}' => {
                if let Some(in_code) = fields.last_mut() {
                    *in_code = false;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            _ if fields.iter().any(|&in_code| in_code) => {}
            '\r' | '\u{0B}' | '\u{0C}' => out.push('\n'),
            '\u{07}' => out.push_str(" | "),
            '\t' => out.push('\t'),
            '\u{1E}' => out.push('-'),
            '\u{A0}' => out.push(' '),
            c if c.is_control() || c == '\u{1F}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Mostly letters, digits, spaces and punctuation: what a real document's text is.
fn is_readable(text: &str) -> bool {
    let total = text.chars().filter(|c| !c.is_whitespace()).count();
    if total == 0 {
        return false;
    }
    let good = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .filter(|&c| c.is_alphanumeric() || c.is_ascii_punctuation() || "«»—–№“”„•|".contains(c))
        .count();
    good * 10 >= total * 8
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let pair = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([pair[0], pair[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let quad = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]]))
}
