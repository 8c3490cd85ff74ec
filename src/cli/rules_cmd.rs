//! `socaudit rules list`, `socaudit rules lint` and `socaudit rules test`.

use super::{fail, setup, RulesTestArgs, EXIT_NONCOMPLIANT, EXIT_OK, EXIT_USAGE};
use crate::corpus;
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

/// `socaudit rules test DIR`: 0 when nothing regressed, 1 on a regression, a pass without
/// evidence or a site that could not be checked, 2 on a broken corpus, rules file or baseline.
pub(super) fn test(args: RulesTestArgs) -> i32 {
    let rules = match load(args.rules.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let corpus = match corpus::load_corpus(&args.dir) {
        Ok(c) => c,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    if let Err(e) = corpus::load::check_ids(&corpus, &rules) {
        return fail(EXIT_USAGE, e);
    }
    if let Some(id) = &args.only {
        if !rules.rules.iter().any(|r| r.id.0 == *id) {
            return fail(
                EXIT_USAGE,
                format!(
                    "--only {id}: такого требования нет в правилах {}",
                    rules.source
                ),
            );
        }
    }
    let baseline = match args
        .baseline
        .as_deref()
        .map(corpus::Baseline::load)
        .transpose()
    {
        Ok(b) => b,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    eprintln!(
        "socaudit: корпус {}: {} сайтов, проверяю…",
        args.dir.display(),
        corpus.sites.len()
    );
    // Before the runtime starts its threads: the date is read from the environment.
    corpus::run::pin_today(&corpus);
    let runtime = match setup::runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let runs = runtime.block_on(corpus::run_corpus(
        &corpus,
        &rules,
        &corpus::RunOptions::default(),
    ));
    let order: Vec<String> = rules.rules.iter().map(|r| r.id.0.clone()).collect();
    let card = corpus::score(
        &corpus,
        &runs,
        &order,
        args.only.as_deref(),
        baseline.as_ref(),
    );
    if let Some(path) = &args.write_baseline {
        let mut recorded = corpus::Baseline::from_scorecard(&card, corpus.today);
        // With --only, the other requirements' recorded verdicts are kept.
        if args.only.is_some() {
            if let Ok(older) = corpus::Baseline::load(path) {
                recorded = recorded.over(older);
            }
        }
        if let Err(e) = recorded.save(path) {
            return fail(EXIT_USAGE, e);
        }
    }
    if args.json {
        println!("{}", corpus::render::to_json(&card));
    } else {
        print!("{}", corpus::render::to_text(&card));
    }
    if card.failed() {
        EXIT_NONCOMPLIANT
    } else {
        EXIT_OK
    }
}
