//! Tests of HTML tables: cell text, header rows, nesting, caps, hostile markup.

use super::tables::{cell_number, header_len};
use super::*;

#[test]
fn cells_rows_and_line_breaks() {
    let html = "<table><thead><tr><th>Плановый срок<br>реализации</th><th colspan=2>Ответственный\n  исполнитель</th></tr></thead>\
                <tbody><tr><td><p>до</p><p>31.03.2024</p></td><td>Иванова <b>И.И.</b></td><td></td></tr></tbody></table>";
    let tables = html_tables(html);
    assert_eq!(
        tables,
        vec![vec![
            vec![
                "Плановый срок реализации".to_string(),
                "Ответственный исполнитель".to_string()
            ],
            vec![
                "до 31.03.2024".to_string(),
                "Иванова И.И.".to_string(),
                String::new()
            ],
        ]]
    );
}

#[test]
fn nested_tables_are_separate_and_flattened_into_the_outer_cell() {
    let html = "<table><tr><td>Макет<table><tr><td>Недостатки</td><td>Мероприятие</td></tr></table></td></tr>\
                <tr><td>низ</td></tr></table>";
    let tables = html_tables(html);
    assert_eq!(tables.len(), 2);
    assert_eq!(
        tables[0],
        vec![
            vec!["Макет Недостатки Мероприятие".to_string()],
            vec!["низ".to_string()]
        ]
    );
    assert_eq!(
        tables[1],
        vec![vec!["Недостатки".to_string(), "Мероприятие".to_string()]]
    );
}

#[test]
fn no_tables_and_broken_markup() {
    assert!(html_tables("").is_empty());
    assert!(html_tables("<p>текст</p>").is_empty());
    assert!(html_tables("<table></table>").is_empty());
    // Unclosed tags: the parser repairs them.
    let t = html_tables("<table><tr><td>a<td>b<tr><td>c");
    assert_eq!(
        t,
        vec![vec![
            vec!["a".to_string(), "b".to_string()],
            vec!["c".to_string()]
        ]]
    );
}

#[test]
fn hostile_nesting_and_sizes_are_capped() {
    let deep = "<table><tr><td>x".repeat(3000);
    let tables = html_tables(&deep);
    assert!(tables.len() <= 200);
    assert!(tables.iter().all(|t| t
        .iter()
        .all(|r| r.iter().all(|c| c.chars().count() <= 2000))));
    let wide = format!("<table><tr>{}</tr></table>", "<td>1</td>".repeat(500));
    assert_eq!(html_tables(&wide)[0][0].len(), 100);
    let long = format!("<table>{}</table>", "<tr><td>r</td></tr>".repeat(6000));
    assert_eq!(html_tables(&long)[0].len(), 5000);
    let big_cell = format!(
        "<table><tr><td>{}</td></tr></table>",
        "слово ".repeat(10_000)
    );
    assert_eq!(html_tables(&big_cell)[0][0][0].chars().count(), 2000);
}

#[test]
fn the_plan_in_an_html_table_is_found() {
    let html = "<h1>План по устранению недостатков на 2025 год</h1><table>\
        <tr><td>№</td><td>Недостатки, выявленные в ходе НОК</td><td>Наименование мероприятия по устранению недостатков</td>\
        <td>Плановый срок реализации мероприятия</td><td>Ответственный исполнитель</td></tr>\
        <tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr>\
        <tr><td>1.</td><td>Нет пандуса</td><td>Установить пандус</td><td>II квартал 2025</td><td>Завхоз Петров П.П.</td></tr></table>";
    let plan = analyze_plan(
        "План по устранению недостатков на 2025 год",
        &html_tables(html),
    )
    .expect("plan");
    assert_eq!(plan.form, PlanForm::Pp457);
    assert_eq!(plan.columns_found.len(), 4);
    assert_eq!(plan.years, vec![2025]);
}

#[test]
fn header_rows_end_at_numbering_or_data() {
    let r = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let t = vec![
        r(&["Заголовок"]),
        r(&["№", "Недостатки"]),
        r(&["1", "2"]),
        r(&["1.1", "текст"]),
    ];
    assert_eq!(header_len(&t), 3);
    let t = vec![r(&["№", "Недостатки"]), r(&["1.", "нет пандуса"])];
    assert_eq!(header_len(&t), 1);
    let t = vec![r(&["1", "нет пандуса"])];
    assert_eq!(header_len(&t), 0);
    assert_eq!(header_len(&[]), 0);
}

#[test]
fn numbers_in_cells() {
    assert_eq!(cell_number("92,5"), Some(92.5));
    assert_eq!(cell_number(" 98.40 баллов"), Some(98.4));
    assert_eq!(cell_number("96,2%"), Some(96.2));
    assert_eq!(cell_number("31.12.2024"), None);
    assert_eq!(cell_number("1 место"), None);
}

#[cfg(feature = "realsites")]
#[test]
fn a_real_table_with_slash_br() {
    let html = crate::realsites::read("kcson-samara-redesign/pages/about.php");
    let tables = html_tables(&html);
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0][0][0], "Директор");
    // `</br>` is a line break to HTML parsers.
    assert_eq!(tables[0][0][1], "Постников Александр Евгеньевич");
    assert_eq!(analyze_plan("", &tables), None);
}

proptest::proptest! {
    #[test]
    fn html_tables_never_panics(s in "(<table>|<tr>|<td>|</td>|</tr>|</table>|<th>|<br>|\\PC{0,5}){0,60}") {
        let _ = html_tables(&s);
    }
}
