//! Lists of sites that attack the reader: zip bombs (honest and lying headers), too many entries,
//! a file larger than any register. Each fails fast with one sentence naming the file, and the
//! guards are the document readers' own (`documents::archive`).

#[path = "support/docgen.rs"]
mod docgen;

use socaudit::input::{load_site_list, InputError};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write list");
    path
}

fn load_error(path: &Path) -> (InputError, String) {
    let err = load_site_list(path).expect_err("a hostile list must be refused");
    let text = err.to_string();
    assert!(
        text.contains(&path.display().to_string()),
        "no file name: {text}"
    );
    assert!(!text.contains('\n'), "more than one line: {text}");
    (err, text)
}

#[test]
fn a_zip_bomb_workbook_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "список.xlsx", &docgen::zip_bomb_xlsx(None));
    let (err, text) = load_error(&path);
    assert!(matches!(err, InputError::Bomb { .. }), "{err:?}");
    assert!(text.contains("файл похож на zip-бомбу"), "{text}");
}

#[test]
fn a_bomb_whose_header_lies_is_caught_while_inflating() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Declares a size that passes every check of the central directory.
    let bytes = docgen::zip_bomb_xlsx(Some(20_000));
    let path = write(dir.path(), "renamed.dat", &bytes);
    let (err, text) = load_error(&path);
    assert!(matches!(err, InputError::Bomb { .. }), "{err:?}");
    assert!(text.contains("МиБ"), "{text}");
}

#[test]
fn a_workbook_of_too_many_entries_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.xlsx");
    let file = std::fs::File::create(&path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_001 {
        zip.start_file(format!("x/{i}"), options).expect("entry");
    }
    zip.finish().expect("finish zip");
    let (err, text) = load_error(&path);
    assert!(matches!(err, InputError::Bomb { .. }), "{err:?}");
    assert!(text.contains("слишком много файлов"), "{text}");
}

#[test]
fn a_list_larger_than_any_register_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no disk is used, and the reader must not read it.
    file.set_len(64 * 1024 * 1024).expect("set_len");
    let (err, text) = load_error(&path);
    assert!(matches!(err, InputError::TooLarge { .. }), "{err:?}");
    assert!(text.contains("слишком большой"), "{text}");
}

#[test]
fn a_workbook_with_cells_far_apart_is_read_without_allocating_the_span() {
    // Two cells at A1 and XFD1048576 once made the reader ask for half a terabyte.
    let sheet = "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\
        <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Сайт</t></is></c></row>\
        <row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>kcson.test</t></is></c></row>\
        <row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>\
        </sheetData></worksheet>";
    let workbook = "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sparse.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        zip.start_file(name, options).expect("entry");
        std::io::Write::write_all(&mut zip, text.as_bytes()).expect("write entry");
    }
    zip.finish().expect("finish zip");
    let list = load_site_list(&path).expect("the list reads");
    assert_eq!(list.sites.len(), 1, "{list:?}");
    assert_eq!(list.sites[0].url.as_str(), "http://kcson.test/");
}

#[test]
fn an_ods_list_whose_cells_repeat_a_billion_times_is_refused() {
    // A few hundred bytes that told the spreadsheet reader to fill a billion cells.
    let content = "<?xml version=\"1.0\"?><office:document-content \
        xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
        xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
        xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>\
        <table:table table:name=\"S\"><table:table-row>\
        <table:table-cell table:number-columns-repeated=\"1000000000\" office:value-type=\"string\">\
        <text:p>kcson.test</text:p></table:table-cell></table:table-row></table:table>\
        </office:spreadsheet></office:body></office:document-content>";
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("список.ods");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("mimetype");
    std::io::Write::write_all(&mut zip, b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write mimetype");
    zip.start_file("content.xml", stored).expect("content");
    std::io::Write::write_all(&mut zip, content.as_bytes()).expect("write content");
    zip.finish().expect("finish zip");
    let (err, text) = load_error(&path);
    assert!(matches!(err, InputError::Bomb { .. }), "{err:?}");
    assert!(text.contains("слишком большая таблица"), "{text}");
}
