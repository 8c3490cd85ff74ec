//! `socaudit serve` killed with `kill -9` while one check runs and another waits: after the next
//! start both run to their reports — the queue lives in the database, not in the process.

mod common;
#[path = "support/serve.rs"]
mod serve_support;

use common::fixture_dir;
use serve_support::{post_check, verdict, wait_done, wait_status};
use socaudit::fixture_server::{serve as serve_site, Site};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The server process, killed when the test ends however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on a free port; returns the process and its base URL.
fn start_binary(db: &Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_socaudit"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--allow-private",
            "--workers",
            "1",
        ])
        .args(["--delay", "0", "--max-pages", "10", "--db"])
        .arg(db)
        .env("SOCAUDIT_TODAY", common::FIXTURE_TODAY)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("socaudit serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("socaudit serve: http://") {
                let _ = tx.send(format!("http://{}", url.trim_end_matches('/')));
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server prints its address");
    (Running(child), base)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_queued_check_survives_kill_9() {
    let slow = |name| {
        Site::from_dir(&fixture_dir(name))
            .expect("fixture")
            .with_latency(Duration::from_millis(200))
    };
    let first = serve_site(slow("compliant")).await.expect("serve");
    let second = serve_site(slow("weak")).await.expect("serve");
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("serve.sqlite");

    let (mut child, base) = start_binary(&db);
    let (_, _, a) = post_check(&base, &first.base_url()).await;
    let (_, _, b) = post_check(&base, &second.base_url()).await;
    let (a, b) = (
        a["id"].as_str().unwrap().to_string(),
        b["id"].as_str().unwrap().to_string(),
    );
    wait_status(&base, &a, "running").await;
    assert_eq!(
        serve_support::get_check(&base, &b).await["status"],
        "queued"
    );
    // SIGKILL: no shutdown code runs.
    child.0.kill().expect("kill -9");
    child.0.wait().expect("reaped");

    let (_child, base) = start_binary(&db);
    let done_a = wait_done(&base, &a).await;
    let done_b = wait_done(&base, &b).await;
    assert_eq!(done_a["status"], "done", "{done_a}");
    assert_eq!(done_b["status"], "done", "{done_b}");
    assert_eq!(verdict(&done_a["report"], "founder"), "pass");
    assert_eq!(done_b["report"]["site"]["url"], second.base_url());
}
