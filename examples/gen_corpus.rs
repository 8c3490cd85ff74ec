//! Writes the served files of the labelled corpus (`tests/support/corpusgen`) into `corpus/`.
//! Run after changing a generator: `cargo run --example gen_corpus`; `tests/corpus.rs` fails
//! while a committed file differs from a fresh generation. `expected.toml` files are the
//! auditor's labels: written by hand, never generated, never touched here.

#[path = "../tests/support/docgen.rs"]
mod docgen;

#[path = "../tests/support/corpusgen/mod.rs"]
mod corpusgen;

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut written = 0;
    let files = corpusgen::corpus_files();
    for (rel, bytes) in &files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            continue;
        }
        std::fs::write(&path, bytes)?;
        written += 1;
        println!("written {:>6} B  corpus/{rel}", bytes.len());
    }
    println!("{} files, {written} written", files.len());
    Ok(())
}
