//! Zip reading with the bomb guards that docx/xlsx/odt/ods and plain zip archives share: the entry
//! count and the declared sizes are checked before anything is inflated, and inflation itself is
//! cut at the limit (`take`), so a header that lies about its size cannot bomb either.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use super::limits::{bomb, Budget, TableSink, TextSink};
use super::{extract_format, sniff, DocFormat, DocLimits, DocOutcome, DocumentText, Extracted};

/// Entries this large are checked against the ratio limit; smaller ones cannot bomb.
const RATIO_FLOOR: u64 = 1024 * 1024;

/// A zip archive whose reads are bounded by the limits and the shared inflation budget.
pub(crate) struct GuardedZip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    max_ratio: u64,
}

impl<'a> GuardedZip<'a> {
    /// Opens the archive and checks the entry count and every declared size.
    pub(crate) fn open(bytes: &'a [u8], limits: &DocLimits) -> Result<Self, DocOutcome> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(broken_zip)?;
        if archive.len() > limits.max_entries {
            return Err(DocOutcome::Rejected(format!(
                "слишком много файлов в архиве: {} (предел {})",
                archive.len(),
                limits.max_entries
            )));
        }
        let mut declared: u64 = 0;
        for index in 0..archive.len() {
            let entry = archive.by_index_raw(index).map_err(broken_zip)?;
            let (size, packed) = (entry.size(), entry.compressed_size());
            if over_ratio(size, packed, limits.max_ratio) {
                return Err(bomb());
            }
            declared = declared.saturating_add(size);
        }
        if declared > limits.max_unpacked_bytes {
            return Err(bomb());
        }
        Ok(GuardedZip {
            archive,
            max_ratio: limits.max_ratio,
        })
    }

    /// Names of the entries, in archive order.
    pub(crate) fn names(&self) -> Vec<String> {
        self.archive.file_names().map(str::to_string).collect()
    }

    /// Whether an entry called `name` exists.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The inflated bytes of `name`, `None` if there is no such entry.
    pub(crate) fn read(
        &mut self,
        name: &str,
        budget: &mut Budget,
    ) -> Result<Option<Vec<u8>>, DocOutcome> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        self.read_index(index, budget).map(Some)
    }

    /// The inflated bytes of entry `index`, counted against the budget as they come.
    pub(crate) fn read_index(
        &mut self,
        index: usize,
        budget: &mut Budget,
    ) -> Result<Vec<u8>, DocOutcome> {
        budget.check_time()?;
        let max_ratio = self.max_ratio;
        let entry = self.archive.by_index(index).map_err(broken_zip)?;
        let ratio_cap = entry
            .compressed_size()
            .saturating_mul(max_ratio)
            .max(RATIO_FLOOR);
        let cap = ratio_cap.min(budget.unpacked_left());
        let mut out = Vec::new();
        entry
            .take(cap.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| DocOutcome::Broken(format!("архив повреждён: {e}")))?;
        if out.len() as u64 > cap {
            return Err(bomb());
        }
        budget.add_unpacked(out.len() as u64)?;
        Ok(out)
    }
}

fn over_ratio(size: u64, packed: u64, max_ratio: u64) -> bool {
    size > RATIO_FLOOR && size > packed.saturating_mul(max_ratio)
}

/// The outcome for a zip error: encrypted entries are `Encrypted`, everything else is broken.
fn broken_zip(error: ZipError) -> DocOutcome {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            DocOutcome::Encrypted
        }
        other => DocOutcome::Broken(format!("архив повреждён: {other}")),
    }
}

/// A plain zip archive: the entry list, then the text of each document inside (one level deep:
/// archives inside are listed, not opened).
pub(crate) fn extract_archive(bytes: &[u8], limits: &DocLimits, budget: &mut Budget) -> Extracted {
    let mut zip = GuardedZip::open(bytes, limits)?;
    let names = zip.names();
    let mut text = TextSink::new(limits.max_text_chars);
    let mut tables = TableSink::new(limits.max_text_chars);
    text.push_line(&format!("Архив: {}", names.join("; ")));
    for (index, name) in names.iter().enumerate() {
        if name.ends_with('/') || text.is_full() {
            continue;
        }
        let inner = zip.read_index(index, budget)?;
        let extension = name.rsplit_once('.').map(|(_, ext)| ext);
        let format = sniff(&inner, extension, None);
        if matches!(format, DocFormat::Zip | DocFormat::Unknown) {
            continue;
        }
        let doc = match extract_format(format, &inner, extension, None, limits, budget) {
            Ok(doc) => doc,
            Err(DocOutcome::Rejected(reason)) => return Err(DocOutcome::Rejected(reason)),
            Err(_) => continue,
        };
        text.push_line(&format!("== {name} =="));
        for line in doc.text.lines() {
            text.push_line(line);
        }
        for table in doc.tables {
            let charged = table
                .iter()
                .map(|row| row.iter().map(|cell| tables.charge(cell)).collect())
                .collect();
            tables.push(charged);
        }
    }
    let mut doc = DocumentText::empty(DocFormat::Zip, DocOutcome::Text);
    doc.text = text.finish();
    doc.tables = tables.finish();
    Ok(doc)
}
