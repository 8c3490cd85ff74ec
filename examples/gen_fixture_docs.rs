//! Writes the generated documents of the fixture sites (`tests/support/docgen.rs`) into
//! `tests/fixtures/`. Run after changing a generator: `cargo run --example gen_fixture_docs`;
//! `tests/fixture_docs.rs` fails while the committed files differ from a fresh generation.

#[path = "../tests/support/docgen.rs"]
mod docgen;

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for doc in docgen::fixture_docs() {
        let path = root.join(doc.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let unchanged = std::fs::read(&path).is_ok_and(|old| old == doc.bytes);
        if !unchanged {
            std::fs::write(&path, &doc.bytes)?;
        }
        println!(
            "{} {:>6} B  tests/fixtures/{}",
            if unchanged { "unchanged" } else { "written  " },
            doc.bytes.len(),
            doc.path
        );
    }
    Ok(())
}
