//! Tests of dates, years and freshness.

use super::dates::percent_decode;
use super::freshness::days_ru;
use super::*;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 23);

fn span(first: i32, last: i32, basis: YearBasis) -> Option<YearSpan> {
    Some(YearSpan { first, last, basis })
}

#[test]
fn finds_numeric_textual_iso_and_year_dates() {
    let text = "Утвержден приказом от 25.12.2023 № 148. Согласовано «12» марта 2024 г. \
                Изменён 2024-04-01. План на 2024 год; период 2023–2025 годы. Телефон 8.12.345";
    let found = find_dates(text);
    let full: Vec<_> = found
        .iter()
        .filter(|d| d.kind == DateKind::FullDate)
        .map(|d| d.date.unwrap())
        .collect();
    assert_eq!(
        full,
        vec![
            date!(2023 - 12 - 25),
            date!(2024 - 03 - 12),
            date!(2024 - 04 - 01)
        ]
    );
    let years: Vec<i32> = found
        .iter()
        .filter(|d| d.kind == DateKind::YearOnly)
        .map(|d| d.year)
        .collect();
    assert_eq!(years, vec![2024, 2023, 2025]);
    // «12 марта 2024 г.»: the year is not counted again as a year-only date.
    assert!(found.iter().all(|d| d.text != "2024 г."), "{found:#?}");
}

#[test]
fn invalid_and_embedded_dates_are_skipped() {
    assert!(find_dates("31.02.2024 и 12.13.2024").is_empty());
    assert!(find_dates("счёт 123.03.20245").is_empty());
    assert!(find_dates("1200 год до н.э., 3000 год").is_empty());
    assert_eq!(
        find_dates("12.03.2024г.")[0].date,
        Some(date!(2024 - 03 - 12))
    );
}

#[test]
fn years_in_file_names() {
    assert_eq!(years_in_file_name("/media/nok/План_2024.pdf"), vec![2024]);
    assert_eq!(years_in_file_name("Отчет 2023-2025.pdf"), vec![2023, 2025]);
    assert_eq!(years_in_file_name("scan_20240312.pdf"), vec![2024]);
    assert_eq!(years_in_file_name("prikaz_12.01.2024_2024.pdf"), vec![2024]);
    assert_eq!(years_in_file_name("doc120241.pdf"), Vec::<i32>::new());
    assert_eq!(
        years_in_file_name("/upload/iblock/5f3/1234.pdf"),
        Vec::<i32>::new()
    );
    assert_eq!(
        years_in_file_name("/media/nok/%D0%9F%D0%BB%D0%B0%D0%BD%202019.pdf"),
        vec![2019]
    );
}

#[test]
fn percent_decoding_is_lenient() {
    assert_eq!(percent_decode("%D0%9F%D0%BB%D0%B0%D0%BD"), "План");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("a%zzb%4"), "a%zzb%4");
}

#[test]
fn document_year_reads_what_the_document_is_for() {
    use YearBasis::*;
    assert_eq!(
        document_year("", None, Some("План ФХД на 2026 год")),
        span(2026, 2026, For)
    );
    assert_eq!(
        document_year("", None, Some("План на 2025-2027 годы")),
        span(2025, 2027, For)
    );
    assert_eq!(
        document_year("", None, Some("План на 2024–2025 гг.")),
        span(2024, 2025, For)
    );
    assert_eq!(
        document_year(
            "",
            None,
            Some("Отчет о результатах деятельности за 2025 год")
        ),
        span(2025, 2025, Of)
    );
    assert_eq!(
        document_year(
            "",
            None,
            Some("План финансово-хозяйственной деятельности на 2026 год и плановый период 2027 и 2028 годов")
        ),
        span(2026, 2026, For)
    );
    // The link says nothing, the file name does.
    assert_eq!(
        document_year("", Some("/docs/plan_fhd_na_2024_god.pdf"), Some("План ФХД")),
        span(2024, 2024, Mentioned)
    );
    assert_eq!(
        document_year(
            "",
            Some("/docs/План%20на%202024%20год.pdf"),
            Some("Скачать")
        ),
        span(2024, 2024, For)
    );
    // The text's title, when link and name are silent; the approval date is not the year.
    let text =
        "УТВЕРЖДАЮ Директор 25.12.2023 г.\nПЛАН финансово-хозяйственной деятельности на 2024 год";
    assert_eq!(
        document_year(text, Some("doc5.pdf"), None),
        span(2024, 2024, For)
    );
    assert_eq!(
        document_year("Утверждено 25.12.2023 г.", Some("doc5.pdf"), None),
        None
    );
    assert_eq!(document_year("", Some("file.pdf"), Some("Устав")), None);
    // Nonsense periods are not periods.
    assert_eq!(
        document_year("История центра 1995-2030 годы", None, None),
        None
    );
}

#[test]
fn loose_dates_from_headers_and_metadata() {
    assert_eq!(
        parse_loose_date("Tue, 12 Mar 2024 10:00:00 GMT"),
        Some(date!(2024 - 03 - 12))
    );
    assert_eq!(
        parse_loose_date("2024-03-12T10:00:00Z"),
        Some(date!(2024 - 03 - 12))
    );
    assert_eq!(
        parse_loose_date("D:20240312101010+03'00'"),
        Some(date!(2024 - 03 - 12))
    );
    assert_eq!(parse_loose_date("12.03.2024"), Some(date!(2024 - 03 - 12)));
    assert_eq!(parse_loose_date("вчера"), None);
    assert_eq!(parse_loose_date("D:2024"), None);
    assert_eq!(parse_loose_date(""), None);
}

#[test]
fn freshness_counts_from_the_end_of_the_period() {
    let y = |first, last| {
        Some(DocTime::Years(YearSpan {
            first,
            last,
            basis: YearBasis::For,
        }))
    };
    assert_eq!(freshness(y(2026, 2026), None, TODAY, 30), Freshness::Fresh);
    assert_eq!(freshness(y(2027, 2027), None, TODAY, 30), Freshness::Fresh);
    assert_eq!(freshness(y(2024, 2025), None, TODAY, 730), Freshness::Fresh);
    let Freshness::Stale { reason } = freshness(y(2024, 2024), None, TODAY, 365) else {
        panic!("expected stale")
    };
    assert_eq!(
        reason,
        "документ относится к 2024 году; с конца 2024 года прошло 692 дня (допустимо не более 365 дней)"
    );
    let Freshness::Stale { reason } = freshness(y(2021, 2023), None, TODAY, 730) else {
        panic!("expected stale")
    };
    assert!(
        reason.starts_with("документ относится к 2021–2023 годам; с конца 2023 года"),
        "{reason}"
    );
}

#[test]
fn freshness_from_a_date_or_last_modified() {
    let d = Some(DocTime::Date(date!(2024 - 03 - 12)));
    let Freshness::Stale { reason } = freshness(d, None, TODAY, 730) else {
        panic!("expected stale")
    };
    assert!(
        reason.starts_with("документ датирован 12.03.2024; прошло 986 дней"),
        "{reason}"
    );
    // The document's own year wins over a recent upload.
    let y = Some(DocTime::Years(YearSpan {
        first: 2020,
        last: 2020,
        basis: YearBasis::For,
    }));
    assert!(matches!(
        freshness(y, Some("Mon, 02 Nov 2026 10:00:00 GMT"), TODAY, 365),
        Freshness::Stale { .. }
    ));
    assert_eq!(
        freshness(None, Some("Mon, 02 Nov 2026 10:00:00 GMT"), TODAY, 365),
        Freshness::Fresh
    );
    let Freshness::Stale { reason } = freshness(None, Some("2023-01-10"), TODAY, 365) else {
        panic!("expected stale")
    };
    assert!(
        reason.starts_with("файл последний раз изменён 10.01.2023"),
        "{reason}"
    );
    assert_eq!(
        freshness(None, Some("garbage"), TODAY, 365),
        Freshness::Unknown
    );
    assert_eq!(freshness(None, None, TODAY, 365), Freshness::Unknown);
}

#[test]
fn russian_day_plurals() {
    let shown: Vec<String> = [1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111, 692]
        .map(days_ru)
        .to_vec();
    assert_eq!(
        shown,
        [
            "1 день",
            "2 дня",
            "5 дней",
            "11 дней",
            "12 дней",
            "14 дней",
            "21 день",
            "22 дня",
            "25 дней",
            "101 день",
            "111 дней",
            "692 дня"
        ]
    );
}

#[test]
fn year_span_labels() {
    let one = YearSpan {
        first: 2024,
        last: 2024,
        basis: YearBasis::For,
    };
    let many = YearSpan {
        first: 2023,
        last: 2025,
        basis: YearBasis::For,
    };
    assert_eq!(one.label_ru(), "2024 год");
    assert_eq!(many.label_ru(), "2023–2025 годы");
}

#[test]
fn a_year_needs_four_ascii_digits_in_range() {
    use super::dates::may_hold_year;
    assert!(may_hold_year("План на 2026 год"));
    assert!(may_hold_year("12.03.1990"));
    assert!(may_hold_year("x21002"));
    assert!(!may_hold_year("Новость № 1984, стр. 123"));
    assert!(!may_hold_year("2 0 2 4, 20-24, 202"));
    assert!(!may_hold_year("на ２０２４ год, на ٢٠٢٤ год"));
}

proptest::proptest! {
    #[test]
    fn the_year_guard_changes_no_answer(
        s in "(на|за|в| |год|г\\.|гг|-|–|\\.|«|»|марта|12|1|9|0|2|5|1989|1990|2024|2100|2101|٢٠٢٤|２０２４|x){0,16}",
    ) {
        use super::dates as d;
        proptest::prop_assert_eq!(find_dates(&s), d::find_dates_unguarded(&s));
        proptest::prop_assert_eq!(d::strong_year(&s), d::strong_year_unguarded(&s));
        proptest::prop_assert_eq!(d::weak_year(&s), d::weak_year_unguarded(&s));
    }

    #[test]
    fn date_functions_never_panic(s in "\\PC{0,200}") {
        let _ = find_dates(&s);
        let _ = years_in_file_name(&s);
        let _ = document_year(&s, Some(&s), Some(&s));
        let _ = parse_loose_date(&s);
    }
}
