//! `HttpFetcher` (and `Politeness` over it) against real servers on 127.0.0.1.

use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response as AxumResponse};
use axum::routing::{any, get};
use axum::Router;
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fetch::{Body, FetchError, Fetcher, RequestKind};
use socaudit::politeness::{Politeness, PolitenessConfig, RobotsVerdict};
use std::net::SocketAddr;
use std::time::Duration;
use url::Url;

const HTML: &str = "<html><head><title>Главная</title></head><body>Сведения</body></html>";

fn html(body: &'static str) -> AxumResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

async fn user_agent(headers: HeaderMap) -> AxumResponse {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], ua).into_response()
}

async fn host(headers: HeaderMap) -> AxumResponse {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    ([(header::CONTENT_TYPE, "text/plain")], host).into_response()
}

/// A document whose server refuses HEAD, as some Bitrix/IIS setups do.
async fn head_refused_pdf(method: Method) -> AxumResponse {
    if method == Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let headers = [
        (header::CONTENT_TYPE, "application/pdf"),
        (header::LAST_MODIFIED, "Wed, 21 Oct 2015 07:28:00 GMT"),
        (header::ETAG, "\"v1\""),
    ];
    (headers, "%PDF-1.4 fake").into_response()
}

fn site() -> Router {
    Router::new()
        .route("/", get(|| async { html(HTML) }))
        .route("/ua", get(user_agent))
        .route("/host", get(host))
        .route("/r1", get(|| async { Redirect::temporary("/r2") }))
        .route("/r2", get(|| async { Redirect::permanent("/") }))
        .route("/loop-a", get(|| async { Redirect::temporary("/loop-b") }))
        .route("/loop-b", get(|| async { Redirect::temporary("/loop-a") }))
        .route(
            "/big",
            get(|| async { ([(header::CONTENT_TYPE, "text/plain")], "a".repeat(100_000)) }),
        )
        .route("/doc.pdf", any(head_refused_pdf))
        .route(
            "/report",
            get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.4") }),
        )
        .route(
            "/busy",
            get(|| async {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "3")],
                    "busy",
                )
            }),
        )
        .route("/private/x", get(|| async { html(HTML) }))
        .route(
            "/robots.txt",
            get(|| async { "User-agent: socaudit\nDisallow: /private/\n" }),
        )
        .route(
            "/move",
            get(|headers: HeaderMap| async move {
                let port = headers
                    .get(header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|h| h.rsplit(':').next())
                    .unwrap_or("80")
                    .to_string();
                Redirect::permanent(&format!("http://www.kcson.test:{port}/host"))
            }),
        )
}

async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

fn fetcher() -> HttpFetcher {
    HttpFetcher::new(HttpConfig::default()).expect("client")
}

fn at(addr: SocketAddr, path: &str) -> Url {
    Url::parse(&format!("http://{addr}{path}")).expect("url")
}

#[tokio::test]
async fn html_page_is_fetched_and_decoded() {
    let addr = serve(site()).await;
    let r = fetcher()
        .fetch(&at(addr, "/"), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 200);
    assert!(r.is_html());
    assert!(r.redirects.is_empty());
    assert!(!r.truncated);
    assert_eq!(r.text(), Some(HTML));
    assert!(r.encoding.is_some());
}

#[tokio::test]
async fn user_agent_is_sent() {
    let addr = serve(site()).await;
    let config = HttpConfig {
        user_agent: "socaudit/9.9 (+test)".into(),
        ..HttpConfig::default()
    };
    let f = HttpFetcher::new(config).expect("client");
    let r = f
        .fetch(&at(addr, "/ua"), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.text(), Some("socaudit/9.9 (+test)"));
}

#[tokio::test]
async fn redirect_chain_is_recorded() {
    let addr = serve(site()).await;
    let start = at(addr, "/r1");
    let r = fetcher()
        .fetch(&start, RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 200);
    assert_eq!(r.requested, start);
    assert_eq!(r.url, at(addr, "/"));
    assert_eq!(r.redirects, vec![at(addr, "/r1"), at(addr, "/r2")]);
}

#[tokio::test]
async fn redirect_loop_is_an_error() {
    let addr = serve(site()).await;
    let err = fetcher()
        .fetch(&at(addr, "/loop-a"), RequestKind::Page)
        .await
        .err();
    assert!(
        matches!(err, Some(FetchError::RedirectLoop { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn long_redirect_chain_is_an_error() {
    let addr = serve(site()).await;
    let f = HttpFetcher::new(HttpConfig {
        max_redirects: 1,
        ..HttpConfig::default()
    })
    .expect("client");
    let err = f.fetch(&at(addr, "/r1"), RequestKind::Page).await.err();
    assert!(
        matches!(err, Some(FetchError::RedirectLoop { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn body_is_capped() {
    let addr = serve(site()).await;
    let f = HttpFetcher::new(HttpConfig {
        max_body_bytes: 1000,
        ..HttpConfig::default()
    })
    .expect("client");
    let r = f
        .fetch(&at(addr, "/big"), RequestKind::Page)
        .await
        .expect("response");
    assert!(r.truncated);
    assert_eq!(r.text().map(str::len), Some(1000));
}

#[tokio::test]
async fn document_head_405_falls_back_to_get() {
    let addr = serve(site()).await;
    let r = fetcher()
        .fetch(&at(addr, "/doc.pdf"), RequestKind::Document)
        .await
        .expect("response");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(r.content_length, Some(13));
    assert_eq!(
        r.last_modified.as_deref(),
        Some("Wed, 21 Oct 2015 07:28:00 GMT")
    );
    assert_eq!(r.etag.as_deref(), Some("\"v1\""));
    assert_eq!(r.body, Body::Empty);
}

#[tokio::test]
async fn pdf_behind_a_page_link_has_no_body() {
    let addr = serve(site()).await;
    let r = fetcher()
        .fetch(&at(addr, "/report"), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(r.body, Body::Empty);
}

#[tokio::test]
async fn retry_after_header_is_parsed() {
    let addr = serve(site()).await;
    let r = fetcher()
        .fetch(&at(addr, "/busy"), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 503);
    assert_eq!(r.retry_after, Some(Duration::from_secs(3)));
}

#[tokio::test]
async fn refused_connection_is_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let err = fetcher()
        .fetch(&at(addr, "/"), RequestKind::Page)
        .await
        .err();
    match err {
        Some(FetchError::Connect { reason, .. }) => assert!(!reason.contains('\n'), "{reason}"),
        other => panic!("expected Connect, got {other:?}"),
    }
}

#[tokio::test]
async fn https_to_a_plain_server_is_a_tls_connect_error() {
    let addr = serve(site()).await;
    let url = Url::parse(&format!("https://{addr}/")).expect("url");
    match fetcher().fetch(&url, RequestKind::Page).await.err() {
        Some(FetchError::Connect { reason, .. }) => assert!(reason.contains("TLS"), "{reason}"),
        other => panic!("expected Connect, got {other:?}"),
    }
}

#[tokio::test]
async fn server_hanging_up_mid_exchange_is_a_reset() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 1024];
            let _ = socket.read(&mut buf).await;
        }
    });
    let err = fetcher()
        .fetch(&at(addr, "/"), RequestKind::Page)
        .await
        .err();
    assert!(matches!(err, Some(FetchError::Reset { .. })), "{err:?}");
}

#[tokio::test]
async fn silent_server_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let config = HttpConfig {
        read_timeout: Duration::from_millis(300),
        ..HttpConfig::default()
    };
    let f = HttpFetcher::new(config).expect("client");
    let err = f.fetch(&at(addr, "/"), RequestKind::Page).await.err();
    assert!(matches!(err, Some(FetchError::Timeout { .. })), "{err:?}");
}

#[tokio::test]
async fn fixed_resolution_serves_realistic_names() {
    let addr = serve(site()).await;
    let any_port = SocketAddr::new(addr.ip(), 0);
    let config = HttpConfig {
        resolve: vec![
            ("kcson.test".into(), any_port),
            ("www.kcson.test".into(), any_port),
        ],
        ..HttpConfig::default()
    };
    let f = HttpFetcher::new(config).expect("client");
    let start = Url::parse(&format!("http://kcson.test:{}/move", addr.port())).expect("url");
    let r = f.fetch(&start, RequestKind::Page).await.expect("response");
    assert_eq!(r.status, 200);
    assert_eq!(r.url.host_str(), Some("www.kcson.test"));
    assert_eq!(r.redirects, vec![start]);
    assert_eq!(
        r.text(),
        Some(format!("www.kcson.test:{}", addr.port()).as_str())
    );
}

#[tokio::test]
async fn politeness_reads_robots_over_http() {
    let addr = serve(site()).await;
    let f = fetcher();
    let p = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        ..PolitenessConfig::default()
    });
    assert_eq!(
        p.robots(&f, &at(addr, "/private/x")).await,
        RobotsVerdict::Disallowed
    );
    assert_eq!(p.robots(&f, &at(addr, "/")).await, RobotsVerdict::Allowed);
    let r = p.fetch(&f, &at(addr, "/"), RequestKind::Page).await;
    assert_eq!(r.map(|r| r.status).ok(), Some(200));
    assert_eq!(p.requests_sent(), 2);
}
