//! Integration tests of the fixture server itself, and a sanity check of every fixture site.

use socaudit::fixture_server::{serve, serve_hosts, FixtureError, Site};

#[path = "fixture_server/sites.rs"]
mod sites;

fn site(files: &[(&str, &str)]) -> Site {
    Site::from_files(
        files
            .iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect(),
    )
    .expect("valid site")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn content_type(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[tokio::test]
async fn maps_files_indexes_and_types() {
    let server = serve(site(&[
        ("index.html", "<h1>Главная</h1>"),
        ("a/index.html", "<h1>Раздел</h1>"),
        ("docs/ustav.pdf", "%PDF-1.4"),
        ("page.php", "<p>php</p>"),
        ("robots.txt", "User-agent: *\n"),
    ]))
    .await
    .expect("server");
    let base = server.base_url();
    let c = client();

    let root = c.get(&base).send().await.expect("GET /");
    assert_eq!(root.status(), 200);
    assert_eq!(
        content_type(&root).as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(root.text().await.expect("body"), "<h1>Главная</h1>");

    let a = c.get(format!("{base}a/")).send().await.expect("GET /a/");
    assert_eq!(a.text().await.expect("body"), "<h1>Раздел</h1>");

    let a_noslash = c.get(format!("{base}a?x=1")).send().await.expect("GET /a");
    assert_eq!(a_noslash.status(), 301);
    assert_eq!(a_noslash.headers()["location"], "/a/?x=1");

    let pdf = c
        .get(format!("{base}docs/ustav.pdf"))
        .send()
        .await
        .expect("pdf");
    assert_eq!(content_type(&pdf).as_deref(), Some("application/pdf"));
    let php = c
        .get(format!("{base}page.php?id=3"))
        .send()
        .await
        .expect("php");
    assert_eq!(php.status(), 200, "query is ignored for file lookup");
    assert_eq!(
        content_type(&php).as_deref(),
        Some("text/html; charset=utf-8")
    );
    let robots = c
        .get(format!("{base}robots.txt"))
        .send()
        .await
        .expect("robots");
    assert_eq!(
        content_type(&robots).as_deref(),
        Some("text/plain; charset=utf-8")
    );
}

#[tokio::test]
async fn unknown_path_is_404_with_html_and_head_has_no_body() {
    let server = serve(site(&[("index.html", "<h1>Главная</h1>")]))
        .await
        .expect("server");
    let c = client();
    let missing = c
        .get(format!("{}nope/", server.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(missing.status(), 404);
    assert!(missing
        .text()
        .await
        .expect("body")
        .contains("Страница не найдена"));

    let head = c.head(server.base_url()).send().await.expect("HEAD");
    assert_eq!(head.status(), 200);
    assert_eq!(
        content_type(&head).as_deref(),
        Some("text/html; charset=utf-8")
    );
    let len = "<h1>Главная</h1>".len().to_string();
    assert_eq!(head.headers()["content-length"], len.as_str());
    assert!(head.bytes().await.expect("body").is_empty());
}

#[tokio::test]
async fn transcodes_to_windows_1251() {
    let manifest = r#"
[[route]]
path = "/about/"
file = "about.html"
encoding = "windows-1251"
content_type = "text/html; charset=windows-1251"

[[route]]
path = "/bare/"
file = "about.html"
encoding = "windows-1251"
content_type = ""
"#;
    let server = serve(site(&[
        ("about.html", "<p>Учредитель</p>"),
        ("_site.toml", manifest),
    ]))
    .await
    .expect("server");
    let c = client();
    let resp = c
        .get(format!("{}about/", server.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(
        content_type(&resp).as_deref(),
        Some("text/html; charset=windows-1251")
    );
    let bytes = resp.bytes().await.expect("body");
    let (expected, _, _) = encoding_rs::WINDOWS_1251.encode("<p>Учредитель</p>");
    assert_eq!(&bytes[..], &expected[..]);
    assert!(
        bytes.windows(2).any(|w| w == [0xD3, 0xF7]),
        "«Уч» in cp1251"
    );

    let bare = c
        .get(format!("{}bare/", server.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(content_type(&bare), None);
    assert_eq!(&bare.bytes().await.expect("body")[..], &expected[..]);
}

#[tokio::test]
async fn redirects_with_port_and_plain_statuses() {
    let manifest = r#"
[[route]]
path = "/"
status = 301
location = "http://kcson-new.test:{port}/"

[[route]]
path = "/docs/plan-2019.pdf"
status = 404

[[route]]
path = "/loop-a"
status = 302
location = "/loop-b"
"#;
    let server = serve(site(&[
        ("index.html", "old"),
        ("docs/plan-2019.pdf", "%PDF"),
        ("_site.toml", manifest),
    ]))
    .await
    .expect("server");
    let c = client();
    let root = c.get(server.base_url()).send().await.expect("GET /");
    assert_eq!(root.status(), 301);
    let expected = format!("http://kcson-new.test:{}/", server.addr.port());
    assert_eq!(root.headers()["location"], expected.as_str());
    let root_q = c
        .get(format!("{}?utm=1", server.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(
        root_q.status(),
        301,
        "a route without query matches any query"
    );

    let plan = c
        .get(format!("{}docs/plan-2019.pdf", server.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(plan.status(), 404, "the route overrides the file");
    let lp = c
        .get(format!("{}loop-a", server.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(lp.status(), 302);
    assert_eq!(lp.headers()["location"], "/loop-b");
}

#[tokio::test]
async fn fail_times_then_success() {
    let manifest = r#"
[[route]]
path = "/busy"
status = 503
retry_after = "1"
fail_times = 2
file = "busy.html"
"#;
    let server = serve(site(&[("busy.html", "готово"), ("_site.toml", manifest)]))
        .await
        .expect("server");
    let c = client();
    let url = format!("{}busy", server.base_url());
    for _ in 0..2 {
        let r = c.get(&url).send().await.expect("GET");
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "1");
    }
    let ok = c.get(&url).send().await.expect("GET");
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.expect("body"), "готово");
}

#[tokio::test]
async fn trap_never_ends() {
    let manifest = "[[trap]]\nprefix = \"/calendar/\"\n\n[[trap]]\nprefix = \"/events/\"\nparam = \"page\"\nextra = [\"sort=date\"]\n";
    let server = serve(site(&[("index.html", "x"), ("_site.toml", manifest)]))
        .await
        .expect("server");
    let c = client();
    let page = |p: String| {
        let c = c.clone();
        async move {
            c.get(p)
                .send()
                .await
                .expect("GET")
                .text()
                .await
                .expect("body")
        }
    };
    let base = server.base_url();
    let first = page(format!("{base}calendar/?month=7")).await;
    assert!(first.contains("href=\"/calendar/?month=8\""), "{first}");
    assert!(first.contains("href=\"/calendar/?month=6\""), "{first}");
    assert!(first.contains("href=\"/calendar/8/\""), "{first}");
    let far = page(format!("{base}calendar/1000/")).await;
    assert!(far.contains("href=\"/calendar/?month=1001\""), "{far}");
    let events = page(format!("{base}events/?page=3&sort=date")).await;
    assert!(
        events.contains("href=\"/events/?page=4&amp;sort=date\""),
        "{events}"
    );
}

#[tokio::test]
async fn serve_hosts_picks_site_by_host() {
    let server = serve_hosts(vec![
        (
            "kcson-old.test".to_string(),
            site(&[("index.html", "старый")]),
        ),
        (
            "kcson-new.test".to_string(),
            site(&[("index.html", "новый")]),
        ),
    ])
    .await
    .expect("server");
    let port = server.addr.port();
    let c = reqwest::Client::builder()
        .resolve("kcson-old.test", server.addr)
        .resolve("kcson-new.test", server.addr)
        .build()
        .expect("client");
    let get = |url: String| {
        let c = c.clone();
        async move { c.get(url).send().await.expect("GET") }
    };
    let new = get(format!("http://kcson-new.test:{port}/")).await;
    assert_eq!(new.text().await.expect("body"), "новый");
    let old = get(format!("http://kcson-old.test:{port}/")).await;
    assert_eq!(old.text().await.expect("body"), "старый");
    let unknown = get(server.base_url()).await;
    assert_eq!(unknown.status(), 404, "127.0.0.1 is not one of the hosts");
    let hosts: Vec<_> = server.requests().into_iter().map(|r| r.host).collect();
    assert_eq!(
        hosts,
        vec![
            Some("kcson-new.test".to_string()),
            Some("kcson-old.test".to_string()),
            Some("127.0.0.1".to_string())
        ]
    );
}

#[tokio::test]
async fn records_hits_in_order() {
    let server = serve(site(&[
        ("index.html", "x"),
        ("robots.txt", "User-agent: *\n"),
    ]))
    .await
    .expect("server");
    let c = client();
    for path in ["robots.txt", "", "news/?page=2", "index.php?page_id=12"] {
        c.get(format!("{}{path}", server.base_url()))
            .send()
            .await
            .expect("GET");
    }
    c.head(server.base_url()).send().await.expect("HEAD");
    assert_eq!(
        server.hits(),
        vec![
            "/robots.txt",
            "/",
            "/news/?page=2",
            "/index.php?page_id=12",
            "/"
        ]
    );
    assert_eq!(server.hit_count(), 5);
    assert_eq!(server.requests()[4].method, "HEAD");
    server.shutdown().await;
}

#[test]
fn broken_manifest_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("index.html"), "x").expect("write");
    std::fs::write(
        dir.path().join("_site.toml"),
        "[[route]]\npath = \"/\"\n\n[[route]]\npath = \"/x\"\nstatuss = 404\n",
    )
    .expect("write");
    let err = Site::from_dir(dir.path()).expect_err("broken manifest");
    assert!(matches!(err, FixtureError::Manifest { .. }));
    let msg = err.to_string();
    assert!(msg.contains("_site.toml:"), "{msg}");
    assert!(msg.contains(&dir.path().display().to_string()), "{msg}");
    assert!(msg.contains("statuss"), "{msg}");
}
