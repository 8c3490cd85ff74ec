//! The binary as a user runs it: exit codes, files written, one clear error sentence.

mod common;

use assert_cmd::Command;
use common::*;
use std::path::Path;

fn socaudit() -> Command {
    let mut cmd = Command::cargo_bin("socaudit").expect("binary built");
    cmd.env("SOCAUDIT_TODAY", "2026-11-23");
    cmd
}

/// Runs `socaudit check` against a served fixture in a blocking thread; returns (code, stdout, stderr).
async fn run_check(base_url: String, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = out.to_path_buf();
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let output = socaudit()
            .args(["check", &base_url, "--delay", "0", "--quiet", "--out"])
            .arg(&out)
            .args(&extra)
            .output()
            .expect("run socaudit");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread")]
async fn compliant_site_exits_0_and_writes_both_reports() {
    let server = serve_fixture("compliant").await;
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run_check(server.base_url(), out.path(), &[]).await;
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json["schema"], "socaudit/report/v1");
    assert_eq!(json["requirements"].as_array().unwrap().len(), 30);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<html") && html.contains("lang=\"ru\""));
    assert!(
        stdout.contains("report.json"),
        "summary does not say where the report is:\n{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn weak_site_exits_1() {
    let server = serve_fixture("weak").await;
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run_check(server.base_url(), out.path(), &[]).await;
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(out.path().join("report.json").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn json_flag_prints_the_report() {
    let server = serve_fixture("compliant").await;
    let out = tempfile::tempdir().unwrap();
    let (_, stdout, _) = run_check(server.base_url(), out.path(), &["--json"]).await;
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is the JSON report");
    assert_eq!(
        json["summary"]["mandatory_total"],
        json["summary"]["mandatory_passed"]
    );
}

#[test]
fn unreachable_site_exits_3_with_one_sentence() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = tempfile::tempdir().unwrap();
    let output = socaudit()
        .args([
            "check",
            &format!("http://127.0.0.1:{port}/"),
            "--quiet",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("недоступен") && stderr.contains(&port.to_string()),
        "{stderr}"
    );
    assert!(
        stderr.lines().filter(|l| !l.trim().is_empty()).count() <= 2,
        "{stderr}"
    );
}

#[test]
fn broken_rules_file_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    let text = "[ruleset]\nid = \"x\"\ntitle = \"x\"\nversion = \"1\"\n\n[[rule]]\nid = \"founder\"\ntitle = \"Учредитель\"\nseverity = \"mandatory\"\nbasis = \"b\"\nwhat = \"w\"\nhint = \"h\"\nlink = ['учредител(']\n";
    std::fs::write(&path, text).unwrap();
    for args in [
        vec!["rules", "lint"],
        vec!["check", "http://127.0.0.1:9/", "--rules"],
    ] {
        let output = socaudit().args(&args).arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("broken.toml:13:"), "{args:?}: {stderr}");
        assert!(stderr.contains("founder"), "{args:?}: {stderr}");
    }
}

#[test]
fn rules_list_prints_the_catalog() {
    let output = socaudit().args(["rules", "list"]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    for id in [
        "registration-date",
        "nok-plan",
        "survey",
        "vision-impaired",
        "official-social-page",
    ] {
        assert!(stdout.contains(id), "{id} missing from:\n{stdout}");
    }
}

#[test]
fn bad_url_is_a_usage_error() {
    let output = socaudit()
        .args(["check", "ftp://kcson.ru"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_re_run_revalidates_instead_of_downloading_again() {
    let server = serve_fixture("compliant").await;
    let out = tempfile::tempdir().unwrap();
    let (first, _, _) = run_check(server.base_url(), out.path(), &[]).await;
    let downloads_first = server.requests().iter().filter(|r| r.status == 200).count();
    let hits_first = server.hit_count();
    let (second, _, stderr) = run_check(server.base_url(), out.path(), &[]).await;
    assert_eq!((first, second), (0, 0), "{stderr}");
    let second_requests: Vec<_> = server.requests().into_iter().skip(hits_first).collect();
    let not_modified = second_requests.iter().filter(|r| r.status == 304).count();
    let downloaded_again = second_requests.iter().filter(|r| r.status == 200).count();
    assert!(
        not_modified > 0,
        "no 304 on the re-run: {second_requests:?}"
    );
    assert!(
        downloaded_again * 4 <= downloads_first,
        "re-run downloaded {downloaded_again} of {downloads_first} again"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    // Every revalidated response was a 304 (a 304 the store cannot answer is fetched again).
    let revalidated = json["crawl"]["revalidated"].as_u64().unwrap() as usize;
    assert!(
        revalidated > 0 && revalidated <= not_modified,
        "{revalidated} of {not_modified}"
    );
    assert!(out.path().join("history.sqlite").is_file());
}
