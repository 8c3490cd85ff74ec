//! Hostile documents: each must come back as `Rejected` or `Broken` (or at worst harmless text)
//! without a panic, a hang, or output past the limits. Every file is built here, in the test.

use std::io::{Cursor, Write};
use std::time::Duration;

use proptest::prelude::*;
use socaudit::documents::{
    extract_text, extract_text_async, DocFormat, DocLimits, DocOutcome, DocumentText,
};

fn limits() -> DocLimits {
    DocLimits::default()
}

/// Checks the caps every result must respect, then returns it.
fn within_limits(doc: DocumentText, limits: &DocLimits) -> DocumentText {
    assert!(
        doc.text.chars().count() <= limits.max_text_chars,
        "text over the cap"
    );
    let cells: usize = doc
        .tables
        .iter()
        .flatten()
        .flatten()
        .map(|c| c.chars().count())
        .sum();
    assert!(cells <= limits.max_text_chars, "tables over the cap");
    doc
}

fn assert_refused(doc: &DocumentText) {
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_) | DocOutcome::Broken(_)),
        "expected Rejected or Broken, got {:?}",
        doc.outcome
    );
}

fn read(bytes: &[u8], extension: &str) -> DocumentText {
    let limits = limits();
    within_limits(extract_text(bytes, Some(extension), None, &limits), &limits)
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("start entry");
        writer.write_all(content).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

fn docx(document_xml: &str) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        ("word/document.xml", document_xml.as_bytes()),
    ])
}

fn raw_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
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
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(trailer.as_bytes());
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} >>\nstream\n").into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

const CATALOG: &[u8] = b"<< /Type /Catalog /Pages 2 0 R >>";
const HELVETICA: &[u8] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

fn text_pdf() -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 700 Td (Plan meropriyatiy po ustraneniyu nedostatkov) Tj ET";
    raw_pdf(&[
        CATALOG.to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
        stream(&format!("/Length {}", content.len()), content),
        HELVETICA.to_vec(),
    ])
}

fn zeros_deflated(len: usize) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..len / chunk.len() {
        encoder.write_all(&chunk).expect("compress");
    }
    encoder.finish().expect("compress")
}

#[test]
fn a_sound_pdf_reads() {
    let doc = read(&text_pdf(), "pdf");
    assert_eq!(doc.outcome, DocOutcome::Text);
    assert_eq!(doc.text, "Plan meropriyatiy po ustraneniyu nedostatkov");
}

#[test]
fn truncated_pdf_is_broken() {
    let pdf = text_pdf();
    for cut in [pdf.len() / 2, pdf.len() - 30, 12] {
        assert_refused(&read(&pdf[..cut], "pdf"));
    }
}

#[test]
fn random_bytes_named_pdf_are_broken() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let doc = read(&bytes, "pdf");
    assert_eq!(doc.format, DocFormat::Pdf);
    assert_refused(&doc);
}

#[test]
fn pdf_reference_cycles_do_not_recurse() {
    // The page is its own parent and kid, has no MediaBox, and draws a form that draws itself;
    // the content stream's /Length refers to the stream itself.
    let form = b"/Fm1 Do BT /F1 12 Tf (Sam sebya risuet) Tj ET";
    let pdf = raw_pdf(&[
        CATALOG.to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /Parent 2 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 3 0 R /Kids [3 0 R] /Resources 6 0 R /Contents 4 0 R >>".to_vec(),
        stream("/Length 4 0 R", b"/Fm1 Do"),
        stream("/Type /XObject /Subtype /Form /Resources 6 0 R", form),
        b"<< /XObject << /Fm1 5 0 R >> /Font << /F1 7 0 R >> >>".to_vec(),
        HELVETICA.to_vec(),
    ]);
    let doc = read(&pdf, "pdf");
    assert!(doc.text.len() < 10_000, "{doc:?}");
}

#[test]
fn pdf_stream_with_a_huge_length_is_survived() {
    let content = b"BT /F1 12 Tf 72 700 Td (Tekst) Tj ET";
    let pdf = raw_pdf(&[
        CATALOG.to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
        stream("/Length 9999999999", content),
        HELVETICA.to_vec(),
    ]);
    let _ = read(&pdf, "pdf");
}

#[test]
fn pdf_object_stream_bomb_is_rejected() {
    let bomb = zeros_deflated(110 * 1024 * 1024);
    let pdf = raw_pdf(&[
        CATALOG.to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        stream(
            &format!(
                "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {}",
                bomb.len()
            ),
            &bomb,
        ),
    ]);
    let doc = read(&pdf, "pdf");
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_)),
        "{:?}",
        doc.outcome
    );
}

#[test]
fn pdf_content_stream_bomb_is_rejected() {
    let bomb = zeros_deflated(110 * 1024 * 1024);
    let pdf = raw_pdf(&[
        CATALOG.to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream(
            &format!("/Filter /FlateDecode /Length {}", bomb.len()),
            &bomb,
        ),
    ]);
    let doc = read(&pdf, "pdf");
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_)),
        "{:?}",
        doc.outcome
    );
}

#[test]
fn zip_bomb_is_rejected_before_inflating() {
    let zeros = vec![0u8; 110 * 1024 * 1024];
    let bomb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        ("word/document.xml", &zeros),
    ]);
    drop(zeros);
    assert!(
        bomb.len() < 1024 * 1024,
        "the bomb should be small: {}",
        bomb.len()
    );
    for extension in ["docx", "zip"] {
        let doc = read(&bomb, extension);
        assert!(
            matches!(doc.outcome, DocOutcome::Rejected(_)),
            "{:?}",
            doc.outcome
        );
    }
    // The same entry with its declared sizes lowered: the guard counts while inflating.
    let lying = lie_about_sizes(bomb);
    assert_refused(&read(&lying, "docx"));
}

/// Sets every declared uncompressed size (local headers and central directory) to 1000.
fn lie_about_sizes(mut zip: Vec<u8>) -> Vec<u8> {
    let mut at = 0;
    while at + 46 < zip.len() {
        let field = match &zip[at..at + 4] {
            b"PK\x03\x04" => Some(at + 22),
            b"PK\x01\x02" => Some(at + 24),
            _ => None,
        };
        if let Some(field) = field {
            zip[field..field + 4].copy_from_slice(&1000u32.to_le_bytes());
        }
        at += 1;
    }
    zip
}

#[test]
fn billion_laughs_is_rejected() {
    let mut entities = String::from("<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let refs = format!(
            "&lol{};",
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            }
        )
        .repeat(10);
        entities.push_str(&format!("<!ENTITY lol{i} \"{refs}\">"));
    }
    let xml = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [{entities}]><w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    );
    let doc = read(&docx(&xml), "docx");
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_)),
        "{:?}",
        doc.outcome
    );
    assert!(doc.text.len() < 1000);
}

#[test]
fn deeply_nested_xml_is_rejected() {
    let depth = 10_000;
    let xml = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}x{}</w:body></w:document>",
        "<w:p>".repeat(depth),
        "</w:p>".repeat(depth)
    );
    let doc = read(&docx(&xml), "docx");
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_)),
        "{:?}",
        doc.outcome
    );
}

#[test]
fn docx_with_fifty_thousand_entries_is_rejected() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer
        .start_file("word/document.xml", options)
        .expect("entry");
    writer
        .write_all(b"<w:document xmlns:w=\"w\"/>")
        .expect("write");
    for i in 0..50_000 {
        writer
            .start_file(format!("word/media/{i}.bin"), options)
            .expect("entry");
    }
    let bytes = writer.finish().expect("zip").into_inner();
    let doc = read(&bytes, "docx");
    assert_eq!(doc.format, DocFormat::Docx);
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_)),
        "{:?}",
        doc.outcome
    );
}

#[test]
fn deeply_nested_rtf_is_rejected() {
    let rtf = format!(
        "{{\\rtf1\\ansi {}text{}}}",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    let doc = read(rtf.as_bytes(), "rtf");
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_)),
        "{:?}",
        doc.outcome
    );
}

#[test]
fn sheet_spanning_the_whole_grid_is_rejected() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "A1").expect("write");
    sheet
        .write_string(1_048_575, 16_383, "XFD1048576")
        .expect("write");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let doc = read(&bytes, "xlsx");
    assert!(
        matches!(doc.outcome, DocOutcome::Rejected(_)),
        "{:?}",
        doc.outcome
    );
}

#[test]
fn oversized_input_is_rejected_unread() {
    let small = DocLimits {
        max_bytes: 100,
        ..DocLimits::default()
    };
    let doc = extract_text(&text_pdf(), Some("pdf"), None, &small);
    assert!(matches!(doc.outcome, DocOutcome::Rejected(_)));
}

#[tokio::test]
async fn async_extraction_reads_and_times_out() {
    let doc = extract_text_async(text_pdf(), Some("pdf".into()), None, limits()).await;
    assert_eq!(doc.outcome, DocOutcome::Text);
    let no_time = DocLimits {
        timeout: Duration::ZERO,
        ..DocLimits::default()
    };
    let doc = extract_text_async(docx("<w:document/>"), Some("docx".into()), None, no_time).await;
    assert_eq!(
        doc.outcome,
        DocOutcome::Rejected("превышено время разбора".to_string())
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        extension in proptest::sample::select(vec!["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "rtf", "zip", "html", "txt", ""]),
        prefix in proptest::sample::select(vec![&b""[..], b"%PDF-1.4\n", b"PK\x03\x04", b"{\\rtf1 ", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
    ) {
        let mut input = prefix.to_vec();
        input.extend_from_slice(&bytes);
        let small = DocLimits { max_text_chars: 500, ..DocLimits::default() };
        let doc = extract_text(&input, Some(extension), None, &small);
        within_limits(doc, &small);
    }

    #[test]
    fn mangled_documents_never_panic(position in 0usize..4096, value in any::<u8>(), cut in 0usize..4096) {
        let mut pdf = text_pdf();
        let at = position % pdf.len();
        pdf[at] = value;
        pdf.truncate(pdf.len() - cut % pdf.len());
        within_limits(extract_text(&pdf, Some("pdf"), None, &limits()), &limits());
        let mut doc = docx("<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>Plan</w:t></w:r></w:p></w:body></w:document>");
        let at = position % doc.len();
        doc[at] = value;
        within_limits(extract_text(&doc, Some("docx"), None, &limits()), &limits());
    }
}
