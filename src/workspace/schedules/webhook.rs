//! Webhook alerts: a JSON POST signed with HMAC-SHA256 over `timestamp.body` with the schedule's
//! secret, sent only to public addresses (the same guard as the server's checks, unless the
//! server allows private ones), with a short timeout and a few retries with backoff.

use crate::fetch::guard::{refuse_literal, GuardedResolver, NotPublic};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// The header with the Unix time (seconds) the signature covers.
pub const TIMESTAMP_HEADER: &str = "X-Socaudit-Timestamp";
/// The header with `sha256=<hex HMAC-SHA256 of "timestamp.body">`.
pub const SIGNATURE_HEADER: &str = "X-Socaudit-Signature";

/// The signature header's value for `body` sent at `timestamp` with `secret`.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

/// How webhooks are sent.
#[derive(Debug, Clone)]
pub struct WebhookSender {
    /// Which addresses may be connected to.
    pub guard: GuardedResolver,
    /// Time limit of one attempt.
    pub timeout: Duration,
    /// Attempts in all (at least one).
    pub attempts: u32,
    /// Wait before the second attempt; doubled for each later one.
    pub backoff: Duration,
}

/// What sending came to: attempts made and the last error, if it never got through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Attempts made.
    pub attempts: u32,
    /// `None` when delivered; otherwise why the last attempt failed, in Russian.
    pub error: Option<String>,
}

/// Why one attempt failed, and whether another could help.
struct Failure {
    message: String,
    retry: bool,
}

impl WebhookSender {
    /// Posts `body` (JSON) to `url`, signed with `secret`, retrying network errors, 429 and 5xx.
    pub async fn send(&self, url: &str, secret: &str, body: &str) -> Delivery {
        let client = match self.client(url) {
            Ok(c) => c,
            Err(message) => {
                return Delivery {
                    attempts: 0,
                    error: Some(message),
                }
            }
        };
        let mut wait = self.backoff;
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.attempt(&client, url, secret, body).await {
                Ok(()) => {
                    return Delivery {
                        attempts,
                        error: None,
                    }
                }
                Err(f) if !f.retry || attempts >= self.attempts.max(1) => {
                    return Delivery {
                        attempts,
                        error: Some(f.message),
                    }
                }
                Err(_) => {
                    tokio::time::sleep(wait).await;
                    wait = wait.saturating_mul(2);
                }
            }
        }
    }

    fn client(&self, url: &str) -> Result<reqwest::Client, String> {
        let parsed = Url::parse(url).map_err(|e| format!("адрес вебхука «{url}» неверен: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!(
                "адрес вебхука «{url}» должен начинаться с http:// или https://"
            ));
        }
        if self.guard.public_only {
            if let Some(refused) = refuse_literal(&parsed, &self.guard.allowed) {
                return Err(refused_message(&refused));
            }
        }
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("socaudit/", env!("CARGO_PKG_VERSION")))
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(self.guard.clone()));
        if self.guard.public_only {
            // A proxy resolves names itself, past the address check.
            builder = builder.no_proxy();
        }
        builder
            .build()
            .map_err(|e| format!("HTTP-клиент для вебхука не создан: {e}"))
    }

    async fn attempt(
        &self,
        client: &reqwest::Client,
        url: &str,
        secret: &str,
        body: &str,
    ) -> Result<(), Failure> {
        let timestamp = crate::serve::now_ms() / 1000;
        let sent = client
            .post(url)
            .header("content-type", "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, sign(secret, timestamp, body))
            .body(body.to_string())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) => {
                let status = response.status();
                Err(Failure {
                    message: format!("вебхук ответил кодом {}", status.as_u16()),
                    retry: status.is_server_error() || status.as_u16() == 429,
                })
            }
            Err(e) => match not_public(&e) {
                Some(refused) => Err(Failure {
                    message: refused_message(&refused),
                    retry: false,
                }),
                None => Err(Failure {
                    message: format!("вебхук недоступен: {}", root_cause(&e)),
                    retry: true,
                }),
            },
        }
    }
}

fn refused_message(refused: &NotPublic) -> String {
    format!(
        "вебхук не отправлен: адрес {} относится к внутренней сети, а оповещения уходят только на общедоступные адреса (иначе запустите сервер с --allow-private или --allow-address)",
        refused.address
    )
}

fn not_public(error: &reqwest::Error) -> Option<NotPublic> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(refused) = e.downcast_ref::<NotPublic>() {
            return Some(refused.clone());
        }
        source = e.source();
    }
    None
}

fn root_cause(error: &reqwest::Error) -> String {
    let mut last: &dyn std::error::Error = error;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Python: hmac.new(b"secret-key", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            sign("secret-key", 1_700_000_000, r#"{"a":1}"#),
            "sha256=7311449d99aa882d3471459eab2f09da94fb15f2c1c678f4367531554cf36a96"
        );
        assert_ne!(sign("k", 1, "{}"), sign("k", 2, "{}"));
        assert_ne!(sign("k", 1, "{}"), sign("K", 1, "{}"));
    }

    #[tokio::test]
    async fn a_private_literal_address_is_refused_without_a_connection() {
        let sender = WebhookSender {
            guard: GuardedResolver {
                public_only: true,
                ..GuardedResolver::default()
            },
            timeout: Duration::from_secs(1),
            attempts: 3,
            backoff: Duration::from_millis(1),
        };
        let delivery = sender.send("http://127.0.0.1:9/hook", "s", "{}").await;
        assert_eq!(delivery.attempts, 0);
        assert!(
            delivery
                .error
                .as_deref()
                .unwrap_or("")
                .contains("127.0.0.1"),
            "{delivery:?}"
        );
        let ftp = sender.send("ftp://example.org/", "s", "{}").await;
        assert!(ftp.error.as_deref().unwrap_or("").contains("http://"));
    }
}
