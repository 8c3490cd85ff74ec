//! What makes the server safe to expose: strict response headers (a CSP without inline script;
//! the report's one inline stylesheet carries a per-response nonce), the CSRF token of the form
//! (a cookie that must match the form field, `SameSite=Strict`, and the `Origin` checked), random
//! ids, and the client address the rate limit counts by.

use axum::extract::Request;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// The cookie holding the CSRF token.
pub const CSRF_COOKIE: &str = "socaudit_csrf";

/// The CSP of every page but the report: scripts and styles only from this server.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if let Err(e) = getrandom::getrandom(&mut bytes) {
        // Without an OS random source no token or id would be safe: refuse to go on.
        panic!("no random source: {e}");
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new check id: 128 random bits.
pub fn new_check_id() -> String {
    random_hex(16)
}

/// True for strings shaped like a check id (anything else is a 404 without a database query).
pub fn is_check_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The CSP of a report page whose inline `<style>` carries `nonce`.
pub fn report_csp(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self'; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// Adds the security headers every response gets (a handler's own CSP is kept).
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let fixed: [(HeaderName, &str); 6] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Not `no-referrer`: with it browsers send `Origin: null` on the form's own posts.
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    response
}

/// The value of cookie `name` when it is `len` hex digits (tokens we set; anything else is
/// treated as no cookie).
pub fn hex_cookie(headers: &HeaderMap, name: &str, len: usize) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| v.len() == len && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The CSRF token of the request's cookie, if it has a well-formed one.
pub fn csrf_cookie(headers: &HeaderMap) -> Option<String> {
    hex_cookie(headers, CSRF_COOKIE, 32)
}

/// The token to put in a form: the cookie's, or a new one with the `Set-Cookie` to send.
pub fn csrf_token(headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    match csrf_cookie(headers) {
        Some(token) => (token, None),
        None => {
            let token = random_hex(16);
            let cookie = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
            let value = HeaderValue::from_str(&cookie).ok();
            (token, value)
        }
    }
}

/// True when a form post carries the token of its cookie and, if the browser names the page it
/// came from, that page is on this server.
pub fn csrf_ok(headers: &HeaderMap, form_token: &str) -> bool {
    let same_token = csrf_cookie(headers).is_some_and(|c| constant_time_eq(&c, form_token));
    same_token && same_origin(headers)
}

/// True when the browser names no other origin than this server for the request.
pub fn same_origin(headers: &HeaderMap) -> bool {
    // No Origin, or the opaque `null` (privacy settings, sandboxed frames): the token and the
    // SameSite cookie decide alone.
    let Some(origin) = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null")
    else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = url::Url::parse(origin).ok().and_then(|u| {
        u.host_str().map(|h| match u.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_string(),
        })
    });
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Compares two secrets without an early exit.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The address a client is counted by: the peer, or with `trust_proxy` the last address the
/// reverse proxy appended to `X-Forwarded-For` (earlier ones are the client's to forge).
pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, trust_proxy: bool) -> IpAddr {
    if trust_proxy {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back();
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    peer.ip()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn csrf_needs_the_cookie_token_and_this_origin() {
        let token = "0123456789abcdef0123456789abcdef";
        let cookie = format!("a=b; {CSRF_COOKIE}={token}");
        let ok = headers(&[("cookie", &cookie), ("host", "x.ru:8080")]);
        assert!(csrf_ok(&ok, token));
        assert!(!csrf_ok(&ok, "0123456789abcdef0123456789abcdee"));
        assert!(!csrf_ok(&headers(&[("host", "x.ru")]), token));
        let cross = headers(&[
            ("cookie", &cookie),
            ("host", "x.ru:8080"),
            ("origin", "http://evil.ru"),
        ]);
        assert!(!csrf_ok(&cross, token));
        let same = headers(&[
            ("cookie", &cookie),
            ("host", "x.ru:8080"),
            ("origin", "http://x.ru:8080"),
        ]);
        assert!(csrf_ok(&same, token));
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_proxy() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9")]);
        assert_eq!(client_ip(peer, &h, false), peer.ip());
        assert_eq!(
            client_ip(peer, &h, true),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn ids_are_random_and_recognised() {
        let (a, b) = (new_check_id(), new_check_id());
        assert!(is_check_id(&a) && is_check_id(&b) && a != b);
        assert!(!is_check_id("../etc/passwd") && !is_check_id(&a.to_uppercase()));
    }
}
