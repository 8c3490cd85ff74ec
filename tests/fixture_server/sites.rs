//! Checks of the fixture sites under `tests/fixtures/`: they load, their manifests behave as the
//! README says, and every `expected.toml` uses only the canonical requirement ids.

use super::{client, content_type};
use socaudit::fixture_server::{serve, serve_hosts, Site};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The 30 canonical requirement ids of `requirements.md` (the built-in rules test pins them).
const CANONICAL_IDS: [&str; 30] = socaudit::rules::lint::CATALOG_IDS;

/// Sites about one behaviour that need not list every requirement.
const PARTIAL_SITES: [&str; 5] = ["trap", "js-only", "hostile", "redirect", "embedded"];

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    expected: BTreeMap<String, String>,
    #[serde(default)]
    why: BTreeMap<String, String>,
}

fn fixture_sites() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A fixture is one site, or (like `redirect/`) several hosts in subdirectories, one per host.
fn host_dirs(dir: &Path) -> Vec<PathBuf> {
    if dir.join("index.html").is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    subdirs
}

#[test]
fn every_fixture_site_loads_and_has_a_valid_expected_toml() {
    let sites = fixture_sites();
    let names: Vec<String> = sites
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for wanted in [
        "compliant",
        "weak",
        "cp1251",
        "robots",
        "redirect",
        "trap",
        "js-only",
        "hostile",
    ] {
        assert!(
            names.iter().any(|n| n == wanted),
            "missing fixture site {wanted}"
        );
    }
    for dir in &sites {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for host_dir in host_dirs(dir) {
            let site =
                Site::from_dir(&host_dir).unwrap_or_else(|e| panic!("{}: {e}", host_dir.display()));
            assert!(
                site.paths().contains(&"index.html"),
                "{} has no index.html",
                host_dir.display()
            );
        }
        let text = std::fs::read_to_string(dir.join("expected.toml"))
            .unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
        let exp: Expected =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
        for (id, status) in &exp.expected {
            assert!(
                CANONICAL_IDS.contains(&id.as_str()),
                "{name}: unknown id {id}"
            );
            assert!(
                ["pass", "partial", "fail", "unknown"].contains(&status.as_str()),
                "{name}: {id} = {status:?}"
            );
        }
        for id in exp.why.keys() {
            assert!(
                CANONICAL_IDS.contains(&id.as_str()),
                "{name}: [why] unknown id {id}"
            );
        }
        if !PARTIAL_SITES.contains(&name.as_str()) {
            for id in CANONICAL_IDS {
                assert!(
                    exp.expected.contains_key(id),
                    "{name}: expected.toml lacks {id}"
                );
            }
        }
        assert!(!exp.expected.is_empty(), "{name}: empty [expected]");
    }
}

#[test]
fn fixture_sites_stay_small() {
    fn size(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    size(&p)
                } else {
                    e.metadata().map_or(0, |m| m.len())
                }
            })
            .sum()
    }
    for dir in fixture_sites() {
        assert!(size(&dir) < 300 * 1024, "{} is over 300 KB", dir.display());
    }
}

fn fixture(name: &str) -> Site {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Site::from_dir(&dir).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[tokio::test]
async fn fixture_manifests_behave_as_documented() {
    let c = client();
    let compliant = serve(fixture("compliant")).await.expect("server");
    let base = compliant.base_url();
    let mto = c
        .get(format!("{base}index.php?page_id=12"))
        .send()
        .await
        .expect("GET");
    assert_eq!(mto.status(), 200);
    assert!(mto
        .text()
        .await
        .expect("body")
        .contains("Материально-техническое обеспечение"));
    let other = c
        .get(format!("{base}index.php?page_id=13"))
        .send()
        .await
        .expect("GET");
    assert_eq!(other.status(), 404);
    let plan = "upload/nok/plan-po-ustraneniyu-nedostatkov-2025-2026.pdf";
    let pdf = c.get(format!("{base}{plan}")).send().await.expect("GET");
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.expect("body").starts_with(b"%PDF-"));

    let weak = serve(fixture("weak")).await.expect("server");
    let ustav = c
        .get(format!("{}files/ustav.pdf", weak.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(ustav.status(), 404);

    let cp = serve(fixture("cp1251")).await.expect("server");
    let docs = c
        .get(format!("{}dokumenty/", cp.base_url()))
        .send()
        .await
        .expect("GET");
    assert_eq!(content_type(&docs), None);
    let bytes = docs.bytes().await.expect("body");
    let (text, _, had_errors) = encoding_rs::WINDOWS_1251.decode(&bytes);
    assert!(!had_errors && text.contains("Устав учреждения"));
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "not UTF-8 on the wire"
    );
}

#[tokio::test]
async fn redirect_fixture_moves_to_the_new_host() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/redirect");
    let old = Site::from_dir(&root.join("old")).expect("old");
    let new = Site::from_dir(&root.join("new")).expect("new");
    let server = serve_hosts(vec![
        ("kcson-old.test".to_string(), old),
        ("kcson-new.test".to_string(), new),
    ])
    .await
    .expect("server");
    let c = reqwest::Client::builder()
        .resolve("kcson-old.test", server.addr)
        .resolve("kcson-new.test", server.addr)
        .build()
        .expect("client");
    let port = server.addr.port();
    let resp = c
        .get(format!("http://kcson-old.test:{port}/"))
        .send()
        .await
        .expect("GET");
    assert_eq!(
        resp.url().as_str(),
        format!("http://kcson-new.test:{port}/")
    );
    assert!(resp
        .text()
        .await
        .expect("body")
        .contains("Приречного района"));
}
