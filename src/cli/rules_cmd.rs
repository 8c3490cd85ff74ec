//! `socaudit rules list` and `socaudit rules lint`.

use super::{fail, EXIT_OK, EXIT_USAGE};
use crate::rules::RuleSet;
use std::path::Path;

/// Loads the rules from `path`, or the built-in set.
pub(super) fn load(path: Option<&Path>) -> Result<RuleSet, crate::rules::RulesError> {
    match path {
        Some(p) => RuleSet::load(p),
        None => Ok(RuleSet::builtin()),
    }
}

pub(super) fn list(path: Option<&Path>) -> i32 {
    match load(path) {
        Ok(rules) => {
            print!("{}", crate::rules::list(&rules));
            EXIT_OK
        }
        Err(e) => fail(EXIT_USAGE, e),
    }
}

pub(super) fn lint(path: Option<&Path>) -> i32 {
    let rules = match load(path) {
        Ok(r) => r,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let warnings = crate::rules::lint(&rules);
    for w in &warnings {
        eprintln!("{w}");
    }
    println!(
        "{}: {} правил, предупреждений: {}",
        rules.source,
        rules.rules.len(),
        warnings.len()
    );
    EXIT_OK
}
