//! Tests of НОК results recognition.

use super::plan_tests::{pp457_table, row, PP457_PDF_TEXT, PP457_TITLE};
use super::*;

pub(super) const PROTOCOL: &str = "Протокол заседания Общественного совета при министерстве \
    социально-демографической и семейной политики Самарской области от 15.11.2023 № 5\n\
    Результаты независимой оценки качества условий оказания услуг в 2023 году\n\
    ГБУ СО «КЦСОН Самарского округа»\n\
    1. Открытость и доступность информации об организации — 92,5 балла\n\
    2. Комфортность условий предоставления услуг — 98,40 баллов\n\
    3. Доступность услуг для инвалидов — 76,0 баллов\n\
    4. Доброжелательность, вежливость работников организации — 99,2 балла\n\
    5. Удовлетворённость условиями оказания услуг — 97,8 балла\n\
    Итоговый балл: 92,78";

#[test]
fn protocol_with_five_criteria_and_scores() {
    let nok = analyze_nok_results(PROTOCOL, &[]).expect("results");
    assert_eq!(nok.criteria_found.len(), 5, "{nok:#?}");
    assert!(nok.has_scores);
    let scores: Vec<f64> = nok.scores.iter().map(|s| s.score).collect();
    assert_eq!(scores, vec![92.5, 98.4, 76.0, 99.2, 97.8]);
    assert_eq!(nok.total_score, Some(92.78));
    assert_eq!(nok.years, vec![2023]);
    assert!(
        nok.snippet
            .starts_with("Открытость и доступность информации"),
        "{}",
        nok.snippet
    );
    assert!(nok.snippet.chars().count() <= 200);
}

#[test]
fn results_as_a_table_of_criteria() {
    let table = vec![
        row(&["№", "Критерий", "Значение, баллы"]),
        row(&[
            "1",
            "Открытость и доступность информации об организации",
            "92,5",
        ]),
        row(&["2", "Комфортность условий предоставления услуг", "100"]),
        row(&["3", "Доступность услуг для инвалидов", "8 баллов"]),
        row(&["4", "Доброжелательность, вежливость работников", ""]),
    ];
    let nok = analyze_nok_results("", &[table]).expect("results");
    assert_eq!(nok.scores.len(), 3, "{nok:#?}");
    assert_eq!(nok.scores[2].score, 8.0);
    assert_eq!(nok.criteria_found.len(), 4);
    assert!(nok.snippet.contains("92,5"), "{}", nok.snippet);
}

#[test]
fn regional_rating_with_a_column_per_criterion() {
    let table = vec![
        row(&[
            "№",
            "Наименование организации",
            "Открытость и доступность информации об организации",
            "Комфортность условий предоставления услуг",
            "Доступность услуг для инвалидов",
            "Доброжелательность, вежливость работников",
            "Удовлетворенность условиями оказания услуг",
            "Итоговый балл",
        ]),
        row(&[
            "1",
            "ГБУ СО «КЦСОН»",
            "95,1",
            "100",
            "80,4",
            "99",
            "98,7",
            "94,64",
        ]),
    ];
    let nok = analyze_nok_results(
        "Рейтинг организаций социального обслуживания за 2023 год",
        &[table],
    )
    .expect("results");
    assert_eq!(nok.scores.len(), 5, "{nok:#?}");
    assert_eq!(nok.total_score, Some(94.64));
    assert_eq!(nok.years, vec![2023]);
}

#[test]
fn a_total_score_alone_is_enough() {
    let text =
        "Итоговый показатель оценки качества условий оказания услуг организацией: 87,45 балла";
    let nok = analyze_nok_results(text, &[]).expect("results");
    assert_eq!(nok.total_score, Some(87.45));
    assert!(nok.scores.is_empty());
}

#[test]
fn plans_and_link_lists_are_not_results() {
    assert_eq!(analyze_nok_results(PP457_PDF_TEXT, &[]), None);
    assert_eq!(analyze_nok_results(PP457_TITLE, &[pp457_table()]), None);
    let links = "Рейтинг организаций социального обслуживания Самарской области\n".repeat(8)
        + "2021\nРейтинг организаций социального обслуживания Самарской области 12 организаций\n\
           Независимая оценка качества условий оказания услуг организациями социального обслуживания 2021";
    assert_eq!(analyze_nok_results(&links, &[]), None);
    // Criteria named without scores (a methodology), dates and item numbers nearby.
    let method =
        "Оценка проводится по критериям: открытость и доступность информации об организации \
                  (п. 1.1, 1.2); комфортность условий предоставления услуг (до 31.12.2024); \
                  доступность услуг для инвалидов 3.1; доброжелательность, вежливость работников \
                  в 2024 году; удовлетворенность условиями оказания услуг.";
    assert_eq!(analyze_nok_results(method, &[]), None);
}

#[test]
fn a_roadmap_with_one_value_is_not_results() {
    let table = vec![
        row(&[
            "№",
            "Наименование показателя",
            "Значение показателя",
            "Мероприятия",
        ]),
        row(&[
            "1",
            "Открытость и доступность информации об организации",
            "85,3",
            "Обновить сайт",
        ]),
        row(&[
            "2",
            "Комфортность условий предоставления услуг",
            "",
            "Ремонт",
        ]),
    ];
    assert_eq!(analyze_nok_results("", &[table]), None);
}

/// zabotausluga's «НОК_2023_с_планом_по_устанению_недостатков.pdf»: the results, then the plan.
pub(super) fn results_with_plan() -> String {
    format!(
        "{PROTOCOL}\nПоказатели по критериям и рекомендации общественного совета приведены в \
         приложении к протоколу. {}\n\n{PP457_PDF_TEXT}",
        "Рекомендации: обеспечить наличие альтернативной версии сайта для инвалидов по зрению. "
            .repeat(10)
    )
}

#[test]
fn results_file_with_the_plan_appended_is_both() {
    let text = results_with_plan();
    let nok = analyze_nok_results(&text, &[]).expect("results");
    assert_eq!(nok.scores.len(), 5);
    let plan = analyze_plan(&text, &[]).expect("plan");
    assert!(plan.embedded, "{plan:#?}");
    assert_eq!(plan.form, PlanForm::Pp457);
    assert_eq!(plan.columns_found.len(), 6, "{plan:#?}");
    assert_eq!(plan.years, vec![2024]);
}

proptest::proptest! {
    #[test]
    fn analyses_never_panic(s in "\\PC{0,300}", cells in proptest::collection::vec("\\PC{0,40}", 0..12)) {
        let table: Vec<Vec<String>> = cells.chunks(3).map(|c| c.to_vec()).collect();
        let _ = analyze_nok_results(&s, std::slice::from_ref(&table));
        let _ = analyze_plan(&s, &[table]);
        let _ = login_wall(&s);
    }
}
