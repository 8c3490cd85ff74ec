//! Corpus sites 5–6: ГосВеб with documents in online viewers, a hand-made windows-1251 site.

use super::content::*;
use super::docs;
use super::sites_a::news;
use super::{SiteBuilder, Style};

const LESNOY: &str = "https://kcson-lesnoy.gosweb.gosuslugi.ru";

/// ГосВеб: `/svedeniya/…`; the collective agreement only in an Office Online iframe, the tariffs
/// in a Google Docs viewer, the rules for recipients through the Yandex viewer.
pub fn gosweb_lesnoy() -> SiteBuilder {
    let mut inst = Inst::new(
        "ГАУ СО «Комплексный центр социального обслуживания населения Лесного округа»",
        "КЦСОН Лесного округа",
        "г. Лесной",
        "34342",
        "kcson-lesnoy",
    );
    inst.bvi = Bvi::Button;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("gosweb-kcson-lesnoy", Style::Gosweb, inst);
    for (label, href) in [
        ("Сведения об организации", "/svedeniya/"),
        ("Деятельность", "/deyatelnost/"),
        ("Обращения граждан", "/obrashcheniya/"),
        ("Пресс-центр", "/press-center/news/"),
        ("Контакты", "/kontakty/"),
    ] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    let sub = [
        ("Основные сведения", "osnovnye-svedeniya"),
        ("Структура и органы управления", "struktura"),
        ("Руководство", "rukovodstvo"),
        ("Персональный состав", "personal"),
        ("Социальные услуги", "uslugi"),
        ("Материально-техническое обеспечение", "mto"),
        ("Документы", "dokumenty"),
        ("Финансово-хозяйственная деятельность", "fhd"),
        ("Проверки", "proverki"),
        ("Независимая оценка качества", "nok"),
    ];
    let list: Vec<(&str, String)> = sub
        .iter()
        .map(|(l, s)| (*l, format!("/svedeniya/{s}/")))
        .collect();
    let refs: Vec<(&str, &str)> = list.iter().map(|(l, h)| (*l, h.as_str())).collect();
    b.page(
        "/",
        "Главная",
        format!(
            "{}{}",
            p("Госуслуги в сфере социального обслуживания Лесного округа."),
            news_list(4, |k| format!("/press-center/news/{}/", 7701 + k))
        ),
    );
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
    b.page(
        "/svedeniya/struktura/",
        "Структура и органы управления",
        structure(&i),
    );
    b.page("/svedeniya/rukovodstvo/", "Руководство", management(&i));
    b.page("/svedeniya/personal/", "Персональный состав", staff(&i));
    let viewer = format!("https://docs.google.com/viewer?url={LESNOY}%2Fnetcat_files%2Fdoc%2Ftarify_na_socialnye_uslugi_2026.pdf&amp;embedded=true");
    b.page("/svedeniya/uslugi/", "Социальные услуги", format!("{}{}{}{}<p>Утверждённые тарифы:</p><iframe src=\"{viewer}\" width=\"100%\" height=\"600\"></iframe>", services(), recipients(), vacancies(0), volume()));
    b.page(
        "/svedeniya/mto/",
        "Материально-техническое обеспечение",
        facilities(),
    );
    let office = format!("https://view.officeapps.live.com/op/view.aspx?src={LESNOY}%2Fnetcat_files%2Fdoc%2Fkollektivnyy_dogovor_2025-2028.docx");
    let yandex = format!("https://docviewer.yandex.ru/?url={LESNOY}%2Fnetcat_files%2Fdoc%2Fpravila_vnutrennego_rasporyadka_poluchateley.pdf");
    b.page("/svedeniya/dokumenty/", "Документы", format!("{}<div class=\"doc-card\"><iframe src=\"{office}\" width=\"100%\" height=\"500\"></iframe></div><div class=\"doc-card\"><span class=\"doc-icon\">PDF</span> <a href=\"{yandex}\">Открыть</a></div>", doc_list(&[
        ("Устав ГАУ СО «КЦСОН Лесного округа»", "/netcat_files/doc/ustav.pdf"),
        ("Выписка из реестра лицензий", "/netcat_files/doc/licenziya.pdf"),
        ("Правила внутреннего трудового распорядка", "/netcat_files/doc/pvtr.docx"),
    ])));
    b.page(
        "/svedeniya/fhd/",
        "Финансово-хозяйственная деятельность",
        doc_list(&[(
            "План финансово-хозяйственной деятельности на 2026 год",
            "/netcat_files/doc/plan-fhd-2026.pdf",
        )]),
    );
    b.page("/svedeniya/proverki/", "Проверки", p("В 2025–2026 годах проверки органами государственного контроля (надзора) не проводились, предписания не выдавались."));
    b.page(
        "/svedeniya/nok/",
        "Независимая оценка качества",
        format!(
            "{}{}",
            nok_results(&i),
            doc_list(&[(
                "План мероприятий по устранению недостатков и отчёт о его выполнении",
                "/netcat_files/doc/plan-nok-2026.pdf"
            )])
        ),
    );
    b.page("/deyatelnost/", "Деятельность", p("Центр предоставляет социальные услуги в форме социального обслуживания на дому и в полустационарной форме."));
    b.page("/obrashcheniya/", "Обращения граждан", format!("{}<div id=\"js-show-iframe-wrapper\" class=\"pos-banner\"><p>Решаем вместе: сообщите о проблеме</p></div>{}", p("Направить обращение можно через форму Платформы обратной связи Госуслуг."), a("/obrashcheniya/faq/", "Часто задаваемые вопросы")));
    b.page(
        "/obrashcheniya/faq/",
        "Часто задаваемые вопросы",
        faq_items(),
    );
    b.page("/kontakty/", "Контакты", contacts(&i));
    news(&mut b, 6, "/press-center/news/", |k| {
        format!("/press-center/news/{}/", 7701 + k)
    });
    b.file("/netcat_files/doc/ustav.pdf", docs::charter(&org));
    b.file("/netcat_files/doc/licenziya.pdf", docs::licence(&org));
    b.file(
        "/netcat_files/doc/pvtr.docx",
        docs::docx(
            "Правила внутреннего трудового распорядка",
            &docs::labor_rules_lines(),
        ),
    );
    b.file("/netcat_files/doc/plan-fhd-2026.pdf", docs::fhd(&org, 2026));
    b.file(
        "/netcat_files/doc/plan-nok-2026.pdf",
        docs::nok_plan(&org, 2026, true),
    );
    b.file(
        "/netcat_files/doc/kollektivnyy_dogovor_2025-2028.docx",
        docs::docx(
            "Коллективный договор",
            &["КОЛЛЕКТИВНЫЙ ДОГОВОР на 2025–2028 годы", &org],
        ),
    );
    b.file(
        "/netcat_files/doc/tarify_na_socialnye_uslugi_2026.pdf",
        docs::tariffs_pdf(&org),
    );
    b.file(
        "/netcat_files/doc/pravila_vnutrennego_rasporyadka_poluchateley.pdf",
        docs::recipient_rules(&org),
    );
    b
}

/// Hand-made `.htm` pages in windows-1251, news at `news.php?id=`; the НОК plan is linked by its
/// bare file name.
pub fn handmade_solnyshko() -> SiteBuilder {
    let mut inst = Inst::new(
        "ГКУ СО «Социально-реабилитационный центр для несовершеннолетних «Солнышко»",
        "СРЦН «Солнышко»",
        "г. Заволжск",
        "49333",
        "srcn-solnyshko",
    );
    inst.bvi = Bvi::None;
    inst.rate_banner = None;
    inst.vk = Some("https://ok.ru/group/srcnsolnyshko".to_string());
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("handmade-srcn-solnyshko", Style::Handmade, inst);
    b.cp1251 = true;
    for (label, href) in [
        ("О центре", "/about.htm"),
        ("Структура", "/struktura.htm"),
        ("Руководство", "/rukovodstvo.htm"),
        ("Кадры", "/kadry.htm"),
        ("Услуги", "/uslugi.htm"),
        ("Документы", "/docs.htm"),
        ("НОК", "/nok.htm"),
        ("Анкета", "/anketa.htm"),
        ("Новости", "/news.php"),
    ] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    b.page("/", "Главная", format!("{}{}", p("Центр оказывает помощь несовершеннолетним, оказавшимся в трудной жизненной ситуации."), news_list(3, |k| format!("/news.php?id={}", 11 + k))));
    b.page(
        "/about.htm",
        "О центре",
        format!(
            "{}{}{}{}",
            reg_date(&i),
            founder(&i),
            schedule(),
            contacts(&i)
        ),
    );
    b.page("/struktura.htm", "Структура", structure(&i));
    b.page("/rukovodstvo.htm", "Руководство", management(&i));
    b.page("/kadry.htm", "Кадровый состав", staff(&i));
    b.page("/uslugi.htm", "Услуги", format!("{}{}{}{}", services(), p("Социальные услуги предоставляются несовершеннолетним бесплатно; тарифы на платные социальные услуги не устанавливались, платные услуги не оказываются."), recipients(), vacancies(6)));
    b.page("/docs.htm", "Документы", doc_list(&[
        ("Устав", "/files/ustav.pdf"),
        ("Лицензия на осуществление образовательной деятельности", "/files/licenziya.pdf"),
        ("Правила внутреннего распорядка для несовершеннолетних получателей социальных услуг", "/files/pravila-vospitannikov.pdf"),
        ("Правила внутреннего трудового распорядка", "/files/pvtr.pdf"),
        ("Коллективный договор", "/files/kd.pdf"),
        ("План ФХД на 2026 год", "/files/fhd-2026.pdf"),
        ("Материально-техническое обеспечение", "/mto.htm"),
    ]));
    b.page(
        "/mto.htm",
        "Материально-техническое обеспечение",
        facilities(),
    );
    b.page("/nok.htm", "Независимая оценка качества", format!("{}<p>Результаты: итоговый балл 88,2 (открытость — 92,0; комфортность — 94,5; доступность для инвалидов — 70,0; доброжелательность — 97,1; удовлетворённость — 87,4).</p><p><a href=\"/files/plan_nok_2026.pdf\">plan_nok_2026.pdf</a></p>", h2("Независимая оценка качества условий оказания услуг")));
    b.page("/anketa.htm", "Анкета для получателей услуг", anketa());
    news(&mut b, 8, "/news.php", |k| {
        format!("/news.php?id={}", 11 + k)
    });
    b.file("/files/ustav.pdf", docs::charter(&org));
    b.file(
        "/files/licenziya.pdf",
        docs::text_doc(
            "ВЫПИСКА ИЗ РЕЕСТРА ЛИЦЕНЗИЙ",
            &org,
            &[
                "Вид деятельности: образовательная деятельность",
                "Подвид: дополнительное образование детей и взрослых",
            ],
        ),
    );
    b.file(
        "/files/pravila-vospitannikov.pdf",
        docs::recipient_rules(&org),
    );
    b.file("/files/pvtr.pdf", docs::pdf(&docs::labor_rules_lines()));
    b.file("/files/kd.pdf", docs::collective(&org));
    b.file("/files/fhd-2026.pdf", docs::fhd(&org, 2026));
    b.file(
        "/files/plan_nok_2026.pdf",
        docs::nok_plan(&org, 2026, false),
    );
    b
}
