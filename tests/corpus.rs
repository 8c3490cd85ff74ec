//! The project's labelled corpus (`corpus/`): its served files are what the generator makes, every
//! site is labelled for every requirement, and a run of the rules on it regresses no verdict from
//! the committed baseline (`corpus/baseline.json`) and passes nothing without evidence.
//! Re-record the baseline after a change that makes verdicts right:
//! `cargo run -- rules test corpus --write-baseline corpus/baseline.json`.

#[path = "support/docgen.rs"]
mod docgen;

#[path = "support/corpusgen/mod.rs"]
mod corpusgen;

use socaudit::corpus::{self, load_corpus, run::pin_today, Baseline, RunOptions};
use socaudit::rules::RuleSet;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

#[test]
fn committed_files_are_what_the_generator_makes() {
    let mut stale = Vec::new();
    for (rel, bytes) in corpusgen::corpus_files() {
        match std::fs::read(corpus_dir().join(&rel)) {
            Ok(old) if old == bytes => {}
            Ok(_) => stale.push(format!("{rel} differs")),
            Err(e) => stale.push(format!("{rel}: {e}")),
        }
    }
    assert!(
        stale.is_empty(),
        "corpus files are out of date — run `cargo run --example gen_corpus` (never edit them \
         by hand):\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_site_is_realistic_and_labelled_for_every_requirement() {
    let corpus = load_corpus(&corpus_dir()).expect("the corpus loads");
    let rules = RuleSet::builtin();
    corpus::load::check_ids(&corpus, &rules).expect("only canonical ids");
    assert!(corpus.sites.len() >= 12, "{} sites", corpus.sites.len());
    assert!(corpus.today.is_some(), "corpus.toml fixes the judging date");
    let generated = corpusgen::corpus_files();
    for site in &corpus.sites {
        for rule in &rules.rules {
            assert!(
                site.expected.verdicts.contains_key(&rule.id.0),
                "{}: no label for {}",
                site.expected.file,
                rule.id
            );
        }
        let meta = &site.expected.meta;
        assert!(meta.host.is_some() && meta.cms.is_some(), "{}", site.name);
        let prefix = format!("{}/", site.name);
        let pages = generated
            .iter()
            .filter(|(rel, bytes)| rel.starts_with(&prefix) && bytes.starts_with(b"<!DOCTYPE html"))
            .count();
        assert!(pages >= 10, "{}: only {pages} pages", site.name);
    }
}

#[test]
fn generated_office_documents_read_as_text() {
    use socaudit::documents::{extract_text, DocLimits, DocOutcome};
    for (rel, bytes) in corpusgen::corpus_files() {
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_string());
        if !matches!(ext.as_deref(), Some("odt" | "xlsx" | "docx")) {
            continue;
        }
        let doc = extract_text(&bytes, ext.as_deref(), None, &DocLimits::default());
        assert_eq!(doc.outcome, DocOutcome::Text, "{rel}");
        assert!(
            doc.text.chars().any(|c| ('а'..='я').contains(&c)),
            "{rel}: {}",
            doc.text
        );
        if rel.ends_with("2025/01/pravila.docx") {
            // The case of the issue: linked as «Правила внутреннего распорядка», titled otherwise.
            assert_eq!(
                doc.title.as_deref(),
                Some("Правила внутреннего трудового распорядка")
            );
        }
    }
}

#[test]
fn no_verdict_regressed_from_the_baseline_and_no_pass_lacks_evidence() {
    let corpus = load_corpus(&corpus_dir()).expect("the corpus loads");
    let baseline = Baseline::load(&corpus_dir().join("baseline.json")).expect("baseline");
    pin_today(&corpus);
    let rules = RuleSet::builtin();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let runs = runtime.block_on(corpus::run_corpus(&corpus, &rules, &RunOptions::default()));
    let order: Vec<String> = rules.rules.iter().map(|r| r.id.0.clone()).collect();
    let card = corpus::score(&corpus, &runs, &order, None, Some(&baseline));
    // The figures of this run, for whoever reads the test log.
    eprintln!("{}", corpus::render::to_text(&card));
    assert!(card.site_errors.is_empty(), "{:?}", card.site_errors);
    assert!(
        card.pass_without_evidence.is_empty(),
        "pass without evidence: {:?}",
        card.pass_without_evidence
    );
    let regressed: Vec<String> = card
        .regressions()
        .map(|r| {
            format!(
                "{} / {}: expected {:?}, got {:?}",
                r.site, r.id, r.expected, r.got
            )
        })
        .collect();
    assert!(
        regressed.is_empty(),
        "verdicts that were right in corpus/baseline.json are wrong now:\n{}",
        regressed.join("\n")
    );
}
