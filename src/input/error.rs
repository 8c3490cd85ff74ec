//! Why a list of sites could not be read at all (row-level trouble is an [`super::InputProblem`]).

use super::columns::URL_HEADERS;
use thiserror::Error;

/// A list file that cannot be used as a whole. Each message names the file and says what to do.
#[derive(Debug, Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error(
        "не удалось прочитать файл {file}: {source}. Проверьте путь к файлу и права на чтение"
    )]
    Read {
        /// Path as given.
        file: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// No rows at all.
    #[error(
        "файл {file} пуст: в нём нет ни одной строки с данными. Укажите файл со списком сайтов"
    )]
    Empty {
        /// Path as given.
        file: String,
    },
    /// The workbook is damaged or not really a workbook.
    #[error(
        "файл {file} не читается как {format}: {message}. Откройте его в Excel или LibreOffice и \
         сохраните заново в формате .xlsx или .csv"
    )]
    Spreadsheet {
        /// Path as given.
        file: String,
        /// What the file was read as (XLSX, XLS, ODS…).
        format: String,
        /// The reader's complaint.
        message: String,
    },
    /// A workbook that inflates past the limits documents have (a zip bomb).
    #[error("{file}: файл похож на zip-бомбу: {reason}")]
    Bomb {
        /// Path as given.
        file: String,
        /// Which limit it passed.
        reason: String,
    },
    /// A list file larger than any real register.
    #[error("{file}: файл слишком большой для списка сайтов ({size} МиБ, предел {limit} МиБ)")]
    TooLarge {
        /// Path as given.
        file: String,
        /// Its size, MiB.
        size: u64,
        /// The limit, MiB.
        limit: u64,
    },
    /// No column holds site addresses.
    #[error("{}", no_url_column_message(.file, .sheets, .headers))]
    NoUrlColumn {
        /// Path as given.
        file: String,
        /// Sheets looked at (empty for CSV).
        sheets: Vec<String>,
        /// Headers of the first row with data (of the first non-empty sheet).
        headers: Vec<String>,
    },
}

fn no_url_column_message(file: &str, sheets: &[String], headers: &[String]) -> String {
    let place = match sheets {
        [] => String::new(),
        [one] => format!(" (лист «{one}»)"),
        many => format!(" (просмотрены листы: {})", quoted(many)),
    };
    let found = if headers.iter().all(|h| h.trim().is_empty()) {
        "заголовков нет".to_string()
    } else {
        format!("заголовки в файле: {}", quoted(headers))
    };
    format!(
        "в файле {file}{place} не найден столбец с адресами сайтов; {found}. Распознаются заголовки {} \
         и любые, где есть слово «сайт», либо столбец, где не меньше половины значений — адреса сайтов. \
         Назовите столбец с адресами «Сайт»",
        quoted(URL_HEADERS)
    )
}

fn quoted<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("«{}»", s.as_ref().trim()))
        .collect::<Vec<_>>()
        .join(", ")
}
