//! Corpus sites 3–4: Joomla and uCoz, both in windows-1251.

use super::content::*;
use super::docs;
use super::sites_a::news;
use super::{SiteBuilder, Style};

/// Joomla in windows-1251: the charter in `<object data>`, the licence in `<embed>`, the
/// collective agreement in an `<iframe>`; the number of recipients only in prose.
pub fn joomla_berezniki() -> SiteBuilder {
    let mut inst = Inst::new(
        "МБУ «Центр социального обслуживания населения г. Краснобора»",
        "ЦСОН г. Краснобора",
        "г. Краснобор",
        "34276",
        "cson-krasnobor",
    );
    inst.vk = None;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("joomla-cson-krasnobor", Style::Joomla, inst);
    b.cp1251 = true;
    let art = |id: u32| {
        format!(
            "/index.php?option=com_content&view=article&id={id}&Itemid={}",
            100 + id
        )
    };
    let items: [(&str, u32); 16] = [
        ("Общие сведения", 2),
        ("Структура", 3),
        ("Руководство", 4),
        ("Кадровый состав", 5),
        ("Услуги", 6),
        ("Тарифы", 7),
        ("Материально-техническое обеспечение", 8),
        ("Устав", 9),
        ("Лицензии", 10),
        ("Коллективный договор", 11),
        ("Правила для получателей услуг", 12),
        ("Правила внутреннего трудового распорядка", 13),
        ("Финансово-хозяйственная деятельность", 14),
        ("Проверки", 15),
        ("Независимая оценка качества", 16),
        ("Обращения граждан", 17),
    ];
    for (label, id) in items {
        b.menu(label, &art(id));
    }
    let i = b.inst.clone();
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Официальный сайт муниципального бюджетного учреждения."),
            news_list(4, |k| art(20 + k as u32))
        ),
    );
    b.page(
        &art(2),
        "Общие сведения",
        format!(
            "{}{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i),
            p("ИНН 5904123456, ОГРН 1025901234567.")
        ),
    );
    b.page(&art(3), "Структура", structure(&i));
    b.page(&art(4), "Руководство", management(&i));
    b.page(&art(5), "Кадровый состав", staff(&i));
    b.page(&art(6), "Услуги", format!("{}{}{}{}", services(), p("В настоящее время в центре получают социальные услуги 99 человек: на дому — 81, в полустационарной форме — 18; все за счёт средств бюджета."), p("Свободных мест нет."), volume()));
    b.page(&art(7), "Тарифы", tariffs());
    b.page(&art(8), "Материально-техническое обеспечение", facilities());
    b.page(&art(9), "Устав", "<object data=\"/images/docs/ustav.pdf\" type=\"application/pdf\" width=\"100%\" height=\"800\"><a href=\"/images/docs/ustav.pdf\">ustav.pdf</a></object>".to_string());
    b.page(&art(10), "Лицензии", "<embed src=\"/images/docs/licenziya.pdf\" type=\"application/pdf\" width=\"100%\" height=\"800\">".to_string());
    b.page(
        &art(11),
        "Коллективный договор",
        "<iframe src=\"/images/docs/kolldogovor.pdf\" width=\"100%\" height=\"800\"></iframe>"
            .to_string(),
    );
    b.page(
        &art(12),
        "Правила для получателей услуг",
        doc_list(&[(
            "Правила внутреннего распорядка для получателей социальных услуг (ODT)",
            "/images/docs/pravila-poluchateley.odt",
        )]),
    );
    b.page(
        &art(13),
        "Правила внутреннего трудового распорядка",
        doc_list(&[(
            "Правила внутреннего трудового распорядка",
            "/images/docs/pvtr.pdf",
        )]),
    );
    b.page(
        &art(14),
        "Финансово-хозяйственная деятельность",
        doc_list(&[(
            "План финансово-хозяйственной деятельности на 2026 год",
            "/images/docs/fhd-2026.pdf",
        )]),
    );
    b.page(&art(15), "Проверки", inspections());
    b.page(&art(16), "Независимая оценка качества", format!("{}{}", nok_results(&i), doc_list(&[("План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год", "/images/docs/plan-nok-2026.pdf")])));
    b.page(&art(17), "Обращения граждан", feedback_form());
    for k in 0..6u32 {
        b.page(&art(20 + k), NEWS[k as usize].0, news_body(k as usize));
    }
    b.file("/images/docs/ustav.pdf", docs::charter(&org));
    b.file("/images/docs/licenziya.pdf", docs::licence(&org));
    b.file("/images/docs/kolldogovor.pdf", docs::collective(&org));
    b.file(
        "/images/docs/pravila-poluchateley.odt",
        docs::odt(
            "Правила внутреннего распорядка для получателей социальных услуг",
            &[
                "ПРАВИЛА ВНУТРЕННЕГО РАСПОРЯДКА ДЛЯ ПОЛУЧАТЕЛЕЙ СОЦИАЛЬНЫХ УСЛУГ",
                &org,
                "1. Получатели социальных услуг обязаны соблюдать настоящие правила.",
                "2. Приём посетителей — с 9:00 до 17:00.",
            ],
        ),
    );
    b.file(
        "/images/docs/pvtr.pdf",
        docs::pdf(&docs::labor_rules_lines()),
    );
    b.file("/images/docs/fhd-2026.pdf", docs::fhd(&org, 2026));
    b.file(
        "/images/docs/plan-nok-2026.pdf",
        docs::nok_plan(&org, 2026, false),
    );
    b
}

/// uCoz in windows-1251: «создано 01.07.2017», a licence scan, and a site map whose items are
/// plain text (titles of sections the site does not have).
pub fn ucoz_rodnik() -> SiteBuilder {
    let mut inst = Inst::new(
        "ГБСУ СО «Дом-интернат для престарелых и инвалидов «Родник»",
        "Дом-интернат «Родник»",
        "с. Родниковое",
        "38455",
        "di-rodnik",
    );
    inst.bvi = Bvi::None;
    inst.rate_banner = None;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("ucoz-di-rodnik", Style::Ucoz, inst);
    b.cp1251 = true;
    for (label, href) in [
        ("О нас", "/index/0-2"),
        ("Структура", "/index/0-3"),
        ("Администрация", "/index/0-4"),
        ("Наши сотрудники", "/index/0-5"),
        ("Условия проживания", "/index/0-6"),
        ("Стоимость", "/index/0-7"),
        ("Документы", "/index/0-8"),
        ("Независимая оценка", "/index/0-9"),
        ("Гостевая книга", "/gb/"),
        ("Карта сайта", "/index/0-10"),
    ] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Дом-интернат «Родник» — уютный дом для пожилых людей на берегу реки."),
            news_list(3, |k| format!("/news/2026-11-0{}-{}", k + 1, 40 + k))
        ),
    );
    b.page("/index/0-2", "О нас", format!("{}{}{}{}{}", p("Учреждение создано 01.07.2017 в результате реорганизации областного дома-интерната."), founder(&i), address(&i), schedule(), contacts(&i)));
    b.page("/index/0-3", "Структура", structure(&i));
    b.page("/index/0-4", "Администрация", management(&i));
    b.page("/index/0-5", "Наши сотрудники", staff(&i));
    b.page(
        "/index/0-6",
        "Условия проживания",
        format!(
            "{}{}{}{}",
            services(),
            facilities(),
            recipients(),
            p("Свободные места: 4 (мужские — 1, женские — 3).")
        ),
    );
    b.page("/index/0-7", "Стоимость", tariffs());
    b.page(
        "/index/0-8",
        "Документы",
        doc_list(&[
            ("Устав", "/docs/ustav.pdf"),
            ("Лицензия (скан)", "/docs/licenziya_skan.pdf"),
            (
                "Правила проживания в доме-интернате",
                "/docs/pravila_prozhivaniya.pdf",
            ),
        ]),
    );
    b.page("/index/0-9", "Независимая оценка", nok_results(&i));
    b.page("/gb/", "Гостевая книга", format!("{}<form method=\"post\" action=\"/gb/0-1\"><input type=\"text\" name=\"name\"> <textarea name=\"message\"></textarea><input type=\"submit\" value=\"Добавить запись\"></form>", p("Оставьте отзыв или задайте вопрос администрации.")));
    b.page("/index/0-10", "Карта сайта", "<ul class=\"sitemap\"><li>Главная</li><li>О нас</li><li>Структура</li><li>Коллективный договор</li><li>План ФХД</li><li>Часто задаваемые вопросы</li><li>Объём услуг</li><li>Гостевая книга</li></ul>".to_string());
    news(&mut b, 5, "/news/", |k| {
        format!("/news/2026-11-0{}-{}", k + 1, 40 + k)
    });
    b.file("/docs/ustav.pdf", docs::charter(&org));
    b.file("/docs/licenziya_skan.pdf", docs::scan(2));
    b.file(
        "/docs/pravila_prozhivaniya.pdf",
        docs::recipient_rules(&org),
    );
    b
}
