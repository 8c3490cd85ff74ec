//! Is a document fresh enough? Its age counts from the end of the years it is for, or from its
//! date, or — only when neither is written — from the server's or the file's modification time.

use super::dates::{find_dates, make_date, DateKind, YearSpan};
use serde::Serialize;
use time::{Date, Month};

/// When a document was made or what it is for, as far as one can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocTime {
    /// The years it is for ([`super::document_year`]).
    Years(YearSpan),
    /// A date it carries (approval, signature).
    Date(Date),
}

/// Whether a document is recent enough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "freshness")]
pub enum Freshness {
    /// Within the allowed age.
    Fresh,
    /// Too old; the reason is Russian, for the report.
    Stale {
        /// Why, with the year or date and the age.
        reason: String,
    },
    /// No year, date or modification time to judge by.
    Unknown,
}

/// A date from a `Last-Modified` header (`Tue, 12 Mar 2024 10:00:00 GMT`), document metadata
/// (`2024-03-12T10:00:00Z`, PDF `D:20240312…`) or text (`12.03.2024`).
pub fn parse_loose_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(t) = httpdate::parse_http_date(s) {
        return Some(time::OffsetDateTime::from(t).date());
    }
    let digits = s.strip_prefix("D:").unwrap_or(s);
    if digits.len() >= 8 && digits.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        return make_date(&digits[..4], digits[4..6].parse().ok()?, &digits[6..8]);
    }
    find_dates(s)
        .into_iter()
        .find(|d| d.offset == 0 && d.kind == DateKind::FullDate)
        .and_then(|d| d.date)
}

/// Whether a document is at most `max_age_days` old on `today`. A document for a year is as old
/// as the time since that year (or period) ended; a dated one, since its date. Only when neither
/// is known does the server's or the file's `last_modified` count: uploads and site moves touch
/// it, so it says little about the document itself.
pub fn freshness(
    doc: Option<DocTime>,
    last_modified: Option<&str>,
    today: Date,
    max_age_days: u32,
) -> Freshness {
    let (reference, what) = match doc {
        Some(DocTime::Years(span)) => {
            let end = Date::from_calendar_date(span.last, Month::December, 31);
            let Ok(end) = end else {
                return Freshness::Unknown;
            };
            let what = format!(
                "документ относится к {}; с конца {} года прошло",
                span.dative_ru(),
                span.last
            );
            (end, what)
        }
        Some(DocTime::Date(d)) => (d, format!("документ датирован {}; прошло", ru_date(d))),
        None => match last_modified.and_then(parse_loose_date) {
            Some(d) => (
                d,
                format!(
                    "файл последний раз изменён {} (по данным сервера или файла); прошло",
                    ru_date(d)
                ),
            ),
            None => return Freshness::Unknown,
        },
    };
    let age = (today - reference).whole_days();
    if age <= i64::from(max_age_days) {
        Freshness::Fresh
    } else {
        Freshness::Stale {
            reason: format!(
                "{what} {} (допустимо не более {})",
                days_ru(age),
                days_ru(i64::from(max_age_days))
            ),
        }
    }
}

/// `12.03.2024`.
pub(crate) fn ru_date(d: Date) -> String {
    format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
}

/// «1 день», «2 дня», «5 дней», «21 день», «111 дней».
pub(crate) fn days_ru(n: i64) -> String {
    let word = match (n % 10, n % 100) {
        (_, 11..=14) => "дней",
        (1, _) => "день",
        (2..=4, _) => "дня",
        _ => "дней",
    };
    format!("{n} {word}")
}
