use super::*;
use crate::history::sample::{report, Req};
use std::path::Path;

const FILE: &str = r#"
# Согласовано с министерством
[[accepted]]
site = "https://www.kcson.ru/"
requirement = "founder"
reason = "Учредитель опубликован на bus.gov.ru"
by = "Иванова И. И."
until = 2027-03-31

[[accepted]]
site = "kcson.ru"
requirement = "charter"
reason = "Устав на перерегистрации"
by = "Петров П. П."
until = "31.12.2026"
"#;

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
}

fn sample() -> SiteReport {
    let mut site = report(
        "http://kcson.ru/",
        true,
        &[
            Req("founder", "Учредитель", Status::Fail, None, Some("нет")),
            Req(
                "charter",
                "Устав",
                Status::Pass,
                Some("http://kcson.ru/u.pdf"),
                None,
            ),
            Req("phone", "Телефон", Status::Fail, None, Some("нет")),
        ],
    );
    site.summary = crate::check::summarize(&site.requirements);
    site
}

#[test]
fn an_accepted_failure_keeps_its_status_but_not_against_the_site_until_the_date() {
    let list = AcceptedList::parse(FILE, Path::new("accepted.toml")).unwrap();
    assert_eq!(list.entries.len(), 2);
    assert_eq!(list.entries[0].line, 4);
    assert_eq!(list.entries[1].acceptance.until, "2026-12-31");
    let mut site = sample();
    let failed_before = site.summary.mandatory_failed;
    assert!(list.apply(&mut site, date(2026, 12, 6)));
    let founder = &site.requirements[0];
    assert_eq!(founder.status, Status::Fail);
    assert_eq!(founder.accepted.as_ref().unwrap().by, "Иванова И. И.");
    // A passing item needs no acceptance.
    assert!(site.requirements[1].accepted.is_none());
    assert_eq!(site.summary.mandatory_accepted, 1);
    assert_eq!(site.summary.mandatory_failed, failed_before - 1);
    assert!(!list.apply(&mut site, date(2026, 12, 6)), "nothing new");
    // The day after `until` it counts again.
    assert!(list.apply(&mut site, date(2027, 4, 1)));
    assert!(site.requirements[0].accepted.is_none());
    assert_eq!(site.summary.mandatory_failed, failed_before);
    assert_eq!(site.summary.mandatory_accepted, 0);
}

#[test]
fn every_failing_item_accepted_makes_the_site_compliant() {
    let text = FILE.replace("\"charter\"", "\"phone\"");
    let list = AcceptedList::parse(&text, Path::new("a.toml")).unwrap();
    let mut site = sample();
    assert_eq!(site.summary.verdict, "non_compliant");
    list.apply(&mut site, date(2026, 12, 6));
    assert_eq!(site.summary.verdict, "compliant");
}

#[test]
fn unknown_sites_requirements_and_bad_values_name_the_line() {
    let list = AcceptedList::parse(FILE, Path::new("accepted.toml")).unwrap();
    let err = list
        .validate(["http://other.ru/"], ["founder", "charter"])
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("accepted.toml:4: сайт «https://www.kcson.ru/»"),
        "{err}"
    );
    let err = list
        .validate(["http://kcson.ru/"], ["founder"])
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("accepted.toml:11: требования «charter»"),
        "{err}"
    );
    assert!(list
        .validate(["http://kcson.ru"], ["founder", "charter"])
        .is_ok());

    let bad_date = FILE.replace("2027-03-31", "\"скоро\"");
    let err = AcceptedList::parse(&bad_date, Path::new("a.toml")).unwrap_err();
    assert!(err.to_string().starts_with("a.toml:8: until"), "{err}");
    let no_reason = FILE.replace("reason = \"Устав на перерегистрации\"", "reason = \"\"");
    let err = AcceptedList::parse(&no_reason, Path::new("a.toml")).unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");
    let unknown_key = FILE.replace("by = \"Петров П. П.\"", "who = \"Петров\"");
    let err = AcceptedList::parse(&unknown_key, Path::new("a.toml")).unwrap_err();
    assert!(err.to_string().starts_with("a.toml:"), "{err}");
}

#[test]
fn failure_dates_and_acceptances_read_the_same_everywhere() {
    let mut site = sample();
    site.requirements[0].first_failed = Some("2026-03-12".into());
    assert_eq!(
        site.requirements[0].since_ru().as_deref(),
        Some("не выполнено с 12.03.2026")
    );
    site.requirements[0].status = Status::Partial;
    assert_eq!(
        site.requirements[0].since_ru().as_deref(),
        Some("выполнено частично с 12.03.2026")
    );
    site.requirements[0].status = Status::Pass;
    assert_eq!(site.requirements[0].since_ru(), None);
    let list = AcceptedList::parse(FILE, Path::new("a.toml")).unwrap();
    assert_eq!(
        list.entries[0].acceptance.label_ru(),
        "принято до 31.03.2027 (Иванова И. И.): Учредитель опубликован на bus.gov.ru"
    );
}
