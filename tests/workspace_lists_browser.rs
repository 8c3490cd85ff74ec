//! Workspace part `lists` in headless Chromium: «Запустить проверку» on a list page opens the
//! sweep's progress page, whose script (a static file under the strict CSP) moves the numbers in
//! place and shows the run's link once the sweep is done.
//!
//! Needs Chromium and chromedriver, like tests/serve_browser.rs.

#[path = "support/browser.rs"]
mod chrome;
mod common;
#[path = "support/serve.rs"]
mod serve_support;
#[path = "support/webdriver.rs"]
mod webdriver;
#[path = "support/workspace.rs"]
mod workspace;

use serve_support::{config, serve, slow_fixture};
use socaudit::workspace::auth::Role;
use socaudit::workspace::lists::store::{insert_list, StoredSite};
use std::time::{Duration, Instant};
use webdriver::Browser;

fn site(row: usize, url: String) -> StoredSite {
    StoredSite {
        row,
        url,
        name: None,
        region: None,
        inn: None,
        kind: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_progress_page_updates_in_place_and_links_the_run_when_done() {
    let fast = slow_fixture("weak", Duration::ZERO).await;
    let slow = slow_fixture("compliant", Duration::from_millis(400)).await;
    let dir = tempfile::tempdir().expect("tmp");
    let db = workspace::db(dir.path());
    let user = workspace::add_user(&db, "лена", Role::Auditor);
    let sites = [site(2, fast.base_url()), site(3, slow.base_url())];
    let list = insert_list(&db, "Два сайта", "two.csv", user, &sites, &[], 1).expect("list");
    let (server, base) = serve(config(dir.path(), true)).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{base}/")).await;
    let cookie = workspace::session_cookie(&db, user);
    browser
        .eval(&format!(
            "document.cookie = '{cookie}; path=/'; return null"
        ))
        .await;

    browser.goto(&format!("{base}/lists/{list}")).await;
    let button = browser
        .wait_for("form[action$='/sweeps'] button", Duration::from_secs(10))
        .await;
    browser.click(&button).await;
    browser
        .wait_for("[data-sweep-status]", Duration::from_secs(10))
        .await;
    let first = browser
        .eval("document.body.dataset.marker = 'same-page'; return document.querySelector('[data-sweep-status]').dataset.status")
        .await;
    assert!(first == "queued" || first == "running", "{first}");

    // One site done while the other is still read: the count moved without a reload.
    let began = Instant::now();
    loop {
        let seen = browser
            .eval("return [document.body.dataset.marker || null, document.getElementById('sweep-done').textContent]")
            .await;
        if seen[0] == "same-page" && seen[1] == "1" {
            break;
        }
        assert!(
            seen[0] == "same-page",
            "the page reloaded before the sweep ended: {seen}"
        );
        assert!(
            began.elapsed() < Duration::from_secs(90),
            "no progress: {seen}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let link = browser
        .wait_for("a[href^='/runs/']", Duration::from_secs(120))
        .await;
    assert!(!link.is_empty());
    let status = browser
        .eval("return document.getElementById('sweep-status').textContent")
        .await;
    assert_eq!(status, "завершена");
    drop(browser);
    server.shutdown().await;
}
