//! A sweep under a low open-files limit (`ulimit -n`): the requested concurrency is lowered to
//! what the limit allows, with a warning, and no site is reported unreachable because socaudit
//! itself ran out of descriptors.
#![cfg(unix)]

use assert_cmd::Command;

#[test]
fn a_low_descriptor_limit_lowers_concurrency_and_no_site_pays_for_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let bin = assert_cmd::cargo::cargo_bin("socaudit");
    // `ulimit -n` in sh sets the soft and the hard limit: socaudit cannot raise it.
    let output = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -n 160 && exec "$0" demo --quiet --delay 0 --concurrency 500 --out "$1""#)
        .arg(&bin)
        .arg(&out)
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // (160 − 64 reserved) / 4 per site = 24.
    assert!(
        stderr.contains("не более 24 сайтов вместо 500") && stderr.contains("ulimit -n"),
        "{stderr}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let sites = summary["sites"].as_array().unwrap();
    assert!(!summary["interrupted"].as_bool().unwrap());
    // Only the demo's deliberately dead address is unreachable.
    let down: Vec<&str> = sites
        .iter()
        .filter(|s| s["reachable"] == false)
        .filter_map(|s| s["url"].as_str())
        .collect();
    assert_eq!(down.len(), 1, "{down:?}");
    assert!(down[0].starts_with("http://127.0.0.1:"), "{down:?}");
    for site in sites {
        let error = site["error"].as_str().unwrap_or_default();
        assert!(!error.contains("не хватает ресурсов"), "{error}");
    }
}
