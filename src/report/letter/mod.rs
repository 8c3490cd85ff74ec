//! The letter to the institution (`socaudit report DIR --format letter`): per site a formal
//! Russian letter, `letter.docx` for the auditor to edit and sign and `letter.md` beside it,
//! with placeholders («[номер]», «[дата]», «[подпись]») where the auditor fills in.
//!
//! The wording is built once as [`Block`]s ([`content`]); each format renders them and escapes
//! every run — in DOCX as XML text, in Markdown by backslash-escaping the markup — because
//! titles, notes, evidence and the institution's name come from the site or the list.

mod content;
mod docx;
mod markdown;
#[cfg(test)]
mod tests;

use super::summary::{report_rel_dir, ReportLoader};
use super::{write_atomically, ReportError, SiteReport};
use crate::sweep::SweepSummary;
use std::path::{Path, PathBuf};

/// File name of the DOCX letter in a site's folder.
pub const DOCX_NAME: &str = "letter.docx";
/// File name of the Markdown letter in a site's folder.
pub const MARKDOWN_NAME: &str = "letter.md";

/// A letter: blocks in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// The blocks.
    pub blocks: Vec<Block>,
}

/// One block of the letter.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The subject line, centred and bold.
    Title(String),
    /// A section heading.
    Heading(String),
    /// A right-aligned line (the addressee).
    Right(Vec<Run>),
    /// A paragraph.
    Paragraph(Vec<Run>),
    /// A numbered item of a section (the number is in its first run).
    Item(Vec<Run>),
    /// A horizontal line setting a part apart.
    Separator,
}

/// A piece of text with one look.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text as it should read (unescaped).
    pub text: String,
    /// How it looks.
    pub look: Look,
}

/// How a run looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Ordinary text.
    Plain,
    /// Bold (item titles).
    Bold,
    /// A place the auditor fills in: shown as «[…]», highlighted.
    Placeholder,
}

impl Run {
    fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            look: Look::Plain,
        }
    }

    fn bold(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            look: Look::Bold,
        }
    }

    fn placeholder(what: &str) -> Self {
        Run {
            text: format!("[{what}]"),
            look: Look::Placeholder,
        }
    }
}

/// The letter for one site; `name` is the institution's name from the list, if any.
pub fn build(report: &SiteReport, name: Option<&str>) -> Letter {
    content::build(report, name)
}

/// Writes `letter.docx` and `letter.md` into `dir`; returns their paths.
pub fn write_site(
    report: &SiteReport,
    name: Option<&str>,
    dir: &Path,
) -> Result<Vec<PathBuf>, ReportError> {
    let letter = build(report, name);
    let docx_path = dir.join(DOCX_NAME);
    let bytes = docx::render(&letter).map_err(|e| ReportError::Write {
        path: docx_path.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomically(&docx_path, &bytes)?;
    let md_path = dir.join(MARKDOWN_NAME);
    write_atomically(&md_path, markdown::render(&letter).as_bytes())?;
    Ok(vec![docx_path, md_path])
}

/// Writes the letters of every site of a sweep into its folder under `out` (sites whose stored
/// report cannot be read, or whose folder name could point outside `out`, are skipped).
pub(crate) fn write_for_sweep(
    summary: &SweepSummary,
    out: &Path,
    load: &ReportLoader<'_>,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut written = Vec::new();
    for site in &summary.sites {
        let (Some(dir), Some(report)) = (report_rel_dir(&site.dir), load(site)) else {
            continue;
        };
        written.extend(write_site(&report, site.name.as_deref(), &out.join(dir))?);
    }
    Ok(written)
}
