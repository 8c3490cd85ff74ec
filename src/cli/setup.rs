//! Turning crawl flags into the library's configuration (defaults < flags).

use super::CrawlArgs;
use crate::crawl::CrawlConfig;
use crate::fetch::auth::BasicAuth;
use crate::fetch::cache::{HttpCache, NoCache};
use crate::fetch::http::{HttpConfig, HttpFetcher};
use crate::fetch::revalidate::RevalidatingFetcher;
use crate::history::History;
use crate::politeness::{Politeness, PolitenessConfig};
use crate::rules::RuleSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The fetcher every command uses: HTTP, revalidating against the run history's store so that a
/// re-run does not download unchanged pages again.
pub type SiteFetcher = RevalidatingFetcher<HttpFetcher, Arc<dyn HttpCache>>;

/// Everything a crawl needs, built from flags.
pub(super) struct Setup {
    pub rules: RuleSet,
    pub fetcher: SiteFetcher,
    /// The run history (and revalidation store), unless `--no-history`.
    pub history: Option<Arc<History>>,
    pub politeness: Politeness,
    pub crawl: CrawlConfig,
}

/// The rules of `--rules FILE`, or the built-in ones; the error names the file and line.
pub(super) fn load_rules(path: Option<&Path>) -> Result<RuleSet, String> {
    match path {
        Some(p) => RuleSet::load(p).map_err(|e| e.to_string()),
        None => Ok(RuleSet::builtin()),
    }
}

/// The User-Agent of `--user-agent`, or socaudit's own with its contact URL.
pub(super) fn user_agent(given: Option<&str>) -> String {
    given.map_or_else(crate::default_user_agent, str::to_string)
}

/// Builds the setup for a run writing into `out`, with credentials for the one site of a
/// `check`; the error is one sentence for the user.
pub(super) fn build(
    args: &CrawlArgs,
    out: &Path,
    auth: Option<BasicAuth>,
) -> Result<Setup, String> {
    let rules = load_rules(args.rules.as_deref())?;
    let resolve = parse_resolve(&args.resolve)?;
    let user_agent = user_agent(args.user_agent.as_deref());
    let http = HttpConfig {
        user_agent: user_agent.clone(),
        read_timeout: Duration::from_secs(args.timeout.max(1)),
        resolve,
        public_only: args.public_only,
        strict_tls: args.strict_tls,
        auth,
        ..HttpConfig::default()
    };
    let http = HttpFetcher::new(http).map_err(|e| e.to_string())?;
    let history = if args.no_history {
        None
    } else {
        let path = db_path(args, out);
        Some(Arc::new(History::open(&path).map_err(|e| e.to_string())?))
    };
    let cache: Arc<dyn HttpCache> = match &history {
        Some(h) => h.clone(),
        // Without history nothing is revalidated later: keep no page in memory either.
        None => Arc::new(NoCache),
    };
    let fetcher = RevalidatingFetcher::new(http, cache);
    let politeness = Politeness::new(PolitenessConfig {
        user_agent,
        delay: Duration::from_millis(args.delay),
        max_concurrent_per_host: args.host_concurrency.max(1),
        respect_robots: !args.ignore_robots,
        ..PolitenessConfig::default()
    });
    let crawl = CrawlConfig {
        max_pages: args.max_pages.max(1),
        max_depth: args.max_depth,
        max_document_reads: args.max_document_reads,
        time_limit: Duration::from_secs(args.time_limit.max(1)),
        concurrency: args.host_concurrency.max(1),
        ..CrawlConfig::default()
    };
    Ok(Setup {
        rules,
        fetcher,
        history,
        politeness,
        crawl,
    })
}

/// `--db`, or `history.sqlite` in the output folder.
pub(super) fn db_path(args: &CrawlArgs, out: &Path) -> PathBuf {
    args.db
        .clone()
        .unwrap_or_else(|| out.join("history.sqlite"))
}

/// Parses curl-style `HOST:PORT:ADDR` overrides.
pub(super) fn parse_resolve(items: &[String]) -> Result<Vec<(String, SocketAddr)>, String> {
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

/// A multi-threaded tokio runtime.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| runtime_error(&e))
}

/// The error of a runtime that did not start.
pub(super) fn runtime_error(e: &std::io::Error) -> String {
    format!("не удалось запустить среду выполнения: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_overrides_parse_like_curl() {
        let r = parse_resolve(&["kcson.test:8080:127.0.0.1".into()]).unwrap();
        assert_eq!(
            r,
            vec![("kcson.test".to_string(), "127.0.0.1:8080".parse().unwrap())]
        );
        assert!(parse_resolve(&["kcson.test".into()]).is_err());
        assert!(parse_resolve(&["kcson.test:x:127.0.0.1".into()]).is_err());
    }
}
