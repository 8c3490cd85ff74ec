//! One site address as people type it — a cell of a register, the argument of `socaudit check`,
//! a field of a web form — → a start URL (plus any other addresses in the text) or a problem
//! sentence in Russian. [`read_site_address`] is the one reader every entry point uses, so the
//! same text is accepted or refused the same way everywhere.
//!
//! Registers are typed by hand: bare hosts, `http:// host` with a stray space, a doubled scheme
//! (`https://http://…`), several addresses in one cell, a phone number before the address, an
//! e-mail instead of a site, «нет». Each of these is either repaired or named precisely, so the
//! auditor can fix the row.

use crate::audit::{parse_start_url, parse_start_url_with_auth, AuditError};
use crate::fetch::auth::BasicAuth;
use regex::Regex;
use std::sync::LazyLock;
use url::Url;

/// Problem text for an empty cell or a placeholder such as «нет».
pub(crate) const NO_SITE: &str = "сайт не указан";
/// Problem text for a cell that holds only an e-mail address.
pub(crate) const EMAIL_ONLY: &str = "в ячейке адрес электронной почты, а не сайт";
/// Problem text for a cell with words but no address.
pub(crate) const NO_ADDRESS: &str = "в ячейке нет адреса сайта";

/// What a typed address yields when it names a site.
#[derive(Clone)]
pub struct SiteAddress {
    /// The normalised start URL (never with credentials).
    pub url: Url,
    /// Credentials written into the address (`user:pass@`), as Basic auth for the site.
    pub auth: Option<BasicAuth>,
    /// Other addresses found in the same text, as written (credentials masked).
    pub others: Vec<String>,
}

impl std::fmt::Debug for SiteAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Credentials never reach a log.
        f.debug_struct("SiteAddress")
            .field("url", &self.url.as_str())
            .field("auth", &self.auth.is_some())
            .field("others", &self.others)
            .finish()
    }
}

/// Why a typed text names no site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressProblem {
    /// Empty, or a placeholder such as «нет».
    NoSite,
    /// Only an e-mail address.
    EmailOnly,
    /// Words, but nothing that looks like an address.
    NoAddress,
    /// Something address-like that does not parse (the reason in Russian).
    Unparsable(String),
}

impl AddressProblem {
    /// The reason without the word «ячейка», for a command-line argument or a form field.
    pub fn reason(&self) -> String {
        match self {
            AddressProblem::NoSite => "адрес не указан".into(),
            AddressProblem::EmailOnly => "это адрес электронной почты, а не сайта".into(),
            AddressProblem::NoAddress => "нет адреса сайта".into(),
            AddressProblem::Unparsable(reason) => reason.clone(),
        }
    }
}

impl std::fmt::Display for AddressProblem {
    /// The sentence of the input report for a cell of a list.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddressProblem::NoSite => f.write_str(NO_SITE),
            AddressProblem::EmailOnly => f.write_str(EMAIL_ONLY),
            AddressProblem::NoAddress => f.write_str(NO_ADDRESS),
            AddressProblem::Unparsable(reason) => write!(f, "адрес сайта не разобран: {reason}"),
        }
    }
}

impl std::error::Error for AddressProblem {}

/// Values people type when an institution has no site.
const PLACEHOLDERS: &[&str] = &[
    "нет",
    "-",
    "--",
    "---",
    "—",
    "–",
    "-/-",
    "?",
    "0",
    "х",
    "x",
    "n/a",
    "na",
    "none",
    "null",
    "нет сайта",
    "сайта нет",
    "отсутствует",
    "отсутствуют",
    "сайт отсутствует",
    "не имеется",
    "не указан",
    "не указано",
    "нет данных",
    "н/д",
    "не предусмотрен",
    "в разработке",
    "сайт в разработке",
    "находится в разработке",
];

/// Cyrillic top-level domains that appear in Russian registers.
const CYRILLIC_TLDS: &[&str] = &[
    "рф",
    "рус",
    "москва",
    "дети",
    "сайт",
    "онлайн",
    "орг",
    "ком",
    "бел",
    "укр",
    "срб",
];

/// File extensions that look like TLDs in `scan.pdf` but never are the site.
const FILE_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "rtf", "txt", "jpg", "jpeg", "png", "gif",
    "htm", "html", "php", "rar", "csv",
];

/// `http :// host`, `http//host`, `https:/ / host` — scheme typed with spaces or a missing colon.
static SPACED_SCHEME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(https?)\s*:?\s*/\s*/+\s*").expect("valid regex"));
/// `https://http://host` — the register's form prefilled a scheme and the clerk typed another.
static DOUBLED_SCHEME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:https?://)+(https?://)").expect("valid regex"));
/// `localhost` or `127.0.0.1`, with an optional port and path: a site served on this
/// computer, as an institution's CI or a test has it.
static LOCAL_HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(localhost|(\d{1,3}\.){3}\d{1,3})(:\d{1,5})?([/?#].*)?$").expect("valid regex")
});
/// A host (with optional port and path) without a scheme: `kcson.ru`, `тцсо.рф/about`.
static BARE_HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{L}\p{N}][\p{L}\p{N}_-]*\.)+([\p{L}]{2,24}|xn--[a-z0-9-]{2,59})\.?(:\d{1,5})?([/?#].*)?$")
        .expect("valid regex")
});

/// How a token of a cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    /// Starts with `http(s)://` or `www.`.
    Url,
    /// A host with a dot but no scheme.
    Host,
    /// `mailto:` or `name@host`.
    Email,
}

/// Reads a site address as a person typed it: a cell of a list, the URL given to `check`, a form
/// field. Repairs the usual typos, picks the first address of several, keeps credentials apart.
pub fn read_site_address(text: &str) -> Result<SiteAddress, AddressProblem> {
    let cleaned = text
        .trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == '\u{feff}')
        .trim();
    if cleaned.is_empty() || is_placeholder(cleaned) {
        return Err(AddressProblem::NoSite);
    }
    let repaired = SPACED_SCHEME.replace_all(cleaned, "$1://");
    let tokens = classify_tokens(&repaired);
    let chosen = tokens
        .iter()
        .position(|(_, kind)| *kind == TokenKind::Url)
        .or_else(|| tokens.iter().position(|(_, kind)| *kind == TokenKind::Host));
    let Some(chosen) = chosen else {
        return Err(no_candidate_problem(&repaired, &tokens));
    };
    let first = DOUBLED_SCHEME.replace(&tokens[chosen].0, "$1").into_owned();
    let (url, auth) = parse_start_url_with_auth(&first).map_err(|e| unparsable(&e))?;
    let mut others: Vec<String> = Vec::new();
    for (i, (token, kind)) in tokens.iter().enumerate() {
        let masked = crate::urlnorm::mask_userinfo(token);
        if i != chosen && *kind != TokenKind::Email && *token != first && !others.contains(&masked)
        {
            others.push(masked);
        }
    }
    Ok(SiteAddress { url, auth, others })
}

/// Parses a URL cell. `Err` holds the problem sentence for the input report.
pub(crate) fn parse_url_cell(cell: &str) -> Result<SiteAddress, String> {
    read_site_address(cell).map_err(|p| p.to_string())
}

/// True when a cell holds something that looks like a site address (used to find the URL column
/// by content when no header names it).
pub(crate) fn looks_like_site(cell: &str) -> bool {
    parse_url_cell(cell).is_ok()
}

/// A dedup key: the same site whatever the scheme, `www.`, trailing slash or letter case of host.
pub(crate) fn site_key(url: &Url) -> String {
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    format!("{}{port}{path}{query}", crate::urlnorm::bare_host(url))
}

fn is_placeholder(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    let key = lower
        .trim_end_matches(['.', '!'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    PLACEHOLDERS.contains(&key.as_str())
}

/// Splits a cell into address-like tokens, in order; words that are not addresses are dropped.
fn classify_tokens(cell: &str) -> Vec<(String, TokenKind)> {
    cell.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|'))
        .filter_map(|raw| {
            let token = trim_token(raw);
            let token = from_embedded_url(token);
            token_kind(token).map(|kind| (token.to_string(), kind))
        })
        .collect()
}

fn trim_token(raw: &str) -> &str {
    raw.trim_matches(|c: char| {
        matches!(
            c,
            '"' | '\''
                | '«'
                | '»'
                | '('
                | ')'
                | '<'
                | '>'
                | '['
                | ']'
                | '{'
                | '}'
                | '.'
                | ':'
                | '!'
        )
    })
}

/// `сайт:http://x.ru` or `(www.x.ru` → the address part.
fn from_embedded_url(token: &str) -> &str {
    let lower = token.to_ascii_lowercase();
    let start = ["http://", "https://", "www."]
        .iter()
        .filter_map(|p| lower.find(p))
        .filter(|&i| i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric())
        .min();
    match start {
        Some(i) if token.is_char_boundary(i) => &token[i..],
        _ => token,
    }
}

fn token_kind(token: &str) -> Option<TokenKind> {
    let lower = token.to_lowercase();
    if lower.starts_with("mailto:") || (token.contains('@') && !lower.starts_with("http")) {
        return Some(TokenKind::Email);
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return Some(TokenKind::Url);
    }
    (is_bare_host(&lower) || LOCAL_HOST.is_match(&lower)).then_some(TokenKind::Host)
}

/// `kcson.ru`, `x.ru`, `тцсо.рф/about` — but not `г.Москва`, `д.33`, `scan.pdf`.
fn is_bare_host(lower: &str) -> bool {
    let Some(caps) = BARE_HOST.captures(lower) else {
        return false;
    };
    let tld = caps.get(2).map_or("", |m| m.as_str());
    let host_end = caps.get(2).map_or(0, |m| m.end());
    let labels: Vec<&str> = lower[..host_end].split('.').collect();
    let second = labels
        .len()
        .checked_sub(2)
        .and_then(|i| labels.get(i))
        .copied()
        .unwrap_or("");
    if tld.is_ascii() {
        !FILE_EXTENSIONS.contains(&tld)
    } else {
        // `г.Москва`, `п.Рф` are abbreviations in addresses, not hosts.
        CYRILLIC_TLDS.contains(&tld) && second.chars().count() >= 2
    }
}

fn no_candidate_problem(cell: &str, tokens: &[(String, TokenKind)]) -> AddressProblem {
    if tokens.iter().any(|(_, kind)| *kind == TokenKind::Email) {
        return AddressProblem::EmailOnly;
    }
    let words: Vec<&str> = cell.split_whitespace().collect();
    match words.as_slice() {
        [single] => match parse_start_url(single) {
            Ok(_) => AddressProblem::NoAddress,
            Err(e) => unparsable(&e),
        },
        _ => AddressProblem::NoAddress,
    }
}

fn unparsable(error: &AuditError) -> AddressProblem {
    match error {
        AuditError::BadUrl { reason, .. } => AddressProblem::Unparsable(reason.clone()),
    }
}

#[cfg(test)]
#[path = "url_cell_tests.rs"]
mod tests;
