//! Tests of the public entry points on small in-memory lists; real register extracts and built
//! workbooks are in `tests/input_lists.rs`.

use super::*;
use proptest::prelude::*;

#[test]
fn csv_with_every_kind_of_url_cell() {
    let csv = "Наименование;Сайт;ИНН;Регион\n\
               А;kcson.ru;7701234567.0;Москва\n\
               Б;http:// b-center.ru/;;\n\
               В;\"тел. 702-04-90, https://x.ru/sidelki\";;\n\
               Г;info@g.ru;;\n\
               Д;нет;;\n\
               Е;;;\n\
               Ж;\"http://ТЦСО.РФ, www.other.ru\";;\n\
               З;https://www.kcson.ru/;;\n";
    let list = parse_csv_bytes(csv.as_bytes(), "list.csv").unwrap();
    assert_eq!(list.rows, 8);
    assert_eq!(list.sites.len() + list.problems.len(), list.rows);
    let urls: Vec<(usize, &str)> = list.sites.iter().map(|s| (s.row, s.url.as_str())).collect();
    assert_eq!(
        urls,
        vec![
            (2, "http://kcson.ru/"),
            (3, "http://b-center.ru/"),
            (4, "https://x.ru/sidelki"),
            (8, "http://xn--n1afcq.xn--p1ai/")
        ]
    );
    assert_eq!(list.sites[0].inn.as_deref(), Some("7701234567"));
    assert_eq!(list.sites[0].region.as_deref(), Some("Москва"));
    assert_eq!(
        list.sites[3].extra,
        vec![(OTHER_ADDRESSES.to_string(), "www.other.ru".to_string())]
    );
    let problems: Vec<(usize, &str)> = list
        .problems
        .iter()
        .map(|p| (p.row, p.problem.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (5, "в ячейке адрес электронной почты, а не сайт"),
            (6, "сайт не указан"),
            (7, "сайт не указан"),
            (9, "повтор строки 2 (тот же сайт)"),
        ]
    );
    assert_eq!(list.problems[0].value, "info@g.ru");
}

#[test]
fn no_url_column_error_names_file_and_headers() {
    let err = parse_csv_bytes("Наименование;Телефон\nА;123\n".as_bytes(), "спис.csv").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, InputError::NoUrlColumn { .. }));
    assert!(
        text.contains("спис.csv") && text.contains("«Наименование», «Телефон»"),
        "{text}"
    );
    assert!(text.contains("«адрес сайта»"), "{text}");
}

#[test]
fn empty_csv_is_an_error() {
    let err = parse_csv_bytes(b"\n\n", "empty.csv").unwrap_err();
    assert!(err.to_string().contains("empty.csv"));
}

#[test]
fn input_info_for_the_summary() {
    let list = parse_text_lines("a.ru\nнет\n", "l.txt");
    let info = list.input_info();
    assert_eq!((info.rows, info.sites, info.problems.len()), (2, 1, 1));
    assert_eq!(info.problems[0].row, 2);
}

#[test]
fn broken_xlsx_is_an_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.xlsx");
    std::fs::write(&path, b"PK\x03\x04 this is not a workbook").unwrap();
    let text = load_site_list(&path).unwrap_err().to_string();
    assert!(
        text.contains("broken.xlsx") && text.contains("сохраните"),
        "{text}"
    );
}

#[test]
fn missing_file_is_named() {
    let err = load_site_list(Path::new("/nonexistent/list.csv")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/list.csv"));
}

proptest! {
    #[test]
    fn csv_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(list) = parse_csv_bytes(&bytes, "fuzz.csv") {
            prop_assert_eq!(list.sites.len() + list.problems.len(), list.rows);
        }
    }

    #[test]
    fn csv_like_text_never_panics(text in "[a-zа-я.:/;,\"\\n\\t @#-]{0,200}") {
        if let Ok(list) = parse_csv_bytes(text.as_bytes(), "fuzz.csv") {
            prop_assert_eq!(list.sites.len() + list.problems.len(), list.rows);
        }
    }

    #[test]
    fn workbook_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        let _ = parse_workbook_bytes(&bytes, "fuzz.xlsx");
    }

    #[test]
    fn text_never_panics(text in any::<String>()) {
        let list = parse_text_lines(&text, "fuzz.txt");
        prop_assert_eq!(list.sites.len() + list.problems.len(), list.rows);
    }

    #[test]
    fn url_cells_never_panic(cell in "[a-zA-Zа-яА-Я0-9.:/ ,;@#?&=_\\-\"«»()]{0,80}") {
        let _ = url_cell::parse_url_cell(&cell);
    }
}
