//! The generated site of the per-page benchmark: one КЦСОН-like site of N Russian HTML pages of
//! 45 KB each (header, mega-menu, breadcrumbs, paragraphs, document links, footer).

const PAGE_BYTES: usize = 45_000;
const PER_LIST: usize = 50;

/// xorshift64*: deterministic filler, so every run serves the same bytes.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

pub const SECTIONS: &[(&str, &str)] = &[
    ("svedeniya/", "Основные сведения"),
    ("svedeniya/uchreditel/", "Учредитель"),
    ("kontakty/", "Контакты"),
    ("svedeniya/struktura/", "Структура и органы управления"),
    (
        "uslugi/",
        "Формы социального обслуживания и виды социальных услуг",
    ),
    ("uslugi/tarify/", "Тарифы на социальные услуги"),
    (
        "svedeniya/chislennost/",
        "Численность получателей социальных услуг",
    ),
    ("svedeniya/rukovodstvo/", "Руководство"),
    ("svedeniya/personal/", "Персональный состав работников"),
    ("svedeniya/mto/", "Материально-техническое обеспечение"),
    ("svedeniya/svobodnye-mesta/", "Количество свободных мест"),
    ("svedeniya/licenzii/", "Лицензии"),
    ("svedeniya/fhd/", "Финансово-хозяйственная деятельность"),
    ("dokumenty/", "Документы"),
    (
        "svedeniya/predpisaniya/",
        "Предписания контрольно-надзорных органов",
    ),
    ("obratnaya-svyaz/", "Обратная связь"),
];

const SENTENCES: &[&str] = &[
    "Специалисты центра провели встречу с ветеранами труда в клубе «Серебряный возраст».",
    "В отделении дневного пребывания прошло занятие по скандинавской ходьбе для граждан пожилого возраста.",
    "Волонтёры серебряного возраста поздравили участников Великой Отечественной войны с праздником.",
    "Социальные работники помогли подопечным подготовить огороды к весеннему сезону.",
    "В рамках проекта «Активное долголетие» открылся кружок компьютерной грамотности.",
    "Психолог центра провёл тренинг по профилактике эмоционального выгорания для сотрудников.",
    "Семьи с детьми приняли участие в праздничной программе, посвящённой Дню защиты детей.",
    "Для жителей отдалённых сёл организован выезд мобильной бригады специалистов.",
    "Специалисты по социальной работе рассказали о мерах поддержки участников специальной военной операции.",
    "Школа ухода провела занятие для родственников маломобильных граждан.",
    "Пункт проката технических средств реабилитации пополнился новыми креслами-колясками.",
    "На встрече с представителями пенсионного фонда обсудили вопросы индексации пенсий.",
];

const DOCS: &[(&str, &str)] = &[
    ("upload/docs/ustav.pdf", "Устав учреждения"),
    (
        "upload/docs/plan-fhd-2026.pdf",
        "План финансово-хозяйственной деятельности на 2026 год",
    ),
    (
        "upload/docs/pvtr.pdf",
        "Правила внутреннего трудового распорядка",
    ),
    (
        "upload/docs/kollektivnyy-dogovor.pdf",
        "Коллективный договор",
    ),
];

/// A page: header, mega-menu, breadcrumbs, `body`, filler up to 45 KB, footer.
fn page(n: usize, title: &str, body: &str) -> Vec<u8> {
    let mut rng = Rng((n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = String::with_capacity(PAGE_BYTES + 2_000);
    out.push_str(&format!("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{title} | ГБУ «КЦСОН»</title></head><body>\n<header><a href=\"/\">ГБУ «Комплексный центр социального обслуживания населения»</a> <a href=\"/?special=1\">Версия для слабовидящих</a></header>\n<nav><ul><li><a href=\"/\">Главная</a></li>"));
    for (path, menu) in SECTIONS {
        out.push_str(&format!("<li><a href=\"/{path}\">{menu}</a></li>"));
    }
    out.push_str("<li><a href=\"/news/\">Новости</a></li></ul></nav>\n<main><div class=\"crumbs\"><a href=\"/\">Главная</a> / ");
    out.push_str(&format!("{title}</div><h1>{title}</h1>\n{body}\n"));
    let footer = "</main><footer><p>Адрес: 410000, г. Новоборск, ул. Садовая, д. 14. Телефон: <a href=\"tel:+78452412210\">8 (8452) 41-22-10</a>, <a href=\"mailto:kcson@social-demo.ru\">kcson@social-demo.ru</a></p></footer></body></html>\n";
    while out.len() + footer.len() < PAGE_BYTES {
        if rng.below(8) == 0 {
            let (href, text) = DOCS[rng.below(DOCS.len())];
            out.push_str(&format!("<p><a href=\"/{href}\">{text}</a></p>\n"));
        }
        out.push_str("<p>");
        for _ in 0..3 + rng.below(5) {
            out.push_str(SENTENCES[rng.below(SENTENCES.len())]);
            out.push(' ');
        }
        out.push_str("</p>\n");
    }
    out.push_str(footer);
    out.into_bytes()
}

/// The site's files: `pages` HTML pages (path, bytes) and the document stubs after them.
pub fn site_files(pages: usize) -> Vec<(String, Vec<u8>)> {
    let lists = pages
        .saturating_sub(SECTIONS.len() + 1)
        .div_ceil(PER_LIST + 1)
        .max(1);
    let news = pages.saturating_sub(SECTIONS.len() + 1 + lists);
    let list_links: String = (1..=lists)
        .map(|l| format!("<li><a href=\"/news/list-{l}.html\">Новости, страница {l}</a></li>"))
        .collect();
    let mut files = vec![(
        "index.html".to_string(),
        page(
            0,
            "Главная",
            &format!("<p>Центр оказывает социальные услуги.</p><ul>{list_links}</ul>"),
        ),
    )];
    for (k, (path, menu)) in SECTIONS.iter().enumerate() {
        let body = "<p>Сведения раздела утверждены приказом директора от 10.01.2026 № 3.</p>";
        files.push((format!("{path}index.html"), page(k + 1, menu, body)));
    }
    for l in 1..=lists {
        let links: String = (1..=news)
            .filter(|k| (k - 1) / PER_LIST + 1 == l)
            .map(|k| format!("<li><a href=\"/news/{k}.html\">Новость № {k}</a></li>"))
            .collect();
        files.push((
            format!("news/list-{l}.html"),
            page(100 + l, "Новости", &format!("<ul>{links}</ul>")),
        ));
    }
    for k in 1..=news {
        files.push((
            format!("news/{k}.html"),
            page(1000 + k, &format!("Новость № {k}"), ""),
        ));
    }
    for (doc, _) in DOCS {
        files.push((
            doc.to_string(),
            b"%PDF-1.4\n% socaudit bench stub\n".repeat(40),
        ));
    }
    files
}
