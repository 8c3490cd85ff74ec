//! Plain lists: one site per line, `#` comments, blank lines ignored; the row is the line number.

use super::columns::ColumnMap;
use super::table::{assemble, GridRow};
use super::SiteList;

/// Parses a text list; every non-comment line is one row (a site or a problem).
pub(crate) fn parse_lines(text: &str, source: &str) -> SiteList {
    let rows: Vec<GridRow> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let value = strip_comment(line.trim_start_matches('\u{feff}')).trim();
            (!value.is_empty()).then(|| GridRow {
                number: i + 1,
                cells: vec![value.to_string()],
            })
        })
        .collect();
    let map = ColumnMap {
        url: 0,
        by_content: true,
        ..ColumnMap::default()
    };
    assemble(source, Vec::new(), &map, &rows)
}

/// `# comment` lines and ` # trailing notes`; a `#` inside an address (`/page#part`) stays.
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(i) => &line[..i],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_line_numbers() {
        let list = parse_lines(
            "# список\n\nkcson.ru\nhttp://x.ru/a#b  # центр\nнет\n  # ещё\nhttps://www.kcson.ru/\n",
            "list.txt",
        );
        assert_eq!(list.rows, 4);
        let rows: Vec<usize> = list.sites.iter().map(|s| s.row).collect();
        assert_eq!(rows, vec![3, 4]);
        assert_eq!(list.sites[1].url.as_str(), "http://x.ru/a");
        let problems: Vec<(usize, &str)> = list
            .problems
            .iter()
            .map(|p| (p.row, p.problem.as_str()))
            .collect();
        assert_eq!(
            problems,
            vec![(5, "сайт не указан"), (7, "повтор строки 3 (тот же сайт)")]
        );
    }
}
