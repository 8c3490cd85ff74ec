//! Downloads of a history run: every summary format `socaudit report DIR --format …` writes,
//! made by the same writers from the run as the history holds it (workspace acceptances
//! applied), plus `letters.zip`; and per site report.json, report.html and the letter. Files
//! are written into a temporary folder removed afterwards, in a blocking task.

use super::data;
use super::{find_run, internal, message, no_run, no_site, query_value};
use crate::report::summary::{write_format, SummaryFormat};
use crate::report::{html, json, letter};
use crate::serve::app::{AppState, State};
use crate::workspace::auth::CurrentUser;
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// The run downloads: URL name and Russian label.
pub const RUN_FORMATS: [(&str, &str); 8] = [
    ("csv", "Таблица CSV"),
    ("xlsx", "Таблица Excel"),
    ("json", "summary.json"),
    ("html", "Сводная страница (index.html)"),
    ("junit", "JUnit XML"),
    ("md", "Markdown"),
    ("nok-xlsx", "Чек-лист НОК (xlsx)"),
    ("letters.zip", "Письма всем сайтам (zip)"),
];

/// The per-site downloads: file name and Russian label.
pub const SITE_FORMATS: [(&str, &str); 4] = [
    ("report.json", "report.json"),
    ("report.html", "report.html"),
    ("letter.docx", "Письмо (docx)"),
    ("letter.md", "Письмо (md)"),
];

/// The routes of the downloads.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/runs/{run}/download/{format}", get(run_download))
        .route("/runs/{run}/site/download/{format}", get(site_download))
}

/// A file to send.
#[derive(Debug)]
pub struct Download {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// File name in ASCII (the fallback `filename=`).
    pub ascii_name: String,
    /// File name in UTF-8 (`filename*=`).
    pub name: String,
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        let disposition = content_disposition(&self.ascii_name, &self.name);
        let mut response = self.bytes.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        response
    }
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987).
pub fn content_disposition(ascii: &str, name: &str) -> String {
    let fallback: String = ascii
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// What went wrong making a file.
enum Failure {
    NoSite,
    Internal(String),
}

fn answer(result: Result<Result<Download, Failure>, tokio::task::JoinError>) -> Response {
    match result {
        Ok(Ok(download)) => download.into_response(),
        Ok(Err(Failure::NoSite)) => no_site(),
        Ok(Err(Failure::Internal(e))) => internal(&e),
        Err(e) => internal(&e.to_string()),
    }
}

fn no_format() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Формат не найден",
        "Такого формата выгрузки нет.",
    )
}

/// `GET /runs/{run}/download/{format}`.
async fn run_download(
    _user: CurrentUser,
    state: State,
    Path((run, format)): Path<(String, String)>,
) -> Response {
    let Some((run, history)) = find_run(&state, &run) else {
        return no_run();
    };
    let Some(&(format, _)) = RUN_FORMATS.iter().find(|(f, _)| *f == format) else {
        return no_format();
    };
    let app = state.0.clone();
    let base = match &run.list_name {
        Some(list) => format!("{list}, запуск {}", run.id),
        None => format!("запуск {}", run.id),
    };
    let id = run.id;
    answer(
        tokio::task::spawn_blocking(move || {
            let accepted = crate::workspace::accepted::load(&app.db)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            let today = crate::audit::today();
            let summary = data::accepted_summary(&history, id, &accepted, today)
                .map_err(Failure::Internal)?;
            let loader = |site: &crate::sweep::SweepSite| {
                data::accepted_report(&history, id, &site.url, &accepted, today)
                    .ok()
                    .flatten()
            };
            let folder = TempFolder::new(id).map_err(Failure::Internal)?;
            let (bytes, file_name, content_type) = if format == "letters.zip" {
                let kind = SummaryFormat::Letter;
                let mut summary = summary;
                letter_folders(&mut summary);
                // The writer puts each letter into its site's folder, as in a sweep's output.
                for site in &summary.sites {
                    std::fs::create_dir_all(folder.0.join(&site.dir))
                        .map_err(|e| Failure::Internal(e.to_string()))?;
                }
                let paths = write_format(&summary, &folder.0, kind, &loader)
                    .map_err(|e| Failure::Internal(e.to_string()))?;
                (
                    zip_files(&folder.0, &paths)?,
                    "letters.zip",
                    "application/zip",
                )
            } else {
                let kind: SummaryFormat = format.parse().map_err(|_| Failure::NoSite)?;
                let paths = write_format(&summary, &folder.0, kind, &loader)
                    .map_err(|e| Failure::Internal(e.to_string()))?;
                let path = paths.first().ok_or(Failure::NoSite)?;
                let bytes = std::fs::read(path).map_err(|e| Failure::Internal(e.to_string()))?;
                (bytes, kind.file_name(), content_type(kind.file_name()))
            };
            Ok(Download {
                bytes,
                content_type,
                ascii_name: format!("socaudit-run-{id}-{file_name}"),
                name: format!("{} — {file_name}", clean_name(&base)),
            })
        })
        .await,
    )
}

/// `GET /runs/{run}/site/download/{format}?url=…`.
async fn site_download(
    _user: CurrentUser,
    state: State,
    Path((run, format)): Path<(String, String)>,
    uri: Uri,
) -> Response {
    let Some((run, history)) = find_run(&state, &run) else {
        return no_run();
    };
    let Some(&(format, _)) = SITE_FORMATS.iter().find(|(f, _)| *f == format) else {
        return no_format();
    };
    let Some(url) = query_value(&uri, "url") else {
        return no_site();
    };
    let app = state.0.clone();
    let id = run.id;
    answer(
        tokio::task::spawn_blocking(move || {
            let fail = |e: String| Failure::Internal(e);
            let accepted =
                crate::workspace::accepted::load(&app.db).map_err(|e| fail(e.to_string()))?;
            let name = data::site_name(&app.db, id, &url)
                .map_err(|e| fail(e.to_string()))?
                .flatten();
            let report =
                data::accepted_report(&history, id, &url, &accepted, crate::audit::today())
                    .map_err(fail)?
                    .ok_or(Failure::NoSite)?;
            let bytes = match format {
                "report.json" => json::to_string(&report).into_bytes(),
                "report.html" => html::render(&report)
                    .map_err(|e| fail(e.to_string()))?
                    .into_bytes(),
                _ => {
                    let folder = TempFolder::new(id).map_err(fail)?;
                    letter::write_site(&report, name.as_deref(), &folder.0)
                        .map_err(|e| fail(e.to_string()))?;
                    std::fs::read(folder.0.join(format)).map_err(|e| fail(e.to_string()))?
                }
            };
            let host = url::Url::parse(&url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| "site".into());
            let label = name.unwrap_or_else(|| host.clone());
            Ok(Download {
                bytes,
                content_type: content_type(format),
                ascii_name: format!("socaudit-run-{id}-{host}-{format}"),
                name: format!("{} — {format}", clean_name(&label)),
            })
        })
        .await,
    )
}

/// The `Content-Type` of a file by its name.
fn content_type(file_name: &str) -> &'static str {
    match file_name.rsplit('.').next().unwrap_or("") {
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "json" => "application/json; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// A list or institution name fit for a file name: no control characters, no path separators
/// or quotes, at most 80 characters.
fn clean_name(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| if "/\\\":*?<>|".contains(c) { '_' } else { c })
        .take(80)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Gives every site a plain folder of its own for its letters: a check run's one site is
/// recorded in folder «.», and a folder name that could point elsewhere is never used.
fn letter_folders(summary: &mut crate::sweep::SweepSummary) {
    let mut seen = std::collections::HashSet::new();
    for (i, site) in summary.sites.iter_mut().enumerate() {
        let plain = crate::report::summary::report_rel_dir(&site.dir).map(str::to_string);
        let dir = match plain {
            Some(dir) if !seen.contains(&dir) => dir,
            _ => {
                let host = url::Url::parse(&site.url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_default();
                let host: String = host
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                format!("{}-{}", i + 1, host.trim_start_matches('.'))
            }
        };
        seen.insert(dir.clone());
        site.dir = dir;
    }
}

/// `paths` (inside `root`) as one deflated zip, each under its path relative to `root`.
fn zip_files(root: &std::path::Path, paths: &[PathBuf]) -> Result<Vec<u8>, Failure> {
    let fail = |e: String| Failure::Internal(e);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
        zip.start_file(name, options)
            .map_err(|e| fail(e.to_string()))?;
        zip.write_all(&bytes).map_err(|e| fail(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| fail(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// A temporary folder removed when dropped.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new(run: i64) -> Result<TempFolder, String> {
        let name = format!(
            "socaudit-run-{run}-{}",
            crate::serve::security::random_hex(8)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path)
            .map_err(|e| format!("не удалось создать папку {}: {e}", path.display()))?;
        Ok(TempFolder(path))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_in_both_forms() {
        let value = content_disposition(
            "socaudit-run-3-summary.csv",
            "Список «Юг», запуск 3 — summary.csv",
        );
        assert!(value
            .starts_with("attachment; filename=\"socaudit-run-3-summary.csv\"; filename*=UTF-8''"));
        assert!(value.contains("%C2%AB"), "{value}");
        assert!(
            !value[value.find("filename*").unwrap_or(0)..].contains(' '),
            "{value}"
        );
        assert_eq!(clean_name("a/b\"c\n<d>"), "a_b_c_d_");
        let hostile = content_disposition("x\"; evil=1.csv", "y");
        assert!(
            hostile.starts_with("attachment; filename=\"x_;_evil=1.csv\""),
            "{hostile}"
        );
    }
}
