//! Fictional КЦСОН-like content shared by the sweep benchmarks: the sections the law asks for,
//! filler news text, and the header, menu and footer every page of such a site repeats.
//! Each bench uses a part of it.
#![allow(dead_code)]

/// xorshift64*: deterministic filler, so every run serves the same bytes.
pub struct Rng(u64);

impl Rng {
    pub fn new(site: usize, page: usize) -> Rng {
        Rng(((site as u64) << 32 ^ page as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A required section: (path, menu text, the facts the law asks for).
pub type Section = (&'static str, &'static str, &'static str);

pub const SECTIONS: &[Section] = &[
    ("svedeniya/", "Основные сведения", "<p>Дата государственной регистрации: 14.05.1999. ОГРН 1026400000000.</p>"),
    ("svedeniya/uchreditel/", "Учредитель", "<p>Учредитель: министерство социального развития Демонстрационной области. Адрес учредителя: г. Демонстрационск, ул. Советская, д. 1.</p>"),
    ("kontakty/", "Контакты", "<p><b>Адрес:</b> 410000, Демонстрационная обл., г. Новоборск, ул. Садовая, д. 14</p><p><b>Режим работы:</b> понедельник — пятница с 8:00 до 17:00, перерыв с 12:00 до 12:48.</p>"),
    ("svedeniya/struktura/", "Структура и органы управления", "<table><tr><th>Отделение</th><th>Заведующий</th><th>Телефон</th></tr><tr><td>Отделение социального обслуживания на дому</td><td>Иванова Мария Петровна</td><td>8 (8452) 41-22-13</td></tr><tr><td>Отделение срочного социального обслуживания</td><td>Петров Сергей Иванович</td><td>8 (8452) 41-22-14</td></tr></table>"),
    ("uslugi/", "Формы социального обслуживания и виды социальных услуг", "<p>Социальное обслуживание на дому и в полустационарной форме. Виды социальных услуг: социально-бытовые, социально-медицинские, социально-психологические, социально-правовые. Порядок и условия предоставления социальных услуг установлены законом.</p>"),
    ("uslugi/tarify/", "Тарифы на социальные услуги", "<table><tr><th>Услуга</th><th>Тариф, руб.</th></tr><tr><td>Покупка и доставка продуктов питания</td><td>98,40</td></tr><tr><td>Уборка жилого помещения</td><td>145,20</td></tr></table>"),
    ("svedeniya/chislennost/", "Численность получателей социальных услуг", "<p>Численность получателей социальных услуг по формам социального обслуживания: на дому — 812 человек, в полустационарной форме — 240 человек; за счёт бюджета — 901, по договорам — 151.</p>"),
    ("svedeniya/rukovodstvo/", "Руководство", "<p>Директор — Смирнова Ольга Викторовна, тел. 8 (8452) 41-22-10. Заместитель директора — Козлов Андрей Николаевич.</p>"),
    ("svedeniya/personal/", "Персональный состав работников", "<table><tr><th>ФИО</th><th>Должность</th><th>Образование</th><th>Стаж</th></tr><tr><td>Орлова Н. А.</td><td>специалист по социальной работе</td><td>высшее</td><td>12 лет</td></tr></table>"),
    ("svedeniya/mto/", "Материально-техническое обеспечение", "<p>Материально-техническое обеспечение предоставления социальных услуг: помещения площадью 1 240 кв. м, кабинет ЛФК, сенсорная комната, доступ к сети Интернет.</p>"),
    ("svedeniya/svobodnye-mesta/", "Количество свободных мест", "<p>Количество свободных мест для приёма получателей социальных услуг: на дому — 15, в полустационарной форме — 4.</p>"),
    ("svedeniya/obem-uslug/", "Объём предоставляемых социальных услуг", "<p>Объём предоставляемых социальных услуг за счёт бюджетных ассигнований — 212 400 услуг, по договорам — 18 300 услуг.</p>"),
    ("svedeniya/licenzii/", "Лицензии", "<p>Лицензия на осуществление медицинской деятельности: выписка из реестра лицензий № Л041-01137-64/00312345.</p>"),
    ("svedeniya/fhd/", "Финансово-хозяйственная деятельность", "<p><a href=\"/upload/docs/plan-fhd-2026.pdf\">План финансово-хозяйственной деятельности на 2026 год</a></p><p><a href=\"/upload/docs/otchet-2025.pdf\">Отчёт о результатах деятельности за 2025 год</a></p>"),
    ("dokumenty/", "Документы", "<ul><li><a href=\"/upload/docs/ustav.pdf\">Устав учреждения</a></li><li><a href=\"/upload/docs/pravila-dlya-poluchateley.pdf\">Правила внутреннего распорядка для получателей социальных услуг</a></li><li><a href=\"/upload/docs/pvtr.pdf\">Правила внутреннего трудового распорядка</a></li><li><a href=\"/upload/docs/kollektivnyy-dogovor.pdf\">Коллективный договор на 2024–2027 годы</a></li></ul>"),
    ("svedeniya/predpisaniya/", "Предписания контрольно-надзорных органов", "<p>Предписания органов, осуществляющих государственный контроль, в 2025 году не выдавались.</p>"),
    ("nok/", "Независимая оценка качества", "<p>Итоговый балл по результатам независимой оценки качества условий оказания услуг — 94,6. <a href=\"https://bus.gov.ru/info-card/123456\">Результаты независимой оценки качества на bus.gov.ru</a></p><p><a href=\"/upload/nok/plan.pdf\">План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг</a></p><p><a href=\"/upload/nok/otchet.pdf\">Отчёт о выполнении плана по устранению недостатков за 2025 год</a></p>"),
    ("anketa/", "Анкета получателя услуг", "<p>Оцените качество условий оказания услуг.</p><form action=\"/anketa/\" method=\"post\"><p>Довольны ли вы качеством услуг?</p><input type=\"radio\" name=\"q1\" value=\"1\"> да <input type=\"radio\" name=\"q1\" value=\"0\"> нет <button>Отправить</button></form>"),
    ("obratnaya-svyaz/", "Обратная связь", "<form action=\"/obratnaya-svyaz/\" method=\"post\"><input name=\"fio\" placeholder=\"ФИО\"><input name=\"email\" placeholder=\"E-mail\"><textarea name=\"message\" placeholder=\"Текст обращения\"></textarea><button>Отправить обращение</button></form>"),
    ("faq/", "Часто задаваемые вопросы", "<h2>Как получить социальные услуги на дому?</h2><p>Подайте заявление в управление социальной защиты населения по месту жительства.</p>"),
];

/// Sections left out by profile `site % 5` (indices into [`SECTIONS`]); 0 and 1 are compliant.
pub fn missing(site: usize) -> &'static [usize] {
    match site % 5 {
        2 => &[5, 14, 16, 17, 19],
        3 => &[6, 10, 11, 16],
        4 => &[1, 3, 5, 7, 9, 11, 13, 15, 17, 19],
        _ => &[],
    }
}

pub const SENTENCES: &[&str] = &[
    "Специалисты центра провели встречу с ветеранами труда в клубе «Серебряный возраст».",
    "В отделении дневного пребывания прошло занятие по скандинавской ходьбе для граждан пожилого возраста.",
    "Волонтёры серебряного возраста поздравили участников Великой Отечественной войны с праздником.",
    "Социальные работники помогли подопечным подготовить огороды к весеннему сезону.",
    "В рамках проекта «Активное долголетие» открылся кружок компьютерной грамотности.",
    "Психолог центра провёл тренинг по профилактике эмоционального выгорания для сотрудников.",
    "Семьи с детьми приняли участие в праздничной программе, посвящённой Дню защиты детей.",
    "Сотрудники центра приняли участие в областном конкурсе профессионального мастерства.",
    "Для жителей отдалённых сёл организован выезд мобильной бригады специалистов.",
    "В библиотеке центра прошли литературные чтения, посвящённые творчеству Пушкина.",
    "Участники клуба «Рукодельница» подготовили выставку работ в технике лоскутного шитья.",
    "Специалисты по социальной работе рассказали о мерах поддержки участников специальной военной операции и их семей.",
    "В центре прошёл день открытых дверей для будущих получателей услуг и их родственников.",
    "Школа ухода провела занятие для родственников маломобильных граждан.",
    "Пункт проката технических средств реабилитации пополнился новыми креслами-колясками.",
    "Инструктор по адаптивной физкультуре провёл утреннюю зарядку на свежем воздухе.",
    "На встрече с представителями пенсионного фонда обсудили вопросы индексации пенсий.",
    "Благодарим всех, кто принял участие в благотворительной акции «Тепло для каждого».",
];

pub const NEWS_TITLES: &[&str] = &[
    "Масленичные гуляния в отделении дневного пребывания",
    "Школа ухода: занятия для родственников",
    "Встреча клуба «Серебряный возраст»",
    "Поздравляем с Днём социального работника",
    "Открылся кружок компьютерной грамотности",
    "Выезд мобильной бригады в отдалённые сёла",
];

/// The header, the mega-menu (as real КЦСОН sites have), breadcrumbs and an h1.
pub fn page_head(out: &mut String, site: usize, title: &str, present: &[&Section]) {
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} | ГБУ «КЦСОН № {site}»</title><link rel=\"stylesheet\" href=\"/css/style.css\"></head>\n<body>\n"
    ));
    if site % 5 != 4 {
        out.push_str("<div class=\"top-bar\"><a href=\"/?special=1\" class=\"special\">Версия для слабовидящих</a></div>\n");
    }
    out.push_str(&format!(
        "<header><a class=\"logo\" href=\"/\"><img src=\"/images/logo.png\" alt=\"Эмблема\">ГБУ «Комплексный центр социального обслуживания населения № {site}»</a></header>\n<nav class=\"main-menu\"><ul>\n<li><a href=\"/\">Главная</a></li>\n<li><a href=\"/svedeniya/\">Сведения о поставщике социальных услуг</a><ul>\n"
    ));
    for (path, menu, _) in present {
        out.push_str(&format!(
            "<li class=\"menu-item\"><a href=\"/{path}\">{menu}</a></li>\n"
        ));
    }
    out.push_str("</ul></li>\n<li><a href=\"/news/\">Новости</a></li>\n<li><a href=\"https://www.gosuslugi.ru/\">Госуслуги</a></li>\n<li><a href=\"https://bus.gov.ru/\">bus.gov.ru</a></li>\n</ul></nav>\n");
    out.push_str(&format!("<main class=\"content\"><div class=\"breadcrumbs\"><a href=\"/\">Главная</a> / {title}</div>\n<h1>{title}</h1>\n"));
}

/// Filler text and tables up to `target` bytes, then the footer with the contacts.
pub fn page_tail(out: &mut String, site: usize, rng: &mut Rng, target: usize) {
    let footer = format!(
        "</main>\n<footer><p>Адрес: 410000, Демонстрационная обл., г. Новоборск, ул. Садовая, д. 14</p><p>Телефон: <a href=\"tel:+78452412210\">8 (8452) 41-22-10</a></p>\
         <p>E-mail: <a href=\"mailto:kcson{site}@social-demo.ru\">kcson{site}@social-demo.ru</a></p><p><a href=\"https://vk.com/kcson{site}\">Мы ВКонтакте</a></p></footer>\n</body>\n</html>\n"
    );
    while out.len() + footer.len() < target {
        if rng.below(6) == 0 {
            out.push_str("<table class=\"schedule\"><tr><th>День</th><th>Мероприятие</th><th>Место</th></tr>");
            for day in ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница"]
            {
                out.push_str(&format!(
                    "<tr><td>{day}</td><td>{}</td><td>актовый зал</td></tr>",
                    rng.pick(NEWS_TITLES)
                ));
            }
            out.push_str("</table>\n");
        }
        out.push_str("<p>");
        for _ in 0..4 + rng.below(5) {
            out.push_str(rng.pick(SENTENCES));
            out.push(' ');
        }
        out.push_str("</p>\n");
    }
    out.push_str(&footer);
}
