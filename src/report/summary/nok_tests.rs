//! Tests of the НОК checklist: the 344н figures of the sample sweep worked out by hand, and the
//! workbook read back with calamine (values, formulas, empty stand columns, escaping).
//!
//! The sample rule set has ten requirements; the 1.1 items are its seven mandatory ones
//! (founder, phone, email, tariffs, finance, nok-plan, staff) and its 1.2 channels are phone,
//! email, faq and official-social-page.

use super::nok_scores::{NokLayout, NokValues};
use super::nok_xlsx::{SHEET_CHECKLIST, SHEET_NOTES};
use super::sample::*;
use super::*;
use calamine::{open_workbook, Data, Reader, Xlsx};

/// The sample sweep with the failing site's `staff` decided (fail), so its 1.1 can be computed.
fn decided_sweep() -> SweepSummary {
    let mut summary = sweep();
    summary.sites[0].statuses[7] = Status::Fail;
    summary
}

#[test]
fn layout_takes_mandatory_items_for_11_and_the_344n_channels_for_12() {
    let summary = sweep();
    let layout = NokLayout::new(&summary.requirements);
    let ids = |indices: Vec<usize>| -> Vec<String> {
        indices
            .into_iter()
            .map(|i| summary.requirements[i].id.0.clone())
            .collect()
    };
    let info = ids(layout.info.clone());
    assert_eq!(
        info,
        ["founder", "phone", "email", "tariffs", "finance", "nok-plan", "staff"]
    );
    let channels = ids(layout.channels.iter().map(|(i, _)| *i).collect());
    assert_eq!(channels, ["phone", "email", "faq", "official-social-page"]);
}

#[test]
fn figures_by_hand() {
    let summary = decided_sweep();
    let layout = NokLayout::new(&summary.requirements);
    // Failing site: founder, phone, email present; tariffs, finance missing; nok-plan partial
    // (a dead link is not information): Исайт 3 of 7. Channels: phone, email, VK; no FAQ.
    let failing = NokValues::new(&layout, &summary.sites[0]);
    assert_eq!(
        failing.info,
        [
            Some(1),
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0)
        ]
    );
    assert_eq!(failing.info_present, Some(3));
    assert_eq!(failing.site_percent, Some(300.0 / 7.0));
    assert_eq!(
        (failing.channels_present, failing.channel_points),
        (3, Some(90))
    );
    // Compliant site: 7 of 7 = 100; four channels: 120 points, capped at 100.
    let good = NokValues::new(&layout, &summary.sites[1]);
    assert_eq!(
        (good.info_present, good.site_percent),
        (Some(7), Some(100.0))
    );
    assert_eq!(good.channel_points, Some(100));
    // Unreachable: nothing is known, nothing is computed.
    let down = NokValues::new(&layout, &summary.sites[2]);
    assert!(down.info.iter().all(Option::is_none));
    assert_eq!((down.site_percent, down.channel_points), (None, None));
}

#[test]
fn an_undecided_item_leaves_11_empty_but_four_channels_still_make_100() {
    let summary = sweep();
    let layout = NokLayout::new(&summary.requirements);
    // The sample's failing site has `staff` unknown.
    let failing = NokValues::new(&layout, &summary.sites[0]);
    assert_eq!((failing.info_present, failing.site_percent), (None, None));
    assert_eq!(failing.undecided, 1);
    let mut site = summary.sites[0].clone();
    site.statuses[8] = Status::Pass; // FAQ as well: phone, email, FAQ, VK
    site.statuses[1] = Status::Unknown; // phone undecided: 3 found, 90 or 100 — not known
    let values = NokValues::new(&layout, &site);
    assert_eq!((values.channels_present, values.channel_points), (3, None));
    site.statuses[1] = Status::Pass;
    assert_eq!(NokValues::new(&layout, &site).channel_points, Some(100));
    // Four found and a fifth undecided: 100 whatever the fifth is.
    let mut five = layout.clone();
    five.channels.push((7, "staff as a fifth channel"));
    let values = NokValues::new(&five, &site);
    assert_eq!(
        (values.channels_present, values.channel_points),
        (4, Some(100))
    );
}

fn value(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

/// Writes the checklist of `summary` and opens it.
fn written_checklist(
    summary: &SweepSummary,
) -> (tempfile::TempDir, Xlsx<std::io::BufReader<std::fs::File>>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = write_format(summary, dir.path(), SummaryFormat::NokXlsx, &load).expect("written");
    assert_eq!(paths, [dir.path().join("nok-checklist.xlsx")]);
    let book = open_workbook(&paths[0]).expect("calamine opens the checklist");
    (dir, book)
}

// Columns: 7 lead, 7 items (H–N), Исайт O, Инорм P, 1.1 % Q, вклад R, стенд S–T, Пинф U,
// 4 channels V–Y, Сдист Z, Пдист AA, remark AB, evidence URLs from AC.
const I_SITE: u32 = 14;
const P12: u32 = 26;

#[test]
fn checklist_cells_match_the_figures_by_hand() {
    let (_dir, mut book) = written_checklist(&decided_sweep());
    assert_eq!(book.sheet_names(), [SHEET_CHECKLIST, SHEET_NOTES]);
    let sheet = book.worksheet_range(SHEET_CHECKLIST).expect("checklist");
    assert_eq!(value(&sheet, 1, 7), Data::String("founder".into()));
    assert_eq!(value(&sheet, 2, 1), Data::String(NAME_SCRIPT.into()));
    let row: Vec<Data> = (7..14).map(|c| value(&sheet, 2, c)).collect();
    let flags = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0].map(Data::Float);
    assert_eq!(row, flags);
    assert_eq!(value(&sheet, 2, I_SITE), Data::Float(3.0));
    assert_eq!(value(&sheet, 2, I_SITE + 1), Data::Float(7.0));
    assert_eq!(value(&sheet, 2, I_SITE + 2), Data::Float(300.0 / 7.0));
    assert_eq!(value(&sheet, 2, I_SITE + 3), Data::Float(150.0 / 7.0));
    // The stand is the operator's: empty, and so is Пинф.
    for c in I_SITE + 4..=I_SITE + 6 {
        let v = value(&sheet, 2, c);
        assert!(
            matches!(&v, Data::Empty) || v == Data::String(String::new()),
            "{c}: {v:?}"
        );
    }
    assert_eq!(value(&sheet, 2, P12 - 1), Data::Float(3.0));
    assert_eq!(value(&sheet, 2, P12), Data::Float(90.0));
    assert_eq!(value(&sheet, 3, I_SITE + 2), Data::Float(100.0));
    assert_eq!(value(&sheet, 3, P12), Data::Float(100.0));
    // Unreachable: no 1/0, a remark saying why.
    assert_eq!(value(&sheet, 4, 7), Data::Empty);
    let remark = value(&sheet, 4, P12 + 1).to_string();
    assert!(remark.starts_with("Сайт недоступен"), "{remark}");
    // Evidence URL of founder for the failing site.
    assert_eq!(
        value(&sheet, 2, P12 + 2),
        Data::String("https://kcson.example.ru/uchreditel".into())
    );
}

#[test]
fn checklist_indicators_are_live_formulas_over_the_flags() {
    let (_dir, mut book) = written_checklist(&decided_sweep());
    let formulas = book.worksheet_formula(SHEET_CHECKLIST).expect("formulas");
    let f = |row: u32, col: u32| formulas.get_value((row, col)).cloned().unwrap_or_default();
    assert_eq!(f(2, I_SITE), r#"IF(COUNT(H3:N3)<7,"",SUM(H3:N3))"#);
    assert_eq!(f(2, I_SITE + 2), r#"IF(O3="","",O3/P3*100)"#);
    assert!(
        f(2, I_SITE + 6).contains("(S3/T3+O3/P3)*0.5*100"),
        "{}",
        f(2, I_SITE + 6)
    );
    assert_eq!(f(3, P12 - 1), "SUM(V4:Y4)");
    assert_eq!(
        f(3, P12),
        r#"IF(30*Z4>=100,100,IF(COUNT(V4:Y4)<4,"",30*Z4))"#
    );
    assert!(f(2, 1).is_empty(), "names are never formulas");
}

#[test]
fn notes_sheet_writes_out_the_formulas_and_the_stand_limit() {
    let (_dir, mut book) = written_checklist(&sweep());
    let notes = book.worksheet_range(SHEET_NOTES).expect("notes");
    let text: String = notes.rows().flatten().map(|c| format!("{c}\n")).collect();
    assert!(text.contains("Пинф = (Истенд / Инорм стенд + Исайт / Инорм сайт) × 0,5 × 100"));
    assert!(text.contains("Пдист = Тдист × Сдист"));
    assert!(text.contains("на сайте не видны"));
    assert!(text.contains("Инорм сайт = 7"));
}

#[test]
fn hyperlinks_stop_at_the_budget_and_the_rest_stay_text() {
    use std::io::Read;
    let summary = decided_sweep();
    let links_in = |links_max: usize| {
        let bytes = super::nok_xlsx::build(&summary, &load, links_max).expect("built");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        let mut sheet = zip.by_name("xl/worksheets/sheet1.xml").expect("sheet");
        sheet.read_to_string(&mut xml).expect("xml");
        (
            xml.matches("<hyperlink ").count(),
            xml.contains("https://kcson.example.ru/uchreditel"),
        )
    };
    let (all, _) = links_in(usize::MAX);
    assert!(all > 3, "{all}");
    assert_eq!(links_in(3).0, 3);
    // Past the budget the URLs are still there, as text.
    let bytes = super::nok_xlsx::build(&summary, &load, 0).expect("built");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("c.xlsx");
    std::fs::write(&path, bytes).expect("written");
    let mut book: Xlsx<_> = open_workbook(&path).expect("opens");
    let sheet = book.worksheet_range(SHEET_CHECKLIST).expect("checklist");
    assert_eq!(
        value(&sheet, 2, P12 + 2),
        Data::String("https://kcson.example.ru/uchreditel".into())
    );
}
