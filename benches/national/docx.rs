//! The НОК plan of the compliant profiles as a real DOCX (the ПП РФ № 457 form with its progress
//! columns filled), so that those sites can pass; the other profiles link stubs that do not open.

use std::io::{Cursor, Write};
use std::sync::OnceLock;

fn par(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn table_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<w:tc>{}</w:tc>", par(c)))
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}

fn build(title: &str) -> Result<Vec<u8>, zip::result::ZipError> {
    let body = [
        par("ПЛАН"),
        par(&format!("{title}, выявленных в ходе независимой оценки качества условий оказания услуг, на 2026 год")),
        format!(
            "<w:tbl>{}{}</w:tbl>",
            table_row(&[
                "Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг",
                "Наименование мероприятия по устранению недостатков",
                "Плановый срок реализации мероприятия",
                "Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)",
                "Реализованные меры по устранению выявленных недостатков",
                "Фактический срок реализации",
            ]),
            table_row(&[
                "Нет сведений о численности получателей социальных услуг",
                "Разместить на сайте сведения о численности получателей",
                "до 31.03.2026",
                "Петрова Анна Сергеевна, заместитель директора",
                "Сведения размещены в разделе «Сведения о поставщике»",
                "15.03.2026",
            ])
        ),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ] {
        writer.start_file(name, options)?;
        writer.write_all(content)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The plan (`plan`) or the report on it (`otchet`), built once.
pub fn nok(report: bool) -> Vec<u8> {
    static PLAN: OnceLock<Vec<u8>> = OnceLock::new();
    static REPORT: OnceLock<Vec<u8>> = OnceLock::new();
    let (cell, title) = if report {
        (
            &REPORT,
            "Отчёт о выполнении плана по устранению недостатков",
        )
    } else {
        (&PLAN, "по устранению недостатков")
    };
    cell.get_or_init(|| build(title).unwrap_or_default())
        .clone()
}
