//! URL normalisation, crawl scope, document detection and crawler-trap keys.
//!
//! Two URLs that a site serves as the same page must normalise to the same string, or the crawl
//! fetches pages twice and the per-page budget runs out on duplicates.

use std::collections::BTreeSet;
use url::Url;

/// Query parameters that carry sessions or tracking, never content.
const DROPPED_PARAMS: &[&str] = &[
    "phpsessid",
    "sid",
    "sessionid",
    "session_id",
    "jsessionid",
    "aspsessionid",
    "fbclid",
    "gclid",
    "yclid",
    "ysclid",
    "_openstat",
    "from",
    "ref",
    "_ga",
    "mc_cid",
    "mc_eid",
    "clear_cache",
];

/// File extensions treated as documents (recorded and status-checked, not parsed as pages).
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "odp", "rtf", "zip", "rar", "7z", "ppt",
    "pptx", "txt", "csv", "sig", "djvu", "tif", "tiff",
];

/// File extensions never worth fetching as pages (media, styles).
const ASSET_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "bmp", "css", "js", "mp4", "mp3", "avi",
    "mov", "wmv", "webm", "ogg", "wav", "woff", "woff2", "ttf", "eot", "exe", "apk", "dmg", "iso",
    "xml", "json",
];

/// Parses `href` relative to `base` and normalises it; `None` for non-HTTP schemes or garbage.
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = base.join(href).ok()?;
    normalize(url)
}

/// Normalises an HTTP(S) URL: lowercase host, no default port, no credentials, no fragment, no
/// duplicate slashes, no `;jsessionid=`, no session/tracking parameters, no empty query.
pub fn normalize(mut url: Url) -> Option<Url> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return None;
    }
    url.host_str()?;
    strip_userinfo(&mut url);
    url.set_fragment(None);
    let path = url.path().to_string();
    let mut clean = String::with_capacity(path.len());
    let path_no_session = match path.to_ascii_lowercase().find(";jsessionid=") {
        Some(i) => &path[..i],
        None => &path[..],
    };
    let mut prev_slash = false;
    for ch in path_no_session.chars() {
        if ch == '/' && prev_slash {
            continue;
        }
        prev_slash = ch == '/';
        clean.push(ch);
    }
    if clean.is_empty() {
        clean.push('/');
    }
    url.set_path(&clean);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !k.starts_with("utm_") && !DROPPED_PARAMS.contains(&k.as_str())
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(url)
}

/// Removes `user:password@` from `url`. Credentials in a URL would otherwise travel into every
/// report, log line and the run history; crawl URLs never carry them (see `fetch::auth`).
pub fn strip_userinfo(url: &mut Url) {
    // Both calls fail only for URLs that cannot have credentials (no host), which have none.
    let _ = url.set_password(None);
    let _ = url.set_username("");
}

/// `text` with the `user:password@` of every URL in it removed, for messages that quote what a
/// user typed (`http://user:pw@x.ru/` → `http://x.ru/`).
pub fn mask_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let authority_end = tail
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(tail.len());
        let start = tail[..authority_end].rfind('@').map_or(0, |i| i + 1);
        rest = &tail[start..];
    }
    out.push_str(rest);
    out
}

/// Host without a leading `www.`, lowercased.
pub fn bare_host(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

/// The hosts that count as "this site": the start host with and without `www.`, over http and
/// https, plus hosts the start page redirected to (sites move to new domains).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    keys: BTreeSet<(String, Option<u16>)>,
}

impl Scope {
    /// A scope holding the host of `start`.
    pub fn new(start: &Url) -> Self {
        let mut scope = Scope::default();
        scope.add(start);
        scope
    }

    /// Adds the host of `url` (with and without `www.`).
    pub fn add(&mut self, url: &Url) {
        self.keys.insert(Self::key(url));
    }

    /// True when `url` belongs to the site.
    pub fn contains(&self, url: &Url) -> bool {
        (url.scheme() == "http" || url.scheme() == "https") && self.keys.contains(&Self::key(url))
    }

    /// Host names in scope, for the report (`www.` variants implied).
    pub fn hosts(&self) -> Vec<String> {
        self.keys
            .iter()
            .map(|(h, p)| match p {
                Some(p) => format!("{h}:{p}"),
                None => h.clone(),
            })
            .collect()
    }

    /// Explicit ports are part of the key so that two loopback sites on different ports stay apart;
    /// default ports (80, 443) are dropped so http and https of one host are one site.
    fn key(url: &Url) -> (String, Option<u16>) {
        (bare_host(url), url.port())
    }
}

/// The document type of `url` by its extension (`pdf`, `docx`, …), if it is a document.
pub fn document_kind(url: &Url) -> Option<&'static str> {
    let ext = extension(url)?;
    DOCUMENT_EXTENSIONS.iter().copied().find(|d| *d == ext)
}

/// The document type for a content type (`application/pdf` → `pdf`), if it is a document.
pub fn document_kind_for_content_type(content_type: &str) -> Option<&'static str> {
    let ct = content_type.to_ascii_lowercase();
    let table: &[(&str, &'static str)] = &[
        ("application/pdf", "pdf"),
        ("application/msword", "doc"),
        ("wordprocessingml", "docx"),
        ("spreadsheetml", "xlsx"),
        ("application/vnd.ms-excel", "xls"),
        ("opendocument.text", "odt"),
        ("opendocument.spreadsheet", "ods"),
        ("application/rtf", "rtf"),
        ("text/rtf", "rtf"),
        ("application/zip", "zip"),
        ("application/x-rar", "rar"),
        ("application/vnd.rar", "rar"),
        ("image/vnd.djvu", "djvu"),
    ];
    table
        .iter()
        .find(|(needle, _)| ct.contains(needle))
        .map(|(_, kind)| *kind)
}

/// True for images, styles, scripts and media: never fetched.
pub fn is_asset(url: &Url) -> bool {
    extension(url).is_some_and(|ext| ASSET_EXTENSIONS.contains(&ext.as_str()))
}

fn extension(url: &Url) -> Option<String> {
    let last = url.path_segments()?.next_back()?;
    let (_, ext) = last.rsplit_once('.')?;
    if ext.is_empty() || ext.len() > 5 {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

/// The percent-decoded path and query of `url`, for matching slugs and file names.
pub fn decoded_path_and_query(url: &Url) -> String {
    let raw = match url.query() {
        Some(q) => format!("{}?{}", url.path(), q),
        None => url.path().to_string(),
    };
    let plus_as_space = raw.replace('+', " ");
    percent_decode(&plus_as_space)
}

/// The percent-decoded file name (last path segment) of `url`.
pub fn file_name(url: &Url) -> String {
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("");
    percent_decode(last)
}

/// Decodes `%XX` escapes; bytes that are not UTF-8 are read as windows-1251 (old sites encode
/// Cyrillic file names that way); invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        // Old sites percent-encode file names in windows-1251.
        Err(e) => encoding_rs::WINDOWS_1251
            .decode(e.as_bytes())
            .0
            .into_owned(),
    }
}

/// Follows link wrappers that hide the real target (`vk.com/away.php?to=…`, `…/redirect?url=…`).
pub fn unwrap_redirector(url: &Url) -> Option<Url> {
    let host = bare_host(url);
    let is_wrapper = (host == "vk.com" || host == "m.vk.com") && url.path() == "/away.php"
        || url.path().ends_with("/redirect")
        || url.path().ends_with("/away.php")
        || url.path().ends_with("/go.php");
    if !is_wrapper {
        return None;
    }
    url.query_pairs()
        .find(|(k, _)| matches!(k.as_ref(), "to" | "url" | "u" | "link"))
        .and_then(|(_, v)| Url::parse(&v).ok())
        .filter(|u| u.scheme() == "http" || u.scheme() == "https")
}

/// A key that groups URLs of one shape: digits become `N`, query values are dropped.
/// Too many URLs with one key is a crawler trap (calendars, endless filters).
pub fn trap_key(url: &Url) -> String {
    let mut key = String::new();
    key.push_str(&bare_host(url));
    for ch in url.path().chars() {
        if ch.is_ascii_digit() {
            if !key.ends_with('N') {
                key.push('N');
            }
        } else {
            key.push(ch);
        }
    }
    let mut names: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    names.sort();
    names.dedup();
    if !names.is_empty() {
        key.push('?');
        key.push_str(&names.join("&"));
    }
    key
}

/// True for URLs that look like traps by themselves: very long, very deep, or repeating segments.
pub fn looks_like_trap(url: &Url) -> bool {
    // Measured decoded: Cyrillic file names triple in length when percent-encoded.
    if decoded_path_and_query(url).chars().count() > 400 {
        return true;
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    if segments.len() > 12 {
        return true;
    }
    // /a/b/a/b/a/b — relative links resolved against themselves.
    let mut counts = std::collections::HashMap::new();
    for s in &segments {
        *counts.entry(*s).or_insert(0) += 1;
    }
    counts.values().any(|&c| c >= 4) || url.query_pairs().count() > 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(Url::parse(s).unwrap()).unwrap().to_string()
    }

    proptest::proptest! {
        /// A normalised URL is its own normal form: what `resolve` gives is never normalised
        /// again (`check::sections::page_parts` relies on it).
        #[test]
        fn normalising_twice_changes_nothing(
            href in "(https?://|//|/|\\.\\./|\\./|)(user:pw@)?(Example\\.RU|пример\\.рф|x\\.ru)?(:80|:443|:8080)?\
                     (/|//|/\\./|/\\.\\./|/%2e/|/a|/Б|/%D0%91|;jsessionid=1|;JSESSIONID=2| |%20){0,6}\
                     (\\?(utm_source=x|id=5|a=b%20c|a=b\\+c|PHPSESSID=1|&|=|q=%D0%91|ж=1){0,4})?(#f)?",
        ) {
            let base = Url::parse("https://example.ru/dir/page.html").unwrap();
            if let Some(once) = resolve(&base, &href) {
                proptest::prop_assert_eq!(normalize(once.clone()), Some(once));
            }
        }
    }

    #[test]
    fn normalises_case_ports_fragments_slashes_and_tracking() {
        assert_eq!(n("HTTP://Example.RU:80//a//b/#x"), "http://example.ru/a/b/");
        assert_eq!(
            n("https://example.ru:443/?utm_source=vk&id=5&PHPSESSID=abc"),
            "https://example.ru/?id=5"
        );
        assert_eq!(
            n("http://example.ru/page;jsessionid=ABC123"),
            "http://example.ru/page"
        );
        assert_eq!(n("http://example.ru/?utm_medium=x"), "http://example.ru/");
        assert_eq!(n("http://example.ru:8080/a"), "http://example.ru:8080/a");
        assert_eq!(n("http://user:S3cret@example.ru/a"), "http://example.ru/a");
        assert_eq!(n("https://user@example.ru/"), "https://example.ru/");
    }

    #[test]
    fn masks_credentials_in_quoted_text() {
        assert_eq!(
            mask_userinfo("«http://user:S3cret@kcson.ru/a@b» и https://x.ru"),
            "«http://kcson.ru/a@b» и https://x.ru"
        );
        assert_eq!(mask_userinfo("ftp://u@h"), "ftp://h");
        assert_eq!(mask_userinfo("no url here"), "no url here");
    }

    #[test]
    fn rejects_non_http() {
        let base = Url::parse("http://example.ru/").unwrap();
        assert!(resolve(&base, "mailto:a@b.ru").is_none());
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert!(resolve(&base, "").is_none());
        assert_eq!(
            resolve(&base, "docs/../ustav.pdf").unwrap().as_str(),
            "http://example.ru/ustav.pdf"
        );
    }

    #[test]
    fn scope_covers_www_and_both_schemes_not_other_ports() {
        let start = Url::parse("http://www.kcson.ru/").unwrap();
        let mut scope = Scope::new(&start);
        assert!(scope.contains(&Url::parse("https://kcson.ru/a").unwrap()));
        assert!(scope.contains(&Url::parse("http://WWW.kcson.ru/b").unwrap()));
        assert!(!scope.contains(&Url::parse("http://kcson.ru:8080/").unwrap()));
        assert!(!scope.contains(&Url::parse("https://bus.gov.ru/").unwrap()));
        scope.add(&Url::parse("https://kcson.gosweb.gosuslugi.ru/").unwrap());
        assert!(scope.contains(&Url::parse("https://kcson.gosweb.gosuslugi.ru/x").unwrap()));
    }

    #[test]
    fn documents_and_assets() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            document_kind(&u("http://a.ru/upload/Устав.PDF")),
            Some("pdf")
        );
        assert_eq!(document_kind(&u("http://a.ru/plan.docx?v=2")), Some("docx"));
        assert_eq!(document_kind(&u("http://a.ru/page.php")), None);
        assert!(is_asset(&u("http://a.ru/img/logo.png")));
        assert!(!is_asset(&u("http://a.ru/about/")));
        assert_eq!(
            document_kind_for_content_type("application/pdf; qs=1"),
            Some("pdf")
        );
    }

    #[test]
    fn decodes_file_names_in_utf8_and_cp1251() {
        let u = Url::parse("http://a.ru/media/nok/%D0%9F%D0%BB%D0%B0%D0%BD%202024.pdf").unwrap();
        assert_eq!(file_name(&u), "План 2024.pdf");
        let cp = Url::parse("http://a.ru/files/%CF%EB%E0%ED.pdf").unwrap();
        assert_eq!(file_name(&cp), "План.pdf");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%D0"), "Р");
    }

    #[test]
    fn unwraps_vk_away() {
        let u =
            Url::parse("https://vk.com/away.php?to=https%3A%2F%2Fbus.gov.ru%2Fqrcode%2Frate%2F1")
                .unwrap();
        assert_eq!(
            unwrap_redirector(&u).unwrap().as_str(),
            "https://bus.gov.ru/qrcode/rate/1"
        );
        assert!(unwrap_redirector(&Url::parse("https://vk.com/club1").unwrap()).is_none());
    }

    #[test]
    fn trap_keys_group_calendar_pages() {
        let a = Url::parse("http://a.ru/calendar/2024/05/?month=5&y=1").unwrap();
        let b = Url::parse("http://a.ru/calendar/2031/11/?y=9&month=12").unwrap();
        assert_eq!(trap_key(&a), trap_key(&b));
        assert!(looks_like_trap(
            &Url::parse("http://a.ru/a/b/a/b/a/b/a/b/").unwrap()
        ));
        assert!(!looks_like_trap(
            &Url::parse("http://a.ru/svedeniya/uchreditel/").unwrap()
        ));
    }
}
