//! Workspace part `runs`: a sweep of fixture sites run by `socaudit sweep --db` into the
//! server's database, then its pages and downloads as a logged-in auditor sees them.

mod common;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/workspace.rs"]
mod workspace;

use assert_cmd::Command;
use common::{serve_fixture, strings, text};
use serde_json::Value;
use socaudit::documents::{extract_text, DocFormat, DocLimits, DocOutcome};
use socaudit::vals;
use socaudit::workspace::auth::Role;
use std::io::{Cursor, Read};

const HOSTILE_NAME: &str = "Дом-интернат <script>alert(1)</script>";

/// `GET path` with the session cookie: status, headers, bytes.
async fn get(base: &str, path: &str, cookie: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let resp = serve::client()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.expect("body").to_vec())
}

async fn page(base: &str, path: &str, cookie: &str) -> String {
    let (status, _, body) = get(base, path, cookie).await;
    let html = String::from_utf8(body).expect("utf-8");
    assert_eq!(status, 200, "{path}: {html}");
    assert!(
        !html.contains("<script>alert(1)"),
        "{path}: unescaped list name"
    );
    assert!(
        !html.contains("<script>window.__pwned"),
        "{path}: unescaped site text"
    );
    html
}

fn rows(html: &str) -> usize {
    html.matches("class=\"ws-site\"").count()
}

fn enc(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn docx_text(bytes: &[u8]) -> String {
    let doc = extract_text(bytes, Some("docx"), None, &DocLimits::default());
    assert_eq!(doc.format, DocFormat::Docx);
    assert_eq!(doc.outcome, DocOutcome::Text, "the DOCX opens");
    doc.text
}

/// Sweeps three fixture sites into the store `db` (output in `dir`); the sweep's own summary.json.
async fn sweep(dir: &std::path::Path, db: &str, urls: [String; 3]) -> Value {
    let list = dir.join("list.csv");
    let csv = format!(
        "Наименование;Регион;Тип;Сайт\nКЦСОН Заречный;Орловская область;КЦСОН;{}\n\
         {HOSTILE_NAME};Самарская область;Дом-интернат;{}\nПНИ Заречье;Орловская область;КЦСОН;{}\n",
        urls[0], urls[1], urls[2]
    );
    std::fs::write(&list, csv).expect("list");
    let out = dir.join("out");
    let args = strings(&[
        "sweep",
        &list.display().to_string(),
        "--db",
        db,
        "--out",
        &out.display().to_string(),
        "--delay",
        "0",
        "--max-pages",
        "60",
        "--quiet",
    ]);
    let output = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .expect("binary")
            .env("SOCAUDIT_TODAY", "2026-11-23")
            .args(args)
            .output()
            .expect("sweep runs")
    })
    .await
    .expect("join");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        text(&output)
    );
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
        .expect("summary json")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_in_the_history_shows_filters_pages_and_downloads() {
    for store in workspace::stores() {
        eprintln!("store: {}", store.name);
        runs_of(&store).await;
    }
}

async fn runs_of(store: &workspace::StoreSpec) {
    let sites = [
        serve_fixture("compliant").await,
        serve_fixture("weak").await,
        serve_fixture("hostile").await,
    ];
    let tmp = tempfile::tempdir().expect("tmp");
    let summary = sweep(
        tmp.path(),
        &store.spec,
        sites.each_ref().map(|s| s.base_url()),
    )
    .await;
    let urls: Vec<String> = summary["sites"]
        .as_array()
        .expect("sites")
        .iter()
        .map(|s| s["url"].as_str().expect("url").to_string())
        .collect();
    assert_eq!(urls.len(), 3);
    let mut config = serve::config(tmp.path(), true);
    config.db = store.spec.clone();
    let (server, base) = serve::serve(config).await;
    let db = store.db();
    let anna = workspace::add_user(&db, "anna", Role::Auditor);
    let cookie = workspace::session_cookie(&db, anna);
    let run = 1_i64;

    // Logged out: every route sends to the login page.
    let site_q = format!("url={}", enc(&urls[0]));
    for path in [
        "/runs".to_string(),
        format!("/runs/{run}"),
        format!("/runs/{run}/site?{site_q}"),
        format!("/runs/{run}/download/csv"),
        format!("/runs/{run}/site/download/report.json?{site_q}"),
    ] {
        let (status, headers, _) = get(&base, &path, "").await;
        assert_eq!(status, 303, "{path}");
        assert!(header(&headers, "location").starts_with("/login"), "{path}");
    }

    let list = page(&base, "/runs", &cookie).await;
    assert!(list.contains(&format!("href=\"/runs/{run}\"")), "{list}");
    assert!(list.contains("обход списка"), "{list}");
    assert!(!list.contains("/lists/"), "{list}");

    // Made by a workspace sweep: its list (a hostile name) and who started it.
    let list_id = db
        .query_opt(
            "INSERT INTO ws_lists (name, file_name, uploaded_by, uploaded_ms, site_count, sites_json)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            vals!["Юг <script>alert(1)</script>", "list.csv", anna, 1_i64, 3_i64, "[]"],
        )
        .expect("list")
        .expect("id")
        .int(0)
        .expect("list id");
    db.execute(
        "INSERT INTO ws_sweeps (list_id, status, requested_by, created_ms, run_id)
         VALUES ($1, $2, $3, $4, $5)",
        vals![list_id, "done", anna, 1_i64, run],
    )
    .expect("sweep");
    let list = page(&base, "/runs", &cookie).await;
    assert!(
        list.contains(&format!("href=\"/lists/{list_id}\"")),
        "{list}"
    );
    assert!(list.contains("Юг &lt;script&gt;"), "{list}");
    assert!(list.contains("<td>anna</td>"), "{list}");

    // The run: every site, and each filter narrows.
    let all = page(&base, &format!("/runs/{run}"), &cookie).await;
    assert_eq!(rows(&all), 3);
    for url in &urls {
        assert!(all.contains(url.as_str()), "{url} missing");
    }
    assert!(
        all.contains("Дом-интернат &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{all}"
    );
    assert!(
        all.contains("<option value=\"Самарская область\">"),
        "{all}"
    );
    let samara = page(
        &base,
        &format!("/runs/{run}?region={}", enc("Самарская область")),
        &cookie,
    )
    .await;
    assert_eq!(rows(&samara), 1);
    assert!(samara.contains(urls[1].as_str()));
    let kcson = page(
        &base,
        &format!("/runs/{run}?type={}", enc("КЦСОН")),
        &cookie,
    )
    .await;
    assert_eq!(rows(&kcson), 2);
    assert!(!kcson.contains(&format!(">{}<", urls[1])));
    let verdicts: Vec<&str> = summary["sites"]
        .as_array()
        .expect("sites")
        .iter()
        .map(|s| {
            if s["reachable"] == true {
                s["verdict"].as_str().unwrap_or("")
            } else {
                "unreachable"
            }
        })
        .collect();
    for status in ["compliant", "non_compliant"] {
        let html = page(&base, &format!("/runs/{run}?status={status}"), &cookie).await;
        let expected = verdicts.iter().filter(|v| **v == status).count();
        assert_eq!(rows(&html), expected, "status {status}");
        assert_eq!(
            html.matches(&format!("data-status=\"{status}\"")).count(),
            expected
        );
    }
    let searched = page(
        &base,
        &format!("/runs/{run}?q={}", enc("заречный")),
        &cookie,
    )
    .await;
    assert_eq!(rows(&searched), 1);
    let second = page(&base, &format!("/runs/{run}?per=1&page=2"), &cookie).await;
    assert_eq!(rows(&second), 1);
    assert!(second.contains(urls[1].as_str()), "{second}");
    assert!(second.contains("страница 2 из 3"), "{second}");
    let sorted = page(
        &base,
        &format!("/runs/{run}?sort=url&dir=desc&per=1"),
        &cookie,
    )
    .await;
    let mut by_url = urls.clone();
    by_url.sort();
    assert!(sorted.contains(&format!(">{}<", by_url[2])), "{sorted}");

    // A site's report page with its bar; the hostile site's texts are escaped.
    let (status, headers, body) = get(&base, &format!("/runs/{run}/site?{site_q}"), &cookie).await;
    let report_page = String::from_utf8(body).expect("utf-8");
    assert_eq!(status, 200, "{report_page}");
    assert!(header(&headers, "content-security-policy").contains("'nonce-"));
    assert!(report_page.contains(&format!("href=\"/runs/{run}\"")));
    assert!(report_page.contains("История сайта"));
    assert!(report_page.contains("Выполнено") || report_page.contains("выполнено"));
    page(
        &base,
        &format!("/runs/{run}/site?url={}", enc(&urls[2])),
        &cookie,
    )
    .await;
    page(
        &base,
        &format!("/runs/{run}/site?url={}", enc(&urls[1])),
        &cookie,
    )
    .await;

    // Downloads.
    let download = |format: &str| format!("/runs/{run}/download/{format}");
    let (status, headers, csv) = get(&base, &download("csv"), &cookie).await;
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type").starts_with("text/csv"));
    let disposition = header(&headers, "content-disposition");
    assert!(
        disposition
            .starts_with("attachment; filename=\"socaudit-run-1-summary.csv\"; filename*=UTF-8''"),
        "{disposition}"
    );
    let csv = String::from_utf8(csv).expect("csv utf-8");
    assert_eq!(
        csv.lines().filter(|l| !l.trim().is_empty()).count(),
        4,
        "{csv}"
    );
    let (_, _, json) = get(&base, &download("json"), &cookie).await;
    let json: Value = serde_json::from_slice(&json).expect("json parses");
    assert_eq!(json["sites"].as_array().map(Vec::len), Some(3));
    for format in ["xlsx", "nok-xlsx"] {
        let (status, headers, bytes) = get(&base, &download(format), &cookie).await;
        assert_eq!(status, 200, "{format}");
        assert!(header(&headers, "content-type").contains("spreadsheetml"));
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx opens");
        let names = calamine::Reader::sheet_names(&book);
        let first = calamine::Reader::worksheet_range(&mut book, &names[0]).expect("sheet");
        assert!(first.height() >= 2, "{format}");
    }
    for (format, marker) in [("html", "<!DOCTYPE"), ("junit", "<testsuites"), ("md", "|")] {
        let (status, _, bytes) = get(&base, &download(format), &cookie).await;
        assert_eq!(status, 200, "{format}");
        let body = String::from_utf8(bytes).expect("utf-8");
        assert!(body.contains(marker), "{format}: {body}");
        assert!(!body.contains("<script>alert(1)"), "{format}");
    }
    let (status, headers, zip) = get(&base, &download("letters.zip"), &cookie).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "application/zip");
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).expect("zip opens");
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    assert_eq!(
        names.iter().filter(|n| n.ends_with("/letter.docx")).count(),
        3,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.ends_with("/letter.md")).count(),
        3,
        "{names:?}"
    );
    let docx_name = names
        .iter()
        .find(|n| n.ends_with(".docx"))
        .expect("docx")
        .clone();
    let mut docx = Vec::new();
    archive
        .by_name(&docx_name)
        .expect("entry")
        .read_to_end(&mut docx)
        .expect("read");
    assert!(!docx_text(&docx).is_empty());
    let (status, _, _) = get(&base, &download("exe"), &cookie).await;
    assert_eq!(status, 404);

    // Per site.
    let weak_q = format!("url={}", enc(&urls[1]));
    let site_file = |f: &str| format!("/runs/{run}/site/download/{f}?{weak_q}");
    let (_, _, report) = get(&base, &site_file("report.json"), &cookie).await;
    let report: Value = serde_json::from_slice(&report).expect("report json");
    assert_eq!(report["site"]["url"], urls[1].as_str());
    let (_, headers, letter) = get(&base, &site_file("letter.docx"), &cookie).await;
    assert!(header(&headers, "content-type").contains("wordprocessingml"));
    assert!(!docx_text(&letter).is_empty());
    let (_, _, md) = get(&base, &site_file("letter.md"), &cookie).await;
    assert!(!md.is_empty());
    let (_, _, html) = get(&base, &site_file("report.html"), &cookie).await;
    assert!(String::from_utf8(html)
        .expect("utf-8")
        .contains("<!DOCTYPE"));

    // An acceptance of the workspace shows on the site page, the run page, csv and json.
    let failing = report["requirements"]
        .as_array()
        .expect("requirements")
        .iter()
        .find(|v| v["severity"] == "mandatory" && v["status"] == "fail")
        .and_then(|v| v["id"].as_str())
        .expect("a failing mandatory item")
        .to_string();
    db.execute(
        "INSERT INTO ws_accepted (site, requirement_id, reason, until_date, accepted_by, accepted_ms)
         VALUES ($1, $2, $3, $4, $5, $6)",
        vals![urls[1].as_str(), failing.as_str(), "Согласовано с министерством", "2027-03-31", anna, 1_i64],
    )
    .expect("accept");
    let accepted_page = page(&base, &format!("/runs/{run}/site?{weak_q}"), &cookie).await;
    assert!(
        accepted_page.contains("Согласовано с министерством"),
        "{accepted_page}"
    );
    let run_page = page(&base, &format!("/runs/{run}"), &cookie).await;
    assert!(run_page.contains("принято замечаний: 1"), "{run_page}");
    let (_, _, csv) = get(&base, &download("csv"), &cookie).await;
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(
        csv.contains("принято до 31.03.2027 (anna): Согласовано с министерством"),
        "{csv}"
    );
    let (_, _, json) = get(&base, &download("json"), &cookie).await;
    let json: Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(
        json["sites"][1]["accepted"][&failing]["by"], "anna",
        "{json:#}"
    );

    // Unknown runs and sites: Russian 404s.
    for path in ["/runs/999", "/runs/abc", "/runs/999/download/csv"] {
        let (status, _, body) = get(&base, path, &cookie).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            String::from_utf8_lossy(&body).contains("Запуск не найден"),
            "{path}"
        );
    }
    let (status, _, body) = get(
        &base,
        &format!("/runs/{run}/site?url={}", enc("https://нет.рф/")),
        &cookie,
    )
    .await;
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Сайт не найден"));

    // A check of the public page is a run too; its one site gets its letters.
    let (status, _, check) = serve::post_check(&base, &urls[0]).await;
    assert_eq!(status, 202, "{check}");
    let done = serve::wait_done(&base, check["id"].as_str().expect("id")).await;
    assert_eq!(done["status"], "done", "{done}");
    let list = page(&base, "/runs", &cookie).await;
    assert!(list.contains("проверка сайта"), "{list}");
    let check_run = page(&base, "/runs/2", &cookie).await;
    assert_eq!(rows(&check_run), 1);
    let (status, _, zip) = get(&base, "/runs/2/download/letters.zip", &cookie).await;
    assert_eq!(status, 200);
    let archive = zip::ZipArchive::new(Cursor::new(zip)).expect("zip opens");
    assert_eq!(
        archive.len(),
        2,
        "{:?}",
        archive.file_names().collect::<Vec<_>>()
    );
    server.shutdown().await;
}
