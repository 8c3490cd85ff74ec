//! The letter as a minimal WordprocessingML package (`letter.docx`): content types, relations,
//! styles (Times New Roman 14, as official letters are set) and the document, zipped with the
//! zip crate already in the tree. Every run's text is XML-escaped, and characters XML 1.0
//! forbids (control characters a site may carry) are dropped, so Word never refuses the file.

use super::{Block, Letter, Look, Run};
use quick_xml::escape::escape;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#;

const DOCUMENT_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

/// A4 with the margins of Russian office paperwork (ГОСТ Р 7.0.97: left 20 mm, others 10–20 mm).
const DOCUMENT_TAIL: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>"#;

/// The package as bytes.
pub(super) fn render(letter: &Letter) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
        ("word/document.xml", document_xml(letter)),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `word/document.xml`.
pub(super) fn document_xml(letter: &Letter) -> String {
    let mut xml = String::from(DOCUMENT_HEAD);
    for block in &letter.blocks {
        xml.push_str(&block_xml(block));
    }
    xml.push_str(DOCUMENT_TAIL);
    xml
}

fn block_xml(block: &Block) -> String {
    match block {
        Block::Title(text) => paragraph(
            r#"<w:jc w:val="center"/><w:spacing w:before="240" w:after="240"/>"#,
            &[Run::bold(text.as_str())],
        ),
        Block::Heading(text) => paragraph(
            r#"<w:keepNext/><w:spacing w:before="240"/><w:jc w:val="left"/>"#,
            &[Run::bold(text.as_str())],
        ),
        Block::Right(runs) => paragraph(r#"<w:ind w:left="5103"/><w:jc w:val="left"/>"#, runs),
        Block::Paragraph(runs) => paragraph(r#"<w:ind w:firstLine="709"/>"#, runs),
        Block::Item(runs) => paragraph(r#"<w:keepNext/><w:spacing w:before="120"/>"#, runs),
        Block::Separator => paragraph(
            r#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="808080"/></w:pBdr>"#,
            &[],
        ),
    }
}

fn paragraph(properties: &str, runs: &[Run]) -> String {
    let mut xml = format!("<w:p><w:pPr>{properties}</w:pPr>");
    for run in runs {
        xml.push_str(&run_xml(run));
    }
    xml.push_str("</w:p>");
    xml
}

fn run_xml(run: &Run) -> String {
    let props = match run.look {
        Look::Plain => "",
        Look::Bold => "<w:rPr><w:b/></w:rPr>",
        Look::Placeholder => r#"<w:rPr><w:highlight w:val="yellow"/></w:rPr>"#,
    };
    let text = xml_text(&run.text);
    format!(r#"<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// Text safe inside `<w:t>`: characters XML 1.0 does not allow dropped, the rest escaped.
pub(super) fn xml_text(text: &str) -> String {
    let allowed: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| !c.is_control() && c != '\u{FFFE}' && c != '\u{FFFF}')
        .collect();
    escape(allowed.as_str()).into_owned()
}
