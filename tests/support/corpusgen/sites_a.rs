//! Corpus sites 1–4: WordPress, 1С-Битрикс, Joomla (windows-1251), uCoz (windows-1251).

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
    let inst = Inst::new("ГБУ «Комплексный центр социального обслуживания населения Озёрного района»", "КЦСОН Озёрного района", "р.п. Озёрный", "84531", "kcson-ozerny");
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("wp-kcson-ozerny", Style::WordPress, inst);
    for (label, id) in [("Основные сведения", 12), ("Структура и органы управления", 14), ("Руководство", 16), ("Персональный состав работников", 18), ("Социальные услуги", 20), ("Тарифы на социальные услуги", 22), ("Материально-техническое обеспечение", 24), ("Документы", 26), ("Независимая оценка качества", 30), ("Обратная связь", 32), ("Контакты", 34)] {
        b.menu(label, &format!("/?page_id={id}"));
    }
    b.sidebar = format!("<div class=\"widget widget_faq\"><h3 class=\"widget-title\">Вопрос — ответ</h3>{}</div>", faq_items());
    let i = b.inst.clone();
    b.page("/", "Главная", format!("{}{}", p("Добро пожаловать на официальный сайт центра!"), news_list(5, |k| format!("/?p={}", 101 + k))));
    b.page("/?page_id=12", "Основные сведения", format!("{}{}{}{}{}", p(&i.name), reg_date(&i), founder(&i), schedule(), contacts(&i)));
    b.page("/?page_id=14", "Структура и органы управления", structure(&i));
    b.page("/?page_id=16", "Руководство", management(&i));
    b.page("/?page_id=18", "Персональный состав работников", staff());
    b.page("/?page_id=20", "Социальные услуги", format!("{}{}{}{}", services(), recipients(), vacancies(2), volume()));
    b.page("/?page_id=22", "Тарифы на социальные услуги", tariffs());
    b.page("/?page_id=24", "Материально-техническое обеспечение", facilities());
    b.page("/?page_id=26", "Документы", doc_list(&[
        ("Устав учреждения", "/wp-content/uploads/2024/02/ustav.pdf"),
        ("Лицензия на осуществление медицинской деятельности", "/wp-content/uploads/2024/02/licenziya.pdf"),
        ("Правила внутреннего распорядка", "/wp-content/uploads/2025/01/pravila.docx"),
        ("Коллективный договор", "/wp-content/uploads/2025/03/kollektivnyj-dogovor.pdf"),
        ("План финансово-хозяйственной деятельности на 2026 год", "/wp-content/uploads/2026/01/plan-fhd-2026.pdf"),
        ("Предписания контрольно-надзорных органов", "/?page_id=28"),
    ]));
    b.page("/?page_id=28", "Предписания контрольно-надзорных органов", inspections());
    b.page("/?page_id=30", "Независимая оценка качества", format!("{}{}", nok_results(&i), doc_list(&[("План по устранению недостатков, выявленных в ходе независимой оценки качества, на 2026 год", "/wp-content/uploads/2026/01/plan-nok-2026.pdf")])));
    b.page("/?page_id=32", "Обратная связь", feedback_form());
    b.page("/?page_id=34", "Контакты", contacts(&i));
    for k in 0..8 {
        b.page(&format!("/?p={}", 101 + k), NEWS[k].0, news_body(k));
    }
    b.file("/wp-content/uploads/2024/02/ustav.pdf", docs::charter(&org));
    b.file("/wp-content/uploads/2024/02/licenziya.pdf", docs::licence(&org));
    b.file("/wp-content/uploads/2025/01/pravila.docx", docs::docx("Правила внутреннего трудового распорядка", &docs::labor_rules_lines()));
    b.file("/wp-content/uploads/2025/03/kollektivnyj-dogovor.pdf", docs::collective(&org));
    b.file("/wp-content/uploads/2026/01/plan-fhd-2026.pdf", docs::fhd(&org, 2026));
    b.file("/wp-content/uploads/2026/01/plan-nok-2026.pdf", docs::nok_plan(&org, 2026, false));
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
    for (label, href) in [("О центре", "/about/"), ("Услуги", "/uslugi/"), ("Документы", "/dokumenty/"), ("ФХД", "/fhd/"), ("Независимая оценка", "/nok/"), ("Анкета", "/anketa/"), ("Обращения", "/obrashcheniya/"), ("Новости", "/news/")] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    b.page("/", "Главная", format!("{}{}", p("Центр помогает детям с ограниченными возможностями здоровья и их семьям."), news_list(4, |k| format!("/news/?ELEMENT_ID={}", 301 + k))));
    b.page("/about/", "О центре", format!("{}{}{}{}{}{}", reg_date(&i), founder(&i), schedule(), contacts(&i),
        a("/about/?ELEMENT_ID=211", "Структура и органы управления"), doc_list(&[("Руководство", "/about/?ELEMENT_ID=212"), ("Педагогический состав", "/about/?ELEMENT_ID=213"), ("Материально-техническое обеспечение", "/about/?ELEMENT_ID=214")])));
    b.page("/about/?ELEMENT_ID=211", "Структура и органы управления", structure(&i));
    b.page("/about/?ELEMENT_ID=212", "Руководство", management(&i));
    b.page("/about/?ELEMENT_ID=213", "Педагогический состав", staff());
    b.page("/about/?ELEMENT_ID=214", "Материально-техническое обеспечение", facilities());
    b.page("/uslugi/", "Услуги", format!("{}{}{}{}{}", services(), recipients(), vacancies(5), volume(), a("/uslugi/?ELEMENT_ID=230", "Стоимость услуг")));
    b.page("/uslugi/?ELEMENT_ID=230", "Стоимость услуг", tariffs());
    b.page("/dokumenty/", "Документы", doc_list(&[
        ("Устав", "/upload/iblock/3f2/ustav.pdf"),
        ("Лицензия на медицинскую деятельность", "/upload/iblock/8a1/licenziya.pdf"),
        ("Правила внутреннего распорядка для получателей социальных услуг", "/upload/iblock/c44/pravila-poluchateley.pdf"),
        ("Правила внутреннего трудового распорядка", "/upload/iblock/c45/pvtr.pdf"),
        ("Коллективный договор", "/upload/iblock/d10/kd.pdf"),
        ("Информация о проверках и исполнении предписаний", "/dokumenty/?ELEMENT_ID=250"),
    ]));
    b.page("/dokumenty/?ELEMENT_ID=250", "Информация о проверках", inspections());
    b.page("/fhd/", "Финансово-хозяйственная деятельность", doc_list(&[("План ФХД", "/upload/iblock/e77/plan-fhd.pdf")]));
    b.page("/nok/", "Независимая оценка качества", format!("{}<table class=\"docs\"><tr><td>План по устранению недостатков по итогам независимой оценки качества 2025 года</td><td><a href=\"/upload/iblock/f01/4a7c1e.pdf\">Скачать</a></td></tr></table>", nok_results(&i)));
    b.page("/anketa/", "Анкета получателя услуг", anketa());
    b.page("/obrashcheniya/", "Обращения граждан", feedback_form());
    news(&mut b, 6, "/news/", |k| format!("/news/?ELEMENT_ID={}", 301 + k));
    b.file("/upload/iblock/3f2/ustav.pdf", docs::charter(&org));
    b.file("/upload/iblock/8a1/licenziya.pdf", docs::licence(&org));
    b.file("/upload/iblock/c44/pravila-poluchateley.pdf", docs::recipient_rules(&org));
    b.file("/upload/iblock/c45/pvtr.pdf", docs::pdf(&docs::labor_rules_lines()));
    b.file("/upload/iblock/d10/kd.pdf", docs::collective(&org));
    b.file("/upload/iblock/e77/plan-fhd.pdf", docs::fhd(&org, 2023));
    b.file("/upload/iblock/f01/4a7c1e.pdf", docs::nok_plan(&org, 2026, true));
    b
}

/// Joomla in windows-1251: the charter in `<object data>`, the licence in `<embed>`, the
/// collective agreement in an `<iframe>`; the number of recipients only in prose.
pub fn joomla_berezniki() -> SiteBuilder {
    let mut inst = Inst::new("МБУ «Центр социального обслуживания населения г. Краснобора»", "ЦСОН г. Краснобора", "г. Краснобор", "34276", "cson-krasnobor");
    inst.vk = None;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("joomla-cson-krasnobor", Style::Joomla, inst);
    b.cp1251 = true;
    let art = |id: u32| format!("/index.php?option=com_content&view=article&id={id}&Itemid={}", 100 + id);
    let items: [(&str, u32); 16] = [("Общие сведения", 2), ("Структура", 3), ("Руководство", 4), ("Кадровый состав", 5), ("Услуги", 6), ("Тарифы", 7), ("Материально-техническое обеспечение", 8), ("Устав", 9), ("Лицензии", 10), ("Коллективный договор", 11), ("Правила для получателей услуг", 12), ("Правила внутреннего трудового распорядка", 13), ("Финансово-хозяйственная деятельность", 14), ("Проверки", 15), ("Независимая оценка качества", 16), ("Обращения граждан", 17)];
    for (label, id) in items {
        b.menu(label, &art(id));
    }
    let i = b.inst.clone();
    b.page("/", "Главная", format!("{}{}", p("Официальный сайт муниципального бюджетного учреждения."), news_list(4, |k| art(20 + k as u32))));
    b.page(&art(2), "Общие сведения", format!("{}{}{}{}{}", reg_date(&i), founder(&i), schedule(), contacts(&i), p("ИНН 5904123456, ОГРН 1025901234567.")));
    b.page(&art(3), "Структура", structure(&i));
    b.page(&art(4), "Руководство", management(&i));
    b.page(&art(5), "Кадровый состав", staff());
    b.page(&art(6), "Услуги", format!("{}{}{}{}", services(), p("В настоящее время в центре получают социальные услуги 99 человек: на дому — 81, в полустационарной форме — 18; все за счёт средств бюджета."), p("Свободных мест нет."), volume()));
    b.page(&art(7), "Тарифы", tariffs());
    b.page(&art(8), "Материально-техническое обеспечение", facilities());
    b.page(&art(9), "Устав", "<object data=\"/images/docs/ustav.pdf\" type=\"application/pdf\" width=\"100%\" height=\"800\"><a href=\"/images/docs/ustav.pdf\">ustav.pdf</a></object>".to_string());
    b.page(&art(10), "Лицензии", "<embed src=\"/images/docs/licenziya.pdf\" type=\"application/pdf\" width=\"100%\" height=\"800\">".to_string());
    b.page(&art(11), "Коллективный договор", "<iframe src=\"/images/docs/kolldogovor.pdf\" width=\"100%\" height=\"800\"></iframe>".to_string());
    b.page(&art(12), "Правила для получателей услуг", doc_list(&[("Правила внутреннего распорядка для получателей социальных услуг (ODT)", "/images/docs/pravila-poluchateley.odt")]));
    b.page(&art(13), "Правила внутреннего трудового распорядка", doc_list(&[("Правила внутреннего трудового распорядка", "/images/docs/pvtr.pdf")]));
    b.page(&art(14), "Финансово-хозяйственная деятельность", doc_list(&[("План финансово-хозяйственной деятельности на 2026 год", "/images/docs/fhd-2026.pdf")]));
    b.page(&art(15), "Проверки", inspections());
    b.page(&art(16), "Независимая оценка качества", format!("{}{}", nok_results(&i), doc_list(&[("План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год", "/images/docs/plan-nok-2026.pdf")])));
    b.page(&art(17), "Обращения граждан", feedback_form());
    for k in 0..6u32 {
        b.page(&art(20 + k), NEWS[k as usize].0, news_body(k as usize));
    }
    b.file("/images/docs/ustav.pdf", docs::charter(&org));
    b.file("/images/docs/licenziya.pdf", docs::licence(&org));
    b.file("/images/docs/kolldogovor.pdf", docs::collective(&org));
    b.file("/images/docs/pravila-poluchateley.odt", docs::odt("Правила внутреннего распорядка для получателей социальных услуг", &["ПРАВИЛА ВНУТРЕННЕГО РАСПОРЯДКА ДЛЯ ПОЛУЧАТЕЛЕЙ СОЦИАЛЬНЫХ УСЛУГ", &org, "1. Получатели социальных услуг обязаны соблюдать настоящие правила.", "2. Приём посетителей — с 9:00 до 17:00."]));
    b.file("/images/docs/pvtr.pdf", docs::pdf(&docs::labor_rules_lines()));
    b.file("/images/docs/fhd-2026.pdf", docs::fhd(&org, 2026));
    b.file("/images/docs/plan-nok-2026.pdf", docs::nok_plan(&org, 2026, false));
    b
}

/// uCoz in windows-1251: «создано 01.07.2017», a licence scan, and a site map whose items are
/// plain text (titles of sections the site does not have).
pub fn ucoz_rodnik() -> SiteBuilder {
    let mut inst = Inst::new("ГБСУ СО «Дом-интернат для престарелых и инвалидов «Родник»", "Дом-интернат «Родник»", "с. Родниковое", "38455", "di-rodnik");
    inst.bvi = Bvi::None;
    inst.rate_banner = None;
    let org = inst.name.clone();
    let mut b = SiteBuilder::new("ucoz-di-rodnik", Style::Ucoz, inst);
    b.cp1251 = true;
    for (label, href) in [("О нас", "/index/0-2"), ("Структура", "/index/0-3"), ("Администрация", "/index/0-4"), ("Наши сотрудники", "/index/0-5"), ("Условия проживания", "/index/0-6"), ("Стоимость", "/index/0-7"), ("Документы", "/index/0-8"), ("Независимая оценка", "/index/0-9"), ("Гостевая книга", "/gb/"), ("Карта сайта", "/index/0-10")] {
        b.menu(label, href);
    }
    let i = b.inst.clone();
    b.page("/", "Главная", format!("{}{}", p("Дом-интернат «Родник» — уютный дом для пожилых людей на берегу реки."), news_list(3, |k| format!("/news/2026-11-0{}-{}", k + 1, 40 + k))));
    b.page("/index/0-2", "О нас", format!("{}{}{}{}{}", p("Учреждение создано 01.07.2017 в результате реорганизации областного дома-интерната."), founder(&i), address(&i), schedule(), contacts(&i)));
    b.page("/index/0-3", "Структура", structure(&i));
    b.page("/index/0-4", "Администрация", management(&i));
    b.page("/index/0-5", "Наши сотрудники", staff());
    b.page("/index/0-6", "Условия проживания", format!("{}{}{}{}", services(), facilities(), recipients(), p("Свободные места: 4 (мужские — 1, женские — 3).")));
    b.page("/index/0-7", "Стоимость", tariffs());
    b.page("/index/0-8", "Документы", doc_list(&[
        ("Устав", "/docs/ustav.pdf"),
        ("Лицензия (скан)", "/docs/licenziya_skan.pdf"),
        ("Правила проживания в доме-интернате", "/docs/pravila_prozhivaniya.pdf"),
    ]));
    b.page("/index/0-9", "Независимая оценка", nok_results(&i));
    b.page("/gb/", "Гостевая книга", format!("{}<form method=\"post\" action=\"/gb/0-1\"><input type=\"text\" name=\"name\"> <textarea name=\"message\"></textarea><input type=\"submit\" value=\"Добавить запись\"></form>", p("Оставьте отзыв или задайте вопрос администрации.")));
    b.page("/index/0-10", "Карта сайта", "<ul class=\"sitemap\"><li>Главная</li><li>О нас</li><li>Структура</li><li>Коллективный договор</li><li>План ФХД</li><li>Часто задаваемые вопросы</li><li>Объём услуг</li><li>Гостевая книга</li></ul>".to_string());
    news(&mut b, 5, "/news/", |k| format!("/news/2026-11-0{}-{}", k + 1, 40 + k));
    b.file("/docs/ustav.pdf", docs::charter(&org));
    b.file("/docs/licenziya_skan.pdf", docs::scan(2));
    b.file("/docs/pravila_prozhivaniya.pdf", docs::recipient_rules(&org));
    b
}
