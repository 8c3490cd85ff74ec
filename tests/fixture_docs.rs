//! The generated documents of the fixture sites (`tests/support/docgen.rs`): the committed files
//! are exactly what the generators make (so nobody edits them by hand), `extract_text` reads each
//! as intended (text, scan, rejected, broken), and the rules' document checks judge each as the
//! sites' `expected.toml` assume.

#[path = "support/docgen.rs"]
mod docgen;

use docgen::{fixture_docs, FixtureDoc, Judged, Reads};
use socaudit::analysis::{evaluate, DocInput};
use socaudit::documents::{extract_text, DocLimits, DocOutcome, DocumentText};
use socaudit::rules::RuleSet;
use std::path::Path;
use time::macros::date;

/// The date the fixture sites are judged on (the integration tests set `SOCAUDIT_TODAY` to it).
const TODAY: time::Date = date!(2026 - 11 - 23);

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn extension(path: &str) -> Option<&str> {
    path.rsplit_once('.').map(|(_, e)| e)
}

fn read(doc: &FixtureDoc) -> DocumentText {
    extract_text(&doc.bytes, extension(doc.path), None, &DocLimits::default())
}

fn outcome_name(outcome: &DocOutcome) -> &'static str {
    match outcome {
        DocOutcome::Text => "text",
        DocOutcome::Scan => "scan",
        DocOutcome::Unsupported(_) => "unsupported",
        DocOutcome::Rejected(_) => "rejected",
        DocOutcome::Broken(_) => "broken",
        DocOutcome::Encrypted => "encrypted",
    }
}

#[test]
fn committed_files_are_what_the_generators_make() {
    let mut stale = Vec::new();
    for doc in fixture_docs() {
        let path = fixtures().join(doc.path);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == doc.bytes => {}
            Ok(_) => stale.push(format!("{} differs", doc.path)),
            Err(e) => stale.push(format!("{}: {e}", doc.path)),
        }
    }
    assert!(
        stale.is_empty(),
        "generated fixture documents are out of date — run `cargo run --example \
         gen_fixture_docs` (and never edit them by hand):\n{}",
        stale.join("\n")
    );
}

#[test]
fn generated_files_are_small_and_unique() {
    let docs = fixture_docs();
    for doc in &docs {
        assert!(
            doc.bytes.len() < docgen::MAX_FILE_BYTES,
            "{}: {} bytes",
            doc.path,
            doc.bytes.len()
        );
        assert_eq!(
            docs.iter().filter(|d| d.path == doc.path).count(),
            1,
            "{} listed twice",
            doc.path
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let (a, b) = (fixture_docs(), fixture_docs());
    for (x, y) in a.iter().zip(&b) {
        assert!(x.bytes == y.bytes, "{} differs between two runs", x.path);
    }
}

#[test]
fn each_file_reads_as_intended() {
    let mut wrong = Vec::new();
    for doc in fixture_docs() {
        let got = read(&doc);
        let ok = match doc.reads {
            Reads::Text(phrases) => {
                got.outcome == DocOutcome::Text && phrases.iter().all(|p| got.text.contains(p))
            }
            Reads::Scan => got.outcome == DocOutcome::Scan,
            Reads::Rejected => matches!(got.outcome, DocOutcome::Rejected(_)),
            Reads::Broken => matches!(got.outcome, DocOutcome::Broken(_)),
        };
        if !ok {
            wrong.push(format!(
                "{}: expected {:?}, got {:?} with text {:?}",
                doc.path,
                doc.reads,
                got.outcome,
                got.text.chars().take(300).collect::<String>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_zip_bomb_is_small_packed_and_huge_unpacked() {
    let docs = fixture_docs();
    let bomb = docs
        .iter()
        .find(|d| d.path.ends_with("ustav.docx"))
        .expect("the bomb is generated");
    // Read from the central directory only: the bomb is never inflated, not even here.
    let (entries, declared) = docgen::declared_unpacked(&bomb.bytes);
    assert!(entries >= 10, "{entries} entries");
    assert!(bomb.bytes.len() < 50 * 1024, "{} bytes", bomb.bytes.len());
    assert!(declared >= 200 * 1024 * 1024, "{declared} bytes declared");
}

#[test]
fn document_checks_judge_each_file_as_the_sites_expect() {
    let rules = RuleSet::builtin();
    let mut wrong = Vec::new();
    for doc in fixture_docs() {
        if doc.judged.is_empty() {
            continue;
        }
        let got = read(&doc);
        let file_name = format!("/{}", doc.path.split_once('/').map_or("", |(_, p)| p));
        for (rule_id, link_text, want) in &doc.judged {
            let check = rules
                .rules
                .iter()
                .find(|r| r.id.0 == *rule_id)
                .and_then(|r| r.document_check.as_ref())
                .unwrap_or_else(|| panic!("{rule_id} has no document check"));
            let input = DocInput {
                text: &got.text,
                tables: &got.tables,
                file_name: Some(&file_name),
                link_text: Some(link_text),
                last_modified: None,
                format: got.format.name(),
                outcome: outcome_name(&got.outcome),
                status: Some(200),
                title: got.title.as_deref(),
                own_text: None,
            };
            let verdict = evaluate(check, &input, TODAY);
            let ok = match want {
                Judged::Pass => verdict.ok && verdict.partial_reasons.is_empty(),
                Judged::Partial(phrase) => {
                    verdict.ok
                        && !verdict.partial_reasons.is_empty()
                        && verdict.partial_reasons.iter().any(|r| r.contains(phrase))
                }
                Judged::NotCounted => !verdict.ok,
            };
            if !ok {
                wrong.push(format!(
                    "{} as {rule_id}: expected {want:?}, got {verdict:?}",
                    doc.path
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
