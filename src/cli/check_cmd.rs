//! `socaudit check URL`: one site, its reports, a summary table, an exit code.

use super::{fail, rules_cmd, CheckArgs, EXIT_NONCOMPLIANT, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE};
use crate::audit::{audit_site, parse_start_url};
use crate::crawl::{CrawlConfig, Progress};
use crate::fetch::http::{HttpConfig, HttpFetcher};
use crate::politeness::{Politeness, PolitenessConfig};
use crate::report::{self, SiteReport};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::time::Duration;

pub(super) fn run(args: CheckArgs) -> i32 {
    let rules = match rules_cmd::load(args.rules.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let start = match parse_start_url(&args.url) {
        Ok(u) => u,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let resolve = match parse_resolve(&args.resolve) {
        Ok(r) => r,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let user_agent = args.user_agent.clone().unwrap_or_else(crate::default_user_agent);
    let http = HttpConfig {
        user_agent: user_agent.clone(),
        read_timeout: Duration::from_secs(args.timeout.max(1)),
        resolve,
        ..HttpConfig::default()
    };
    let fetcher = match HttpFetcher::new(http) {
        Ok(f) => f,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let politeness = Politeness::new(PolitenessConfig {
        user_agent,
        delay: Duration::from_millis(args.delay),
        max_concurrent_per_host: args.concurrency.max(1),
        respect_robots: !args.ignore_robots,
        ..PolitenessConfig::default()
    });
    let config = CrawlConfig {
        max_pages: args.max_pages.max(1),
        max_depth: args.max_depth,
        time_limit: Duration::from_secs(args.time_limit.max(1)),
        concurrency: args.concurrency.max(1),
        ..CrawlConfig::default()
    };
    let bar = progress_bar(args.quiet);
    let on_progress = |p: Progress<'_>| match p {
        Progress::Page { url, pages, undecided } => {
            bar.set_message(format!("страниц: {pages}, не решено требований: {undecided} — {url}"));
            bar.tick();
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_USAGE, format!("не удалось запустить среду выполнения: {e}")),
    };
    let report = runtime.block_on(audit_site(&start, &rules, &fetcher, &politeness, &config, &on_progress));
    bar.finish_and_clear();
    finish(&args, &report)
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
        let color = !args.no_color && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
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

fn progress_bar(quiet: bool) -> ProgressBar {
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

/// Parses curl-style `HOST:PORT:ADDR` overrides.
fn parse_resolve(items: &[String]) -> Result<Vec<(String, SocketAddr)>, String> {
    items
        .iter()
        .map(|item| {
            let bad = || format!("--resolve «{item}»: ожидается ИМЯ:ПОРТ:АДРЕС, например kcson.test:8080:127.0.0.1");
            let mut parts = item.splitn(3, ':');
            let (host, port, addr) = (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
            let port: u16 = port.parse().map_err(|_| bad())?;
            let ip: std::net::IpAddr = addr.trim_matches(|c| c == '[' || c == ']').parse().map_err(|_| bad())?;
            Ok((host.to_ascii_lowercase(), SocketAddr::new(ip, port)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_overrides_parse_like_curl() {
        let r = parse_resolve(&["kcson.test:8080:127.0.0.1".into()]).unwrap();
        assert_eq!(r, vec![("kcson.test".to_string(), "127.0.0.1:8080".parse().unwrap())]);
        assert!(parse_resolve(&["kcson.test".into()]).is_err());
        assert!(parse_resolve(&["kcson.test:x:127.0.0.1".into()]).is_err());
    }
}
