//! Corpus sites 1–2: WordPress (`?page_id=`) and 1С-Битрикс (`?ELEMENT_ID=`).

use super::content::*;
use super::docs;
use super::{SiteBuilder, Style};

/// News items at `url(i)` and a list of them on `list_url`.
pub fn news(b: &mut SiteBuilder, n: usize, list_url: &str, url: impl Fn(usize) -> String) {
    b.page(list_url, "Новости", news_list(n, &url));
    for i in 0..n {
        b.page(&url(i), NEWS[i % NEWS.len()].0, news_body(i));
    }
}

/// WordPress, `?page_id=` pages; «Правила внутреннего распорядка» is a DOCX of the labour rules;
/// the FAQ is an accordion in the sidebar of every page.
pub fn wp_ozerny() -> SiteBuilder {
    let inst = Inst::new(
        "ГБУ «Комплексный центр социального обслуживания населения Озёрного района»",
        "КЦСОН Озёрного района",
        "р.п. Озёрный",
        "84531",
        "kcson-ozerny",
    );
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("wp-kcson-ozerny", Style::WordPress, inst);
    for (label, id) in [
        ("Основные сведения", 12),
        ("Структура и органы управления", 14),
        ("Руководство", 16),
        ("Персональный состав работников", 18),
        ("Социальные услуги", 20),
        ("Тарифы на социальные услуги", 22),
        ("Материально-техническое обеспечение", 24),
        ("Документы", 26),
        ("Независимая оценка качества", 30),
        ("Обратная связь", 32),
        ("Контакты", 34),
    ] {
        b.menu(label, &format!("/?page_id={id}"));
    }
    b.sidebar = format!(
        "<div class=\"widget widget_faq\"><h3 class=\"widget-title\">Вопрос — ответ</h3>{}</div>",
        faq_items()
    );
    let i = b.inst.clone();
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Добро пожаловать на официальный сайт центра!"),
            news_list(5, |k| format!("/?p={}", 101 + k))
        ),
    );
    b.page(
        "/?page_id=12",
        "Основные сведения",
        format!(
            "{}{}{}{}{}",
            p(&i.name),
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i)
        ),
    );
    b.page(
        "/?page_id=14",
        "Структура и органы управления",
        structure(&i),
    );
    b.page("/?page_id=16", "Руководство", management(&i));
    b.page("/?page_id=18", "Персональный состав работников", staff(&i));
    b.page(
        "/?page_id=20",
        "Социальные услуги",
        format!("{}{}{}{}", services(), recipients(), vacancies(2), volume()),
    );
    b.page("/?page_id=22", "Тарифы на социальные услуги", tariffs());
    b.page(
        "/?page_id=24",
        "Материально-техническое обеспечение",
        facilities(),
    );
    b.page(
        "/?page_id=26",
        "Документы",
        doc_list(&[
            ("Устав учреждения", "/wp-content/uploads/2024/02/ustav.pdf"),
            (
                "Лицензия на осуществление медицинской деятельности",
                "/wp-content/uploads/2024/02/licenziya.pdf",
            ),
            (
                "Правила внутреннего распорядка",
                "/wp-content/uploads/2025/01/pravila.docx",
            ),
            (
                "Коллективный договор",
                "/wp-content/uploads/2025/03/kollektivnyj-dogovor.pdf",
            ),
            (
                "План финансово-хозяйственной деятельности на 2026 год",
                "/wp-content/uploads/2026/01/plan-fhd-2026.pdf",
            ),
            ("Предписания контрольно-надзорных органов", "/?page_id=28"),
        ]),
    );
    b.page(
        "/?page_id=28",
        "Предписания контрольно-надзорных органов",
        inspections(),
    );
    b.page("/?page_id=30", "Независимая оценка качества", format!("{}{}", nok_results(&i), doc_list(&[("План по устранению недостатков, выявленных в ходе независимой оценки качества, на 2026 год", "/wp-content/uploads/2026/01/plan-nok-2026.pdf")])));
    b.page("/?page_id=32", "Обратная связь", feedback_form());
    b.page("/?page_id=34", "Контакты", contacts(&i));
    for (k, item) in NEWS.iter().enumerate().take(8) {
        b.page(&format!("/?p={}", 101 + k), item.0, news_body(k));
    }
    b.file("/wp-content/uploads/2024/02/ustav.pdf", docs::charter(&org));
    b.file(
        "/wp-content/uploads/2024/02/licenziya.pdf",
        docs::licence(&org),
    );
    b.file(
        "/wp-content/uploads/2025/01/pravila.docx",
        docs::docx(
            "Правила внутреннего трудового распорядка",
            &docs::labor_rules_lines(),
        ),
    );
    b.file(
        "/wp-content/uploads/2025/03/kollektivnyj-dogovor.pdf",
        docs::collective(&org),
    );
    b.file(
        "/wp-content/uploads/2026/01/plan-fhd-2026.pdf",
        docs::fhd(&org, 2026),
    );
    b.file(
        "/wp-content/uploads/2026/01/plan-nok-2026.pdf",
        docs::nok_plan(&org, 2026, false),
    );
    b
}

/// 1С-Битрикс, `?ELEMENT_ID=` pages, files in `/upload/iblock/`; the plan is linked as «Скачать»;
/// a year-less «Финансово-хозяйственная деятельность» page links only the plan ФХД for 2023.
pub fn bitrix_nadezhda() -> SiteBuilder {
    let mut inst = Inst::new("ГКУ «Реабилитационный центр для детей и подростков с ограниченными возможностями «Надежда»", "РЦ «Надежда»", "г. Светлоярск", "48212", "rc-nadezhda");
    inst.bvi = Bvi::Button;
    inst.rate_banner = None;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("bitrix-rc-nadezhda", Style::Bitrix, inst);
    for (label, href) in [
        ("О центре", "/about/"),
        ("Услуги", "/uslugi/"),
        ("Документы", "/dokumenty/"),
        ("ФХД", "/fhd/"),
        ("Независимая оценка", "/nok/"),
        ("Анкета", "/anketa/"),
        ("Обращения", "/obrashcheniya/"),
        ("Новости", "/news/"),
    ] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Центр помогает детям с ограниченными возможностями здоровья и их семьям."),
            news_list(4, |k| format!("/news/?ELEMENT_ID={}", 301 + k))
        ),
    );
    b.page(
        "/about/",
        "О центре",
        format!(
            "{}{}{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i),
            a("/about/?ELEMENT_ID=211", "Структура и органы управления"),
            doc_list(&[
                ("Руководство", "/about/?ELEMENT_ID=212"),
                ("Педагогический состав", "/about/?ELEMENT_ID=213"),
                (
                    "Материально-техническое обеспечение",
                    "/about/?ELEMENT_ID=214"
                )
            ])
        ),
    );
    b.page(
        "/about/?ELEMENT_ID=211",
        "Структура и органы управления",
        structure(&i),
    );
    b.page("/about/?ELEMENT_ID=212", "Руководство", management(&i));
    b.page("/about/?ELEMENT_ID=213", "Педагогический состав", staff(&i));
    b.page(
        "/about/?ELEMENT_ID=214",
        "Материально-техническое обеспечение",
        facilities(),
    );
    b.page(
        "/uslugi/",
        "Услуги",
        format!(
            "{}{}{}{}{}",
            services(),
            recipients(),
            vacancies(5),
            volume(),
            a("/uslugi/?ELEMENT_ID=230", "Стоимость услуг")
        ),
    );
    b.page("/uslugi/?ELEMENT_ID=230", "Стоимость услуг", tariffs());
    b.page(
        "/dokumenty/",
        "Документы",
        doc_list(&[
            ("Устав", "/upload/iblock/3f2/ustav.pdf"),
            (
                "Лицензия на медицинскую деятельность",
                "/upload/iblock/8a1/licenziya.pdf",
            ),
            (
                "Правила внутреннего распорядка для получателей социальных услуг",
                "/upload/iblock/c44/pravila-poluchateley.pdf",
            ),
            (
                "Правила внутреннего трудового распорядка",
                "/upload/iblock/c45/pvtr.pdf",
            ),
            ("Коллективный договор", "/upload/iblock/d10/kd.pdf"),
            (
                "Информация о проверках и исполнении предписаний",
                "/dokumenty/?ELEMENT_ID=250",
            ),
        ]),
    );
    b.page(
        "/dokumenty/?ELEMENT_ID=250",
        "Информация о проверках",
        inspections(),
    );
    b.page(
        "/fhd/",
        "Финансово-хозяйственная деятельность",
        doc_list(&[("План ФХД", "/upload/iblock/e77/plan-fhd.pdf")]),
    );
    b.page("/nok/", "Независимая оценка качества", format!("{}<table class=\"docs\"><tr><td>План по устранению недостатков по итогам независимой оценки качества 2025 года</td><td><a href=\"/upload/iblock/f01/4a7c1e.pdf\">Скачать</a></td></tr></table>", nok_results(&i)));
    b.page("/anketa/", "Анкета получателя услуг", anketa());
    b.page("/obrashcheniya/", "Обращения граждан", feedback_form());
    news(&mut b, 6, "/news/", |k| {
        format!("/news/?ELEMENT_ID={}", 301 + k)
    });
    b.file("/upload/iblock/3f2/ustav.pdf", docs::charter(&org));
    b.file("/upload/iblock/8a1/licenziya.pdf", docs::licence(&org));
    b.file(
        "/upload/iblock/c44/pravila-poluchateley.pdf",
        docs::recipient_rules(&org),
    );
    b.file(
        "/upload/iblock/c45/pvtr.pdf",
        docs::pdf(&docs::labor_rules_lines()),
    );
    b.file("/upload/iblock/d10/kd.pdf", docs::collective(&org));
    b.file("/upload/iblock/e77/plan-fhd.pdf", docs::fhd(&org, 2023));
    b.file(
        "/upload/iblock/f01/4a7c1e.pdf",
        docs::nok_plan(&org, 2026, true),
    );
    b
}
