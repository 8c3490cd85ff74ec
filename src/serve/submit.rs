//! Asking for a check, shared by the form and the API: the URL must be usable (400) and, unless
//! `--allow-private`, resolve to public addresses only (422); a recent check of the same site is
//! returned instead of a new one; then the queue's size (503) and the client's rate limit (429).
//!
//! The address check here only spares the user a useless wait: what protects the network is
//! the fetcher's resolver, which refuses non-public addresses at connect time on every hop.

use super::app::AppState;
use super::metrics::Refusal;
use super::now_ms;
use super::security::new_check_id;
use super::store::CheckRecord;
use crate::fetch::guard::{refuse_literal, GuardedResolver, NotPublic};
use std::net::IpAddr;
use std::time::{Duration, Instant};
use url::Url;

/// Longest input accepted as a URL.
const MAX_URL_CHARS: usize = 2000;

/// Longest wait for DNS when checking an address.
const DNS_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a check was not queued; the text is one Russian sentence for the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Not a usable URL (HTTP 400).
    BadUrl(String),
    /// The address is not public (HTTP 422).
    NotPublic(String),
    /// The client asked too often; retry after this long (HTTP 429).
    RateLimited(Duration),
    /// The queue is full (HTTP 503).
    QueueFull,
    /// The store failed (HTTP 500).
    Internal(String),
}

impl Refused {
    /// The message for the user.
    pub fn message(&self) -> String {
        match self {
            Refused::BadUrl(m) | Refused::NotPublic(m) => m.clone(),
            Refused::RateLimited(wait) => format!(
                "Слишком много проверок с вашего адреса: следующую можно запустить через {}.",
                wait_ru(*wait)
            ),
            Refused::QueueFull => "Очередь проверок сейчас заполнена. Пожалуйста, попробуйте \
                                   ещё раз через несколько минут."
                .into(),
            Refused::Internal(_) => {
                "Внутренняя ошибка сервера: проверка не поставлена в очередь.".into()
            }
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Refused::BadUrl(_) => 400,
            Refused::NotPublic(_) => 422,
            Refused::RateLimited(_) => 429,
            Refused::QueueFull => 503,
            Refused::Internal(_) => 500,
        }
    }

    /// Seconds for `Retry-After`, when the client should come back.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Refused::RateLimited(wait) => Some(wait.as_secs().max(1)),
            Refused::QueueFull => Some(60),
            _ => None,
        }
    }
}

/// A wait in Russian words, rounded up to seconds or minutes.
fn wait_ru(wait: Duration) -> String {
    let secs = wait.as_secs().max(1);
    if secs < 120 {
        format!("{secs} с")
    } else {
        format!("{} мин", secs.div_ceil(60))
    }
}

/// A queued (or reused) check.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// Its id.
    pub id: String,
    /// True when a recent check of the same site is returned instead of a new one.
    pub reused: bool,
}

/// Queues a check of `input` for `client`; with `again`, a new check even when a recent one
/// exists, as long as the last one is older than the re-check cooldown.
pub async fn submit(
    state: &AppState,
    input: &str,
    client: IpAddr,
    again: bool,
) -> Result<Accepted, Refused> {
    let result = try_submit(state, input, client, again).await;
    if let Err(refused) = &result {
        if let Some(reason) = refusal_label(refused) {
            state.engine.metrics.refuse(reason);
        }
    }
    result
}

async fn try_submit(
    state: &AppState,
    input: &str,
    client: IpAddr,
    again: bool,
) -> Result<Accepted, Refused> {
    let url = parse(input)?;
    if !state.settings.allow_private {
        check_address(&url, &state.settings.pinned, &state.settings.allowed).await?;
    }
    let store = &state.engine.store;
    let latest = store
        .latest_for_url(url.as_str())
        .map_err(|e| Refused::Internal(e.to_string()))?;
    if let Some(existing) = latest.filter(|c| reusable(state, c, again)) {
        return Ok(Accepted {
            id: existing.id,
            reused: true,
        });
    }
    // The queue first: a refusal because it is full costs the client nothing.
    let queued = store
        .queued_before(None)
        .map_err(|e| Refused::Internal(e.to_string()))?;
    if queued >= state.settings.queue_limit {
        return Err(Refused::QueueFull);
    }
    state
        .limiter
        .take(client, Instant::now())
        .map_err(Refused::RateLimited)?;
    let id = new_check_id();
    store
        .insert(&id, url.as_str(), now_ms())
        .map_err(|e| Refused::Internal(e.to_string()))?;
    state.engine.metrics.queued();
    state.engine.wake.notify_one();
    tracing::info!(check = %id, url = %url, "check queued");
    Ok(Accepted { id, reused: false })
}

/// Whether `latest` answers a request instead of a new check: it is still queued or running,
/// or (without `again`) it ended within the reuse window, or (with `again`) within the cooldown.
fn reusable(state: &AppState, latest: &CheckRecord, again: bool) -> bool {
    if !latest.status.is_final() {
        return true;
    }
    let age = Duration::from_millis(now_ms().saturating_sub(latest.created_ms).max(0) as u64);
    let window = if again {
        state.settings.recheck_after
    } else {
        state.settings.reuse_window
    };
    // A failed check is never the answer to a new request; it only holds "check again" back.
    let failed = latest.status == super::store::CheckStatus::Failed;
    (again || !failed) && age < window
}

/// The start URL of `input`, never with credentials.
fn parse(input: &str) -> Result<Url, Refused> {
    if input.chars().count() > MAX_URL_CHARS {
        return Err(Refused::BadUrl(format!(
            "Адрес длиннее {MAX_URL_CHARS} символов — это не адрес сайта."
        )));
    }
    crate::audit::parse_start_url(input).map_err(|e| Refused::BadUrl(e.to_string()))
}

/// Refuses a URL whose host is, or resolves only to, non-public addresses.
async fn check_address(
    url: &Url,
    pinned: &[(String, std::net::SocketAddr)],
    allowed: &[IpAddr],
) -> Result<(), Refused> {
    if let Some(refused) = refuse_literal(url, allowed) {
        return Err(Refused::NotPublic(refused.to_string()));
    }
    let Some(url::Host::Domain(host)) = url.host() else {
        return Ok(());
    };
    let resolver = GuardedResolver {
        pinned: pinned.to_vec(),
        public_only: true,
        allowed: allowed.to_vec(),
    };
    let lookup = tokio::time::timeout(DNS_TIMEOUT, resolver.lookup(host.to_ascii_lowercase()));
    match lookup.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => match e.downcast_ref::<NotPublic>() {
            Some(refused) => Err(Refused::NotPublic(format!("{host}: {refused}"))),
            None => Err(Refused::BadUrl(format!(
                "Сайт «{host}» не найден: такого имени нет в DNS."
            ))),
        },
        Err(_) => Err(Refused::BadUrl(format!(
            "Сайт «{host}» не найден: DNS не ответил за {} с.",
            DNS_TIMEOUT.as_secs()
        ))),
    }
}

fn refusal_label(refused: &Refused) -> Option<Refusal> {
    match refused {
        Refused::BadUrl(_) => Some(Refusal::BadUrl),
        Refused::NotPublic(_) => Some(Refusal::NotPublic),
        Refused::RateLimited(_) => Some(Refusal::RateLimited),
        Refused::QueueFull => Some(Refusal::QueueFull),
        Refused::Internal(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internal_addresses_are_refused_before_queueing() {
        let pinned = vec![("kcson.test".to_string(), "127.0.0.1:0".parse().unwrap())];
        for input in [
            "http://127.0.0.1/",
            "http://10.1.2.3/",
            "http://2130706433:8080/",
            "http://169.254.169.254/latest/meta-data/",
            "http://kcson.test/",
        ] {
            let url = parse(input).unwrap();
            let refused = check_address(&url, &pinned, &[]).await.unwrap_err();
            assert!(
                matches!(refused, Refused::NotPublic(_)),
                "{input}: {refused:?}"
            );
            assert_eq!(refused.status(), 422);
        }
        let public = parse("http://93.184.216.34/").unwrap();
        assert!(check_address(&public, &[], &[]).await.is_ok());
    }

    #[test]
    fn unusable_input_is_a_bad_url_without_credentials() {
        for input in ["", "ftp://a.ru/", "не адрес", &"a".repeat(3000)] {
            assert!(matches!(parse(input), Err(Refused::BadUrl(_))), "{input}");
        }
        let url = parse("http://user:S3cret@kcson.ru/").unwrap();
        assert!(!url.as_str().contains("S3cret"));
    }
}
