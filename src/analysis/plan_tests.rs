//! Tests of plan recognition on realistic plans, roadmaps, reports and look-alikes.

use super::*;

pub(super) fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The ПП РФ № 457 form as a DOCX/XLSX table: the header in two rows (the progress part is a
/// group over two columns), the numbering row, a section row, data.
pub(super) fn pp457_table() -> Vec<Vec<String>> {
    vec![
        row(&[
            "№ п/п",
            "Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией",
            "Наименование мероприятия по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг организацией",
            "Плановый срок реализации мероприятия",
            "Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)",
            "Сведения о ходе реализации мероприятия",
            "",
        ]),
        row(&[
            "", "", "", "", "",
            "реализованные меры по устранению выявленных недостатков",
            "фактический срок реализации",
        ]),
        row(&["1", "2", "3", "4", "5", "6", "7"]),
        row(&["I. Открытость и доступность информации об организации", "", "", "", "", "", ""]),
        row(&[
            "1.1",
            "На официальном сайте отсутствует информация о численности получателей социальных услуг",
            "Разместить на официальном сайте информацию о численности получателей социальных услуг",
            "до 31.03.2024",
            "Петрова Анна Сергеевна, заместитель директора",
            "",
            "",
        ]),
    ]
}

pub(super) const PP457_TITLE: &str = "УТВЕРЖДАЮ\nДиректор ГБУ СО «КЦСОН Самарского округа»\n\
    ____________ И.И. Иванова\n«25» декабря 2023 г.\n\nПЛАН\nпо устранению недостатков, выявленных \
    в ходе независимой оценки качества условий оказания услуг ГБУ СО «КЦСОН Самарского округа» на 2024 год";

#[test]
fn pp457_table_with_two_header_rows_and_numbering() {
    let plan = analyze_plan(PP457_TITLE, &[pp457_table()]).expect("a plan");
    assert_eq!(plan.form, PlanForm::Pp457);
    assert_eq!(plan.columns_found.len(), 6, "{plan:#?}");
    assert!(plan.columns_missing.is_empty());
    assert!(plan.has_progress_part);
    assert!(!plan.is_report);
    assert!(!plan.embedded);
    assert_eq!(plan.years, vec![2024]);
    assert_eq!(plan.period.as_deref(), Some("2024 год"));
}

#[test]
fn pp457_without_progress_part_and_without_title() {
    let mut table = pp457_table();
    for r in &mut table {
        r.truncate(5);
    }
    table.remove(1);
    let plan = analyze_plan("", &[table]).expect("a plan");
    assert_eq!(plan.form, PlanForm::Pp457);
    assert_eq!(plan.columns_found.len(), 4);
    assert_eq!(
        plan.columns_missing,
        vec![PP457_COLUMNS[4].to_string(), PP457_COLUMNS[5].to_string()]
    );
    assert!(!plan.has_progress_part);
    assert!(plan.years.is_empty());
}

/// A PDF gives no tables: the headings are in the text, hyphenated across lines.
pub(super) const PP457_PDF_TEXT: &str = "УТВЕРЖДАЮ\nДиректор ГКСУ СО «Городищенский СРЦ»\n\
    ________ Н.В. Сидорова\n25.12.2023\nПЛАН\nпо устранению недостатков, выявленных в ходе независимой \
    оценки качества условий оказания услуг, проведенной в 2023 году\n№ п/п Недостатки, выявленные в \
    ходе независимой оценки качества условий оказания услуг организацией Наименование мероприятия по \
    устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг \
    организацией Плановый срок реализации мероприятия Ответствен-\nный исполнитель (с указанием фамилии, \
    имени, отчества и должности) Сведения о ходе реализации мероприятия\nреализованные меры по \
    устранению выявленных недостатков фактический срок реализации\n1 2 3 4 5 6 7\n\
    I. Открытость и доступность информации об организации\n1.1 Отсутствие на сайте информации о \
    материально-техническом обеспечении Разместить информацию до 01.03.2024 Сидорова Н.В., директор";

#[test]
fn pdf_text_without_tables_and_the_year_after_the_assessment() {
    let plan = analyze_plan(PP457_PDF_TEXT, &[]).expect("a plan");
    assert_eq!(plan.form, PlanForm::Pp457);
    assert_eq!(plan.columns_found.len(), 6, "{plan:#?}");
    assert!(plan.has_progress_part);
    assert_eq!(plan.years, vec![2024], "НОК in 2023 → the plan is for 2024");
}

#[test]
fn roadmap_2017() {
    let text = "План мероприятий («дорожная карта») по улучшению качества работы ГБУ «Пансионат \
                «Лесной»» по результатам независимой оценки качества на 2017–2018 годы";
    let table = vec![
        row(&[
            "№",
            "Наименование показателя",
            "Значение показателя по результатам независимой оценки (баллы)",
            "Мероприятия по улучшению качества",
            "Ожидаемый результат",
            "Срок реализации",
            "Ответственный исполнитель",
        ]),
        row(&[
            "1",
            "Открытость и доступность информации об организации",
            "85,3",
            "Обновить сведения на сайте",
            "Полная информация на сайте",
            "II квартал 2017 г.",
            "Зам. директора Орлова Е.П.",
        ]),
    ];
    let plan = analyze_plan(text, &[table]).expect("a roadmap");
    assert_eq!(plan.form, PlanForm::Roadmap2017);
    assert_eq!(plan.columns_found.len(), 6, "{plan:#?}");
    assert!(!plan.has_progress_part);
    assert_eq!(plan.years, vec![2017, 2018]);
    assert_eq!(plan.period.as_deref(), Some("2017–2018 годы"));
}

#[test]
fn execution_report_is_recognised_as_a_report() {
    let text = "Отчет о выполнении плана по устранению недостатков, выявленных в ходе независимой \
                оценки качества условий оказания услуг, за 2024 год";
    let table = vec![
        row(&[
            "№",
            "Наименование мероприятия",
            "Срок",
            "Ответственный",
            "Информация о выполнении",
        ]),
        row(&[
            "1",
            "Разместить сведения",
            "I квартал",
            "Иванова И.И.",
            "Выполнено 12.02.2024",
        ]),
    ];
    let plan = analyze_plan(text, &[table]).expect("a report");
    assert!(plan.is_report);
    assert!(plan.has_progress_part);
    assert_eq!(plan.form, PlanForm::Pp457);
    assert_eq!(plan.years, vec![2024], "a report is «за» its year");
}

#[test]
fn titled_plan_with_garbled_table_is_unknown_form() {
    let text = "ПЛАН по устранению недостатков, выявленных в ходе НОК, на 2025 год\nОткр ытость \
                инфо рмации... Ответственный исполнитель: директор";
    let plan = analyze_plan(text, &[]).expect("titled as the plan");
    assert_eq!(plan.form, PlanForm::Unknown);
    assert_eq!(plan.columns_found, vec![PP457_COLUMNS[3].to_string()]);
    assert_eq!(plan.columns_missing.len(), 5);
    assert_eq!(plan.years, vec![2025]);
}

#[test]
fn news_items_are_not_plans() {
    let news = "Новости\n15 марта 2024 года в центре состоялось совещание, на котором был утвержден \
                план мероприятий на летний период. Ответственные за проведение мероприятий назначены \
                приказом директора.";
    assert_eq!(analyze_plan(news, &[]), None);
    let news2 =
        "Утвержден план по устранению недостатков, выявленных в ходе НОК. Ознакомиться с ним \
                 можно в разделе «Независимая оценка качества».";
    assert_eq!(analyze_plan(news2, &[]), None);
}

#[test]
fn a_work_plan_is_not_the_nok_plan() {
    let text = "План работы ГБУ СО «КЦСОН» на 2026 год";
    let table = vec![
        row(&[
            "№ п/п",
            "Наименование мероприятия",
            "Срок исполнения",
            "Ответственный",
            "Отметка о выполнении",
        ]),
        row(&[
            "1",
            "Проведение праздника «Масленица»",
            "март",
            "Культорганизатор",
            "",
        ]),
    ];
    assert_eq!(analyze_plan(text, std::slice::from_ref(&table)), None);
    // The same headings as PDF text.
    let flat = format!("{text}\n{}", table[0].join(" "));
    assert_eq!(analyze_plan(&flat, &[]), None);
    // Anti-corruption plans have the same columns.
    let anti = "План противодействия коррупции на 2025-2027 годы\n№ Мероприятия Срок исполнения Ответственный";
    assert_eq!(analyze_plan(anti, &[]), None);
}

#[test]
fn empty_and_odd_input() {
    assert_eq!(analyze_plan("", &[]), None);
    assert_eq!(
        analyze_plan("", &[vec![], vec![vec![]], vec![row(&[""])]]),
        None
    );
    let ragged = vec![row(&["Недостатки"]), row(&["1", "2"]), row(&[])];
    assert_eq!(analyze_plan("", &[ragged]), None);
}
