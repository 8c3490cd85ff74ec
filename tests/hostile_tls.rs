//! Sites with broken certificates (self-signed, expired, for another host), made in the test and
//! served over TLS on 127.0.0.1: they are checked anyway with the certificate problem as a
//! finding, and `--strict-tls` refuses them.

mod common;

use assert_cmd::Command;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use common::FIXTURE_TODAY;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fetch::{FetchError, Fetcher, RequestKind};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use url::Url;

/// A TCP listener that completes a TLS handshake before handing a connection to axum; failed
/// handshakes (a client that rejects the certificate) are counted and skipped.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    refused: Arc<AtomicUsize>,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else {
                continue;
            };
            match self.acceptor.accept(stream).await {
                Ok(tls) => return (tls, addr),
                Err(_) => {
                    self.refused.fetch_add(1, Ordering::SeqCst);
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// What is wrong with the certificate.
#[derive(Clone, Copy, Debug)]
enum Broken {
    SelfSigned,
    Expired,
    OtherHost,
}

fn certificate(kind: Broken) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
    let names = match kind {
        Broken::OtherHost => vec!["other.test".to_string()],
        _ => vec!["localhost".to_string(), "127.0.0.1".to_string()],
    };
    let mut params = rcgen::CertificateParams::new(names).expect("params");
    if let Broken::Expired = kind {
        params.not_before = rcgen::date_time_ymd(2019, 1, 1);
        params.not_after = rcgen::date_time_ymd(2020, 1, 1);
    }
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("cert");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (cert.der().clone(), key)
}

fn page(body: &'static str) -> axum::response::Response {
    let html = format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>КЦСОН</title></head>\
         <body>{body}</body></html>"
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// Serves a two-page site over TLS with a `kind` certificate; returns its base URL and the
/// counter of refused handshakes.
async fn serve_tls(kind: Broken) -> (String, Arc<AtomicUsize>) {
    let (cert, key) = certificate(kind);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("server config");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let tcp = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = tcp.local_addr().expect("addr").port();
    let refused = Arc::new(AtomicUsize::new(0));
    let listener = TlsListener {
        tcp,
        acceptor: TlsAcceptor::from(Arc::new(config)),
        refused: refused.clone(),
    };
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                page("<h1>Главная</h1><a href=\"/svedeniya/\">Сведения об организации</a>")
            }),
        )
        .route(
            "/svedeniya/",
            get(|| async { page("<h1>Сведения об организации</h1>") }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("https://127.0.0.1:{port}/"), refused)
}

fn fetcher(strict_tls: bool) -> HttpFetcher {
    HttpFetcher::new(HttpConfig {
        strict_tls,
        ..HttpConfig::default()
    })
    .expect("client")
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_certificates_are_fetched_with_the_problem_named() {
    for (kind, words) in [
        (Broken::SelfSigned, "неизвестным удостоверяющим центром"),
        (Broken::Expired, "сертификат"),
        (Broken::OtherHost, "сертификат"),
    ] {
        let (base, refused) = serve_tls(kind).await;
        let f = fetcher(false);
        let url = Url::parse(&base).expect("url");
        let resp = f
            .fetch(&url, RequestKind::Page)
            .await
            .expect("fetched anyway");
        assert!(resp.is_success(), "{kind:?}");
        assert!(
            resp.text().is_some_and(|t| t.contains("Главная")),
            "{kind:?}"
        );
        let problem = resp.tls_problem.clone().unwrap_or_default();
        assert!(problem.contains(words), "{kind:?}: {problem}");
        // The second request goes straight to the lax client, and still carries the finding.
        let again = f
            .fetch(&url.join("/svedeniya/").expect("join"), RequestKind::Page)
            .await;
        let again = again.expect("second page");
        assert!(again.tls_problem.is_some(), "{kind:?}");
        assert_eq!(
            refused.load(Ordering::SeqCst),
            1,
            "{kind:?}: one failed handshake"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn strict_tls_refuses_a_broken_certificate() {
    let (base, _) = serve_tls(Broken::SelfSigned).await;
    let url = Url::parse(&base).expect("url");
    let err = fetcher(true)
        .fetch(&url, RequestKind::Page)
        .await
        .expect_err("refused");
    assert!(matches!(err, FetchError::Connect { .. }), "{err:?}");
    assert!(err.to_string().contains("ошибка TLS"), "{err}");
}

async fn run(args: Vec<String>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let output = Command::cargo_bin("socaudit")
            .expect("binary")
            .env("SOCAUDIT_TODAY", FIXTURE_TODAY)
            .args(&args)
            .output()
            .expect("run");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread")]
async fn check_reports_the_certificate_finding_and_strict_tls_refuses() {
    let (base, _) = serve_tls(Broken::Expired).await;
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().display().to_string();
    let args = [
        "check",
        &base,
        "--delay",
        "0",
        "--quiet",
        "--no-history",
        "--out",
        &dir,
    ];
    let (code, stdout, stderr) = run(args.iter().map(|s| s.to_string()).collect()).await;
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(stdout.contains("Сертификат HTTPS"), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("report.json")).expect("report.json"),
    )
    .expect("json");
    assert_eq!(json["site"]["reachable"], true);
    assert!(json["crawl"]["pages_fetched"].as_u64().unwrap_or(0) >= 2);
    let problem = json["crawl"]["tls_problem"].as_str().expect("tls_problem");
    assert!(problem.contains("браузер посетителя"), "{problem}");
    let html = std::fs::read_to_string(out.path().join("report.html")).expect("html");
    assert!(html.contains("Сертификат HTTPS"));

    let strict_out = tempfile::tempdir().expect("tmp");
    let dir = strict_out.path().display().to_string();
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    *args.last_mut().expect("out") = dir;
    args.push("--strict-tls".into());
    let (code, _, stderr) = run(args).await;
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("ошибка TLS"), "{stderr}");
}
