//! The auditor's outputs as a user gets them from the binary, on fixture sites served on
//! 127.0.0.1: the fix sentences of `check`, the letter (`report --format letter`, opened back
//! with the project's DOCX reader), the НОК checklist (`--format nok-xlsx`, read back with
//! calamine and compared with 344н figures worked out by hand) and the regional roll-ups.

mod common;

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use socaudit::documents::{extract_text, DocLimits, DocOutcome};
use socaudit::fixture_server::{serve_hosts, Site};
use socaudit::rules::RuleSet;
use std::path::{Path, PathBuf};

fn socaudit() -> Command {
    let mut cmd = Command::cargo_bin("socaudit").expect("binary built");
    cmd.env("SOCAUDIT_TODAY", "2026-11-23");
    cmd
}

/// Runs the binary with `args` on a blocking thread; returns (code, stdout, stderr).
async fn run(args: Vec<String>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let output = socaudit().args(&args).output().expect("run socaudit");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("join")
}

fn fix_of(id: &str) -> String {
    let rules = RuleSet::builtin();
    let rule = rules.get(id).expect("built-in rule");
    rule.fix.clone().expect("every built-in rule has a fix")
}

/// The text of a DOCX as the project's own document reader sees it.
fn docx_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("letter.docx written");
    let doc = extract_text(&bytes, Some("docx"), None, &DocLimits::default());
    assert_eq!(doc.outcome, DocOutcome::Text, "{}", path.display());
    doc.text
}

#[tokio::test(flavor = "multi_thread")]
async fn check_prints_what_to_do_and_the_letter_of_one_site_says_it_too() {
    let server = serve_fixture("weak").await;
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().display().to_string();
    let args = [
        "check",
        &server.base_url(),
        "--delay",
        "0",
        "--quiet",
        "--no-history",
        "--out",
        &dir,
    ];
    let (code, stdout, stderr) = run(args.map(String::from).to_vec()).await;
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let block = stdout
        .split("Что сделать:\n")
        .nth(1)
        .expect("a «Что сделать» block");
    assert!(
        block.contains(&format!("tariffs: {}", fix_of("tariffs"))),
        "{stdout}"
    );
    assert!(
        !block.contains("founder:"),
        "founder passes on the weak site"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    let tariffs = json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "tariffs");
    assert_eq!(tariffs.unwrap()["fix"], fix_of("tariffs"));
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("Что сделать:"));

    let (code, stdout, stderr) = run(["report", &dir, "--format", "letter"]
        .map(String::from)
        .to_vec())
    .await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("letter.docx") && stdout.contains("letter.md"),
        "{stdout}"
    );
    let text = docx_text(&out.path().join("letter.docx"));
    assert!(text.contains(&fix_of("collective-agreement")), "{text}");
    assert!(text.contains("Не размещены обязательные сведения"));
    // The weak site's charter link answers 404: the letter shows that link.
    assert!(text.contains("ustav.pdf"), "{text}");
}

const HOSTS: &[(&str, &str)] = &[("kcson-good.test", "compliant"), ("cso-weak.test", "weak")];

/// Sweeps both fixture sites from a register with region and type columns.
async fn swept(tmp: &Path, port: u16) -> PathBuf {
    let list = tmp.join("реестр.csv");
    std::fs::write(
        &list,
        format!(
            "Наименование;Регион;Тип учреждения;Сайт\n\
             ГБУ «КЦСОН Заречного района»;Оренбургская область;КЦСОН;http://kcson-good.test:{port}/\n\
             МБУ «ЦСО Листвянского района»;Томская область;ЦСО;http://cso-weak.test:{port}/\n"
        ),
    )
    .unwrap();
    let out = tmp.join("out");
    let mut args: Vec<String> = [
        "sweep",
        &list.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]
    .map(String::from)
    .to_vec();
    args.extend(["--delay", "0", "--quiet", "--no-history"].map(String::from));
    for (host, _) in HOSTS {
        args.extend(["--resolve".to_string(), format!("{host}:{port}:127.0.0.1")]);
    }
    let (code, stdout, stderr) = run(args).await;
    assert_eq!(code, 1, "the weak site fails\n{stdout}\n{stderr}");
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn checklist_letters_and_rollups_of_a_fixture_sweep() {
    let sites = HOSTS
        .iter()
        .map(|(host, dir)| (host.to_string(), Site::from_dir(&fixture_dir(dir)).unwrap()))
        .collect();
    let server = serve_hosts(sites).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = swept(tmp.path(), server.port()).await;
    let dir = out.display().to_string();
    let (code, stdout, stderr) = run(["report", &dir, "--format", "nok-xlsx,letter"]
        .map(String::from)
        .to_vec())
    .await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    // By hand, from tests/fixtures/*/expected.toml. The 1.1 items are the 23 mandatory
    // requirements other than the survey and the version for the visually impaired. The weak
    // site misses tariffs, recipient-rules, collective-agreement and nok-plan and has an empty
    // staff page: Исайт = 18, 18 / 23 × 100. Its channels: phone, e-mail, form, VK (no FAQ, no
    // survey) = 4 → 120 points, capped at 100. The compliant site: 23 of 23, six channels.
    let mut book: Xlsx<_> = open_workbook(out.join("nok-checklist.xlsx")).expect("checklist");
    let sheet = book
        .worksheet_range("Критерий 1 (344н)")
        .expect("checklist sheet");
    let header: Vec<String> = (0..sheet.width() as u32)
        .map(|c| {
            sheet
                .get_value((1, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    let column = |key: &str| {
        header
            .iter()
            .position(|k| k == key)
            .unwrap_or_else(|| panic!("{key}: {header:?}")) as u32
    };
    let row_of = |name: &str| {
        (2..sheet.height() as u32)
            .find(|&r| {
                sheet
                    .get_value((r, 1))
                    .is_some_and(|d| d.to_string().contains(name))
            })
            .unwrap_or_else(|| panic!("row of {name}"))
    };
    let num = |row: u32, key: &str| sheet.get_value((row, column(key))).cloned();
    let weak = row_of("Листвянского");
    assert_eq!(num(weak, "i_norm_site"), Some(Data::Float(23.0)));
    assert_eq!(num(weak, "i_site"), Some(Data::Float(18.0)));
    assert_eq!(
        num(weak, "p11_site_percent"),
        Some(Data::Float(18.0 / 23.0 * 100.0))
    );
    assert_eq!(num(weak, "tariffs"), Some(Data::Float(0.0)));
    assert_eq!(
        num(weak, "staff"),
        Some(Data::Float(0.0)),
        "an empty page is not information"
    );
    assert_eq!(num(weak, "channel:faq"), Some(Data::Float(0.0)));
    assert_eq!(num(weak, "c_dist"), Some(Data::Float(4.0)));
    assert_eq!(num(weak, "p12"), Some(Data::Float(100.0)));
    let good = row_of("Заречного");
    assert_eq!(num(good, "p11_site_percent"), Some(Data::Float(100.0)));
    assert_eq!(num(good, "c_dist"), Some(Data::Float(6.0)));
    let founder_url = num(good, "url:founder")
        .map(|d| d.to_string())
        .unwrap_or_default();
    assert!(
        founder_url.starts_with("http://kcson-good.test:"),
        "{founder_url}"
    );

    // A letter per site, addressed with the name from the list.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for site in summary["sites"].as_array().unwrap() {
        let folder = out.join(site["dir"].as_str().unwrap());
        let text = docx_text(&folder.join("letter.docx"));
        assert!(text.contains(site["name"].as_str().unwrap()), "{text}");
        assert!(folder.join("letter.md").is_file());
    }

    // Roll-ups: Оренбургская область (23 of 23 mandatory … all met) ranks above Томская.
    let regions = summary["rollups"]["by_region"]
        .as_array()
        .expect("rollups in summary.json");
    assert_eq!(regions[0]["name"], "Оренбургская область");
    assert_eq!(regions[0]["rank"], 1);
    assert_eq!(regions[1]["name"], "Томская область");
    assert_eq!(summary["rollups"]["by_kind"][0]["name"], "КЦСОН");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("По регионам и типам учреждений")
            && html.contains("<td>Томская область</td>")
    );
}
