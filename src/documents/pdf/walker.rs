//! The content-stream walk: text operators to lines, form XObjects followed to a bounded depth
//! (never into themselves), fonts decoded through ToUnicode CMaps first.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

use super::super::cmap::ToUnicode;
use super::super::limits::Budget;
use super::super::DocOutcome;
use super::streams::stream_bytes;
use super::{deref, number};

/// Nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// Largest ToUnicode CMap accepted.
const MAX_CMAP_BYTES: u64 = 4 * 1024 * 1024;
/// Most fonts read per resource set.
const MAX_FONTS: usize = 256;

/// The text state of a content stream walk.
pub(super) struct Walker<'d> {
    doc: &'d Document,
    lines: Vec<String>,
    line: String,
    /// Text line matrix `[a b c d e f]`.
    tlm: [f32; 6],
    last_y: Option<f32>,
    font_size: f32,
    leading: f32,
    /// Characters shown since the last positioning, to guess whether a move is a word gap.
    shown: usize,
}

impl<'d> Walker<'d> {
    pub(super) fn new(doc: &'d Document) -> Self {
        Walker {
            doc,
            lines: Vec::new(),
            line: String::new(),
            tlm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            last_y: None,
            font_size: 10.0,
            leading: 0.0,
            shown: 0,
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.new_line();
        self.lines.join("\n")
    }

    fn new_line(&mut self) {
        if !self.line.trim().is_empty() {
            self.lines.push(std::mem::take(&mut self.line));
        }
        self.line.clear();
        self.shown = 0;
    }

    /// Walks one content stream with the resource dictionaries in lookup order; `stack` holds the
    /// page and the forms being drawn, so that a form drawing itself is not followed.
    pub(super) fn run(
        &mut self,
        content: &[u8],
        resources: &[&'d Dictionary],
        stack: &mut Vec<ObjectId>,
        budget: &mut Budget,
    ) -> Result<(), DocOutcome> {
        let Ok(content) = Content::decode(content) else {
            return Ok(());
        };
        let decoders = fonts(self.doc, resources, budget)?;
        let mut font: Option<&FontDecoder<'_>> = None;
        for (index, op) in content.operations.iter().enumerate() {
            if index % 1024 == 0 {
                budget.check_time()?;
            }
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands.first().and_then(|n| n.as_name().ok());
                    font = name
                        .and_then(|n| decoders.iter().find(|(k, _)| k == n))
                        .and_then(|(_, d)| d.as_ref());
                    if let Some(size) = op.operands.get(1).and_then(number) {
                        self.font_size = size.abs();
                    }
                }
                "BT" => self.tlm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                "Tm" => self.set_matrix(op),
                "Td" | "TD" => self.move_by(op),
                "TL" => self.leading = op.operands.first().and_then(number).unwrap_or(0.0),
                "T*" => self.next_line(),
                "Tj" | "TJ" => self.show(font, &op.operands),
                "'" | "\"" => {
                    self.next_line();
                    self.show(
                        font,
                        op.operands
                            .last()
                            .map(std::slice::from_ref)
                            .unwrap_or_default(),
                    );
                }
                "Do" => self.draw_form(op, resources, stack, budget)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn set_matrix(&mut self, op: &Operation) {
        let values: Vec<f32> = op.operands.iter().filter_map(number).collect();
        if let [a, b, c, d, e, f] = values[..] {
            let gap = e - self.tlm[4];
            self.position([a, b, c, d, e, f], gap);
        }
    }

    fn move_by(&mut self, op: &Operation) {
        let (Some(tx), Some(ty)) = (
            op.operands.first().and_then(number),
            op.operands.get(1).and_then(number),
        ) else {
            return;
        };
        if op.operator == "TD" {
            self.leading = -ty;
        }
        let [a, b, c, d, e, f] = self.tlm;
        let moved = [a, b, c, d, e + tx * a + ty * c, f + tx * b + ty * d];
        self.position(moved, tx * a);
    }

    fn next_line(&mut self) {
        let [a, b, c, d, e, f] = self.tlm;
        let ty = -self.leading;
        self.position([a, b, c, d, e + ty * c, f + ty * d], 0.0);
        if self.leading == 0.0 {
            self.new_line();
        }
    }

    /// Moves to `matrix`: a new line when the baseline changes, a space when the horizontal move
    /// is wider than the text shown since the last move (glyph widths are guessed, not read).
    fn position(&mut self, matrix: [f32; 6], dx: f32) {
        let y = matrix[5];
        let scale = self.tlm[0].abs().max(0.01);
        match self.last_y {
            Some(last) if (last - y).abs() > self.font_size.max(1.0) * scale * 0.5 => {
                self.new_line()
            }
            _ => {
                let shown_width = self.shown as f32 * self.font_size * 0.5 * scale;
                if dx.abs() > shown_width + self.font_size * scale * 0.2
                    && !self.line.ends_with(' ')
                {
                    self.line.push(' ');
                }
            }
        }
        self.tlm = matrix;
        self.last_y = Some(y);
        self.shown = 0;
    }

    fn show(&mut self, font: Option<&FontDecoder<'_>>, operands: &[Object]) {
        let Some(font) = font else {
            return;
        };
        if self.last_y.is_none() {
            self.last_y = Some(self.tlm[5]);
        }
        for operand in operands {
            match operand {
                Object::String(bytes, _) => {
                    let text = font.decode(bytes);
                    self.shown += text.chars().count();
                    self.line.extend(text.chars().filter(|c| *c != '\u{FFFD}'));
                }
                Object::Array(items) => self.show(Some(font), items),
                // A large negative adjustment (thousandths of an em) is a word gap.
                other => {
                    if number(other).is_some_and(|n| n < -200.0) && !self.line.ends_with(' ') {
                        self.line.push(' ');
                    }
                }
            }
        }
    }

    /// `Do` of a form XObject: its content with its own resources first.
    fn draw_form(
        &mut self,
        op: &Operation,
        resources: &[&'d Dictionary],
        stack: &mut Vec<ObjectId>,
        budget: &mut Budget,
    ) -> Result<(), DocOutcome> {
        let Some(name) = op.operands.first().and_then(|n| n.as_name().ok()) else {
            return Ok(());
        };
        let Some(id) = resources.iter().find_map(|r| xobject_id(self.doc, r, name)) else {
            return Ok(());
        };
        if stack.len() > MAX_FORM_DEPTH || stack.contains(&id) {
            return Ok(());
        }
        let Ok(form) = self.doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(());
        };
        if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        let Some(content) = stream_bytes(form, budget)? else {
            return Ok(());
        };
        let own = form
            .dict
            .get(b"Resources")
            .and_then(|r| deref(self.doc, r).as_dict())
            .ok();
        let mut lookup: Vec<&'d Dictionary> = own.into_iter().collect();
        lookup.extend_from_slice(resources);
        stack.push(id);
        let result = self.run(&content, &lookup, stack, budget);
        stack.pop();
        result
    }
}

/// The object id of XObject `name` in one resource dictionary.
fn xobject_id(doc: &Document, resources: &Dictionary, name: &[u8]) -> Option<ObjectId> {
    let xobjects = deref(doc, resources.get(b"XObject").ok()?).as_dict().ok()?;
    xobjects.get(name).ok()?.as_reference().ok()
}

/// How one font's codes become text: its ToUnicode CMap first (that is how Cyrillic comes out
/// of Word and LibreOffice PDFs, whatever /Encoding says), then its simple /Encoding.
struct FontDecoder<'d> {
    cmap: Option<ToUnicode>,
    code_len: usize,
    simple: Option<Encoding<'d>>,
}

impl FontDecoder<'_> {
    fn decode(&self, bytes: &[u8]) -> String {
        let Some(cmap) = &self.cmap else {
            return self
                .simple
                .as_ref()
                .and_then(|e| e.bytes_to_string(bytes).ok())
                .unwrap_or_default();
        };
        let mut out = String::new();
        for chunk in bytes.chunks(self.code_len) {
            let source = chunk.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
            match cmap.get(source) {
                Some(text) => out.push_str(&text),
                None if self.code_len == 1 => {
                    if let Some(text) = self
                        .simple
                        .as_ref()
                        .and_then(|e| e.bytes_to_string(chunk).ok())
                    {
                        out.push_str(&text);
                    }
                }
                None => {}
            }
        }
        out
    }
}

/// The fonts of the resource dictionaries (the first one naming a font wins); `None` for a font
/// whose codes cannot become text.
type Fonts<'d> = Vec<(Vec<u8>, Option<FontDecoder<'d>>)>;

fn fonts<'d>(
    doc: &'d Document,
    resources: &[&'d Dictionary],
    budget: &mut Budget,
) -> Result<Fonts<'d>, DocOutcome> {
    let mut found: Fonts<'d> = Vec::new();
    for resource in resources {
        let Some(font_map) = resource
            .get(b"Font")
            .ok()
            .and_then(|f| deref(doc, f).as_dict().ok())
        else {
            continue;
        };
        for (name, font) in font_map.iter() {
            if found.len() >= MAX_FONTS || found.iter().any(|(known, _)| known == name) {
                continue;
            }
            let decoder = match deref(doc, font).as_dict() {
                Ok(font) => font_decoder(doc, font, budget)?,
                Err(_) => None,
            };
            found.push((name.clone(), decoder));
        }
    }
    Ok(found)
}

fn font_decoder<'d>(
    doc: &'d Document,
    font: &'d Dictionary,
    budget: &mut Budget,
) -> Result<Option<FontDecoder<'d>>, DocOutcome> {
    let composite =
        font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0".as_slice());
    let mut cmap = None;
    if let Some(stream) = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|t| deref(doc, t).as_stream().ok())
    {
        match stream_bytes(stream, budget)? {
            Some(data) if (data.len() as u64) <= MAX_CMAP_BYTES => {
                cmap = Some(ToUnicode::parse(&data))
            }
            _ => {}
        }
    }
    if composite {
        // Composite font codes are glyph ids: without a CMap there is no text in them.
        let Some(cmap) = cmap else {
            return Ok(None);
        };
        let code_len = cmap.code_len.unwrap_or(2);
        return Ok(Some(FontDecoder {
            cmap: Some(cmap),
            code_len,
            simple: None,
        }));
    }
    let simple = font.get_font_encoding(doc).ok();
    Ok(Some(FontDecoder {
        cmap,
        code_len: 1,
        simple,
    }))
}
