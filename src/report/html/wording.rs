//! Russian wording and number formats shared by the HTML and terminal reports.

use crate::model::{Severity, Status};

/// Russian noun form for `n`: `one` (1, 21), `few` (2–4, 22–24), `many` (0, 5–20, 25…).
pub(crate) fn plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

/// `85,7 %`; a score that is not a finite number is shown as a dash rather than `NaN %`.
pub(crate) fn format_percent(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1} %").replace('.', ",")
    } else {
        "—".to_string()
    }
}

/// `90 баллов из 100`.
pub(crate) fn format_feedback(score: u32) -> String {
    let n = score as usize;
    format!("{score} {} из 100", plural(n, "балл", "балла", "баллов"))
}

/// `2 мин 5 с`, `12,3 с`.
pub(crate) fn format_duration(ms: u64) -> String {
    let secs = ms / 1000;
    match secs {
        0..=59 => format!("{:.1} с", ms as f64 / 1000.0).replace('.', ","),
        60..=3599 => format!("{} мин {} с", secs / 60, secs % 60),
        _ => format!("{} ч {} мин", secs / 3600, secs % 3600 / 60),
    }
}

/// `2026-03-05T10:20:30Z` → `05.03.2026, 10:20 UTC`; anything unexpected is shown as given.
pub(crate) fn format_timestamp(rfc3339: &str) -> String {
    let parts = (rfc3339.get(0..4), rfc3339.get(5..7), rfc3339.get(8..10));
    let (Some(y), Some(m), Some(d)) = parts else {
        return rfc3339.to_string();
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y) && digits(m) && digits(d)) {
        return rfc3339.to_string();
    }
    let time = rfc3339
        .get(11..16)
        .filter(|t| t.as_bytes().get(2) == Some(&b':'));
    let utc = rfc3339.ends_with('Z') || rfc3339.ends_with("+00:00");
    match time {
        Some(t) if utc => format!("{d}.{m}.{y}, {t} UTC"),
        Some(t) => format!("{d}.{m}.{y}, {t}"),
        None => format!("{d}.{m}.{y}"),
    }
}

/// What each status means, in words a director understands.
pub(crate) fn status_words(status: Status) -> &'static str {
    match status {
        Status::Pass => "сведения найдены на сайте",
        Status::Partial => "найдено, но не работает: ссылка ведёт на ошибку или страница пуста",
        Status::Fail => "не найдено ни на одной доступной странице сайта",
        Status::Unknown => {
            "проверить не удалось: доступ закрыт, страницы не загрузились \
             или работают только с JavaScript"
        }
    }
}

/// CSS class of a status; the colours live in the template.
pub(crate) fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

/// `обязательное` / `рекомендуемое`.
pub(crate) fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Mandatory => "обязательное",
        Severity::Recommended => "рекомендуемое",
    }
}

/// Order of problems in «Чего не хватает»: missing first, then broken, then undecided.
pub(crate) fn problem_rank(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Partial => 1,
        Status::Unknown => 2,
        Status::Pass => 3,
    }
}
