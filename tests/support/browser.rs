//! Headless Chromium for the browser tests: run a page's scripts, dump the DOM, take a
//! screenshot, and check that nothing a site or a list supplied ran or became markup.
#![allow(dead_code)]

use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every browser or socaudit process is killed after this long.
pub const PROCESS_LIMIT: Duration = Duration::from_secs(60);

/// What a payload does if it ever runs: a mark on `<html>` that survives into the dumped DOM.
pub const TRACE: &str = "document.documentElement.dataset.pwned=1";

/// Where the screenshots are left for the lead to look at.
pub const SHOTS_DIR: &str = "/tmp/socaudit-shots";

pub fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser"] {
        if let Some(found) = std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
        {
            return found;
        }
    }
    panic!(
        "Chromium not found (looked at $CHROMIUM, then `chromium` and `chromium-browser` on PATH): \
         the browser tests need it — install it with `apt-get install -y chromium`"
    );
}

/// Runs `cmd` with stdout into `stdout_file`, killing it after [`PROCESS_LIMIT`]; returns stderr.
pub fn run_bounded(mut cmd: Command, stdout_file: &Path) -> (std::process::ExitStatus, String) {
    let stdout = std::fs::File::create(stdout_file).expect("create stdout file");
    let stderr_file = stdout_file.with_extension("stderr");
    let stderr = std::fs::File::create(&stderr_file).expect("create stderr file");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let began = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break status;
        }
        if began.elapsed() > PROCESS_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {PROCESS_LIMIT:?} and was killed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (
        status,
        std::fs::read_to_string(&stderr_file).unwrap_or_default(),
    )
}

/// Headless Chromium with a fresh profile and nothing that talks to the network by itself.
pub fn browser(profile: &Path) -> Command {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--virtual-time-budget=3000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

pub fn file_url(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).expect("page exists");
    url::Url::from_file_path(abs)
        .expect("absolute path")
        .to_string()
}

/// The DOM of `page` after its scripts ran.
pub fn dump_dom(page: &Path, work: &Path) -> Html {
    dump_dom_at(page, "", work)
}

/// The DOM of `page` opened with URL `fragment` (`#page=3`, or empty) after its scripts ran.
pub fn dump_dom_at(page: &Path, fragment: &str, work: &Path) -> Html {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut cmd = browser(profile.path());
    cmd.arg("--dump-dom")
        .arg(format!("{}{fragment}", file_url(page)));
    let out = work.join("dom.html");
    let (status, stderr) = run_bounded(cmd, &out);
    let dom = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        status.success() && dom.contains("</html>"),
        "chromium --dump-dom {} failed ({status}): {stderr}",
        page.display()
    );
    assert_no_trace(&dom, page);
    Html::parse_document(&dom)
}

/// A screenshot of `page`, checked to be a non-empty PNG and copied to [`SHOTS_DIR`].
pub fn screenshot(page: &Path, work: &Path, name: &str) {
    let profile = tempfile::tempdir().expect("profile dir");
    let png = work.join(name);
    let mut cmd = browser(profile.path());
    cmd.arg("--hide-scrollbars")
        .arg("--window-size=1280,2600")
        .arg(format!("--screenshot={}", png.display()))
        .arg(file_url(page));
    let (status, stderr) = run_bounded(cmd, &work.join("shot.out"));
    let bytes = std::fs::read(&png).unwrap_or_default();
    assert!(
        status.success() && bytes.len() > 1000 && bytes.starts_with(b"\x89PNG"),
        "no screenshot of {} ({status}, {} bytes): {stderr}",
        page.display(),
        bytes.len()
    );
    // The copy is for a person to look at; a read-only /tmp must not fail the test.
    let _ = std::fs::create_dir_all(SHOTS_DIR);
    let _ = std::fs::write(Path::new(SHOTS_DIR).join(name), &bytes);
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

pub fn text_of(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn first_text(dom: &Html, css: &str) -> String {
    dom.select(&sel(css))
        .next()
        .map(text_of)
        .unwrap_or_else(|| panic!("no {css} in the page"))
}

/// Nothing a site or a list supplied ran, and none of it became markup.
pub fn assert_no_trace(raw: &str, page: &Path) {
    let dom = Html::parse_document(raw);
    let shown = page.display();
    assert!(
        dom.select(&sel("html[data-pwned]")).next().is_none(),
        "a payload ran in {shown}"
    );
    let injected = "img[onerror], svg, [onload], [onmouseover], iframe, object, embed";
    if let Some(el) = dom.select(&sel(injected)).next() {
        panic!("injected markup in {shown}: {}", el.html());
    }
    for script in dom.select(&sel("script")) {
        // A JSON data block is never run: it may hold a hostile name as a string, as long as it
        // is still one whole JSON value (nothing broke out of it).
        if script.value().attr("type") == Some("application/json") {
            let data: String = script.text().collect();
            assert!(
                serde_json::from_str::<serde_json::Value>(&data).is_ok(),
                "a data block that is not JSON in {shown}"
            );
            continue;
        }
        assert!(
            !text_of(script).contains("pwned"),
            "a payload inside <script> in {shown}"
        );
    }
    let lower = raw.to_lowercase();
    assert!(
        !lower.contains("<a href=\"javascript:"),
        "javascript: link in {shown}"
    );
    for a in dom.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap_or_default();
        let scheme: String = href.trim().chars().filter(|c| !c.is_whitespace()).collect();
        let scheme = scheme.to_lowercase();
        assert!(
            !["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|s| scheme.starts_with(s)),
            "dangerous href {href:?} in {shown}"
        );
    }
}
