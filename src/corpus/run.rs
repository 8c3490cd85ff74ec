//! Serving each corpus site on 127.0.0.1 and checking it with the same pipeline as
//! `socaudit check`, with no politeness delay (the server is local and ours).

use super::load::{Corpus, CorpusSite};
use crate::audit::{audit_site, TODAY_ENV};
use crate::crawl::{CrawlConfig, Progress};
use crate::fetch::http::{HttpConfig, HttpFetcher};
use crate::fixture_server::{serve, serve_hosts, RunningServer};
use crate::politeness::{Politeness, PolitenessConfig};
use crate::report::SiteReport;
use crate::rules::RuleSet;
use futures_util::stream::{self, StreamExt};
use std::net::SocketAddr;
use std::time::Duration;
use url::Url;

/// How the corpus is checked.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Sites checked at the same time.
    pub concurrency: usize,
    /// Crawl budgets (the defaults of `check`).
    pub crawl: CrawlConfig,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            crawl: CrawlConfig::default(),
        }
    }
}

/// One site's report, or why it could not be checked.
#[derive(Debug)]
pub struct SiteRun {
    /// The site's folder name.
    pub name: String,
    /// The report, or the error of serving it.
    pub report: Result<SiteReport, String>,
}

/// Fixes the judging date for this process to the corpus's `today` (when it has one), so that
/// year-based verdicts (a plan «на 2024 год») do not change with the calendar. Call it before
/// any thread is started: it sets [`TODAY_ENV`].
pub fn pin_today(corpus: &Corpus) {
    if let Some(today) = corpus.today {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        if let Ok(text) = today.format(&format) {
            std::env::set_var(TODAY_ENV, text);
        }
    }
}

/// Checks every site of the corpus, `opts.concurrency` at a time; results in corpus order.
pub async fn run_corpus(corpus: &Corpus, rules: &RuleSet, opts: &RunOptions) -> Vec<SiteRun> {
    stream::iter(&corpus.sites)
        .map(|site| async move {
            SiteRun {
                name: site.name.clone(),
                report: check_site(site, rules, &opts.crawl).await,
            }
        })
        .buffered(opts.concurrency.max(1))
        .collect()
        .await
}

async fn check_site(
    site: &CorpusSite,
    rules: &RuleSet,
    crawl: &CrawlConfig,
) -> Result<SiteReport, String> {
    let (server, start, resolve) = start_server(site).await?;
    let fetcher = HttpFetcher::new(HttpConfig {
        resolve,
        read_timeout: Duration::from_secs(20),
        connect_timeout: Duration::from_secs(5),
        ..HttpConfig::default()
    })
    .map_err(|e| e.to_string())?;
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        backoff_base: Duration::from_millis(20),
        ..PolitenessConfig::default()
    });
    let quiet = |_: Progress<'_>| {};
    let report = audit_site(&start, rules, &fetcher, &politeness, crawl, &quiet).await;
    // The client's idle keep-alive connections would hold the server's graceful shutdown.
    drop(fetcher);
    server.shutdown().await;
    Ok(report)
}

/// Serves the site, under its `[site] host` when it names one; returns the server, the start
/// URL and the host pinning the client needs.
async fn start_server(
    site: &CorpusSite,
) -> Result<(RunningServer, Url, Vec<(String, SocketAddr)>), String> {
    let meta = &site.expected.meta;
    let path = meta.start.clone().unwrap_or_else(|| "/".to_string());
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let files = site.site.clone();
    let cant = |e: crate::fixture_server::FixtureError| format!("{}: {e}", site.name);
    let (server, host) = match &meta.host {
        Some(host) => {
            let host = host.to_ascii_lowercase();
            let server = serve_hosts(vec![(host.clone(), files)])
                .await
                .map_err(cant)?;
            (server, host)
        }
        None => (serve(files).await.map_err(cant)?, "127.0.0.1".to_string()),
    };
    let start = Url::parse(&format!("http://{host}:{}{path}", server.port()))
        .map_err(|e| format!("{}: [site] host/start: {e}", site.name))?;
    let resolve = match &meta.host {
        Some(_) => vec![(host, server.addr)],
        None => Vec::new(),
    };
    Ok((server, start, resolve))
}
