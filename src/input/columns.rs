//! Which column is which: the URL, name, region, ИНН and type columns are found by their headers
//! (any order, any case), the URL column by content when no header names it.
//!
//! Registers are exported by different systems with different headers («Сайт», «Адрес
//! официального сайта в сети "Интернет"», «URL»…), so headers are matched loosely — but a header
//! that is *about* the site («Наличие сайта», «Информация на сайте») must not be taken for the
//! address column.

use super::url_cell::looks_like_site;

/// URL column headers recognised exactly (after lowercasing and collapsing punctuation).
pub const URL_HEADERS: &[&str] = &[
    "сайт",
    "адрес сайта",
    "официальный сайт",
    "сайт организации",
    "url",
    "web",
    "website",
    "site",
    "интернет-сайт",
    "адрес официального сайта",
    "веб-сайт",
    "web-сайт",
    "официальный сайт организации",
    "адрес сайта в сети интернет",
    "адрес официального сайта в сети интернет",
];

/// Word stems that make a header *about* the site rather than its address.
const NOT_ADDRESS_STEMS: &[&str] = &[
    "налич",
    "есть",
    "дата",
    "количеств",
    "число",
    "оценк",
    "балл",
    "рейтинг",
    "соответств",
    "статус",
    "примечан",
    "коммент",
    "проверк",
    "результат",
    "верси",
    "размещ",
    "доступн",
    "обновл",
    "требован",
    "нарушен",
    "критери",
    "показател",
];

/// Words that hint at an address column when no «сайт» is in the header.
const WEAK_URL_WORDS: &[&str] = &[
    "url",
    "web",
    "www",
    "интернет",
    "веб",
    "website",
    "site",
    "ссылка",
    "homepage",
];

/// Where each known column is; `url` is always present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ColumnMap {
    /// The site address column.
    pub url: usize,
    /// Institution name.
    pub name: Option<usize>,
    /// Region (or district when there is no region column).
    pub region: Option<usize>,
    /// ИНН.
    pub inn: Option<usize>,
    /// Institution type / category.
    pub kind: Option<usize>,
    /// True when the URL column was found by its values, not its header.
    pub by_content: bool,
}

impl ColumnMap {
    /// True when `col` holds one of the named fields (so it is not copied into `extra`).
    pub fn is_known(&self, col: usize) -> bool {
        col == self.url || [self.name, self.region, self.inn, self.kind].contains(&Some(col))
    }
}

/// Lowercases, folds `ё`, turns punctuation into single spaces: `Интернет-сайт:` → `интернет сайт`.
pub(crate) fn header_key(header: &str) -> String {
    header
        .to_lowercase()
        .replace('ё', "е")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How strongly a header names the address column; `None` when it does not.
pub(crate) fn url_header_score(header: &str) -> Option<u32> {
    let key = header_key(header);
    // A data row scanned for a header: `…, https://www.x.ru` mentions «www» but is a value.
    if key.is_empty() || looks_like_site(header) {
        return None;
    }
    if URL_HEADERS.iter().any(|h| header_key(h) == key) {
        return Some(100);
    }
    let words: Vec<&str> = key.split(' ').collect();
    if words
        .iter()
        .any(|w| NOT_ADDRESS_STEMS.iter().any(|s| w.starts_with(s)))
    {
        return None;
    }
    // «Информация на сайте» is about content placed on the site, not its address.
    if words
        .windows(2)
        .any(|p| p[0] == "на" && matches!(p[1], "сайте" | "сайтах"))
    {
        return None;
    }
    if words.iter().any(|w| w.starts_with("сайт")) {
        return Some(50);
    }
    words
        .iter()
        .any(|w| WEAK_URL_WORDS.contains(w))
        .then_some(20)
}

/// Finds the columns by header only; `None` when no header names the URL column.
pub(crate) fn map_by_headers(headers: &[String]) -> Option<ColumnMap> {
    let url = best(headers, url_header_score)?;
    Some(with_other_columns(headers, url, false))
}

/// The column whose non-empty values are mostly site addresses (≥ 50 %), best share first.
pub(crate) fn url_column_by_content(rows: &[Vec<String>], width: usize) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for col in 0..width {
        let values: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.get(col))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            continue;
        }
        let hits = values.iter().filter(|v| looks_like_site(v)).count();
        let share = hits as f64 / values.len() as f64;
        if share >= 0.5 && best.is_none_or(|(_, s)| share > s) {
            best = Some((col, share));
        }
    }
    best.map(|(col, _)| col)
}

/// Fills in the other known columns once the URL column is fixed.
pub(crate) fn with_other_columns(headers: &[String], url: usize, by_content: bool) -> ColumnMap {
    let usable = |i: usize| i != url;
    let region = best_where(headers, region_score, usable);
    let district = best_where(headers, district_score, usable);
    let kind = best_where(headers, kind_score, usable);
    let inn = best_where(headers, inn_score, usable);
    let taken = [Some(url), region, kind, inn];
    let name = best_where(headers, name_score, |i| !taken.contains(&Some(i)));
    ColumnMap {
        url,
        name,
        region: region.or(district),
        inn,
        kind,
        by_content,
    }
}

fn best(headers: &[String], score: fn(&str) -> Option<u32>) -> Option<usize> {
    best_where(headers, score, |_| true)
}

/// The highest-scoring header; the leftmost wins a tie.
fn best_where(
    headers: &[String],
    score: fn(&str) -> Option<u32>,
    allowed: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut found: Option<(usize, u32)> = None;
    for (i, h) in headers.iter().enumerate() {
        if let Some(s) = score(h).filter(|_| allowed(i)) {
            if found.is_none_or(|(_, best)| s > best) {
                found = Some((i, s));
            }
        }
    }
    found.map(|(i, _)| i)
}

fn name_score(header: &str) -> Option<u32> {
    let key = header_key(header);
    let words: Vec<&str> = key.split(' ').collect();
    // «Наименование услуги» names a service, not the institution.
    let about_service = words.iter().any(|w| w.starts_with("услуг"))
        && !words.iter().any(|w| {
            ["поставщик", "организац", "учрежден"]
                .iter()
                .any(|s| w.starts_with(s))
        });
    if about_service {
        return None;
    }
    let first = words.first().copied().unwrap_or("");
    match first {
        "краткое" | "сокращенное" if words.get(1).is_some_and(|w| w.starts_with("наименован")) => {
            Some(1)
        }
        "полное" if words.get(1).is_some_and(|w| w.starts_with("наименован")) => {
            Some(4)
        }
        _ if first.starts_with("наименован") || first == "название" || key == "name" => {
            Some(3)
        }
        _ if matches!(
            key.as_str(),
            "организация" | "учреждение" | "поставщик" | "организация учреждение"
        ) =>
        {
            Some(2)
        }
        _ => None,
    }
}

fn region_score(header: &str) -> Option<u32> {
    let key = header_key(header);
    let words: Vec<&str> = key.split(' ').collect();
    if matches!(key.as_str(), "регион" | "region" | "субъект рф")
        || words.iter().any(|w| w.starts_with("субъект"))
    {
        Some(2)
    } else {
        words.first().is_some_and(|w| *w == "регион").then_some(1)
    }
}

fn district_score(header: &str) -> Option<u32> {
    let key = header_key(header);
    key.split(' ')
        .any(|w| w.starts_with("район") || w == "district")
        .then_some(1)
}

fn inn_score(header: &str) -> Option<u32> {
    header_key(header)
        .split(' ')
        .any(|w| w == "инн" || w == "inn")
        .then_some(1)
}

fn kind_score(header: &str) -> Option<u32> {
    let key = header_key(header);
    let words: Vec<&str> = key.split(' ').collect();
    let of_institution = |w: &&str| {
        [
            "учреждени",
            "организаци",
            "поставщик",
            "institution",
            "organi",
        ]
        .iter()
        .any(|stem| w.starts_with(stem))
    };
    match words.as_slice() {
        ["тип" | "вид" | "категория" | "type" | "kind"] => Some(2),
        // «Тип учреждения», «Тип (вид) учреждения социального обслуживания», «Type of institution».
        [first, rest @ ..]
            if matches!(*first, "тип" | "вид" | "категория" | "type" | "kind")
                && rest.iter().any(of_institution) =>
        {
            Some(2)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn url_headers() {
        for h in [
            "Сайт",
            " АДРЕС САЙТА ",
            "Официальный сайт",
            "URL",
            "Интернет-сайт",
            "Website",
            "Сайт:",
        ] {
            assert_eq!(url_header_score(h), Some(100), "{h}");
        }
        assert_eq!(
            url_header_score("Адрес официального сайта в сети «Интернет»"),
            Some(100)
        );
        assert_eq!(url_header_score("Ссылка на сайт учреждения"), Some(50));
        assert_eq!(url_header_score("Интернет-адрес"), Some(20));
        assert_eq!(
            url_header_score("702-04-90, факс 702-04-91,https://www.garmonia-group.ru/sidelki"),
            None
        );
        for h in [
            "Наличие сайта",
            "Информация на сайте",
            "Дата обновления сайта",
            "Версия сайта для слабовидящих",
            "E-mail",
            "",
        ] {
            assert_eq!(url_header_score(h), None, "{h}");
        }
    }

    #[test]
    fn register_headers() {
        let h = headers(&[
            "категория",
            "Поисковые слова",
            "Категория поисковых слов",
            "Наименование поставщика социальных услуг",
            "Адрес места нахождения поставщика социальных услуг",
            "Сайт",
            "Район",
        ]);
        let map = map_by_headers(&h).unwrap();
        assert_eq!(
            map,
            ColumnMap {
                url: 5,
                name: Some(3),
                region: Some(6),
                inn: None,
                kind: Some(0),
                by_content: false
            }
        );
    }

    #[test]
    fn full_name_beats_short_and_region_beats_district() {
        let h = headers(&[
            "Краткое наименование",
            "Полное наименование",
            "Район",
            "Субъект РФ",
            "ИНН",
            "Тип учреждения",
            "url",
        ]);
        let map = map_by_headers(&h).unwrap();
        assert_eq!(
            (map.name, map.region, map.inn, map.kind, map.url),
            (Some(1), Some(3), Some(4), Some(5), 6)
        );
        let h = headers(&["Наименование услуги", "Организация", "Web"]);
        assert_eq!(map_by_headers(&h).unwrap().name, Some(1));
    }

    #[test]
    fn no_url_header() {
        assert_eq!(map_by_headers(&headers(&["Наименование", "Телефон"])), None);
    }

    #[test]
    fn url_by_content() {
        let rows: Vec<Vec<String>> = [
            ["ООО А", "тел. 1-2-3, http://a.ru"],
            ["ООО Б", "b.ru"],
            ["ООО В", "нет"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        assert_eq!(url_column_by_content(&rows, 2), Some(1));
        assert_eq!(url_column_by_content(&rows[2..], 2), None);
    }

    #[test]
    fn type_of_institution_headers() {
        for h in [
            "Тип",
            "Тип учреждения",
            "Тип (вид) учреждения социального обслуживания",
            "Категория организации",
            "Вид поставщика социальных услуг",
            "Type of institution",
        ] {
            assert_eq!(kind_score(h), Some(2), "{h}");
        }
        for h in ["Вид деятельности", "Наименование организации", "Типография"]
        {
            assert_eq!(kind_score(h), None, "{h}");
        }
    }
}
