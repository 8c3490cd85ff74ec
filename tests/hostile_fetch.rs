//! Hostile sites against the fetch layer's hard bounds: credentials in a URL must end up in no
//! output, `--public-only` refuses internal addresses, and a page with a few stray bytes keeps
//! its Russian text.

mod common;
#[path = "support/hostile_server.rs"]
mod hostile_server;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use common::*;
use hostile_server::*;
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fetch::{FetchError, Fetcher, RequestKind};
use socaudit::fixture_server::{serve, Site};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use url::Url;

const PASSWORD: &str = "S3cretPassw0rd";
/// `user:S3cretPassw0rd` in Basic form.
const BASIC: &str = "Basic dXNlcjpTM2NyZXRQYXNzdzByZA==";

async fn protected_site(seen: Arc<AtomicUsize>) -> SocketAddr {
    let page = move |headers: HeaderMap| {
        let seen = seen.clone();
        async move {
            let auth = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok());
            if auth != Some(BASIC) {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            seen.fetch_add(1, Ordering::SeqCst);
            html("<h1>Сведения об организации</h1><a href=\"/kontakty/\">Контакты</a>".into())
        }
    };
    let app = Router::new()
        .route("/", get(page.clone()))
        .route("/kontakty/", get(page));
    spawn_on("127.0.0.1:0", app).await.expect("site")
}

/// Every byte of every file under `dir`, and the process output, must be free of the password.
fn assert_no_password(dir: &Path, outputs: &[&str]) {
    for text in outputs {
        assert!(
            !text.contains(PASSWORD),
            "password in process output: {text}"
        );
    }
    let mut files = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            let bytes = std::fs::read(&path).expect("read");
            let found = bytes
                .windows(PASSWORD.len())
                .any(|w| w == PASSWORD.as_bytes());
            assert!(!found, "password in {}", path.display());
        }
    }
    assert!(
        files >= 3,
        "expected report.json, report.html and history.sqlite"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_in_the_url_are_used_but_written_nowhere() {
    let seen = Arc::new(AtomicUsize::new(0));
    let site = protected_site(seen.clone()).await;
    let out = tempfile::tempdir().expect("tmp");
    let start = format!("http://user:{PASSWORD}@127.0.0.1:{}/", site.port());
    let (code, stdout, stderr) = run(check_args(&start, out.path(), &[]), vec![]).await;
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(
        seen.load(Ordering::SeqCst) >= 2,
        "the site never got the credentials"
    );
    assert!(out.path().join("history.sqlite").is_file());
    assert_no_password(out.path(), &[&stdout, &stderr]);
    let json = report_json(out.path());
    assert_eq!(json["crawl"]["auth_used"], true);
    assert_eq!(json["site"]["reachable"], true);
    let html = std::fs::read_to_string(out.path().join("report.html")).expect("html");
    assert!(html.contains("с логином и паролем"));
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_from_the_environment_are_written_nowhere() {
    let seen = Arc::new(AtomicUsize::new(0));
    let site = protected_site(seen.clone()).await;
    let out = tempfile::tempdir().expect("tmp");
    let start = format!("http://127.0.0.1:{}/", site.port());
    let env = vec![("SOCAUDIT_AUTH".to_string(), format!("user:{PASSWORD}"))];
    let args = check_args(&start, out.path(), &["--json"]);
    let (code, stdout, stderr) = run(args, env).await;
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(seen.load(Ordering::SeqCst) >= 1);
    assert!(stdout.contains("\"auth_used\": true") || stdout.contains("\"auth_used\":true"));
    assert_no_password(out.path(), &[&stdout, &stderr]);
}

fn public_only_fetcher(resolve: Vec<(String, SocketAddr)>) -> HttpFetcher {
    HttpFetcher::new(HttpConfig {
        public_only: true,
        resolve,
        ..HttpConfig::default()
    })
    .expect("client")
}

#[tokio::test(flavor = "multi_thread")]
async fn public_only_refuses_loopback_in_every_form() {
    let server = serve(Site::from_dir(&fixture_dir("compliant")).expect("fixture"))
        .await
        .expect("serve");
    let port = server.port();
    let pinned = vec![(
        "kcson.test".to_string(),
        "127.0.0.1:0".parse().expect("addr"),
    )];
    let fetcher = public_only_fetcher(pinned);
    for start in [
        format!("http://127.0.0.1:{port}/"),
        format!("http://kcson.test:{port}/"),
        format!("http://localhost:{port}/"),
        format!("http://2130706433:{port}/"),
    ] {
        let url = Url::parse(&start).expect("url");
        let err = fetcher
            .fetch(&url, RequestKind::Page)
            .await
            .expect_err("refused");
        assert!(
            matches!(err, FetchError::NotPublic { .. }),
            "{start}: {err:?}"
        );
        let text = err.to_string();
        assert!(text.contains("относится к внутренней сети"), "{text}");
        assert!(text.contains(&format!(":{port}/")), "names the URL: {text}");
    }
    assert!(server.hits().is_empty(), "{:?}", server.hits());

    // The same pin without the rule works, as tests and demos need.
    let open = HttpFetcher::new(HttpConfig {
        resolve: vec![(
            "kcson.test".to_string(),
            "127.0.0.1:0".parse().expect("addr"),
        )],
        ..HttpConfig::default()
    })
    .expect("client");
    let url = Url::parse(&format!("http://kcson.test:{port}/")).expect("url");
    assert!(open
        .fetch(&url, RequestKind::Page)
        .await
        .expect("open")
        .is_success());
}

#[tokio::test(flavor = "multi_thread")]
async fn public_only_check_says_why_the_site_was_not_checked() {
    let server = serve_fixture("compliant").await;
    let out = tempfile::tempdir().expect("tmp");
    let args = check_args(&server.base_url(), out.path(), &["--public-only"]);
    let (code, _stdout, stderr) = run(args, vec![]).await;
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains(
            "адрес 127.0.0.1 относится к внутренней сети; проверяются только общедоступные адреса"
        ),
        "{stderr}"
    );
    assert!(server.hits().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn stray_bytes_in_a_utf8_page_keep_its_text_and_verdicts() {
    let dir = fixture_dir("compliant");
    let clean = check_fixture("compliant", &TestOptions::default()).await.0;
    let mut index = std::fs::read(dir.join("index.html")).expect("index.html");
    // Two stray bytes in the body, as a pasted fragment leaves them.
    let at = find(&index, b"<body").expect("body") + 6;
    index.splice(at..at, [0xFF, 0xFE]);
    let site = Site::from_dir(&dir)
        .expect("fixture")
        .with_file("index.html", index);
    let server = serve(site).await.expect("serve");
    let report = check_url(&server.base_url(), &TestOptions::default()).await;
    let title = &report.crawl.pages[0].title;
    assert_eq!(title, &clean.crawl.pages[0].title);
    assert!(
        title
            .chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
        "{title}"
    );
    for (a, b) in report.requirements.iter().zip(&clean.requirements) {
        assert_eq!((&a.id, a.status), (&b.id, b.status), "{}", a.id.0);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An allowed internal first hop (the operator's `--allow-address`) that redirects into another
/// internal address, literally or by name: the redirect is refused before it connects.
#[tokio::test(flavor = "multi_thread")]
async fn public_only_refuses_a_redirect_into_the_internal_network() {
    let manifest = "[[route]]\npath = \"/\"\nstatus = 302\nlocation = \"http://127.0.0.2:{port}/inside/\"\n\
        [[route]]\npath = \"/by-name/\"\nstatus = 301\nlocation = \"http://inside.test:{port}/inside/\"\n\
        [[route]]\npath = \"/inside/\"\nbody = \"<html><body>internal</body></html>\"\n";
    let site =
        Site::from_files(vec![("_site.toml".into(), manifest.as_bytes().to_vec())]).expect("site");
    let server = serve(site).await.expect("serve");
    let port = server.port();
    let fetcher = HttpFetcher::new(HttpConfig {
        public_only: true,
        allowed_addresses: vec!["127.0.0.1".parse().expect("ip")],
        resolve: vec![(
            "inside.test".to_string(),
            "127.0.0.2:0".parse().expect("addr"),
        )],
        ..HttpConfig::default()
    })
    .expect("client");
    for start in ["/", "/by-name/"] {
        let url = Url::parse(&format!("http://127.0.0.1:{port}{start}")).expect("url");
        // A redirect off the host comes back to the crawler, which fetches the target as the
        // next hop (a moved start page); that hop is refused before it connects.
        let resp = fetcher
            .fetch(&url, RequestKind::Page)
            .await
            .expect("the allowed first hop");
        let target = resp.redirect_to.expect("a redirect off the host");
        let err = fetcher
            .fetch(&target, RequestKind::Page)
            .await
            .expect_err("the internal target is refused");
        assert!(
            matches!(err, FetchError::NotPublic { .. }),
            "{start}: {err:?}"
        );
        assert!(err.to_string().contains("127.0.0.2"), "{err}");
    }
    let hits = server.hits();
    assert_eq!(hits.len(), 2, "only the allowed first hops: {hits:?}");
    assert!(!hits.iter().any(|h| h.contains("/inside/")), "{hits:?}");
}
