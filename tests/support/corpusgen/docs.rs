//! The corpus's documents: text PDFs, scans and DOCX from `docgen`, plus ODT and XLSX written
//! here (stored zips, fixed dates), with the texts real providers publish.

use super::super::docgen;

/// The ПП РФ № 457 form's columns (plan part, then the progress part).
const PP457: [&str; 7] = [
    "№ п/п",
    "Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией",
    "Наименование мероприятия по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг организацией",
    "Плановый срок реализации мероприятия",
    "Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)",
    "Реализованные меры по устранению выявленных недостатков",
    "Фактический срок реализации",
];

const PLAN_ROWS: [[&str; 6]; 3] = [
    [
        "Отсутствует кнопка вызова персонала у входа",
        "Установить кнопку вызова персонала у входа в здание",
        "30.06.2026",
        "Лаптев Сергей Николаевич, заместитель директора",
        "Кнопка вызова установлена",
        "15.05.2026",
    ],
    [
        "Не обеспечено дублирование надписей знаками шрифта Брайля",
        "Изготовить таблички со шрифтом Брайля",
        "30.09.2026",
        "Лаптев Сергей Николаевич, заместитель директора",
        "Таблички изготовлены и размещены",
        "02.09.2026",
    ],
    [
        "Недостаточно информации о порядке подачи жалобы на сайте",
        "Разместить на сайте порядок обжалования",
        "31.03.2026",
        "Зуева Марина Андреевна, специалист по социальной работе",
        "Порядок размещён в разделе «Обращения граждан»",
        "20.02.2026",
    ],
];

/// A text PDF of `lines`.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    docgen::text_pdf(lines)
}

/// An image-only PDF (a scan without a text layer).
pub fn scan(pages: usize) -> Vec<u8> {
    docgen::scan_pdf(pages)
}

/// The НОК plan on the ПП 457 form «на `year` год»; `progress` adds the progress columns (then
/// it is also the report on the plan).
pub fn nok_plan(org: &str, year: u32, progress: bool) -> Vec<u8> {
    let width = if progress { 7 } else { 5 };
    let mut lines: Vec<String> = vec![
        "УТВЕРЖДАЮ".into(),
        format!("Директор {org}"),
        format!("20.01.{year}"),
        "ПЛАН".into(),
        format!("по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на {year} год"),
        org.to_string(),
    ];
    lines.extend(PP457[..width].iter().map(|s| s.to_string()));
    for (i, row) in PLAN_ROWS.iter().enumerate() {
        lines.push(format!("{}", i + 1));
        lines.extend(row[..width - 1].iter().map(|c| c.to_string()));
    }
    docgen::text_pdf(&lines)
}

/// The plan ФХД «на `year` год».
pub fn fhd(org: &str, year: u32) -> Vec<u8> {
    docgen::text_pdf(&[
        "УТВЕРЖДАЮ".to_string(),
        "Руководитель органа, осуществляющего функции и полномочия учредителя".to_string(),
        "ПЛАН".to_string(),
        format!("финансово-хозяйственной деятельности на {year} год"),
        org.to_string(),
        "Раздел 1. Поступления и выплаты".to_string(),
        "Наименование показателя Код строки Сумма, руб.".to_string(),
        "Доходы, всего 1000 64 218 300,00".to_string(),
        "Расходы, всего 2000 65 002 100,00".to_string(),
        "Главный бухгалтер Т. А. Морозова".to_string(),
    ])
}

/// A one-line-a-paragraph text document as PDF: `title` first, then `org`, then `body`.
pub fn text_doc(title: &str, org: &str, body: &[&str]) -> Vec<u8> {
    let mut lines = vec![title, org];
    lines.extend_from_slice(body);
    docgen::text_pdf(&lines)
}

/// A DOCX whose core title is `title`, with `paras` and a signature table.
pub fn docx(title: &str, paras: &[&str]) -> Vec<u8> {
    let rows = vec![vec![
        "Утверждено приказом директора",
        "от 09.01.2026 № 2-од",
    ]];
    docgen::docx(title, paras, &rows, &["Директор И. В. Громова"])
}

const ODT_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// An ODT with `title` in its metadata and one paragraph per line of `paras`.
pub fn odt(title: &str, paras: &[&str]) -> Vec<u8> {
    let body: String = paras
        .iter()
        .map(|p| format!("<text:p>{}</text:p>", xml(p)))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let meta = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2"><office:meta><dc:title>{}</dc:title><meta:creation-date>2026-02-10T10:00:00</meta:creation-date></office:meta></office:document-meta>"#,
        xml(title)
    );
    docgen::stored_zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", ODT_MANIFEST.as_bytes()),
        ("content.xml", content.as_bytes()),
        ("meta.xml", meta.as_bytes()),
    ])
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const XLSX_WB: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const XLSX_WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// An XLSX of one sheet with `rows` of inline strings.
pub fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let body: String = rows
        .iter()
        .enumerate()
        .map(|(r, cells)| {
            let c: String = cells
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let col = (b'A' + i as u8) as char;
                    format!(
                        "<c r=\"{col}{}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                        r + 1,
                        xml(v)
                    )
                })
                .collect();
            format!("<row r=\"{}\">{c}</row>", r + 1)
        })
        .collect();
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>"#
    );
    docgen::stored_zip(&[
        ("[Content_Types].xml", XLSX_TYPES.as_bytes()),
        ("_rels/.rels", XLSX_RELS.as_bytes()),
        ("xl/workbook.xml", XLSX_WB.as_bytes()),
        ("xl/_rels/workbook.xml.rels", XLSX_WB_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The charter's first page.
pub fn charter(org: &str) -> Vec<u8> {
    text_doc("УСТАВ", org, &["(новая редакция)", "1. Общие положения", "1.1. Учреждение является некоммерческой организацией, созданной для предоставления социальных услуг.", "1.2. Учредителем Учреждения является Демонстрационная область."])
}

/// An extract from the licence registry (medical activity).
pub fn licence(org: &str) -> Vec<u8> {
    text_doc(
        "ВЫПИСКА ИЗ РЕЕСТРА ЛИЦЕНЗИЙ",
        org,
        &[
            "по состоянию на 12.02.2026",
            "Вид деятельности: медицинская деятельность",
            "Номер лицензии: Л041-01152-77/00345211",
            "Дата предоставления лицензии: 18.09.2019",
        ],
    )
}

/// The internal rules for service recipients.
pub fn recipient_rules(org: &str) -> Vec<u8> {
    text_doc(
        "ПРАВИЛА ВНУТРЕННЕГО РАСПОРЯДКА ДЛЯ ПОЛУЧАТЕЛЕЙ СОЦИАЛЬНЫХ УСЛУГ",
        org,
        &[
            "1. Правила определяют порядок пребывания получателей социальных услуг в учреждении.",
            "2. Подъём в 7:00, отбой в 22:00.",
            "3. Посещения родственниками ежедневно с 10:00 до 19:00.",
        ],
    )
}

/// The internal labour regulations.
pub fn labor_rules_lines() -> [&'static str; 4] {
    [
        "ПРАВИЛА ВНУТРЕННЕГО ТРУДОВОГО РАСПОРЯДКА",
        "1. Настоящие Правила регулируют порядок приёма и увольнения работников, режим работы и времени отдыха.",
        "2. Для работников устанавливается пятидневная рабочая неделя продолжительностью 40 часов.",
        "3. Работникам предоставляется ежегодный оплачиваемый отпуск продолжительностью 28 календарных дней.",
    ]
}

/// The collective agreement's title page.
pub fn collective(org: &str) -> Vec<u8> {
    text_doc("КОЛЛЕКТИВНЫЙ ДОГОВОР на 2025–2028 годы", org, &["Раздел 1. Общие положения", "Сторонами договора являются работодатель в лице директора и работники в лице председателя первичной профсоюзной организации."])
}

/// Tariffs as a price list.
pub fn tariffs_pdf(org: &str) -> Vec<u8> {
    text_doc(
        "ТАРИФЫ НА СОЦИАЛЬНЫЕ УСЛУГИ",
        org,
        &[
            "утверждены приказом министерства от 20.12.2025 № 611",
            "Покупка и доставка продуктов питания — 92,40 руб.",
            "Уборка жилых помещений — 146,20 руб.",
        ],
    )
}

/// The report on the НОК plan as a DOCX: the ПП 457 form with its progress columns filled.
pub fn plan_report_docx(org: &str, year: u32) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = vec![PP457.iter().map(|s| s.to_string()).collect()];
    for (i, row) in PLAN_ROWS.iter().enumerate() {
        let mut cells = vec![format!("{}", i + 1)];
        cells.extend(row.iter().map(|c| c.to_string()));
        rows.push(cells);
    }
    let title = format!("Отчёт о выполнении плана по устранению недостатков, выявленных в ходе независимой оценки качества, за {year} год");
    docgen::docx(
        "Отчёт о выполнении плана",
        &["ОТЧЁТ", &title, org],
        &rows,
        &["Директор И. В. Громова"],
    )
}
