//! The checker confirming candidates by their content: a document's own title decides between
//! neighbouring requirements, a section page takes its verdict from its files, and false friends
//! (legal portals, news slugs, a site map, a register's search form) do not pass.

use super::*;
use crate::extract::extract;
use crate::model::Status;
use crate::report::StopReason;

fn today() -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::November, 23).unwrap()
}

fn wrap(title: &str, body: &str) -> String {
    format!("<html><head><title>{title}</title></head><body><main>{body}</main></body></html>")
}

/// A document's content as the crawler hands it over.
struct Doc<'a> {
    path: &'a str,
    text: &'a str,
    link_text: &'a str,
}

fn run(pages: &[(&str, String)], docs: &[Doc<'_>]) -> Vec<crate::report::Verdict> {
    let rules = RuleSet::builtin();
    let mut checker = Checker::new(&rules).with_today(today());
    let scope = Scope::new(&Url::parse("http://kcson.test/").unwrap());
    for (path, html) in pages {
        let url = Url::parse(&format!("http://kcson.test{path}")).unwrap();
        let page = extract(&url, html);
        checker.judge_page(&page, &scope);
        checker.observe_target(url.as_str(), TargetState::Ok);
        checker.observe_page(&page, &scope);
    }
    for d in docs {
        let url = format!("http://kcson.test{}", d.path);
        let content = Content {
            text: d.text,
            tables: &[],
            format: "pdf",
            outcome: "text",
            outcome_reason: None,
            last_modified: None,
            status: Some(200),
            link_text: Some(d.link_text),
            file_name: Some(d.path),
            title: None,
            own_text: None,
        };
        checker.observe_content(&url, &content);
        checker.observe_target(&url, TargetState::Ok);
    }
    checker.finish(&FinishContext {
        stopped: StopReason::FrontierExhausted,
        pages_fetched: pages.len(),
        javascript_only: false,
        not_crawlable: None,
        dropped: None,
    })
}

fn get<'a>(verdicts: &'a [crate::report::Verdict], id: &str) -> &'a crate::report::Verdict {
    verdicts.iter().find(|v| v.id.0 == id).unwrap()
}

const LABOUR_RULES: &str = "УТВЕРЖДАЮ\nДиректор ГБУ «КЦСОН»\nПРАВИЛА\nвнутреннего трудового распорядка\n1. Общие положения\nНастоящие правила регулируют трудовой распорядок работников учреждения.";

#[test]
fn own_title_beats_the_link_text() {
    let page = wrap(
        "Документы",
        "<h1>Документы</h1><a href=\"/files/pravila.pdf\">Правила внутреннего распорядка</a>",
    );
    let doc = Doc {
        path: "/files/pravila.pdf",
        text: LABOUR_RULES,
        link_text: "Правила внутреннего распорядка",
    };
    let v = run(&[("/dokumenty/", page)], &[doc]);
    assert_eq!(
        get(&v, "recipient-rules").status,
        Status::Fail,
        "{:?}",
        get(&v, "recipient-rules")
    );
    let labor = get(&v, "labor-rules");
    assert_eq!(labor.status, Status::Pass, "{labor:?}");
    assert!(labor.evidence[0].text.contains("трудового"), "{labor:?}");
}

#[test]
fn rules_for_recipients_titled_so_pass() {
    let page = wrap(
        "Документы",
        "<h1>Документы</h1><a href=\"/files/pravila.pdf\">Правила внутреннего распорядка</a>",
    );
    let doc = Doc {
        path: "/files/pravila.pdf",
        text: "ПРАВИЛА\nвнутреннего распорядка для получателей социальных услуг\n1. Общие положения\nПолучатели социальных услуг обязаны соблюдать распорядок дня.",
        link_text: "Правила внутреннего распорядка",
    };
    let v = run(&[("/dokumenty/", page)], &[doc]);
    assert_eq!(get(&v, "recipient-rules").status, Status::Pass);
    assert_ne!(get(&v, "labor-rules").status, Status::Pass);
}

#[test]
fn a_file_behind_skachat_in_a_section_is_classified_by_its_title() {
    let page = wrap(
        "Правила внутреннего трудового распорядка",
        "<h1>Локальные акты</h1><p>Правила внутреннего трудового распорядка: <a href=\"/files/doc1.pdf\">Скачать</a></p>",
    );
    let doc = Doc {
        path: "/files/doc1.pdf",
        text: LABOUR_RULES,
        link_text: "Скачать",
    };
    let v = run(&[("/akty/", page)], &[doc]);
    let labor = get(&v, "labor-rules");
    assert_eq!(labor.status, Status::Pass, "{labor:?}");
    assert!(
        labor
            .evidence
            .iter()
            .any(|e| e.url.ends_with("/files/doc1.pdf")),
        "{labor:?}"
    );
}

#[test]
fn a_section_of_an_old_plan_is_partial_with_its_year() {
    let page = wrap(
        "Финансово-хозяйственная деятельность",
        "<h1>Финансово-хозяйственная деятельность</h1><ul><li><a href=\"/files/fhd.pdf\">Документ</a></li></ul>",
    );
    let doc = Doc {
        path: "/files/fhd.pdf",
        text: "УТВЕРЖДАЮ\nПЛАН\nфинансово-хозяйственной деятельности на 2023 год\nПоступления и выплаты",
        link_text: "Документ",
    };
    let v = run(&[("/fhd/", page)], &[doc]);
    let finance = get(&v, "finance");
    assert_eq!(finance.status, Status::Partial, "{finance:?}");
    assert!(
        finance.note.as_deref().unwrap_or("").contains("2023"),
        "{finance:?}"
    );
}

#[test]
fn a_section_whose_files_were_never_read_keeps_the_pages_own_verdict() {
    let page = wrap(
        "Финансово-хозяйственная деятельность",
        "<h1>Финансово-хозяйственная деятельность</h1><ul><li><a href=\"/files/fhd.pdf\">Документ</a></li></ul>",
    );
    let v = run(&[("/fhd/", page)], &[]);
    // The page names the section; its file was not read (over the budget): as before, a pass.
    assert_eq!(get(&v, "finance").status, Status::Pass);
}

#[test]
fn a_section_whose_files_are_all_something_else_does_not_count() {
    let page = wrap(
        "Финансово-хозяйственная деятельность",
        "<h1>Финансово-хозяйственная деятельность</h1><ul><li><a href=\"/files/doc.pdf\">Документ</a></li></ul>",
    );
    let doc = Doc {
        path: "/files/doc.pdf",
        text: "ПОЛОЖЕНИЕ\nоб антикоррупционной политике учреждения\n1. Общие положения",
        link_text: "Документ",
    };
    let v = run(&[("/fhd/", page)], &[doc]);
    let finance = get(&v, "finance");
    assert_eq!(finance.status, Status::Partial, "{finance:?}");
    assert!(
        finance
            .note
            .as_deref()
            .unwrap_or("")
            .contains("ни один из документов раздела"),
        "{finance:?}"
    );
}

#[test]
fn legal_portal_links_are_not_the_sites_documents() {
    let page = wrap(
        "Документы",
        "<h1>Документы</h1><ul>
         <li><a href=\"https://www.consultant.ru/document/cons_doc_LAW_1/\">Устав учреждения</a></li>
         <li><a href=\"https://docs.cntd.ru/document/2\">Коллективный договор</a></li>
         <li><a href=\"https://base.garant.ru/3/\">Тарифы на социальные услуги</a></li>
         <li><a href=\"http://pravo.gov.ru/proxy/ips/?nd=4\">Приказ Минтруда 886н: правила внутреннего распорядка</a></li></ul>",
    );
    let v = run(&[("/dokumenty/", page)], &[]);
    for id in ["charter", "collective-agreement", "recipient-rules"] {
        assert_eq!(get(&v, id).status, Status::Fail, "{:?}", get(&v, id));
    }
    // «Тарифы на социальные услуги … Приказ» in the list's text is a phrase on this page, which
    // states no prices itself: found, but not the tariffs.
    let tariffs = get(&v, "tariffs");
    assert_eq!(tariffs.status, Status::Partial, "{tariffs:?}");
    assert!(
        tariffs.evidence.iter().all(|e| !e.url.contains("garant")),
        "{tariffs:?}"
    );
}

#[test]
fn news_slugs_and_news_titles_are_not_sections() {
    let tariffs = wrap(
        "Новости",
        "<h1>Новости: утверждены новые тарифы на коммунальные услуги</h1><p>С 1 июля действуют новые тарифы на электроэнергию и воду для населения области.</p>",
    );
    let check = wrap(
        "Новости",
        "<h1>В центре прошла проверка пожарной безопасности</h1><p>Сотрудники провели учебную эвакуацию и проверили огнетушители.</p>",
    );
    let v = run(
        &[
            ("/news/novye-tarify-na-kommunalnye-uslugi/", tariffs),
            ("/news/proverka-pozharnoy-bezopasnosti/", check),
        ],
        &[],
    );
    assert_eq!(
        get(&v, "tariffs").status,
        Status::Fail,
        "{:?}",
        get(&v, "tariffs")
    );
    assert_eq!(
        get(&v, "inspections").status,
        Status::Fail,
        "{:?}",
        get(&v, "inspections")
    );
}

#[test]
fn a_site_map_is_not_the_structure() {
    let home = wrap(
        "Главная",
        "<h1>Главная</h1><p>Центр социального обслуживания.</p><a href=\"/sitemap/\">Структура сайта</a>",
    );
    let map = wrap(
        "Карта сайта",
        "<h1>Карта сайта</h1><ul><li><a href=\"/svedeniya/\">Сведения</a> — структура сайта, документы, тарифы, подразделы</li></ul>",
    );
    let v = run(&[("/", home), ("/sitemap/", map)], &[]);
    assert_eq!(
        get(&v, "structure").status,
        Status::Fail,
        "{:?}",
        get(&v, "structure")
    );
}

#[test]
fn a_register_search_form_is_not_the_licence() {
    let page = wrap(
        "Лицензии",
        "<h1>Лицензии</h1><p>Сведения о лицензиях можно найти в едином реестре.</p><form action=\"https://roszdravnadzor.gov.ru/services/licenses\"><label>ИНН <input type=\"text\" name=\"inn\"></label><button>Найти в реестре лицензий</button></form>",
    );
    let v = run(&[("/licenzii/", page)], &[]);
    assert_ne!(
        get(&v, "licenses").status,
        Status::Pass,
        "{:?}",
        get(&v, "licenses")
    );
    let with_number = wrap(
        "Лицензии",
        "<h1>Лицензии</h1><p>Лицензия на осуществление медицинской деятельности № Л041-01184-56/00331578 от 12.03.2021.</p>",
    );
    let v = run(&[("/licenzii/", with_number)], &[]);
    assert_eq!(get(&v, "licenses").status, Status::Pass);
}

#[test]
fn a_tariffs_page_must_state_prices() {
    let bare = wrap(
        "Тарифы",
        "<h1>Тарифы на социальные услуги</h1><p>Раздел о стоимости социальных услуг нашего центра для граждан района.</p>",
    );
    let v = run(&[("/tarify/", bare)], &[]);
    assert_ne!(
        get(&v, "tariffs").status,
        Status::Pass,
        "{:?}",
        get(&v, "tariffs")
    );
    let priced = wrap(
        "Тарифы",
        "<h1>Тарифы на социальные услуги</h1><table><tr><td>Покупка продуктов</td><td>45,20 руб.</td></tr></table>",
    );
    let v = run(&[("/tarify/", priced)], &[]);
    assert_eq!(get(&v, "tariffs").status, Status::Pass);
}

#[test]
fn a_news_headline_naming_a_document_is_not_the_document() {
    let home = wrap(
        "Главная",
        "<h1>Главная</h1><p><a href=\"/novosti/kollektivnyj-dogovor-proekt/\">Коллективный договор: начата подготовка проекта</a></p>",
    );
    let news = wrap(
        "Коллективный договор: начата подготовка проекта",
        "<h1>Коллективный договор: начата подготовка проекта</h1><p>Работники избрали представителей для подготовки проекта коллективного договора.</p>",
    );
    let v = run(
        &[("/", home), ("/novosti/kollektivnyj-dogovor-proekt/", news)],
        &[],
    );
    let agreement = get(&v, "collective-agreement");
    assert_eq!(agreement.status, Status::Fail, "{agreement:?}");
    // The same link text to the section itself still counts.
    let home = wrap(
        "Главная",
        "<h1>Главная</h1><p><a href=\"/kollektivnyj-dogovor/\">Коллективный договор</a></p>",
    );
    let section = wrap(
        "Коллективный договор",
        "<h1>Коллективный договор</h1><p>Коллективный договор на 2025–2028 годы принят общим собранием работников 12.02.2025 и прошёл уведомительную регистрацию.</p>",
    );
    let v = run(&[("/", home), ("/kollektivnyj-dogovor/", section)], &[]);
    let agreement = get(&v, "collective-agreement");
    assert_eq!(agreement.status, Status::Pass, "{agreement:?}");
}
