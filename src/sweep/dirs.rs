//! Folder names for sites in a sweep's output: readable (from the host), safe on every file
//! system, and unique within one sweep.

use std::collections::HashSet;
use url::Url;

/// Hands out unique folder names.
#[derive(Debug, Default)]
pub struct DirNames {
    taken: HashSet<String>,
}

impl DirNames {
    /// Reserves a name that is already on disk (resuming, re-rendering).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_ascii_lowercase());
    }

    /// A unique folder name for `url`: the host (Cyrillic domains shown in Cyrillic), plus the
    /// path when the site is a sub-path of a shared host, plus `-2`, `-3`… on a clash.
    pub fn name_for(&mut self, url: &Url) -> String {
        let mut base = host_label(url);
        let path = url.path().trim_matches('/');
        if !path.is_empty() {
            base.push('_');
            base.push_str(path);
        }
        let base = sanitize(&base);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate.to_ascii_lowercase()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.to_ascii_lowercase());
        candidate
    }
}

fn host_label(url: &Url) -> String {
    let host = url.host_str().unwrap_or("site");
    let host = host.strip_prefix("www.").unwrap_or(host);
    let (unicode, result) = idna::domain_to_unicode(host);
    let mut label = if result.is_ok() {
        unicode
    } else {
        host.to_string()
    };
    if let Some(port) = url.port() {
        label.push_str(&format!("_{port}"));
    }
    label
}

/// Keeps letters (any script), digits, `.`, `-`, `_`; everything else becomes `_`; at most 80 chars.
fn sanitize(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == '_');
    let cut: String = trimmed.chars().take(80).collect();
    if cut.is_empty() {
        "site".to_string()
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_readable_safe_and_unique() {
        let mut names = DirNames::default();
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(names.name_for(&u("https://www.kcson.ru/")), "kcson.ru");
        assert_eq!(names.name_for(&u("http://kcson.ru/")), "kcson.ru-2");
        assert_eq!(names.name_for(&u("http://xn--n1afcq.xn--p1ai/")), "тцсо.рф");
        assert_eq!(
            names.name_for(&u("http://gu87.site.gov.spb.ru/otdeleniya/osod.html")),
            "gu87.site.gov.spb.ru_otdeleniya_osod.html"
        );
        assert_eq!(
            names.name_for(&u("http://127.0.0.1:8080/")),
            "127.0.0.1_8080"
        );
        assert!(!names
            .name_for(&u("http://a.ru/../../etc/passwd"))
            .contains('/'));
    }
}
