//! `socaudit check URL`: one site, its reports, a summary table, an exit code.

use super::{fail, setup, CheckArgs, EXIT_NONCOMPLIANT, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE};
use crate::accepted::AcceptedList;
use crate::annotate::Annotator;
use crate::audit::audit_site;
use crate::crawl::Progress;
use crate::fetch::auth::BasicAuth;
use crate::report::{self, SiteReport};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

pub(super) fn run(args: CheckArgs) -> i32 {
    let (start, auth) = match start_and_auth(&args) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let auth_used = auth.is_some();
    let setup = match setup::build(&args.crawl, &args.out, auth) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let accepted = match load_accepted(&args, &start, &setup.rules) {
        Ok(a) => a,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let runtime = match crate::crawl::site_runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_USAGE, setup::runtime_error(&e)),
    };
    let bar = spinner(args.crawl.quiet);
    let on_progress = |p: Progress<'_>| match p {
        Progress::Page {
            url,
            pages,
            undecided,
        } => {
            bar.set_message(format!(
                "страниц: {pages}, не решено требований: {undecided} — {url}"
            ));
        }
    };
    let mut report = runtime.block_on(audit_site(
        &start,
        &setup.rules,
        &setup.fetcher,
        &setup.politeness,
        &setup.crawl,
        &on_progress,
    ));
    bar.finish_and_clear();
    report.crawl.auth_used = auth_used;
    let annotator = Annotator {
        accepted,
        history: setup.history.clone(),
    };
    annotator.annotate(&mut report);
    let code = finish(&args, &report);
    if let Some(history) = &setup.history {
        record_check(history, &args, &setup.rules, &report);
    }
    code
}

/// The start URL — read as a cell of a list is read, so `check` and `sweep` take the same
/// text — and the credentials for it: `--auth` / `SOCAUDIT_AUTH`, else those written into the URL.
fn start_and_auth(args: &CheckArgs) -> Result<(url::Url, Option<BasicAuth>), String> {
    let address = crate::input::read_site_address(&args.url).map_err(|problem| {
        format!(
            "«{}» — не адрес сайта: {}",
            crate::urlnorm::mask_userinfo(args.url.trim()),
            problem.reason()
        )
    })?;
    let (start, in_url) = (address.url, address.auth);
    let auth = match &args.auth {
        Some(spec) => Some(BasicAuth::parse(spec, &start)?),
        None => in_url,
    };
    Ok((start, auth))
}

/// `--accepted FILE`, checked against the site and the rules before anything is fetched.
fn load_accepted(
    args: &CheckArgs,
    start: &url::Url,
    rules: &crate::rules::RuleSet,
) -> Result<Option<AcceptedList>, String> {
    let Some(path) = &args.accepted else {
        return Ok(None);
    };
    let list = AcceptedList::load(path).map_err(|e| e.to_string())?;
    list.validate(
        [start.as_str()],
        rules.rules.iter().map(|r| r.id.0.as_str()),
    )
    .map_err(|e| e.to_string())?;
    Ok(Some(list))
}

/// Records the check as a one-site run, so that `socaudit diff` and re-runs can use it.
fn record_check(
    history: &crate::history::History,
    args: &CheckArgs,
    rules: &crate::rules::RuleSet,
    report: &SiteReport,
) {
    let Ok(url) = url::Url::parse(&report.site.url) else {
        return;
    };
    let item = crate::sweep::SweepItem::single(url);
    let row = crate::sweep::build::site_row(
        &item,
        ".",
        report,
        Duration::from_millis(report.crawl.duration_ms),
    );
    let input = crate::sweep::InputInfo {
        // What the user typed may hold credentials; the parsed URL never does.
        source: report.site.url.clone(),
        rows: 1,
        sites: 1,
        problems: Vec::new(),
    };
    let summary = crate::sweep::summarize_sweep(
        rules,
        input,
        vec![row],
        Duration::from_millis(report.crawl.duration_ms),
        false,
    );
    let mut recorded = args.crawl.clone();
    recorded.db = recorded
        .db
        .map(|db| crate::db::spec_without_password(&db.to_string_lossy()).into());
    let args_json = serde_json::to_string(&recorded).unwrap_or_default();
    super::record::record_run(
        history,
        crate::history::RunKind::Check,
        &summary,
        &args_json,
        &args.out,
    );
}

/// Writes the reports, prints the summary and picks the exit code.
fn finish(args: &CheckArgs, report: &SiteReport) -> i32 {
    let paths = match report::write_site_reports(report, &args.out) {
        Ok(p) => p,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    if args.json {
        println!("{}", report::json::to_string(report));
    } else {
        let color = !args.no_color
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none();
        print!("{}", report::terminal::render(report, color));
        for p in &paths {
            println!("Отчёт: {}", p.display());
        }
    }
    exit_code(report)
}

/// 3 when the site could not be reached at all, 1 when a mandatory requirement fails or is
/// partial, 0 otherwise.
pub fn exit_code(report: &SiteReport) -> i32 {
    if !report.site.reachable {
        if let Some(err) = &report.site.error {
            eprintln!("socaudit: сайт недоступен: {err}");
        }
        return EXIT_UNREACHABLE;
    }
    if report.summary.mandatory_failed + report.summary.mandatory_partial > 0 {
        EXIT_NONCOMPLIANT
    } else {
        EXIT_OK
    }
}

fn spinner(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {wide_msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
