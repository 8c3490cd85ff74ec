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
