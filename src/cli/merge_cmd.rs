//! `socaudit merge DIR... --out DIR`: joins the parts of a sharded sweep into one output folder.

use super::sweep_cmd::{print_summary, sweep_exit_code};
use super::{fail, MergeArgs, EXIT_USAGE};
use crate::report::json as site_json;
use crate::report::summary::write_all;
use crate::sweep::merge::merge_into;
use crate::sweep::SweepSite;

pub(super) fn run(args: MergeArgs) -> i32 {
    let plan = match merge_into(&args.dirs, &args.out, args.move_dirs) {
        Ok(plan) => plan,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    for warning in &plan.warnings {
        eprintln!("socaudit: внимание: {warning}");
    }
    let out = &args.out;
    let loader = |site: &SweepSite| site_json::read(&out.join(&site.dir).join("report.json")).ok();
    match write_all(&plan.summary, out, &loader) {
        Ok(paths) => {
            print_summary(&plan.summary, &paths);
            sweep_exit_code(&plan.summary)
        }
        Err(e) => fail(EXIT_USAGE, e),
    }
}
