use super::*;

/// Milliseconds of a UTC date and time.
fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|day| day.and_hms_opt(h, mi, 0))
        .expect("valid date")
        .and_utc()
        .timestamp_millis()
}

#[test]
fn daily_at_six_is_six_in_moscow_not_in_utc() {
    let expr = CronExpr::parse("0 6 * * *").expect("parse");
    let moscow = Zone::moscow();
    // 2026-12-06 04:00 UTC is 07:00 in Moscow: six o'clock has passed there today.
    let now = utc(2026, 12, 6, 4, 0);
    let next = expr.next_after(&moscow, now).expect("next");
    assert_eq!(next, utc(2026, 12, 7, 3, 0));
    assert_eq!(moscow.format(next), "2026-12-07 06:00");
    assert_eq!(
        expr.next_after(&Zone::utc(), now),
        Some(utc(2026, 12, 6, 6, 0))
    );
}

#[test]
fn steps_lists_ranges_and_weekdays() {
    let zone = Zone::utc();
    let every_15 = CronExpr::parse("*/15 * * * *").expect("parse");
    assert_eq!(
        every_15.next_runs(&zone, utc(2026, 12, 6, 10, 7), 3),
        vec![
            utc(2026, 12, 6, 10, 15),
            utc(2026, 12, 6, 10, 30),
            utc(2026, 12, 6, 10, 45)
        ]
    );
    // 2026-12-06 is a Sunday; Monday to Friday at 9:30 and 18:00 starts on Monday.
    let workdays = CronExpr::parse("30 9,18 * * MON-FRI").expect("parse");
    assert_eq!(
        workdays.next_runs(&zone, utc(2026, 12, 6, 12, 0), 3),
        vec![
            utc(2026, 12, 7, 9, 30),
            utc(2026, 12, 7, 18, 30),
            utc(2026, 12, 8, 9, 30)
        ]
    );
    let monthly = CronExpr::parse("@monthly").expect("parse");
    assert_eq!(
        monthly.next_after(&zone, utc(2026, 12, 6, 0, 0)),
        Some(utc(2027, 1, 1, 0, 0))
    );
}

#[test]
fn the_next_run_is_strictly_later_even_at_the_exact_minute() {
    let expr = CronExpr::parse("0 * * * *").expect("parse");
    let zone = Zone::utc();
    let at = utc(2026, 12, 6, 10, 0);
    assert_eq!(expr.next_after(&zone, at), Some(utc(2026, 12, 6, 11, 0)));
    assert_eq!(
        expr.next_after(&zone, at + 500),
        Some(utc(2026, 12, 6, 11, 0))
    );
    assert_eq!(expr.next_after(&zone, at - 1), Some(at));
}

#[test]
fn bad_expressions_name_the_field_in_russian() {
    let hour = CronExpr::parse("0 25 * * *").expect_err("hour 25");
    assert!(hour.contains("«часы»") && hour.contains("25"), "{hour}");
    let weekday = CronExpr::parse("0 6 * * MONDAYS").expect_err("weekday");
    assert!(weekday.contains("«день недели»"), "{weekday}");
    let minute = CronExpr::parse("61 * * * *").expect_err("minute");
    assert!(minute.contains("«минуты»"), "{minute}");
    let month = CronExpr::parse("0 0 1 13 *").expect_err("month");
    assert!(month.contains("«месяц»"), "{month}");
    let count = CronExpr::parse("0 6 * *").expect_err("four fields");
    assert!(count.contains("полей 4"), "{count}");
    let seconds = CronExpr::parse("0 0 6 * * *").expect_err("six fields");
    assert!(seconds.contains("полей 6"), "{seconds}");
    let never = CronExpr::parse("0 0 31 2 *").expect_err("never");
    assert!(never.contains("ни с одной датой"), "{never}");
    assert!(CronExpr::parse("@sometimes").is_err());
    assert!(CronExpr::parse("  ").is_err());
}

#[test]
fn zones_by_name_and_offset() {
    assert_eq!(Zone::parse("Europe/Moscow"), Ok(Zone::moscow()));
    assert_eq!(
        Zone::parse("asia/yekaterinburg").map(|z| z.offset_minutes),
        Ok(300)
    );
    assert_eq!(Zone::parse("+03:00").map(|z| z.offset_minutes), Ok(180));
    assert_eq!(Zone::parse("UTC+5").map(|z| z.offset_minutes), Ok(300));
    assert_eq!(Zone::parse("-05:30").map(|z| z.offset_minutes), Ok(-330));
    assert_eq!(Zone::parse("UTC"), Ok(Zone::utc()));
    assert_eq!(Zone::parse("+7").map(|z| z.label()), Ok("UTC+07:00".into()));
    assert_eq!(Zone::moscow().label(), "Europe/Moscow (UTC+03:00)");
    for bad in ["Mars/Olympus", "+25", "3", "+3:99"] {
        let e = Zone::parse(bad).expect_err(bad);
        assert!(e.contains("часовой пояс"), "{e}");
    }
}

#[test]
fn an_offset_zone_shifts_the_runs() {
    let expr = CronExpr::parse("0 0 * * *").expect("parse");
    let vladivostok = Zone::parse("Asia/Vladivostok").expect("zone");
    // Midnight at UTC+10 is 14:00 UTC of the day before.
    assert_eq!(
        expr.next_after(&vladivostok, utc(2026, 12, 6, 12, 0)),
        Some(utc(2026, 12, 6, 14, 0))
    );
}
