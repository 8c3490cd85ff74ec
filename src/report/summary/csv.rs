//! `summary.csv`: one row per site, for Excel and for scripts.
//!
//! Choices, each for a reason:
//! - UTF-8 **with a BOM**: without it Excel on Windows reads the file as CP1251 and shows
//!   Cyrillic as mojibake; the BOM is the only marker Excel honours on a double-click.
//! - `;` as separator: Russian-locale Excel uses `;` as its list separator (`,` is the decimal
//!   mark), so a comma-separated file opens as one column; `;` files open as a table.
//! - Decimal comma in `Открытость, %` for the same reason (`92,6` is a number to Russian Excel).
//! - Requirement columns are headed by the canonical id and hold the canonical status words
//!   `pass|partial|fail|unknown`: the file is also read by programs, and those words never change.
//! - No rows after the sites: input problems are in `summary.json`, `summary.xlsx`, `index.html`.

use super::{
    accepted_text, decimal_ru, defuse_formula, printable, report_rel_path, ruleset_label, scores,
    status_at, status_key, SweepSite, SweepSummary, LEAD_COLUMNS, TAIL_COLUMNS,
};
use std::io::{self, Write};

/// The UTF-8 byte order mark.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The whole file: BOM, header, one row per site, straight into `out`.
pub(super) fn write(summary: &SweepSummary, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut writer = ::csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    writer.write_record(header(summary))?;
    for site in &summary.sites {
        writer.write_record(row(summary, site))?;
    }
    writer.flush()
}

fn header(summary: &SweepSummary) -> Vec<String> {
    let lead = LEAD_COLUMNS.iter().map(|(ru, _)| ru.to_string());
    let reqs = summary.requirements.iter().map(|r| r.id.0.clone());
    let tail = TAIL_COLUMNS.iter().map(|(ru, _)| ru.to_string());
    lead.chain(reqs).chain(tail).collect()
}

/// Free text from the input list or the site goes through [`defuse_formula`].
fn text(value: Option<&str>) -> String {
    defuse_formula(&printable(value.unwrap_or_default())).into_owned()
}

fn row(summary: &SweepSummary, site: &SweepSite) -> Vec<String> {
    let mut cells = vec![
        site.row.to_string(),
        text(site.name.as_deref()),
        text(site.region.as_deref()),
        text(site.inn.as_deref()),
        text(site.kind.as_deref()),
        text(Some(&site.url)),
        text(Some(&site.verdict)),
    ];
    let scores = scores(site);
    cells.extend(
        [
            scores.as_ref().map(|s| decimal_ru(s.percent)),
            scores.as_ref().map(|s| s.feedback.to_string()),
            scores.as_ref().map(|s| s.mandatory_passed.to_string()),
        ]
        .map(Option::unwrap_or_default),
    );
    cells.extend((0..summary.requirements.len()).map(|i| {
        status_at(site, i)
            .map(status_key)
            .unwrap_or_default()
            .to_string()
    }));
    cells.extend([
        site.pages_fetched.to_string(),
        site.errors.to_string(),
        text(site.error.as_deref()),
        text(report_rel_path(&site.dir).as_deref()),
        text(Some(&accepted_text(site))),
        text(Some(&ruleset_label(summary))),
    ]);
    cells
}
