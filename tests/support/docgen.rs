//! Deterministic generators of the documents the fixture sites link to: text PDFs in Cyrillic (a
//! Type0 Identity-H font with a ToUnicode CMap, as Word writes them), DOCX with paragraphs and a
//! table, an image-only PDF (a scan), and hostile files (a zip-bomb DOCX, a truncated PDF, a PDF
//! whose page is its own parent).
//!
//! [`fixture_docs`] lists every generated file with its place under `tests/fixtures/`, how
//! `documents::extract_text` must read it, and how the rules' document checks must judge it.
//! `examples/gen_fixture_docs.rs` writes the files; `tests/fixture_docs.rs` checks that the
//! committed ones are byte-identical to a fresh generation, so nobody edits them by hand.
//!
//! Everything here is byte-for-byte reproducible: no clocks, no random numbers, zips written by
//! hand (entries stored, dated 1980-01-01), and the one deflated stream (the bomb's) built from
//! a single segment compressed once.
#![allow(dead_code)]

/// How `extract_text` must read a generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// Text, containing every one of these phrases.
    Text(&'static [&'static str]),
    /// An image-only document: `DocOutcome::Scan`.
    Scan,
    /// Refused by a guard before or while unpacking: `DocOutcome::Rejected`.
    Rejected,
    /// A corrupt file: `DocOutcome::Broken`.
    Broken,
}

/// How a rule's `[rule.document_check]` must judge a generated file (`analysis::evaluate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// `ok` with no partial reasons.
    Pass,
    /// `ok` with partial reasons; one of them contains this phrase.
    Partial(&'static str),
    /// `!ok`: the document is not evidence for the rule.
    NotCounted,
}

/// One judgement: the rule id, the text of the link that leads to the file on its site, and the
/// expected verdict.
pub type Judgement = (&'static str, &'static str, Judged);

/// One generated file.
pub struct FixtureDoc {
    /// Path under `tests/fixtures/` (the site's folder first).
    pub path: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// How it must read.
    pub reads: Reads,
    /// How the document checks must judge it (empty for files no check judges).
    pub judged: Vec<Judgement>,
}

/// Largest generated file: the fixtures are bundled into the binary (`src/demo.rs`).
pub const MAX_FILE_BYTES: usize = 50 * 1024;

/// Every generated fixture file, in a fixed order.
pub fn fixture_docs() -> Vec<FixtureDoc> {
    let mut docs = Vec::new();
    docs.extend(compliant_docs());
    docs.extend(small_site_docs());
    docs.extend(documents_site_docs());
    docs.extend(old_plan_docs());
    docs.extend(embedded_site_docs());
    docs.extend(labels_docs());
    docs
}

fn doc(path: &'static str, bytes: Vec<u8>, reads: Reads, judged: Vec<Judgement>) -> FixtureDoc {
    FixtureDoc {
        path,
        bytes,
        reads,
        judged,
    }
}

// ---------------------------------------------------------------------------------------------
// The documents of each site.
// ---------------------------------------------------------------------------------------------

const ZARECHNY: &str = "ГБУ ОО «КЦСОН Заречного района»";
const LISTVYANKA: &str = "МБУ «ЦСО Листвянского района»";
const BEREZOVAYA: &str = "ГБСУ СО «Дом-интернат «Берёзовая роща»";
const SVETLOGORSK: &str = "ГАУ «КЦСОН г. Светлогорска»";
const LUGOVOY: &str = "ГБУ «КЦСОН Луговского района»";
const RASSVET: &str = "ГБСУ СО «Дом-интернат для престарелых и инвалидов «Рассвет»";
const OZERNY: &str = "ГБУ «КЦСОН Озёрного района»";

/// Rows of a plan on the ПП РФ № 457 form: shortcoming, measure, planned date, responsible,
/// measures taken, actual date (the last two empty while the plan runs).
type PlanRow = [&'static str; 6];

const ZARECHNY_ROWS: [PlanRow; 3] = [
    [
        "Не обеспечено дублирование для инвалидов по слуху и зрению звуковой и зрительной информации",
        "Установить в холле информационное табло с бегущей строкой",
        "30.06.2025",
        "Петрова Анна Сергеевна, заместитель директора",
        "Табло с бегущей строкой установлено в холле первого этажа",
        "12.05.2025",
    ],
    [
        "Нет сменных кресел-колясок",
        "Приобрести две сменные кресла-коляски",
        "31.12.2025",
        "Кузнецов Олег Петрович, заведующий хозяйством",
        "Приобретены две кресла-коляски",
        "18.11.2025",
    ],
    [
        "На сайте не работает раздел «Часто задаваемые вопросы»",
        "Восстановить раздел и обновлять его ежеквартально",
        "31.03.2026",
        "Смирнова Елена Викторовна, специалист по социальной работе",
        "Раздел восстановлен, обновляется",
        "20.02.2026",
    ],
];

fn compliant_docs() -> Vec<FixtureDoc> {
    let plan_link =
        "выявленных в ходе независимой оценки качества условий оказания услуг, на 2025–2026 годы";
    let report_link = "Отчёт о выполнении плана по устранению недостатков, выявленных в ходе независимой оценки качества, за 2025 год";
    let fhd_link =
        "План финансово-хозяйственной деятельности на 2026 год и плановый период 2027 и 2028 годов";
    let results_link =
        "Отчёт о результатах деятельности и об использовании закреплённого имущества за 2025 год";
    vec![
        doc(
            "compliant/upload/nok/plan-po-ustraneniyu-nedostatkov-2025-2026.pdf",
            text_pdf(&plan_lines(
                ZARECHNY,
                &[
                    "ПЛАН",
                    "по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2025–2026 годы",
                ],
                &ZARECHNY_ROWS,
                true,
            )),
            Reads::Text(&["на 2025–2026 годы", "Фактический срок реализации"]),
            vec![("nok-plan", plan_link, Judged::Pass)],
        ),
        doc(
            "compliant/upload/nok/otchet-o-vypolnenii-plana-2025.pdf",
            text_pdf(&plan_lines(
                ZARECHNY,
                &[
                    "ОТЧЁТ",
                    "о выполнении плана по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, за 2025 год",
                ],
                &ZARECHNY_ROWS[..2],
                true,
            )),
            Reads::Text(&["о выполнении плана", "Реализованные меры"]),
            vec![
                ("nok-plan-report", report_link, Judged::Pass),
                ("nok-plan", report_link, Judged::Pass),
            ],
        ),
        doc(
            "compliant/upload/docs/plan-fhd-2026.pdf",
            text_pdf(&fhd_lines(
                ZARECHNY,
                "на 2026 год и плановый период 2027 и 2028 годов",
            )),
            Reads::Text(&["финансово-хозяйственной деятельности на 2026 год"]),
            vec![("finance", fhd_link, Judged::Pass)],
        ),
        doc(
            "compliant/upload/docs/otchet-o-rezultatah-2025.pdf",
            text_pdf(&results_report_lines(ZARECHNY, "за 2025 год")),
            Reads::Text(&["о результатах деятельности"]),
            vec![("finance", results_link, Judged::Pass)],
        ),
    ]
}

/// The plan of the boarding home in `cp1251/`: the plan part of the ПП 457 form only (four of
/// its six columns, exactly the rule's minimum), no progress columns.
const BEREZOVAYA_ROWS: [PlanRow; 2] = [
    [
        "Недостаточно парковочных мест для автотранспорта инвалидов",
        "Выделить и обозначить два парковочных места для инвалидов",
        "30.06.2025",
        "Орлов Виктор Иванович, заместитель директора по АХЧ",
        "",
        "",
    ],
    [
        "Не все получатели услуг удовлетворены графиком посещений",
        "Расширить часы посещений в выходные дни",
        "31.03.2025",
        "Лебедева Нина Павловна, заведующая отделением милосердия",
        "",
        "",
    ],
];

const SVETLOGORSK_ROWS: [PlanRow; 2] = [
    [
        "Отсутствует альтернативная версия сайта для инвалидов по зрению",
        "Подключить версию сайта для слабовидящих",
        "31.03.2025",
        "Волков Денис Андреевич, программист",
        "Версия для слабовидящих подключена",
        "14.02.2025",
    ],
    [
        "Не оборудован санитарно-гигиенический узел для инвалидов",
        "Переоборудовать санузел первого этажа",
        "30.09.2025",
        "Зайцева Ольга Николаевна, заместитель директора",
        "Санузел переоборудован",
        "25.08.2025",
    ],
];

fn small_site_docs() -> Vec<FixtureDoc> {
    vec![
        doc(
            "weak/files/plan-fhd-2026.pdf",
            text_pdf(&fhd_lines(LISTVYANKA, "на 2026 год")),
            Reads::Text(&["финансово-хозяйственной деятельности на 2026 год"]),
            vec![("finance", "План ФХД на 2026 год", Judged::Pass)],
        ),
        doc(
            "cp1251/files/plan-fhd-2026.pdf",
            text_pdf(&fhd_lines(BEREZOVAYA, "на 2026 год")),
            Reads::Text(&["финансово-хозяйственной деятельности на 2026 год"]),
            vec![(
                "finance",
                "План финансово-хозяйственной деятельности на 2026 год",
                Judged::Pass,
            )],
        ),
        doc(
            "cp1251/files/plan-po-ustraneniyu-nedostatkov-2025.pdf",
            text_pdf(&plan_lines(
                BEREZOVAYA,
                &[
                    "ПЛАН",
                    "по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2025 год",
                ],
                &BEREZOVAYA_ROWS,
                false,
            )),
            Reads::Text(&["на 2025 год", "Плановый срок реализации мероприятия"]),
            vec![
                ("nok-plan", "скачать (PDF, 120 КБ)", Judged::Pass),
                // Without the progress columns it is no report on the plan.
                ("nok-plan-report", "скачать (PDF, 120 КБ)", Judged::NotCounted),
            ],
        ),
        doc(
            "robots/files/plan-fhd-2026.pdf",
            text_pdf(&fhd_lines(SVETLOGORSK, "на 2026 год")),
            Reads::Text(&["финансово-хозяйственной деятельности на 2026 год"]),
            vec![(
                "finance",
                "План финансово-хозяйственной деятельности на 2026 год",
                Judged::Pass,
            )],
        ),
        doc(
            "robots/files/otchet-2025.pdf",
            text_pdf(&results_report_lines(SVETLOGORSK, "за 2025 год")),
            Reads::Text(&["о результатах деятельности"]),
            vec![(
                "finance",
                "Отчёт о результатах деятельности за 2025 год",
                Judged::Pass,
            )],
        ),
        doc(
            "robots/files/plan-nok-2025.pdf",
            text_pdf(&plan_lines(
                SVETLOGORSK,
                &[
                    "ПЛАН",
                    "по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2025 год",
                ],
                &SVETLOGORSK_ROWS,
                true,
            )),
            Reads::Text(&["на 2025 год"]),
            vec![(
                "nok-plan",
                "План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2025 год",
                Judged::Pass,
            )],
        ),
        doc(
            "robots/files/otchet-plan-nok-2025.pdf",
            text_pdf(&plan_lines(
                SVETLOGORSK,
                &[
                    "ОТЧЁТ",
                    "о выполнении плана по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, за 2025 год",
                ],
                &SVETLOGORSK_ROWS,
                true,
            )),
            Reads::Text(&["о выполнении плана"]),
            vec![(
                "nok-plan-report",
                "Отчёт о выполнении плана по устранению недостатков за 2025 год",
                Judged::Pass,
            )],
        ),
    ]
}

/// The Луговой plan as approved in January: the plan part of the ПП 457 form only; the progress
/// columns come with the report, so that the plan itself is no report on its execution.
const LUGOVOY_ROWS: [PlanRow; 3] = [
    [
        "Недостаточно информации о порядке подачи жалоб на стендах учреждения",
        "Разместить на стендах порядок подачи жалоб и образец жалобы",
        "31.03.2026",
        "Белова Ирина Олеговна, заместитель директора",
        "",
        "",
    ],
    [
        "Вход в отделение дневного пребывания не оборудован пандусом",
        "Оборудовать вход пандусом с поручнями",
        "30.09.2026",
        "Громов Сергей Ильич, заведующий хозяйством",
        "",
        "",
    ],
    [
        "Нет дистанционного способа записи на приём",
        "Добавить на сайт форму записи на приём",
        "31.12.2026",
        "Никитина Мария Юрьевна, специалист по социальной работе",
        "",
        "",
    ],
];

fn documents_site_docs() -> Vec<FixtureDoc> {
    let plan_link = "План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год";
    let results_link = "Результаты независимой оценки качества условий оказания услуг за 2025 год";
    let report_link = "Отчёт о выполнении плана по устранению недостатков за 2025 год";
    let fhd_link = "План финансово-хозяйственной деятельности на 2024 год";
    vec![
        doc(
            "documents/files/nok/plan-po-ustraneniyu-nedostatkov-2026.docx",
            plan_docx(
                LUGOVOY,
                "по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год",
                &LUGOVOY_ROWS,
            ),
            Reads::Text(&["на 2026 год", "Плановый срок реализации мероприятия"]),
            vec![
                ("nok-plan", plan_link, Judged::Pass),
                ("nok-plan-report", plan_link, Judged::NotCounted),
            ],
        ),
        doc(
            "documents/files/nok/rezultaty-nok-2025.pdf",
            text_pdf(&nok_results_lines(LUGOVOY)),
            Reads::Text(&["Доступность услуг для инвалидов 78,40", "Итоговый балл 92,36"]),
            vec![("nok-results", results_link, Judged::Pass)],
        ),
        doc(
            "documents/files/nok/otchet-o-vypolnenii-plana-2025.pdf",
            scan_pdf(2),
            Reads::Scan,
            vec![
                ("nok-plan-report", report_link, Judged::Partial("скан")),
                ("nok-plan", report_link, Judged::Partial("скан")),
            ],
        ),
        doc(
            "documents/files/fhd/plan-fhd-2024.pdf",
            text_pdf(&fhd_lines(LUGOVOY, "на 2024 год")),
            Reads::Text(&["финансово-хозяйственной деятельности на 2024 год"]),
            vec![("finance", fhd_link, Judged::Partial("2024"))],
        ),
        doc(
            "documents/files/ustav.docx",
            zip_bomb_docx(),
            Reads::Rejected,
            Vec::new(),
        ),
        doc(
            "documents/files/licenziya.pdf",
            truncated_pdf(),
            Reads::Broken,
            Vec::new(),
        ),
        doc(
            "documents/files/koldogovor.pdf",
            looping_pdf(),
            // The reader survives the loops, but the page's resources (its font) cannot be
            // resolved through a parent chain that never ends, so no text comes out.
            Reads::Scan,
            Vec::new(),
        ),
    ]
}

fn old_plan_docs() -> Vec<FixtureDoc> {
    let link = "План по устранению недостатков, выявленных в ходе независимой оценки качества, на 2019 год";
    vec![doc(
        "old-plan/files/plan-po-ustraneniyu-nedostatkov-2019.pdf",
        text_pdf(&roadmap_lines(RASSVET)),
        Reads::Text(&[
            "на 2019 год",
            "Значение показателя по результатам независимой оценки",
        ]),
        vec![("nok-plan", link, Judged::Partial("2019"))],
    )]
}

/// The plan of `embedded/`, shown only in a pdf.js viewer under a heading.
fn embedded_site_docs() -> Vec<FixtureDoc> {
    let heading = "План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год";
    vec![doc(
        "embedded/files/nok/plan-2026.pdf",
        text_pdf(&plan_lines(
            OZERNY,
            &[
                "ПЛАН",
                "по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год",
            ],
            &SVETLOGORSK_ROWS,
            true,
        )),
        Reads::Text(&["на 2026 год", "Фактический срок реализации"]),
        vec![("nok-plan", heading, Judged::Pass)],
    )]
}

const OZERKI: &str = "ГБУ «КЦСОН Озёрковского района»";

const OZERKI_ROWS: [PlanRow; 2] = [
    [
        "Не обеспечена возможность предоставления услуг в дистанционном режиме",
        "Организовать консультации специалистов по видеосвязи",
        "30.06.2026",
        "Соколова Мария Андреевна, заместитель директора",
        "",
        "",
    ],
    [
        "Недостаточно мест для отдыха в зоне ожидания",
        "Установить в холле две скамьи",
        "31.03.2026",
        "Гусев Павел Ильич, заведующий хозяйством",
        "",
        "",
    ],
];

/// The `labels/` site: what the files say about themselves decides, not the links to them.
fn labels_docs() -> Vec<FixtureDoc> {
    vec![
        doc(
            // Linked as «Правила внутреннего распорядка»; the metadata title (a template's) says
            // the same, but the document's own title is the labour rules.
            "labels/files/pravila-vnutrennego-rasporyadka.docx",
            docx(
                "Правила внутреннего распорядка",
                &[
                    "УТВЕРЖДАЮ",
                    "Директор ГБУ «КЦСОН Озёрковского района»",
                    "ПРАВИЛА",
                    "внутреннего трудового распорядка",
                    "1. Общие положения",
                    "1.1. Настоящие правила регулируют порядок приёма и увольнения работников, основные права и обязанности работников и работодателя, режим работы и время отдыха.",
                ],
                &[vec!["Должность", "Начало работы", "Окончание работы"], vec!["Специалист по социальной работе", "8:00", "17:00"]],
                &["2. Режим рабочего времени работников"],
            ),
            Reads::Text(&["внутреннего трудового распорядка"]),
            vec![
                ("labor-rules", "Правила внутреннего распорядка", Judged::Pass),
                ("recipient-rules", "Правила внутреннего распорядка", Judged::NotCounted),
            ],
        ),
        doc(
            // Linked only as «Скачать» in the НОК section.
            "labels/files/nok/doc-0417.pdf",
            text_pdf(&plan_lines(
                OZERKI,
                &[
                    "ПЛАН",
                    "по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год",
                ],
                &OZERKI_ROWS,
                false,
            )),
            Reads::Text(&["на 2026 год", "Плановый срок реализации мероприятия"]),
            vec![("nok-plan", "Скачать", Judged::Pass)],
        ),
        doc(
            // Linked as «План ФХД», without a year: the file says 2023.
            "labels/files/fhd/plan-fhd.pdf",
            text_pdf(&fhd_lines(OZERKI, "на 2023 год")),
            Reads::Text(&["финансово-хозяйственной деятельности на 2023 год"]),
            vec![("finance", "План ФХД", Judged::Partial("2023"))],
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Document texts.
// ---------------------------------------------------------------------------------------------

/// The header cells of the ПП РФ № 457 form (with the numbering column), as the form writes them.
const PP457_HEADER: [&str; 7] = [
    "№ п/п",
    "Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией",
    "Наименование мероприятия по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг организацией",
    "Плановый срок реализации мероприятия",
    "Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)",
    "Реализованные меры по устранению выявленных недостатков",
    "Фактический срок реализации",
];

/// A plan (or its execution report) on the ПП 457 form, one cell a line as PDF writers
/// emit table cells; `progress` keeps the form's two progress columns.
fn plan_lines(org: &str, title: &[&str], rows: &[PlanRow], progress: bool) -> Vec<String> {
    let width = if progress { 7 } else { 5 };
    let mut out = vec![
        "УТВЕРЖДАЮ".to_string(),
        format!("Директор {org}"),
        "15.01.2025".to_string(),
    ];
    out.extend(title.iter().map(|s| s.to_string()));
    out.push(org.to_string());
    out.extend(PP457_HEADER[..width].iter().map(|s| s.to_string()));
    for (i, row) in rows.iter().enumerate() {
        out.push(format!("{}", i + 1));
        out.extend(
            row[..width - 1]
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| c.to_string()),
        );
    }
    out
}

/// A plan ФХД for `period` («на 2026 год»).
fn fhd_lines(org: &str, period: &str) -> Vec<String> {
    vec![
        "УТВЕРЖДАЮ".to_string(),
        "Руководитель органа, осуществляющего функции и полномочия учредителя".to_string(),
        "ПЛАН".to_string(),
        format!("финансово-хозяйственной деятельности {period}"),
        org.to_string(),
        "Раздел 1. Поступления и выплаты".to_string(),
        "Наименование показателя Код строки Сумма, руб.".to_string(),
        "Остаток средств на начало текущего финансового года 0001 1 254 300,00".to_string(),
        "Доходы, всего 1000 98 412 700,00".to_string(),
        "в том числе субсидии на финансовое обеспечение выполнения государственного задания 1410 86 900 000,00".to_string(),
        "Расходы, всего 2000 99 667 000,00".to_string(),
        "Главный бухгалтер Т. А. Морозова".to_string(),
    ]
}

/// The yearly report on the institution's results and property, `period` «за 2025 год».
fn results_report_lines(org: &str, period: &str) -> Vec<String> {
    vec![
        "ОТЧЁТ".to_string(),
        format!(
            "о результатах деятельности государственного учреждения и об использовании закреплённого за ним государственного имущества {period}"
        ),
        org.to_string(),
        "Раздел 1. Результаты деятельности учреждения".to_string(),
        "Численность получателей социальных услуг 1 842 человека".to_string(),
        "Раздел 2. Использование имущества, закреплённого за учреждением".to_string(),
        "Балансовая стоимость недвижимого имущества 41 250 000,00 руб.".to_string(),
    ]
}

/// НОК results: the five 344н criteria with scores and the total.
fn nok_results_lines(org: &str) -> Vec<String> {
    vec![
        "РЕЗУЛЬТАТЫ".to_string(),
        "независимой оценки качества условий оказания услуг за 2025 год".to_string(),
        org.to_string(),
        "Оператор: ООО «Центр социальных исследований»".to_string(),
        "Критерий оценки Значение, баллов".to_string(),
        "Открытость и доступность информации об организации 96,10".to_string(),
        "Комфортность условий предоставления услуг 98,00".to_string(),
        "Доступность услуг для инвалидов 78,40".to_string(),
        "Доброжелательность, вежливость работников организации 99,30".to_string(),
        "Удовлетворенность условиями оказания услуг 90,00".to_string(),
        "Итоговый балл 92,36".to_string(),
    ]
}

/// Last cycle's plan on the 2017 «дорожная карта» form, for 2019.
fn roadmap_lines(org: &str) -> Vec<String> {
    [
        "УТВЕРЖДАЮ",
        "Директор дома-интерната",
        "ПЛАН",
        "по устранению недостатков, выявленных в ходе независимой оценки качества, на 2019 год",
        "(дорожная карта)",
        "№",
        "Наименование показателя",
        "Значение показателя по результатам независимой оценки",
        "Мероприятия по улучшению качества",
        "Ожидаемый результат",
        "Срок реализации",
        "Ответственный исполнитель",
        "1",
        "Доля получателей услуг, удовлетворённых доступностью услуг для инвалидов",
        "72 %",
        "Установить кнопку вызова персонала у входа",
        "Рост доли удовлетворённых получателей",
        "II квартал 2019 года",
        "Заместитель директора по АХЧ",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([org.to_string()])
    .collect()
}

// ---------------------------------------------------------------------------------------------
// PDF.
// ---------------------------------------------------------------------------------------------

/// Lines per PDF page.
const LINES_PER_PAGE: usize = 48;

/// A PDF from object bodies (object `i + 1` is `objects[i]`), with a correct xref table.
pub fn raw_pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stream object with its `/Length`.
pub fn stream_object(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// Two-byte codes for the distinct characters of `lines` and the ToUnicode CMap mapping them.
fn identity_codes<S: AsRef<str>>(lines: &[S]) -> (Vec<char>, String) {
    let mut chars: Vec<char> = lines.iter().flat_map(|l| l.as_ref().chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let entries: String = chars
        .iter()
        .enumerate()
        .map(|(i, c)| format!("<{:04X}> <{:04X}>\n", i + 1, *c as u32))
        .collect();
    // A bfchar block holds at most 100 entries.
    let blocks: String = entries
        .lines()
        .collect::<Vec<_>>()
        .chunks(100)
        .map(|chunk| {
            format!(
                "{} beginbfchar\n{}\nendbfchar\n",
                chunk.len(),
                chunk.join("\n")
            )
        })
        .collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    );
    (chars, cmap)
}

fn hex_codes(text: &str, chars: &[char]) -> String {
    text.chars()
        .map(|c| {
            format!(
                "{:04X}",
                chars.iter().position(|k| *k == c).unwrap_or(0) + 1
            )
        })
        .collect()
}

/// A text PDF of `lines` (one text object a line, [`LINES_PER_PAGE`] lines a page) in a Type0
/// Identity-H font with a ToUnicode CMap: the way Word exports Cyrillic.
pub fn text_pdf<S: AsRef<str>>(lines: &[S]) -> Vec<u8> {
    let (chars, cmap) = identity_codes(lines);
    let pages: Vec<&[S]> = lines.chunks(LINES_PER_PAGE).collect();
    // 1 catalog, 2 pages, 3 font, 4 descendant font, 5 ToUnicode; then a page and its content.
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 6 + 2 * i))
        .collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>".to_vec(),
        stream_object("", cmap.as_bytes()),
    ];
    for (i, page) in pages.iter().enumerate() {
        let content: Vec<String> = page
            .iter()
            .enumerate()
            .map(|(n, line)| {
                format!(
                    "BT /F1 10 Tf 40 {} Td <{}> Tj ET",
                    800 - 16 * n,
                    hex_codes(line.as_ref(), &chars)
                )
            })
            .collect();
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(stream_object("", content.join("\n").as_bytes()));
    }
    raw_pdf(&objects, "/Root 1 0 R")
}

/// An image-only PDF of `pages` pages (each one gray 16×16 image stretched over the page): a scan
/// without a text layer.
pub fn scan_pdf(pages: usize) -> Vec<u8> {
    let image: Vec<u8> = (0..256u32).map(|i| (96 + (i * 7) % 64) as u8).collect();
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 5 + i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
        stream_object("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        stream_object(
            "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8",
            &image,
        ),
    ];
    for _ in 0..pages {
        objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 3 0 R >>".to_vec());
    }
    raw_pdf(&objects, "/Root 1 0 R")
}

/// A licence as a text PDF, cut off in the middle (an interrupted upload): no xref, no trailer.
pub fn truncated_pdf() -> Vec<u8> {
    let whole = text_pdf(&[
        "ВЫПИСКА ИЗ РЕЕСТРА ЛИЦЕНЗИЙ",
        "на осуществление медицинской деятельности",
        LUGOVOY,
    ]);
    whole[..whole.len() / 2].to_vec()
}

/// A collective agreement whose page tree loops: the page tree lists itself among its kids, the
/// page is its own parent, and the page draws a form that draws itself. A reader must not
/// recurse forever; it may still read the page's own text.
pub fn looping_pdf() -> Vec<u8> {
    let lines = ["КОЛЛЕКТИВНЫЙ ДОГОВОР на 2024–2027 годы", LUGOVOY];
    let (chars, cmap) = identity_codes(&lines);
    let text: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            format!(
                "BT /F1 12 Tf 40 {} Td <{}> Tj ET",
                800 - 20 * n,
                hex_codes(line, &chars)
            )
        })
        .collect();
    let content = format!("{}\n/Fm1 Do", text.join("\n"));
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /Parent 2 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 3 0 R /Kids [3 0 R] /MediaBox [0 0 595 842] /Resources << /XObject << /Fm1 5 0 R >> /Font << /F1 7 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream_object("", content.as_bytes()),
        stream_object(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources 6 0 R",
            b"/Fm1 Do",
        ),
        b"<< /XObject << /Fm1 5 0 R >> /Font << /F1 7 0 R >> >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>".to_vec(),
        stream_object("", cmap.as_bytes()),
    ];
    raw_pdf(&objects, "/Root 1 0 R")
}

// ---------------------------------------------------------------------------------------------
// DOCX and zip.
// ---------------------------------------------------------------------------------------------

/// One zip entry as written: `data` is what is stored (deflated when `deflated`); `size` and
/// `crc` describe the unpacked content; `same_as` names an earlier entry whose local header and
/// data this one shares (`None`: it gets its own).
struct ZipEntry<'a> {
    name: &'a str,
    data: &'a [u8],
    deflated: bool,
    size: u64,
    crc: u32,
    same_as: Option<usize>,
}

impl<'a> ZipEntry<'a> {
    fn stored(name: &'a str, data: &'a [u8]) -> Self {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        ZipEntry {
            name,
            data,
            deflated: false,
            size: data.len() as u64,
            crc: crc.sum(),
            same_as: None,
        }
    }
}

fn u16le(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&(v as u16).to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&(v as u32).to_le_bytes());
}

/// The fields local and central headers share, from «version needed» to the name length.
fn common_fields(out: &mut Vec<u8>, e: &ZipEntry) {
    u16le(out, 20); // version needed: 2.0
    u16le(out, 0x0800); // flags: UTF-8 names
    u16le(out, if e.deflated { 8 } else { 0 });
    u16le(out, 0); // time 00:00:00
    u16le(out, 0x0021); // date 1980-01-01
    u32le(out, u64::from(e.crc));
    u32le(out, e.data.len() as u64);
    u32le(out, e.size);
    u16le(out, e.name.len());
}

/// A zip archive written by hand, so that its bytes never depend on a zip library's version or
/// the clock. Entries with `same_as` share an earlier entry's local header and data.
fn zip_bytes(entries: &[ZipEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets: Vec<usize> = Vec::with_capacity(entries.len());
    for e in entries {
        if let Some(j) = e.same_as {
            offsets.push(offsets[j]);
            continue;
        }
        offsets.push(out.len());
        out.extend_from_slice(b"PK\x03\x04");
        common_fields(&mut out, e);
        u16le(&mut out, 0); // extra field length
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(e.data);
    }
    let directory = out.len();
    for (e, offset) in entries.iter().zip(&offsets) {
        out.extend_from_slice(b"PK\x01\x02");
        u16le(&mut out, 20); // made by: 2.0, MS-DOS
        common_fields(&mut out, e);
        u16le(&mut out, 0); // extra field length
        u16le(&mut out, 0); // comment length
        u16le(&mut out, 0); // disk number
        u16le(&mut out, 0); // internal attributes
        u32le(&mut out, 0); // external attributes
        u32le(&mut out, *offset as u64);
        out.extend_from_slice(e.name.as_bytes());
    }
    let directory_len = out.len() - directory;
    out.extend_from_slice(b"PK\x05\x06");
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len());
    u16le(&mut out, entries.len());
    u32le(&mut out, directory_len as u64);
    u32le(&mut out, directory as u64);
    u16le(&mut out, 0);
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

/// `&`, `<`, `>` and `"` escaped for XML text and attributes.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn w_par(text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    )
}

fn w_table<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let rows: String = rows
        .iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .map(|c| format!("<w:tc><w:tcPr/>{}</w:tc>", w_par(c.as_ref())))
                .collect();
            format!("<w:tr>{cells}</w:tr>")
        })
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

/// A DOCX: `before` paragraphs, a table of `rows`, `after` paragraphs, and core properties with
/// `title` and fixed dates.
pub fn docx<S: AsRef<str>>(
    title: &str,
    before: &[&str],
    rows: &[Vec<S>],
    after: &[&str],
) -> Vec<u8> {
    let body: String = before
        .iter()
        .map(|p| w_par(p))
        .chain([w_table(rows)])
        .chain(after.iter().map(|p| w_par(p)))
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-20T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-17T14:10:00Z</dcterms:modified></cp:coreProperties>"#,
        xml_escape(title)
    );
    zip_bytes(&[
        ZipEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
        ZipEntry::stored("word/document.xml", document.as_bytes()),
        ZipEntry::stored("docProps/core.xml", core.as_bytes()),
    ])
}

/// The НОК plan as a DOCX on the ПП 457 form: a real table, header row and rows, the plan part
/// only (the first five header cells, numbering included).
fn plan_docx(org: &str, title: &str, rows: &[PlanRow]) -> Vec<u8> {
    let mut table: Vec<Vec<String>> =
        vec![PP457_HEADER[..5].iter().map(|s| s.to_string()).collect()];
    for (i, row) in rows.iter().enumerate() {
        let mut cells = vec![format!("{}", i + 1)];
        cells.extend(row[..4].iter().map(|c| c.to_string()));
        table.push(cells);
    }
    docx(
        "План по устранению недостатков",
        &[
            "УТВЕРЖДАЮ",
            &format!("Директор {org}"),
            "20.01.2026",
            "ПЛАН",
            title,
            org,
        ],
        &table,
        &["Заместитель директора И. О. Белова"],
    )
}

/// MiB of zeros in one deflated segment of the bomb, segments in its stream, and central
/// directory entries sharing that stream: 16 × 16 MiB = 256 MiB declared from about 17 KB.
const BOMB_SEGMENT: usize = 1024 * 1024;
const BOMB_SEGMENTS: usize = 16;
const BOMB_ENTRIES: usize = 16;

/// A DOCX that is a zip bomb: `word/document.xml` declares 16 MiB of zeros deflated to about
/// 16 KB (a ratio past 1000), and fifteen more directory entries share the same data, so the
/// archive declares 256 MiB. Built without ever holding more than 1 MiB unpacked: one segment
/// of zeros compressed with a full flush decodes the same wherever it stands, so the stream is
/// that segment repeated, then an empty final block.
pub fn zip_bomb_docx() -> Vec<u8> {
    let zeros = vec![0u8; BOMB_SEGMENT];
    let mut compress = flate2::Compress::new(flate2::Compression::best(), false);
    let mut segment = Vec::with_capacity(64 * 1024);
    let status = compress.compress_vec(&zeros, &mut segment, flate2::FlushCompress::Full);
    assert!(
        status.is_ok() && compress.total_in() == BOMB_SEGMENT as u64,
        "compressing the bomb segment: {status:?}"
    );
    let mut stream = segment.repeat(BOMB_SEGMENTS);
    // BFINAL = 1, BTYPE = stored, LEN = 0, NLEN = !0.
    stream.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    let mut one = flate2::Crc::new();
    one.update(&zeros);
    let mut crc = flate2::Crc::new();
    for _ in 0..BOMB_SEGMENTS {
        crc.combine(&one);
    }
    let size = (BOMB_SEGMENT * BOMB_SEGMENTS) as u64;
    let names: Vec<String> = (1..BOMB_ENTRIES)
        .map(|i| format!("word/media/image{i}.bin"))
        .collect();
    let mut entries = vec![
        ZipEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
        ZipEntry {
            name: "word/document.xml",
            data: &stream,
            deflated: true,
            size,
            crc: crc.sum(),
            same_as: None,
        },
    ];
    for name in &names {
        entries.push(ZipEntry {
            name,
            data: &stream,
            deflated: true,
            size,
            crc: crc.sum(),
            same_as: Some(2),
        });
    }
    zip_bytes(&entries)
}

/// An XLSX list of sites that is a zip bomb: the sheet is the bomb's stream (16 MiB of zeros from
/// about 16 KB). The sheet's header declares `declared` bytes when given (a header that lies, so
/// only inflating shows the bomb), else the true size.
pub fn zip_bomb_xlsx(declared: Option<u64>) -> Vec<u8> {
    let zeros = vec![0u8; BOMB_SEGMENT];
    let mut compress = flate2::Compress::new(flate2::Compression::best(), false);
    let mut segment = Vec::with_capacity(64 * 1024);
    let status = compress.compress_vec(&zeros, &mut segment, flate2::FlushCompress::Full);
    assert!(status.is_ok(), "compressing the bomb segment: {status:?}");
    let mut stream = segment.repeat(BOMB_SEGMENTS);
    stream.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    zip_bytes(&[
        ZipEntry::stored("xl/workbook.xml", workbook.as_bytes()),
        ZipEntry::stored("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ZipEntry {
            name: "xl/worksheets/sheet1.xml",
            data: &stream,
            deflated: true,
            size: declared.unwrap_or((BOMB_SEGMENT * BOMB_SEGMENTS) as u64),
            crc: 0,
            same_as: None,
        },
    ])
}

/// What a zip's central directory declares: (entries, total unpacked bytes), read from the bytes
/// without inflating anything.
pub fn declared_unpacked(zip: &[u8]) -> (usize, u64) {
    let mut entries = 0;
    let mut total = 0u64;
    let mut at = 0;
    while at + 46 <= zip.len() {
        if &zip[at..at + 4] == b"PK\x01\x02" {
            let size = u32::from_le_bytes([zip[at + 24], zip[at + 25], zip[at + 26], zip[at + 27]]);
            entries += 1;
            total += u64::from(size);
            let name = usize::from(u16::from_le_bytes([zip[at + 28], zip[at + 29]]));
            at += 46 + name;
        } else {
            at += 1;
        }
    }
    (entries, total)
}

/// A zip of stored entries in the given order (no compression, dated 1980-01-01), for the
/// formats other generators build (ODT, XLSX of `tests/support/corpusgen`).
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let entries: Vec<ZipEntry> = entries
        .iter()
        .map(|(name, data)| ZipEntry::stored(name, data))
        .collect();
    zip_bytes(&entries)
}
