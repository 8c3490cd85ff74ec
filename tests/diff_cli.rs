//! `socaudit diff` as a user runs it: two real sweeps of fixture sites served on 127.0.0.1, where
//! the second finds a site weaker than the first, compared as folders and as runs of a history
//! database.

mod common;

use assert_cmd::Command;
use common::fixture_dir;
use socaudit::fixture_server::{serve_hosts, Site};
use socaudit::history::{History, RunKind};
use socaudit::report::json;
use socaudit::sweep::SweepSummary;
use std::path::{Path, PathBuf};
use std::process::Output;

/// `kcson.test` is the compliant fixture; `www.kcson.test` — the same institution's site as the
/// second sweep's list spells it — serves the weak one, so its documents «disappear».
const HOSTS: &[(&str, &str)] = &[
    ("kcson.test", "compliant"),
    ("www.kcson.test", "weak"),
    ("cso.test", "weak"),
    ("internat.test", "cp1251"),
];

fn socaudit(args: &[&str]) -> Output {
    Command::cargo_bin("socaudit")
        .unwrap()
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(args)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

async fn sweep(dir: &Path, name: &str, port: u16, hosts: &[&str]) -> PathBuf {
    let list = dir.join(format!("{name}.txt"));
    let lines: String = hosts
        .iter()
        .map(|h| format!("http://{h}:{port}/\n"))
        .collect();
    std::fs::write(&list, lines).unwrap();
    let out = dir.join(name);
    let mut args = vec![
        "sweep".to_string(),
        list.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(["--delay", "0", "--quiet"].map(String::from));
    for (host, _) in HOSTS {
        args.extend(["--resolve".to_string(), format!("{host}:{port}:127.0.0.1")]);
    }
    let output = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .unwrap()
            .env("SOCAUDIT_TODAY", "2026-11-23")
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.join("summary.json").is_file(),
        "sweep {name} wrote no summary\n{}",
        text(&output)
    );
    out
}

/// Records a sweep's output folder as a run of the history database.
fn record(history: &History, out: &Path) {
    let summary: SweepSummary =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let run = history
        .begin_run(RunKind::Sweep, &summary.ruleset, "{}", Some(out))
        .unwrap();
    for site in &summary.sites {
        let report = json::read(&out.join(&site.dir).join("report.json")).unwrap();
        history.record_site(run, site, &report).unwrap();
    }
    history.finish_run(run, false).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_of_two_sweeps_shows_what_disappeared_and_sets_the_exit_code() {
    let sites = HOSTS
        .iter()
        .map(|(h, d)| (h.to_string(), Site::from_dir(&fixture_dir(d)).unwrap()))
        .collect();
    let server = serve_hosts(sites).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let before = sweep(
        tmp.path(),
        "before",
        server.port(),
        &["kcson.test", "cso.test"],
    )
    .await;
    let after = sweep(
        tmp.path(),
        "after",
        server.port(),
        &["www.kcson.test", "internat.test"],
    )
    .await;
    let (before_s, after_s) = (before.display().to_string(), after.display().to_string());

    let plain = socaudit(&["diff", &before_s, &after_s]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain));
    let md = String::from_utf8_lossy(&plain.stdout).to_string();
    assert!(
        md.contains("### ") && md.contains("kcson.test"),
        "the site is matched across spellings:\n{md}"
    );
    assert!(
        md.contains("Исчезло: ") && md.contains("— было: есть (http://kcson.test:"),
        "{md}"
    );
    assert!(
        md.contains("internat.test") && md.contains("cso.test"),
        "added and gone sites:\n{md}"
    );

    let gated = socaudit(&["diff", &before_s, &after_s, "--fail-on", "regression"]);
    assert_eq!(gated.status.code(), Some(1), "{}", text(&gated));
    let same = socaudit(&["diff", &after_s, &after_s, "--fail-on", "regression"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));

    let html_path = tmp.path().join("diff.html");
    let html = socaudit(&[
        "diff",
        &before_s,
        &after_s,
        "--format",
        "html",
        "--out",
        &html_path.display().to_string(),
    ]);
    assert_eq!(html.status.code(), Some(0), "{}", text(&html));
    let page = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        page.contains("Исчезло:") && page.contains("<a href=\"http://kcson.test:"),
        "{page}"
    );

    let as_json = socaudit(&["diff", &before_s, &after_s, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&as_json.stdout).unwrap();
    assert_eq!(value["schema"], "socaudit/diff/v1");
    assert!(
        value["totals"]["regressions"].as_u64().unwrap() > 0,
        "{value:#}"
    );
    assert_eq!(value["sites_added"].as_array().unwrap().len(), 1);
    assert_eq!(value["sites_gone"].as_array().unwrap().len(), 1);

    // The same two sweeps as runs of the history database.
    let db = tmp.path().join("history.db");
    let history = History::open(&db).unwrap();
    record(&history, &before);
    record(&history, &after);
    drop(history);
    let db_s = db.display().to_string();
    let from_db = socaudit(&[
        "diff",
        "--db",
        &db_s,
        "prev",
        "last",
        "--fail-on",
        "regression",
        "--format",
        "json",
    ]);
    assert_eq!(from_db.status.code(), Some(1), "{}", text(&from_db));
    let db_value: serde_json::Value = serde_json::from_slice(&from_db.stdout).unwrap();
    assert_eq!(db_value["totals"], value["totals"]);
    assert_eq!(db_value["changed"], value["changed"]);
    let by_id = socaudit(&["diff", "--db", &db_s, "1", "2"]);
    assert_eq!(by_id.status.code(), Some(0), "{}", text(&by_id));

    // A folder whose summary.json was lost is rebuilt from its site reports.
    std::fs::remove_file(before.join("summary.json")).unwrap();
    let rebuilt = socaudit(&["diff", &before_s, &after_s, "--fail-on", "regression"]);
    assert_eq!(rebuilt.status.code(), Some(1), "{}", text(&rebuilt));
}

#[test]
fn bad_inputs_exit_2_with_one_sentence_naming_them() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("пустая-папка");
    std::fs::create_dir(&empty).unwrap();
    let empty_s = empty.display().to_string();
    let output = socaudit(&["diff", &empty_s, &empty_s]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("пустая-папка") && stderr.contains("summary.json"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");

    let missing = socaudit(&["diff", "нет-такой-папки", &empty_s]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("нет-такой-папки"));

    let no_db = socaudit(&["diff", "prev", "last"]);
    assert_eq!(no_db.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_db.stderr).contains("--db"));

    let db = tmp.path().join("нет.db");
    let missing_db = socaudit(&["diff", "--db", &db.display().to_string(), "prev", "last"]);
    assert_eq!(missing_db.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing_db.stderr).contains("нет.db"));
    assert!(!db.exists(), "a missing database is not created by diff");

    let bad_flag = socaudit(&["diff", &empty_s, &empty_s, "--fail-on", "everything"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}
