//! HTTP Basic credentials for one site. They are sent only to that site's own hosts (the start
//! host with and without `www.`, over http or https), never to a host a redirect or a link leads
//! to, and never written anywhere: reports only say that credentials were used.

use crate::urlnorm::Scope;
use std::fmt;
use url::Url;

/// A user name and password for the site at one start URL.
#[derive(Clone)]
pub struct BasicAuth {
    user: String,
    password: String,
    site: Scope,
}

impl BasicAuth {
    /// Credentials for the site of `start`.
    pub fn new(user: &str, password: &str, start: &Url) -> Self {
        BasicAuth {
            user: user.to_string(),
            password: password.to_string(),
            site: Scope::new(start),
        }
    }

    /// `USER:PASS` (the form of `--auth` and `SOCAUDIT_AUTH`); the password may contain `:`.
    pub fn parse(spec: &str, start: &Url) -> Result<Self, String> {
        match spec.split_once(':') {
            Some((user, password)) if !user.is_empty() => Ok(Self::new(user, password, start)),
            _ => Err("--auth / SOCAUDIT_AUTH: ожидается ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ".to_string()),
        }
    }

    /// The credentials written into a URL (`http://user:pass@host/`), percent-decoded, as curl
    /// uses them; `None` when the URL carries none.
    pub fn from_userinfo(url: &Url) -> Option<Self> {
        if url.username().is_empty() && url.password().is_none() {
            return None;
        }
        let user = crate::urlnorm::percent_decode(url.username());
        let password = crate::urlnorm::percent_decode(url.password().unwrap_or(""));
        let mut clean = url.clone();
        crate::urlnorm::strip_userinfo(&mut clean);
        Some(Self::new(&user, &password, &clean))
    }

    /// True when `url` is on the site these credentials are for.
    pub fn covers(&self, url: &Url) -> bool {
        self.site.contains(url)
    }

    /// Adds the `Authorization` header to a request for `url` when it is on the site.
    pub(super) fn apply(&self, url: &Url, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if self.covers(url) {
            req.basic_auth(&self.user, Some(&self.password))
        } else {
            req
        }
    }
}

/// The password never reaches a log line or a debug dump.
impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("user", &self.user)
            .field("password", &"***")
            .field("site", &self.site.hosts())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    #[test]
    fn sent_only_to_the_site() {
        let auth = BasicAuth::parse("user:pa:ss", &u("http://kcson.ru/")).expect("auth");
        assert!(auth.covers(&u("https://www.kcson.ru/a")));
        assert!(!auth.covers(&u("http://127.0.0.1/")));
        assert!(!auth.covers(&u("http://kcson.ru.evil.test/")));
        assert!(!format!("{auth:?}").contains("pa:ss"));
        assert!(BasicAuth::parse("nopassword", &u("http://kcson.ru/")).is_err());
        assert!(BasicAuth::parse(":x", &u("http://kcson.ru/")).is_err());
    }

    #[test]
    fn userinfo_becomes_auth() {
        let auth = BasicAuth::from_userinfo(&u("http://us%40er:p%3Ass@kcson.ru/")).expect("auth");
        assert_eq!(auth.user, "us@er");
        assert_eq!(auth.password, "p:ss");
        assert!(auth.covers(&u("http://kcson.ru/x")));
        assert!(BasicAuth::from_userinfo(&u("http://kcson.ru/")).is_none());
    }
}
