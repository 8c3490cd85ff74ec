//! Where the real pages of the opt-in tests live (feature `realsites`): the folder named by
//! `SOCAUDIT_REALSITES`, else `../shared/realsites` beside the repository. Their licence is
//! unknown, so they are read in place and never copied here.

use std::path::PathBuf;

/// The folder of real pages; a missing folder fails the test that asked (it is that test's setup).
pub fn root() -> PathBuf {
    let dir = std::env::var_os("SOCAUDIT_REALSITES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realsites"));
    assert!(
        dir.is_dir(),
        "{} is missing: the `realsites` feature reads real pages from it (set SOCAUDIT_REALSITES)",
        dir.display()
    );
    dir
}

/// `root()/rel`, read as text.
pub fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
