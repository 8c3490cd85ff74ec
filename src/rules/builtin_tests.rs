//! Tests of the built-in rule set: it loads, covers the catalog in order, and its patterns catch
//! the phrasings real sites use without catching their look-alikes.

use super::lint::{lint, list, CATALOG_IDS};
use super::{fold, Patterns, Rule, RuleSet};
use crate::model::Severity;

/// The contract with reports, summaries and diffs: the catalog ids, in catalog order.
const EXPECTED_IDS: [&str; 30] = [
    "registration-date",
    "founder",
    "address",
    "schedule",
    "phone",
    "email",
    "structure",
    "services",
    "tariffs",
    "recipients",
    "management",
    "staff",
    "facilities",
    "vacancies",
    "service-volume",
    "licenses",
    "finance",
    "recipient-rules",
    "labor-rules",
    "collective-agreement",
    "inspections",
    "charter",
    "nok-results",
    "nok-plan",
    "survey",
    "vision-impaired",
    "feedback-form",
    "faq",
    "nok-plan-report",
    "official-social-page",
];

const RECOMMENDED: [&str; 5] = ["charter", "feedback-form", "faq", "nok-plan-report", "official-social-page"];

fn rules() -> RuleSet {
    RuleSet::builtin()
}

fn field<'r>(rule: &'r Rule, name: &str) -> &'r Patterns {
    let m = &rule.matchers;
    match name {
        "link" => &m.link,
        "heading" => &m.heading,
        "page_title" => &m.page_title,
        "url" => &m.url,
        "content" => &m.content,
        "content_anywhere" => &m.content_anywhere,
        "absence" => &m.absence,
        "document" => &m.document,
        "external" => &m.external,
        "iframe" => &m.iframe,
        "script" => &m.script,
        "control" => &m.control,
        other => panic!("unknown matcher {other}"),
    }
}

/// The checker's rule: a candidate counts when a pattern of `name` matches and no `exclude` does.
fn hits(set: &RuleSet, id: &str, name: &str, text: &str) -> bool {
    let rule = set.get(id).unwrap_or_else(|| panic!("no rule {id}"));
    let hay = fold(text);
    field(rule, name).is_match(&hay) && !rule.matchers.exclude.is_match(&hay)
}

/// Ids whose `name` matcher accepts `text`.
fn ids_hit(set: &RuleSet, name: &str, text: &str) -> Vec<String> {
    set.rules.iter().filter(|r| hits(set, &r.id.0, name, text)).map(|r| r.id.0.clone()).collect()
}

#[test]
fn builtin_loads_with_the_catalog_ids_in_order() {
    let set = rules();
    assert_eq!(set.id, "1239-886n");
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.0.as_str()).collect();
    assert_eq!(ids, EXPECTED_IDS);
    assert_eq!(CATALOG_IDS, EXPECTED_IDS);
}

#[test]
fn builtin_rules_are_documented_and_severities_match_the_catalog() {
    for rule in &rules().rules {
        for (key, value) in [("title", &rule.title), ("basis", &rule.basis), ("what", &rule.what), ("hint", &rule.hint)] {
            assert!(!value.trim().is_empty(), "{}: empty {key}", rule.id);
        }
        let expected = if RECOMMENDED.contains(&rule.id.0.as_str()) { Severity::Recommended } else { Severity::Mandatory };
        assert_eq!(rule.severity, expected, "{}", rule.id);
    }
}

#[test]
fn builtin_lints_clean() {
    let warnings = lint(&rules());
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn lint_flags_missing_catalog_ids_and_spaces() {
    let text = "[ruleset]\nid = \"1239-886n\"\ntitle = \"T\"\n[[rule]]\nid = \"founder\"\ntitle = \"У\"\n\
                severity = \"mandatory\"\ncontent = ['учредител ']\n";
    let set = RuleSet::from_toml_str(text, "x.toml").unwrap();
    let shown: Vec<String> = lint(&set).iter().map(|w| w.to_string()).collect();
    assert!(shown.iter().any(|w| w.contains("lacks catalog requirements") && w.contains("nok-plan")), "{shown:#?}");
    assert!(shown.iter().any(|w| w.contains("no page-level matcher")), "{shown:#?}");
    assert!(shown.iter().any(|w| w.contains("starts or ends with a space")), "{shown:#?}");
    assert!(shown.iter().any(|w| w.contains("`basis` is empty")), "{shown:#?}");
}

#[test]
fn list_is_a_table_of_all_rules() {
    let out = list(&rules());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2 + 30, "{out}");
    assert!(lines[1].starts_with("id"), "{out}");
    assert!(lines[2].starts_with("registration-date ") && lines[2].contains(" mandatory "), "{out}");
    assert!(out.contains("official-social-page"));
    assert!(out.contains("ПП РФ № 1239 п. 2(б)"));
}

/// (id, matcher, text) that must count.
const POSITIVE: &[(&str, &str, &str)] = &[
    ("registration-date", "link", "Дата государственной регистрации"),
    ("registration-date", "link", "Основные сведения"),
    ("registration-date", "heading", "Общие сведения об учреждении"),
    ("registration-date", "content", "Дата государственной регистрации: 12.03.2002"),
    ("registration-date", "content", "Дата регистрации учреждения — 5 апреля 1996 г."),
    ("registration-date", "content", "ОГРН 1026300000000, дата присвоения 14.11.2002"),
    ("registration-date", "url", "/svedeniya/osnovnye-svedeniya/"),
    ("founder", "link", "Учредитель"),
    ("founder", "link", "Сведения об учредителе"),
    ("founder", "link", "Орган, осуществляющий функции и полномочия учредителя"),
    ("founder", "content", "Учредитель: Министерство социального развития Самарской области"),
    ("founder", "content", "Сведения об учредителях:\nМинистерство социально-демографической и семейной политики"),
    ("founder", "content", "Функции и полномочия учредителя осуществляет комитет по социальной политике"),
    ("founder", "content", "Учредитель: Петров Иван Сергеевич"),
    ("founder", "url", "/svedeniya/uchreditel/"),
    ("address", "link", "Контакты"),
    ("address", "link", "Как нас найти"),
    ("address", "heading", "Место нахождения"),
    ("address", "content_anywhere", "Юридический адрес учреждения: г. Самара, 443099, ул. Алексея Толстого, д.34"),
    ("address", "content_anywhere", "404003, Волгоградская обл., г. Городище, ул. Новая, 1"),
    ("address", "content_anywhere", "по адресу г. Самара, проспект Кирова, д.242"),
    ("address", "url", "/about/contacts/"),
    ("schedule", "link", "Режим работы"),
    ("schedule", "link", "Режим работы учреждения"),
    ("schedule", "link", "Режим и график работы"),
    ("schedule", "heading", "Часы приёма"),
    ("schedule", "content_anywhere", "Режим работы:\nпонедельник – четверг: 8:30 - 17:30"),
    ("schedule", "content_anywhere", "Ежедневно, 10:00–19:00"),
    ("schedule", "content_anywhere", "Пн-Пт с 9.00 до 18.00"),
    ("schedule", "content_anywhere", "Учреждение работает круглосуточно"),
    ("phone", "content_anywhere", "+7 (921) 869-24-58"),
    ("phone", "content_anywhere", "Телефон: 8 (846) 334-27-02"),
    ("phone", "content_anywhere", "8 846 333 79 30"),
    ("phone", "content_anywhere", "(812) 571-19-60"),
    ("phone", "content_anywhere", "тел. 571-19-60"),
    ("phone", "content_anywhere", "8-800-200-01-22"),
    ("phone", "external", "tel:+79218692458"),
    ("phone", "heading", "Контактные телефоны"),
    ("email", "content_anywhere", "E-mail: gor-semiya@yandex.ru"),
    ("email", "content_anywhere", "zabota-usluga72@mail.ru"),
    ("email", "content_anywhere", "почта: kcson@соцзащита.рф"),
    ("email", "external", "mailto:hoz-kcson@mail.ru"),
    ("email", "heading", "Электронная почта"),
    ("structure", "link", "Структура и органы управления"),
    ("structure", "link", "Структура учреждения"),
    ("structure", "link", "Подразделения"),
    ("structure", "document", "Организационная структура Учреждения"),
    ("structure", "content", "В структуру учреждения входят: отделение срочного социального обслуживания"),
    ("structure", "url", "/about/struktura/"),
    ("services", "link", "Формы социального обслуживания"),
    ("services", "link", "Виды социальных услуг"),
    ("services", "link", "Порядок и условия предоставления социальных услуг"),
    ("services", "link", "Социальные услуги"),
    ("services", "document", "Перечень предоставляемых социальных услуг"),
    ("services", "content", "предоставление социального обслуживания в полустационарной форме"),
    ("services", "content", "социально-бытовые, социально-медицинские, социально-психологические услуги"),
    ("services", "url", "/025156/current/forms/"),
    ("tariffs", "link", "Тарифы на социальные услуги"),
    ("tariffs", "link", "Тарифы"),
    ("tariffs", "link", "Стоимость услуг"),
    ("tariffs", "link", "Платные услуги"),
    ("tariffs", "document", "Приказ об утверждении тарифов на 2026 год"),
    ("tariffs", "content", "Тарифы на социальные услуги утверждены приказом министерства от 10.12.2025"),
    ("tariffs", "url", "/uslugi/tarify/"),
    ("recipients", "link", "Численность получателей социальных услуг"),
    ("recipients", "link", "Численность ПСУ 2023"),
    ("recipients", "link", "Численность и объём услуг"),
    ("recipients", "link", "Количество получателей социальных услуг"),
    ("recipients", "content", "Численность получателей социальных услуг на 01.01.2026 — 1 250 человек"),
    ("recipients", "content", "Численность получателей социальных услуг в стационарной форме: 120"),
    ("recipients", "url", "/025156/current/number/"),
    ("management", "link", "Руководство"),
    ("management", "link", "Руководитель и его заместители"),
    ("management", "link", "Администрация"),
    ("management", "heading", "Руководство учреждения"),
    ("management", "content", "Директор учреждения:\nПостников Александр Евгеньевич"),
    ("management", "content", "Иванова Мария Петровна, директор учреждения"),
    ("management", "url", "/025156/about/administration/"),
    ("staff", "link", "Персональный состав работников"),
    ("staff", "link", "Наши специалисты"),
    ("staff", "link", "Специалисты центров"),
    ("staff", "link", "Педагогический состав"),
    ("staff", "content", "Образование: высшее, ПГСГА, квалификация — социальный педагог, стаж 12 лет"),
    ("staff", "content", "Стаж работы по специальности: 15 лет"),
    ("staff", "url", "/svedeniya/personal/"),
    ("facilities", "link", "Материально-техническое обеспечение"),
    ("facilities", "link", "Материально-техническая база"),
    ("facilities", "link", "Отчеты по материально техническому обеспечению"),
    ("facilities", "link", "МТО"),
    ("facilities", "content", "Для предоставления социальных услуг имеются кабинеты психолога и логопеда"),
    ("facilities", "url", "/svedeniya/mto/"),
    ("vacancies", "link", "Количество свободных мест"),
    ("vacancies", "link", "Наличие свободных мест"),
    ("vacancies", "link", "Свободные места"),
    ("vacancies", "document", "Количество свободных мест для приема ПСУ 2023"),
    ("vacancies", "content", "Количество свободных мест в стационарной форме – 3"),
    ("vacancies", "content", "Свободных мест: 0"),
    ("vacancies", "absence", "Свободных мест нет"),
    ("vacancies", "absence", "Свободных мест на 01.03.2026 нет."),
    ("vacancies", "url", "/025156/current/places/"),
    ("service-volume", "link", "Объём предоставляемых социальных услуг"),
    ("service-volume", "link", "Объем деятельности"),
    ("service-volume", "link", "Численность и объём услуг"),
    ("service-volume", "document", "Прогнозируемое количество предоставляемых социальных услуг 2022-2024 г"),
    ("service-volume", "content", "В 2025 году оказано 15 430 социальных услуг"),
    ("service-volume", "url", "/025156/current/volume/"),
    ("licenses", "link", "Лицензии"),
    ("licenses", "link", "Лицензия на осуществление медицинской деятельности"),
    ("licenses", "link", "Выписка из реестра лицензий"),
    ("licenses", "document", "Лицензия на осуществление образовательной деятельности"),
    ("licenses", "content", "Лицензия № ЛО-63-01-004567 от 12.05.2018"),
    ("licenses", "content", "Лицензия Л041-01184-63/00595781"),
    ("licenses", "absence", "Деятельность учреждения не подлежит лицензированию"),
    ("finance", "link", "Финансово-хозяйственная деятельность"),
    ("finance", "link", "План ФХД на 2026 год"),
    ("finance", "link", "Бюджетная смета"),
    ("finance", "link", "Отчет о финансовых результатах деятельности 2023"),
    ("finance", "link", "План финансово-хозяйственной деятельности учреждения"),
    ("finance", "content", "План финансово-хозяйственной деятельности на 2026 год утверждён"),
    ("finance", "url", "/025156/current/plan-finans/"),
    ("recipient-rules", "link", "Правила внутреннего распорядка для получателей социальных услуг"),
    ("recipient-rules", "link", "Правила внутреннего распорядка"),
    ("recipient-rules", "link", "Правила проживания в доме-интернате"),
    ("recipient-rules", "document", "pravila_vnutrennego_rasporyadka_psu.pdf"),
    ("recipient-rules", "url", "/025156/about/rules/"),
    ("labor-rules", "link", "Правила внутреннего трудового распорядка"),
    ("labor-rules", "link", "ПВТР"),
    ("labor-rules", "document", "Правила внутреннего трудового распорядка для ПСУ"),
    ("labor-rules", "url", "/docs/pvtr.pdf"),
    ("collective-agreement", "link", "Коллективный договор"),
    ("collective-agreement", "link", "Коллективный договор - продление до 2027"),
    ("collective-agreement", "document", "Изменения в коллективный договор"),
    ("collective-agreement", "url", "/docs/kollektivnyy-dogovor/"),
    ("inspections", "link", "Предписания органов"),
    ("inspections", "link", "Отчеты (об исполнении предписаний)"),
    ("inspections", "link", "Сведения о проведенных проверках 2019"),
    ("inspections", "link", "Информация о проверках"),
    ("inspections", "absence", "Предписания контрольно-надзорных органов не выдавались"),
    ("inspections", "absence", "Предписаний не поступало"),
    ("inspections", "absence", "Проверки в 2025 году не проводились"),
    ("inspections", "url", "/025156/current/predpisaniya-organov.php"),
    ("charter", "link", "Устав"),
    ("charter", "link", "Устав Учреждения"),
    ("charter", "link", "Изменения в Устав от 03.06.2024"),
    ("charter", "document", "ustav.pdf"),
    ("charter", "url", "/025156/legal/charter/"),
    ("nok-results", "link", "Независимая оценка качества"),
    ("nok-results", "link", "Результаты независимой оценки качества условий оказания услуг"),
    ("nok-results", "link", "Рейтинг организаций социального обслуживания Самарской области"),
    ("nok-results", "link", "Оценка качества предоставляемых услуг"),
    ("nok-results", "link", "НОК"),
    ("nok-results", "document", "НОК_2023_с_планом_по_устанению_недостатков.pdf"),
    ("nok-results", "external", "https://bus.gov.ru/info-card/313806"),
    ("nok-results", "external", "https://bus.gov.ru/pub/info-card/313806?activeTab=3"),
    ("nok-results", "external", "https://bus.gov.ru/agency/123456"),
    ("nok-results", "external", "https://bus.gov.ru/pub/independentRating/list"),
    ("nok-results", "content", "По итогам независимой оценки качества учреждение набрало 96,4 балла"),
    ("nok-results", "absence", "Независимая оценка качества в отношении учреждения не проводилась, запланирована на 2027 год"),
    ("nok-results", "url", "/025156/nezavisimaya-otsenka-kachestva-nok/"),
    ("nok-plan", "link", "План по устранению недостатков, выявленных в ходе проведения независимой оценки качества условий оказания услуг"),
    ("nok-plan", "link", "План мероприятий по улучшению качества работы"),
    ("nok-plan", "link", "Дорожная карта по итогам независимой оценки качества"),
    ("nok-plan", "link", "Независимая оценка качества за 2023 год С планом устранения недостатков"),
    ("nok-plan", "document", "План по устранению недостатков 2019.pdf"),
    ("nok-plan", "document", "НОК_2023_с_планом_по_устанению_недостатков.pdf"),
    ("nok-plan", "external", "https://bus.gov.ru/agency/123456/plans"),
    ("nok-plan", "url", "/docs/12. Независимая оценка качества/2019/План по устранению недостатков 2019.pdf"),
    ("survey", "link", "Анкета"),
    ("survey", "link", "Онлайн-опрос"),
    ("survey", "link", "Оцените качество услуг"),
    ("survey", "link", "Оценить качество услуг"),
    ("survey", "link", "Анкетирование получателей социальных услуг"),
    ("survey", "external", "https://bus.gov.ru/qrcode/rate/789838"),
    ("survey", "url", "/survey.html"),
    ("vision-impaired", "link", "Версия для слабовидящих"),
    ("vision-impaired", "link", "ВЕРСИЯ ДЛЯ СЛАБОВИДЯЩИХ"),
    ("vision-impaired", "link", "Версия сайта для слабовидящих"),
    ("vision-impaired", "control", "bvi-open"),
    ("vision-impaired", "control", "Для слабовидящих accessibility-button"),
    ("vision-impaired", "script", "https://site.ru/js/bvi.min.js"),
    ("vision-impaired", "script", "https://lidrekon.ru/slep/js/uhpv-full.min.js"),
    ("vision-impaired", "url", "/?special=1"),
    ("vision-impaired", "url", "/index.php?template=accessibility"),
    ("feedback-form", "link", "Обратная связь"),
    ("feedback-form", "link", "Задать вопрос"),
    ("feedback-form", "link", "Электронная приёмная"),
    ("feedback-form", "link", "Обращения граждан"),
    ("feedback-form", "script", "https://pos.gosuslugi.ru/bin/script.min.js"),
    ("feedback-form", "url", "/feedback/"),
    ("faq", "link", "Часто задаваемые вопросы"),
    ("faq", "link", "Вопросы и ответы"),
    ("faq", "link", "FAQ"),
    ("faq", "url", "/chasto-zadavaemye-voprosy/"),
    ("nok-plan-report", "link", "Отчет о выполнении пункта Плана по устранению недостатков, выявленных в ходе проведения независимой оценки качества"),
    ("nok-plan-report", "link", "Отчёт о выполнении плана по устранению недостатков за 2024 год"),
    ("nok-plan-report", "link", "Информация о ходе реализации плана по устранению недостатков"),
    ("nok-plan-report", "content", "Сведения о ходе реализации мероприятия: реализованные меры по устранению выявленных недостатков"),
    ("nok-plan-report", "content", "фактический срок реализации"),
    ("official-social-page", "external", "https://vk.com/samkcson"),
    ("official-social-page", "external", "https://ok.ru/group/70000001234567"),
    ("official-social-page", "external", "https://m.vk.com/club12345"),
    ("official-social-page", "iframe", "https://vk.com/widget_community.php?app=0&gid=123"),
];

/// (id, matcher, text) that must not count.
const NEGATIVE: &[(&str, &str, &str)] = &[
    ("registration-date", "content", "Дата государственной регистрации"),
    ("registration-date", "content", "сведения о дате государственной регистрации, об учредителе"),
    ("registration-date", "link", "О нас"),
    ("founder", "content", "Учредитель"),
    ("founder", "content", "Сведения об учредителе | Структура | Руководство"),
    ("founder", "link", "Приказ учредителя о назначении директора"),
    ("address", "content_anywhere", "КПП: 631601001 ИНН: 6316176298"),
    ("address", "link", "Адресная социальная помощь"),
    ("address", "url", "/adresnaya-pomoshch/"),
    ("schedule", "content_anywhere", "Режим работы"),
    ("schedule", "link", "Рабочая программа"),
    ("schedule", "link", "График работы компьютерных классов"),
    ("schedule", "link", "График работы групп по подготовке лиц, желающих принять на воспитание в семью ребенка"),
    ("phone", "content_anywhere", "ИНН 8601012345"),
    ("phone", "content_anywhere", "ОГРН 1126316005628"),
    ("phone", "content_anywhere", "Бюджет 8 500 000 рублей"),
    ("email", "content_anywhere", "E-mail:"),
    ("email", "external", "mailto:"),
    ("structure", "link", "Структура тарифа"),
    ("structure", "content", "Структура"),
    ("services", "link", "Новости"),
    ("services", "link", "Коммунальные услуги подорожали"),
    ("services", "url", "/formy-dokumentov/"),
    ("tariffs", "link", "Рост тарифов ЖКХ"),
    ("tariffs", "link", "Повышение коммунальных тарифов с 1 июля"),
    ("tariffs", "link", "Коммунальные тарифы выросли"),
    ("tariffs", "link", "Новые тарифы на проезд"),
    ("tariffs", "content", "Тарифы на социальные услуги"),
    ("recipients", "link", "Штатная численность"),
    ("recipients", "link", "Постановление Правительства о штатной численности"),
    ("recipients", "link", "Численность работников"),
    ("recipients", "content", "Численность получателей социальных услуг"),
    ("management", "link", "Руководство по эксплуатации"),
    ("management", "link", "Администрация города"),
    ("management", "content", "Приказ директора о назначении ответственного"),
    ("staff", "link", "Обработка персональных данных"),
    ("staff", "url", "/personal-data.html"),
    ("staff", "content", "Требования: опыт работы от 3 лет"),
    ("facilities", "link", "Материалы"),
    ("facilities", "link", "Полезные материалы"),
    ("vacancies", "link", "Вакансии"),
    ("vacancies", "link", "Свободные места в летний лагерь"),
    ("vacancies", "content", "Узнать о наличии свободных мест можно по телефону: 8 (846) 333-79-30"),
    ("vacancies", "content", "Количество свободных мест для приема получателей социальных услуг"),
    ("service-volume", "link", "Объявления"),
    ("service-volume", "content", "Объем предоставляемых социальных услуг за 2024 год"),
    ("licenses", "link", "Лицензионное соглашение"),
    ("licenses", "content", "Лицензия"),
    ("finance", "link", "Финансовая грамотность для пенсионеров"),
    ("finance", "url", "/finansovaya-gramotnost/"),
    ("recipient-rules", "link", "Правила внутреннего трудового распорядка"),
    ("recipient-rules", "link", "Правила внутреннего распорядка для работников"),
    ("recipient-rules", "document", "Правила внутреннего трудового распорядка для ПСУ"),
    ("recipient-rules", "url", "/docs/pravila-vnutrennego-trudovogo-rasporyadka.pdf"),
    ("labor-rules", "link", "Правила внутреннего распорядка для получателей социальных услуг"),
    ("labor-rules", "link", "Трудовой кодекс"),
    ("collective-agreement", "link", "Договор о предоставлении социальных услуг"),
    ("collective-agreement", "link", "Коллектив"),
    ("inspections", "link", "Приказ 127 от 27.08.2024 Комиссия проверка знаний"),
    ("inspections", "absence", "Принимать по предписанию врача, противопоказаний не выявлено"),
    ("inspections", "link", "Проверить статус заявления"),
    ("charter", "link", "Уставшие родители: как помочь"),
    ("charter", "link", "Поставщики"),
    ("nok-results", "link", "План по устранению недостатков, выявленных в ходе независимой оценки качества"),
    ("nok-results", "link", "Оценить качество услуг"),
    ("nok-results", "external", "https://bus.gov.ru/agency/123456/plans"),
    ("nok-results", "url", "/plan-nok/"),
    ("nok-plan", "link", "План мероприятий по противодействию коррупции на 2024 год"),
    ("nok-plan", "link", "Дорожная карта по повышению значений показателей доступности для инвалидов"),
    ("nok-plan", "link", "План по улучшению и оздоровлению УТ на 2022"),
    ("nok-plan", "link", "Рейтинг организаций социального обслуживания"),
    ("survey", "link", "Вопросы"),
    ("survey", "link", "анкета обследования и паспорт доступности"),
    ("survey", "url", "/files/Доступная среда/Советское/Анкета Академический 9.pdf"),
    ("survey", "link", "Анкета кандидата на вакантную должность"),
    ("survey", "link", "Оценка качества условий оказания услуг"),
    ("survey", "external", "https://bus.gov.ru/info-card/313806"),
    ("vision-impaired", "url", "/specialisty/"),
    ("vision-impaired", "link", "Специалисты центра"),
    ("vision-impaired", "control", "navbar-toggler"),
    ("feedback-form", "link", "Порядок подачи обращения, жалобы, отзыва"),
    ("feedback-form", "link", "Вопросы"),
    ("feedback-form", "link", "Порядок рассмотрений обращений граждан"),
    ("faq", "link", "Задать вопрос"),
    ("faq", "link", "Вопросы"),
    ("nok-plan-report", "link", "Отчет о выполнении плана 2022"),
    ("nok-plan-report", "link", "План по устранению недостатков на 2024 год"),
    ("nok-plan-report", "link", "Отчет о выполнении плана мероприятий по противодействию коррупции"),
    ("official-social-page", "external", "https://vk.com/away.php?to=https%3A%2F%2Fbus.gov.ru"),
    ("official-social-page", "external", "https://vk.com/share.php?url=https://kcson.ru/news/1"),
    ("official-social-page", "external", "https://vk.com/wall-123_45"),
    ("official-social-page", "external", "https://connect.ok.ru/offer?url=x"),
];

#[test]
fn positive_phrasings_match() {
    let set = rules();
    let failed: Vec<_> = POSITIVE.iter().filter(|(id, f, t)| !hits(&set, id, f, t)).collect();
    assert!(failed.is_empty(), "must match: {failed:#?}");
}

#[test]
fn negative_phrasings_do_not_match() {
    let set = rules();
    let failed: Vec<_> = NEGATIVE.iter().filter(|(id, f, t)| hits(&set, id, f, t)).collect();
    assert!(failed.is_empty(), "must not match: {failed:#?}");
}

#[test]
fn every_mandatory_rule_has_enough_phrasings() {
    for rule in rules().rules.iter().filter(|r| r.severity == Severity::Mandatory) {
        let pos = POSITIVE.iter().filter(|(id, ..)| *id == rule.id.0).count();
        let neg = NEGATIVE.iter().filter(|(id, ..)| *id == rule.id.0).count();
        assert!(pos >= 3 && neg >= 2, "{}: {pos} positive, {neg} negative phrasings", rule.id);
    }
}

/// Real link and tab texts of kcson-samara-redesign/pages/docs.php and the ids they stand for.
const KCSON_DOCS: &[(&str, &[&str])] = &[
    ("Устав Учреждения", &["charter"]),
    ("Изменения в Устав от 03.06.2024", &["charter"]),
    ("Коллективный договор", &["collective-agreement"]),
    ("Организационная структура Учреждения", &["structure"]),
    ("Правила внутреннего трудового распорядка", &["labor-rules"]),
    ("Лицензия на осуществление образовательной деятельности", &["licenses"]),
    ("Сведения о проведенных проверках 2019", &["inspections"]),
    ("Численность ПСУ 2019", &["recipients"]),
    ("Количество свободных мест для приема ПСУ 2021", &["vacancies"]),
    ("Перечень предоставляемых социальных услуг", &["services"]),
    ("Условия предоставления социальных услуг Учреждением", &["services"]),
    ("Прогнозируемое количество предоставляемых социальных услуг 2022-2024 г", &["service-volume"]),
    ("Отчет о финансовых результатах деятельности 2019", &["finance"]),
    ("Финансовая отчетность", &["finance"]),
    ("Отчеты по материально техническому обеспечению", &["facilities"]),
    ("Материально-техническое оснащение", &["facilities"]),
    ("Независимая оценка качества", &["nok-results"]),
    ("Рейтинг организаций социального обслуживания Самарской области", &["nok-results"]),
    ("Задать вопрос", &["feedback-form"]),
    ("Версия сайта для слабовидящих", &["vision-impaired"]),
    ("Отчет о выполнении плана 2022", &[]),
    ("План мероприятий 2022", &[]),
    ("Попечительский совет", &[]),
    ("Охрана труда", &[]),
    ("Выписка из реестра поставщиков социальных услуг", &[]),
];

fn realsite(rel: &str) -> Option<String> {
    let path = format!("{}/../shared/realsites/{rel}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("skipping: {path}: {e}");
            None
        }
    }
}

#[test]
fn kcson_docs_texts_hit_exactly_their_ids() {
    let Some(page) = realsite("kcson-samara-redesign/pages/docs.php") else { return };
    let set = rules();
    for (text, expected) in KCSON_DOCS {
        assert!(page.contains(text), "not on the real page: {text}");
        assert_eq!(ids_hit(&set, "link", text), *expected, "{text}");
    }
}

#[test]
fn volganet_sections_hit_exactly_their_ids() {
    let Some(json) = realsite("gorodishche-srcn/volganet_sections.json") else { return };
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let expected = |slug: &str| -> &[&str] {
        match slug {
            "uslugi" | "formy" | "vidy" | "poryadok" => &["services"],
            "chislennost" => &["recipients"],
            "obem" => &["service-volume"],
            "mesta" => &["vacancies"],
            "plan-finans" => &["finance"],
            "otchety" | "predpisaniya" => &["inspections"],
            "otsenka-kachestva" => &["nok-results"],
            "mat-teh" => &["facilities"],
            _ => &[],
        }
    };
    let set = rules();
    let sections = value["current_activity"].as_array().unwrap();
    assert_eq!(sections.len(), 13);
    for s in sections {
        let (slug, title, path) = (s[0].as_str().unwrap(), s[1].as_str().unwrap(), s[2].as_str().unwrap());
        assert_eq!(ids_hit(&set, "link", title), expected(slug), "title {title}");
        assert_eq!(ids_hit(&set, "url", path), expected(slug), "path {path}");
    }
}
