//! A small WebDriver client for the browser tests that need a person's actions — typing into a
//! field, clicking a button, waiting for a page to change — in headless Chromium driven by
//! Debian's `chromedriver` (package `chromium-driver`). Plain HTTP + JSON, no extra crate.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// `chromedriver` from `$CHROMEDRIVER` or PATH; the test fails with how to install it.
pub fn chromedriver() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMEDRIVER").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "chromedriver not found ($CHROMEDRIVER or PATH): the browser tests of `serve` \
                 need it — install it with `apt-get install -y chromium-driver`"
            )
        })
}

/// A browser session; the driver process and the session end when it is dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session with a fresh profile.
    pub async fn start() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client");
        let profile = tempfile::tempdir().expect("profile");
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            http,
            _profile: profile,
        };
        browser.wait_ready().await;
        let chromium = super::chrome::chromium();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", browser._profile.path().display())]
            }
        }}});
        let answer = browser.call("POST", "/session", Some(caps)).await;
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        browser
    }

    async fn wait_ready(&self) {
        let began = Instant::now();
        loop {
            let ready = self
                .http
                .get(format!("{}/status", self.base))
                .send()
                .await
                .ok()
                .filter(|r| r.status().is_success());
            if ready.is_some() {
                return;
            }
            assert!(
                began.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// One WebDriver command; panics on an error answer.
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let answer = self.try_call(method, path, body).await;
        assert!(answer.get("error").is_none(), "{method} {path}: {answer}");
        answer
    }

    /// One WebDriver command; the `value` of the answer (an error is `{"error": …}`).
    async fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "POST" => self
                .http
                .post(url)
                .header("content-type", "application/json")
                .body(body.unwrap_or_else(|| json!({})).to_string()),
            "DELETE" => self.http.delete(url),
            _ => self.http.get(url),
        };
        let text = request
            .send()
            .await
            .expect("chromedriver answers")
            .text()
            .await
            .unwrap_or_default();
        let doc: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        match doc.get("value") {
            Some(v) if path == "/session" => v.clone(),
            Some(v) => v.clone(),
            None => json!({ "error": text }),
        }
    }

    fn at(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) {
        self.call("POST", &self.at("/url"), Some(json!({ "url": url })))
            .await;
    }

    /// The element matching `css`, if there is one now.
    pub async fn find(&self, css: &str) -> Option<String> {
        let answer = self
            .try_call(
                "POST",
                &self.at("/element"),
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        answer[ELEMENT].as_str().map(str::to_string)
    }

    /// The element matching the XPath `xpath`, if there is one now (finds elements by text).
    pub async fn find_xpath(&self, xpath: &str) -> Option<String> {
        let answer = self
            .try_call(
                "POST",
                &self.at("/element"),
                Some(json!({ "using": "xpath", "value": xpath })),
            )
            .await;
        answer[ELEMENT].as_str().map(str::to_string)
    }

    /// Waits until an element matches `css`.
    pub async fn wait_for(&self, css: &str, limit: Duration) -> String {
        let began = Instant::now();
        loop {
            if let Some(el) = self.find(css).await {
                return el;
            }
            if began.elapsed() > limit {
                let answer = self
                    .try_call(
                        "POST",
                        &self.at("/element"),
                        Some(json!({ "using": "css selector", "value": css })),
                    )
                    .await;
                panic!(
                    "no {css} within {limit:?} on {}: {answer}\n{}",
                    self.current_url().await,
                    self.source().await
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Types `text` into element `el`, key by key.
    pub async fn type_into(&self, el: &str, text: &str) {
        self.call(
            "POST",
            &self.at(&format!("/element/{el}/value")),
            Some(json!({ "text": text })),
        )
        .await;
    }

    /// Clicks element `el`.
    pub async fn click(&self, el: &str) {
        self.call("POST", &self.at(&format!("/element/{el}/click")), None)
            .await;
    }

    /// The URL the browser shows.
    pub async fn current_url(&self) -> String {
        let v = self.try_call("GET", &self.at("/url"), None).await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// The DOM as it is now, serialised.
    pub async fn source(&self) -> String {
        let v = self.call("GET", &self.at("/source"), None).await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Runs `script` in the page and returns its result.
    pub async fn eval(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.at("/execute/sync"),
            Some(json!({ "script": script, "args": [] })),
        )
        .await
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
