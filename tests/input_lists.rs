//! Sweep input: real register extracts read in place, and CSV/XLSX/text lists built here.

use rust_xlsxwriter::Workbook;
use socaudit::input::{load_site_list, parse_csv_bytes, InputError, SiteList, OTHER_ADDRESSES};
#[cfg(feature = "realsites")]
use std::collections::BTreeSet;
use std::path::Path;
#[cfg(feature = "realsites")]
use std::path::PathBuf;

/// The real register extracts: opt-in (`--features realsites`), read in place from
/// `SOCAUDIT_REALSITES` or `../shared/realsites`.
#[cfg(feature = "realsites")]
fn spb(name: &str) -> PathBuf {
    let root = std::env::var_os("SOCAUDIT_REALSITES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realsites"));
    let path = root.join("spb-providers").join(name);
    assert!(
        path.exists(),
        "register extract missing: {}",
        path.display()
    );
    path
}

fn load(path: &Path) -> SiteList {
    load_site_list(path).unwrap_or_else(|e| panic!("{e}"))
}

/// The same site whatever the scheme, `www.` and trailing slash.
#[cfg(feature = "realsites")]
fn keys(list: &SiteList) -> BTreeSet<String> {
    list.sites
        .iter()
        .map(|s| {
            let host = s.url.host_str().unwrap_or("");
            format!(
                "{}{}",
                host.strip_prefix("www.").unwrap_or(host),
                s.url.path().trim_end_matches('/')
            )
        })
        .collect()
}

/// Values of the `Сайт` column counted independently with the csv crate.
#[cfg(feature = "realsites")]
fn site_cells(path: &Path) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .unwrap();
    let col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h.trim() == "Сайт")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().get(col).unwrap_or("").trim().to_string())
        .collect()
}

fn accounted(list: &SiteList) {
    assert_eq!(
        list.sites.len() + list.problems.len(),
        list.rows,
        "every row is a site or a problem"
    );
}

#[cfg(feature = "realsites")]
#[test]
fn sites_unique_register() {
    let path = spb("sites_unique.csv");
    let list = load(&path);
    assert_eq!(list.rows, 188);
    accounted(&list);
    assert_eq!(list.columns[1], "Сайт");
    assert_eq!(
        (list.url_column.as_deref(), list.url_column_by_content),
        (Some("Сайт"), false)
    );
    let cells = site_cells(&path);
    let empties = cells.iter().filter(|c| c.is_empty()).count();
    assert_eq!(
        list.problems
            .iter()
            .filter(|p| p.problem == "сайт не указан")
            .count(),
        empties
    );
    // The file was de-duplicated on the raw cell; `/` and `www.` variants still collapse here.
    assert!(list
        .problems
        .iter()
        .all(|p| p.problem.starts_with("повтор строки") || p.value.is_empty()));
    let idn = list
        .sites
        .iter()
        .find(|s| s.raw_url == "http://тцсо.рф")
        .expect("IDN row");
    assert_eq!(idn.url.host_str(), Some("xn--n1afcq.xn--p1ai"));
    assert!(idn.name.as_deref().is_some_and(|n| !n.is_empty()));
    assert!(
        idn.region.is_some(),
        "«Район» is the region when there is no region column"
    );
    let doubled = |raw: &str| {
        list.sites
            .iter()
            .find(|s| s.raw_url == raw)
            .map(|s| s.url.as_str())
    };
    assert_eq!(
        doubled("https://http://xn--n1afcq.xn--p1ai/otdeleniya/osod.html"),
        Some("http://xn--n1afcq.xn--p1ai/otdeleniya/osod.html")
    );
    assert_eq!(
        doubled("https://http://http://garmonia-group.ru/sidelki"),
        Some("http://garmonia-group.ru/sidelki")
    );
    let row2 = &list.sites[0];
    assert_eq!(
        (row2.row, row2.url.as_str()),
        (2, "http://center-albreht.ru/")
    );
}

#[cfg(feature = "realsites")]
#[test]
fn adov_dataset_collapses_to_the_unique_list() {
    let (adov, unique) = (spb("adov_dataset.csv"), spb("sites_unique.csv"));
    let list = load(&adov);
    assert_eq!(list.rows, 657);
    accounted(&list);
    let cells = site_cells(&adov);
    let empties = cells.iter().filter(|c| c.is_empty()).count();
    assert!(empties > 0);
    let not_given = list
        .problems
        .iter()
        .filter(|p| p.problem == "сайт не указан")
        .count();
    let repeats = list
        .problems
        .iter()
        .filter(|p| p.problem.starts_with("повтор строки"))
        .count();
    assert_eq!(not_given, empties);
    assert_eq!(
        not_given + repeats,
        list.problems.len(),
        "no other kind of problem in this register"
    );
    assert!(
        repeats > 400,
        "one provider is listed under many categories: {repeats}"
    );
    let unique = load(&unique);
    assert_eq!(keys(&list), keys(&unique));
    assert_eq!(list.sites.len(), unique.sites.len());
    // A repeat points at a row that is itself a checked site with the same address.
    let first = list
        .problems
        .iter()
        .find(|p| p.problem.starts_with("повтор"))
        .unwrap();
    let target: usize = first.problem.split(' ').nth(2).unwrap().parse().unwrap();
    assert!(list.sites.iter().any(|s| s.row == target));
    assert!(
        list.sites[0].kind.is_some(),
        "«категория» is the type column"
    );
}

#[cfg(feature = "realsites")]
#[test]
fn contacts_column_is_found_by_content() {
    for name in ["data.csv", "top_csv.csv"] {
        let path = spb(name);
        let list = load(&path);
        assert_eq!(list.rows, 35, "{name}");
        accounted(&list);
        assert!(
            list.columns[0].starts_with("категория"),
            "BOM stripped from the first header: {:?}",
            list.columns[0]
        );
        assert!(list.url_column_by_content, "{name}: no header says «сайт»");
        assert!(list
            .url_column
            .as_deref()
            .is_some_and(|c| c.starts_with("Контактная информация")));
        let first = &list.sites[0];
        assert_eq!(first.url.as_str(), "https://www.garmonia-group.ru/sidelki");
        assert!(first.raw_url.starts_with("702-04-90"));
        assert_eq!(
            first.name.as_deref(),
            Some("Общество с ограниченной ответственностью «Гармония»")
        );
        assert!(list
            .sites
            .iter()
            .any(|s| s.url.as_str() == "http://www.socmeduslugi.ru/"));
        assert!(
            list.problems
                .iter()
                .all(|p| p.problem.starts_with("повтор строки")),
            "{name}: {:?}",
            list.problems
        );
    }
}

#[test]
fn cp1251_semicolon_csv_with_messy_urls() {
    let text = "Наименование учреждения;Адрес сайта;Район\r\n\
                ЦСО Центральный; http:// kcson-c.ru ;Центральный\r\n\
                ТЦСО;HTTP://ТЦСО.РФ/;Приморский\r\n\
                ЦСО № 2;www.cso2.ru, cso2-old.ru;\r\n\
                Пансионат;pansionat@mail.ru;\r\n\
                Дом ветеранов;отсутствует;\r\n\
                ЦСО Центральный (филиал);https://KCSON-C.ru/;\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really cp1251");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("реестр.csv");
    std::fs::write(&path, &bytes).unwrap();
    let list = load(&path);
    assert_eq!(
        list.columns,
        vec!["Наименование учреждения", "Адрес сайта", "Район"]
    );
    accounted(&list);
    let urls: Vec<&str> = list.sites.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        urls,
        vec![
            "http://kcson-c.ru/",
            "http://xn--n1afcq.xn--p1ai/",
            "http://www.cso2.ru/"
        ]
    );
    assert_eq!(list.sites[0].region.as_deref(), Some("Центральный"));
    assert_eq!(
        list.sites[2].extra,
        vec![(OTHER_ADDRESSES.to_string(), "cso2-old.ru".to_string())]
    );
    let problems: Vec<(usize, &str)> = list
        .problems
        .iter()
        .map(|p| (p.row, p.problem.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (5, "в ячейке адрес электронной почты, а не сайт"),
            (6, "сайт не указан"),
            (7, "повтор строки 2 (тот же сайт)"),
        ]
    );
}

#[test]
fn comma_csv_with_bom_and_quoted_fields() {
    let text = "\u{feff}Полное наименование,ИНН,\"Официальный сайт\",Субъект РФ\n\
                \"ГБУ \"\"Центр\"\", филиал\nна Невском\",7801234567,\"http://a.ru\nhttp://b.ru\",Санкт-Петербург\n\
                \"ООО «Забота»\",,\"тел. 702-04-90, https://x.ru/sidelki\",\n";
    let list = parse_csv_bytes(text.as_bytes(), "bom.csv").unwrap();
    assert_eq!(list.columns[0], "Полное наименование");
    assert_eq!(list.sites.len(), 2);
    let first = &list.sites[0];
    assert_eq!(first.row, 2);
    assert_eq!(
        first.name.as_deref(),
        Some("ГБУ \"Центр\", филиал\nна Невском")
    );
    assert_eq!(first.inn.as_deref(), Some("7801234567"));
    assert_eq!(first.region.as_deref(), Some("Санкт-Петербург"));
    assert_eq!(
        first.extra,
        vec![(OTHER_ADDRESSES.to_string(), "http://b.ru".to_string())]
    );
    assert_eq!(
        (list.sites[1].row, list.sites[1].url.as_str()),
        (3, "https://x.ru/sidelki")
    );
}

fn build_workbook(path: &Path) {
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Пояснения").unwrap();
    notes
        .write_string(0, 0, "Реестр поставщиков социальных услуг, выгрузка")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Реестр").unwrap();
    for (col, header) in ["Наименование", "ИНН", "Сайт", "Тип учреждения"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "КЦСОН А").unwrap();
    sheet.write_number(1, 1, 7701234567.0).unwrap();
    sheet.write_url(1, 2, "https://kcson-a.ru/").unwrap();
    sheet.write_string(1, 3, "КЦСОН").unwrap();
    // Row 3 (index 2) stays empty: Excel still numbers the rows below it 4 and 5.
    sheet.write_string(3, 0, "ТЦСО").unwrap();
    sheet.write_number(3, 1, 101234567.0).unwrap();
    sheet.write_string(3, 2, "тцсо.рф").unwrap();
    sheet.write_string(4, 0, "Пансионат").unwrap();
    sheet
        .write_url_with_text(4, 2, "https://pansionat.ru/", "Сайт учреждения")
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn xlsx_with_numbers_hyperlinks_and_an_empty_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("реестр.xlsx");
    build_workbook(&path);
    let list = load(&path);
    assert_eq!(
        list.columns,
        vec!["Наименование", "ИНН", "Сайт", "Тип учреждения"]
    );
    assert_eq!(list.rows, 3);
    accounted(&list);
    let a = &list.sites[0];
    assert_eq!(
        (a.row, a.url.as_str(), a.inn.as_deref()),
        (2, "https://kcson-a.ru/", Some("7701234567"))
    );
    assert_eq!(a.kind.as_deref(), Some("КЦСОН"));
    let b = &list.sites[1];
    assert_eq!((b.row, b.url.host_str()), (4, Some("xn--n1afcq.xn--p1ai")));
    assert_eq!(
        b.inn.as_deref(),
        Some("0101234567"),
        "the leading zero a number cell dropped is restored"
    );
    // calamine does not expose hyperlink targets: a link under other text is reported, not guessed.
    let p = &list.problems[0];
    assert_eq!(
        (p.row, p.value.as_str(), p.problem.as_str()),
        (5, "Сайт учреждения", "в ячейке нет адреса сайта")
    );
    // The same workbook under an unknown extension is recognised by its bytes.
    let renamed = dir.path().join("реестр.dat");
    std::fs::copy(&path, &renamed).unwrap();
    assert_eq!(load(&renamed).sites, list.sites);
}

#[test]
fn workbook_without_url_column_names_file_and_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Лист1").unwrap();
    sheet.write_string(0, 0, "Наименование").unwrap();
    sheet.write_string(0, 1, "Телефон").unwrap();
    sheet.write_string(1, 0, "КЦСОН").unwrap();
    book.save(&path).unwrap();
    let err = load_site_list(&path).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, InputError::NoUrlColumn { .. }));
    assert!(
        text.contains("bad.xlsx") && text.contains("«Лист1»") && text.contains("«Телефон»"),
        "{text}"
    );
}

#[test]
fn text_list_with_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sites.txt");
    std::fs::write(&path, "# КЦСОН Петербурга\n\nhttp://kcsonp.ru\nkcson.kalin.gov.spb.ru  # Калининский\nkcson@mail.ru\nhttps://kcsonp.ru/\n").unwrap();
    let list = load(&path);
    assert_eq!(list.rows, 4);
    let rows: Vec<(usize, &str)> = list.sites.iter().map(|s| (s.row, s.url.as_str())).collect();
    assert_eq!(
        rows,
        vec![
            (3, "http://kcsonp.ru/"),
            (4, "http://kcson.kalin.gov.spb.ru/")
        ]
    );
    let problems: Vec<usize> = list.problems.iter().map(|p| p.row).collect();
    assert_eq!(problems, vec![5, 6]);
}

#[test]
fn csv_without_url_column_names_file_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.csv");
    std::fs::write(
        &path,
        "Наименование;Телефон;Наличие сайта\nКЦСОН;123-45-67;да\n",
    )
    .unwrap();
    let err = load_site_list(&path).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("contacts.csv"), "{text}");
    assert!(
        text.contains("«Наименование», «Телефон», «Наличие сайта»"),
        "{text}"
    );
    assert!(
        text.contains("«Сайт»"),
        "says what to name the column: {text}"
    );
}
