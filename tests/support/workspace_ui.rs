//! The workspace of `socaudit serve` as a person uses it in headless Chromium: a [`Workspace`]
//! wraps a [`Browser`] and the server's address with the steps a page test is written in —
//! log in, open a path, click a button by its text, read what the page says. Later steps
//! (upload a list, start a sweep, accept a finding…) are added here as methods too.
#![allow(dead_code)]

use super::webdriver::Browser;
use std::time::{Duration, Instant};

/// Longest a step waits for a page to show what it expects.
pub const STEP_LIMIT: Duration = Duration::from_secs(20);

/// One browser on one server.
pub struct Workspace {
    /// The browser (for steps not wrapped here).
    pub browser: Browser,
    /// `http://127.0.0.1:PORT` of the server.
    pub base: String,
}

impl Workspace {
    /// Starts a browser for the server at `base`.
    pub async fn start(base: &str) -> Workspace {
        Workspace {
            browser: Browser::start().await,
            base: base.trim_end_matches('/').to_string(),
        }
    }

    /// Opens `path` of the server.
    pub async fn goto(&self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.base)).await;
    }

    /// The path (with query) the browser shows.
    pub async fn path(&self) -> String {
        let url = self.browser.current_url().await;
        url.strip_prefix(&self.base).unwrap_or(&url).to_string()
    }

    /// Waits until the browser shows a path starting with `prefix`; the path.
    pub async fn wait_path(&self, prefix: &str) -> String {
        let began = Instant::now();
        loop {
            let path = self.path().await;
            if path.starts_with(prefix) {
                return path;
            }
            assert!(
                began.elapsed() < STEP_LIMIT,
                "the browser stayed at {path}, not {prefix}…\n{}",
                self.browser.source().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Fills the login form the browser shows (opening `/login` first unless it shows one) and
    /// sends it; waits until the browser has left the login page.
    pub async fn login(&self, name: &str, password: &str) {
        if !self.path().await.starts_with("/login") {
            self.goto("/login").await;
        }
        let field = self.browser.wait_for("#login-name", STEP_LIMIT).await;
        self.browser.type_into(&field, name).await;
        let field = self.browser.wait_for("#login-password", STEP_LIMIT).await;
        self.browser.type_into(&field, password).await;
        let button = self.browser.wait_for("#login-submit", STEP_LIMIT).await;
        self.browser.click(&button).await;
        let began = Instant::now();
        while self.path().await.starts_with("/login") {
            assert!(
                began.elapsed() < STEP_LIMIT,
                "login of {name} stayed on the login page:\n{}",
                self.browser.source().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the (first) button whose text is `text`.
    pub async fn click_button(&self, text: &str) {
        let xpath = format!("//button[normalize-space(.)='{text}']");
        let began = Instant::now();
        let button = loop {
            if let Some(el) = self.browser.find_xpath(&xpath).await {
                break el;
            }
            assert!(
                began.elapsed() < STEP_LIMIT,
                "no button «{text}» on {}:\n{}",
                self.path().await,
                self.browser.source().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        self.browser.click(&button).await;
    }

    /// The text of the first element matching `css` (waiting for it).
    pub async fn text_of(&self, css: &str) -> String {
        self.browser.wait_for(css, STEP_LIMIT).await;
        let script = format!(
            "return document.querySelector({}).textContent",
            serde_json::Value::from(css)
        );
        self.browser
            .eval(&script)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` in the page (e.g. to set a date field, whose typing depends on the locale).
    pub async fn run(&self, script: &str) -> serde_json::Value {
        self.browser.eval(script).await
    }

    /// Types `text` into the first element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.browser.wait_for(css, STEP_LIMIT).await;
        self.browser.type_into(&el, text).await;
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        let el = self.browser.wait_for(css, STEP_LIMIT).await;
        self.browser.click(&el).await;
    }

    /// Waits until the page's text contains `needle`; the page source.
    pub async fn wait_text(&self, needle: &str, limit: Duration) -> String {
        let began = Instant::now();
        loop {
            let text = self
                .run("return document.body ? document.body.innerText : ''")
                .await;
            if text.as_str().unwrap_or_default().contains(needle) {
                return self.browser.source().await;
            }
            assert!(
                began.elapsed() < limit,
                "«{needle}» never appeared on {}:\n{}",
                self.path().await,
                text
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Uploads the list file at `path` from `/lists`; the new list's page path.
    pub async fn upload_list(&self, path: &std::path::Path) -> String {
        self.goto("/lists").await;
        self.type_into("input[type=file][name=file]", &path.display().to_string())
            .await;
        self.click_button("Загрузить").await;
        self.wait_path("/lists/").await
    }

    /// Starts a sweep from the list page `list_path` and waits until its progress page links
    /// the finished run; the run's path (`/runs/N`).
    pub async fn sweep(&self, list_path: &str, limit: Duration) -> String {
        self.goto(list_path).await;
        self.click_button("Запустить проверку").await;
        self.wait_path("/sweeps/").await;
        let link = self.browser.wait_for("a[href^='/runs/']", limit).await;
        let href = self
            .run("return document.querySelector(\"a[href^='/runs/']\").getAttribute('href')")
            .await;
        assert!(!link.is_empty());
        href.as_str().expect("a run link").to_string()
    }
}
