//! Turning one request into one response for a fixture site: routes first, then traps, then files.

use super::manifest::{Route, RouteBody, Series, Trap};
use super::{percent_decode, Site};
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::hash::{DefaultHasher, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::SystemTime;

/// A site plus the per-route counters that `fail_times` needs.
pub(crate) struct HostSite {
    pub site: Site,
    pub failures: Vec<AtomicU32>,
}

impl HostSite {
    pub fn new(site: Site) -> HostSite {
        let failures = site.routes.iter().map(|_| AtomicU32::new(0)).collect();
        HostSite { site, failures }
    }
}

const HTML_UTF8: &str = "text/html; charset=utf-8";

/// Answers `raw_path` (still percent-encoded) with an optional raw query.
pub(crate) async fn respond(
    hs: &HostSite,
    raw_path: &str,
    query: Option<&str>,
    port: u16,
) -> Response {
    if let Some(latency) = hs.site.latency {
        tokio::time::sleep(latency).await;
    }
    let path = percent_decode(raw_path);
    let target = match query {
        Some(q) => format!("{path}?{}", percent_decode(q)),
        None => path.clone(),
    };
    if let Some(i) = find_route(&hs.site.routes, &path, &target) {
        return route_response(hs, i, &path, port).await;
    }
    if let Some(trap) = hs.site.traps.iter().find(|t| path.starts_with(&t.prefix)) {
        return trap_page(trap, &path, query);
    }
    if let Some(response) = hs
        .site
        .series
        .iter()
        .find(|s| path.starts_with(&s.prefix))
        .and_then(|s| series_page(s, &path))
    {
        return response;
    }
    serve_path(&hs.site, &path, query)
}

/// The register page of a series, or one of its numbered pages; `None` for anything else.
fn series_page(series: &Series, path: &str) -> Option<Response> {
    let rest = &path[series.prefix.len()..];
    let (title, body) = if rest.is_empty() {
        let items: String = (1..=series.count)
            .map(|n| {
                format!(
                    "<li><a href=\"{}{n}/\">{} № {n}</a></li>\n",
                    series.prefix, series.title
                )
            })
            .collect();
        (series.title.clone(), format!("<ul>\n{items}</ul>"))
    } else {
        let n: u32 = rest.strip_suffix('/')?.parse().ok()?;
        if !(1..=series.count).contains(&n) {
            return None;
        }
        let title = format!("{} № {n}", series.title);
        let body = format!(
            "<p>{title} от 01.02.2025.</p><p><a href=\"{}\">Все документы</a></p>",
            series.prefix
        );
        (title, body)
    };
    let html = format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    Some(build(200, Some(HTML_UTF8), html.into_bytes()))
}

/// An exact path+query route wins; a route without a query matches the path with any query.
fn find_route(routes: &[Route], path: &str, target: &str) -> Option<usize> {
    routes
        .iter()
        .position(|r| r.path == target)
        .or_else(|| routes.iter().position(|r| !r.has_query() && r.path == path))
}

async fn route_response(hs: &HostSite, i: usize, path: &str, port: u16) -> Response {
    let route = &hs.site.routes[i];
    if let Some(delay) = route.delay {
        tokio::time::sleep(delay).await;
    }
    if route.fail_times > 0 {
        let seen = hs.failures[i].fetch_add(1, Ordering::SeqCst);
        if seen < route.fail_times {
            return error_response(route);
        }
        return route_content(&hs.site, route, path, 200);
    }
    if let Some(location) = &route.location {
        return redirect(route.status, &location.replace("{port}", &port.to_string()));
    }
    if route.status >= 400 && matches!(route.body, RouteBody::FromPath) {
        return error_response(route);
    }
    route_content(&hs.site, route, path, route.status)
}

fn route_content(site: &Site, route: &Route, path: &str, status: u16) -> Response {
    let (bytes, name) = match &route.body {
        RouteBody::File(key) => (
            site.files.get(key).cloned().unwrap_or_default(),
            key.clone(),
        ),
        RouteBody::Inline(text) => (text.clone().into_bytes(), path.to_string()),
        RouteBody::FromPath => {
            let key = file_key(path);
            (site.files.get(&key).cloned().unwrap_or_default(), key)
        }
    };
    let bytes = match route.encoding {
        // Manifest validation made sure transcoded files are UTF-8; lossy only guards inline edits.
        Some(enc) => enc.encode(&String::from_utf8_lossy(&bytes)).0.into_owned(),
        None => bytes,
    };
    let content_type = match (&route.content_type, route.encoding) {
        (Some(ct), _) if ct.is_empty() => None,
        (Some(ct), _) => Some(ct.clone()),
        (None, Some(enc)) => Some(with_charset(mime_for(&name), enc.name())),
        (None, None) => Some(mime_for(&name).to_string()),
    };
    let validators = (status == 200).then(|| etag_of(&bytes));
    let mut resp = build(status, content_type.as_deref(), bytes);
    if let Some(etag) = validators {
        add_validators(&mut resp, &etag, site.last_modified);
    }
    resp
}

fn error_response(route: &Route) -> Response {
    let mut resp = if route.status == 404 {
        not_found()
    } else {
        let reason = StatusCode::from_u16(route.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        let body = format!(
            "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{} {reason}</title></head><body><h1>{} {reason}</h1></body></html>",
            route.status, route.status
        );
        build(route.status, Some(HTML_UTF8), body.into_bytes())
    };
    if let Some(value) = route
        .retry_after
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, value);
    }
    resp
}

/// Maps a decoded request path to the relative path of the file that would serve it.
fn file_key(path: &str) -> String {
    let key = path.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    }
}

fn serve_path(site: &Site, path: &str, query: Option<&str>) -> Response {
    let key = file_key(path);
    if let Some(bytes) = site.files.get(&key) {
        let mut resp = build(200, Some(mime_for(&key)), bytes.clone());
        add_validators(&mut resp, &etag_of(bytes), site.last_modified);
        return resp;
    }
    // Like real servers: a directory asked for without its slash is redirected to it.
    if !path.ends_with('/') && site.files.contains_key(&format!("{key}/index.html")) {
        let location = match query {
            Some(q) => format!("{path}/?{q}"),
            None => format!("{path}/"),
        };
        return redirect(301, &location);
    }
    not_found()
}

/// A page of an endless calendar: N comes from `?param=N` or from `/prefix/N/`.
fn trap_page(trap: &Trap, path: &str, query: Option<&str>) -> Response {
    let from_query = query.and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == trap.param)
            .and_then(|(_, v)| v.parse::<i64>().ok())
    });
    let from_path = || {
        path[trap.prefix.len()..]
            .split('/')
            .next()
            .and_then(|seg| seg.parse::<i64>().ok())
    };
    let n = from_query.or_else(from_path).unwrap_or(0);
    let mut links = String::new();
    for m in [n.saturating_sub(1), n.saturating_add(1)] {
        let p = &trap.prefix;
        let param = &trap.param;
        links.push_str(&format!(
            "<li><a href=\"{p}?{param}={m}\">{param} {m}</a></li>\n"
        ));
        links.push_str(&format!("<li><a href=\"{p}{m}/\">{m}</a></li>\n"));
        for extra in &trap.extra {
            links.push_str(&format!(
                "<li><a href=\"{p}?{param}={m}&amp;{extra}\">{param} {m} ({extra})</a></li>\n"
            ));
        }
    }
    let body = format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Календарь мероприятий — {n}</title></head>\
         <body><h1>Календарь мероприятий</h1><p>Мероприятия периода {n}.</p><ul>\n{links}</ul>\
         <p><a href=\"/\">На главную</a></p></body></html>"
    );
    build(200, Some(HTML_UTF8), body.into_bytes())
}

fn redirect(status: u16, location: &str) -> Response {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Moved</title></head><body><a href=\"{}\">Перемещено</a></body></html>",
        location.replace('"', "&quot;")
    );
    let mut resp = build(status, Some(HTML_UTF8), body.into_bytes());
    if let Ok(value) = HeaderValue::from_str(location) {
        resp.headers_mut().insert(header::LOCATION, value);
    }
    resp
}

/// The 404 page every unknown path gets.
pub(crate) fn not_found() -> Response {
    let body = "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>404 — страница не найдена</title></head>\
                <body><h1>Страница не найдена</h1><p><a href=\"/\">На главную</a></p></body></html>";
    build(404, Some(HTML_UTF8), body.as_bytes().to_vec())
}

fn build(status: u16, content_type: Option<&str>, bytes: Vec<u8>) -> Response {
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(value) = content_type.and_then(|ct| HeaderValue::from_str(ct).ok()) {
        resp.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    resp
}

/// A strong ETag from the bytes sent, as servers derive it from a file's content or inode.
fn etag_of(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    format!("\"{:016x}-{:x}\"", hasher.finish(), bytes.len())
}

/// Sends the validators a static file server sends: `ETag` and `Last-Modified`.
fn add_validators(resp: &mut Response, etag: &str, last_modified: SystemTime) {
    let headers = resp.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(last_modified)) {
        headers.insert(header::LAST_MODIFIED, value);
    }
}

/// True when the request asks for a conditional answer.
pub(crate) fn is_conditional(request: &HeaderMap) -> bool {
    request.contains_key(header::IF_NONE_MATCH) || request.contains_key(header::IF_MODIFIED_SINCE)
}

/// Turns a 200 into `304 Not Modified` when the request's validators still match it
/// (RFC 9110 §13.2.2: `If-None-Match` decides alone when sent; `If-Modified-Since` otherwise).
pub(crate) fn answer_conditional(request: &HeaderMap, resp: Response) -> Response {
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let text = |map: &HeaderMap, name| {
        map.get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let etag = text(resp.headers(), header::ETAG);
    let unchanged = match text(request, header::IF_NONE_MATCH) {
        Some(list) => etag.is_some_and(|e| etag_listed(&list, &e)),
        None => {
            let since = text(request, header::IF_MODIFIED_SINCE)
                .and_then(|d| httpdate::parse_http_date(d.trim()).ok());
            let modified = text(resp.headers(), header::LAST_MODIFIED)
                .and_then(|d| httpdate::parse_http_date(&d).ok());
            matches!((since, modified), (Some(s), Some(m)) if m <= s)
        }
    };
    if !unchanged {
        return resp;
    }
    let mut not_modified = Response::new(Body::empty());
    *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
    for name in [header::ETAG, header::LAST_MODIFIED] {
        if let Some(value) = resp.headers().get(&name) {
            not_modified.headers_mut().insert(name, value.clone());
        }
    }
    not_modified
}

/// `If-None-Match` matching: `*`, or any listed tag equal to `etag` by weak comparison.
fn etag_listed(list: &str, etag: &str) -> bool {
    let weak = |t: &str| t.trim().trim_start_matches("W/").to_string();
    list.trim() == "*" || list.split(',').any(|t| weak(t) == weak(etag))
}

fn with_charset(mime: &str, charset: &str) -> String {
    let base = mime.split(';').next().unwrap_or(mime).trim();
    if base.starts_with("text/") {
        format!("{base}; charset={charset}")
    } else {
        base.to_string()
    }
}

/// Content type by file extension, as a typical Apache/nginx setup would send it.
pub(crate) fn mime_for(name: &str) -> &'static str {
    let file_name = name.rsplit('/').next().unwrap_or(name);
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" | "php" | "" => HTML_UTF8,
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "rtf" => "application/rtf",
        "txt" => "text/plain; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_paths_to_files() {
        assert_eq!(file_key("/"), "index.html");
        assert_eq!(file_key("/a/"), "a/index.html");
        assert_eq!(file_key("/docs/ustav.pdf"), "docs/ustav.pdf");
    }

    #[test]
    fn conditional_requests_get_304_while_validators_match() {
        let mut resp = build(200, Some(HTML_UTF8), b"<p>".to_vec());
        let etag = etag_of(b"<p>");
        let date = httpdate::parse_http_date("Mon, 15 Jan 2024 09:00:00 GMT").expect("date");
        add_validators(&mut resp, &etag, date);
        let with = |name, value: &str| {
            let mut h = HeaderMap::new();
            h.insert(name, HeaderValue::from_str(value).expect("header"));
            h
        };
        let again = |req: &HeaderMap| {
            let mut copy = build(200, Some(HTML_UTF8), b"<p>".to_vec());
            *copy.headers_mut() = resp.headers().clone();
            answer_conditional(req, copy).status()
        };
        assert_eq!(again(&with(header::IF_NONE_MATCH, &etag)), 304);
        assert_eq!(
            again(&with(header::IF_NONE_MATCH, &format!("W/{etag}, \"x\""))),
            304
        );
        assert_eq!(again(&with(header::IF_NONE_MATCH, "\"other\"")), 200);
        assert_eq!(
            again(&with(
                header::IF_MODIFIED_SINCE,
                "Mon, 15 Jan 2024 09:00:00 GMT"
            )),
            304
        );
        assert_eq!(
            again(&with(
                header::IF_MODIFIED_SINCE,
                "Sun, 14 Jan 2024 09:00:00 GMT"
            )),
            200
        );
        assert_eq!(again(&with(header::IF_MODIFIED_SINCE, "not a date")), 200);
        assert_ne!(etag_of(b"<p>"), etag_of(b"<b>"));
        let not_found = answer_conditional(&with(header::IF_NONE_MATCH, "*"), not_found());
        assert_eq!(not_found.status(), 404);
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(mime_for("page.php"), HTML_UTF8);
        assert_eq!(mime_for("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(mime_for("a/ustav.PDF"), "application/pdf");
        assert_eq!(
            with_charset(HTML_UTF8, "windows-1251"),
            "text/html; charset=windows-1251"
        );
    }
}
