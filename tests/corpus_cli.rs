//! `socaudit rules test DIR` on a one-site corpus made in the test: exit codes for a clean run, a
//! regression from a baseline, a broken `expected.toml`; `--only`, `--json`, `--write-baseline`.

use assert_cmd::Command;
use std::path::Path;

const PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ЦСО «Тест»</title></head><body><h1>ЦСО «Тест»</h1><h2>Учредитель</h2><p>Учредитель: Министерство социальной защиты Тестовой области.</p></body></html>";

/// A corpus of one site whose `faq` label (pass) is wrong on purpose: the site has no FAQ.
fn corpus(dir: &Path, labels: &str) {
    let site = dir.join("site-a");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join("index.html"), PAGE).expect("page");
    std::fs::write(site.join("expected.toml"), labels).expect("labels");
    std::fs::write(dir.join("corpus.toml"), "today = \"2026-12-01\"\n").expect("corpus.toml");
}

const LABELS: &str =
    "[site]\nhost = \"cso-test.test\"\n\n[expected]\nfounder = \"pass\"\nfaq = \"pass\"\n";

fn rules_test(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("socaudit")
        .expect("binary")
        .args(["rules", "test"])
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn wrong_verdicts_alone_exit_0_and_a_regression_from_the_baseline_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus(dir.path(), LABELS);
    let root = dir.path().to_str().expect("utf-8 path");
    let recorded = dir.path().join("baseline.json");
    let out = rules_test(&[root, "--write-baseline", recorded.to_str().expect("path")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("site-a / faq: ожидалось pass, получено fail"),
        "{text}"
    );
    assert!(
        text.contains("| founder | 1 | 1 | 0 | 0 | 100,0 % | 100,0 % |"),
        "{text}"
    );

    // Against its own verdicts nothing regressed.
    let out = rules_test(&[root, "--baseline", recorded.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0));

    // A baseline in which faq was right: it is wrong now, a regression.
    let right = dir.path().join("right.json");
    std::fs::write(
        &right,
        r#"{"schema": "socaudit/corpus-baseline/v1", "verdicts": {"site-a": {"founder": "pass", "faq": "pass"}}}"#,
    )
    .expect("baseline");
    let out = rules_test(&[root, "--baseline", right.to_str().expect("path")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Регрессии (совпадало в базовой линии, теперь нет): 1"),
        "{text}"
    );
}

#[test]
fn only_and_json_score_one_requirement() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus(dir.path(), LABELS);
    let out = rules_test(&[
        dir.path().to_str().expect("path"),
        "--only",
        "founder",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["schema"], "socaudit/corpus-test/v1");
    assert_eq!(json["total"], 1);
    assert_eq!(json["rows"][0]["id"], "founder");
    assert_eq!(json["rows"][0]["got"], "pass");
    assert!(json["rows"][0]["evidence"][0]["url"]
        .as_str()
        .is_some_and(|u| u.starts_with("http://cso-test.test:")));
}

#[test]
fn a_broken_label_file_names_its_line_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus(dir.path(), "[expected]\nfounder = \"pass\"\nfaq = \"да\"\n");
    let out = rules_test(&[dir.path().to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected.toml:3:"), "{err}");
    assert!(err.contains("«да»"), "{err}");

    corpus(
        dir.path(),
        "[expected]\nfounder = \"pass\"\nfeedback = \"fail\"\n",
    );
    let out = rules_test(&[dir.path().to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("expected.toml:3:") && err.contains("feedback"),
        "{err}"
    );

    let out = rules_test(&[dir.path().join("nowhere").to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
}
