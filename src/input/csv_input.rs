//! CSV lists: encoding (UTF-8 with or without BOM, UTF-16 from Excel's «Юникод», windows-1251
//! from older Excel), delimiter sniffing (`;` from Russian Excel, `,`, tab) and row numbering as
//! a spreadsheet shows it.

use super::table::GridRow;
use encoding_rs::{Encoding, IBM866, KOI8_R, KOI8_U, WINDOWS_1251};

/// Decodes bytes of a text list: a BOM wins; valid UTF-8 is UTF-8; otherwise windows-1251, unless
/// the text decoded that way looks like KOI8-R or cp866 and chardetng agrees.
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let (cp1251, _, _) = WINDOWS_1251.decode(bytes);
    if !case_looks_inverted(&cp1251) {
        return cp1251.into_owned();
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"ru"), false);
    let chosen = if [KOI8_R, KOI8_U, IBM866].contains(&guess) {
        guess
    } else {
        WINDOWS_1251
    };
    chosen.decode_without_bom_handling(bytes).0.into_owned()
}

/// Russian text has far more lowercase than uppercase letters; KOI8-R read as cp1251 swaps case.
fn case_looks_inverted(text: &str) -> bool {
    let (mut lower, mut upper) = (0usize, 0usize);
    for c in text
        .chars()
        .filter(|c| ('\u{0400}'..='\u{04ff}').contains(c))
    {
        if c.is_lowercase() {
            lower += 1;
        } else {
            upper += 1;
        }
    }
    upper > lower * 2 && upper > 10
}

/// The delimiter of a CSV text: the most frequent of `;`, tab and `,` outside quotes in the first
/// non-empty line (`;` wins ties: it is what Russian Excel writes); the first lines together
/// decide when the header line has none.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("");
    let counts = count_outside_quotes(first);
    if counts.iter().any(|&n| n > 0) {
        return pick(counts);
    }
    let mut total = [0usize; 3];
    for line in lines.take(20) {
        for (t, n) in total.iter_mut().zip(count_outside_quotes(line)) {
            *t += n;
        }
    }
    pick(total)
}

const CANDIDATES: [u8; 3] = [b';', b'\t', b','];

fn pick(counts: [usize; 3]) -> u8 {
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

fn count_outside_quotes(line: &str) -> [usize; 3] {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    counts
}

/// Reads a decoded CSV text into non-empty rows. Row numbers count records as a spreadsheet shows
/// them: a quoted cell spanning lines is one row, a blank line is a (skipped) row.
pub(crate) fn read_grid(text: &str, delimiter: u8) -> Vec<GridRow> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut number = 0usize;
    let mut record = csv::StringRecord::new();
    // The text is valid UTF-8, so the reader can only stop at the end; a malformed record ends
    // the file rather than panicking.
    while let Ok(true) = reader.read_record(&mut record) {
        // The reader folds blank lines into the start of the next record; a spreadsheet shows
        // each of them as an empty row.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let mut rest = text.get(start..).unwrap_or("");
        // The reader may stop between the `\r` and `\n` of the previous record's terminator.
        if text
            .get(..start)
            .is_some_and(|before| before.ends_with('\r'))
        {
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        number += 1 + blank_lines_at(rest);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        let row = GridRow { number, cells };
        if row.has_data() {
            rows.push(row);
        }
    }
    rows
}

fn blank_lines_at(text: &str) -> usize {
    let mut count = 0;
    let mut rest = text;
    loop {
        if let Some(r) = rest.strip_prefix("\r\n") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix('\n').or_else(|| rest.strip_prefix('\r')) {
            rest = r;
        } else {
            return count;
        }
        count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode_text("\u{feff}Сайт".as_bytes()), "Сайт");
        let (cp, _, _) = WINDOWS_1251.encode("Наименование;Сайт\nЦентр;цсо.рф\n");
        assert_eq!(decode_text(&cp), "Наименование;Сайт\nЦентр;цсо.рф\n");
        let mut utf16 = vec![0xff, 0xfe];
        for u in "Сайт\tИмя".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&utf16), "Сайт\tИмя");
        let (koi, _, _) =
            KOI8_R.encode("Наименование учреждения социального обслуживания населения;сайт\n");
        assert!(decode_text(&koi).starts_with("Наименование учреждения"));
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("Имя;Сайт\n"), b';');
        assert_eq!(sniff_delimiter("\n\nИмя,Сайт,\"a;b;c\"\n"), b',');
        assert_eq!(sniff_delimiter("Имя\tСайт\n"), b'\t');
        assert_eq!(sniff_delimiter("Сайт\na.ru,b.ru\n"), b',');
        assert_eq!(sniff_delimiter(""), b';');
    }

    #[test]
    fn rows_numbered_like_a_spreadsheet() {
        let grid = read_grid("h1;h2\n\"a\nb\";x.ru\n\n;\nc;y.ru\n", b';');
        let crlf = read_grid("\r\nh1;h2\r\n\r\n\r\nc;y.ru\r\n", b';');
        assert_eq!(
            crlf.iter().map(|r| r.number).collect::<Vec<_>>(),
            vec![2, 5]
        );
        let numbers: Vec<usize> = grid.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 5]);
        assert_eq!(grid[1].cells, vec!["a\nb", "x.ru"]);
    }
}
