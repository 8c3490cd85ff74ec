//! The history database as the store of HTTP validators and bodies for revalidation. The cache
//! is an optimisation: a database error is logged and treated as a miss, never a failed check.
//!
//! Page texts are stored deflated (`text_deflated`, schema 2): a national sweep stores a few
//! hundred thousand pages, and HTML shrinks several times. Rows from schema 1 keep `text`.

use super::History;
use crate::db::{DbError, Row};
use crate::fetch::cache::{CachedResponse, HttpCache};
use crate::vals;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::{Read, Write};

/// Inflated texts are cut here: a damaged row must not blow up into gigabytes.
const TEXT_MAX: u64 = 64 * 1024 * 1024;

/// `text` deflated (fast level: it runs during the crawl).
fn deflate(text: &str) -> std::io::Result<Vec<u8>> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(text.as_bytes())?;
    encoder.finish()
}

/// The text of a `text_deflated` value; `None` when it is damaged.
fn inflate(bytes: &[u8]) -> Option<String> {
    let mut text = String::new();
    DeflateDecoder::new(bytes)
        .take(TEXT_MAX)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

fn cached_from_row(r: &Row) -> Result<CachedResponse, DbError> {
    let deflated = r.opt_blob(9)?;
    let text = r.opt_text(6)?;
    Ok(CachedResponse {
        final_url: r.text(0)?,
        status: u16::try_from(r.int(1)?).unwrap_or(0),
        content_type: r.opt_text(2)?,
        etag: r.opt_text(3)?,
        last_modified: r.opt_text(4)?,
        encoding: r.opt_text(5)?,
        text: text.or_else(|| deflated.as_deref().and_then(inflate)),
        bytes: r.opt_blob(7)?,
        stored_at: r.text(8)?,
    })
}

impl HttpCache for History {
    fn get(&self, url: &str) -> Option<CachedResponse> {
        let found = self
            .db
            .query_opt(
                "SELECT final_url, status, content_type, etag, last_modified, encoding, text, bytes,
                        stored_at, text_deflated
                 FROM http_cache WHERE url = $1",
                vals![url],
            )
            .and_then(|row| row.as_ref().map(cached_from_row).transpose());
        match found {
            Ok(hit) => hit,
            Err(e) => {
                tracing::warn!(db = %self.path.display(), url, error = %e, "reading the HTTP cache failed");
                None
            }
        }
    }

    fn put(&self, url: &str, response: &CachedResponse) {
        let deflated = match response.text.as_deref().map(deflate).transpose() {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(url, error = %e, "compressing a page for the HTTP cache failed");
                return;
            }
        };
        let stored = self.db.execute(
            "INSERT INTO http_cache
                 (url, final_url, status, content_type, etag, last_modified, encoding, text, bytes,
                  stored_at, text_deflated)
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10)
             ON CONFLICT (url) DO UPDATE SET
                 final_url = excluded.final_url, status = excluded.status,
                 content_type = excluded.content_type, etag = excluded.etag,
                 last_modified = excluded.last_modified, encoding = excluded.encoding,
                 text = NULL, bytes = excluded.bytes, stored_at = excluded.stored_at,
                 text_deflated = excluded.text_deflated",
            vals![
                url,
                response.final_url.as_str(),
                i64::from(response.status),
                response.content_type.as_deref(),
                response.etag.as_deref(),
                response.last_modified.as_deref(),
                response.encoding.as_deref(),
                response.bytes.clone(),
                response.stored_at.as_str(),
                deflated,
            ],
        );
        if let Err(e) = stored {
            tracing::warn!(db = %self.path.display(), url, error = %e, "writing the HTTP cache failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> CachedResponse {
        CachedResponse {
            final_url: "https://kcson.example.ru/".into(),
            status: 200,
            content_type: Some("text/html".into()),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            encoding: Some("utf-8".into()),
            text: Some(text.into()),
            bytes: None,
            stored_at: "2026-12-05T00:00:00Z".into(),
        }
    }

    #[test]
    fn page_texts_are_stored_deflated_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let history = History::open(&path).unwrap();
        let text = "<p>Сведения об организации социального обслуживания</p>\n".repeat(200);
        history.put("https://kcson.example.ru/", &page(&text));
        let got = history.get("https://kcson.example.ru/").unwrap();
        assert_eq!(got.text.as_deref(), Some(text.as_str()));
        let conn = rusqlite::Connection::open(&path).unwrap();
        let (plain, stored): (Option<String>, i64) = conn
            .query_row(
                "SELECT text, length(text_deflated) FROM http_cache",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(plain.is_none());
        assert!(
            (stored as usize) < text.len() / 5,
            "{stored} of {}",
            text.len()
        );
        // A row written before schema 2 keeps its plain text.
        conn.execute(
            "UPDATE http_cache SET text = 'старый текст', text_deflated = NULL",
            [],
        )
        .unwrap();
        let old = history.get("https://kcson.example.ru/").unwrap();
        assert_eq!(old.text.as_deref(), Some("старый текст"));
    }
}
