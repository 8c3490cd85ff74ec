//! The letter as Markdown (`letter.md`): every run's text has its Markdown and HTML markup
//! backslash-escaped and its line breaks flattened, so a title like `<script>` or `[x](javascript:…)`
//! from a site reads as text in any renderer and never becomes a link, a heading or a tag.

use super::{Block, Letter, Look, Run};

/// The Markdown text.
pub(super) fn render(letter: &Letter) -> String {
    let mut out = String::new();
    for block in &letter.blocks {
        let text = match block {
            Block::Title(text) => format!("## {}", escape(text)),
            Block::Heading(text) => format!("### {}", escape(text)),
            Block::Right(runs) => format!("> {}", runs_md(runs)),
            Block::Paragraph(runs) | Block::Item(runs) => runs_md(runs),
            Block::Separator => "---".to_string(),
        };
        out.push_str(&text);
        out.push_str("\n\n");
    }
    out
}

fn runs_md(runs: &[Run]) -> String {
    let mut out: String = runs
        .iter()
        .map(|run| match run.look {
            Look::Plain => escape(&run.text),
            Look::Bold | Look::Placeholder => format!("**{}**", escape(&run.text)),
        })
        .collect();
    guard_line_start(&mut out);
    out
}

/// Inline markup is escaped by [`escape`]; what is markup only at the start of a line (a list
/// marker `-`, `+`, `1.`, `1)`, a setext `=`) is escaped here, where the line starts.
fn guard_line_start(line: &mut String) {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let next = line[digits..].chars().next();
    match next {
        Some('.' | ')') if digits > 0 => line.insert(digits, '\\'),
        Some('-' | '+' | '=') if digits == 0 => line.insert(0, '\\'),
        _ => {}
    }
}

/// The characters CommonMark and GitHub's Markdown give an inline meaning to (emphasis, code,
/// links, images, HTML, entities, tables, strikethrough) are backslash-escaped — a backslash
/// before ASCII punctuation is always a literal — and so is the `:` of `://`, which GitHub
/// would turn into a link; line breaks and other control characters become spaces.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '#' | '|' | '<' | '>' | '~' | '&'
            | '!' => {
                out.push('\\');
                out.push(c);
            }
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
