//! A labelled corpus of sites and the measurement of the rules on it (`socaudit rules test DIR`).
//!
//! A corpus is a folder with one folder per site. Each site is a fixture site (files plus an
//! optional `_site.toml`, served by [`crate::fixture_server`]) plus `expected.toml`: the verdict a
//! careful auditor gives each requirement. Running the corpus serves every site on 127.0.0.1,
//! checks it with the same pipeline as `socaudit check`, and scores the verdicts against the
//! labels: per-requirement precision and recall of `pass`, overall accuracy, the confusion rows
//! with their evidence, and regressions from a recorded baseline. Format: `docs/corpus.md`.

pub mod baseline;
pub mod load;
pub mod render;
pub mod run;
pub mod score;

pub use baseline::{Baseline, BaselineError};
pub use load::{load_corpus, Corpus, CorpusError, CorpusSite, Expected, SiteMeta};
pub use run::{run_corpus, RunOptions, SiteRun};
pub use score::{score, Comparison, ReqScore, Row, Scorecard};
