//! Issue 13's browser suite, the whole day of two auditors in headless Chromium: anna logs in,
//! uploads a list of a fixture site, sweeps it and waits for the result, opens the run, opens the
//! site's history and accepts a finding, sweeps again and compares the two runs; boris logs in,
//! sees anna's acceptance on the same site and revokes it under his own name.
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
#[path = "support/workspace.rs"]
mod workspace;
#[path = "support/workspace_ui.rs"]
mod workspace_ui;

use serve_support::{config, serve, slow_fixture};
use socaudit::workspace::auth::Role;
use std::time::Duration;
use workspace_ui::Workspace;

const SWEEP_LIMIT: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread")]
async fn two_auditors_share_a_lists_sweeps_history_and_accepted_findings() {
    for store in workspace::stores() {
        eprintln!("store: {}", store.name);
        a_day_of_two_auditors(&store).await;
    }
}

async fn a_day_of_two_auditors(store: &workspace::StoreSpec) {
    let site = slow_fixture("weak", Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tmp");
    let db = store.db();
    workspace::add_user(&db, "anna", Role::Auditor);
    workspace::add_user(&db, "boris", Role::Auditor);
    let list_file = dir.path().join("область.csv");
    std::fs::write(
        &list_file,
        format!(
            "Наименование;Регион;Сайт\nКЦСОН «Слабый» <b>;Тверская область;{}\n",
            site.base_url()
        ),
    )
    .expect("list");
    let mut config = config(dir.path(), true);
    config.db = store.spec.clone();
    let (server, base) = serve(config).await;
    let ws = Workspace::start(&base).await;

    // anna: upload, sweep, the run's page.
    ws.login("anna", workspace::PASSWORD).await;
    let list = ws.upload_list(&list_file).await;
    ws.wait_text("КЦСОН «Слабый» <b>", SWEEP_LIMIT).await;
    let first_run = ws.sweep(&list, SWEEP_LIMIT).await;
    ws.goto(&first_run).await;
    ws.wait_text("КЦСОН «Слабый» <b>", SWEEP_LIMIT).await;

    // The site's history: one run; accept the first failing item.
    let url: String = url::form_urlencoded::byte_serialize(site.base_url().as_bytes()).collect();
    ws.goto(&format!("/site?url={url}")).await;
    ws.wait_text("Принять замечание", SWEEP_LIMIT).await;
    let requirement = ws
        .run(
            "const d = document.querySelector('details.ws-accept'); d.open = true; \
             d.querySelector('input[name=until]').value = '2027-06-30'; \
             return d.querySelector('input[name=requirement]').value",
        )
        .await;
    let requirement = requirement.as_str().expect("requirement id").to_string();
    ws.type_into(
        "details.ws-accept textarea[name=reason]",
        "Сайт переносится на новую платформу",
    )
    .await;
    ws.click("details.ws-accept button[type=submit]").await;
    ws.wait_text("принято до 30.06.2027 (anna", SWEEP_LIMIT)
        .await;
    let stored = db
        .query_opt(
            "SELECT u.name, a.requirement_id FROM ws_accepted a JOIN ws_users u ON u.id = a.accepted_by",
            &[],
        )
        .expect("query")
        .expect("the acceptance is stored");
    assert_eq!(stored.text(0).unwrap(), "anna");
    assert_eq!(stored.text(1).unwrap(), requirement);

    // A second sweep, then the two runs side by side.
    let second_run = ws.sweep(&list, SWEEP_LIMIT).await;
    assert_ne!(first_run, second_run);
    let number = |path: &str| path.trim_start_matches("/runs/").to_string();
    ws.goto(&format!(
        "/diff?a={}&b={}",
        number(&first_run),
        number(&second_run)
    ))
    .await;
    // The site did not change; what changed between the runs is anna's acceptance.
    let diff = ws.wait_text("Сравнение", SWEEP_LIMIT).await;
    assert!(diff.contains("Ухудшений: 0"), "{diff}");
    assert!(diff.contains("принято: 1"), "{diff}");
    assert!(diff.contains("принято до 30.06.2027 (anna)"), "{diff}");
    ws.click_button("Выйти").await;
    ws.wait_path("/login").await;

    // boris sees anna's acceptance on the same site and revokes it as himself.
    ws.login("boris", workspace::PASSWORD).await;
    ws.goto(&format!("/site?url={url}")).await;
    ws.wait_text("(anna,", SWEEP_LIMIT).await;
    ws.click_button("Снять").await;
    ws.wait_text("снято: boris", SWEEP_LIMIT).await;
    let revoked_by = db
        .query_opt(
            "SELECT u.name FROM ws_accepted a JOIN ws_users u ON u.id = a.revoked_by",
            &[],
        )
        .expect("query")
        .expect("revoked");
    assert_eq!(revoked_by.text(0).unwrap(), "boris");

    drop(ws);
    server.shutdown().await;
}
