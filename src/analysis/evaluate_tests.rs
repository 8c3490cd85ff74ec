//! Tests of [`evaluate`] (document checks as the built-in rules state them) and of access problems.

use super::nok_tests::{results_with_plan, PROTOCOL};
use super::plan_tests::{pp457_table, row, PP457_PDF_TEXT, PP457_TITLE};
use super::*;
use crate::rules::{DocumentCheck, RuleSet};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 23);

fn builtin_check(id: &str) -> DocumentCheck {
    RuleSet::builtin()
        .get(id)
        .and_then(|r| r.document_check.clone())
        .unwrap_or_else(|| panic!("rule {id} has no document_check"))
}

fn pdf<'a>(text: &'a str, link: &'a str) -> DocInput<'a> {
    DocInput {
        text,
        link_text: Some(link),
        file_name: Some("/upload/doc.pdf"),
        format: "pdf",
        outcome: "text",
        ..DocInput::default()
    }
}

#[test]
fn financial_plan_for_2024_is_stale_in_november_2026() {
    let text = "УТВЕРЖДАЮ\nПЛАН финансово-хозяйственной деятельности на 2024 год\nГБУ СО «КЦСОН»";
    let v = evaluate(&builtin_check("finance"), &pdf(text, "План ФХД"), TODAY);
    assert!(v.ok);
    assert_eq!(v.year, Some(2024));
    assert_eq!(
        v.partial_reasons,
        vec!["документ составлен на 2024 год, а сейчас 2026 год: нужен документ на текущий или следующий год"]
    );
    let fresh = evaluate(
        &builtin_check("finance"),
        &pdf("", "План ФХД на 2027 год"),
        TODAY,
    );
    assert!(fresh.ok && fresh.partial_reasons.is_empty(), "{fresh:#?}");
    assert_eq!(fresh.year, Some(2027));
    // A report on last year is current.
    let report = evaluate(
        &builtin_check("finance"),
        &pdf("", "Отчет о результатах деятельности за 2025 год"),
        TODAY,
    );
    assert!(report.partial_reasons.is_empty(), "{report:#?}");
    // No year at all: not a complaint, a note.
    let unknown = evaluate(
        &builtin_check("finance"),
        &pdf("Смета", "Бюджетная смета"),
        TODAY,
    );
    assert!(unknown.partial_reasons.is_empty());
    assert_eq!(
        unknown.note.as_deref(),
        Some("год документа определить не удалось")
    );
}

#[test]
fn nok_plan_in_pp457_form_passes() {
    let tables = [pp457_table()];
    let doc = DocInput {
        tables: &tables,
        ..pdf(PP457_TITLE, "План по устранению недостатков")
    };
    let v = evaluate(&builtin_check("nok-plan"), &doc, TODAY);
    assert!(v.ok, "{v:#?}");
    assert!(v.partial_reasons.is_empty(), "{v:#?}");
    assert_eq!(v.year, Some(2024));
    assert!(v.columns_missing.is_empty());
    assert_eq!(v.plan.as_ref().map(|p| p.form), Some(PlanForm::Pp457));
    // The same plan is also the progress report's evidence: it has the progress columns.
    let r = evaluate(&builtin_check("nok-plan-report"), &doc, TODAY);
    assert!(r.ok && r.partial_reasons.is_empty(), "{r:#?}");
}

#[test]
fn a_plan_with_few_columns_is_partial_and_old_plans_are_stale() {
    let text = "ПЛАН по устранению недостатков, выявленных в ходе НОК, на 2023 год\nОтветственный исполнитель: директор";
    let v = evaluate(&builtin_check("nok-plan"), &pdf(text, "План"), TODAY);
    assert!(v.ok);
    assert_eq!(v.year, Some(2023));
    assert_eq!(v.columns_missing.len(), 5);
    assert_eq!(v.partial_reasons.len(), 2, "{v:#?}");
    assert!(
        v.partial_reasons[0]
            .starts_with("в плане найдено 1 из 6 граф формы ПП РФ № 457 (нужно не менее 4)"),
        "{v:#?}"
    );
    assert!(
        v.partial_reasons[1]
            .starts_with("документ относится к 2023 году; с конца 2023 года прошло"),
        "{v:#?}"
    );
}

#[test]
fn a_work_plan_does_not_count_as_the_nok_plan() {
    let text = "План работы ГБУ СО «КЦСОН» на 2026 год";
    let table = [vec![
        row(&[
            "№ п/п",
            "Наименование мероприятия",
            "Срок исполнения",
            "Ответственный",
        ]),
        row(&["1", "Масленица", "март", "Культорганизатор"]),
    ]];
    let doc = DocInput {
        tables: &table,
        ..pdf(text, "План работы на 2026 год")
    };
    let v = evaluate(&builtin_check("nok-plan"), &doc, TODAY);
    assert!(!v.ok);
    assert!(v.partial_reasons[0].starts_with("документ не похож на план по устранению недостатков"));
}

#[test]
fn results_file_with_the_plan_counts_for_both_rules() {
    let text = results_with_plan();
    let link = "Независимая оценка качества за 2023 год С планом устранения недостатков";
    let doc = DocInput {
        file_name: Some("assets/documents/quality-2023.pdf"),
        ..pdf(&text, link)
    };
    let plan = evaluate(&builtin_check("nok-plan"), &doc, TODAY);
    assert!(plan.ok, "{plan:#?}");
    assert_eq!(
        plan.note.as_deref(),
        Some("план найден внутри файла результатов НОК")
    );
    assert_eq!(
        plan.year,
        Some(2024),
        "the plan's own year beats the link's «за 2023 год»"
    );
    assert!(plan.partial_reasons.is_empty(), "{plan:#?}");
    let results = evaluate(&builtin_check("nok-results"), &doc, TODAY);
    assert!(results.ok, "{results:#?}");
    assert_eq!(results.year, Some(2023));
    assert_eq!(
        results.note.as_deref(),
        Some("в файле с результатами НОК есть и план по устранению недостатков")
    );
}

#[test]
fn nok_results_rule_wants_scores() {
    let v = evaluate(
        &builtin_check("nok-results"),
        &pdf(PROTOCOL, "Протокол"),
        TODAY,
    );
    assert!(v.ok && v.partial_reasons.is_empty(), "{v:#?}");
    assert_eq!(v.nok.as_ref().map(|n| n.scores.len()), Some(5));
    let plan_only = evaluate(
        &builtin_check("nok-results"),
        &pdf(PP457_PDF_TEXT, "НОК"),
        TODAY,
    );
    assert!(!plan_only.ok);
    assert_eq!(
        plan_only.note.as_deref(),
        Some("это план по устранению недостатков, а не результаты НОК")
    );
}

#[test]
fn report_rule_accepts_reports_and_rejects_bare_plans() {
    let report =
        "Отчет о выполнении плана по устранению недостатков, выявленных в ходе НОК, за 2025 год";
    let table = [vec![
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
            "Выполнено",
        ]),
    ]];
    let doc = DocInput {
        tables: &table,
        ..pdf(report, "Отчет")
    };
    let v = evaluate(&builtin_check("nok-plan-report"), &doc, TODAY);
    assert!(v.ok, "{v:#?}");
    let plan_check = evaluate(&builtin_check("nok-plan"), &doc, TODAY);
    assert!(plan_check
        .note
        .as_deref()
        .unwrap_or("")
        .starts_with("это отчёт о выполнении плана"));
    let mut bare = pp457_table();
    for r in &mut bare {
        r.truncate(5);
    }
    bare.remove(1);
    let bare = [bare];
    let doc = DocInput {
        tables: &bare,
        ..pdf(PP457_TITLE, "План")
    };
    let v = evaluate(&builtin_check("nok-plan-report"), &doc, TODAY);
    assert!(!v.ok);
    assert!(
        v.partial_reasons[0].starts_with("это план без граф о ходе реализации"),
        "{v:#?}"
    );
}

#[test]
fn scans_are_partial_but_keep_their_year() {
    let doc = DocInput {
        text: "",
        outcome: "scan",
        ..pdf("", "План по устранению недостатков на 2026 год")
    };
    let v = evaluate(&builtin_check("nok-plan"), &doc, TODAY);
    assert!(v.ok, "content cannot be judged: the name matched");
    assert_eq!(v.year, Some(2026));
    assert_eq!(v.partial_reasons.len(), 1);
    assert!(
        v.partial_reasons[0].starts_with("документ размещён как скан, без машиночитаемого текста")
    );
    assert_eq!(
        v.note.as_deref(),
        Some("содержание не проверено: скан без текста")
    );
}

#[test]
fn must_contain_needs_every_pattern() {
    let set = RuleSet::from_toml_str(
        "[ruleset]\nid = \"t\"\ntitle = \"T\"\n[[rule]]\nid = \"a\"\ntitle = \"A\"\nseverity = \"mandatory\"\n\
         document = ['план']\n[rule.document_check]\nmust_contain = ['недостат', 'мероприяти']\n",
        "t.toml",
    )
    .unwrap();
    let check = set.rules[0].document_check.clone().unwrap();
    let table = [vec![row(&["Мероприятия"])]];
    let doc = DocInput {
        tables: &table,
        ..pdf("Устранение НЕДОСТАТКОВ", "План")
    };
    assert!(evaluate(&check, &doc, TODAY).ok);
    let v = evaluate(&check, &pdf("Устранение недостатков", "План"), TODAY);
    assert!(!v.ok);
    assert_eq!(
        v.partial_reasons,
        vec!["в тексте документа не найдено обязательное: мероприяти"]
    );
}

#[test]
fn login_page_instead_of_a_document() {
    let page = "Авторизация\nЛогин\nПароль\nЗапомнить меня\nВойти\nЗабыли пароль? Регистрация";
    assert!(login_wall(page));
    assert!(login_wall(
        "Для просмотра файла необходимо авторизоваться на сайте."
    ));
    assert!(login_wall(
        "You need access. Request access, or switch to an account with access."
    ));
    let long_page = format!("{page}\n{}", "Новости центра. ".repeat(300));
    assert!(
        !login_wall(&long_page),
        "a real page with a login box in its header"
    );
    assert!(!login_wall(
        "Тарифы на социальные услуги. Вход в здание с пандусом."
    ));
    let doc = DocInput {
        text: page,
        file_name: Some("/upload/plan.pdf"),
        format: "html",
        outcome: "text",
        status: Some(200),
        ..DocInput::default()
    };
    let v = evaluate(&builtin_check("nok-plan"), &doc, TODAY);
    assert!(
        v.partial_reasons[0].contains("доступ только после входа/регистрации"),
        "{v:#?}"
    );
    assert_eq!(
        v.note
            .as_deref()
            .map(|n| n.starts_with("содержание не проверено: вместо документа")),
        Some(true)
    );
}

#[test]
fn access_problems_by_format_outcome_and_status() {
    assert!(access_problems("pdf", "text", Some(200), false).is_empty());
    assert!(
        access_problems("doc", "text", None, false).is_empty(),
        "DOC opens in free suites"
    );
    assert!(access_problems("xlsb", "unsupported", None, false).is_empty());
    assert!(
        access_problems("pdf", "rejected", None, false).is_empty(),
        "our limit, not the site's"
    );
    let scan = access_problems("pdf", "scan", None, false);
    assert_eq!(scan.len(), 1);
    assert!(scan[0].starts_with("документ размещён как скан, без машиночитаемого текста"));
    let img = access_problems(".JPG", "unsupported", None, false);
    assert!(
        img[0].starts_with("вместо документа размещено изображение (JPG)"),
        "{img:?}"
    );
    let pages = access_problems("pages", "unsupported", None, false);
    assert!(
        pages[0].contains("без платных программ не открыть"),
        "{pages:?}"
    );
    assert!(access_problems("p7m", "unsupported", None, false)[0].contains("электронной подписи"));
    let denied = access_problems("pdf", "", Some(401), false);
    assert!(
        denied[0].starts_with("доступ только после входа/регистрации"),
        "{denied:?}"
    );
    assert!(access_problems("pdf", "", Some(403), false)[0].contains("HTTP 403"));
    assert_eq!(access_problems("html", "text", Some(200), true).len(), 1);
    assert_eq!(access_problems("pdf", "encrypted", None, false).len(), 1);
    assert_eq!(access_problems("docx", "broken", None, false).len(), 1);
}

#[test]
fn evaluate_never_panics_on_odd_input() {
    let check = builtin_check("nok-plan");
    for (text, name, link, modified) in [
        ("", "", "", ""),
        ("%%%", "%", "на 99999 год", "D:"),
        (
            "за 2024-2023 гг.",
            "a.b.c",
            "на 2024-2100 годы",
            "Mon, 99 Foo",
        ),
    ] {
        let doc = DocInput {
            text,
            file_name: Some(name),
            link_text: Some(link),
            last_modified: Some(modified),
            ..DocInput::default()
        };
        let _ = evaluate(&check, &doc, TODAY);
    }
}
