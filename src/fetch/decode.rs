//! Decoding response bodies to text: BOM, HTTP charset, `<meta charset>`, then detection.
//!
//! Russian provider sites still serve windows-1251 and KOI8-R, often declared only in a `<meta>`
//! tag, and some send a `charset=utf-8` header over cp1251 bytes. Every declaration is therefore
//! checked against the bytes where that is cheap (UTF-8), and detection is the last resort. A
//! declared UTF-8 page with a few stray bytes (a pasted fragment, a cut multi-byte character) is
//! still UTF-8: only a large share of invalid sequences means the declaration is wrong.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How far into the body `<meta charset>` is looked for.
const META_SCAN_BYTES: usize = 4096;
/// How much of the body the detector reads; more rarely changes its guess and costs time.
const DETECT_BYTES: usize = 256 * 1024;
/// A declared UTF-8 is believed while fewer than this share (in percent) of the non-ASCII
/// characters are invalid sequences. cp1251 or KOI8-R text read as UTF-8 is over 90 % invalid;
/// a UTF-8 page with a few stray bytes is well under 1 %.
const MAX_INVALID_UTF8_PERCENT: usize = 10;

/// Decodes `bytes` to UTF-8 text. Returns the text and the name of the encoding used.
///
/// Order: byte-order mark (it cannot be wrong, so it beats the header, as in the HTML standard),
/// the `charset` of `content_type`, `<meta charset>` / `<meta http-equiv>` in the first 4 KB,
/// then statistical detection. A declared UTF-8 that the bytes clearly do not satisfy (see
/// [`MAX_INVALID_UTF8_PERCENT`]), and a label encoding_rs does not know, fall through to the
/// next step; a few stray bytes become replacement characters. Never panics.
pub fn decode_body(bytes: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, bytes.get(bom_len..).unwrap_or_default());
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .into_iter()
        .chain(meta_charset(bytes));
    for encoding in declared {
        // Most pages are valid UTF-8 and say so: one validation, and no second pass to decode.
        if encoding == UTF_8 {
            if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
                return (text.to_owned(), UTF_8.name());
            }
        }
        if encoding != UTF_8 || mostly_utf8(bytes) {
            return decode_with(encoding, bytes);
        }
    }
    decode_with(detect(bytes), bytes)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> (String, &'static str) {
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding.name())
}

/// True when at most a small share of the non-ASCII characters in the first
/// [`DETECT_BYTES`] are invalid UTF-8 sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let sample = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = sample;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += count_non_ascii(s.as_bytes());
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid += count_non_ascii(good);
                match e.error_len() {
                    Some(len) => {
                        invalid += 1;
                        rest = &bad[len..];
                    }
                    // A multi-byte character cut by the sample's end (or the body's) is not an error.
                    None => break,
                }
            }
        }
    }
    invalid * 100 <= (valid + invalid) * MAX_INVALID_UTF8_PERCENT && (invalid == 0 || valid > 0)
}

/// Characters beyond ASCII in valid UTF-8: their lead bytes.
fn count_non_ascii(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

/// The `charset` parameter of a Content-Type value, unquoted.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The encoding named by the first `<meta>` tag with a known `charset=` in the head of the body.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes
        .get(..META_SCAN_BYTES)
        .unwrap_or(bytes)
        .to_ascii_lowercase();
    let mut rest = head.as_slice();
    while let Some(start) = find(rest, b"<meta") {
        let tag = &rest[start..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        if let Some(encoding) = charset_in_tag(&tag[..end]) {
            return Some(utf16_means_utf8(encoding));
        }
        rest = &tag[end..];
    }
    None
}

/// The label after `charset=` inside one tag, if encoding_rs knows it.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")? + b"charset".len();
    let value = tag[at..].trim_ascii_start().strip_prefix(b"=")?;
    let value = value.trim_ascii_start();
    let value = value
        .strip_prefix(b"\"")
        .or_else(|| value.strip_prefix(b"'"))
        .unwrap_or(value);
    let len = value
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
        .unwrap_or(value.len());
    Encoding::for_label(&value[..len])
}

/// A `<meta>` claiming UTF-16 was read as ASCII, so it cannot be true (HTML standard rule).
fn utf16_means_utf8(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else {
        encoding
    }
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let sample = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, true)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{KOI8_R, WINDOWS_1251};
    use proptest::prelude::*;

    const PARAGRAPH: &str = "Государственное бюджетное учреждение социального обслуживания \
        \"Комплексный центр социального обслуживания населения\" предоставляет социальные услуги \
        гражданам пожилого возраста и инвалидам в форме социального обслуживания на дому. \
        Информация о порядке и условиях предоставления социальных услуг, о тарифах на социальные \
        услуги, о численности получателей социальных услуг и об объёме предоставляемых услуг \
        размещена в разделе \"Сведения об образовательной организации\". Телефон для справок.";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn cp1251_via_header() {
        let bytes = encode(WINDOWS_1251, "<p>Привет, мир</p>");
        let (text, name) = decode_body(&bytes, Some("text/html; charset=windows-1251"));
        assert_eq!(text, "<p>Привет, мир</p>");
        assert_eq!(name, "windows-1251");
    }

    #[test]
    fn header_charset_is_case_insensitive_and_may_be_quoted() {
        let bytes = encode(WINDOWS_1251, "Устав");
        let (text, name) = decode_body(&bytes, Some("text/html; Charset=\"CP1251\""));
        assert_eq!((text.as_str(), name), ("Устав", "windows-1251"));
    }

    #[test]
    fn cp1251_via_meta_only() {
        let html = "<html><head><META http-equiv=\"Content-Type\" \
                    content=\"text/html; charset=Windows-1251\"></head><body>Да</body></html>";
        let (text, name) = decode_body(&encode(WINDOWS_1251, html), Some("text/html"));
        assert_eq!(text, html);
        assert_eq!(name, "windows-1251");
    }

    #[test]
    fn meta_charset_attribute() {
        let html = "<meta charset='koi8-r'><p>Отзывы</p>";
        let (text, name) = decode_body(&encode(KOI8_R, html), None);
        assert_eq!((text.as_str(), name), (html, "KOI8-R"));
    }

    #[test]
    fn cp1251_detected_without_hints() {
        let html = format!("<html><body><p>{PARAGRAPH}</p></body></html>");
        let (text, name) = decode_body(&encode(WINDOWS_1251, &html), None);
        assert_eq!(text, html);
        assert_eq!(name, "windows-1251");
    }

    #[test]
    fn koi8r_via_header() {
        let bytes = encode(KOI8_R, PARAGRAPH);
        let (text, name) = decode_body(&bytes, Some("text/html;charset=koi8-r"));
        assert_eq!((text.as_str(), name), (PARAGRAPH, "KOI8-R"));
    }

    #[test]
    fn koi8r_detected_without_hints() {
        let (text, name) = decode_body(&encode(KOI8_R, PARAGRAPH), None);
        assert_eq!(text, PARAGRAPH);
        // KOI8-U is a superset that decodes Russian text identically.
        assert!(name == "KOI8-R" || name == "KOI8-U", "{name}");
    }

    #[test]
    fn utf8_bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("Главная".as_bytes());
        let (text, name) = decode_body(&bytes, Some("text/html; charset=windows-1251"));
        assert_eq!((text.as_str(), name), ("Главная", "UTF-8"));
    }

    #[test]
    fn utf16_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Да".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode_body(&bytes, None), ("Да".to_string(), "UTF-16LE"));
    }

    #[test]
    fn plain_utf8_without_hints() {
        let (text, name) = decode_body(PARAGRAPH.as_bytes(), None);
        assert_eq!((text.as_str(), name), (PARAGRAPH, "UTF-8"));
    }

    #[test]
    fn wrong_utf8_header_falls_back_to_meta() {
        let html = "<meta charset=\"windows-1251\"><p>Версия для слабовидящих</p>";
        let (text, name) = decode_body(
            &encode(WINDOWS_1251, html),
            Some("text/html; charset=UTF-8"),
        );
        assert_eq!((text.as_str(), name), (html, "windows-1251"));
    }

    #[test]
    fn wrong_utf8_header_falls_back_to_detection() {
        let bytes = encode(WINDOWS_1251, PARAGRAPH);
        let (text, name) = decode_body(&bytes, Some("text/html; charset=utf-8"));
        assert_eq!((text.as_str(), name), (PARAGRAPH, "windows-1251"));
    }

    #[test]
    fn declared_utf8_with_stray_bytes_stays_utf8() {
        // Two stray bytes between characters, as a pasted fragment leaves them.
        let html = format!("<p>{PARAGRAPH}</p>");
        let at = |n: usize| html.char_indices().nth(n).map_or(html.len(), |(i, _)| i);
        let (a, b) = (at(20), at(200));
        let bytes = [
            &html.as_bytes()[..a],
            b"\xFF",
            &html.as_bytes()[a..b],
            b"\xC0",
            &html.as_bytes()[b..],
        ]
        .concat();
        for (header, html) in [
            (Some("text/html; charset=utf-8"), bytes.clone()),
            (
                None,
                [b"<meta charset=\"utf-8\">".as_slice(), &bytes].concat(),
            ),
        ] {
            let (text, name) = decode_body(&html, header);
            assert_eq!(name, "UTF-8");
            assert_eq!(text.matches('\u{FFFD}').count(), 2);
            assert!(text.contains("Комплексный центр социального обслуживания"));
        }
    }

    #[test]
    fn declared_utf8_over_koi8r_is_detected() {
        let bytes = encode(KOI8_R, &format!("<p>{PARAGRAPH}</p>"));
        let (text, name) = decode_body(&bytes, Some("text/html; charset=utf-8"));
        assert!(name == "KOI8-R" || name == "KOI8-U", "{name}");
        assert!(text.contains(PARAGRAPH));
    }

    #[test]
    fn unknown_header_label_falls_through() {
        let html = "<meta charset=windows-1251><p>Контакты</p>";
        let bytes = encode(WINDOWS_1251, html);
        let (text, name) = decode_body(&bytes, Some("text/html; charset=x-no-such-thing"));
        assert_eq!((text.as_str(), name), (html, "windows-1251"));
        let (text, name) = decode_body(PARAGRAPH.as_bytes(), Some("text/html; charset="));
        assert_eq!((text.as_str(), name), (PARAGRAPH, "UTF-8"));
    }

    #[test]
    fn meta_claiming_utf16_means_utf8() {
        let html = "<meta charset=utf-16><p>Документы</p>";
        assert_eq!(
            decode_body(html.as_bytes(), None),
            (html.to_string(), "UTF-8")
        );
    }

    #[test]
    fn meta_beyond_scan_window_is_ignored() {
        let html = format!("{}<meta charset=koi8-r>", " ".repeat(META_SCAN_BYTES));
        assert_eq!(decode_body(html.as_bytes(), None).1, "UTF-8");
    }

    #[test]
    fn empty_body() {
        assert_eq!(decode_body(b"", None), (String::new(), "UTF-8"));
        assert_eq!(
            decode_body(b"", Some("text/html; charset=utf-8")).1,
            "UTF-8"
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..2048),
            header in proptest::option::of("[ -~]{0,40}"),
        ) {
            let (text, name) = decode_body(&bytes, header.as_deref());
            prop_assert!(!name.is_empty());
            prop_assert!(text.len() <= bytes.len() * 3 + 3);
        }

        #[test]
        fn meta_prefixed_bytes_never_panic(
            tail in proptest::collection::vec(any::<u8>(), 0..512),
            label in "[a-z0-9=\"' -]{0,20}",
        ) {
            let mut bytes = format!("<meta charset{label}").into_bytes();
            bytes.extend(tail);
            let _ = decode_body(&bytes, Some("text/html; charset"));
        }
    }
}
