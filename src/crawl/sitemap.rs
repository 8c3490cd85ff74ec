//! Sitemaps: the `Sitemap:` lines of robots.txt and `/sitemap.xml` list pages that no link may
//! reach (a document register reached only through search, an orphaned «Сведения» page).
//!
//! Sitemap files are fetched politely (robots.txt, host delay) like any request; gzip-compressed
//! ones are inflated up to [`MAX_SITEMAP_BYTES`]; indexes are followed [`MAX_NESTING`] levels deep;
//! at most [`MAX_URLS`] URLs are taken in all. Only in-scope page URLs come out: the crawl queues
//! them at depth 1 and ranks them by their URL alone (they have no link text).

use crate::fetch::{Body, Fetcher, RequestKind};
use crate::politeness::{Politeness, RobotsVerdict};
use crate::urlnorm::{self, Scope};
use flate2::read::GzDecoder;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashSet;
use std::io::Read;
use url::Url;

/// Most bytes of one sitemap after decompression (the protocol's limit is 50 MB; real ones of
/// these sites are far smaller).
pub const MAX_SITEMAP_BYTES: usize = 10 * 1024 * 1024;
/// Most URLs taken from all sitemaps of a site (the protocol's limit for one file).
pub const MAX_URLS: usize = 50_000;
/// Most sitemap files fetched per site.
pub const MAX_FILES: usize = 20;
/// Longest time spent on a site's sitemaps: a slow sitemap server must not eat the crawl.
pub const MAX_TIME: std::time::Duration = std::time::Duration::from_secs(60);
/// How deep sitemap indexes are followed (an index of indexes is already unusual).
pub const MAX_NESTING: u32 = 3;

/// What one sitemap file lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// A `<sitemapindex>`: more sitemap files.
    Index(Vec<String>),
    /// A `<urlset>` (or a plain-text sitemap): page URLs.
    Pages(Vec<String>),
}

/// The in-scope page URLs the sitemaps of the site at `start` list, in listing order.
pub async fn discover<F: Fetcher>(
    start: &Url,
    fetcher: &F,
    politeness: &Politeness,
    scope: &Scope,
) -> Vec<Url> {
    let mut queue: Vec<(Url, u32)> = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    for raw in politeness.robots_sitemaps(fetcher, start).await {
        if let Some(url) = start.join(raw.trim()).ok().filter(|u| scope.contains(u)) {
            push_once(&mut queue, &mut listed, url, 0);
        }
    }
    if let Ok(default) = start.join("/sitemap.xml") {
        push_once(&mut queue, &mut listed, default, 0);
    }
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut fetched = 0usize;
    let mut next = 0usize;
    while next < queue.len() && fetched < MAX_FILES && out.len() < MAX_URLS {
        let (url, nesting) = queue[next].clone();
        next += 1;
        fetched += 1;
        let Some(bytes) = fetch_sitemap(&url, fetcher, politeness).await else {
            continue;
        };
        match parse(&inflate(&bytes), MAX_URLS - out.len()) {
            Listing::Index(files) if nesting < MAX_NESTING => {
                for file in files.iter().filter_map(|f| url.join(f.trim()).ok()) {
                    if scope.contains(&file) {
                        push_once(&mut queue, &mut listed, file, nesting + 1);
                    }
                }
            }
            Listing::Index(_) => {}
            Listing::Pages(pages) => {
                for page in pages
                    .iter()
                    .filter_map(|p| urlnorm::resolve(&url, p.trim()))
                {
                    let is_page =
                        urlnorm::document_kind(&page).is_none() && !urlnorm::is_asset(&page);
                    if is_page && scope.contains(&page) && seen.insert(page.to_string()) {
                        out.push(page);
                    }
                }
            }
        }
    }
    out
}

fn push_once(queue: &mut Vec<(Url, u32)>, listed: &mut HashSet<String>, url: Url, nesting: u32) {
    if listed.insert(url.to_string()) {
        queue.push((url, nesting));
    }
}

/// The body of a sitemap file, when robots.txt allows it and it answers 2xx.
async fn fetch_sitemap<F: Fetcher>(
    url: &Url,
    fetcher: &F,
    politeness: &Politeness,
) -> Option<Vec<u8>> {
    if politeness.robots(fetcher, url).await == RobotsVerdict::Disallowed {
        return None;
    }
    let resp = politeness
        .fetch(fetcher, url, RequestKind::DocumentContent)
        .await
        .ok()
        .filter(|r| r.is_success())?;
    match resp.body {
        Body::Bytes(bytes) => Some(bytes),
        Body::Text(text) => Some(text.into_bytes()),
        Body::Empty => None,
    }
}

/// `bytes`, inflated when gzip-compressed (`sitemap.xml.gz`), cut at [`MAX_SITEMAP_BYTES`]; a
/// broken stream yields what inflated before the break.
pub fn inflate(bytes: &[u8]) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes[..bytes.len().min(MAX_SITEMAP_BYTES)].to_vec();
    }
    let mut out = Vec::new();
    let mut reader = GzDecoder::new(bytes).take(MAX_SITEMAP_BYTES as u64);
    // A truncated or corrupt stream keeps what was read so far.
    let _ = reader.read_to_end(&mut out);
    out
}

/// The `<loc>` entries of a sitemap or sitemap index, at most `max` (a plain-text sitemap: one
/// URL per line). Malformed XML yields the entries before the error; a DOCTYPE ends the reading
/// (no entity tricks).
pub fn parse(xml: &[u8], max: usize) -> Listing {
    let mut reader = Reader::from_reader(xml);
    let mut root: Option<Vec<u8>> = None;
    let mut in_loc = false;
    let mut locs = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name().into_inner().to_ascii_lowercase();
                in_loc = name == b"loc";
                root.get_or_insert(name);
            }
            Ok(Event::End(_)) => in_loc = false,
            Ok(Event::Text(t)) if in_loc => {
                let text = t.unescape().map(|c| c.into_owned()).unwrap_or_default();
                if !text.trim().is_empty() {
                    locs.push(text.trim().to_string());
                }
            }
            Ok(Event::CData(t)) if in_loc => {
                locs.push(String::from_utf8_lossy(&t).trim().to_string());
            }
            Ok(Event::Eof) | Ok(Event::DocType(_)) | Err(_) => break,
            Ok(_) => {}
        }
        if locs.len() >= max {
            break;
        }
    }
    match root.as_deref() {
        Some(b"sitemapindex") => Listing::Index(locs),
        Some(_) => Listing::Pages(locs),
        None => Listing::Pages(plain_text(xml, max)),
    }
}

/// A plain-text sitemap: one absolute URL per line.
fn plain_text(bytes: &[u8], max: usize) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
        .take(max)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).expect("gzip in memory");
        enc.finish().expect("gzip in memory")
    }

    const URLSET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://a.test/svedeniya/</loc><lastmod>2025-01-01</lastmod></url>
  <url><loc> https://a.test/docs/?id=1&amp;p=2 </loc></url>
  <url><loc><![CDATA[https://a.test/nok/]]></loc></url>
</urlset>"#;

    #[test]
    fn urlsets_and_indexes_are_told_apart() {
        assert_eq!(
            parse(URLSET.as_bytes(), 100),
            Listing::Pages(vec![
                "https://a.test/svedeniya/".into(),
                "https://a.test/docs/?id=1&p=2".into(),
                "https://a.test/nok/".into(),
            ])
        );
        let index =
            "<sitemapindex><sitemap><loc>https://a.test/s1.xml.gz</loc></sitemap></sitemapindex>";
        assert_eq!(
            parse(index.as_bytes(), 100),
            Listing::Index(vec!["https://a.test/s1.xml.gz".into()])
        );
        assert_eq!(
            parse(b"https://a.test/a\nhttps://a.test/b\n", 100),
            Listing::Pages(vec!["https://a.test/a".into(), "https://a.test/b".into()])
        );
    }

    #[test]
    fn the_url_cap_and_broken_xml_keep_what_came_before() {
        assert_eq!(
            parse(URLSET.as_bytes(), 2),
            Listing::Pages(vec![
                "https://a.test/svedeniya/".into(),
                "https://a.test/docs/?id=1&p=2".into(),
            ])
        );
        let broken = "<urlset><url><loc>https://a.test/x</loc></url><url><loc>https://a.te";
        assert!(
            matches!(parse(broken.as_bytes(), 10), Listing::Pages(v) if v[0] == "https://a.test/x")
        );
        let doctype = "<!DOCTYPE x [<!ENTITY a \"b\">]><urlset><url><loc>&a;</loc></url></urlset>";
        assert_eq!(parse(doctype.as_bytes(), 10), Listing::Pages(Vec::new()));
    }

    #[test]
    fn gzip_is_inflated_within_the_cap() {
        assert_eq!(inflate(&gzip(URLSET.as_bytes())), URLSET.as_bytes());
        assert_eq!(inflate(URLSET.as_bytes()), URLSET.as_bytes());
        // A bomb inflates only to the cap.
        let bomb = gzip(&vec![0u8; MAX_SITEMAP_BYTES + 1024 * 1024]);
        assert!(bomb.len() < 1024 * 1024);
        assert_eq!(inflate(&bomb).len(), MAX_SITEMAP_BYTES);
        // A truncated stream keeps what inflated.
        let whole = gzip(URLSET.repeat(50).as_bytes());
        let cut = inflate(&whole[..whole.len() / 2]);
        assert!(!cut.is_empty() && cut.len() < URLSET.len() * 50);
    }
}
