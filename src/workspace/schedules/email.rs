//! E-mail alerts over SMTP (lettre): settings from the environment (`SOCAUDIT_SMTP_*`), one
//! plain-text Russian message to every recipient of the schedule.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;
use std::time::Duration;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text (a relay on the same machine or network).
    None,
    /// Plain, then STARTTLS (required), port 587 by default.
    Starttls,
    /// TLS from the start, port 465 by default.
    Tls,
}

/// Where and how e-mail is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Server host name.
    pub host: String,
    /// Port (default by `tls`: 25, 587, 465).
    pub port: Option<u16>,
    /// Login, if the server wants one.
    pub user: Option<String>,
    /// Password of `user`.
    pub password: Option<String>,
    /// The sender (`socaudit <audit@example.org>`).
    pub from: String,
    /// Connection protection.
    pub tls: SmtpTls,
}

impl fmt::Debug for SmtpSettings {
    // The password stays out of logs and panics.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("tls", &self.tls)
            .finish()
    }
}

impl SmtpSettings {
    /// The settings of `SOCAUDIT_SMTP_HOST`, `_PORT`, `_USER`, `_PASSWORD`, `_FROM`, `_TLS`
    /// (`none`, `starttls` — the default —, `tls`); `None` without a host.
    pub fn from_env() -> Result<Option<SmtpSettings>, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        SmtpSettings::from_vars(var)
    }

    /// Like [`SmtpSettings::from_env`], reading variables through `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Option<SmtpSettings>, String> {
        let Some(host) = var("SOCAUDIT_SMTP_HOST") else {
            return Ok(None);
        };
        let port = match var("SOCAUDIT_SMTP_PORT") {
            Some(p) => Some(p.trim().parse::<u16>().map_err(|_| {
                format!("SOCAUDIT_SMTP_PORT=«{p}»: нужен номер порта от 1 до 65535")
            })?),
            None => None,
        };
        let tls = match var("SOCAUDIT_SMTP_TLS").as_deref().map(str::trim) {
            None | Some("starttls") => SmtpTls::Starttls,
            Some("none") => SmtpTls::None,
            Some("tls") => SmtpTls::Tls,
            Some(other) => {
                return Err(format!(
                    "SOCAUDIT_SMTP_TLS=«{other}»: допустимы none, starttls, tls"
                ))
            }
        };
        let from = var("SOCAUDIT_SMTP_FROM").unwrap_or_else(|| "socaudit@localhost".into());
        from.parse::<Mailbox>()
            .map_err(|e| format!("SOCAUDIT_SMTP_FROM=«{from}»: не адрес e-mail ({e})"))?;
        Ok(Some(SmtpSettings {
            host: host.trim().to_string(),
            port,
            user: var("SOCAUDIT_SMTP_USER"),
            password: var("SOCAUDIT_SMTP_PASSWORD"),
            from,
            tls,
        }))
    }

    /// Sends one message to every address of `to`.
    pub async fn send(
        &self,
        to: &[String],
        subject: &str,
        body: &str,
        timeout: Duration,
    ) -> Result<(), String> {
        let mut message = Message::builder()
            .from(
                self.from
                    .parse::<Mailbox>()
                    .map_err(|e| format!("адрес отправителя «{}» неверен: {e}", self.from))?,
            )
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::Base64);
        for address in to {
            message = message.to(address
                .parse::<Mailbox>()
                .map_err(|e| format!("адрес получателя «{address}» неверен: {e}"))?);
        }
        let message = message
            .body(body.to_string())
            .map_err(|e| format!("письмо не собрано: {e}"))?;
        let builder = match self.tls {
            SmtpTls::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(self.host.as_str())
            }
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host)
                .map_err(|e| format!("SMTP-сервер {}: {e}", self.host))?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host)
                .map_err(|e| format!("SMTP-сервер {}: {e}", self.host))?,
        };
        let mut builder = builder.timeout(Some(timeout));
        if let Some(port) = self.port {
            builder = builder.port(port);
        }
        if let (Some(user), Some(password)) = (&self.user, &self.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        builder
            .build()
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("письмо не отправлено через {}: {e}", self.host))
    }
}

/// True when `address` looks like an e-mail address lettre will take.
pub fn valid_address(address: &str) -> bool {
    address.parse::<Mailbox>().is_ok() && address.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn settings_come_from_the_variables() {
        assert_eq!(SmtpSettings::from_vars(vars(&[])), Ok(None));
        let s = SmtpSettings::from_vars(vars(&[
            ("SOCAUDIT_SMTP_HOST", "smtp.example.org"),
            ("SOCAUDIT_SMTP_PORT", "2525"),
            ("SOCAUDIT_SMTP_TLS", "none"),
            ("SOCAUDIT_SMTP_USER", "audit"),
            ("SOCAUDIT_SMTP_PASSWORD", "очень секретно"),
            ("SOCAUDIT_SMTP_FROM", "socaudit <audit@example.org>"),
        ]))
        .expect("valid")
        .expect("configured");
        assert_eq!(
            (s.host.as_str(), s.port, s.tls),
            ("smtp.example.org", Some(2525), SmtpTls::None)
        );
        assert!(!format!("{s:?}").contains("секретно"));
        let bad_tls = SmtpSettings::from_vars(vars(&[
            ("SOCAUDIT_SMTP_HOST", "h"),
            ("SOCAUDIT_SMTP_TLS", "ssl"),
        ]));
        assert!(bad_tls.expect_err("ssl").contains("SOCAUDIT_SMTP_TLS"));
        let bad_port = SmtpSettings::from_vars(vars(&[
            ("SOCAUDIT_SMTP_HOST", "h"),
            ("SOCAUDIT_SMTP_PORT", "x"),
        ]));
        assert!(bad_port.expect_err("port").contains("SOCAUDIT_SMTP_PORT"));
        assert!(valid_address("anna@example.org"));
        assert!(!valid_address("anna"));
    }
}
