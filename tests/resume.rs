//! A sweep killed with SIGKILL at random moments and resumed ends with exactly the results of an
//! uninterrupted sweep: no site lost, none twice.

mod common;

use common::*;
use socaudit::fixture_server::{serve_hosts, RunningServer, Site};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SITES: &[(&str, &str)] = &[
    ("a-compliant.test", "compliant"),
    ("b-weak.test", "weak"),
    ("c-cp1251.test", "cp1251"),
    ("d-robots.test", "robots"),
    ("e-js.test", "js-only"),
    ("f-hostile.test", "hostile"),
];

fn serve(runtime: &tokio::runtime::Runtime) -> RunningServer {
    // Some latency so that the sweep is still running when it is killed.
    let sites = SITES
        .iter()
        .map(|(host, dir)| {
            (
                host.to_string(),
                Site::from_dir(&fixture_dir(dir))
                    .unwrap()
                    .with_latency(Duration::from_millis(40)),
            )
        })
        .collect();
    runtime.block_on(serve_hosts(sites)).unwrap()
}

fn sweep_command(args: &[String], port: u16) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("socaudit"));
    cmd.env("SOCAUDIT_TODAY", "2026-11-23");
    cmd.args(args).args(["--quiet", "--delay", "0"]);
    for (host, _) in SITES {
        cmd.args(["--resolve", &format!("{host}:{port}:127.0.0.1")]);
    }
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

fn start(list: &Path, out: &Path, port: u16) -> Child {
    let args = vec![
        "sweep".into(),
        list.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--concurrency".into(),
        "2".into(),
    ];
    sweep_command(&args, port).spawn().unwrap()
}

fn resume(out: &Path, port: u16) -> Child {
    let args = vec!["sweep".into(), "--resume".into(), out.display().to_string()];
    sweep_command(&args, port).spawn().unwrap()
}

/// What must be identical between runs: per site, its row, URL, folder, verdict and every status.
fn outcome(out: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(out.join("summary.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary["interrupted"], false, "{}", out.display());
    summary["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {} {}",
                s["row"], s["url"], s["dir"], s["verdict"], s["statuses"]
            )
        })
        .collect()
}

fn write_list(dir: &Path, port: u16) -> PathBuf {
    let list = dir.join("sites.txt");
    let lines: String = SITES
        .iter()
        .map(|(h, _)| format!("http://{h}:{port}/\n"))
        .collect();
    std::fs::write(&list, lines).unwrap();
    list
}

#[test]
fn killed_sweeps_resume_to_the_same_result() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = serve(&runtime);
    let port = server.port();
    let tmp = tempfile::tempdir().unwrap();
    let list = write_list(tmp.path(), port);

    let reference = tmp.path().join("reference");
    let status = start(&list, &reference, port).wait().unwrap();
    assert_eq!(status.code(), Some(1));
    let expected = outcome(&reference);
    assert_eq!(expected.len(), SITES.len());

    // Kill points: right at the start, early, in the middle; then kill the resumed run too.
    for (i, delays) in [vec![50u64], vec![400], vec![1200], vec![300, 300]]
        .into_iter()
        .enumerate()
    {
        let out = tmp.path().join(format!("killed-{i}"));
        let mut child = start(&list, &out, port);
        for (k, delay) in delays.iter().enumerate() {
            std::thread::sleep(Duration::from_millis(*delay));
            let _ = child.kill(); // SIGKILL: no cleanup of any kind
            let _ = child.wait();
            if !out.join("sweep-plan.json").exists() {
                // Killed before the plan was written: nothing to resume, start again.
                child = start(&list, &out, port);
                continue;
            }
            if k + 1 < delays.len() {
                child = resume(&out, port);
            }
        }
        if out.join("sweep-plan.json").exists() {
            let status = resume(&out, port).wait().unwrap();
            assert_eq!(status.code(), Some(1), "resume of killed-{i}");
        } else {
            let _ = child.wait();
        }
        assert_eq!(
            outcome(&out),
            expected,
            "killed-{i} differs from the uninterrupted sweep"
        );
        // Every site's reports are complete on disk.
        for (host, _) in SITES {
            let dir = out.join(format!("{host}_{port}"));
            assert!(
                dir.join("report.json").is_file() && dir.join("report.html").is_file(),
                "{}",
                dir.display()
            );
        }
    }
    drop(server);
}

#[test]
fn resume_of_a_folder_without_a_plan_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let output = Command::new(assert_cmd::cargo::cargo_bin("socaudit"))
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(["sweep", "--resume"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("sweep-plan.json"));
}

#[test]
fn a_new_sweep_refuses_a_folder_holding_another_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("sweep-plan.json"), "{}").unwrap();
    let list = tmp.path().join("l.txt");
    std::fs::write(&list, "http://a.test/\n").unwrap();
    let output = Command::new(assert_cmd::cargo::cargo_bin("socaudit"))
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(["sweep"])
        .arg(&list)
        .arg("--out")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--resume"));
}
