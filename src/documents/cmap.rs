//! A tolerant reader of PDF ToUnicode CMaps (the `bfchar` / `bfrange` sections only).
//!
//! lopdf has one, but it accepts only the exact PostScript boilerplate its grammar expects and
//! falls back to StandardEncoding otherwise, which turns Cyrillic into Latin accents; CMaps in
//! the wild vary in that boilerplate, so here only the mapping sections are read.

use std::collections::HashMap;

/// Most mappings kept from one CMap.
const MAX_MAPPINGS: usize = 200_000;
/// Widest `bfrange` accepted (a full two-byte plane).
const MAX_RANGE: u32 = 0xFFFF;

/// Source codes to Unicode text.
#[derive(Debug, Default)]
pub(crate) struct ToUnicode {
    chars: HashMap<u32, String>,
    /// `(low, high, first target code point)`: each code maps to the target plus its offset.
    ranges: Vec<(u32, u32, u32)>,
    /// Bytes per code, from the first codespace range (`None` if the CMap has none).
    pub(crate) code_len: Option<usize>,
}

impl ToUnicode {
    /// Parses a CMap; unknown syntax is skipped, never an error.
    pub(crate) fn parse(data: &[u8]) -> ToUnicode {
        let tokens = tokens(data);
        let mut map = ToUnicode::default();
        let mut at = 0;
        while let Some(token) = tokens.get(at) {
            at += 1;
            match token {
                Token::Word(w) if w == "begincodespacerange" => {
                    if let Some(Token::Hex(low)) = tokens.get(at) {
                        map.code_len.get_or_insert(low.len().clamp(1, 4));
                    }
                }
                Token::Word(w) if w == "beginbfchar" => at = map.bfchar(&tokens, at),
                Token::Word(w) if w == "beginbfrange" => at = map.bfrange(&tokens, at),
                _ => {}
            }
        }
        map
    }

    fn full(&self) -> bool {
        self.chars.len() + self.ranges.len() >= MAX_MAPPINGS
    }

    fn bfchar(&mut self, tokens: &[Token], mut at: usize) -> usize {
        while let (Some(Token::Hex(source)), Some(Token::Hex(target))) =
            (tokens.get(at), tokens.get(at + 1))
        {
            if !self.full() {
                self.chars.insert(code(source), utf16be(target));
            }
            at += 2;
        }
        at
    }

    fn bfrange(&mut self, tokens: &[Token], mut at: usize) -> usize {
        while let (Some(Token::Hex(low)), Some(Token::Hex(high))) =
            (tokens.get(at), tokens.get(at + 1))
        {
            let (low, high) = (code(low), code(high));
            at += 2;
            match tokens.get(at) {
                Some(Token::Hex(target)) => {
                    let first = utf16be(target).chars().next().map_or(0, u32::from);
                    if high >= low && high - low <= MAX_RANGE && !self.full() {
                        self.ranges.push((low, high, first));
                    }
                    at += 1;
                }
                Some(Token::Open) => {
                    at += 1;
                    let mut source = low;
                    while let Some(Token::Hex(target)) = tokens.get(at) {
                        if source <= high && !self.full() {
                            self.chars.insert(source, utf16be(target));
                        }
                        source = source.saturating_add(1);
                        at += 1;
                    }
                    if let Some(Token::Close) = tokens.get(at) {
                        at += 1;
                    }
                }
                _ => break,
            }
        }
        at
    }

    /// The text of one source code, if mapped.
    pub(crate) fn get(&self, source: u32) -> Option<String> {
        if let Some(text) = self.chars.get(&source) {
            return Some(text.clone());
        }
        self.ranges
            .iter()
            .find(|(low, high, _)| (*low..=*high).contains(&source))
            .and_then(|(low, _, first)| char::from_u32(first + (source - low)))
            .map(String::from)
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Word(String),
    Open,
    Close,
}

fn tokens(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(&byte) = data.get(at) {
        match byte {
            b'<' if data.get(at + 1) != Some(&b'<') => {
                let end = data[at..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| at + p);
                out.push(Token::Hex(hex(&data[at + 1..end])));
                at = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                at += 1;
            }
            b']' => {
                out.push(Token::Close);
                at += 1;
            }
            b'%' => {
                at += data[at..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .unwrap_or(data.len() - at);
            }
            b if b.is_ascii_alphanumeric() => {
                let len = data[at..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(data.len() - at);
                out.push(Token::Word(
                    String::from_utf8_lossy(&data[at..at + len]).into_owned(),
                ));
                at += len;
            }
            _ => at += 1,
        }
    }
    out
}

/// Bytes of a hex string (odd trailing digit padded with 0, as the PDF spec says).
fn hex(digits: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = digits
        .iter()
        .filter_map(|b| (*b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
        .collect()
}

fn code(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, b| acc << 8 | u32::from(*b))
}

fn utf16be(bytes: &[u8]) -> String {
    let units = bytes
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)]));
    char::decode_utf16(units).filter_map(Result::ok).collect()
}
