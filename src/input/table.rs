//! From a grid of cells (CSV, one sheet of a workbook, lines of text) to a [`SiteList`]: pick the
//! header row, map the columns, parse each URL cell, collapse duplicates.

use super::columns::{map_by_headers, url_column_by_content, with_other_columns, ColumnMap};
use super::url_cell::{looks_like_site, parse_url_cell, site_key};
use super::{InputProblem, SiteEntry, SiteList};
use std::collections::HashMap;

/// Key of the extra field that holds the other addresses found in a URL cell.
pub const OTHER_ADDRESSES: &str = "другие адреса";

/// Title rows above the header («Реестр поставщиков…») are skipped, but no further than this.
const HEADER_SEARCH_ROWS: usize = 10;

/// One non-empty row of a grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridRow {
    /// Row number as a spreadsheet shows it (first row = 1).
    pub number: usize,
    /// Cell texts, trimmed.
    pub cells: Vec<String>,
}

impl GridRow {
    /// False when every cell is blank (such rows are skipped, their numbers kept by the others).
    pub fn has_data(&self) -> bool {
        self.cells.iter().any(|c| !c.trim().is_empty())
    }
}

/// Builds the site list of a grid, or returns the header row it saw when no URL column exists.
pub(crate) fn grid_to_list(rows: &[GridRow], source: &str) -> Result<SiteList, Vec<String>> {
    let Some((header_at, map)) = find_layout(rows) else {
        return Err(rows.first().map(|r| r.cells.clone()).unwrap_or_default());
    };
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let (columns, data) = match header_at {
        Some(i) => (column_names(&rows[i].cells, width), &rows[i + 1..]),
        None => (column_names(&[], width), rows),
    };
    Ok(assemble(source, columns, &map, data))
}

/// Where the header is (`None`: the file has no header row) and what its columns are.
fn find_layout(rows: &[GridRow]) -> Option<(Option<usize>, ColumnMap)> {
    let mut unconfirmed = None;
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        if let Some(map) = map_by_headers(&row.cells) {
            if header_is_confirmed(&rows[i + 1..], map.url) {
                return Some((Some(i), map));
            }
            let looks_like_header_row =
                row.cells.iter().filter(|c| !c.trim().is_empty()).count() >= 2;
            if unconfirmed.is_none() && looks_like_header_row {
                unconfirmed = Some((Some(i), map));
            }
        }
    }
    // A «Сайт» column full of e-mails and «нет» is still the URL column when nothing else is:
    // its rows become problems the auditor can fix, rather than one puzzling error.
    layout_by_content(rows).or(unconfirmed)
}

/// The URL column found by its values; the first row is data when it holds an address itself.
fn layout_by_content(rows: &[GridRow]) -> Option<(Option<usize>, ColumnMap)> {
    let first = rows.first()?;
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let cells = |rows: &[GridRow]| rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>();
    if let Some(url) = url_column_by_content(&cells(rows), width) {
        if first.cells.get(url).is_some_and(|c| looks_like_site(c)) {
            return Some((None, with_other_columns(&[], url, true)));
        }
    }
    let url = url_column_by_content(&cells(&rows[1..]), width)?;
    Some((Some(0), with_other_columns(&first.cells, url, true)))
}

/// A title row that happens to mention «сайт» is not the header unless some value below it is an
/// address (or the column is still empty, as in a freshly made template).
fn header_is_confirmed(below: &[GridRow], url: usize) -> bool {
    let mut values = below
        .iter()
        .filter_map(|r| r.cells.get(url))
        .filter(|c| !c.trim().is_empty())
        .peekable();
    values.peek().is_none() || values.any(|c| looks_like_site(c))
}

/// Header texts, with `колонка N` for blank or missing ones.
fn column_names(header: &[String], width: usize) -> Vec<String> {
    (0..width.max(header.len()))
        .map(|i| match header.get(i).map(|h| h.trim()) {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => format!("колонка {}", i + 1),
        })
        .collect()
}

/// Parses every data row into a site or a problem; later rows with an already seen site become
/// problems pointing at the first one.
pub(crate) fn assemble(
    source: &str,
    columns: Vec<String>,
    map: &ColumnMap,
    rows: &[GridRow],
) -> SiteList {
    let mut list = SiteList {
        source: source.to_string(),
        url_column: columns.get(map.url).cloned(),
        url_column_by_content: map.by_content && !columns.is_empty(),
        columns,
        ..SiteList::default()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows.iter().filter(|r| r.has_data()) {
        list.rows += 1;
        let raw = row
            .cells
            .get(map.url)
            .map(|c| c.trim().to_string())
            .unwrap_or_default();
        let problem = |problem: String| InputProblem {
            row: row.number,
            value: raw.clone(),
            problem,
        };
        let cell = match parse_url_cell(&raw) {
            Ok(cell) => cell,
            Err(text) => {
                list.problems.push(problem(text));
                continue;
            }
        };
        if let Some(first) = seen.get(&site_key(&cell.url)) {
            list.problems
                .push(problem(format!("повтор строки {first} (тот же сайт)")));
            continue;
        }
        seen.insert(site_key(&cell.url), row.number);
        let mut entry = site_entry(row, map, &list.columns, cell.url, raw);
        if !cell.others.is_empty() {
            entry
                .extra
                .push((OTHER_ADDRESSES.to_string(), cell.others.join(", ")));
        }
        list.sites.push(entry);
    }
    list
}

/// A row with a usable site: the named fields plus the remaining columns in file order.
fn site_entry(
    row: &GridRow,
    map: &ColumnMap,
    columns: &[String],
    url: url::Url,
    raw_url: String,
) -> SiteEntry {
    let field = |col: Option<usize>| {
        col.and_then(|c| row.cells.get(c))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let extra = row
        .cells
        .iter()
        .enumerate()
        .filter(|(i, v)| !map.is_known(*i) && !v.trim().is_empty())
        .map(|(i, v)| {
            (
                columns
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("колонка {}", i + 1)),
                v.trim().to_string(),
            )
        })
        .collect();
    SiteEntry {
        row: row.number,
        url,
        raw_url,
        name: field(map.name),
        region: field(map.region),
        inn: field(map.inn).map(|v| normalize_inn(&v)),
        kind: field(map.kind),
        extra,
    }
}

/// `7701234567.0` (a number cell exported as text) → `7701234567`; a 9- or 11-digit number has lost
/// its leading zero to the spreadsheet (ИНН has 10 or 12 digits) and gets it back.
pub(crate) fn normalize_inn(value: &str) -> String {
    let v = value.trim();
    let digits = match v.split_once(['.', ',']) {
        Some((int, frac)) if !int.is_empty() && frac.chars().all(|c| c == '0') => int,
        _ => v,
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) || digits.is_empty() {
        return v.to_string();
    }
    match digits.len() {
        9 | 11 => format!("0{digits}"),
        _ => digits.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<GridRow> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| GridRow {
                number: i + 1,
                cells: r.iter().map(|s| s.to_string()).collect(),
            })
            .collect()
    }

    #[test]
    fn duplicates_collapse_to_the_first_row() {
        let rows = grid(&[
            &["Наименование", "Сайт"],
            &["А", "http://a.ru/"],
            &["А", "https://www.a.ru"],
            &["Б", ""],
        ]);
        let list = grid_to_list(&rows, "t.csv").unwrap();
        assert_eq!(list.rows, 3);
        assert_eq!(list.sites.len(), 1);
        assert_eq!(list.problems[0].row, 3);
        assert_eq!(list.problems[0].problem, "повтор строки 2 (тот же сайт)");
        assert_eq!(list.problems[1].problem, "сайт не указан");
    }

    #[test]
    fn title_rows_are_skipped_and_headerless_files_work() {
        let rows = grid(&[
            &["Перечень организаций и их сайтов", ""],
            &["№", "Сайт"],
            &["1", "a.ru"],
        ]);
        let list = grid_to_list(&rows, "t").unwrap();
        assert_eq!((list.rows, list.sites[0].row), (1, 3));
        assert_eq!(
            list.sites[0].extra,
            vec![("№".to_string(), "1".to_string())]
        );
        let list = grid_to_list(&grid(&[&["kcson.ru"]]), "t").unwrap();
        assert_eq!((list.rows, list.sites.len()), (1, 1));
        let rows = grid(&[&["a.ru"], &["b.ru"], &["c.ru"]]);
        let list = grid_to_list(&rows, "t").unwrap();
        assert_eq!((list.rows, list.sites.len()), (3, 3));
        assert_eq!(list.columns, vec!["колонка 1"]);
    }

    #[test]
    fn a_site_column_without_addresses_is_still_used() {
        let rows = grid(&[
            &["Наименование", "Сайт"],
            &["А", "a@mail.ru"],
            &["Б", "нет"],
        ]);
        let list = grid_to_list(&rows, "t").unwrap();
        assert_eq!(
            (list.rows, list.sites.len(), list.problems.len()),
            (2, 0, 2)
        );
    }

    #[test]
    fn no_url_column_reports_headers() {
        let rows = grid(&[&["Наименование", "Телефон"], &["А", "123"]]);
        assert_eq!(
            grid_to_list(&rows, "t").unwrap_err(),
            vec!["Наименование", "Телефон"]
        );
    }

    #[test]
    fn inn_cells() {
        assert_eq!(normalize_inn("7701234567.0"), "7701234567");
        assert_eq!(normalize_inn("101234567"), "0101234567");
        assert_eq!(normalize_inn("7701234567"), "7701234567");
        assert_eq!(normalize_inn("нет"), "нет");
    }
}
