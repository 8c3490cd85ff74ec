//! The auditor's workflow as a user runs it: accepted findings, «не выполнено с …» across runs,
//! rule-set versions in diffs, `socaudit rules diff`. Fixture sites served on 127.0.0.1.

mod common;

use assert_cmd::Command;
use common::{serve_fixture, strings, text};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

async fn run(today: &str, args: Vec<String>) -> Output {
    let today = today.to_string();
    tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .unwrap()
            .env("SOCAUDIT_TODAY", today)
            .args(args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
}

fn verdict<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no verdict {id}"))
}

/// Mandatory items that fail or are partial, as `accepted.toml` entries for `site`.
fn accept_all(report: &Value, site: &str, until: &str) -> String {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["severity"] == "mandatory" && (v["status"] == "fail" || v["status"] == "partial"))
        .map(|v| {
            format!(
                "[[accepted]]\nsite = \"{site}\"\nrequirement = \"{}\"\nreason = \"Согласовано с министерством\"\nby = \"Иванова И. И.\"\nuntil = {until}\n\n",
                v["id"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn accepted_items_and_failure_dates_across_check_runs() {
    let server = serve_fixture("weak").await;
    let tmp = tempfile::tempdir().unwrap();
    let db = path(&tmp.path().join("history.sqlite"));
    let check = |out: &Path, extra: &[&str]| {
        let mut args = strings(&["check", &server.base_url(), "--delay", "0", "--quiet"]);
        args.extend(strings(&["--db", &db, "--no-color", "--out", &path(out)]));
        args.extend(strings(extra));
        args
    };
    let first = tmp.path().join("first");
    let out = run("2026-11-23", check(&first, &[])).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let before = report(&first);
    assert_eq!(verdict(&before, "tariffs")["first_failed"], "2026-11-23");
    assert!(verdict(&before, "founder").get("first_failed").is_none());
    assert!(before["ruleset"]["sha256"].as_str().unwrap().len() == 64);

    let accepted = tmp.path().join("accepted.toml");
    std::fs::write(
        &accepted,
        accept_all(&before, &server.base_url(), "2026-12-31"),
    )
    .unwrap();
    let second = tmp.path().join("second");
    let out = run(
        "2026-11-30",
        check(&second, &["--accepted", &path(&accepted)]),
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "every failure accepted:\n{}",
        text(&out)
    );
    assert!(text(&out).contains("принято"), "{}", text(&out));
    let now = report(&second);
    let tariffs = verdict(&now, "tariffs");
    assert_eq!(tariffs["status"], "fail", "the status is kept");
    assert_eq!(tariffs["accepted"]["by"], "Иванова И. И.");
    assert_eq!(tariffs["accepted"]["until"], "2026-12-31");
    assert_eq!(tariffs["first_failed"], "2026-11-23", "the streak goes on");
    assert_eq!(now["summary"]["verdict"], "compliant");
    let html = std::fs::read_to_string(second.join("report.html")).unwrap();
    assert!(
        html.contains("Согласовано с министерством") && html.contains("не выполнено с 23.11.2026")
    );

    // After the date the same file accepts nothing.
    let third = tmp.path().join("third");
    let out = run(
        "2027-01-10",
        check(&third, &["--accepted", &path(&accepted)]),
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(verdict(&report(&third), "tariffs")
        .get("accepted")
        .is_none());

    // diff of the two check folders lists the acceptances that ended.
    let diff = run(
        "2027-01-10",
        strings(&["diff", &path(&second), &path(&third), "--format", "json"]),
    )
    .await;
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff));
    let value: Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert!(
        value["totals"]["accepted_ended"].as_u64().unwrap() > 0,
        "{value:#}"
    );

    // A requirement that is not in the rules is named with its line.
    std::fs::write(
        &accepted,
        "[[accepted]]\nsite = \"x\"\nrequirement = \"founder\"\nreason = \"r\"\nby = \"b\"\nuntil = 2027-01-01\n",
    )
    .unwrap();
    let bad = run(
        "2026-11-23",
        check(&tmp.path().join("bad"), &["--accepted", &path(&accepted)]),
    )
    .await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad).contains("accepted.toml:2: сайт «x» не проверялся"),
        "{}",
        text(&bad)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_takes_accepted_toml_next_to_its_list_and_report_re_renders_it() {
    let server = serve_fixture("weak").await;
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("{}\n", server.base_url())).unwrap();
    std::fs::write(
        tmp.path().join("accepted.toml"),
        format!(
            "[[accepted]]\nsite = \"{}\"\nrequirement = \"tariffs\"\nreason = \"Тарифы утверждаются\"\nby = \"Петров\"\nuntil = \"31.12.2026\"\n",
            server.base_url()
        ),
    )
    .unwrap();
    let out = tmp.path().join("sweep");
    let mut args = strings(&[
        "sweep",
        &path(&list),
        "--delay",
        "0",
        "--quiet",
        "--no-history",
    ]);
    args.extend(strings(&["--out", &path(&out)]));
    let swept = run("2026-11-23", args).await;
    assert_eq!(swept.status.code(), Some(1), "{}", text(&swept));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["sites"][0]["accepted"]["tariffs"]["by"], "Петров");
    assert_eq!(summary["ruleset"]["sha256"].as_str().unwrap().len(), 64);
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        csv.contains("принято до 31.12.2026 (Петров): Тарифы утверждаются"),
        "{csv}"
    );

    // Re-rendered after the date: the acceptance is gone everywhere.
    let rerun = run("2027-01-01", strings(&["report", &path(&out)])).await;
    assert_eq!(rerun.status.code(), Some(0), "{}", text(&rerun));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(summary["sites"][0].get("accepted").is_none(), "{summary:#}");
    let site_dir = out.join(summary["sites"][0]["dir"].as_str().unwrap());
    assert!(verdict(&report(&site_dir), "tariffs")
        .get("accepted")
        .is_none());
}

const RULES_A: &str = r#"
[ruleset]
id = "mini"
title = "Мини"
version = "1"

[[rule]]
id = "founder"
title = "Учредитель"
severity = "mandatory"
link = ['учредител']

[[rule]]
id = "tariffs"
title = "Тарифы"
severity = "mandatory"
link = ['тариф']
"#;

#[tokio::test(flavor = "multi_thread")]
async fn runs_under_changed_rules_say_so_and_rules_diff_lists_the_change() {
    let server = serve_fixture("weak").await;
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a.toml"), tmp.path().join("b.toml"));
    std::fs::write(&a, RULES_A).unwrap();
    // Version 2 accepts any page text as tariffs: the status changes because of the rules.
    let changed = RULES_A
        .replace("version = \"1\"", "version = \"2\"")
        .replace(
            "link = ['тариф']",
            "link = ['тариф']\ncontent_anywhere = ['.']",
        );
    std::fs::write(&b, changed).unwrap();

    let rules_diff = run(
        "2026-11-23",
        strings(&["rules", "diff", &path(&a), &path(&b)]),
    )
    .await;
    assert_eq!(rules_diff.status.code(), Some(0), "{}", text(&rules_diff));
    assert!(
        text(&rules_diff).contains("~ tariffs — Тарифы: шаблоны (content_anywhere)"),
        "{}",
        text(&rules_diff)
    );
    let as_json = run(
        "2026-11-23",
        strings(&["rules", "diff", &path(&a), &path(&b), "--json"]),
    )
    .await;
    let value: Value = serde_json::from_slice(&as_json.stdout).unwrap();
    assert_eq!(value["changed"][0]["pattern_keys"][0], "content_anywhere");
    let missing = run(
        "2026-11-23",
        strings(&["rules", "diff", &path(&a), "нет.toml"]),
    )
    .await;
    assert_eq!(missing.status.code(), Some(2));

    let check = |rules: &Path, out: &Path| {
        let mut args = strings(&["check", &server.base_url(), "--delay", "0", "--quiet"]);
        args.extend(strings(&[
            "--no-history",
            "--rules",
            &path(rules),
            "--out",
            &path(out),
        ]));
        args
    };
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    assert_eq!(
        run("2026-11-23", check(&a, &old)).await.status.code(),
        Some(1)
    );
    let _ = run("2026-11-23", check(&b, &new)).await;
    assert_eq!(verdict(&report(&old), "tariffs")["status"], "fail");
    assert_eq!(verdict(&report(&new), "tariffs")["status"], "pass");

    let diff = run(
        "2026-11-23",
        strings(&["diff", &path(&old), &path(&new), "--format", "json"]),
    )
    .await;
    let value: Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(
        value["rules"]["requirements_changed"][0]["id"], "tariffs",
        "{value:#}"
    );
    assert_eq!(
        value["totals"]["fixes"], 0,
        "not a fix on the site: {value:#}"
    );
    assert_eq!(value["changed"][0]["by_rules"][0]["id"], "tariffs");
    let md = run("2026-11-23", strings(&["diff", &path(&old), &path(&new)])).await;
    assert!(
        text(&md).contains("Проверки выполнены по разным правилам"),
        "{}",
        text(&md)
    );
}
