//! `socaudit sweep`, `demo` and `report` as a user runs them: a messy cp1251 list, sites served on
//! 127.0.0.1 under realistic names, the output folder, Ctrl-C, re-rendering without fetching.

mod common;

use assert_cmd::Command;
use common::*;
use socaudit::fixture_server::{serve_hosts, RunningServer, Site};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const HOSTS: &[(&str, &str)] = &[
    ("kcson-good.test", "compliant"),
    ("cso-weak.test", "weak"),
    ("internat.test", "cp1251"),
];

async fn serve_named() -> RunningServer {
    let sites = HOSTS
        .iter()
        .map(|(host, dir)| (host.to_string(), Site::from_dir(&fixture_dir(dir)).unwrap()))
        .collect();
    serve_hosts(sites).await.unwrap()
}

fn resolve_args(port: u16) -> Vec<String> {
    HOSTS
        .iter()
        .flat_map(|(h, _)| ["--resolve".to_string(), format!("{h}:{port}:127.0.0.1")])
        .collect()
}

/// A register as auditors have it: windows-1251, `;`, extra columns, messy URLs, a duplicate, a row
/// without a site, and an institution whose site does not answer.
fn write_register(dir: &Path, port: u16, dead_port: u16) -> std::path::PathBuf {
    let text = format!(
        "Наименование учреждения;ИНН;Регион;Адрес сайта;Примечание\r\n\
         ГБУ «КЦСОН Заречного района»;5612345678;Оренбургская область; http://kcson-good.test:{port} ;\r\n\
         МБУ «ЦСО Листвянского района»;5612345679;Оренбургская область;cso-weak.test:{port}/;проверить\r\n\
         Дом-интернат «Берёзовая роща»;5612345680;Самарская область;HTTP://INTERNAT.TEST:{port}/;\r\n\
         ГБУ «КЦСОН Заречного района» (повтор);5612345678;Оренбургская область;http://www.kcson-good.test:{port}/;\r\n\
         Приют «Маяк»;5612345681;Самарская область;;сайта нет\r\n\
         ГБУ «Недоступный центр»;5612345682;Самарская область;http://127.0.0.1:{dead_port}/;\r\n"
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let path = dir.join("реестр.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

fn dead_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_of_a_messy_cp1251_register_writes_the_whole_output_folder() {
    let server = serve_named().await;
    let tmp = tempfile::tempdir().unwrap();
    let list = write_register(tmp.path(), server.port(), dead_port());
    let out = tmp.path().join("out");
    let mut args = vec![
        "sweep".to_string(),
        list.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--delay".into(),
        "0".into(),
        "--quiet".into(),
    ];
    args.extend(resolve_args(server.port()));
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
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a non-compliant site makes the sweep exit 1\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["schema"], "socaudit/sweep/v1");
    let sites = summary["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 4, "{sites:#?}");
    let names: Vec<&str> = sites
        .iter()
        .map(|s| s["name"].as_str().unwrap_or(""))
        .collect();
    assert!(
        names.contains(&"Дом-интернат «Берёзовая роща»"),
        "cp1251 names decoded: {names:?}"
    );
    let verdict_of = |host: &str| {
        sites
            .iter()
            .find(|s| s["url"].as_str().unwrap().contains(host))
            .unwrap()["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(verdict_of("kcson-good.test"), "compliant");
    assert_eq!(verdict_of("cso-weak.test"), "non_compliant");
    let dead = sites
        .iter()
        .find(|s| s["url"].as_str().unwrap().contains("127.0.0.1"))
        .unwrap();
    assert_eq!(dead["reachable"], false);
    // The duplicate and the row without a site are input problems with their row numbers.
    let problems = summary["input"]["problems"].as_array().unwrap();
    let rows: Vec<u64> = problems
        .iter()
        .map(|p| p["row"].as_u64().unwrap())
        .collect();
    assert!(rows.contains(&5) && rows.contains(&6), "{problems:#?}");

    // Every site has its own folder with both reports.
    for site in sites {
        let dir = out.join(site["dir"].as_str().unwrap());
        assert!(
            dir.join("report.json").is_file() && dir.join("report.html").is_file(),
            "{}",
            dir.display()
        );
    }
    // Excel-ready CSV: UTF-8 BOM, `;`, a row per site.
    let csv = std::fs::read(out.join("summary.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4);
    assert!(csv.contains("Берёзовая роща"));
    for f in ["summary.xlsx", "index.html", "junit.xml"] {
        assert!(out.join(f).metadata().unwrap().len() > 0, "{f}");
    }
    let junit = std::fs::read_to_string(out.join("junit.xml")).unwrap();
    assert_eq!(junit.matches("<testsuite ").count(), 4);
    assert!(junit.contains("<failure"), "the weak site fails in JUnit");
}

#[tokio::test(flavor = "multi_thread")]
async fn report_rerenders_a_sweep_without_fetching() {
    let server = serve_named().await;
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("sites.txt");
    std::fs::write(
        &list,
        format!(
            "# two sites\nhttp://kcson-good.test:{0}/\nhttp://cso-weak.test:{0}/\n",
            server.port()
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let mut args = vec![
        "sweep".to_string(),
        list.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--delay".into(),
        "0".into(),
        "--quiet".into(),
    ];
    args.extend(resolve_args(server.port()));
    let status = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .unwrap()
            .env("SOCAUDIT_TODAY", "2026-11-23")
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
    .status;
    assert_eq!(status.code(), Some(1));
    let hits_before = server.hit_count();
    std::fs::remove_file(out.join("index.html")).unwrap();
    let out2 = out.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .unwrap()
            .env("SOCAUDIT_TODAY", "2026-11-23")
            .args(["report"])
            .arg(&out2)
            .args(["--format", "html,md"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.join("index.html").is_file() && out.join("summary.md").is_file());
    assert_eq!(
        server.hit_count(),
        hits_before,
        "report must not fetch anything"
    );
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("kcson-good.test"), "{md}");
}

#[test]
fn sweep_with_a_list_without_urls_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("список.csv");
    std::fs::write(&list, "Наименование;Регион\nГБУ КЦСОН;Самарская область\n").unwrap();
    let output = Command::cargo_bin("socaudit")
        .unwrap()
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(["sweep"])
        .arg(&list)
        .args(["--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("список.csv"), "{stderr}");
}

#[test]
fn ctrl_c_keeps_finished_sites_and_writes_the_summary() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // One fast site and one whose pages answer slowly: Ctrl-C arrives while the slow one runs.
    let slow = Site::from_files(vec![(
        "_site.toml".into(),
        b"[[route]]\npath = \"/\"\ndelay_ms = 20000\nbody = \"<html><body>slow</body></html>\"\n"
            .to_vec(),
    )])
    .unwrap();
    let fast = Site::from_dir(&fixture_dir("compliant")).unwrap();
    let server = runtime
        .block_on(serve_hosts(vec![
            ("fast.test".into(), fast),
            ("slow.test".into(), slow),
        ]))
        .unwrap();
    let port = server.port();
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("sites.txt");
    std::fs::write(
        &list,
        format!("http://fast.test:{port}/\nhttp://slow.test:{port}/\n"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("socaudit");
    let mut child = std::process::Command::new(bin)
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(["sweep"])
        .arg(&list)
        .arg("--out")
        .arg(&out)
        .args(["--delay", "0", "--quiet", "--concurrency", "2"])
        .args([
            "--resolve",
            &format!("fast.test:{port}:127.0.0.1"),
            "--resolve",
            &format!("slow.test:{port}:127.0.0.1"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the fast site is done (journaled after its reports are on disk), then interrupt.
    let began = Instant::now();
    let journal = out.join("sweep-journal.jsonl");
    while !std::fs::read_to_string(&journal).is_ok_and(|j| j.contains("fast.test")) {
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "fast site never finished"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // Measured from the interrupt: how long the fast site took depends on the machine's load.
    let interrupted = Instant::now();
    let status = child.wait().unwrap();
    assert!(
        interrupted.elapsed() < Duration::from_secs(15),
        "Ctrl-C did not stop the sweep promptly"
    );
    assert_eq!(
        status.code(),
        Some(1),
        "an interrupted sweep is not a clean pass"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["interrupted"], true);
    let sites = summary["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 1, "only the finished site: {sites:#?}");
    assert!(sites[0]["url"].as_str().unwrap().contains("fast.test"));
    assert!(out.join("index.html").is_file());
    drop(server);
}

#[test]
fn demo_runs_offline_and_ends_with_an_index() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let output = Command::cargo_bin("socaudit")
        .unwrap()
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(["demo", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("index.html"), "{stdout}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let sites = summary["sites"].as_array().unwrap();
    assert!(sites.len() >= 6);
    assert!(sites.iter().any(|s| s["verdict"] == "compliant"));
    assert!(sites.iter().any(|s| s["verdict"] == "non_compliant"));
    assert!(sites.iter().any(|s| s["reachable"] == false));
}
