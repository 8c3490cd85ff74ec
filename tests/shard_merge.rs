//! `socaudit sweep --shard K/N` and `socaudit merge`: a list swept in three parts and merged gives
//! the same sites, folders and verdicts as one sweep of the whole list.

mod common;

use assert_cmd::Command;
use common::*;
use serde_json::Value;
use socaudit::fixture_server::{serve_hosts, RunningServer, Site};
use std::path::{Path, PathBuf};

const HOSTS: &[(&str, &str)] = &[
    ("kcson-good.test", "compliant"),
    ("cso-weak.test", "weak"),
    ("internat.test", "cp1251"),
    ("svetlogorsk.test", "robots"),
];

async fn serve_named() -> RunningServer {
    let sites = HOSTS
        .iter()
        .map(|(host, dir)| (host.to_string(), Site::from_dir(&fixture_dir(dir)).unwrap()))
        .collect();
    serve_hosts(sites).await.unwrap()
}

fn common_args(port: u16) -> Vec<String> {
    let mut args: Vec<String> = ["--delay", "0", "--quiet", "--concurrency", "4"]
        .map(String::from)
        .to_vec();
    args.extend(
        HOSTS
            .iter()
            .flat_map(|(h, _)| ["--resolve".to_string(), format!("{h}:{port}:127.0.0.1")]),
    );
    args
}

/// A list with a duplicate (row 5), a row without a site (row 6) and a dead site.
fn write_list(dir: &Path, port: u16) -> PathBuf {
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = format!(
        "Наименование;Сайт\n\
         КЦСОН;http://kcson-good.test:{port}/\n\
         ЦСО;cso-weak.test:{port}\n\
         Дом-интернат;http://internat.test:{port}/\n\
         КЦСОН (повтор);http://www.kcson-good.test:{port}\n\
         Приют;\n\
         Светлогорск;http://svetlogorsk.test:{port}/\n\
         Недоступный;http://127.0.0.1:{dead}/\n"
    );
    let path = dir.join("list.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the binary off the async runtime (the fixture server lives on it).
async fn socaudit(args: Vec<String>, env: Option<(&'static str, String)>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let mut cmd = Command::cargo_bin("socaudit").unwrap();
        cmd.env("SOCAUDIT_TODAY", "2026-11-23");
        cmd.env_remove("SOCAUDIT_SHARD").args(&args);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    })
    .await
    .unwrap()
}

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

/// What must not depend on sharding: per site everything but timings.
fn comparable(summary: &Value) -> Vec<String> {
    summary["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {} {} {}",
                s["row"], s["url"], s["dir"], s["verdict"], s["reachable"], s["statuses"]
            )
        })
        .collect()
}

fn sweep_args(list: &Path, out: &Path, port: u16) -> Vec<String> {
    let mut args = vec![
        "sweep".to_string(),
        list.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(common_args(port));
    args
}

#[tokio::test(flavor = "multi_thread")]
async fn three_shards_merged_equal_one_sweep() {
    let server = serve_named().await;
    let port = server.port();
    let tmp = tempfile::tempdir().unwrap();
    let list = write_list(tmp.path(), port);
    let whole = tmp.path().join("whole");
    let shards: Vec<PathBuf> = (1..=3)
        .map(|k| tmp.path().join(format!("part{k}")))
        .collect();

    let full = socaudit(sweep_args(&list, &whole, port), None).await;
    assert_eq!(
        full.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&full.stderr)
    );
    for (k, out) in shards.iter().enumerate() {
        let mut args = sweep_args(&list, out, port);
        // Shard 2 comes from the environment, as in a CI job or a Kubernetes pod.
        let env = if k == 1 {
            Some(("SOCAUDIT_SHARD", "2/3".to_string()))
        } else {
            args.extend(["--shard".to_string(), format!("{}/3", k + 1)]);
            None
        };
        let output = socaudit(args, env).await;
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "shard {}: {}",
            k + 1,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let parts: Vec<Value> = shards.iter().map(|d| summary(d)).collect();
    let counts: Vec<usize> = parts
        .iter()
        .map(|p| p["sites"].as_array().unwrap().len())
        .collect();
    assert_eq!(
        counts.iter().sum::<usize>(),
        5,
        "every site in exactly one shard: {counts:?}"
    );
    assert_eq!(
        parts[0]["input"]["problems"].as_array().unwrap().len(),
        2,
        "shard 1 reports the list's problems"
    );
    assert!(
        parts[1]["input"]["problems"].as_array().unwrap().is_empty()
            && parts[2]["input"]["problems"].as_array().unwrap().is_empty()
    );

    let merged = tmp.path().join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().map(|d| d.display().to_string()));
    args.extend(["--out".to_string(), merged.display().to_string()]);
    let output = socaudit(args, None).await;
    assert_eq!(
        output.status.code(),
        Some(1),
        "a non-compliant site makes merge exit 1 like sweep\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let (one, joined) = (summary(&whole), summary(&merged));
    assert_eq!(comparable(&joined), comparable(&one));
    assert_eq!(joined["input"]["problems"], one["input"]["problems"]);
    assert_eq!(joined["input"]["rows"], one["input"]["rows"]);
    assert_eq!(joined["input"]["sites"], one["input"]["sites"]);
    assert_eq!(joined["totals"], one["totals"]);
    assert_eq!(joined["ruleset"], one["ruleset"]);
    assert_eq!(joined["interrupted"], false);
    for site in joined["sites"].as_array().unwrap() {
        let dir = merged.join(site["dir"].as_str().unwrap());
        if site["reachable"] == true {
            assert!(
                dir.join("report.json").is_file() && dir.join("report.html").is_file(),
                "{}",
                dir.display()
            );
        }
    }
    for f in ["summary.csv", "summary.xlsx", "index.html", "junit.xml"] {
        assert!(merged.join(f).metadata().unwrap().len() > 0, "{f}");
    }
    let junit = std::fs::read_to_string(merged.join("junit.xml")).unwrap();
    assert_eq!(junit.matches("<testsuite ").count(), 5);

    // The whole sweep and shard 1 share sites: they come from different cuts of the list.
    let mut args = vec![
        "merge".to_string(),
        whole.display().to_string(),
        shards[0].display().to_string(),
    ];
    args.extend([
        "--out".to_string(),
        tmp.path().join("bad").display().to_string(),
    ]);
    let output = socaudit(args, None).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("whole") && stderr.contains("part1"),
        "the error names both folders: {stderr}"
    );
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    for bad in ["0/3", "4/3", "1/0", "two/3"] {
        let output = Command::cargo_bin("socaudit")
            .unwrap()
            .env("SOCAUDIT_TODAY", "2026-11-23")
            .env_remove("SOCAUDIT_SHARD")
            .args(["sweep", "list.csv", "--shard", bad])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("K/N"),
            "{bad}"
        );
    }
}
