//! socaudit: checks the official site of a Russian social-service provider against what
//! 442-ФЗ, ПП РФ № 1239, приказ Минтруда № 886н and the НОК rules require it to publish.
//!
//! The pipeline: [`rules`] → [`crawl`] (with [`politeness`], [`fetch`], [`extract`]) →
//! [`check`] → [`report`]. The binary only parses arguments and drives [`audit`].

pub mod accepted;
pub mod analysis;
pub mod annotate;
pub mod audit;
pub(crate) mod chars;
pub mod check;
pub mod cli;
pub mod corpus;
pub mod crawl;
pub mod db;
pub mod demo;
pub mod diff;
pub mod documents;
pub mod extract;
pub mod fetch;
pub mod fixture_server;
pub mod history;
pub mod input;
pub mod model;
pub mod politeness;
pub mod report;
pub mod robots;
pub mod rules;
pub mod serve;
pub mod sweep;
pub mod urlnorm;
pub mod workspace;

#[cfg(all(test, feature = "realsites"))]
pub(crate) mod realsites;

/// Project URL given in the user agent so that site owners can find out who crawls them.
pub const PROJECT_URL: &str = "https://github.com/socaudit/socaudit";

/// `socaudit/VERSION (+PROJECT_URL)`.
pub fn default_user_agent() -> String {
    format!("socaudit/{} (+{})", env!("CARGO_PKG_VERSION"), PROJECT_URL)
}
