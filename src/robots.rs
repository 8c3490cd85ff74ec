//! robots.txt helpers: the product token of our user agent, matching a URL (via the `robotstxt`
//! crate, Google's matcher) and the `Crawl-delay` of the group that applies to us (which that crate
//! does not expose).

use robotstxt::DefaultMatcher;
use std::borrow::Cow;
use std::time::Duration;
use url::Url;

/// Google ignores everything after the first 500 KiB of a robots.txt; so do we, so that a huge or
/// hostile file cannot make every URL check slow.
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// Longest `Crawl-delay` obeyed: a larger value would make a site audit take hours.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(30);

/// The product token of a user agent: `socaudit` from `socaudit/0.1.0 (+https://…)`.
///
/// robots.txt groups name agents by this token (letters, `-` and `_`); an empty token falls back
/// to `socaudit` so that a malformed configured agent still matches our own group.
pub fn product_token(user_agent: &str) -> &str {
    let trimmed = user_agent.trim_start();
    let end = trimmed
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '_'))
        .unwrap_or(trimmed.len());
    match &trimmed[..end] {
        "" => "socaudit",
        token => token,
    }
}

/// Cuts a robots.txt body to [`MAX_ROBOTS_BYTES`], at a line boundary when possible.
pub fn clip(body: &str) -> &str {
    if body.len() <= MAX_ROBOTS_BYTES {
        return body;
    }
    let mut end = MAX_ROBOTS_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let head = &body[..end];
    match head.rfind('\n') {
        Some(nl) => &head[..nl],
        None => head,
    }
}

/// Longest robots.txt line handed to the matcher. Google reads at most 16 664 bytes of a line;
/// the `robotstxt` crate slices a longer line with non-ASCII letters mid-character and panics, so
/// lines are cut well before that (no real rule is this long).
const MAX_LINE_BYTES: usize = 8 * 1024;

/// `body` with every line cut to [`MAX_LINE_BYTES`] (at a character boundary).
fn short_lines(body: &str) -> Cow<'_, str> {
    let is_break = |c: char| c == '\n' || c == '\r';
    if body
        .split(is_break)
        .all(|line| line.len() <= MAX_LINE_BYTES)
    {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    loop {
        let end = rest.find(is_break).unwrap_or(rest.len());
        let mut keep = end.min(MAX_LINE_BYTES);
        while !rest.is_char_boundary(keep) {
            keep -= 1;
        }
        out.push_str(&rest[..keep]);
        let Some(brk) = rest[end..].chars().next() else {
            return Cow::Owned(out);
        };
        out.push(brk);
        rest = &rest[end + brk.len_utf8()..];
    }
}

/// True when `body` lets the agent `token` fetch `url`.
pub fn is_allowed(body: &str, token: &str, url: &Url) -> bool {
    let mut matcher = DefaultMatcher::default();
    matcher.one_agent_allowed_by_robots(&short_lines(clip(body)), token, url.as_str())
}

/// The `Crawl-delay` for `token`: from the groups naming our token if there are any, else from
/// the `*` groups; the largest value if several apply; capped at [`MAX_CRAWL_DELAY`].
pub fn crawl_delay(body: &str, token: &str) -> Option<Duration> {
    let mut specific: Option<f64> = None;
    let mut global: Option<f64> = None;
    let mut seen_specific = false;
    for group in groups(clip(body)) {
        let ours = group.agents.iter().any(|a| agent_matches(a, token));
        let star = group.agents.iter().any(|a| a == "*");
        seen_specific |= ours;
        let slot = if ours {
            &mut specific
        } else if star {
            &mut global
        } else {
            continue;
        };
        if let Some(d) = group.crawl_delay {
            *slot = Some(slot.map_or(d, |old: f64| old.max(d)));
        }
    }
    // As in the matcher: once a group names us, the `*` groups no longer apply.
    let secs = if seen_specific { specific } else { global }?;
    Some(Duration::from_secs_f64(
        secs.min(MAX_CRAWL_DELAY.as_secs_f64()),
    ))
}

/// The values of `Sitemap:` lines (they belong to no group), in file order, at most 50.
pub fn sitemaps(body: &str) -> Vec<String> {
    clip(body)
        .lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            let key = key.trim().to_ascii_lowercase();
            // A URL holds `#` only in its fragment, which a sitemap URL does not need.
            let value = value.split('#').next().unwrap_or("").trim();
            (matches!(key.as_str(), "sitemap" | "site-map") && !value.is_empty())
                .then(|| value.to_string())
        })
        .take(50)
        .collect()
}

/// One robots.txt group: its user agents and its Crawl-delay.
struct Group {
    agents: Vec<String>,
    crawl_delay: Option<f64>,
}

/// Splits robots.txt into groups: consecutive `User-agent` lines open a group, which runs until
/// the next `User-agent` line that follows a rule.
fn groups(body: &str) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut in_agent_list = false;
    for line in body.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        match key.as_str() {
            "user-agent" | "useragent" | "user agent" => {
                if !in_agent_list {
                    out.push(Group {
                        agents: Vec::new(),
                        crawl_delay: None,
                    });
                }
                in_agent_list = true;
                if let Some(group) = out.last_mut() {
                    group.agents.push(value.to_string());
                }
            }
            "crawl-delay" | "crawldelay" | "crawl delay" => {
                in_agent_list = false;
                let delay = value
                    .parse::<f64>()
                    .ok()
                    .filter(|d| d.is_finite() && *d >= 0.0);
                if let (Some(group), Some(d)) = (out.last_mut(), delay) {
                    group.crawl_delay = Some(group.crawl_delay.map_or(d, |old| old.max(d)));
                }
            }
            _ => in_agent_list = false,
        }
    }
    out
}

/// Compares a `User-agent` value with our token the way the matcher does: product token only,
/// case-insensitive.
fn agent_matches(agent: &str, token: &str) -> bool {
    agent != "*" && product_token(agent).eq_ignore_ascii_case(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL")
    }

    #[test]
    fn token_is_the_product_name() {
        assert_eq!(product_token("socaudit/0.1.0 (+https://x)"), "socaudit");
        assert_eq!(product_token("Googlebot"), "Googlebot");
        assert_eq!(product_token("/1.0"), "socaudit");
    }

    #[test]
    fn our_group_beats_star() {
        let body = "User-agent: *\nDisallow: /\n\nUser-agent: socaudit\nDisallow: /private/\n";
        assert!(is_allowed(body, "socaudit", &url("http://a.test/page")));
        assert!(!is_allowed(
            body,
            "socaudit",
            &url("http://a.test/private/x")
        ));
        assert!(!is_allowed(body, "otherbot", &url("http://a.test/page")));
    }

    #[test]
    fn crawl_delay_for_our_group_else_star() {
        let body = "User-agent: *\nCrawl-delay: 5\n\nUser-agent: SocAudit\nCrawl-delay: 1.5\n";
        assert_eq!(
            crawl_delay(body, "socaudit"),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(crawl_delay(body, "otherbot"), Some(Duration::from_secs(5)));
    }

    #[test]
    fn crawl_delay_shared_agent_list_and_cap() {
        let body = "User-agent: yandex\nUser-agent: socaudit\nDisallow:\nCrawl-delay: 120 # slow\n";
        assert_eq!(crawl_delay(body, "socaudit"), Some(MAX_CRAWL_DELAY));
        assert_eq!(crawl_delay(body, "otherbot"), None);
    }

    #[test]
    fn our_group_without_delay_ignores_star_delay() {
        let body = "User-agent: *\nCrawl-delay: 10\n\nUser-agent: socaudit\nAllow: /\n";
        assert_eq!(crawl_delay(body, "socaudit"), None);
    }

    #[test]
    fn garbage_delay_is_ignored() {
        assert_eq!(crawl_delay("User-agent: *\nCrawl-delay: soon\n", "x"), None);
        assert_eq!(crawl_delay("Crawl-delay: 3\n", "x"), None);
    }

    #[test]
    fn sitemap_lines_are_listed() {
        let body =
            "User-agent: *\nDisallow: /private/\nSitemap: https://a.test/sitemap.xml # main\n\
                    sitemap:https://a.test/news.xml.gz\nSitemap:\n";
        assert_eq!(
            sitemaps(body),
            vec!["https://a.test/sitemap.xml", "https://a.test/news.xml.gz"]
        );
    }

    #[test]
    fn a_long_line_of_non_ascii_letters_does_not_panic_the_matcher() {
        // Found by the fuzzer (examples/fuzz.rs): the crate slices such a line mid-character.
        let body = format!(
            "User-agent: *\nDisallow: /private/\nUser-agent: {}\r\nDisallow: /x/\n",
            "ё".repeat(20_000)
        );
        assert!(!is_allowed(
            &body,
            "socaudit",
            &url("http://a.test/private/1")
        ));
        assert!(is_allowed(&body, "socaudit", &url("http://a.test/x/1")));
        assert_eq!(short_lines("a\r\nb"), "a\r\nb");
        assert!(short_lines(&"ё".repeat(9_000)).len() <= MAX_LINE_BYTES);
    }

    #[test]
    fn clip_cuts_at_line() {
        let line = "Disallow: /abcdefghij\n";
        let body = line.repeat(MAX_ROBOTS_BYTES / line.len() + 10);
        let clipped = clip(&body);
        assert!(clipped.len() <= MAX_ROBOTS_BYTES);
        assert!(clipped.ends_with("/abcdefghij"));
    }
}
