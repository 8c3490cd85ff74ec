//! Workspace part `lists`: uploading lists to `socaudit serve` (CSV with a bad row, XLSX, a file
//! without an address column, an oversized file, a form without its CSRF token), the list pages
//! behind the login, and names from the file escaped on every page.

mod common;
#[path = "support/lists.rs"]
mod lists;
#[path = "support/serve.rs"]
mod serve_support;
#[path = "support/workspace.rs"]
mod workspace;

use lists::*;
use serve_support::{config, serve};
use socaudit::workspace::auth::Role;

fn count_lists(db: &socaudit::db::Db) -> u64 {
    db.query_opt("SELECT COUNT(*) FROM ws_lists", &[])
        .unwrap()
        .unwrap()
        .count(0)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_csv_upload_lists_its_sites_and_the_rows_that_cannot_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    let db = workspace::db(dir.path());
    let cookie = workspace::session_cookie(&db, workspace::add_user(&db, "анна", Role::Auditor));
    let csv = "Наименование;Регион;Сайт\n\
               КЦСОН <script>alert(1)</script>;Тверская область;https://kcson-a.example.ru\n\
               Центр <img src=x onerror=alert(2)>;Москва;http://center-b.example.ru/\n\
               Дом-интернат;Москва;не указан\n";
    let token = csrf(&base, &cookie).await;
    let (status, location, text) = upload(
        &base,
        &cookie,
        &[
            Part("csrf", None, token.as_bytes()),
            Part("name", None, "Реестр <b>жирный</b>".as_bytes()),
            Part("file", Some("реестр.csv"), csv.as_bytes()),
        ],
    )
    .await;
    assert_eq!(status, 303, "{text}");
    let (status, _, page) = get(&base, &cookie, &location).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("https://kcson-a.example.ru/"), "{page}");
    assert!(page.contains("http://center-b.example.ru/"), "{page}");
    assert!(page.contains("<td>4</td><td>не указан</td>"), "{page}");
    assert!(page.contains("Запустить проверку"), "{page}");
    for hostile in ["<script>alert(1)", "<img src=x", "<b>жирный"] {
        assert!(!page.contains(hostile), "{hostile} unescaped: {page}");
    }
    assert!(page.contains("&lt;script&gt;alert(1)"), "{page}");

    let (_, _, index) = get(&base, &cookie, "/lists").await;
    assert!(index.contains("Реестр &lt;b&gt;жирный"), "{index}");
    assert!(
        index.contains("реестр.csv") && index.contains("анна"),
        "{index}"
    );
    let row = db
        .query_opt(
            "SELECT site_count, problems_json, sites_json FROM ws_lists",
            &[],
        )
        .unwrap()
        .unwrap();
    assert_eq!(row.int(0).unwrap(), 2);
    let problems: serde_json::Value = serde_json::from_str(&row.text(1).unwrap()).unwrap();
    assert_eq!(problems[0]["row"], 4, "{problems}");
    let sites: serde_json::Value = serde_json::from_str(&row.text(2).unwrap()).unwrap();
    assert_eq!(sites[0]["region"], "Тверская область", "{sites}");
    assert_eq!(sites[1]["row"], 3, "{sites}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_xlsx_upload_is_read_like_the_cli_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    let db = workspace::db(dir.path());
    let cookie = workspace::session_cookie(&db, workspace::add_user(&db, "борис", Role::Auditor));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Наименование").unwrap();
    sheet.write(0, 1, "Адрес сайта").unwrap();
    sheet.write(1, 0, "КЦСОН Заречный").unwrap();
    sheet.write(1, 1, "kcson-zarechny.example.ru").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let id = upload_ok(&base, &cookie, "список.xlsx", &bytes).await;
    let (_, _, page) = get(&base, &cookie, &format!("/lists/{id}")).await;
    assert!(page.contains("kcson-zarechny.example.ru"), "{page}");
    assert!(page.contains("КЦСОН Заречный"), "{page}");
    assert_eq!(count_lists(&db), 1);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn files_the_reader_refuses_are_named_in_one_error_and_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    let db = workspace::db(dir.path());
    let cookie = workspace::session_cookie(&db, workspace::add_user(&db, "вера", Role::Auditor));
    let token = csrf(&base, &cookie).await;
    let wrong = "Наименование;Телефон\nКЦСОН;+7 800 000-00-00\nЦентр;+7 800 000-00-01\n";
    let (status, _, page) = upload(
        &base,
        &cookie,
        &[
            Part("csrf", None, token.as_bytes()),
            Part("file", Some("телефоны.csv"), wrong.as_bytes()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert_eq!(
        page.matches("class=\"ws-lists-error\"").count(),
        1,
        "{page}"
    );
    assert!(page.contains("телефоны.csv"), "{page}");
    assert!(page.contains("не найден столбец с адресами"), "{page}");

    let (status, _, page) = upload(
        &base,
        &cookie,
        &[
            Part("csrf", None, token.as_bytes()),
            Part(
                "file",
                Some("битый.xlsx"),
                b"PK\x03\x04 not really a workbook",
            ),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("битый.xlsx"), "{page}");
    assert_eq!(count_lists(&db), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_upload_is_413_and_one_without_csrf_is_403() {
    let dir = tempfile::tempdir().unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    let db = workspace::db(dir.path());
    let cookie = workspace::session_cookie(&db, workspace::add_user(&db, "галя", Role::Auditor));
    let token = csrf(&base, &cookie).await;
    let mut big = b"Site\n".to_vec();
    while big.len() <= 10 * 1024 * 1024 {
        big.extend_from_slice(b"https://kcson.example.ru/a-long-path-to-fill-the-file\n");
    }
    let (status, _, page) = upload(
        &base,
        &cookie,
        &[
            Part("csrf", None, token.as_bytes()),
            Part("file", Some("big.csv"), &big),
        ],
    )
    .await;
    assert_eq!(status, 413, "{page}");
    assert!(page.contains("Файл слишком большой"), "{page}");

    let csv = b"Site\nhttps://kcson.example.ru\n";
    let (status, _, page) = upload(&base, &cookie, &[Part("file", Some("list.csv"), csv)]).await;
    assert_eq!(status, 403, "{page}");
    let (status, _, _) = upload(
        &base,
        &cookie,
        &[
            Part("csrf", None, b"forged"),
            Part("file", Some("list.csv"), csv),
        ],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(count_lists(&db), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pages_of_lists_and_sweeps_need_a_login() {
    let dir = tempfile::tempdir().unwrap();
    let (server, base) = serve(config(dir.path(), true)).await;
    for path in ["/lists", "/lists/1", "/sweeps/1", "/sweeps/1/status.json"] {
        let (status, headers, _) = serve_support::get_text(&base, path).await;
        assert_eq!(status, 303, "{path}");
        let location = headers["location"].to_str().unwrap();
        assert!(location.starts_with("/login?next="), "{path} → {location}");
    }
    let resp = serve_support::client()
        .post(format!("{base}/lists/1/sweeps"))
        .form(&[("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    server.shutdown().await;
}
