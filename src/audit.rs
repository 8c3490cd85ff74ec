//! One site, end to end: crawl it with the checker watching, then build its [`SiteReport`].
//! This is what `socaudit check` runs, and what a sweep runs per site.

use crate::check::{summarize, Checker, FinishContext};
use crate::crawl::{crawl, CrawlConfig, Progress};
use crate::fetch::auth::BasicAuth;
use crate::fetch::counting::CountingFetcher;
use crate::fetch::Fetcher;
use crate::politeness::Politeness;
use crate::report::{RulesetInfo, SiteInfo, SiteReport, ToolInfo, REPORT_SCHEMA};
use crate::rules::RuleSet;
use thiserror::Error;
use url::Url;

/// A start URL that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AuditError {
    /// Not a URL, or not http(s).
    #[error("«{input}» — не адрес сайта: {reason}")]
    BadUrl { input: String, reason: String },
}

/// What is wrong with an address the URL parser refused, in the words of the reports.
fn parse_error_ru(e: url::ParseError) -> &'static str {
    use url::ParseError as E;
    match e {
        E::EmptyHost => "в адресе нет имени сайта",
        E::IdnaError | E::InvalidDomainCharacter => "в имени сайта недопустимые символы",
        E::InvalidPort => "неверный номер порта",
        E::InvalidIpv4Address | E::InvalidIpv6Address => "неверный IP-адрес",
        _ => "адрес не разобран",
    }
}

/// Turns what a user typed (`kcson.ru`, ` http://ТЦСО.рф `, `https://x.ru/a#b`) into a start URL.
/// Credentials (`user:pass@`) are dropped: see [`parse_start_url_with_auth`] to use them.
pub fn parse_start_url(input: &str) -> Result<Url, AuditError> {
    parse_start_url_with_auth(input).map(|(url, _)| url)
}

/// Like [`parse_start_url`], also returning the credentials written into the URL as Basic auth
/// for the site (as curl uses them); the URL itself never carries them.
pub fn parse_start_url_with_auth(input: &str) -> Result<(Url, Option<BasicAuth>), AuditError> {
    let trimmed = input
        .trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == '<' || c == '>');
    let bad = |reason: &str| AuditError::BadUrl {
        input: crate::urlnorm::mask_userinfo(input),
        reason: reason.to_string(),
    };
    if trimmed.is_empty() {
        return Err(bad("пустая строка"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("http://{trimmed}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| bad(parse_error_ru(e)))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("поддерживаются только адреса http:// и https://"));
    }
    let named = match url.host() {
        Some(url::Host::Domain(h)) => h.contains('.') || h == "localhost",
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => true,
        None => false,
    };
    if !named {
        return Err(bad("в адресе нет имени сайта"));
    }
    let auth = BasicAuth::from_userinfo(&url);
    let url = crate::urlnorm::normalize(url).ok_or_else(|| bad("адрес не удалось разобрать"))?;
    Ok((url, auth))
}

/// Crawls and checks the site at `start` with `fetcher`, returning its report.
pub async fn audit_site<F: Fetcher>(
    start: &Url,
    rules: &RuleSet,
    fetcher: &F,
    politeness: &Politeness,
    config: &CrawlConfig,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> SiteReport {
    let mut checker = Checker::new(rules).with_today(today());
    let counting = CountingFetcher::new(fetcher);
    let mut rec = crawl(start, &counting, politeness, &mut checker, config, progress).await;
    rec.requests = counting.count();
    let not_crawlable = rec
        .unreachable
        .clone()
        .or_else(|| rec.not_crawlable.clone());
    let ctx = FinishContext {
        stopped: rec.stopped_because,
        pages_fetched: rec.pages_fetched,
        javascript_only: rec.javascript_only,
        not_crawlable: not_crawlable.clone(),
        dropped: rec.skipped.dropped_ru(),
    };
    let requirements = checker.finish(&ctx);
    let summary = summarize(&requirements);
    let mut notes: Vec<String> = politeness.robots_notes();
    if rec.javascript_only {
        notes.push("стартовая страница формируется JavaScript".into());
    }
    let site = SiteInfo {
        url: start.to_string(),
        final_url: rec.final_url.clone(),
        reachable: rec.unreachable.is_none(),
        error: not_crawlable,
        hosts: rec.hosts.clone(),
    };
    let mut crawl = rec.into_info();
    crawl.notes = notes;
    crawl.revalidated = counting.revalidated();
    SiteReport {
        schema: REPORT_SCHEMA.to_string(),
        tool: ToolInfo {
            name: "socaudit".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        generated_at: now_rfc3339(),
        ruleset: RulesetInfo::of(rules),
        site,
        crawl,
        requirements,
        summary,
    }
}

/// Environment variable that fixes the date documents are judged against (`YYYY-MM-DD`), so that
/// a re-check of stored files or a test gives the same verdicts on any day.
pub const TODAY_ENV: &str = "SOCAUDIT_TODAY";

/// The date documents are judged against: `SOCAUDIT_TODAY` when set and valid, else today (UTC).
pub fn today() -> time::Date {
    let fixed = std::env::var(TODAY_ENV).ok().and_then(|v| {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(v.trim(), &format).ok()
    });
    fixed.unwrap_or_else(|| time::OffsetDateTime::now_utc().date())
}

/// The current time, RFC 3339, UTC.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_urls_as_users_type_them() {
        assert_eq!(
            parse_start_url("kcson.ru").unwrap().as_str(),
            "http://kcson.ru/"
        );
        assert_eq!(
            parse_start_url("  https://Kcson.RU/about#x ")
                .unwrap()
                .as_str(),
            "https://kcson.ru/about"
        );
        assert_eq!(
            parse_start_url("http://тцсо.рф").unwrap().as_str(),
            "http://xn--n1afcq.xn--p1ai/"
        );
        assert!(parse_start_url("ftp://a.ru").is_err());
        assert!(parse_start_url("").is_err());
        assert!(parse_start_url("not a url").is_err());
    }

    #[test]
    fn a_refused_address_is_explained_in_russian() {
        for (input, reason) in [
            ("не адрес", "в имени сайта недопустимые символы"),
            ("kcson.ru:99999", "неверный номер порта"),
            ("http://[::1/", "неверный IP-адрес"),
        ] {
            let err = parse_start_url(input).unwrap_err().to_string();
            assert!(err.contains(reason), "{input}: {err}");
            assert!(
                !err.is_ascii() && !err.contains("invalid"),
                "{input}: {err}"
            );
        }
    }

    #[test]
    fn credentials_leave_the_url_and_become_auth() {
        let (url, auth) = parse_start_url_with_auth("http://user:S3cret@kcson.ru/").unwrap();
        assert_eq!(url.as_str(), "http://kcson.ru/");
        assert!(auth.is_some_and(|a| a.covers(&url)));
        let err = parse_start_url("http://user:S3cret@/")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("S3cret"), "{err}");
    }
}
