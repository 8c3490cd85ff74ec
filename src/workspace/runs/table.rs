//! The sites table of a run page: filters (region, type, status, text), sorting by a column and
//! paging, read from the query string and applied in one pass over the run's light site rows,
//! so only one page of rows is ever rendered.

use super::data::SiteRow;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Rows per page unless `per` says otherwise.
pub const DEFAULT_PER_PAGE: u64 = 100;
/// Most rows per page.
pub const MAX_PER_PAGE: u64 = 1000;

/// The statuses a site can be filtered by, with their Russian labels.
pub const STATUSES: [(&str, &str); 4] = [
    ("compliant", "соответствует"),
    ("non_compliant", "не соответствует"),
    ("unknown", "не определено"),
    ("unreachable", "сайт недоступен"),
];

/// Columns the table sorts by (`sort=`).
const SORT_KEYS: [&str; 9] = [
    "row",
    "name",
    "region",
    "kind",
    "url",
    "status",
    "mandatory",
    "score",
    "reachable",
];

/// What the query string asks of the table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SiteQuery {
    /// Region, exact; empty: any.
    pub region: String,
    /// Type of institution, exact; empty: any.
    pub kind: String,
    /// One of [`STATUSES`]; empty: any.
    pub status: String,
    /// Text searched in name, URL and region, case-insensitive.
    pub q: String,
    /// Sort column, one of `SORT_KEYS`.
    pub sort: String,
    /// Descending.
    pub desc: bool,
    /// Page number from 1.
    pub page: u64,
    /// Rows per page.
    pub per: u64,
}

impl SiteQuery {
    /// The query of `raw` (`region=…&type=…&status=…&q=…&sort=…&dir=desc&page=…&per=…`);
    /// anything unknown or malformed falls back to its default.
    pub fn parse(raw: Option<&str>) -> SiteQuery {
        let mut q = SiteQuery {
            sort: "row".into(),
            page: 1,
            per: DEFAULT_PER_PAGE,
            ..SiteQuery::default()
        };
        for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let value = value.trim().chars().take(500).collect::<String>();
            match key.as_ref() {
                "region" => q.region = value,
                "type" => q.kind = value,
                "status" if STATUSES.iter().any(|(k, _)| *k == value) => q.status = value,
                "q" => q.q = value,
                "sort" if SORT_KEYS.contains(&value.as_str()) => q.sort = value,
                "dir" => q.desc = value == "desc",
                "page" => q.page = value.parse().unwrap_or(1).max(1),
                "per" => {
                    q.per = value
                        .parse()
                        .unwrap_or(DEFAULT_PER_PAGE)
                        .clamp(1, MAX_PER_PAGE)
                }
                _ => {}
            }
        }
        q
    }

    /// The query string of this query with another sort, direction or page.
    pub fn href(&self, sort: &str, desc: bool, page: u64) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in [("region", &self.region), ("type", &self.kind)] {
            if !value.is_empty() {
                out.append_pair(key, value);
            }
        }
        for (key, value) in [("status", &self.status), ("q", &self.q)] {
            if !value.is_empty() {
                out.append_pair(key, value);
            }
        }
        out.append_pair("sort", sort);
        if desc {
            out.append_pair("dir", "desc");
        }
        if self.per != DEFAULT_PER_PAGE {
            out.append_pair("per", &self.per.to_string());
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        format!("?{}", out.finish())
    }

    fn matches(&self, site: &SiteRow, needle: &str) -> bool {
        let same = |wanted: &str, value: &Option<String>| {
            wanted.is_empty() || value.as_deref().map(str::trim) == Some(wanted)
        };
        same(&self.region, &site.region)
            && same(&self.kind, &site.kind)
            && (self.status.is_empty() || status_of(site) == self.status)
            && (needle.is_empty()
                || [Some(&site.url), site.name.as_ref(), site.region.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|text| text.to_lowercase().contains(needle)))
    }
}

/// A site's status for filtering: `unreachable`, else its verdict.
pub fn status_of(site: &SiteRow) -> &str {
    if site.reachable {
        site.verdict.as_str()
    } else {
        "unreachable"
    }
}

/// The Russian label of a status word.
pub fn status_label(word: &str) -> &str {
    STATUSES
        .iter()
        .find(|(k, _)| *k == word)
        .map_or(word, |(_, label)| label)
}

/// One page of the filtered, sorted rows and what the filter form needs.
#[derive(Debug, Serialize)]
pub struct Selection {
    /// The rows of the page asked for.
    pub rows: Vec<SiteRow>,
    /// Rows matching the filters.
    pub matched: usize,
    /// Rows in the run.
    pub total: usize,
    /// Pages of matched rows (at least 1).
    pub pages: u64,
    /// The page shown (clamped to `pages`).
    pub page: u64,
    /// Regions present in the run, sorted.
    pub regions: Vec<String>,
    /// Types present in the run, sorted.
    pub kinds: Vec<String>,
    /// Statuses present in the run, in [`STATUSES`] order.
    pub statuses: Vec<&'static str>,
}

/// Filters, sorts and pages `rows` as `query` asks.
pub fn select(rows: Vec<SiteRow>, query: &SiteQuery) -> Selection {
    let total = rows.len();
    let present = |pick: fn(&SiteRow) -> Option<&String>| -> Vec<String> {
        let set: BTreeSet<&str> = rows.iter().filter_map(pick).map(|s| s.trim()).collect();
        set.into_iter()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let regions = present(|s| s.region.as_ref());
    let kinds = present(|s| s.kind.as_ref());
    let statuses = STATUSES
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| rows.iter().any(|s| status_of(s) == *k))
        .collect();
    let needle = query.q.to_lowercase();
    let mut matched: Vec<SiteRow> = rows
        .into_iter()
        .filter(|s| query.matches(s, &needle))
        .collect();
    matched.sort_by(|a, b| {
        let order = compare(a, b, &query.sort).then(a.row.cmp(&b.row));
        if query.desc {
            order.reverse()
        } else {
            order
        }
    });
    let count = matched.len();
    let pages = (count as u64).div_ceil(query.per).max(1);
    let page = query.page.min(pages);
    let skip = ((page - 1) * query.per) as usize;
    let rows = matched
        .into_iter()
        .skip(skip)
        .take(query.per as usize)
        .collect();
    Selection {
        rows,
        matched: count,
        total,
        pages,
        page,
        regions,
        kinds,
        statuses,
    }
}

fn compare(a: &SiteRow, b: &SiteRow, key: &str) -> Ordering {
    let text = |x: &Option<String>, y: &Option<String>| {
        let lower = |v: &Option<String>| v.as_deref().unwrap_or("").to_lowercase();
        lower(x).cmp(&lower(y))
    };
    match key {
        "name" => text(&a.name, &b.name),
        "region" => text(&a.region, &b.region),
        "kind" => text(&a.kind, &b.kind),
        "url" => a.url.cmp(&b.url),
        "status" => status_of(a).cmp(status_of(b)),
        "mandatory" => a.mandatory_passed.cmp(&b.mandatory_passed),
        "score" => a.score.total_cmp(&b.score),
        "reachable" => a.reachable.cmp(&b.reachable),
        _ => a.row.cmp(&b.row),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(row: i64, region: &str, verdict: &str, reachable: bool, score: f64) -> SiteRow {
        SiteRow {
            row,
            url: format!("https://s{row}.example/"),
            name: Some(format!("Центр {row}")),
            region: Some(region.into()),
            kind: Some(if row % 2 == 0 { "КЦСОН" } else { "ДИ" }.into()),
            reachable,
            error: None,
            score,
            mandatory_passed: row as u64,
            mandatory_total: 20,
            verdict: verdict.into(),
            first_failed: None,
            accepted: 0,
        }
    }

    fn sample() -> Vec<SiteRow> {
        (1..=25)
            .map(|i| {
                let region = if i % 3 == 0 {
                    "Самарская"
                } else {
                    "Орловская"
                };
                let verdict = if i % 5 == 0 {
                    "compliant"
                } else {
                    "non_compliant"
                };
                site(i, region, verdict, i != 7, i as f64)
            })
            .collect()
    }

    #[test]
    fn filters_narrow_and_pages_split() {
        let q = SiteQuery::parse(Some(
            "region=%D0%A1%D0%B0%D0%BC%D0%B0%D1%80%D1%81%D0%BA%D0%B0%D1%8F&per=3&page=2",
        ));
        let sel = select(sample(), &q);
        assert_eq!(sel.matched, 8);
        assert_eq!(sel.pages, 3);
        let rows: Vec<i64> = sel.rows.iter().map(|s| s.row).collect();
        assert_eq!(rows, vec![12, 15, 18]);
        assert_eq!(sel.regions, vec!["Орловская", "Самарская"]);
        let unreachable = select(sample(), &SiteQuery::parse(Some("status=unreachable")));
        assert_eq!(unreachable.rows.len(), 1);
        assert_eq!(unreachable.rows[0].row, 7);
        let kind = select(sample(), &SiteQuery::parse(Some("type=ДИ&q=центр 1")));
        assert!(kind
            .rows
            .iter()
            .all(|s| s.row % 2 == 1 && s.row >= 10 || s.row == 1));
        assert_eq!(kind.matched, 6);
    }

    #[test]
    fn sorting_and_bad_values_fall_back() {
        let q = SiteQuery::parse(Some("sort=score&dir=desc&per=0&page=x&status=evil"));
        assert_eq!((q.per, q.page, q.status.as_str()), (1, 1, ""));
        let sel = select(sample(), &q);
        assert_eq!(sel.rows[0].row, 25);
        let beyond = select(sample(), &SiteQuery::parse(Some("page=99")));
        assert_eq!(beyond.page, 1);
        assert_eq!(
            q.href("name", false, 2),
            "?sort=name&per=1&page=2".to_string()
        );
    }
}
