//! RTF: a small tolerant reader of the text (not the formatting).
//!
//! Destinations that are not body text (`\*`, font and colour tables, pictures, objects, headers)
//! are skipped as whole groups; `\'xx` bytes are decoded in the document's `\ansicpg` (windows-1251
//! when absent: Russian documents rarely say), `\uN` gives a UTF-16 unit followed by `\ucN`
//! fallback characters that are skipped. Group nesting is bounded by `max_xml_depth`.

use encoding_rs::{Encoding, WINDOWS_1251};

use super::limits::{too_deep, Budget, TextSink};
use super::{DocFormat, DocLimits, DocOutcome, DocumentText, Extracted};

/// Bytes between two time checks.
const BYTES_PER_CHECK: usize = 64 * 1024;

/// Groups whose content is not body text.
const SKIPPED_DESTINATIONS: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "pict",
    "object",
    "header",
    "footer",
    "headerl",
    "headerr",
    "headerf",
    "footerl",
    "footerr",
    "footerf",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "pgdsctbl",
    "fldinst",
    "filetbl",
    "revtbl",
    "info",
    "bkmkstart",
    "bkmkend",
    "nonshppict",
    "shpinst",
    "private",
    "mmathPr",
    "wgrffmtfilter",
    "defchp",
    "defpap",
];

#[derive(Clone, Copy)]
struct Group {
    skip: bool,
    unicode_skip: usize,
    title: bool,
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    encoding: &'static Encoding,
    stack: Vec<Group>,
    group: Group,
    line: String,
    pending: Vec<u8>,
    /// Fallback characters still to drop after a `\uN`.
    to_skip: usize,
    out: TextSink,
    title: Option<String>,
}

/// Reads an RTF document.
pub(crate) fn extract(bytes: &[u8], limits: &DocLimits, budget: &mut Budget) -> Extracted {
    let mut parser = Parser {
        bytes,
        at: 0,
        encoding: WINDOWS_1251,
        stack: Vec::new(),
        group: Group {
            skip: false,
            unicode_skip: 1,
            title: false,
        },
        line: String::new(),
        pending: Vec::new(),
        to_skip: 0,
        out: TextSink::new(limits.max_text_chars),
        title: None,
    };
    parser.run(limits, budget)?;
    parser.end_line();
    let mut doc = DocumentText::empty(DocFormat::Rtf, DocOutcome::Text);
    doc.title = parser
        .title
        .take()
        .map(|t| super::limits::collapse(&t))
        .filter(|t| !t.is_empty());
    doc.text = parser.out.finish();
    Ok(doc)
}

impl Parser<'_> {
    fn run(&mut self, limits: &DocLimits, budget: &Budget) -> Result<(), DocOutcome> {
        let mut steps = 0usize;
        while let Some(&byte) = self.bytes.get(self.at) {
            steps += 1;
            if steps.is_multiple_of(BYTES_PER_CHECK) {
                budget.check_time()?;
            }
            if self.out.is_full() {
                return Ok(());
            }
            self.at += 1;
            match byte {
                b'{' => {
                    self.flush();
                    if self.stack.len() >= limits.max_xml_depth {
                        return Err(too_deep());
                    }
                    self.stack.push(self.group);
                    self.to_skip = 0;
                }
                b'}' => {
                    self.flush();
                    self.group = self.stack.pop().unwrap_or(self.group);
                    self.to_skip = 0;
                }
                b'\\' => self.control(),
                b'\r' | b'\n' => {}
                other => self.literal_byte(other),
            }
        }
        self.flush();
        Ok(())
    }

    /// A plain byte of text (in the document's code page).
    fn literal_byte(&mut self, byte: u8) {
        if self.skip_fallback() {
            return;
        }
        self.pending.push(byte);
    }

    /// Whether the character just read is a `\uN` fallback to drop.
    fn skip_fallback(&mut self) -> bool {
        if self.to_skip > 0 {
            self.to_skip -= 1;
            return true;
        }
        false
    }

    /// Decodes the pending code-page bytes into the current line.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let (text, _, _) = self.encoding.decode(&self.pending);
        let text = text.into_owned();
        self.pending.clear();
        self.emit(&text);
    }

    fn emit(&mut self, text: &str) {
        if self.group.title {
            self.title.get_or_insert_with(String::new).push_str(text);
        } else if !self.group.skip {
            self.line.push_str(text);
        }
    }

    fn end_line(&mut self) {
        self.flush();
        let line = std::mem::take(&mut self.line);
        self.out.push_line(&line);
    }

    /// After a backslash: a control symbol, `\'xx`, or a control word with its parameter.
    fn control(&mut self) {
        let Some(&next) = self.bytes.get(self.at) else {
            return;
        };
        if !next.is_ascii_alphabetic() {
            self.at += 1;
            return self.control_symbol(next);
        }
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_alphabetic) && self.at - start < 32 {
            self.at += 1;
        }
        let word = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
        let param = self.parameter();
        if self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.control_word(&word, param);
    }

    fn parameter(&mut self) -> Option<i64> {
        let start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) && self.at - start < 11 {
            self.at += 1;
        }
        std::str::from_utf8(&self.bytes[start..self.at])
            .ok()?
            .parse()
            .ok()
    }

    fn control_symbol(&mut self, symbol: u8) {
        match symbol {
            b'\'' => {
                let hex = self.bytes.get(self.at..self.at + 2).unwrap_or_default();
                let value = std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(value) = value {
                    self.at += 2;
                    self.literal_byte(value);
                }
            }
            b'*' => self.group.skip = true,
            b'~' => self.text(" "),
            b'_' => self.text("-"),
            b'\\' | b'{' | b'}' => self.literal_byte(symbol),
            b'\r' | b'\n' => self.end_line(),
            _ => {}
        }
    }

    fn control_word(&mut self, word: &str, param: Option<i64>) {
        if SKIPPED_DESTINATIONS.contains(&word) {
            self.flush();
            self.group.skip = true;
            return;
        }
        match word {
            "title" => {
                self.flush();
                self.group.title = true;
            }
            "ansicpg" => self.encoding = param.and_then(code_page).unwrap_or(WINDOWS_1251),
            "u" => {
                let unit = param.unwrap_or(0);
                // \uN is a signed 16-bit value; negative ones stand for units above 32767.
                let unit = if unit < 0 { unit + 65_536 } else { unit };
                let c = u32::try_from(unit)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                self.text(&c.to_string());
                self.to_skip = self.group.unicode_skip;
            }
            "uc" => self.group.unicode_skip = param.unwrap_or(1).clamp(0, 8) as usize,
            "par" | "line" | "row" | "sect" | "page" => self.end_line(),
            "tab" => self.text("\t"),
            "cell" => self.text(" | "),
            "emdash" => self.text("—"),
            "endash" => self.text("–"),
            "lquote" | "rquote" => self.text("'"),
            "ldblquote" => self.text("«"),
            "rdblquote" => self.text("»"),
            "bullet" => self.text("•"),
            "bin" => {
                let skip = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
                self.at = self.at.saturating_add(skip).min(self.bytes.len());
            }
            _ => {}
        }
    }

    /// Text produced by a control word (counts as one character for `\uc` skipping).
    fn text(&mut self, text: &str) {
        if self.skip_fallback() {
            return;
        }
        self.flush();
        self.emit(text);
    }
}

/// The encoding of a Windows code page number.
fn code_page(number: i64) -> Option<&'static Encoding> {
    let label = match number {
        65001 => "utf-8".to_string(),
        866 => "ibm866".to_string(),
        20866 => "koi8-r".to_string(),
        21866 => "koi8-u".to_string(),
        28595 => "iso-8859-5".to_string(),
        10007 => "x-mac-cyrillic".to_string(),
        874 | 1250..=1258 => format!("windows-{number}"),
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}
