//! Corpus sites 9–10: Joomla with SEF URLs and office documents, ГосВеб with an embedded plan.

use super::content::*;
use super::docs;
use super::sites_a::news;
use super::{SiteBuilder, Style};

/// Joomla with SEF URLs: the plan linked as «План мероприятий» in the НОК section, its report as
/// a DOCX, rules for recipients as ODT, tariffs as XLSX, the licence a scan.
pub fn joomla_priozerny() -> SiteBuilder {
    let inst = Inst::new(
        "ГБУ «Комплексный центр социального обслуживания населения Приозёрного района»",
        "КЦСОН Приозёрного района",
        "г. Приозёрск",
        "81379",
        "kcson-priozerny",
    );
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("joomla-kcson-priozerny", Style::Joomla, inst);
    let sef = |s: &str| format!("/index.php/{s}");
    for (label, slug) in [
        ("Сведения", "svedeniya"),
        ("Структура", "struktura"),
        ("Руководство", "rukovodstvo"),
        ("Специалисты", "specialisty"),
        ("Услуги", "uslugi"),
        ("Документы", "dokumenty"),
        ("НОК", "nok"),
        ("Электронная приёмная", "priemnaya"),
        ("Новости", "novosti"),
    ] {
        b.menu(label, &sef(slug));
    }
    let i = b.inst.clone();
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Добро пожаловать!"),
            news_list(4, |k| format!("/index.php/novost-{}", 40 + k))
        ),
    );
    b.page(
        &sef("svedeniya"),
        "Сведения об учреждении",
        format!(
            "{}{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i),
            a(&sef("mto"), "Материально-техническое обеспечение")
        ),
    );
    b.page(
        &sef("mto"),
        "Материально-техническое обеспечение",
        facilities(),
    );
    b.page(
        &sef("struktura"),
        "Структура и органы управления",
        structure(&i),
    );
    b.page(&sef("rukovodstvo"), "Руководство", management(&i));
    b.page(&sef("specialisty"), "Наши специалисты", staff(&i));
    b.page(
        &sef("uslugi"),
        "Услуги",
        format!(
            "{}{}{}{}{}",
            services(),
            recipients(),
            vacancies(0),
            volume(),
            doc_list(&[(
                "Тарифы на социальные услуги (XLSX)",
                "/images/dokumenty/tarify-2026.xlsx"
            )])
        ),
    );
    b.page(
        &sef("dokumenty"),
        "Документы",
        doc_list(&[
            ("Устав", "/images/dokumenty/ustav.pdf"),
            (
                "Лицензия на медицинскую деятельность",
                "/images/dokumenty/licenziya-scan.pdf",
            ),
            (
                "Правила внутреннего распорядка для получателей социальных услуг (ODT)",
                "/images/dokumenty/pravila-poluchateley.odt",
            ),
            (
                "Правила внутреннего трудового распорядка",
                "/images/dokumenty/pvtr.pdf",
            ),
            ("Коллективный договор", "/images/dokumenty/kd.pdf"),
            (
                "План финансово-хозяйственной деятельности на 2026 год",
                "/images/dokumenty/fhd-2026.pdf",
            ),
            (
                "Предписания и отчёты об их исполнении",
                "/index.php/predpisaniya",
            ),
        ]),
    );
    b.page(
        &sef("predpisaniya"),
        "Предписания контрольно-надзорных органов",
        inspections(),
    );
    b.page(
        &sef("nok"),
        "Независимая оценка качества условий оказания услуг",
        format!(
            "{}{}",
            nok_results(&i),
            doc_list(&[
                ("План мероприятий", "/images/dokumenty/nok/plan-2026.pdf"),
                (
                    "Отчёт о выполнении плана (DOCX)",
                    "/images/dokumenty/nok/otchet-2026.docx"
                ),
            ])
        ),
    );
    b.page(&sef("priemnaya"), "Электронная приёмная", feedback_form());
    news(&mut b, 6, &sef("novosti"), |k| {
        format!("/index.php/novost-{}", 40 + k)
    });
    b.file(
        "/images/dokumenty/tarify-2026.xlsx",
        docs::xlsx(&[
            &["Тарифы на социальные услуги на 2026 год", "", ""],
            &["Наименование услуги", "Единица", "Тариф, руб."],
            &["Уборка жилых помещений", "1 услуга", "146,20"],
            &["Помощь в приготовлении пищи", "1 услуга", "118,00"],
        ]),
    );
    b.file("/images/dokumenty/ustav.pdf", docs::charter(&org));
    b.file("/images/dokumenty/licenziya-scan.pdf", docs::scan(1));
    b.file(
        "/images/dokumenty/pravila-poluchateley.odt",
        docs::odt(
            "Правила внутреннего распорядка",
            &[
                "ПРАВИЛА ВНУТРЕННЕГО РАСПОРЯДКА ДЛЯ ПОЛУЧАТЕЛЕЙ СОЦИАЛЬНЫХ УСЛУГ",
                &org,
                "1. Общие положения.",
            ],
        ),
    );
    b.file(
        "/images/dokumenty/pvtr.pdf",
        docs::pdf(&docs::labor_rules_lines()),
    );
    b.file("/images/dokumenty/kd.pdf", docs::collective(&org));
    b.file("/images/dokumenty/fhd-2026.pdf", docs::fhd(&org, 2026));
    b.file(
        "/images/dokumenty/nok/plan-2026.pdf",
        docs::nok_plan(&org, 2026, false),
    );
    b.file(
        "/images/dokumenty/nok/otchet-2026.docx",
        docs::plan_report_docx(&org, 2026),
    );
    b
}

/// ГосВеб дом-интернат: the plan shown in an `<embed>` under a meaningless file name, the FAQ as
/// an accordion on the appeals page, an empty staff page, «Свободных мест нет».
pub fn gosweb_veteran() -> SiteBuilder {
    let mut inst = Inst::new(
        "ГБСУ СО «Дом-интернат для престарелых и инвалидов «Ветеран»",
        "Дом-интернат «Ветеран»",
        "г. Северозёрск",
        "81555",
        "di-veteran",
    );
    inst.bvi = Bvi::Button;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("gosweb-di-veteran", Style::Gosweb, inst);
    for (label, href) in [
        ("Сведения об организации", "/svedeniya/"),
        ("Обращения граждан", "/obrashcheniya/"),
        ("Новости", "/press-center/news/"),
        ("Контакты", "/kontakty/"),
    ] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    let sub = [
        ("Основные сведения", "osnovnye-svedeniya"),
        ("Структура", "struktura"),
        ("Руководство", "rukovodstvo"),
        ("Персональный состав", "personal"),
        ("Социальные услуги", "uslugi"),
        ("Численность получателей социальных услуг", "chislennost"),
        ("Материально-техническое обеспечение", "mto"),
        ("Документы", "dokumenty"),
        ("Финансово-хозяйственная деятельность", "fhd"),
        ("Информация о проверках", "proverki"),
        ("Независимая оценка качества", "nok"),
    ];
    let list: Vec<(&str, String)> = sub
        .iter()
        .map(|(l, s)| (*l, format!("/svedeniya/{s}/")))
        .collect();
    let refs: Vec<(&str, &str)> = list.iter().map(|(l, h)| (*l, h.as_str())).collect();
    b.page("/", "Главная", format!("{}{}", p("Дом-интернат «Ветеран» — стационарное учреждение социального обслуживания на 120 мест."), news_list(4, |k| format!("/press-center/news/{}/", 8801 + k))));
    b.page("/svedeniya/", "Сведения об организации", doc_list(&refs));
    b.page(
        "/svedeniya/osnovnye-svedeniya/",
        "Основные сведения",
        format!(
            "{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i)
        ),
    );
    b.page("/svedeniya/struktura/", "Структура", structure(&i));
    b.page("/svedeniya/rukovodstvo/", "Руководство", management(&i));
    b.page(
        "/svedeniya/personal/",
        "Персональный состав",
        p("Информация обновляется."),
    );
    b.page(
        "/svedeniya/uslugi/",
        "Социальные услуги",
        format!(
            "{}{}{}{}",
            services(),
            tariffs(),
            p("Свободных мест нет."),
            volume()
        ),
    );
    b.page(
        "/svedeniya/chislennost/",
        "Численность получателей социальных услуг",
        recipients(),
    );
    b.page(
        "/svedeniya/mto/",
        "Материально-техническое обеспечение",
        facilities(),
    );
    b.page(
        "/svedeniya/dokumenty/",
        "Документы",
        doc_list(&[
            ("Устав", "/netcat_files/userfiles/2/ustav.pdf"),
            (
                "Выписка из реестра лицензий",
                "/netcat_files/userfiles/2/licenziya.pdf",
            ),
            (
                "Правила внутреннего распорядка для получателей социальных услуг",
                "/netcat_files/userfiles/2/pravila.pdf",
            ),
            (
                "Правила внутреннего трудового распорядка",
                "/netcat_files/userfiles/2/pvtr.pdf",
            ),
            ("Коллективный договор", "/netcat_files/userfiles/2/kd.pdf"),
        ]),
    );
    b.page(
        "/svedeniya/fhd/",
        "Финансово-хозяйственная деятельность",
        doc_list(&[(
            "План финансово-хозяйственной деятельности на 2026 год",
            "/netcat_files/userfiles/2/fhd-2026.pdf",
        )]),
    );
    b.page("/svedeniya/proverki/", "Информация о проверках", p("В 2025–2026 годах плановые и внеплановые проверки не проводились, предписания не выдавались."));
    b.page("/svedeniya/nok/", "Независимая оценка качества", format!("{}<embed src=\"/netcat_files/userfiles/2/dokument-2026-01-20.pdf\" type=\"application/pdf\" width=\"100%\" height=\"700\">", nok_results(&i)));
    b.page(
        "/obrashcheniya/",
        "Обращения граждан",
        format!(
            "{}{}<div class=\"accordion\"><h2>Вопросы и ответы</h2>{}</div>",
            p("Задать вопрос или направить обращение можно через форму ниже."),
            feedback_form(),
            faq_items()
        ),
    );
    b.page("/kontakty/", "Контакты", contacts(&i));
    news(&mut b, 6, "/press-center/news/", |k| {
        format!("/press-center/news/{}/", 8801 + k)
    });
    b.file("/netcat_files/userfiles/2/ustav.pdf", docs::charter(&org));
    b.file(
        "/netcat_files/userfiles/2/licenziya.pdf",
        docs::licence(&org),
    );
    b.file(
        "/netcat_files/userfiles/2/pravila.pdf",
        docs::recipient_rules(&org),
    );
    b.file(
        "/netcat_files/userfiles/2/pvtr.pdf",
        docs::pdf(&docs::labor_rules_lines()),
    );
    b.file("/netcat_files/userfiles/2/kd.pdf", docs::collective(&org));
    b.file(
        "/netcat_files/userfiles/2/fhd-2026.pdf",
        docs::fhd(&org, 2026),
    );
    b.file(
        "/netcat_files/userfiles/2/dokument-2026-01-20.pdf",
        docs::nok_plan(&org, 2026, true),
    );
    b
}
