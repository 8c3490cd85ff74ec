//! Reading an uploaded list: the multipart form (CSRF token, optional name, the file) and the
//! file itself through the same reader and guards as `socaudit sweep LIST`
//! ([`crate::input::parse_site_list`]): format by extension or content, size limit, zip-bomb
//! guard, the address column found by header or by content, one problem per bad row.

use crate::workspace::lists::store::{StoredProblem, StoredSite};
use axum::extract::multipart::{Multipart, MultipartError};
use axum::http::StatusCode;

/// Largest upload: a register of every institution of a country is a few MiB.
pub const UPLOAD_LIMIT: usize = 10 * 1024 * 1024;

/// Longest list name or file name kept.
const NAME_LIMIT: usize = 200;

/// The fields of the upload form.
#[derive(Debug, Default)]
pub struct UploadForm {
    /// The CSRF token.
    pub csrf: String,
    /// The name the auditor gave (may be empty).
    pub name: String,
    /// The file's name as the browser sent it (last path component only).
    pub file_name: String,
    /// The file.
    pub bytes: Vec<u8>,
}

/// Why the form itself could not be read.
#[derive(Debug)]
pub enum FormError {
    /// The body passed [`UPLOAD_LIMIT`].
    TooLarge,
    /// Anything else (a broken or foreign request), in Russian.
    Bad(String),
}

impl From<MultipartError> for FormError {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            FormError::TooLarge
        } else {
            FormError::Bad(format!("форма загрузки не читается: {}", e.body_text()))
        }
    }
}

/// Reads every field of the form (unknown fields are skipped).
pub async fn read_form(mut multipart: Multipart) -> Result<UploadForm, FormError> {
    let mut form = UploadForm::default();
    while let Some(field) = multipart.next_field().await? {
        match field.name() {
            Some("csrf") => form.csrf = field.text().await?,
            Some("name") => form.name = clip(field.text().await?.trim()),
            Some("file") => {
                form.file_name = clip(&base_name(field.file_name().unwrap_or_default()));
                form.bytes = field.bytes().await?.to_vec();
            }
            _ => {}
        }
    }
    Ok(form)
}

/// The last component of a path some browsers send whole (`C:\Users\…\список.xlsx`).
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn clip(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(NAME_LIMIT)
        .collect()
}

/// A list read from an upload: what `ws_lists` stores.
#[derive(Debug)]
pub struct ReadList {
    /// Sites to check.
    pub sites: Vec<StoredSite>,
    /// Rows that are not checked.
    pub problems: Vec<StoredProblem>,
}

/// Reads the uploaded file; the error is one Russian sentence naming the file.
pub fn read_list(file_name: &str, bytes: &[u8]) -> Result<ReadList, String> {
    if file_name.is_empty() && bytes.is_empty() {
        return Err("выберите файл со списком сайтов (CSV, XLSX или ODS)".into());
    }
    let shown = if file_name.is_empty() {
        "без имени"
    } else {
        file_name
    };
    let list = crate::input::parse_site_list(bytes, shown, file_name).map_err(|e| e.to_string())?;
    if list.sites.is_empty() {
        let first = list
            .problems
            .first()
            .map(|p| format!(" (строка {}: {})", p.row, p.problem))
            .unwrap_or_default();
        return Err(format!(
            "в файле {shown} нет ни одного адреса сайта для проверки{first}"
        ));
    }
    Ok(ReadList {
        sites: list.sites.iter().map(StoredSite::from).collect(),
        problems: list.problems.iter().map(StoredProblem::from).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_sites_and_problems() {
        let csv = "Наименование;Сайт\nКЦСОН;https://kcson.example.ru\nЦентр;не адрес\n";
        let list = read_list("список.csv", csv.as_bytes()).expect("reads");
        assert_eq!(list.sites.len(), 1);
        assert_eq!(list.sites[0].row, 2);
        assert_eq!(list.problems.len(), 1);
        assert_eq!(list.problems[0].row, 3);
    }

    #[test]
    fn a_file_without_an_address_column_is_refused_by_name() {
        let csv = "Наименование;Телефон\nКЦСОН;123\nЦентр;456\n";
        let e = read_list("плохой.csv", csv.as_bytes()).unwrap_err();
        assert!(e.contains("плохой.csv"), "{e}");
        assert!(e.contains("столбец с адресами"), "{e}");
    }

    #[test]
    fn browsers_full_paths_are_cut_to_the_file_name() {
        assert_eq!(base_name(r"C:\Users\a\список.xlsx"), "список.xlsx");
        assert_eq!(base_name("dir/list.csv"), "list.csv");
    }
}
