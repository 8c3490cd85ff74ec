//! The workspace in headless Chromium (through chromedriver), as a person uses it: a protected
//! page sends the browser to the login form, the typed name and password log in and come back,
//! the navigation names the account, «Выйти» ends the session, and the pages are closed again.
//! Written in [`workspace_ui::Workspace`] steps so later parts append theirs.
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

use serve_support::{config, serve};
use socaudit::workspace::auth::Role;
use workspace_ui::Workspace;

#[tokio::test(flavor = "multi_thread")]
async fn a_person_logs_in_looks_at_the_account_and_logs_out() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = workspace::db(dir.path());
    workspace::add_user(&db, "anna", Role::Admin);
    let (server, base) = serve(config(dir.path(), true)).await;
    let ws = Workspace::start(&base).await;

    ws.login("anna", workspace::PASSWORD).await;
    assert_eq!(ws.wait_path("/lists").await, "/lists");
    ws.goto("/account").await;
    assert!(ws.text_of(".ws-me").await.contains("anna"));
    assert_eq!(ws.text_of("#account-name").await, "anna");

    ws.click_button("Выйти").await;
    ws.wait_path("/login").await;
    ws.goto("/users").await;
    assert_eq!(ws.wait_path("/login").await, "/login?next=%2Fusers");

    // Logging in from there comes back to the page asked for.
    ws.login("anna", workspace::PASSWORD).await;
    assert_eq!(ws.wait_path("/users").await, "/users");
    assert!(ws.text_of("#users").await.contains("anna"));

    drop(ws);
    server.shutdown().await;
}
