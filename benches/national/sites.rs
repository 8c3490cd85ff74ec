//! The generated sites and the server that answers for them. Site N (1-based) lives on its own
//! loopback address (Linux routes all of 127/8 to `lo`), every one on the same port, and its pages
//! are made on request from the site's number, so 10 000 sites cost no memory.

use crate::kcson::{missing, page_head, page_tail, Rng, Section, NEWS_TITLES, SECTIONS};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Addresses per /16 used for sites: the last octet runs 1..=250 (no .0 or .255).
const PER_C: usize = 250;

/// The loopback address of site `n` (1-based): 127.1.0.1, 127.1.0.2, … 127.1.0.250, 127.1.1.1, …
pub fn site_addr(n: usize) -> Ipv4Addr {
    let i = n - 1;
    let c = i / PER_C;
    Ipv4Addr::new(
        127,
        1 + (c / 256) as u8,
        (c % 256) as u8,
        (i % PER_C + 1) as u8,
    )
}

/// The site number an address belongs to (inverse of [`site_addr`]).
pub fn site_number(ip: Ipv4Addr) -> Option<usize> {
    let [a, b, c, d] = ip.octets();
    if a != 127 || b == 0 || d == 0 || d as usize > PER_C {
        return None;
    }
    let block = (b as usize - 1) * 256 + c as usize;
    Some(block * PER_C + d as usize)
}

/// Verdict profile of site `n`, as the bench reports it: `n % 5`, 0 and 1 publish everything.
pub fn profile(n: usize) -> usize {
    n % 5
}

/// News items on site `n` (1–3), so that sites differ in size.
fn news_count(n: usize) -> usize {
    1 + n % 2
}

/// Documents every site links to (from [`SECTIONS`]); the weakest profile's charter link is dead.
const DOCS: [&str; 8] = [
    "upload/docs/plan-fhd-2026.pdf",
    "upload/docs/otchet-2025.pdf",
    "upload/docs/ustav.pdf",
    "upload/docs/pravila-dlya-poluchateley.pdf",
    "upload/docs/pvtr.pdf",
    "upload/docs/kollektivnyy-dogovor.pdf",
    "upload/nok/plan.pdf",
    "upload/nok/otchet.pdf",
];

fn present(n: usize) -> Vec<&'static Section> {
    let skip = missing(n);
    SECTIONS
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, s)| s)
        .collect()
}

/// A small КЦСОН page: header, menu of the sections the site has, `body`, filler to 12–26 KB.
fn html(n: usize, seed: usize, title: &str, body: &str, present: &[&Section]) -> Vec<u8> {
    let mut rng = Rng::new(n, seed);
    let target = 12_000 + rng.below(14_000);
    let mut out = String::with_capacity(target + 2_000);
    page_head(&mut out, n, title, present);
    out.push_str(body);
    page_tail(&mut out, n, &mut rng, target);
    out.into_bytes()
}

/// What site `n` serves at `path`: content type and bytes, or `None` (404).
pub fn content(n: usize, path: &str) -> Option<(&'static str, Vec<u8>)> {
    const HTML: &str = "text/html; charset=utf-8";
    let path = path.trim_start_matches('/');
    let present = present(n);
    let news = news_count(n);
    if path.is_empty() || path == "index.html" {
        let body = "<p>Центр оказывает социальные услуги гражданам пожилого возраста, инвалидам и семьям с детьми.</p><p><a href=\"/news/\">Все новости</a></p>";
        return Some((HTML, html(n, 0, "Главная", body, &present)));
    }
    if path == "news/" {
        let links: String = (1..=news)
            .map(|k| {
                let title = NEWS_TITLES[k % NEWS_TITLES.len()];
                format!("<li><a href=\"/news/{k}.html\">{title}</a></li>")
            })
            .collect();
        let body = format!("<ul class=\"news-list\">{links}</ul>");
        return Some((HTML, html(n, 1, "Новости", &body, &present)));
    }
    if let Some(k) = path
        .strip_prefix("news/")
        .and_then(|p| p.strip_suffix(".html"))
        .and_then(|k| k.parse::<usize>().ok())
        .filter(|k| (1..=news).contains(k))
    {
        let title = NEWS_TITLES[k % NEWS_TITLES.len()];
        return Some((HTML, html(n, 100 + k, title, "", &present)));
    }
    if let Some(k) = present.iter().position(|(p, _, _)| *p == path) {
        let &(section, menu, body) = present[k];
        // The compliant profiles publish the НОК plan as a DOCX that can be read.
        let body = if section == "nok/" && profile(n) < 2 {
            body.replace("/upload/nok/plan.pdf", "/upload/nok/plan.docx")
                .replace("/upload/nok/otchet.pdf", "/upload/nok/otchet.docx")
        } else {
            body.to_string()
        };
        return Some((HTML, html(n, k + 2, menu, &body, &present)));
    }
    if profile(n) < 2 && path.starts_with("upload/nok/") && path.ends_with(".docx") {
        const DOCX: &str =
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        return match path {
            "upload/nok/plan.docx" => Some((DOCX, crate::docx::nok(false))),
            "upload/nok/otchet.docx" => Some((DOCX, crate::docx::nok(true))),
            _ => None,
        };
    }
    if DOCS.contains(&path) && !(profile(n) == 4 && path.ends_with("ustav.pdf")) {
        let stub = format!("%PDF-1.4\n% socaudit bench stub {path}\n").repeat(40);
        return Some(("application/pdf", stub.into_bytes()));
    }
    // A third of the sites have no robots.txt at all, as many real ones.
    if path == "robots.txt" && !n.is_multiple_of(3) {
        return Some((
            "text/plain",
            b"User-agent: *\nDisallow: /search/\n".to_vec(),
        ));
    }
    None
}

/// What the server shares between requests.
pub struct Server {
    /// Added before every answer, as a distant server's round trip.
    pub latency: Duration,
    /// Requests answered so far.
    pub served: AtomicU64,
}

/// The router for every site: the site is found by the address in the `Host` header.
pub fn router(server: Arc<Server>) -> Router {
    Router::new().fallback(answer).with_state(server)
}

async fn answer(State(server): State<Arc<Server>>, req: Request) -> Response {
    tokio::time::sleep(server.latency).await;
    server.served.fetch_add(1, Ordering::Relaxed);
    let site = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.split(':').next())
        .and_then(|h| h.parse::<Ipv4Addr>().ok())
        .and_then(site_number);
    match site.and_then(|n| content(n, req.uri().path())) {
        Some((kind, body)) => ([(header::CONTENT_TYPE, kind)], body).into_response(),
        None => (StatusCode::NOT_FOUND, "<h1>404</h1>").into_response(),
    }
}

/// Binds site 1…`sites` on one port of their own addresses and serves them in the background.
/// Returns the port.
pub async fn serve(sites: usize, server: Arc<Server>) -> Result<u16, String> {
    let app = router(server);
    let mut last_error = String::new();
    // The port is taken from the first address; another process may hold it on some other
    // address of 127/8 (a wildcard listener), so a clash starts over on a new port.
    for _ in 0..5 {
        match bind_all(sites).await {
            Ok((port, listeners)) => {
                for listener in listeners {
                    let app = app.clone();
                    tokio::spawn(async move {
                        if let Err(e) = axum::serve(listener, app).await {
                            eprintln!("bench server: {e}");
                        }
                    });
                }
                return Ok(port);
            }
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

async fn bind_all(sites: usize) -> Result<(u16, Vec<tokio::net::TcpListener>), String> {
    let first = tokio::net::TcpListener::bind((site_addr(1), 0))
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", site_addr(1)))?;
    let port = first.local_addr().map_err(|e| e.to_string())?.port();
    let mut listeners = vec![first];
    for n in 2..=sites {
        let listener = tokio::net::TcpListener::bind((site_addr(n), port))
            .await
            .map_err(|e| format!("cannot listen on {}:{port}: {e}", site_addr(n)))?;
        listeners.push(listener);
    }
    Ok((port, listeners))
}
