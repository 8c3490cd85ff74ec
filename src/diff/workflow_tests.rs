//! Rules that changed between two runs, and acceptances that started or ended.

use super::*;
use crate::report::Acceptance;

fn digests(plan: &str) -> std::collections::BTreeMap<String, String> {
    [("founder", "f0"), ("nok-plan", plan), ("tariffs", "t0")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_status_change_of_a_changed_rule_is_not_blamed_on_the_site() {
    let mut r = runs();
    r.old.ruleset.sha256 = "a".repeat(64);
    r.old.ruleset.version = "2026.01".into();
    r.old.ruleset.rule_digests = digests("p0");
    r.new.ruleset.sha256 = "b".repeat(64);
    r.new.ruleset.version = "2026.03".into();
    r.new.ruleset.rule_digests = digests("p1");
    let d = full_diff(&r);
    assert_eq!(d.totals.regressions, 0, "{d:#?}");
    assert_eq!(d.totals.fixes, 1);
    assert_eq!(d.totals.by_rules, 1);
    assert_eq!(d.changed[0].by_rules[0].id.0, "nok-plan");
    let rules = d.rules.as_ref().expect("the rules differ");
    assert_eq!(rules.requirements_changed[0].id.0, "nok-plan");
    assert!(rules.per_rule_known);
    assert!(
        rules.new.rule_digests.is_empty(),
        "digests stay out of the diff"
    );
    let md = render_md::render(&d);
    assert!(md.contains("Проверки выполнены по разным правилам"), "{md}");
    assert!(
        md.contains("версия 2026.01") && md.contains("версия 2026.03"),
        "{md}"
    );
    assert!(
        md.contains("Изменилось из-за правил, а не на сайте"),
        "{md}"
    );
    let html = render_html::render(&d).unwrap();
    assert!(html.contains("Изменилось из-за правил, а не на сайте"));

    // The same file on both sides: nothing about rules.
    r.new.ruleset = r.old.ruleset.clone();
    let same = full_diff(&r);
    assert!(same.rules.is_none());
    assert_eq!(same.totals.regressions, 1);
}

#[test]
fn rules_without_digests_are_said_to_differ_but_not_split() {
    let mut r = runs();
    r.new.ruleset.version = "2026.03".into();
    let d = full_diff(&r);
    let rules = d.rules.as_ref().expect("the versions differ");
    assert!(!rules.per_rule_known);
    assert_eq!(d.totals.regressions, 1);
    assert!(render_md::render(&d).contains("неизвестно"));
}

fn accept(until: &str) -> Acceptance {
    Acceptance {
        reason: "согласовано с министерством".into(),
        by: "Иванова И. И.".into(),
        until: until.into(),
    }
}

#[test]
fn acceptances_that_started_and_expired_are_listed() {
    let mut r = runs();
    // kcson's plan fails now and is accepted from this run on.
    r.new.sites[0]
        .accepted
        .insert("nok-plan".into(), accept("2026-12-31"));
    // The stable site's founder failed in both runs; its acceptance ran out in between.
    r.old.sites[2].statuses[0] = Fail;
    r.new.sites[1].statuses[0] = Fail;
    r.old.sites[2]
        .accepted
        .insert("founder".into(), accept("2026-02-01"));
    let d = full_diff(&r);
    assert_eq!(d.totals.accepted_started, 1);
    assert_eq!(d.totals.accepted_ended, 1);
    assert_eq!(d.totals.sites_changed, 2);
    let stable = d
        .changed
        .iter()
        .find(|c| c.site.url.contains("stable"))
        .expect("listed for its acceptance alone");
    assert!(stable.accepted_ended[0].expired);
    let md = render_md::render(&d);
    assert!(
        md.contains("Принято:") && md.contains("принято до 31.12.2026"),
        "{md}"
    );
    assert!(
        md.contains("срок принятия (01.02.2026, Иванова И. И.) истёк"),
        "{md}"
    );
    assert!(md.contains("принято: 1, принятие закончилось: 1"), "{md}");
    let html = render_html::render(&d).unwrap();
    assert!(html.contains("Принятие закончилось"));
}
