//! Corpus sites 11–12: a neglected hand-made windows-1251 site, WordPress with office documents.

use super::content::*;
use super::docs;
use super::sites_a::news;
use super::{SiteBuilder, Style};

/// A neglected hand-made site in windows-1251, last updated in 2022: stale plans and results,
/// a dead «Устав» link, no feedback channels.
pub fn handmade_old() -> SiteBuilder {
    let mut inst = Inst::new(
        "МУ «Комплексный центр социального обслуживания населения Стародубского района»",
        "КЦСОН Стародубского района",
        "г. Стародубск",
        "48348",
        "kcson-starodubsk",
    );
    inst.bvi = Bvi::None;
    inst.rate_banner = None;
    inst.vk = None;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("handmade-kcson-starodubsk", Style::Handmade, inst);
    b.cp1251 = true;
    for (label, href) in [
        ("О центре", "/o_centre.htm"),
        ("Услуги", "/uslugi.htm"),
        ("Документы", "/dokumenty.htm"),
        ("Оценка качества", "/nok.htm"),
        ("Новости", "/novosti/"),
    ] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Сайт обновлён 14.02.2022."),
            news_list(3, |k| format!("/novosti/2022-{:02}.htm", k + 1))
        ),
    );
    b.page(
        "/o_centre.htm",
        "О центре",
        format!(
            "{}{}{}{}{}{}{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i),
            h2("Структура"),
            structure(&i),
            h2("Администрация"),
            management(&i),
            h2("Материально-техническая база"),
            facilities()
        ),
    );
    b.page(
        "/uslugi.htm",
        "Услуги",
        format!("{}{}", services(), tariffs()),
    );
    b.page(
        "/dokumenty.htm",
        "Документы",
        doc_list(&[
            ("Устав", "/docs/ustav.pdf"),
            (
                "Лицензия на медицинскую деятельность",
                "/docs/licenziya.pdf",
            ),
            (
                "Правила внутреннего распорядка для получателей социальных услуг",
                "/docs/pravila.pdf",
            ),
            ("Правила внутреннего трудового распорядка", "/docs/pvtr.pdf"),
            ("План ФХД на 2022 год", "/docs/fhd-2022.pdf"),
        ]),
    );
    b.page("/nok.htm", "Независимая оценка качества", format!("{}{}{}", h2("Итоги независимой оценки качества 2019 года"), p("По итогам независимой оценки качества 2019 года учреждение набрало 84,1 балла и заняло 12 место в рейтинге."), doc_list(&[("План по устранению недостатков на 2019 год", "/docs/plan-nok-2019.pdf")])));
    news(&mut b, 6, "/novosti/", |k| {
        format!("/novosti/2022-{:02}.htm", k + 1)
    });
    b.file("/docs/licenziya.pdf", docs::licence(&org));
    b.file("/docs/pravila.pdf", docs::recipient_rules(&org));
    b.file("/docs/pvtr.pdf", docs::pdf(&docs::labor_rules_lines()));
    b.file("/docs/fhd-2022.pdf", docs::fhd(&org, 2022));
    b.file("/docs/plan-nok-2019.pdf", docs::nok_plan(&org, 2019, false));
    b
}

/// WordPress with office documents behind «Скачать» links: tariffs and the plan ФХД in XLSX,
/// the НОК plan in DOCX, rules in ODT; an FAQ page of `<details>`.
pub fn wp_raduga() -> SiteBuilder {
    let mut inst = Inst::new(
        "ГКУ «Социально-реабилитационный центр для несовершеннолетних «Радуга»",
        "СРЦН «Радуга»",
        "г. Верхнеречинск",
        "39441",
        "srcn-raduga",
    );
    inst.bvi = Bvi::Button;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("wp-srcn-raduga", Style::WordPress, inst);
    for (label, slug) in [
        ("О центре", "o-centre"),
        ("Структура", "struktura"),
        ("Руководство и педагоги", "rukovodstvo"),
        ("Услуги", "uslugi"),
        ("Документы", "dokumenty"),
        ("Независимая оценка качества", "nok"),
        ("Часто задаваемые вопросы", "faq"),
        ("Анкета", "anketa"),
        ("Обратная связь", "obratnaya-svyaz"),
    ] {
        b.menu(label, &format!("/{slug}/"));
    }
    let i = b.inst.clone();
    let up = "/wp-content/uploads/2026/02";
    let row = |title: &str, file: &str| {
        format!(
            "<tr><td>{}</td><td><a href=\"{up}/{file}\">Скачать</a></td></tr>",
            esc(title)
        )
    };
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Центр «Радуга» помогает детям и семьям."),
            news_list(4, |k| format!("/{}/", 2026_1100 + k))
        ),
    );
    b.page(
        "/o-centre/",
        "О центре",
        format!(
            "{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i)
        ),
    );
    b.page(
        "/struktura/",
        "Структура и органы управления",
        structure(&i),
    );
    b.page(
        "/rukovodstvo/",
        "Руководство и педагогический состав",
        format!("{}{}", management(&i), staff(&i)),
    );
    b.page(
        "/uslugi/",
        "Услуги",
        format!(
            "{}{}{}<table>{}{}</table>",
            services(),
            recipients(),
            vacancies(4),
            row("Тарифы на социальные услуги", "tarify.xlsx"),
            row(
                "Объём предоставляемых социальных услуг за 2025 год",
                "obem-uslug-2025.xlsx"
            )
        ),
    );
    b.page(
        "/dokumenty/",
        "Документы",
        format!(
            "<table>{}{}{}{}{}{}{}</table>{}",
            row("Устав", "ustav.pdf"),
            row(
                "Лицензия на осуществление медицинской деятельности",
                "licenziya.pdf"
            ),
            row(
                "Правила внутреннего распорядка для получателей социальных услуг",
                "pravila.odt"
            ),
            row("Правила внутреннего трудового распорядка", "pvtr.docx"),
            row("Коллективный договор", "kd.pdf"),
            row(
                "План финансово-хозяйственной деятельности на 2026 год",
                "plan-fhd-2026.xlsx"
            ),
            row(
                "Акт проверки и отчёт об исполнении предписания",
                "predpisanie.pdf"
            ),
            a("/mto/", "Материально-техническое обеспечение")
        ),
    );
    b.page("/mto/", "Материально-техническое обеспечение", facilities());
    b.page("/nok/", "Независимая оценка качества", format!("{}<table>{}</table>", nok_results(&i), row("План по устранению недостатков, выявленных в ходе независимой оценки качества, на 2026 год", "plan-nok-2026.docx")));
    b.page("/faq/", "Часто задаваемые вопросы", faq_items());
    b.page("/anketa/", "Анкета", anketa());
    b.page("/obratnaya-svyaz/", "Обратная связь", feedback_form());
    news(&mut b, 6, "/novosti/", |k| format!("/{}/", 2026_1100 + k));
    let files: [(&str, Vec<u8>); 10] = [
        (
            "tarify.xlsx",
            docs::xlsx(&[
                &["Тарифы на социальные услуги", "", ""],
                &["Услуга", "Единица", "Тариф, руб."],
                &[
                    "Социально-психологическое консультирование",
                    "1 услуга",
                    "210,00",
                ],
            ]),
        ),
        (
            "obem-uslug-2025.xlsx",
            docs::xlsx(&[
                &["Объём предоставленных социальных услуг за 2025 год", ""],
                &["За счёт бюджета", "18 420"],
                &["По договорам с оплатой", "0"],
            ]),
        ),
        ("ustav.pdf", docs::charter(&org)),
        ("licenziya.pdf", docs::licence(&org)),
        (
            "pravila.odt",
            docs::odt(
                "Правила внутреннего распорядка для получателей социальных услуг",
                &[
                    "ПРАВИЛА ВНУТРЕННЕГО РАСПОРЯДКА ДЛЯ ПОЛУЧАТЕЛЕЙ СОЦИАЛЬНЫХ УСЛУГ",
                    &org,
                ],
            ),
        ),
        (
            "pvtr.docx",
            docs::docx(
                "Правила внутреннего трудового распорядка",
                &docs::labor_rules_lines(),
            ),
        ),
        ("kd.pdf", docs::collective(&org)),
        (
            "plan-fhd-2026.xlsx",
            docs::xlsx(&[
                &[
                    "План финансово-хозяйственной деятельности на 2026 год",
                    "",
                    "",
                ],
                &[&org, "", ""],
                &["Наименование показателя", "Код строки", "Сумма, руб."],
                &["Доходы, всего", "1000", "38 400 000,00"],
                &["Расходы, всего", "2000", "38 400 000,00"],
            ]),
        ),
        (
            "predpisanie.pdf",
            docs::text_doc(
                "ОТЧЁТ об исполнении предписания",
                &org,
                &["Предписание ОНД и ПР от 14.04.2025 № 22 исполнено в полном объёме."],
            ),
        ),
        ("plan-nok-2026.docx", docs::plan_report_docx(&org, 2026)),
    ];
    for (name, bytes) in files {
        b.file(&format!("{up}/{name}"), bytes);
    }
    b
}
