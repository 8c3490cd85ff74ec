//! `socaudit demo`: serves the bundled sample sites on 127.0.0.1 and sweeps them.

use super::sweep_cmd::{drive, planned, print_summary};
use super::{fail, setup, DemoArgs, EXIT_OK, EXIT_USAGE};
use crate::sweep::journal::{self, SweepPlan};
use crate::sweep::InputInfo;

pub(super) fn run(args: DemoArgs) -> i32 {
    let runtime = match setup::runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    // The demo server lives on this runtime while the sweep runs on its own.
    let demo = match runtime.block_on(crate::demo::start()) {
        Ok(d) => d,
        Err(e) => {
            return fail(
                EXIT_USAGE,
                format!("не удалось запустить демонстрационные сайты: {e}"),
            )
        }
    };
    let mut crawl = args.crawl.clone();
    crawl.delay = crawl.delay.min(100);
    crawl.resolve = demo
        .resolve
        .iter()
        .map(|(h, a)| format!("{h}:{}:{}", a.port(), a.ip()))
        .collect();
    let setup = match setup::build(&crawl, &args.out, None) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let input = InputInfo {
        source: "встроенные демонстрационные сайты".into(),
        rows: demo.items.len(),
        sites: demo.items.len(),
        problems: Vec::new(),
    };
    // Each demo run starts afresh: the sites get new ports, so an old journal would not match.
    for stale in [journal::PLAN_FILE, journal::JOURNAL_FILE] {
        let _ = std::fs::remove_file(args.out.join(stale));
    }
    let plan = SweepPlan {
        schema: journal::PLAN_SCHEMA.to_string(),
        started_at: crate::audit::now_rfc3339(),
        input,
        sites: demo.items.iter().map(planned).collect(),
        options: serde_json::Value::Null,
    };
    eprintln!(
        "Демонстрационные сайты запущены на {} — проверяю {} сайтов…",
        demo.server.base_url(),
        demo.items.len()
    );
    let result = drive(plan, setup, &args.out, args.concurrency, crawl.quiet, None);
    drop(demo);
    drop(runtime);
    match result {
        Ok((summary, paths)) => {
            print_summary(&summary, &paths);
            let index = args.out.join("index.html");
            let shown = std::fs::canonicalize(&index).unwrap_or(index);
            println!("\nОткройте в браузере: {}", shown.display());
            EXIT_OK
        }
        Err(e) => fail(EXIT_USAGE, e),
    }
}
