//! Corpus sites 7–8: Bitrix with more than 40 documents under numeric URLs, WordPress of false friends.

use super::content::*;
use super::docs;
use super::{SiteBuilder, Style};

/// Titles of the ordinary documents of the Bitrix site's registry (`/docs/1001/` …).
const ORDINARY_DOCS: [&str; 8] = [
    "Приказ об утверждении антикоррупционной политики",
    "Положение о попечительском совете",
    "Положение об оплате труда работников",
    "Приказ о назначении ответственного за охрану труда",
    "Положение о комиссии по трудовым спорам",
    "Приказ об утверждении графика отпусков",
    "Положение о защите персональных данных получателей",
    "Приказ о проведении инвентаризации",
];

/// 1С-Битрикс with 46 documents, each on its own page `/docs/NNNN/`, the required ones last.
pub fn bitrix_docs_pni() -> SiteBuilder {
    let mut inst = Inst::new(
        "ГБСУ СО «Психоневрологический интернат «Сосновый бор»",
        "ПНИ «Сосновый бор»",
        "п. Сосновый Бор",
        "81378",
        "pni-sosnoviy-bor",
    );
    inst.bvi = Bvi::Button;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("bitrix-pni-sosnoviy-bor", Style::Bitrix, inst);
    for (label, href) in [
        ("Об учреждении", "/about/"),
        ("Услуги", "/uslugi/"),
        ("Документы", "/docs/"),
        ("НОК", "/nok/"),
        ("Вопросы и ответы", "/faq/"),
        ("Обратная связь", "/feedback/"),
    ] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    let required: [(&str, &str, Vec<u8>); 6] = [
        ("План по устранению недостатков, выявленных в ходе независимой оценки качества, на 2026 год", "plan-nok", docs::nok_plan(&org, 2026, false)),
        ("Устав учреждения", "ustav", docs::charter(&org)),
        ("Лицензия на осуществление медицинской деятельности", "licenziya", docs::licence(&org)),
        ("Коллективный договор", "kd", docs::collective(&org)),
        ("Правила внутреннего распорядка для получателей социальных услуг", "pravila", docs::recipient_rules(&org)),
        ("План финансово-хозяйственной деятельности на 2026 год", "fhd", docs::fhd(&org, 2026)),
    ];
    let mut list = Vec::new();
    for n in 0..40 {
        list.push((
            format!(
                "{} (ред. {:02}.{:02}.20{})",
                ORDINARY_DOCS[n % 8],
                1 + n % 28,
                1 + n % 12,
                20 + n % 6
            ),
            format!("/docs/{}/", 1001 + n),
        ));
    }
    for (k, (title, _, _)) in required.iter().enumerate() {
        list.push((title.to_string(), format!("/docs/{}/", 1041 + k)));
    }
    let refs: Vec<(&str, &str)> = list.iter().map(|(t, h)| (t.as_str(), h.as_str())).collect();
    b.page("/docs/", "Документы", doc_list(&refs));
    for (n, (title, href)) in list.iter().enumerate() {
        let file = if n < 40 {
            format!("/upload/iblock/{:03}/doc-{}.pdf", n, 1001 + n)
        } else {
            format!("/upload/iblock/{:03}/{}.pdf", n, required[n - 40].1)
        };
        b.page(
            href,
            title,
            format!(
                "{}<p><a href=\"{}\">Скачать (PDF)</a></p>",
                p("Дата размещения: 15.01.2026"),
                file
            ),
        );
        let bytes = if n < 40 {
            docs::text_doc(title, &org, &["Утверждено приказом директора."])
        } else {
            required[n - 40].2.clone()
        };
        b.file(&file, bytes);
    }
    b.page("/", "Главная", p("Психоневрологический интернат «Сосновый бор» — стационарное учреждение социального обслуживания."));
    b.page(
        "/about/",
        "Об учреждении",
        format!(
            "{}{}{}{}{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i),
            h2("Структура и органы управления"),
            structure(&i),
            h2("Руководство"),
            management(&i)
        ),
    );
    b.page(
        "/about/personal/",
        "Персональный состав работников",
        staff(&i),
    );
    b.page(
        "/uslugi/",
        "Услуги",
        format!(
            "{}{}{}{}{}{}{}",
            services(),
            h2("Тарифы на социальные услуги"),
            tariffs(),
            recipients(),
            vacancies(1),
            volume(),
            a("/about/personal/", "Персональный состав работников")
        ),
    );
    b.page(
        "/about/mto/",
        "Материально-техническое обеспечение",
        facilities(),
    );
    b.page(
        "/nok/",
        "Независимая оценка качества",
        format!(
            "{}{}{}",
            nok_results(&i),
            p("План по устранению недостатков размещён в разделе «Документы»."),
            a("/about/mto/", "Материально-техническое обеспечение")
        ),
    );
    b.page("/faq/", "Вопросы и ответы", faq_items());
    b.page(
        "/feedback/",
        "Обратная связь",
        format!(
            "{}{}",
            feedback_form(),
            a("/proverki/", "Результаты проверок")
        ),
    );
    b.page("/proverki/", "Результаты проверок", inspections());
    b.file(
        "/upload/iblock/pvtr.pdf",
        docs::pdf(&docs::labor_rules_lines()),
    );
    b.page(
        "/about/pvtr/",
        "Правила внутреннего трудового распорядка",
        doc_list(&[(
            "Правила внутреннего трудового распорядка",
            "/upload/iblock/pvtr.pdf",
        )]),
    );
    b.menu("Работникам", "/about/pvtr/");
    b
}

/// The news of the false-friends site: (title, URL).
const ZABOTA_NEWS: [(&str, &str); 4] = [
    (
        "Изменение тарифов на электроэнергию с 1 июля",
        "/novosti/tarify-elektroenergiya/",
    ),
    (
        "Коллективный договор: начата подготовка проекта",
        "/novosti/kollektivnyj-dogovor-proekt/",
    ),
    ("Декада пожилых людей", "/novosti/den-pozhilyh/"),
    ("Школа ухода за пожилыми", "/novosti/shkola-uhoda/"),
];

/// WordPress with false friends: the «Лицензия» link is a federal law on a legal portal, a news
/// item about preparing a collective agreement, a registry search form, a site map.
pub fn wp_zabota() -> SiteBuilder {
    let inst = Inst::new(
        "АНО «Геронтологический центр «Забота»",
        "Геронтоцентр «Забота»",
        "г. Демонск",
        "8452",
        "zabota-geronto",
    );
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("wp-gerontocentr-zabota", Style::WordPress, inst);
    for (label, slug) in [
        ("О центре", "o-centre"),
        ("Услуги и тарифы", "uslugi"),
        ("Документы", "dokumenty"),
        ("Независимая оценка", "nezavisimaya-ocenka"),
        ("Реестр поставщиков", "reestr"),
        ("Новости", "novosti"),
        ("Карта сайта", "karta-sajta"),
    ] {
        b.menu(label, &format!("/{slug}/"));
    }
    let i = b.inst.clone();
    b.page("/", "Главная", format!("{}{}", p("Негосударственный поставщик социальных услуг, включён в реестр поставщиков социальных услуг Демонстрационной области."), doc_list(&ZABOTA_NEWS)));
    b.page(
        "/o-centre/",
        "О центре",
        format!(
            "{}{}{}{}{}{}{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i),
            h2("Структура и органы управления"),
            structure(&i),
            h2("Руководство"),
            management(&i),
            h2("Персональный состав работников"),
            staff(&i)
        ),
    );
    b.page(
        "/o-centre/mto/",
        "Материально-техническая база",
        facilities(),
    );
    b.page(
        "/uslugi/",
        "Услуги и тарифы",
        format!(
            "{}{}{}{}{}{}",
            services(),
            h2("Тарифы на социальные услуги"),
            tariffs(),
            recipients(),
            vacancies(3),
            volume()
        ),
    );
    b.page("/dokumenty/", "Документы", doc_list(&[
        ("Устав АНО", "/wp-content/uploads/2023/05/ustav-ano.pdf"),
        ("Лицензирование (Федеральный закон от 04.05.2011 № 99-ФЗ «О лицензировании отдельных видов деятельности»)", "http://publication.pravo.gov.ru/Document/View/0001201105040001"),
        ("Правила внутреннего распорядка для получателей социальных услуг", "/wp-content/uploads/2025/09/pravila-poluchatelej.pdf"),
        ("Правила внутреннего трудового распорядка", "/wp-content/uploads/2025/09/pvtr.pdf"),
        ("Отчёт о финансово-хозяйственной деятельности за 2025 год", "/wp-content/uploads/2026/03/otchet-fhd-2025.pdf"),
        ("Предписания надзорных органов и их исполнение", "/dokumenty/predpisaniya/"),
        ("Материально-техническая база", "/o-centre/mto/"),
    ]));
    b.page(
        "/dokumenty/predpisaniya/",
        "Предписания надзорных органов",
        inspections(),
    );
    b.page("/nezavisimaya-ocenka/", "Независимая оценка качества", format!("{}{}", nok_results(&i), doc_list(&[("План по устранению недостатков по итогам НОК на 2026 год (с отметками о выполнении)", "/wp-content/uploads/2026/02/plan-nok.pdf")])));
    b.page("/reestr/", "Реестр поставщиков социальных услуг", format!("{}<form method=\"get\" action=\"/reestr/\" class=\"registry-search\"><label>Наименование поставщика <input type=\"text\" name=\"q\"></label><label>ИНН <input type=\"text\" name=\"inn\"></label><label>Район <select name=\"district\"><option>Все</option><option>Демонский</option></select></label><button type=\"submit\">Найти</button></form>", p("Поиск поставщика в реестре поставщиков социальных услуг области.")));
    b.page("/novosti/", "Новости", doc_list(&ZABOTA_NEWS));
    b.page(
        "/novosti/tarify-elektroenergiya/",
        "Изменение тарифов на электроэнергию с 1 июля",
        p("С 1 июля 2026 года тарифы на электроэнергию для населения повышаются на 9,8 %."),
    );
    b.page("/novosti/kollektivnyj-dogovor-proekt/", "Коллективный договор: начата подготовка проекта", p("Работники центра избрали представителей для подготовки проекта коллективного договора. Обсуждение пройдёт в январе 2027 года."));
    b.page(
        "/novosti/den-pozhilyh/",
        "Декада пожилых людей",
        news_body(0),
    );
    b.page(
        "/novosti/shkola-uhoda/",
        "Школа ухода за пожилыми",
        news_body(1),
    );
    b.page(
        "/karta-sajta/",
        "Карта сайта",
        doc_list(&[
            ("О центре", "/o-centre/"),
            ("Услуги и тарифы", "/uslugi/"),
            ("Документы", "/dokumenty/"),
            ("Независимая оценка", "/nezavisimaya-ocenka/"),
            ("Новости", "/novosti/"),
        ]),
    );
    b.file(
        "/wp-content/uploads/2023/05/ustav-ano.pdf",
        docs::charter(&org),
    );
    b.file(
        "/wp-content/uploads/2025/09/pravila-poluchatelej.pdf",
        docs::recipient_rules(&org),
    );
    b.file(
        "/wp-content/uploads/2025/09/pvtr.pdf",
        docs::pdf(&docs::labor_rules_lines()),
    );
    b.file(
        "/wp-content/uploads/2026/03/otchet-fhd-2025.pdf",
        docs::text_doc(
            "ОТЧЁТ о финансово-хозяйственной деятельности за 2025 год",
            &org,
            &[
                "Доходы, всего — 41 200 000,00 руб.",
                "Расходы, всего — 40 870 000,00 руб.",
            ],
        ),
    );
    b.file(
        "/wp-content/uploads/2026/02/plan-nok.pdf",
        docs::nok_plan(&org, 2026, true),
    );
    b
}
