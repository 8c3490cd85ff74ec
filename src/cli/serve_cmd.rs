//! `socaudit serve`: the self-check web page and the API (the library's [`crate::serve`]).

use super::{fail, setup, ServeArgs, EXIT_OK, EXIT_USAGE};
use crate::crawl::CrawlConfig;
use crate::fetch::http::HttpConfig;
use crate::politeness::PolitenessConfig;
use crate::serve::rate_limit::RateLimit;
use crate::serve::ServeConfig;
use crate::workspace::schedules::cron::Zone;
use crate::workspace::schedules::email::SmtpSettings;
use crate::workspace::schedules::runner::SchedulesConfig;
use std::time::Duration;

pub(super) fn run(args: ServeArgs) -> i32 {
    let config = match config(&args) {
        Ok(c) => c,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let runtime = match setup::runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    match runtime.block_on(crate::serve::run(config, stop_signal())) {
        Ok(()) => EXIT_OK,
        Err(e) => fail(EXIT_USAGE, e),
    }
}

/// The server's configuration from the flags (defaults < flags).
fn config(args: &ServeArgs) -> Result<ServeConfig, String> {
    let rules = setup::load_rules(args.rules.as_deref())?;
    let user_agent = setup::user_agent(args.user_agent.as_deref());
    let http = HttpConfig {
        user_agent: user_agent.clone(),
        read_timeout: Duration::from_secs(args.timeout.max(1)),
        resolve: setup::parse_resolve(&args.resolve)?,
        allowed_addresses: args.allow_addresses.clone(),
        ..HttpConfig::default()
    };
    let politeness = PolitenessConfig {
        user_agent,
        delay: Duration::from_millis(args.delay),
        ..PolitenessConfig::default()
    };
    let crawl = CrawlConfig {
        max_pages: args.max_pages.max(1),
        max_depth: args.max_depth,
        max_document_reads: args.max_document_reads,
        time_limit: Duration::from_secs(args.time_limit.max(1)),
        ..CrawlConfig::default()
    };
    Ok(ServeConfig {
        listen: args.listen,
        db: args.db.clone(),
        allow_private: args.allow_private,
        workers: args.workers.max(1),
        sweep_workers: args.sweep_workers,
        sweep_concurrency: args.sweep_concurrency.max(1),
        queue_limit: args.queue_limit,
        rate_limit: RateLimit {
            burst: args.rate_burst.max(1),
            per: Duration::from_secs(args.rate_per.max(1)),
        },
        reuse_window: Duration::from_secs(args.reuse_minutes * 60),
        recheck_after: Duration::from_secs(args.recheck_minutes * 60),
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
        trust_proxy: args.trust_proxy,
        secure_cookies: args.secure_cookies,
        rules,
        http,
        politeness,
        crawl,
        schedules: SchedulesConfig {
            zone: Zone::parse(&args.schedule_tz).map_err(|e| format!("--schedule-tz: {e}"))?,
            run_loops: !args.no_scheduler,
            public_url: public_url(args.public_url.as_deref())?,
            smtp: SmtpSettings::from_env()?,
            ..SchedulesConfig::default()
        },
    })
}

/// `--public-url`: an http(s) URL, kept without a trailing slash.
fn public_url(given: Option<&str>) -> Result<Option<String>, String> {
    let Some(given) = given else {
        return Ok(None);
    };
    match url::Url::parse(given) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            Ok(Some(given.trim_end_matches('/').to_string()))
        }
        _ => Err(format!(
            "--public-url «{given}»: нужен адрес вида https://audit.example.org"
        )),
    }
}

/// Resolves on Ctrl-C or SIGTERM (systemd's stop).
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
