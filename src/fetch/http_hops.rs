//! Following one request hop by hop: redirects that stay on the site are followed, one to
//! another site ends the chain; each hop is checked against the address rule, carries the site's
//! credentials only on the site, and falls back to the lax client on a certificate error.

use super::errors::map_error;
use super::HttpFetcher;
use crate::fetch::guard;
use crate::fetch::tls::certificate_problem;
use crate::fetch::FetchError;
use crate::urlnorm::Scope;
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use url::Url;

/// The final answer of one request and how it got there.
pub(super) struct Hops {
    pub(super) resp: reqwest::Response,
    /// URLs that answered with a redirect that was followed.
    pub(super) chain: Vec<Url>,
    /// The other site a redirect led to (not followed).
    pub(super) redirect_to: Option<Url>,
    pub(super) tls_problem: Option<String>,
}

impl HttpFetcher {
    /// Sends `method` to `url` and follows redirects that stay on its site, returning the final
    /// response (headers only) and the URLs that answered with a redirect, in order. A redirect
    /// to another site ends the chain: that response comes back with the target, unfollowed.
    /// `extra` goes with every hop: conditional headers are about the final resource, which is
    /// stored by the URL asked for.
    pub(super) async fn follow(
        &self,
        method: Method,
        url: &Url,
        extra: &HeaderMap,
    ) -> Result<Hops, FetchError> {
        let site = Scope::new(url);
        let mut method = method;
        let mut current = url.clone();
        let mut chain: Vec<Url> = Vec::new();
        let mut tls_problem = None;
        loop {
            let (resp, problem) = self.send(&method, &current, extra, url).await?;
            tls_problem = tls_problem.or(problem);
            let Some(next) = redirect_target(&resp, &current) else {
                return Ok(Hops {
                    resp,
                    chain,
                    redirect_to: None,
                    tls_problem,
                });
            };
            if !site.contains(&next) {
                return Ok(Hops {
                    resp,
                    chain,
                    redirect_to: Some(next),
                    tls_problem,
                });
            }
            if resp.status() == StatusCode::SEE_OTHER && method != Method::HEAD {
                method = Method::GET;
            }
            chain.push(current);
            if chain.contains(&next) || chain.len() > self.config.max_redirects {
                return Err(FetchError::RedirectLoop {
                    url: url.to_string(),
                });
            }
            current = next;
        }
    }

    /// One hop. A certificate that does not verify is retried on the lax client (unless
    /// `strict_tls`), and its problem comes back with the response.
    async fn send(
        &self,
        method: &Method,
        hop: &Url,
        extra: &HeaderMap,
        requested: &Url,
    ) -> Result<(reqwest::Response, Option<String>), FetchError> {
        if self.config.public_only {
            if let Some(refused) = guard::refuse_literal(hop, &self.config.allowed_addresses) {
                return Err(FetchError::NotPublic {
                    url: requested.to_string(),
                    reason: refused.to_string(),
                });
            }
        }
        let key = host_key(hop);
        let known = self.known_bad_certificate(&key);
        if let (Some(lax), Some(problem)) = (&self.lax_client, known) {
            let resp = self.send_on(lax, method, hop, extra).await;
            return resp
                .map(|r| (r, Some(problem)))
                .map_err(|e| map_error(requested, &e));
        }
        let err = match self.send_on(&self.client, method, hop, extra).await {
            Ok(resp) => return Ok((resp, None)),
            Err(e) => e,
        };
        match (&self.lax_client, certificate_problem(&err)) {
            (Some(lax), Some(problem)) => {
                self.note_bad_certificate(key, &problem);
                let resp = self.send_on(lax, method, hop, extra).await;
                resp.map(|r| (r, Some(problem)))
                    .map_err(|e| map_error(requested, &e))
            }
            _ => Err(map_error(requested, &err)),
        }
    }

    async fn send_on(
        &self,
        client: &reqwest::Client,
        method: &Method,
        hop: &Url,
        extra: &HeaderMap,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut req = client
            .request(method.clone(), hop.clone())
            .headers(extra.clone());
        if let Some(auth) = &self.config.auth {
            req = auth.apply(hop, req);
        }
        req.send().await
    }

    fn known_bad_certificate(&self, key: &str) -> Option<String> {
        let map = self
            .bad_certificates
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        map.get(key).cloned()
    }

    fn note_bad_certificate(&self, key: String, problem: &str) {
        let mut map = self
            .bad_certificates
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        map.insert(key, problem.to_string());
    }
}

/// The next URL when `resp` is a redirect with a usable HTTP(S) `Location`, without credentials
/// (reqwest would send a `user:pass@` of a Location as Basic auth to wherever it points).
fn redirect_target(resp: &reqwest::Response, current: &Url) -> Option<Url> {
    if !matches!(resp.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = resp.headers().get(header::LOCATION)?.to_str().ok()?;
    let mut next = current.join(location.trim()).ok()?;
    next.set_fragment(None);
    crate::urlnorm::strip_userinfo(&mut next);
    (matches!(next.scheme(), "http" | "https") && next.host_str().is_some()).then_some(next)
}

/// `host:port` of a hop, the unit a certificate belongs to.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}
