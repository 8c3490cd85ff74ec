//! `socaudit serve` used as a person uses it: headless Chromium (through chromedriver) opens the
//! form, types a fixture site's address, clicks «Проверить», watches the live progress page turn
//! into the report by itself, and the test reads the verdicts from the page. A site full of
//! payloads goes the same way and nothing of it runs.
//!
//! Needs Chromium and chromedriver (`apt-get install -y chromium chromium-driver`); without them
//! the test fails and says so.

#[path = "support/browser.rs"]
mod chrome;
mod common;
#[path = "support/serve.rs"]
mod serve_support;
#[path = "support/webdriver.rs"]
mod webdriver;

use common::fixture_dir;
use scraper::Html;
use serve_support::{config, get_check, serve};
use socaudit::fixture_server::{serve as serve_site, Site};
use std::collections::BTreeMap;
use std::time::Duration;
use webdriver::Browser;

/// Types `site` into the form, submits it and waits for the report; returns the check id and
/// the final DOM.
async fn check_in_browser(browser: &Browser, base: &str, site: &str) -> (String, String) {
    browser.goto(&format!("{base}/")).await;
    let field = browser.wait_for("#url", Duration::from_secs(10)).await;
    browser.type_into(&field, site).await;
    let button = browser.wait_for("#submit", Duration::from_secs(10)).await;
    browser.click(&button).await;
    // The progress page, then (by itself, through the event stream) the report.
    browser
        .wait_for("#serve-bar", serve_support::CHECK_LIMIT)
        .await;
    let url = browser.current_url().await;
    let id = url
        .rsplit("/checks/")
        .next()
        .map(|rest| {
            rest.split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .expect("a check page");
    (id, browser.source().await)
}

/// `id → verdict class` of every requirement in the report page.
fn page_verdicts(dom: &str) -> BTreeMap<String, String> {
    let dom = Html::parse_document(dom);
    dom.select(&chrome::sel("article.item[id^=req-]"))
        .map(|el| {
            let id = el
                .value()
                .id()
                .unwrap_or_default()
                .trim_start_matches("req-");
            let class = el
                .value()
                .classes()
                .find(|c| *c != "item")
                .unwrap_or_default();
            (id.to_string(), class.to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_checks_a_site_through_the_form() {
    let site = Site::from_dir(&fixture_dir("weak"))
        .expect("fixture")
        .with_latency(Duration::from_millis(60));
    let site = serve_site(site).await.expect("serve");
    let hostile = serve_site(Site::from_dir(&fixture_dir("hostile")).expect("fixture"))
        .await
        .expect("serve");
    let dir = tempfile::tempdir().expect("tmp");
    let (server, base) = serve(config(dir.path(), true)).await;
    let browser = Browser::start().await;

    let (id, dom) = check_in_browser(&browser, &base, &site.base_url()).await;
    let verdicts = page_verdicts(&dom);
    assert_eq!(verdicts.len(), 30, "{verdicts:?}");
    assert_eq!(verdicts["founder"], "pass");
    assert_eq!(verdicts["charter"], "partial", "the dead «Устав» link");
    assert_eq!(verdicts["tariffs"], "fail");
    // The page shows exactly the verdicts of the stored report.
    let check = get_check(&base, &id).await;
    for v in check["report"]["requirements"]
        .as_array()
        .expect("requirements")
    {
        let rid = v["id"].as_str().unwrap();
        assert_eq!(verdicts[rid], v["status"].as_str().unwrap(), "{rid}");
    }
    let links = browser
        .eval("return [...document.querySelectorAll('#serve-bar a')].map(a => a.getAttribute('href'))")
        .await;
    assert!(
        links
            .to_string()
            .contains(&format!("/checks/{id}/report.json")),
        "{links}"
    );

    // The same site again: the recent result, said so, and no new check until the cooldown.
    let (again_id, _) = check_in_browser(&browser, &base, &site.base_url()).await;
    assert_eq!(again_id, id);
    browser.wait_for("#reused", Duration::from_secs(10)).await;
    assert!(
        browser.find("#again").await.is_none(),
        "«Проверить снова» waits for the cooldown"
    );

    let (_, dom) = check_in_browser(&browser, &base, &hostile.base_url()).await;
    let pwned = browser
        .eval("return document.documentElement.dataset.pwned || null")
        .await;
    assert!(pwned.is_null(), "a payload from the site ran");
    let path = dir.path().join("hostile.html");
    std::fs::write(&path, &dom).expect("write");
    chrome::assert_no_trace(&dom, &path);

    drop(browser);
    server.shutdown().await;
}
