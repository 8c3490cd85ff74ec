//! Documents built in the tests (zip + hand-written XML, rust_xlsxwriter, hand-written PDF and
//! RTF, a compound file with a Word piece table), read back through `extract_text`.

use std::io::{Cursor, Write};

use super::*;

pub(crate) const PLAN_COLUMNS: [&str; 5] = [
    "Недостатки, выявленные в ходе НОК",
    "Наименование мероприятия",
    "Плановый срок",
    "Ответственный исполнитель",
    "Сведения о ходе реализации",
];

fn limits() -> DocLimits {
    DocLimits::default()
}

/// A zip of `(name, content)` entries, deflated (the first one stored when `store_first`).
fn zip_of(entries: &[(&str, &[u8])], store_first: bool) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (i, (name, content)) in entries.iter().enumerate() {
        let method = if store_first && i == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).expect("start entry");
        writer.write_all(content).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

fn w_par(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn w_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<w:tc><w:tcPr/>{}</w:tc>", w_par(c)))
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}

/// A docx whose body is `body` (WordprocessingML inside `<w:body>`).
pub(crate) fn docx_with_body(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>План по устранению недостатков</dc:title>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-02-01T09:00:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-05T12:30:00Z</dcterms:modified>
</cp:coreProperties>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    zip_of(
        &[
            ("[Content_Types].xml", types.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ],
        false,
    )
}

fn plan_docx() -> Vec<u8> {
    let body = [
        w_par("ПЛАН по устранению недостатков,   выявленных в ходе независимой оценки"),
        w_par("на 2024 год"),
        format!(
            "<w:tbl>{}{}</w:tbl>",
            w_row(&PLAN_COLUMNS),
            w_row(&[
                "Отсутствует информация о порядке подачи жалобы",
                "Разместить информацию на сайте",
                "до 01.06.2024",
                "Иванова И.И., заместитель директора",
                "Выполнено",
            ])
        ),
        w_par("Директор <w:tab/>Петров П.П."),
    ]
    .concat();
    docx_with_body(&body)
}

#[test]
fn docx_paragraphs_table_and_metadata() {
    let doc = extract_text(&plan_docx(), Some("docx"), None, &limits());
    assert_eq!(doc.outcome, DocOutcome::Text);
    assert_eq!(doc.format, DocFormat::Docx);
    let lines: Vec<&str> = doc.text.lines().collect();
    assert_eq!(
        lines[0],
        "ПЛАН по устранению недостатков, выявленных в ходе независимой оценки"
    );
    assert_eq!(lines[1], "на 2024 год");
    assert_eq!(lines[2], PLAN_COLUMNS.join(" | "));
    assert!(lines[3].starts_with("Отсутствует информация о порядке подачи жалобы | Разместить"));
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(doc.tables[0][0], PLAN_COLUMNS.map(String::from).to_vec());
    assert_eq!(doc.tables[0][1][2], "до 01.06.2024");
    assert_eq!(doc.title.as_deref(), Some("План по устранению недостатков"));
    assert_eq!(doc.created.as_deref(), Some("2024-02-01T09:00:00Z"));
    assert_eq!(doc.modified.as_deref(), Some("2024-03-05T12:30:00Z"));
}

#[test]
fn sniffing_ignores_a_lying_extension() {
    let docx = plan_docx();
    assert_eq!(
        sniff(&docx, Some("doc"), Some("application/msword")),
        DocFormat::Docx
    );
    assert_eq!(sniff(b"%PDF-1.4\n", Some("docx"), None), DocFormat::Pdf);
    assert_eq!(sniff(b"{\\rtf1\\ansi}", Some("doc"), None), DocFormat::Rtf);
    assert_eq!(
        sniff(b"<!DOCTYPE html><p>x", Some("pdf"), None),
        DocFormat::Html
    );
    assert_eq!(
        sniff(&[0u8, 159, 146, 150, 1, 2], Some("pdf"), None),
        DocFormat::Unknown
    );
    let doc = extract_text(&docx, Some("doc"), None, &limits());
    assert_eq!(doc.format, DocFormat::Docx);
    assert_eq!(doc.outcome, DocOutcome::Text);
}

#[test]
fn xlsx_sheets_become_tables() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("План").expect("sheet name");
    for (col, title) in PLAN_COLUMNS.iter().enumerate() {
        sheet.write_string(0, col as u16, *title).expect("write");
    }
    sheet.write_string(1, 0, "Нет пандуса").expect("write");
    sheet
        .write_string(1, 1, "Установить пандус")
        .expect("write");
    sheet.write_number(1, 2, 2024.0).expect("write");
    let second = workbook.add_worksheet();
    second
        .write_string(0, 0, "Отчёт о выполнении")
        .expect("write");
    let bytes = workbook.save_to_buffer().expect("xlsx");

    let doc = extract_text(&bytes, Some("xlsx"), None, &limits());
    assert_eq!(doc.outcome, DocOutcome::Text, "{doc:?}");
    assert_eq!(doc.format, DocFormat::Xlsx);
    assert_eq!(doc.pages, Some(2));
    assert_eq!(doc.tables.len(), 2);
    assert_eq!(doc.tables[0][0], PLAN_COLUMNS.map(String::from).to_vec());
    assert_eq!(
        doc.tables[0][1][..3],
        ["Нет пандуса", "Установить пандус", "2024"]
    );
    assert!(doc.text.contains("Нет пандуса | Установить пандус | 2024"));
    assert!(doc.text.contains("Отчёт о выполнении"));
}

fn odt(content_body: &str, manifest: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{content_body}</office:text></office:body></office:document-content>"#
    );
    let meta = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Отчёт</dc:title><meta:creation-date>2023-12-01T10:00:00</meta:creation-date><dc:date>2024-01-10T08:15:00</dc:date></office:meta></office:document-meta>"#;
    zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.text".as_slice(),
            ),
            ("content.xml", content.as_bytes()),
            ("meta.xml", meta.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ],
        true,
    )
}

const PLAIN_MANIFEST: &str =
    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#;

#[test]
fn odt_paragraphs_tables_and_metadata() {
    let body = r#"<text:h>Отчёт о выполнении плана</text:h><text:p>Раздел<text:s text:c="3"/>первый<text:tab/>итог</text:p>
<table:table><table:table-row><table:table-cell><text:p>Мероприятие</text:p></table:table-cell><table:table-cell><text:p>Срок</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Обновить сайт</text:p></table:table-cell><table:table-cell><text:p>2024</text:p></table:table-cell></table:table-row></table:table>
<text:p>Конец<office:annotation><text:p>комментарий</text:p></office:annotation></text:p>"#;
    let doc = extract_text(&odt(body, PLAIN_MANIFEST), None, None, &limits());
    assert_eq!(doc.format, DocFormat::Odt);
    assert_eq!(doc.outcome, DocOutcome::Text, "{doc:?}");
    assert_eq!(
        doc.text,
        "Отчёт о выполнении плана\nРаздел первый итог\nМероприятие | Срок\nОбновить сайт | 2024\nКонец"
    );
    assert_eq!(
        doc.tables,
        vec![vec![
            vec!["Мероприятие".to_string(), "Срок".to_string()],
            vec!["Обновить сайт".to_string(), "2024".to_string()]
        ]]
    );
    assert_eq!(doc.title.as_deref(), Some("Отчёт"));
    assert_eq!(doc.created.as_deref(), Some("2023-12-01T10:00:00"));
    assert_eq!(doc.modified.as_deref(), Some("2024-01-10T08:15:00"));
}

#[test]
fn encrypted_odt_is_reported() {
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#;
    let doc = extract_text(
        &odt("<text:p>x</text:p>", manifest),
        Some("odt"),
        None,
        &limits(),
    );
    assert_eq!(doc.outcome, DocOutcome::Encrypted);
}

#[test]
fn rtf_in_cp1251_with_hex_and_unicode_escapes() {
    // «План мероприятий» in cp1251 \'xx escapes, then «НОК» as \uN with '?' fallbacks.
    let plan: String = encoding_rs::WINDOWS_1251
        .encode("План мероприятий")
        .0
        .iter()
        .map(|b| {
            if b.is_ascii() {
                (*b as char).to_string()
            } else {
                format!("\\'{b:02x}")
            }
        })
        .collect();
    let rtf = format!(
        "{{\\rtf1\\ansi\\ansicpg1251\\deff0{{\\fonttbl{{\\f0\\fcharset204 Times New Roman;}}}}{{\\colortbl;\\red0\\green0\\blue0;}}\
{{\\info{{\\title \\'cf\\'eb\\'e0\\'ed}}}}{{\\*\\generator Writer;}}\
\\pard\\plain\\f0 {plan}\\par\n\\uc1\\u1053?\\u1054?\\u1050? 2024\\par {{\\pict\\pngblip 89504e47}}Конец\\par}}"
    );
    let rtf = rtf.replace("Конец", "\\'ca\\'ee\\'ed\\'e5\\'f6");
    let doc = extract_text(rtf.as_bytes(), Some("rtf"), None, &limits());
    assert_eq!(doc.outcome, DocOutcome::Text);
    assert_eq!(doc.text, "План мероприятий\nНОК 2024\nКонец");
    assert_eq!(doc.title.as_deref(), Some("План"));
}

/// A PDF from object bodies (object `i + 1` is `objects[i]`), with a correct xref table.
pub(crate) fn raw_pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
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

pub(crate) fn stream_object(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// Two-byte codes for the distinct characters of `lines` and the ToUnicode CMap mapping them.
fn identity_codes(lines: &[&str]) -> (Vec<char>, String) {
    let mut chars: Vec<char> = lines.iter().flat_map(|l| l.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let entries: String = chars
        .iter()
        .enumerate()
        .map(|(i, c)| format!("<{:04X}> <{:04X}>\n", i + 1, *c as u32))
        .collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{} beginbfchar\n{entries}endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend",
        chars.len()
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

/// A one-page PDF in Cyrillic: a Type0 Identity-H font with a ToUnicode CMap (as Word writes
/// them) and a simple WinAnsi-declared font whose ToUnicode maps cp1251 codes to Cyrillic.
pub(crate) fn cyrillic_pdf() -> Vec<u8> {
    let lines = [
        "Отчёт о результатах самообследования",
        "Плановый срок: 2024 год",
    ];
    let (chars, cmap) = identity_codes(&lines);
    let simple_text: String = encoding_rs::WINDOWS_1251
        .encode("Ответственный исполнитель")
        .0
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let words: Vec<&str> = lines[1].splitn(2, ' ').collect();
    let content = format!(
        "BT /F1 16 Tf 72 760 Td <{}> Tj ET\nBT /F1 12 Tf 1 0 0 1 72 730 Tm [<{}> -400 <{}>] TJ ET\nBT /F2 12 Tf 72 700 Td <{simple_text}> Tj ET",
        hex_codes(lines[0], &chars),
        hex_codes(words[0], &chars),
        hex_codes(words[1], &chars),
    );
    let simple_cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n2 beginbfrange\n<C0> <FF> <0410>\n<20> <7E> <0020>\nendbfrange\nendcmap\nend\nend";
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> /Contents 4 0 R >>".to_vec(),
        stream_object("", content.as_bytes()),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 >>".to_vec(),
        stream_object("", cmap.as_bytes()),
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding /ToUnicode 9 0 R >>".to_vec(),
        stream_object("", simple_cmap.as_bytes()),
        // Title «План» as UTF-16BE with a BOM.
        b"<< /Title <FEFF041F043B0430043D> /CreationDate (D:20240315103000+03'00') /ModDate (D:20240401) >>".to_vec(),
    ];
    raw_pdf(&objects, "/Root 1 0 R /Info 10 0 R")
}

#[test]
fn pdf_cyrillic_through_tounicode_cmaps() {
    let doc = extract_text(&cyrillic_pdf(), Some("pdf"), None, &limits());
    assert_eq!(doc.outcome, DocOutcome::Text, "{doc:?}");
    assert_eq!(doc.pages, Some(1));
    assert_eq!(
        doc.text,
        "Отчёт о результатах самообследования\nПлановый срок: 2024 год\nОтветственный исполнитель"
    );
    assert_eq!(doc.title.as_deref(), Some("План"));
    assert_eq!(doc.created.as_deref(), Some("2024-03-15T10:30:00+03:00"));
    assert_eq!(doc.modified.as_deref(), Some("2024-04-01"));
}

#[test]
fn pdf_of_images_only_is_a_scan() {
    let image: Vec<u8> = vec![0x80; 16 * 16];
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
        stream_object("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        stream_object("/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8", &image),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
    ];
    let doc = extract_text(
        &raw_pdf(&objects, "/Root 1 0 R"),
        Some("pdf"),
        None,
        &limits(),
    );
    assert_eq!(doc.outcome, DocOutcome::Scan);
    assert_eq!(doc.pages, Some(2));
    assert!(doc.text.is_empty());
}

#[test]
fn pdf_text_inside_a_form_xobject_is_read() {
    let form = "BT /F1 12 Tf 72 700 Td (Svedeniya o hode realizatsii plana) Tj ET";
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>".to_vec(),
        stream_object("", b"q /Fm1 Do Q"),
        stream_object("/Type /XObject /Subtype /Form /BBox [0 0 595 842]", form.as_bytes()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let doc = extract_text(
        &raw_pdf(&objects, "/Root 1 0 R"),
        Some("pdf"),
        None,
        &limits(),
    );
    assert_eq!(doc.outcome, DocOutcome::Text, "{doc:?}");
    assert_eq!(doc.text, "Svedeniya o hode realizatsii plana");
}

/// A Word 97 file: a FIB pointing at a piece table with one UTF-16 piece.
fn word97(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let text_at = 0x800usize;
    let mut word = vec![0u8; text_at];
    word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    word[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
    word[0x0A..0x0C].copy_from_slice(&0x0200u16.to_le_bytes());
    let put_u16 =
        |w: &mut Vec<u8>, at: usize, v: u16| w[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put_u32 =
        |w: &mut Vec<u8>, at: usize, v: u32| w[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put_u16(&mut word, 32, 14);
    let rg_lw = 32 + 2 + 28;
    put_u16(&mut word, rg_lw, 22);
    put_u32(&mut word, rg_lw + 2 + 12, units.len() as u32);
    let rg_fc_lcb = rg_lw + 2 + 88;
    put_u16(&mut word, rg_fc_lcb, 93);
    let mut clx = vec![0x02u8];
    let plc_len = 4 * 2 + 8;
    clx.extend_from_slice(&(plc_len as u32).to_le_bytes());
    clx.extend_from_slice(&0u32.to_le_bytes());
    clx.extend_from_slice(&(units.len() as u32).to_le_bytes());
    clx.extend_from_slice(&[0, 0]);
    clx.extend_from_slice(&(text_at as u32).to_le_bytes());
    clx.extend_from_slice(&[0, 0]);
    put_u32(&mut word, rg_fc_lcb + 2 + 33 * 8, 0);
    put_u32(&mut word, rg_fc_lcb + 2 + 33 * 8 + 4, clx.len() as u32);
    for unit in &units {
        word.extend_from_slice(&unit.to_le_bytes());
    }
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    file.create_stream("/WordDocument")
        .expect("stream")
        .write_all(&word)
        .expect("write");
    file.create_stream("/1Table")
        .expect("stream")
        .write_all(&clx)
        .expect("write");
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

#[test]
fn doc_text_through_the_piece_table() {
    let text = "План мероприятий\r\u{13} HYPERLINK \"http://x\" \u{14}сайт\u{15} учреждения\rЯчейка\u{07}Срок\u{07}\u{07}";
    let doc = extract_text(&word97(text), Some("doc"), None, &limits());
    assert_eq!(doc.format, DocFormat::Doc);
    assert_eq!(doc.outcome, DocOutcome::Text, "{doc:?}");
    assert_eq!(
        doc.text,
        "План мероприятий\nсайт учреждения\nЯчейка | Срок | |"
    );
}

#[test]
fn doc_with_garbage_text_is_unsupported() {
    let garbage: String = (0..200)
        .map(|i| char::from_u32(0xE000 + i).unwrap_or('x'))
        .collect();
    let doc = extract_text(&word97(&garbage), Some("doc"), None, &limits());
    assert_eq!(
        doc.outcome,
        DocOutcome::Unsupported("формат DOC не прочитан".to_string())
    );
}

#[test]
fn encrypted_ooxml_inside_ole_is_encrypted() {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    file.create_stream("/EncryptionInfo")
        .expect("stream")
        .write_all(&[4, 0, 4, 0])
        .expect("write");
    file.create_stream("/EncryptedPackage")
        .expect("stream")
        .write_all(&[0; 64])
        .expect("write");
    file.flush().expect("flush");
    let bytes = file.into_inner().into_inner();
    let doc = extract_text(&bytes, Some("docx"), None, &limits());
    assert_eq!(doc.outcome, DocOutcome::Encrypted);
}

#[test]
fn zip_archive_lists_and_reads_documents_inside() {
    let docx = plan_docx();
    let bytes = zip_of(
        &[
            ("plan.docx", docx.as_slice()),
            ("readme.txt", "Приложение к приказу".as_bytes()),
            (
                "inner.zip",
                zip_of(&[("a.txt", b"hidden")], false).as_slice(),
            ),
        ],
        false,
    );
    let doc = extract_text(&bytes, Some("zip"), None, &limits());
    assert_eq!(doc.format, DocFormat::Zip);
    assert_eq!(doc.outcome, DocOutcome::Text);
    assert!(doc
        .text
        .starts_with("Архив: plan.docx; readme.txt; inner.zip\n== plan.docx ==\nПЛАН"));
    assert!(doc.text.contains("== readme.txt ==\nПриложение к приказу"));
    assert!(!doc.text.contains("hidden"));
    assert_eq!(doc.tables.len(), 1);
}

#[test]
fn html_and_text_documents() {
    let html = "<html><head><title>Документы</title></head><body><p>Отчёт о   деятельности</p><script>x()</script></body></html>";
    let doc = extract_text(
        html.as_bytes(),
        Some("htm"),
        Some("text/html; charset=utf-8"),
        &limits(),
    );
    assert_eq!(doc.format, DocFormat::Html);
    assert!(doc.text.contains("Отчёт о деятельности"));
    assert!(!doc.text.contains("x()"));
    assert_eq!(doc.title.as_deref(), Some("Документы"));

    let cp1251 = encoding_rs::WINDOWS_1251
        .encode("Список документов\r\nУстав")
        .0
        .into_owned();
    let doc = extract_text(
        &cp1251,
        Some("txt"),
        Some("text/plain; charset=windows-1251"),
        &limits(),
    );
    assert_eq!(doc.format, DocFormat::Text);
    assert_eq!(doc.text, "Список документов\nУстав");
}

#[test]
fn text_is_cut_at_the_limit() {
    let body: String = (0..200)
        .map(|i| w_par(&format!("Абзац номер {i} с текстом")))
        .collect();
    let small = DocLimits {
        max_text_chars: 100,
        ..DocLimits::default()
    };
    let doc = extract_text(&docx_with_body(&body), Some("docx"), None, &small);
    assert_eq!(doc.outcome, DocOutcome::Text);
    assert_eq!(doc.text.chars().count(), 100);
}

#[test]
fn outcome_serialises_with_a_snake_case_tag() {
    let json = serde_json::to_value(DocOutcome::Rejected("x".into())).expect("json");
    assert_eq!(
        json,
        serde_json::json!({"outcome": "rejected", "reason": "x"})
    );
    let json = serde_json::to_value(DocOutcome::Scan).expect("json");
    assert_eq!(json, serde_json::json!({"outcome": "scan"}));
    assert_eq!(serde_json::to_value(DocFormat::Docx).expect("json"), "docx");
}
