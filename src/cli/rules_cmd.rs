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

/// `socaudit rules diff A B`: always 0 when both files load (a difference is not a failure).
pub(super) fn diff(old: &str, new: &str, json: bool) -> i32 {
    let read = |arg: &str| -> Result<(String, String), String> {
        if arg == "builtin" {
            return Ok((
                crate::rules::BUILTIN_RULES.to_string(),
                crate::rules::BUILTIN_RULES_NAME.to_string(),
            ));
        }
        std::fs::read_to_string(arg)
            .map(|text| (text, arg.to_string()))
            .map_err(|e| format!("не удалось прочитать файл правил {arg}: {e}"))
    };
    let ((old_text, old_name), (new_text, new_name)) = match (read(old), read(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return fail(EXIT_USAGE, e),
    };
    use crate::rules::diff::{diff_rule_files, render_text, to_json};
    match diff_rule_files(&old_text, &old_name, &new_text, &new_name) {
        Ok(diff) if json => println!("{}", to_json(&diff)),
        Ok(diff) => print!("{}", render_text(&diff)),
        Err(e) => return fail(EXIT_USAGE, e),
    }
    EXIT_OK
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
