//! When a schedule fires: standard 5-field cron expressions (minute hour day-of-month month
//! day-of-week, with lists, ranges, steps, month and weekday names, `@daily`-style shortcuts),
//! evaluated in one configured time zone — a fixed UTC offset, as every Russian zone has been
//! since 2014 (no daylight saving), so a name is just a name for its offset.

use chrono::{DateTime, FixedOffset};
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;

/// The five fields in Russian, in order, with what each accepts.
const FIELDS: [(&str, &str); 5] = [
    ("минуты", "0–59"),
    ("часы", "0–23"),
    ("день месяца", "1–31"),
    ("месяц", "1–12 или JAN–DEC"),
    ("день недели", "0–7 (0 и 7 — воскресенье) или SUN–SAT"),
];

/// The shortcuts taken instead of five fields.
const SHORTCUTS: [&str; 6] = [
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@hourly",
];

/// A parsed cron expression.
#[derive(Debug, Clone)]
pub struct CronExpr {
    text: String,
    cron: Cron,
}

fn parser() -> CronParser {
    CronParser::builder()
        .seconds(Seconds::Disallowed)
        .year(Year::Disallowed)
        .build()
}

impl CronExpr {
    /// Parses `text`; a bad expression gets a Russian sentence naming the field at fault.
    pub fn parse(text: &str) -> Result<CronExpr, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("выражение cron пустое: нужны 5 полей (минуты, часы, день месяца, месяц, день недели), например «0 6 * * 1»".into());
        }
        if text.starts_with('@') {
            if !SHORTCUTS.iter().any(|s| s.eq_ignore_ascii_case(text)) {
                return Err(format!(
                    "сокращение «{text}» неизвестно: допустимы {}",
                    SHORTCUTS.join(", ")
                ));
            }
        } else {
            let fields: Vec<&str> = text.split_whitespace().collect();
            if fields.len() != FIELDS.len() {
                return Err(format!(
                    "в выражении cron «{text}» полей {}, а нужно 5: минуты, часы, день месяца, месяц, день недели",
                    fields.len()
                ));
            }
            for (i, field) in fields.iter().enumerate() {
                let mut alone = ["*"; 5];
                alone[i] = field;
                if parser().parse(&alone.join(" ")).is_err() {
                    let (name, range) = FIELDS[i];
                    return Err(format!(
                        "поле «{name}» выражения cron неверно («{field}»): допустимы {range}, «*», списки через запятую, диапазоны через дефис и шаг через «/»"
                    ));
                }
            }
        }
        let cron = parser()
            .parse(text)
            .map_err(|e| format!("выражение cron «{text}» не разобрано: {e}"))?;
        let expr = CronExpr {
            text: text.to_string(),
            cron,
        };
        // `0 0 31 2 *` parses but never comes: refuse it rather than a schedule that never runs.
        if expr.next_after(&Zone::utc(), 0).is_none() {
            return Err(format!(
                "выражение cron «{text}» не совпадает ни с одной датой"
            ));
        }
        Ok(expr)
    }

    /// The expression as written (trimmed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first time strictly after `after_ms` (milliseconds since the epoch) when the
    /// expression matches in `zone`; `None` when it never does.
    pub fn next_after(&self, zone: &Zone, after_ms: i64) -> Option<i64> {
        let after = DateTime::from_timestamp_millis(after_ms)?.with_timezone(&zone.offset());
        self.cron
            .find_next_occurrence(&after, false)
            .ok()
            .map(|t| t.timestamp_millis())
    }

    /// The next `n` times after `after_ms`.
    pub fn next_runs(&self, zone: &Zone, after_ms: i64, n: usize) -> Vec<i64> {
        let mut runs = Vec::with_capacity(n);
        let mut from = after_ms;
        while runs.len() < n {
            match self.next_after(zone, from) {
                Some(next) => {
                    runs.push(next);
                    from = next;
                }
                None => break,
            }
        }
        runs
    }
}

/// The time zone schedules are evaluated in: a fixed offset from UTC with a name for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// Minutes east of UTC.
    pub offset_minutes: i32,
    /// The name as configured (`Europe/Moscow`, `UTC+05:00`).
    pub name: String,
}

/// Russian zone names and their offsets in hours (no daylight saving since 2014).
const NAMED: [(&str, i32); 12] = [
    ("Europe/Kaliningrad", 2),
    ("Europe/Moscow", 3),
    ("Europe/Volgograd", 3),
    ("Europe/Samara", 4),
    ("Asia/Yekaterinburg", 5),
    ("Asia/Omsk", 6),
    ("Asia/Novosibirsk", 7),
    ("Asia/Krasnoyarsk", 7),
    ("Asia/Irkutsk", 8),
    ("Asia/Yakutsk", 9),
    ("Asia/Vladivostok", 10),
    ("Asia/Kamchatka", 12),
];

impl Default for Zone {
    fn default() -> Zone {
        Zone::moscow()
    }
}

impl Zone {
    /// Europe/Moscow, UTC+3: the default.
    pub fn moscow() -> Zone {
        Zone {
            offset_minutes: 180,
            name: "Europe/Moscow".into(),
        }
    }

    /// UTC.
    pub fn utc() -> Zone {
        Zone {
            offset_minutes: 0,
            name: "UTC".into(),
        }
    }

    /// `Europe/Moscow` (or another Russian zone name), `UTC`, or an offset: `+03:00`, `+3`,
    /// `UTC+3`, `-05:30`.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if let Some((name, hours)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(text)) {
            return Ok(Zone {
                offset_minutes: hours * 60,
                name: (*name).to_string(),
            });
        }
        let bad = || {
            format!(
                "часовой пояс «{text}» не понят: укажите смещение вроде «+03:00» или «UTC+5», либо имя российского пояса ({})",
                NAMED.map(|(n, _)| n).join(", ")
            )
        };
        let upper = text.to_ascii_uppercase();
        let offset = upper
            .strip_prefix("UTC")
            .or_else(|| upper.strip_prefix("GMT"))
            .unwrap_or(&upper);
        if offset.is_empty() || offset == "Z" {
            return Ok(Zone::utc());
        }
        let (sign, rest) = match offset.as_bytes()[0] {
            b'+' => (1, &offset[1..]),
            b'-' => (-1, &offset[1..]),
            _ => return Err(bad()),
        };
        let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
        let hours: i32 = h.parse().map_err(|_| bad())?;
        let minutes: i32 = m.parse().map_err(|_| bad())?;
        if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
            return Err(bad());
        }
        let offset_minutes = sign * (hours * 60 + minutes);
        Ok(Zone {
            offset_minutes,
            name: format!("UTC{}", offset_label(offset_minutes)),
        })
    }

    fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// `ms` as local date and time of the zone, `2026-12-07 06:00`.
    pub fn format(&self, ms: i64) -> String {
        DateTime::from_timestamp_millis(ms)
            .map(|t| {
                t.with_timezone(&self.offset())
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// The zone for people: `Europe/Moscow (UTC+03:00)`.
    pub fn label(&self) -> String {
        let offset = format!("UTC{}", offset_label(self.offset_minutes));
        if self.name == offset {
            offset
        } else {
            format!("{} ({offset})", self.name)
        }
    }
}

fn offset_label(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
#[path = "cron_tests.rs"]
mod tests;
