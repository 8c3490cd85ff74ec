use super::*;

fn url(cell: &str) -> String {
    match parse_url_cell(cell) {
        Ok(site) => site.url.to_string(),
        Err(problem) => format!("ERR {problem}"),
    }
}

#[test]
fn hosts_as_typed() {
    assert_eq!(url("kcson.ru"), "http://kcson.ru/");
    assert_eq!(url("http://user:S3cret@kcson.ru/a"), "http://kcson.ru/a");
    assert_eq!(url("  kcson.ru/about  "), "http://kcson.ru/about");
    assert_eq!(url("http:// kcson.ru"), "http://kcson.ru/");
    assert_eq!(url("https : // kcson.ru/"), "https://kcson.ru/");
    assert_eq!(url("http//kcson.ru"), "http://kcson.ru/");
    assert_eq!(url("www.kcson.ru"), "http://www.kcson.ru/");
    assert_eq!(url("\"https://Kcson.RU/Info\""), "https://kcson.ru/Info");
    assert_eq!(url("kcson.ru."), "http://kcson.ru/");
}

#[test]
fn idn_and_punycode() {
    assert_eq!(url("тцсо.рф"), "http://xn--n1afcq.xn--p1ai/");
    assert_eq!(url("http://ТЦСО.РФ"), "http://xn--n1afcq.xn--p1ai/");
    assert_eq!(
        url("https://www.xn--n1afcq.xn--p1ai/otdeleniya/osod.html"),
        "https://www.xn--n1afcq.xn--p1ai/otdeleniya/osod.html"
    );
    assert_eq!(
        url("https://http://xn--n1afcq.xn--p1ai/otdeleniya/osod.html"),
        "http://xn--n1afcq.xn--p1ai/otdeleniya/osod.html"
    );
}

#[test]
fn several_addresses_keep_the_first_http_one() {
    let site =
        parse_url_cell("kcson.ru, https://kcson2.ru; www.other.ru\nhttp://third.ru").unwrap();
    assert_eq!(site.url.as_str(), "https://kcson2.ru/");
    assert_eq!(
        site.others,
        vec!["kcson.ru", "www.other.ru", "http://third.ru"]
    );
    let site = parse_url_cell("http://a.ru http://u:S3cret@b.ru").unwrap();
    assert_eq!(site.others, vec!["http://b.ru"]);
    let site = parse_url_cell("http://a.ru http://b.ru").unwrap();
    assert_eq!(site.url.as_str(), "http://a.ru/");
    assert_eq!(site.others, vec!["http://b.ru"]);
}

#[test]
fn url_inside_text() {
    assert_eq!(
        url("тел. 702-04-90, https://x.ru/sidelki"),
        "https://x.ru/sidelki"
    );
    assert_eq!(
        url("702-04-90, факс 702-04-91,https://www.garmonia-group.ru/sidelki"),
        "https://www.garmonia-group.ru/sidelki"
    );
    assert_eq!(url("Сайт:http://x.ru"), "http://x.ru/");
    assert_eq!(url("(www.x.ru)"), "http://www.x.ru/");
    assert_eq!(
        url("966-91-77, факс 312-21-43,www.socmeduslugi.ru"),
        "http://www.socmeduslugi.ru/"
    );
}

#[test]
fn emails_and_placeholders() {
    assert_eq!(url("kcson@mail.ru"), format!("ERR {EMAIL_ONLY}"));
    assert_eq!(url("mailto:kcson@mail.ru"), format!("ERR {EMAIL_ONLY}"));
    assert_eq!(url("e-mail: kcson@mail.ru, kcson.ru"), "http://kcson.ru/");
    for empty in [
        "",
        "  ",
        "нет",
        "-",
        "—",
        "Отсутствует",
        "нет.",
        "Сайт отсутствует",
    ] {
        assert_eq!(url(empty), format!("ERR {NO_SITE}"), "{empty:?}");
    }
}

#[test]
fn words_are_not_sites() {
    assert_eq!(
        url("г.Москва, ул. Ленина, д.33"),
        format!("ERR {NO_ADDRESS}")
    );
    assert_eq!(url("scan.pdf"), format!("ERR {NO_ADDRESS}"));
    assert!(url("kcson").starts_with("ERR адрес сайта не разобран"));
    assert!(!looks_like_site(
        "Общество с ограниченной ответственностью «Гармония»"
    ));
    assert!(!looks_like_site("30.429712 59.979065"));
    assert!(!looks_like_site(
        "<i class=\"fas fa-hand-holding-medical\"></i>"
    ));
}

#[test]
fn local_addresses_as_check_takes_them() {
    assert_eq!(url("127.0.0.1:8080"), "http://127.0.0.1:8080/");
    assert_eq!(url("localhost:8080/about"), "http://localhost:8080/about");
    assert_eq!(url("localhost"), "http://localhost/");
    assert_eq!(url("http://[::1]:8080/"), "http://[::1]:8080/");
    assert_eq!(
        url("192.168.1.300"),
        "ERR адрес сайта не разобран: неверный IP-адрес"
    );
    assert!(!looks_like_site("30.429712 59.979065"));
}

#[test]
fn credentials_stay_apart_and_problems_have_two_wordings() {
    let site = read_site_address("http://u:S3cret@kcson.ru/").unwrap();
    assert_eq!(site.url.as_str(), "http://kcson.ru/");
    assert!(site.auth.is_some());
    assert!(!format!("{site:?}").contains("S3cret"));
    let problem = read_site_address("kcson@mail.ru").unwrap_err();
    assert_eq!(problem.to_string(), EMAIL_ONLY);
    assert!(!problem.reason().contains("ячейк"));
}

#[test]
fn keys_ignore_scheme_www_and_slash() {
    let key = |s: &str| site_key(&parse_url_cell(s).unwrap().url);
    assert_eq!(key("http://www.kcson.ru/"), key("https://kcson.ru"));
    assert_eq!(key("kcson.ru/a/"), key("https://www.kcson.ru/a"));
    assert_ne!(key("kcson.ru/a"), key("kcson.ru/b"));
}
