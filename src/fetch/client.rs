//! Building the reqwest clients of [`super::http::HttpFetcher`]: the verifying one, and the one
//! that accepts any certificate, used only after the first failed on a certificate.

use super::guard::GuardedResolver;
use super::http::HttpConfig;
use super::tls;
use reqwest::header::{self, HeaderMap, HeaderValue};
use std::sync::Arc;

/// A client with the headers, timeouts and resolver of `config`; `accept_invalid_certs` turns
/// certificate verification off (the fallback for sites with broken certificates).
pub(super) fn build_client(
    config: &HttpConfig,
    accept_invalid_certs: bool,
) -> Result<reqwest::Client, reqwest::Error> {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    );
    // Sites of Russian providers sometimes serve an English stub to other languages.
    headers.insert(
        header::ACCEPT_LANGUAGE,
        HeaderValue::from_static("ru-RU,ru;q=0.9,en;q=0.5"),
    );
    let resolver = GuardedResolver {
        pinned: config.resolve.clone(),
        public_only: config.public_only,
        allowed: config.allowed_addresses.clone(),
    };
    let mut builder = reqwest::Client::builder()
        .user_agent(config.user_agent.as_str())
        .default_headers(headers)
        .connect_timeout(config.connect_timeout)
        .pool_idle_timeout(config.pool_idle_timeout)
        .pool_max_idle_per_host(config.pool_max_idle_per_host)
        .redirect(reqwest::redirect::Policy::none())
        .gzip(true)
        .brotli(true)
        .deflate(true)
        .dns_resolver(Arc::new(resolver))
        .add_root_certificate(tls::russian_root()?)
        .danger_accept_invalid_certs(accept_invalid_certs);
    if config.public_only {
        // A proxy resolves names itself, past the address check.
        builder = builder.no_proxy();
    }
    builder.build()
}
