//! The crawler-trap guard: it refuses URLs that *look* like a trap — ever-growing or repeating
//! paths, calendars walking into the far past or future, session ids, endless filter
//! combinations — not ordinary numeric URLs (`/docs/1234/`, `?id=123`, Bitrix `?ELEMENT_ID=55`),
//! which only a generous per-pattern cap limits, as a last resort.

use crate::report::TrapReason;
use crate::urlnorm;
use std::collections::{HashMap, HashSet};
use url::Url;

/// URLs of one calendar-like pattern queued at most: three years of month pages.
const CALENDAR_CAP: usize = 36;
/// Distinct query-parameter combinations one path may have before more are a filter trap.
const MAX_COMBINATIONS: usize = 30;
/// Calendar years this far behind the current year are a calendar walking into the past.
const PAST_YEARS: i32 = 25;
/// Calendar years this far ahead are a calendar walking into the future.
const FUTURE_YEARS: i32 = 2;

/// Query parameters that carry a calendar position.
const CALENDAR_PARAMS: &[&str] = &[
    "year", "y", "yr", "month", "mon", "m", "day", "d", "date", "week", "cal", "calendar",
];
/// Path words of calendar pages.
const CALENDAR_WORDS: &[&str] = &["calendar", "kalendar", "календар"];
/// Query parameters that carry a session id.
const SESSION_PARAMS: &[&str] = &[
    "sid",
    "sessid",
    "sessionid",
    "session_id",
    "session",
    "phpsessid",
    "jsessionid",
    "oscsid",
    "zenid",
    "cfid",
    "cftoken",
];

/// Counts per pattern and per path; decides whether a URL may be queued.
#[derive(Debug)]
pub struct TrapGuard {
    per_pattern: HashMap<String, usize>,
    combinations: HashMap<String, HashSet<String>>,
    max_per_pattern: usize,
    current_year: i32,
}

impl TrapGuard {
    /// A guard with a hard cap of `max_per_pattern` URLs per pattern, judging calendars by today.
    pub fn new(max_per_pattern: usize) -> Self {
        let year = time::OffsetDateTime::now_utc().year();
        Self::with_year(max_per_pattern, year)
    }

    /// A guard that takes `current_year` as the present (for tests).
    pub fn with_year(max_per_pattern: usize, current_year: i32) -> Self {
        TrapGuard {
            per_pattern: HashMap::new(),
            combinations: HashMap::new(),
            max_per_pattern,
            current_year,
        }
    }

    /// Counts `url` when it may be queued, or says why it is a trap.
    pub fn admit(&mut self, url: &Url) -> Result<(), TrapReason> {
        if urlnorm::looks_like_trap(url) {
            return Err(TrapReason::Shape);
        }
        if has_session_id(url) {
            return Err(TrapReason::Session);
        }
        let calendar = calendar_like(url);
        if calendar && self.off_calendar(url) {
            return Err(TrapReason::Calendar);
        }
        let key = urlnorm::trap_key(url);
        let count = self.per_pattern.get(&key).copied().unwrap_or(0);
        if calendar && count >= CALENDAR_CAP {
            return Err(TrapReason::Calendar);
        }
        if count >= self.max_per_pattern {
            return Err(TrapReason::PatternCap);
        }
        self.check_combination(url)?;
        self.per_pattern.insert(key, count + 1);
        Ok(())
    }

    /// A new combination of query parameters on a path that already has too many.
    fn check_combination(&mut self, url: &Url) -> Result<(), TrapReason> {
        if url.query().is_none() {
            return Ok(());
        }
        let path = urlnorm::trap_key(&path_only(url));
        let combo = combination(url);
        let seen = self.combinations.entry(path).or_default();
        if seen.contains(&combo) {
            return Ok(());
        }
        if seen.len() >= MAX_COMBINATIONS {
            return Err(TrapReason::Filters);
        }
        seen.insert(combo);
        Ok(())
    }

    /// A calendar position that cannot be real: month 13, day 32, a year far away.
    fn off_calendar(&self, url: &Url) -> bool {
        let far = |year: i32| {
            (1900..2200).contains(&year)
                && (year < self.current_year - PAST_YEARS
                    || year > self.current_year + FUTURE_YEARS)
        };
        for (name, value) in url.query_pairs() {
            let name = name.to_ascii_lowercase();
            let Ok(n) = value.trim().parse::<i64>() else {
                if let Some(year) = leading_year(&value) {
                    if matches!(name.as_str(), "date" | "day" | "d") && far(year) {
                        return true;
                    }
                }
                continue;
            };
            let off = match name.as_str() {
                "month" | "mon" | "m" => !(1..=12).contains(&n),
                "day" | "d" => !(1..=31).contains(&n),
                "year" | "y" | "yr" => i32::try_from(n).map_or(true, far) || n < 1900,
                _ => false,
            };
            if off {
                return true;
            }
        }
        segments(url)
            .iter()
            .filter_map(|s| s.parse::<i32>().ok())
            .any(|n| is_year_number(n) && far(n))
    }
}

fn is_year_number(n: i32) -> bool {
    (1000..=9999).contains(&n)
}

/// The year a `2024-05-01`-style value starts with.
fn leading_year(value: &str) -> Option<i32> {
    let head = value.get(..4)?;
    head.parse()
        .ok()
        .filter(|_| value.len() == 4 || !value.as_bytes()[4].is_ascii_digit())
}

/// True for pages of a calendar: a calendar word in the path followed by nothing but numbers, a
/// calendar parameter with a number or date, or a path that ends in `/YYYY/MM/` (an item under a
/// dated path, `/news/2024/05/item-12/`, is no calendar page).
fn calendar_like(url: &Url) -> bool {
    let segs = segments(url);
    let is_word = |s: &str| {
        let lower = urlnorm::percent_decode(s).to_lowercase();
        lower == "cal" || CALENDAR_WORDS.iter().any(|w| lower.contains(w))
    };
    let word = segs.iter().rposition(|s| is_word(s)).is_some_and(|i| {
        segs[i + 1..].iter().all(|s| {
            s.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
        })
    });
    let param = url.query_pairs().any(|(k, v)| {
        CALENDAR_PARAMS.contains(&k.to_ascii_lowercase().as_str())
            && !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
    });
    let is_year = |s: &str| s.len() == 4 && s.parse::<i32>().is_ok_and(is_year_number);
    let is_small = |s: &str| s.len() <= 2 && s.parse::<u32>().is_ok();
    let dated_path = match segs.as_slice() {
        [.., y, m] => is_year(y) && is_small(m),
        _ => false,
    } || match segs.as_slice() {
        [.., y, m, d] => is_year(y) && is_small(m) && is_small(d),
        _ => false,
    };
    word || param || dated_path
}

/// True when the URL carries a session id (a new URL for every visit).
fn has_session_id(url: &Url) -> bool {
    let lower_path = url.path().to_ascii_lowercase();
    lower_path.contains(";jsessionid=")
        || lower_path.contains("/(s(")
        || url.query_pairs().any(|(k, v)| {
            let k = k.to_ascii_lowercase();
            !v.is_empty() && (SESSION_PARAMS.contains(&k.as_str()) || k.starts_with("aspsessionid"))
        })
}

/// Parameter names with the shape of their values (digits as `N`), sorted: `/events/?page=2&sort=date`
/// and `?page=3&sort=date` are one combination, `sort=title` another.
fn combination(url: &Url) -> String {
    let mut parts: Vec<String> = url
        .query_pairs()
        .map(|(k, v)| format!("{k}={}", digits_as_n(&v)))
        .collect();
    parts.sort();
    parts.join("&")
}

fn digits_as_n(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('N') {
                out.push('N');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn path_only(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_query(None);
    u
}

fn segments(url: &Url) -> Vec<&str> {
    url.path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admit(guard: &mut TrapGuard, s: &str) -> Result<(), TrapReason> {
        guard.admit(&Url::parse(s).expect("test url"))
    }

    #[test]
    fn ordinary_numeric_urls_are_not_traps() {
        let mut g = TrapGuard::with_year(500, 2026);
        for n in 1..=300 {
            assert_eq!(admit(&mut g, &format!("http://a.ru/docs/{n}/")), Ok(()));
            assert_eq!(
                admit(&mut g, &format!("http://a.ru/doc.php?id={n}")),
                Ok(())
            );
            let bitrix = format!("http://a.ru/news/index.php?SECTION_ID=3&ELEMENT_ID={n}");
            assert_eq!(admit(&mut g, &bitrix), Ok(()));
            assert_eq!(
                admit(&mut g, &format!("http://a.ru/news/2024/05/item-{n}/")),
                Ok(())
            );
        }
    }

    #[test]
    fn the_hard_cap_is_the_last_resort() {
        let mut g = TrapGuard::with_year(500, 2026);
        for n in 0..500 {
            assert_eq!(admit(&mut g, &format!("http://a.ru/docs/{n}/")), Ok(()));
        }
        assert_eq!(
            admit(&mut g, "http://a.ru/docs/501/"),
            Err(TrapReason::PatternCap)
        );
    }

    #[test]
    fn calendars_walking_off_the_calendar_or_too_far_are_traps() {
        let mut g = TrapGuard::with_year(500, 2026);
        assert_eq!(admit(&mut g, "http://a.ru/events/?month=12"), Ok(()));
        assert_eq!(
            admit(&mut g, "http://a.ru/events/?month=13"),
            Err(TrapReason::Calendar)
        );
        assert_eq!(
            admit(&mut g, "http://a.ru/events/?month=0"),
            Err(TrapReason::Calendar)
        );
        assert_eq!(
            admit(&mut g, "http://a.ru/afisha/?year=2031&month=1"),
            Err(TrapReason::Calendar)
        );
        assert_eq!(
            admit(&mut g, "http://a.ru/afisha/?year=1987&month=1"),
            Err(TrapReason::Calendar)
        );
        assert_eq!(
            admit(&mut g, "http://a.ru/afisha/?date=2040-01-01"),
            Err(TrapReason::Calendar)
        );
        assert_eq!(
            admit(&mut g, "http://a.ru/calendar/1970/01/"),
            Err(TrapReason::Calendar)
        );
        assert_eq!(admit(&mut g, "http://a.ru/calendar/2026/11/"), Ok(()));
        // A calendar inside the years is still capped far below the hard cap.
        let mut g = TrapGuard::with_year(500, 2026);
        let mut refused = 0;
        for n in 0..100 {
            if admit(&mut g, &format!("http://a.ru/calendar/{n}/")).is_err() {
                refused += 1;
            }
        }
        assert_eq!(refused, 100 - CALENDAR_CAP);
    }

    #[test]
    fn session_ids_and_repeating_paths_are_traps() {
        let mut g = TrapGuard::with_year(500, 2026);
        assert_eq!(
            admit(&mut g, "http://a.ru/page?sid=a1b2c3d4e5"),
            Err(TrapReason::Session)
        );
        assert_eq!(
            admit(&mut g, "http://a.ru/(S(abcdef123))/page.aspx"),
            Err(TrapReason::Session)
        );
        assert_eq!(
            admit(&mut g, "http://a.ru/a/b/a/b/a/b/a/b/"),
            Err(TrapReason::Shape)
        );
    }

    #[test]
    fn endless_filter_combinations_on_one_path_are_traps() {
        let mut g = TrapGuard::with_year(500, 2026);
        let sorts = ["date", "title", "-date", "views", "author", "rating"];
        let views = ["list", "grid", "table", "cards", "compact", "full"];
        let mut refused = 0;
        for s in sorts {
            for v in views {
                for page in 1..=3 {
                    let url = format!("http://a.ru/catalog/?sort={s}&view={v}&page={page}");
                    if admit(&mut g, &url) == Err(TrapReason::Filters) {
                        refused += 1;
                    }
                }
            }
        }
        // 36 combinations of sort and view; paging does not make new ones.
        assert_eq!(refused, (36 - MAX_COMBINATIONS) * 3);
    }
}
