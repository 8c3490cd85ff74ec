//! Limits on the work one document may cost, and the bounded text and table sinks every format
//! writes into, so that no parser can make the output or the time grow past what the caller set.

use std::time::{Duration, Instant};

use super::DocOutcome;

/// How much one document may cost. Every format checks these before and while it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLimits {
    /// Largest input accepted at all.
    pub max_bytes: usize,
    /// Most characters of text kept (also the budget for all table cells together).
    pub max_text_chars: usize,
    /// Most PDF pages read (the page count itself is still reported).
    pub max_pages: usize,
    /// Most bytes inflated from one archive or PDF in total: the zip bomb guard.
    pub max_unpacked_bytes: u64,
    /// Highest unpacked/packed ratio allowed for one zip entry (once it is past 1 MiB).
    pub max_ratio: u64,
    /// Deepest XML (and RTF group) nesting accepted.
    pub max_xml_depth: usize,
    /// Most entries in an archive (and pieces in a DOC, sheets in a workbook).
    pub max_entries: usize,
    /// Time allowed for one document.
    pub timeout: Duration,
}

impl Default for DocLimits {
    fn default() -> Self {
        DocLimits {
            max_bytes: 20 * 1024 * 1024,
            max_text_chars: 1_000_000,
            max_pages: 300,
            max_unpacked_bytes: 100 * 1024 * 1024,
            max_ratio: 100,
            max_xml_depth: 200,
            max_entries: 10_000,
            timeout: Duration::from_secs(20),
        }
    }
}

/// Message for a document that took longer than [`DocLimits::timeout`].
pub(crate) const TIMEOUT_MESSAGE: &str = "превышено время разбора";

/// The running cost of one extraction: a deadline and the bytes inflated so far.
#[derive(Debug)]
pub(crate) struct Budget {
    deadline: Instant,
    unpacked: u64,
    max_unpacked: u64,
}

impl Budget {
    /// A budget that starts now.
    pub(crate) fn new(limits: &DocLimits) -> Self {
        Budget {
            deadline: Instant::now() + limits.timeout,
            unpacked: 0,
            max_unpacked: limits.max_unpacked_bytes,
        }
    }

    /// `Rejected` once the deadline has passed; parsers call this in their loops.
    pub(crate) fn check_time(&self) -> Result<(), DocOutcome> {
        if Instant::now() > self.deadline {
            return Err(DocOutcome::Rejected(TIMEOUT_MESSAGE.to_string()));
        }
        Ok(())
    }

    /// Bytes that may still be inflated.
    pub(crate) fn unpacked_left(&self) -> u64 {
        self.max_unpacked.saturating_sub(self.unpacked)
    }

    /// Records `n` inflated bytes; `Rejected` when the total passes the limit.
    pub(crate) fn add_unpacked(&mut self, n: u64) -> Result<(), DocOutcome> {
        self.unpacked = self.unpacked.saturating_add(n);
        if self.unpacked > self.max_unpacked {
            return Err(bomb());
        }
        Ok(())
    }
}

/// What [`bomb`] says, without the guess at the end.
pub(crate) const BOMB_REASON: &str = "распакованный размер превышает предел";

/// The outcome for an archive or stream that inflates past the limits.
pub(crate) fn bomb() -> DocOutcome {
    DocOutcome::Rejected(format!("{BOMB_REASON} (zip-бомба?)"))
}

/// The outcome for nesting deeper than [`DocLimits::max_xml_depth`].
pub(crate) fn too_deep() -> DocOutcome {
    DocOutcome::Rejected("слишком глубокая вложенность".to_string())
}

/// Plain text with a character cap: lines are whitespace-collapsed, empty ones dropped.
#[derive(Debug)]
pub(crate) struct TextSink {
    text: String,
    chars: usize,
    max_chars: usize,
}

impl TextSink {
    /// An empty sink that keeps at most `max_chars` characters.
    pub(crate) fn new(max_chars: usize) -> Self {
        TextSink {
            text: String::new(),
            chars: 0,
            max_chars,
        }
    }

    /// Appends one line (a paragraph) after collapsing its whitespace.
    pub(crate) fn push_line(&mut self, line: &str) {
        let line = collapse(line);
        if line.is_empty() || self.is_full() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
            self.chars += 1;
        }
        for c in line.chars() {
            if self.chars >= self.max_chars {
                break;
            }
            self.text.push(c);
            self.chars += 1;
        }
    }

    /// Whether more text would be dropped.
    pub(crate) fn is_full(&self) -> bool {
        self.chars >= self.max_chars
    }

    /// The text gathered.
    pub(crate) fn finish(self) -> String {
        self.text
    }
}

/// Tables with a shared budget of cell characters, so that a huge sheet cannot outgrow the text cap.
#[derive(Debug)]
pub(crate) struct TableSink {
    tables: Vec<Vec<Vec<String>>>,
    chars_left: usize,
}

impl TableSink {
    /// An empty sink that keeps at most `max_chars` characters over all cells.
    pub(crate) fn new(max_chars: usize) -> Self {
        TableSink {
            tables: Vec::new(),
            chars_left: max_chars,
        }
    }

    /// Trims `cell` to what is left of the budget and charges it.
    pub(crate) fn charge(&mut self, cell: &str) -> String {
        let kept: String = cell.chars().take(self.chars_left).collect();
        self.chars_left -= kept.chars().count();
        kept
    }

    /// Whether no more cell text fits.
    pub(crate) fn is_full(&self) -> bool {
        self.chars_left == 0
    }

    /// Adds a finished table (rows of already charged cells); empty tables are dropped.
    pub(crate) fn push(&mut self, rows: Vec<Vec<String>>) {
        if rows
            .iter()
            .any(|row| row.iter().any(|cell| !cell.is_empty()))
        {
            self.tables.push(rows);
        }
    }

    /// The tables gathered.
    pub(crate) fn finish(self) -> Vec<Vec<Vec<String>>> {
        self.tables
    }
}

/// `text` with every run of whitespace turned into one space, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
