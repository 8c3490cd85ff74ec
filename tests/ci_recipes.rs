//! The CI and scale-out recipes of `docs/ci.md` and `docs/scale.md`: their YAML parses and calls
//! the scripts in `docs/ci/`, and those very scripts, run against fixture sites, sweep, publish,
//! merge parts, and fail on a regression naming the requirement a site lost.

mod common;

use common::*;
use serde::Deserialize as _;
use serde_yaml::Value as Yaml;
use socaudit::fixture_server::{serve_hosts, RunningServer, Site};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;

const HOSTS: [&str; 2] = ["kcson-good.test", "cso-weak.test"];
/// The НОК plan PDF of the compliant site: answering 404 turns its «nok-plan» from pass to worse.
const PLAN_PDF: &str = "/upload/nok/plan-po-ustraneniyu-nedostatkov-2025-2026.pdf";

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

fn read_tree(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(root, &path, files);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, std::fs::read(&path).unwrap()));
        }
    }
}

/// The compliant site a week later: the НОК plan and the report on it are gone from /nok/, and the
/// plan's PDF answers 404 (the report alone would still count as evidence of a plan).
fn compliant_without_plan() -> Site {
    let root = fixture_dir("compliant");
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    let route = format!("\n[[route]]\npath = \"{PLAN_PDF}\"\nstatus = 404\n");
    for (path, bytes) in files.iter_mut() {
        if path == "_site.toml" {
            bytes.extend_from_slice(route.as_bytes());
        }
        if path == "nok/index.html" {
            let html = String::from_utf8_lossy(bytes).into_owned();
            let kept: Vec<&str> = html
                .lines()
                .filter(|l| !l.contains("/upload/nok/") && !l.contains("<h2>План по устранению"))
                .collect();
            assert!(kept.len() < html.lines().count(), "the plan is on /nok/");
            *bytes = kept.join("\n").into_bytes();
        }
    }
    Site::from_files(files).unwrap()
}

async fn serve_pair(compliant: Site) -> RunningServer {
    let weak = Site::from_dir(&fixture_dir("weak")).unwrap();
    serve_hosts(vec![(HOSTS[0].into(), compliant), (HOSTS[1].into(), weak)])
        .await
        .unwrap()
}

/// A TCP relay on a fixed port in front of a switchable backend: the sites keep one address
/// (diff matches sites by URL) while their content changes between two runs.
async fn relay(backend: Arc<AtomicU16>) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let target = backend.load(Ordering::SeqCst);
            tokio::spawn(async move {
                if let Ok(mut outbound) =
                    tokio::net::TcpStream::connect(("127.0.0.1", target)).await
                {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    port
}

/// Runs `bash docs/ci/<script>` with the recipe's variables plus `vars`.
async fn script(name: &str, port: u16, vars: Vec<(&'static str, String)>) -> Output {
    let path = docs().join("ci").join(name);
    let resolve: Vec<String> = HOSTS
        .iter()
        .map(|h| format!("--resolve {h}:{port}:127.0.0.1"))
        .collect();
    let extra = format!("--delay 0 --concurrency 4 {}", resolve.join(" "));
    tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new("bash");
        cmd.arg(&path)
            .env("SOCAUDIT", assert_cmd::cargo::cargo_bin("socaudit"))
            .env("SOCAUDIT_TODAY", "2026-11-23")
            .env("SOCAUDIT_ARGS", extra)
            .env_remove("SOCAUDIT_SHARD")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("SHARD");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    })
    .await
    .unwrap()
}

fn show(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn path_var(key: &'static str, p: &Path) -> (&'static str, String) {
    (key, p.display().to_string())
}

/// The requirement the dead plan link breaks, as the diff may name it (id or Russian title).
fn names_nok_plan(text: &str) -> bool {
    let rules = socaudit::rules::RuleSet::builtin();
    let title = rules
        .rules
        .iter()
        .find(|r| r.id.0 == "nok-plan")
        .map(|r| r.title.clone())
        .unwrap_or_default();
    text.contains("nok-plan") || (!title.is_empty() && text.contains(&title))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ci_scripts_sweep_publish_merge_and_catch_a_regression() {
    let before = serve_pair(Site::from_dir(&fixture_dir("compliant")).unwrap()).await;
    let after = serve_pair(compliant_without_plan()).await;
    let backend = Arc::new(AtomicU16::new(before.port()));
    let port = relay(backend.clone()).await;
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("sites.csv");
    std::fs::write(
        &list,
        format!(
            "Наименование;Сайт\nКЦСОН;http://{}:{port}/\nЦСО;http://{}:{port}/\n",
            HOSTS[0], HOSTS[1]
        ),
    )
    .unwrap();
    let (run1, run2, prev_none) = (
        tmp.path().join("run1"),
        tmp.path().join("run2"),
        tmp.path().join("prev"),
    );

    // First scheduled run (GitLab's one-job recipe): no previous artifact, so no diff.
    let first = script(
        "sweep-and-diff.sh",
        port,
        vec![
            path_var("LIST", &list),
            path_var("OUT", &run1),
            path_var("PREV", &prev_none),
        ],
    )
    .await;
    assert_eq!(
        first.status.code(),
        Some(0),
        "a non-compliant site is a finding, not a failed job\n{}",
        show(&first)
    );
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("nothing to compare"),
        "{}",
        show(&first)
    );
    assert!(run1.join("summary.json").is_file() && run1.join("junit.xml").is_file());

    // A week later the compliant site's НОК plan link is dead. GitHub's recipe: sweep, then diff.
    backend.store(after.port(), Ordering::SeqCst);
    let sweep = script(
        "sweep.sh",
        port,
        vec![path_var("LIST", &list), path_var("OUT", &run2)],
    )
    .await;
    assert_eq!(sweep.status.code(), Some(0), "{}", show(&sweep));
    let step_summary = tmp.path().join("step-summary.md");
    let diff = script(
        "diff.sh",
        port,
        vec![
            path_var("OUT", &run2),
            path_var("PREV", &run1),
            path_var("GITHUB_STEP_SUMMARY", &step_summary),
        ],
    )
    .await;
    assert_ne!(
        diff.status.code(),
        Some(0),
        "a regression fails the job\n{}",
        show(&diff)
    );
    let stdout = String::from_utf8_lossy(&diff.stdout);
    assert!(
        names_nok_plan(&stdout),
        "the diff names the lost requirement\n{}",
        show(&diff)
    );
    let summary_md = std::fs::read_to_string(&step_summary).unwrap_or_default();
    assert!(
        names_nok_plan(&summary_md),
        "the job summary gets the diff: {summary_md}"
    );

    // GitLab's parallel recipe: two parts, merged, compared with the first run.
    let (parts, merged) = (tmp.path().join("parts"), tmp.path().join("merged"));
    for k in 1..=2 {
        let out = parts.join(k.to_string());
        let part = script(
            "sweep.sh",
            port,
            vec![
                path_var("LIST", &list),
                path_var("OUT", &out),
                ("SHARD", format!("{k}/2")),
            ],
        )
        .await;
        assert_eq!(part.status.code(), Some(0), "part {k}: {}", show(&part));
    }
    let merge = script(
        "merge.sh",
        port,
        vec![path_var("PARTS", &parts), path_var("OUT", &merged)],
    )
    .await;
    assert_eq!(merge.status.code(), Some(0), "{}", show(&merge));
    let joined: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(merged.join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(joined["sites"].as_array().map(Vec::len), Some(2));
    let diff = script(
        "diff.sh",
        port,
        vec![path_var("OUT", &merged), path_var("PREV", &run1)],
    )
    .await;
    assert_ne!(diff.status.code(), Some(0), "{}", show(&diff));
    assert!(
        names_nok_plan(&String::from_utf8_lossy(&diff.stdout)),
        "{}",
        show(&diff)
    );
}

/// Every string in a YAML document, depth first.
fn strings(y: &Yaml, out: &mut Vec<String>) {
    match y {
        Yaml::String(s) => out.push(s.clone()),
        Yaml::Sequence(items) => items.iter().for_each(|i| strings(i, out)),
        Yaml::Mapping(map) => map.iter().for_each(|(k, v)| {
            strings(k, out);
            strings(v, out);
        }),
        Yaml::Tagged(t) => strings(&t.value, out),
        _ => {}
    }
}

/// The fenced ```yaml blocks of a Markdown file.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    markdown
        .split("```yaml\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("```").map(|(block, _)| block.to_string()))
        .collect()
}

fn load_yaml(name: &str) -> (String, Yaml) {
    let text = std::fs::read_to_string(docs().join("ci").join(name)).unwrap();
    let value: Yaml = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    (text, value)
}

#[test]
fn the_ci_yaml_parses_is_in_the_docs_and_runs_the_tested_scripts() {
    let ci_md = std::fs::read_to_string(docs().join("ci.md")).unwrap();
    for block in yaml_blocks(&ci_md) {
        serde_yaml::from_str::<Yaml>(&block)
            .unwrap_or_else(|e| panic!("docs/ci.md YAML block: {e}\n{block}"));
    }
    for name in [
        "github-workflow.yml",
        "gitlab-ci.yml",
        "gitlab-ci-parallel.yml",
    ] {
        let (text, value) = load_yaml(name);
        assert!(
            ci_md.contains(text.trim_end()),
            "docs/ci.md shows docs/ci/{name} verbatim"
        );
        let mut all = Vec::new();
        strings(&value, &mut all);
        let scripts: Vec<&str> = all
            .iter()
            .flat_map(|s| s.split_whitespace())
            .filter(|w| w.starts_with("docs/ci/") && w.ends_with(".sh"))
            .collect();
        assert!(!scripts.is_empty(), "{name} runs the scripts of docs/ci/");
        for s in scripts {
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(s).is_file(),
                "{name}: {s} exists"
            );
        }
    }

    let (_, gh) = load_yaml("github-workflow.yml");
    let on = gh
        .get("on")
        .or_else(|| gh.get(Yaml::Bool(true)))
        .expect("on:");
    assert!(on["schedule"][0]["cron"].as_str().is_some() && on.get("workflow_dispatch").is_some());
    let steps = gh["jobs"]["sweep"]["steps"].as_sequence().expect("steps");
    let position = |needle: &str| {
        steps
            .iter()
            .position(|s| serde_yaml::to_string(s).unwrap().contains(needle))
            .unwrap_or_else(|| panic!("a step with {needle}"))
    };
    let (upload, diff) = (
        position("actions/upload-artifact"),
        position("docs/ci/diff.sh"),
    );
    assert!(
        upload < diff,
        "the artifact is uploaded before the diff can fail the job"
    );
    assert!(
        steps[diff]["if"]
            .as_str()
            .is_some_and(|c| c.starts_with("always()")),
        "the diff runs after a failed sweep too"
    );
    assert_eq!(steps[upload]["with"]["name"].as_str(), Some("socaudit-out"));
    assert_eq!(steps[upload]["with"]["retention-days"].as_u64(), Some(90));
    assert!(
        position("mikepenz/action-junit-report") < diff && position("docs/ci/sweep.sh") < upload
    );

    let (_, gl) = load_yaml("gitlab-ci.yml");
    let job = &gl["socaudit"];
    assert!(serde_yaml::to_string(&job["rules"])
        .unwrap()
        .contains("$CI_PIPELINE_SOURCE == \"schedule\""));
    assert_eq!(
        job["artifacts"]["reports"]["junit"].as_str(),
        Some("out/junit.xml")
    );
    assert!(job["artifacts"]["expire_in"].as_str().is_some());
    assert!(serde_yaml::to_string(job)
        .unwrap()
        .contains("JOB-TOKEN: $CI_JOB_TOKEN"));

    let (_, par) = load_yaml("gitlab-ci-parallel.yml");
    assert_eq!(par["socaudit-part"]["parallel"].as_u64(), Some(4));
    let part = serde_yaml::to_string(&par["socaudit-part"]["script"]).unwrap();
    assert!(part.contains("$CI_NODE_INDEX/$CI_NODE_TOTAL"), "{part}");
    assert!(serde_yaml::to_string(&par["socaudit"]["script"])
        .unwrap()
        .contains("docs/ci/merge.sh"));
    let sweep_sh = std::fs::read_to_string(docs().join("ci/sweep.sh")).unwrap();
    assert!(
        sweep_sh.contains("--shard \"$SHARD\""),
        "sweep.sh passes SHARD as --shard"
    );
}

#[test]
fn the_kubernetes_recipe_parses_and_shards_by_completion_index() {
    let scale = std::fs::read_to_string(docs().join("scale.md")).unwrap();
    let mut jobs = Vec::new();
    for block in yaml_blocks(&scale) {
        for doc in serde_yaml::Deserializer::from_str(&block) {
            let value = Yaml::deserialize(doc)
                .unwrap_or_else(|e| panic!("docs/scale.md YAML: {e}\n{block}"));
            if value["kind"].as_str() == Some("Job") {
                jobs.push(value);
            }
        }
    }
    let indexed = jobs
        .iter()
        .find(|j| j["spec"]["completionMode"].as_str() == Some("Indexed"))
        .expect("an Indexed Job in docs/scale.md");
    let n = indexed["spec"]["completions"]
        .as_u64()
        .expect("completions: N");
    assert!(indexed["spec"]["parallelism"].as_u64().is_some());
    let mut all = Vec::new();
    strings(&indexed["spec"]["template"]["spec"]["containers"], &mut all);
    let command = all.join(" ");
    assert!(
        command.contains("--shard") && command.contains("JOB_COMPLETION_INDEX"),
        "{command}"
    );
    assert!(
        command.contains(&format!("/{n}")),
        "the shard count matches completions: {command}"
    );
    assert!(
        jobs.iter()
            .any(|j| serde_yaml::to_string(j).unwrap().contains("socaudit merge")),
        "a merge Job follows"
    );
}
