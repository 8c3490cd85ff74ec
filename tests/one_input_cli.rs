//! One behaviour for one input: what `check` takes, a list takes; every folder socaudit writes,
//! `diff` and `report` take. Fixture sites served on 127.0.0.1, the binary run as a user runs it.

mod common;

use assert_cmd::Command;
use common::{serve_fixture, strings, text};
use std::path::Path;
use std::process::Output;

fn socaudit(args: &[String]) -> Output {
    Command::cargo_bin("socaudit")
        .unwrap()
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(args)
        .output()
        .unwrap()
}

async fn run(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || socaudit(&args))
        .await
        .unwrap()
}

fn check_args(url: &str, out: &Path) -> Vec<String> {
    let mut args = strings(&["check", url, "--delay", "0", "--quiet", "--out"]);
    args.push(out.display().to_string());
    args
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_cell_takes_the_address_check_takes() {
    let server = serve_fixture("weak").await;
    let tmp = tempfile::tempdir().unwrap();
    let typed = format!("127.0.0.1:{}", server.port());
    let checked = run(check_args(&typed, &tmp.path().join("check"))).await;
    assert_eq!(checked.status.code(), Some(1), "{}", text(&checked));

    let list = tmp.path().join("list.csv");
    std::fs::write(
        &list,
        format!(
            "Учреждение;Сайт\nКЦСОН;{typed}\nЦентр;localhost:{}\n",
            server.port()
        ),
    )
    .unwrap();
    let out = tmp.path().join("sweep");
    let mut args = strings(&["sweep", &list.display().to_string(), "--delay", "0"]);
    args.extend(strings(&["--quiet", "--out", &out.display().to_string()]));
    let swept = run(args).await;
    assert_eq!(swept.status.code(), Some(1), "{}", text(&swept));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["input"]["problems"], serde_json::json!([]));
    assert_eq!(summary["sites"].as_array().unwrap().len(), 2, "{summary:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_and_report_take_two_check_folders() {
    let weak = serve_fixture("weak").await;
    let compliant = serve_fixture("compliant").await;
    let tmp = tempfile::tempdir().unwrap();
    let (before, after) = (tmp.path().join("before"), tmp.path().join("after"));
    // The same address both times (as an institution's CI has it): first the weak site answers…
    let url = weak.base_url();
    let first = run(check_args(&url, &before)).await;
    assert_eq!(first.status.code(), Some(1), "{}", text(&first));
    let second = run(check_args(&compliant.base_url(), &after)).await;
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    // …then the fixed one: point the second report at the first address.
    let path = after.join("report.json");
    let stored = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, stored.replace(&compliant.base_url(), &url)).unwrap();

    let (b, a) = (before.display().to_string(), after.display().to_string());
    let diff = run(strings(&["diff", &b, &a, "--format", "json"])).await;
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff));
    let value: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert!(value["totals"]["fixes"].as_u64().unwrap() > 0, "{value:#}");
    assert_eq!(value["sites_added"], serde_json::json!([]));
    let gate = run(strings(&["diff", &a, &b, "--fail-on", "regression"])).await;
    assert_eq!(gate.status.code(), Some(1), "{}", text(&gate));

    let report = run(strings(&["report", &b, "--format", "html"])).await;
    assert_eq!(report.status.code(), Some(0), "{}", text(&report));
}

#[test]
fn a_folder_socaudit_did_not_write_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().display().to_string();
    let diff = socaudit(&strings(&["diff", &empty, &empty]));
    assert_eq!(diff.status.code(), Some(2));
    assert!(
        text(&diff).contains("это не папка проверки socaudit"),
        "{}",
        text(&diff)
    );
}
