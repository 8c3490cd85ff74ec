//! Accepted items in every summary format: «принято» with the reason, and no failure in CI.

use super::sample::*;
use super::*;
use crate::report::Acceptance;
use calamine::{open_workbook, Data, Reader, Xlsx};

/// The sample sweep with the first site's failing fourth requirement accepted.
fn accepted_sweep() -> SweepSummary {
    let mut summary = sweep();
    let id = summary.requirements[3].id.0.clone();
    summary.sites[0].accepted.insert(
        id,
        Acceptance {
            reason: "<b>раздел</b> на перерегистрации".into(),
            by: "Иванова И. И.".into(),
            until: "2027-03-31".into(),
        },
    );
    summary
}

fn write(summary: &SweepSummary, format: SummaryFormat) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = write_format(summary, dir.path(), format, &load).expect("written");
    let text = match format {
        SummaryFormat::Xlsx => String::new(),
        _ => std::fs::read_to_string(&paths[0]).expect("readable"),
    };
    (dir, text)
}

const SAID: &str = "принято до 31.03.2027 (Иванова И. И.)";

#[test]
fn csv_markdown_and_index_say_accepted_with_the_reason() {
    let summary = accepted_sweep();
    let (_d, csv) = write(&summary, SummaryFormat::Csv);
    let first_row = csv.lines().nth(1).expect("a site row");
    assert!(first_row.contains(SAID), "{first_row}");
    assert!(first_row.contains("раздел"), "{first_row}");
    let (_d, md) = write(&summary, SummaryFormat::Markdown);
    assert!(md.contains("## Принятые замечания"), "{md}");
    assert!(
        md.contains("принято до 31.03.2027") && md.contains("&lt;b&gt;"),
        "{md}"
    );
    let (_d, html) = write(&summary, SummaryFormat::Html);
    assert!(html.contains(SAID), "the tooltip data");
    assert!(!html.contains("<b>раздел"), "escaped in the page data");
    let (_d, json) = write(&summary, SummaryFormat::Json);
    let back: SweepSummary = serde_json::from_str(&json).expect("summary.json");
    assert_eq!(back.sites[0].accepted, summary.sites[0].accepted);
    let (_d, plain) = write(&sweep(), SummaryFormat::Markdown);
    assert!(!plain.contains("Принятые замечания"));
}

#[test]
fn junit_skips_an_accepted_failure_instead_of_failing() {
    let count = |xml: &str| xml.matches("<failure ").count();
    let (_d, before) = write(&sweep(), SummaryFormat::Junit);
    let (_d, after) = write(&accepted_sweep(), SummaryFormat::Junit);
    assert_eq!(count(&after), count(&before) - 1);
    assert!(after.contains(SAID), "{after}");
    assert!(after.contains("<property name=\"ruleset\" value=\"1239-886n, версия 2026.11"));
}

#[test]
fn xlsx_status_cell_and_column_say_accepted() {
    let summary = accepted_sweep();
    let (dir, _) = write(&summary, SummaryFormat::Xlsx);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("summary.xlsx")).expect("xlsx");
    let sites = book.worksheet_range(xlsx::SHEET_SITES).expect("sheet");
    let text = |row: u32, col: usize| match sites.get_value((row, col as u32)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let first_req = LEAD_COLUMNS.len();
    assert_eq!(text(2, first_req + 3), "нет, принято");
    let accepted_col = first_req + summary.requirements.len() + 4;
    assert!(
        text(2, accepted_col).contains(SAID),
        "{}",
        text(2, accepted_col)
    );
}
