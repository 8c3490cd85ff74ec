//! Tests of the sweep summaries: every format written into a temporary folder and read back.

use super::sample::*;
use super::*;
use crate::model::Status;
use calamine::{open_workbook, Data, Reader, Xlsx};

/// Writes every format (the default five plus Markdown) into a fresh folder.
pub(super) fn written() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("sweep");
    let mut paths = write_all(&sweep(), &out, &load).expect("summaries written");
    paths.extend(write_format(&sweep(), &out, SummaryFormat::Markdown, &load).expect("md"));
    (dir, paths)
}

pub(super) fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join("sweep").join(name)).expect("summary file readable")
}

#[test]
fn write_all_writes_five_files_and_no_leftovers() {
    let (dir, paths) = written();
    let names: Vec<_> = paths
        .iter()
        .map(|p| p.file_name().and_then(|n| n.to_str()).unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "summary.csv",
            "summary.xlsx",
            "summary.json",
            "index.html",
            "junit.xml",
            "summary.md"
        ]
    );
    let mut on_disk: Vec<_> = std::fs::read_dir(dir.path().join("sweep"))
        .expect("out dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk.len(), 6, "no temporary files left: {on_disk:?}");
}

#[test]
fn format_names_parse() {
    for format in SummaryFormat::DEFAULT_SET
        .into_iter()
        .chain([SummaryFormat::Markdown])
    {
        assert_eq!(format.name().parse::<SummaryFormat>(), Ok(format));
    }
    assert_eq!(" MD ".parse::<SummaryFormat>(), Ok(SummaryFormat::Markdown));
    let err = "pdf".parse::<SummaryFormat>().expect_err("unknown format");
    assert!(err.to_string().contains("«pdf»"));
}

#[test]
fn csv_has_bom_header_and_one_row_per_site() {
    let (dir, _) = written();
    let bytes = std::fs::read(dir.path().join("sweep/summary.csv")).expect("csv");
    let body = bytes
        .strip_prefix(csv::BOM)
        .expect("starts with the UTF-8 BOM");
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let summary = sweep();
    let mut expected: Vec<String> = LEAD_COLUMNS.iter().map(|(ru, _)| ru.to_string()).collect();
    expected.extend(summary.requirements.iter().map(|r| r.id.0.clone()));
    expected.extend(TAIL_COLUMNS.iter().map(|(ru, _)| ru.to_string()));
    assert_eq!(header, expected);
    assert_eq!(&header[..2], ["Строка", "Наименование"]);

    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), summary.sites.len(), "no rows besides the sites");
    let first = &rows[0];
    assert_eq!(&first[1], NAME_SCRIPT);
    assert_eq!(&first[3], "0274000001", "ИНН keeps its leading zero");
    assert_eq!(&first[6], "non_compliant");
    assert_eq!(&first[7], "42,9");
    let statuses: Vec<&str> = (0..summary.requirements.len())
        .map(|i| &first[LEAD_COLUMNS.len() + i])
        .collect();
    assert_eq!(
        statuses,
        ["pass", "pass", "pass", "fail", "fail", "partial", "partial", "unknown", "fail", "pass"]
    );
    let report_col = header.len() - 3;
    assert_eq!(&first[report_col], "kcson.example.ru/report.html");
    assert_eq!(&first[header.len() - 2], "", "nothing accepted");
    assert_eq!(
        &first[header.len() - 1],
        "1239-886n, версия 2026.11 (встроенный)"
    );
    // Formula injection is defused; a hostile report folder gives no path.
    assert_eq!(&rows[2][1], format!("'{NAME_FORMULA}"));
    let unreachable: Vec<&str> = (7..10).map(|i| &rows[2][i]).collect();
    assert_eq!(
        unreachable,
        ["", "", ""],
        "no scores for an unreachable site"
    );
    assert_eq!(&rows[3][2], "'+7 Регион");
    assert_eq!(&rows[3][report_col], "");
    assert_eq!(
        &rows[2][report_col - 1],
        "сайт не отвечает </script><b>&</b>"
    );
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

#[test]
fn xlsx_has_its_sheets_with_expected_cells() {
    let (dir, _) = written();
    let path = dir.path().join("sweep/summary.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("calamine opens summary.xlsx");
    assert_eq!(
        book.sheet_names(),
        [
            xlsx::SHEET_SITES,
            xlsx::SHEET_TOTALS,
            xlsx_rollup::SHEET_REGIONS,
            xlsx_rollup::SHEET_KINDS,
            xlsx_rollup::SHEET_MATRIX,
            xlsx::SHEET_PROBLEMS
        ]
    );
    let summary = sweep();
    let sites = book
        .worksheet_range(xlsx::SHEET_SITES)
        .expect("sites sheet");
    let first_req = LEAD_COLUMNS.len() as u32;
    assert_eq!(cell(&sites, 0, 1), "Наименование");
    assert_eq!(
        cell(&sites, 0, first_req),
        "Учредитель",
        "Russian titles on top"
    );
    assert_eq!(
        cell(&sites, 1, first_req),
        "founder",
        "ids in the second row"
    );
    assert_eq!(cell(&sites, 1, 1), "name");
    assert_eq!(cell(&sites, 2, 0), "2");
    assert_eq!(cell(&sites, 2, 1), NAME_SCRIPT);
    assert_eq!(cell(&sites, 2, 3), "0274000001", "ИНН stays text");
    assert_eq!(cell(&sites, 2, 6), "не соответствует");
    assert_eq!(cell(&sites, 2, 7), "42.857");
    assert_eq!(cell(&sites, 2, first_req + 3), "нет");
    assert_eq!(cell(&sites, 2, first_req + 5), "частично");
    assert_eq!(cell(&sites, 2, first_req + 7), "не определено");
    assert_eq!(cell(&sites, 3, 6), "соответствует");
    assert_eq!(cell(&sites, 4, 6), "сайт недоступен");
    assert_eq!(cell(&sites, 4, 7), "", "no score for an unreachable site");
    // The formula-looking name is a text cell with Excel's quote prefix, not a formula.
    assert_eq!(cell(&sites, 4, 1), NAME_FORMULA);
    let formulas = book.worksheet_formula(xlsx::SHEET_SITES).expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas"
    );
    let tail = first_req + summary.requirements.len() as u32;
    assert_eq!(cell(&sites, 2, tail + 3), "отчёт");
    assert_eq!(cell(&sites, 5, tail + 3), "", "no link to ../evil");
    assert_eq!(sites.height(), 2 + summary.sites.len());

    let totals = book
        .worksheet_range(xlsx::SHEET_TOTALS)
        .expect("totals sheet");
    assert_eq!(cell(&totals, 0, 0), "Код");
    assert_eq!(cell(&totals, 4, 0), "tariffs");
    assert_eq!(cell(&totals, 4, 1), "Тарифы на социальные услуги");
    assert_eq!(cell(&totals, 4, 2), "обязательное");
    // tariffs: pass on the compliant site, fail on two, unknown on the unreachable one.
    let counts: Vec<String> = (3..7).map(|c| cell(&totals, 4, c)).collect();
    assert_eq!(counts, ["1", "0", "2", "1"]);
    assert_eq!(cell(&totals, 4, 7), "0.25");
    assert_eq!(totals.height(), 1 + summary.totals.len());

    let problems = book
        .worksheet_range(xlsx::SHEET_PROBLEMS)
        .expect("problems");
    assert_eq!(cell(&problems, 0, 2), "Проблема");
    assert_eq!(cell(&problems, 1, 0), "6");
    assert_eq!(cell(&problems, 2, 1), "@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(cell(&problems, 2, 2), "<b>не похоже на адрес сайта</b>");
}

#[test]
fn summary_json_round_trips() {
    let (dir, _) = written();
    let text = read(&dir, "summary.json");
    let back: SweepSummary = serde_json::from_str(&text).expect("summary.json parses");
    // Everything but the computed `rollups` is the summary itself.
    let mut written: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert!(written["rollups"]["by_region"].is_array());
    written.as_object_mut().expect("object").remove("rollups");
    assert_eq!(serde_json::to_value(&back).expect("serialises"), written);
    assert_eq!(back.schema, crate::sweep::SWEEP_SCHEMA);
    assert_eq!(back.sites[0].statuses[3], Status::Fail);
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["sites"][0]["statuses"][5], "partial");
}

/// The site data block of `index.html`, parsed.
fn index_data(html: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="site-data">"#;
    let start = html.find(open).expect("data block") + open.len();
    let len = html[start..].find("</script>").expect("data block closes");
    serde_json::from_str(&html[start..start + len]).expect("data block is JSON")
}

#[test]
fn index_html_escapes_names_and_loads_nothing_external() {
    let (dir, _) = written();
    let html = read(&dir, "index.html");
    for name in [NAME_SCRIPT, NAME_IMG, NAME_CLOSE_SCRIPT, UNREACHABLE_ERROR] {
        assert!(!html.contains(name), "raw {name:?} in index.html");
    }
    // In the data block markup characters are \u escapes; the values read back unchanged.
    assert!(html.contains(r"КЦСОН \u003cscript\u003ealert(1)\u003c/script\u003e"));
    let data = index_data(&html);
    let sites = data["sites"].as_array().expect("sites");
    let names: Vec<&str> = sites.iter().map(|s| s[1].as_str().unwrap_or("")).collect();
    assert_eq!(
        names,
        [NAME_SCRIPT, NAME_IMG, NAME_FORMULA, NAME_CLOSE_SCRIPT]
    );
    assert_eq!(sites[2][10].as_str(), Some(UNREACHABLE_ERROR));
    // The data block and our one script, each closed once.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    assert_eq!(html.matches("<!--").count(), 0, "the data slot was filled");
    for external in ["src=\"", "<link", "@import", "url(", "<iframe", "<img"] {
        assert!(
            !html.contains(external),
            "external asset marker {external:?}"
        );
    }
    assert!(!html.contains("href=\"javascript:"));
    assert!(!html.contains("../evil/report.html"));
    // Links: only http(s) site URLs and checked report paths; the hostile ones are null.
    assert_eq!(sites[0][18].as_str(), Some("kcson.example.ru/report.html"));
    assert_eq!(sites[1][6].as_str(), Some("https://good.example.ru/"));
    assert_eq!(sites[1][5].as_str(), Some("good.example.ru"));
    assert!(sites[3][6].is_null() && sites[3][18].is_null());
    assert!(html.contains(r#"<option value="+7 Регион">"#));
    // The script only ever writes text.
    assert!(!html.contains("innerHTML") && !html.contains("insertAdjacentHTML"));
}

#[test]
fn index_html_headline_totals_and_filters() {
    let (dir, _) = written();
    let html = read(&dir, "index.html");
    assert!(html.contains(
        "Проверено 4 сайта: 1 соответствует требованиям, 1 не соответствует, \
         у 1 сайта итог не определён, 1 недоступен."
    ));
    assert!(html.contains("05.03.2026, 10:20 UTC"));
    assert!(html.contains("1239-886n, версия 2026.11"));
    // Totals: the most often missing first; tariffs fails on two sites.
    let tariffs = html
        .find("Тарифы на социальные услуги <span")
        .expect("tariffs total");
    let founder = html.find("Учредитель <span").expect("founder total");
    assert!(tariffs < founder);
    assert!(html.contains(r#"<span class="fail" style="width:50.0%"></span>"#));
    // One status rank digit per requirement; the legend turns it into class, symbol, label.
    let data = index_data(&html);
    let tariffs = data["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .position(|c| c == "Тарифы на социальные услуги")
        .expect("tariffs column");
    let ranks = data["sites"][0][17].as_str().expect("ranks");
    assert_eq!(ranks.len(), data["columns"].as_array().map_or(0, Vec::len));
    assert_eq!(&ranks[tariffs..=tariffs], "0");
    assert_eq!(data["statuses"][0], serde_json::json!(["fail", "✗", "нет"]));
    assert_eq!(data["page_rows"], 100);
    assert!(html.contains(
        r#"<th scope="col" class="req" data-type="num" title="Учредитель">founder</th>"#
    ));
    // Filters and the pager exist but stay hidden until the script shows them.
    assert!(html.contains(r#"<div class="filters" id="filters" hidden>"#));
    assert!(html.contains(r#"<div class="pager" id="pager" hidden>"#));
    assert!(html.contains(r#"<option value="Самарская область">"#));
    assert!(html.contains("Ошибки во входном списке (2)"));
    assert!(html.contains("&lt;b&gt;не похоже на адрес сайта&lt;/b&gt;"));
}

#[test]
fn markdown_escapes_cells() {
    let (dir, _) = written();
    let md = read(&dir, "summary.md");
    assert!(md.contains("КЦСОН &lt;script&gt;alert\\(1\\)&lt;/script&gt;"));
    assert!(!md.contains("<script"));
    assert!(md.contains("| 2 | "));
    assert!(md.contains("| Тарифы на социальные услуги | tariffs | 2 | 0 | 1 | 1 |"));
    assert_eq!(markdown::cell("a|b\nc"), "a\\|b c");
}

#[test]
fn helpers_refuse_what_could_escape() {
    assert_eq!(defuse_formula("=1+1"), "'=1+1");
    assert_eq!(defuse_formula("@x"), "'@x");
    assert_eq!(defuse_formula("-5"), "'-5");
    assert_eq!(defuse_formula("КЦСОН"), "КЦСОН");
    assert_eq!(
        report_rel_path("a.ru"),
        Some("a.ru/report.html".to_string())
    );
    assert_eq!(
        report_rel_path("sites/a.ru/"),
        Some("sites/a.ru/report.html".to_string())
    );
    for bad in [
        "",
        "../x",
        "a/../b",
        "/etc",
        "C:\\x",
        "javascript:x",
        ".hidden",
        "a\u{0}b",
        "a//b",
    ] {
        assert_eq!(report_rel_path(bad), None, "{bad:?}");
    }
    assert_eq!(
        report_href("кцсон.рф x").as_deref(),
        Some("%D0%BA%D1%86%D1%81%D0%BE%D0%BD.%D1%80%D1%84%20x/report.html")
    );
    assert_eq!(safe_href("javascript:alert(1)"), None);
    assert_eq!(
        safe_href(" https://a.ru "),
        Some("https://a.ru/".to_string())
    );
    assert_eq!(
        junit::escape("a\"<&>\n\u{1}"),
        "a&quot;&lt;&amp;&gt;&#10;\u{FFFD}"
    );
}

#[test]
fn an_empty_sweep_still_writes_every_file() {
    let mut summary = sweep();
    summary.sites.clear();
    summary.totals.clear();
    summary.requirements.clear();
    summary.input.problems.clear();
    summary.interrupted = true;
    let dir = tempfile::tempdir().expect("temp dir");
    let no_reports = |_: &SweepSite| None;
    let paths = write_all(&summary, dir.path(), &no_reports).expect("written");
    assert_eq!(paths.len(), 5);
    let html = std::fs::read_to_string(dir.path().join("index.html")).expect("html");
    assert!(html.contains("Проверено 0 сайтов"));
    assert!(html.contains("Проверка была прервана"));
    let junit = std::fs::read_to_string(dir.path().join("junit.xml")).expect("junit");
    let root = super::xml_check::parse(&junit).expect("well-formed");
    assert_eq!(root.attr("tests"), Some("0"));
    let mut book: Xlsx<_> = open_workbook(dir.path().join("summary.xlsx")).expect("xlsx");
    assert_eq!(book.sheet_names().len(), 6);
    assert!(book.worksheet_range(xlsx::SHEET_SITES).is_ok());
}
