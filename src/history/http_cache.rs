//! The history database as the store of HTTP validators and bodies for revalidation. The cache
//! is an optimisation: a database error is logged and treated as a miss, never a failed check.

use super::History;
use crate::fetch::cache::{CachedResponse, HttpCache};
use rusqlite::{params, OptionalExtension};

impl HttpCache for History {
    fn get(&self, url: &str) -> Option<CachedResponse> {
        let found = self
            .lock()
            .query_row(
                "SELECT final_url, status, content_type, etag, last_modified, encoding, text, bytes, stored_at
                 FROM http_cache WHERE url = ?1",
                [url],
                |r| {
                    Ok(CachedResponse {
                        final_url: r.get(0)?,
                        status: u16::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                        content_type: r.get(2)?,
                        etag: r.get(3)?,
                        last_modified: r.get(4)?,
                        encoding: r.get(5)?,
                        text: r.get(6)?,
                        bytes: r.get(7)?,
                        stored_at: r.get(8)?,
                    })
                },
            )
            .optional();
        match found {
            Ok(hit) => hit,
            Err(e) => {
                tracing::warn!(db = %self.path.display(), url, error = %e, "reading the HTTP cache failed");
                None
            }
        }
    }

    fn put(&self, url: &str, response: &CachedResponse) {
        let stored = self.lock().execute(
            "INSERT OR REPLACE INTO http_cache
                 (url, final_url, status, content_type, etag, last_modified, encoding, text, bytes, stored_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                url,
                response.final_url,
                response.status,
                response.content_type,
                response.etag,
                response.last_modified,
                response.encoding,
                response.text,
                response.bytes,
                response.stored_at,
            ],
        );
        if let Err(e) = stored {
            tracing::warn!(db = %self.path.display(), url, error = %e, "writing the HTTP cache failed");
        }
    }
}
