//! The invented institutions and the page content every provider's site has, in the words real
//! sites use. Sites compose these blocks and leave out or twist what their case needs.

/// How a site offers its version for the visually impaired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bvi {
    /// A link `/?special=1`.
    Link,
    /// A `bvi-open` button with the `bvi.js` script.
    Button,
    /// None.
    None,
}

/// An invented institution.
#[derive(Debug, Clone)]
pub struct Inst {
    pub name: String,
    pub short: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub director: String,
    pub deputy: String,
    pub founder: String,
    pub reg_date: String,
    pub bus_id: String,
    pub vk: Option<String>,
    pub rate_banner: Option<String>,
    pub bvi: Bvi,
    pub email_in_footer: bool,
    /// Heads of units and staff, different on every site.
    pub people: [String; 4],
}

/// Names the invented institutions draw their people from.
const NAMES: [&str; 12] = [
    "Белова Ольга Петровна",
    "Зуева Марина Андреевна",
    "Котов Павел Ильич",
    "Лисина Нина Семёновна",
    "Орлова Валентина Юрьевна",
    "Сафронов Денис Игоревич",
    "Тихонова Людмила Сергеевна",
    "Ушаков Виктор Павлович",
    "Фомина Елена Андреевна",
    "Храмова Светлана Олеговна",
    "Чернов Антон Валерьевич",
    "Шилова Галина Викторовна",
];

const DIRECTORS: [&str; 6] = [
    "Громова Ирина Викторовна",
    "Давыдов Алексей Николаевич",
    "Ершова Татьяна Михайловна",
    "Жуков Роман Сергеевич",
    "Исаева Наталья Петровна",
    "Калинина Ольга Владимировна",
];

impl Inst {
    /// An institution with the usual footer: VK page, bus.gov.ru banner, link to the special version.
    pub fn new(name: &str, short: &str, city: &str, code: &str, slug: &str) -> Inst {
        let seed: usize = slug.bytes().map(usize::from).sum();
        let person = |k: usize| NAMES[(seed + 5 * k) % NAMES.len()].to_string();
        Inst {
            name: name.to_string(),
            short: short.to_string(),
            address: format!("{city}, ул. Советская, д. {}", code.len() + 11),
            phone: format!("8 ({code}) 2-14-{}", 30 + code.len()),
            email: format!("{slug}@social.example.ru"),
            director: DIRECTORS[seed % DIRECTORS.len()].to_string(),
            deputy: NAMES[(seed + 3) % NAMES.len()].to_string(),
            founder: "Министерство социальной защиты населения Демонстрационной области"
                .to_string(),
            reg_date: "14.03.1996".to_string(),
            bus_id: format!("{}{}", 410_000 + code.len() * 7, code),
            vk: Some(format!("https://vk.com/{}", slug.replace('-', "_"))),
            rate_banner: Some(format!("{}{}", 410_000 + code.len() * 7, code)),
            bvi: Bvi::Link,
            email_in_footer: true,
            people: [person(0), person(1), person(2), person(3)],
        }
    }
}

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn p(text: &str) -> String {
    format!("<p>{}</p>", esc(text))
}

pub fn h2(text: &str) -> String {
    format!("<h2>{}</h2>", esc(text))
}

/// `<a href>` with escaped text.
pub fn a(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", esc(href), esc(text))
}

/// A list of document links.
pub fn doc_list(items: &[(&str, &str)]) -> String {
    let li: String = items
        .iter()
        .map(|(text, href)| format!("<li>{}</li>", a(href, text)))
        .collect();
    format!("<ul class=\"docs\">{li}</ul>")
}

pub fn reg_date(inst: &Inst) -> String {
    p(&format!(
        "Дата государственной регистрации: {}",
        inst.reg_date
    ))
}

pub fn founder(inst: &Inst) -> String {
    format!(
        "{}{}",
        h2("Учредитель"),
        p(&format!("Учредитель: {}. Адрес: г. Демонск, пр. Ленина, д. 1; тел. 8 (800) 100-20-30; сайт minsoc.example.ru.", inst.founder))
    )
}

pub fn address(inst: &Inst) -> String {
    p(&format!("Место нахождения: {}", inst.address))
}

pub fn schedule() -> String {
    format!(
        "{}{}",
        h2("Режим работы"),
        p("Понедельник — четверг: 8:30 — 17:30; пятница: 8:30 — 16:15; перерыв 12:30 — 13:15. Суббота, воскресенье — выходные дни. Стационарное отделение работает круглосуточно.")
    )
}

pub fn contacts(inst: &Inst) -> String {
    let mail = esc(&inst.email);
    format!(
        "{}{}<p>Электронная почта: <a href=\"mailto:{mail}\">{mail}</a></p>",
        address(inst),
        p(&format!("Приёмная: {}, факс {}", inst.phone, inst.phone)),
    )
}

pub fn structure(inst: &Inst) -> String {
    let rows = [
        (
            "Отделение социального обслуживания на дому",
            inst.people[0].as_str(),
            "каб. 12",
        ),
        (
            "Отделение срочного социального обслуживания",
            inst.people[1].as_str(),
            "каб. 14",
        ),
        (
            "Отделение социальной реабилитации инвалидов",
            inst.people[2].as_str(),
            "каб. 21",
        ),
        (
            "Стационарное отделение временного проживания",
            inst.people[3].as_str(),
            "корпус 2",
        ),
    ];
    let tr: String = rows
        .iter()
        .map(|(u, h, r)| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(u),
                esc(h),
                esc(r),
                esc(&inst.phone)
            )
        })
        .collect();
    format!(
        "{}<table class=\"structure\"><tr><th>Структурное подразделение</th><th>Руководитель</th><th>Место нахождения</th><th>Телефон</th></tr>{tr}</table>{}",
        p("Органы управления учреждением: директор, общее собрание работников, попечительский совет."),
        p("Положения о структурных подразделениях утверждены приказом директора от 10.01.2024 № 3-од.")
    )
}

pub fn management(inst: &Inst) -> String {
    format!(
        "{}{}{}",
        p(&format!(
            "Директор — {}. Приём граждан: вторник, 14:00 — 17:00. Тел. {}",
            inst.director, inst.phone
        )),
        p(&format!("Заместитель директора — {}.", inst.deputy)),
        p("Главный бухгалтер — Морозова Татьяна Алексеевна.")
    )
}

pub fn staff(inst: &Inst) -> String {
    let rows = [
        (
            inst.people[0].as_str(),
            "заведующий отделением",
            "высшее, социальная работа",
            "18 лет",
        ),
        (
            inst.people[1].as_str(),
            "специалист по социальной работе",
            "высшее, психология",
            "9 лет",
        ),
        (
            inst.people[2].as_str(),
            "инструктор по адаптивной физкультуре",
            "высшее, физическая культура",
            "12 лет",
        ),
        (
            inst.people[3].as_str(),
            "медицинская сестра",
            "среднее профессиональное, сестринское дело",
            "25 лет",
        ),
    ];
    let tr: String = rows
        .iter()
        .map(|(n, pos, ed, ex)| {
            format!("<tr><td>{n}</td><td>{pos}</td><td>{ed}</td><td>{ex}</td></tr>")
        })
        .collect();
    format!("<table><tr><th>ФИО</th><th>Должность</th><th>Образование, квалификация</th><th>Стаж работы</th></tr>{tr}</table>{}", p("Сведения размещены с согласия работников."))
}

pub fn services() -> String {
    format!(
        "{}{}{}{}",
        h2("Формы социального обслуживания"),
        p("Социальное обслуживание на дому, в полустационарной и в стационарной форме."),
        h2("Виды социальных услуг"),
        p("Социально-бытовые, социально-медицинские, социально-психологические, социально-педагогические, социально-трудовые, социально-правовые услуги, услуги в целях повышения коммуникативного потенциала, срочные социальные услуги. Порядок и условия предоставления социальных услуг определены индивидуальной программой предоставления социальных услуг и договором.")
    )
}

pub fn tariffs() -> String {
    format!(
        "{}<table><tr><th>Наименование услуги</th><th>Единица</th><th>Тариф, руб.</th></tr><tr><td>Покупка за счёт средств получателя и доставка на дом продуктов питания</td><td>1 услуга</td><td>92,40</td></tr><tr><td>Помощь в приготовлении пищи</td><td>1 услуга</td><td>118,00</td></tr><tr><td>Уборка жилых помещений</td><td>1 услуга</td><td>146,20</td></tr></table>",
        p("Тарифы на социальные услуги утверждены приказом министерства социальной защиты от 20.12.2025 № 611.")
    )
}

pub fn recipients() -> String {
    format!(
        "{}<table><tr><th>Форма обслуживания</th><th>За счёт бюджета</th><th>По договорам с оплатой</th></tr><tr><td>На дому</td><td>412</td><td>57</td></tr><tr><td>Полустационарная</td><td>238</td><td>12</td></tr><tr><td>Стационарная</td><td>36</td><td>4</td></tr></table>",
        h2("Численность получателей социальных услуг")
    )
}

pub fn vacancies(free: u32) -> String {
    format!(
        "{}{}",
        h2("Количество свободных мест для приёма получателей социальных услуг"),
        p(&format!(
            "Стационарная форма: {free}; полустационарная форма: 3; на дому — не ограничено."
        ))
    )
}

pub fn volume() -> String {
    format!(
        "{}{}",
        h2("Объём предоставляемых социальных услуг"),
        p("За 2025 год предоставлено 118 420 социальных услуг, из них за счёт бюджетных ассигнований — 109 870, по договорам с оплатой — 8 550.")
    )
}

pub fn facilities() -> String {
    format!(
        "{}{}",
        p("Учреждение располагается в двухэтажном здании общей площадью 1 240 кв. м: кабинеты специалистов, сенсорная комната, тренажёрный зал, столовая на 40 мест, медицинский кабинет, пандус и поручни."),
        p("Питание четырёхразовое. Медицинская помощь — по договору с районной больницей. Доступ к сети Интернет — в библиотеке и компьютерном классе.")
    )
}

pub fn inspections() -> String {
    format!(
        "{}{}",
        p("В 2025 году проведена плановая проверка Главного управления МЧС России по Демонстрационной области. Выдано предписание от 12.05.2025 № 48/1 об устранении нарушений требований пожарной безопасности."),
        p("Отчёт об исполнении предписания направлен 30.06.2025: нарушения устранены.")
    )
}

pub fn nok_results(inst: &Inst) -> String {
    format!(
        "{}{}<p>Подробнее на официальном сайте для размещения информации о государственных (муниципальных) учреждениях: <a href=\"https://bus.gov.ru/info-card/{id}\">bus.gov.ru</a></p>",
        h2("Результаты независимой оценки качества условий оказания услуг"),
        p("В 2025 году проведена независимая оценка качества условий оказания услуг. Итоговый балл учреждения — 91,4 из 100: открытость и доступность информации — 95,2; комфортность условий — 97,0; доступность для инвалидов — 74,6; доброжелательность, вежливость работников — 98,8; удовлетворённость условиями оказания услуг — 91,5."),
        id = inst.bus_id
    )
}

pub fn feedback_form() -> String {
    format!(
        "{}<form method=\"post\" action=\"/feedback/send/\" class=\"feedback\"><label>Ваше имя <input type=\"text\" name=\"name\"></label><label>E-mail <input type=\"email\" name=\"email\"></label><label>Текст обращения <textarea name=\"message\" rows=\"6\"></textarea></label><button type=\"submit\">Отправить обращение</button></form>",
        p("Обращение будет рассмотрено в течение 30 дней в соответствии с Федеральным законом № 59-ФЗ.")
    )
}

/// Questions and answers, as `<details>` blocks of an accordion.
pub fn faq_items() -> String {
    let qa = [
        ("Как получить социальные услуги на дому?", "Подайте заявление в управление социальной защиты или в наш центр, приложив паспорт и справку о состоянии здоровья."),
        ("Сколько стоят услуги?", "Для получателей с доходом ниже полуторной величины прожиточного минимума услуги бесплатны."),
        ("Можно ли сменить социального работника?", "Да, по заявлению на имя директора."),
    ];
    qa.iter()
        .map(|(q, an)| {
            format!(
                "<details class=\"faq-item\"><summary>{}</summary><p>{}</p></details>",
                esc(q),
                esc(an)
            )
        })
        .collect()
}

pub fn anketa() -> String {
    format!(
        "{}<form method=\"post\" action=\"/anketa/send/\"><p>Удовлетворены ли вы качеством социальных услуг?</p><label><input type=\"radio\" name=\"q1\" value=\"1\"> да</label><label><input type=\"radio\" name=\"q1\" value=\"0\"> нет</label><label>Ваши предложения <textarea name=\"q2\"></textarea></label><button type=\"submit\">Отправить анкету</button></form>",
        p("Анкета для оценки качества условий оказания услуг (анонимно).")
    )
}

/// Topics of ordinary news items every provider posts.
pub const NEWS: [(&str, &str); 10] = [
    ("Декада пожилых людей", "В центре прошли концерты и чаепития, посвящённые Дню пожилых людей. Гостей поздравил глава района."),
    ("Школа ухода за пожилыми", "Родственники получателей услуг прошли занятия по уходу за маломобильными гражданами."),
    ("Скандинавская ходьба", "Клуб «Активное долголетие» открыл новый сезон тренировок в городском парке."),
    ("Новогодние поздравления", "Социальные работники поздравили подопечных с Новым годом и вручили подарки."),
    ("День инвалидов", "Прошла выставка работ мастерской «Умелые руки»."),
    ("Компьютерная грамотность", "Завершился курс «Госуслуги без очереди» для граждан старшего возраста."),
    ("Мобильная бригада", "Мобильная бригада выехала в отдалённые сёла района."),
    ("Волонтёры серебряного возраста", "Волонтёры помогли убрать территорию у памятника."),
    ("Пункт проката", "Пополнен пункт проката технических средств реабилитации: четыре кресла-коляски и ходунки."),
    ("Летний лагерь", "Для детей из семей участников СВО организована смена дневного пребывания."),
];

/// A news list linking `n` items at `href(i)`.
pub fn news_list(n: usize, href: impl Fn(usize) -> String) -> String {
    let li: String = (0..n)
        .map(|i| {
            format!(
                "<li><span class=\"date\">{:02}.{:02}.2026</span> {}</li>",
                28 - 2 * i,
                11 - i % 10,
                a(&href(i), NEWS[i % NEWS.len()].0)
            )
        })
        .collect();
    format!("<ul class=\"news\">{li}</ul>")
}

/// The text of news item `i`.
pub fn news_body(i: usize) -> String {
    p(NEWS[i % NEWS.len()].1)
}
