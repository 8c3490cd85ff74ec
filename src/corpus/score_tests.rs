//! Scoring: precision/recall of `pass`, accuracy, baseline comparison, passes without evidence.

use super::*;
use crate::corpus::load::{parse_expected, Corpus, CorpusSite};
use crate::fixture_server::Site;
use crate::history::sample::{report, Req};

fn corpus(labels: &[(&str, &str)]) -> Corpus {
    let sites = labels
        .iter()
        .map(|(name, toml)| CorpusSite {
            name: name.to_string(),
            dir: name.into(),
            site: Site::from_files(vec![("index.html".into(), b"x".to_vec())]).expect("site"),
            expected: parse_expected("e.toml", toml).expect("labels"),
        })
        .collect();
    Corpus {
        dir: "c".into(),
        today: None,
        sites,
    }
}

fn run(name: &str, reqs: &[Req<'_>]) -> SiteRun {
    SiteRun {
        name: name.into(),
        report: Ok(report("http://127.0.0.1/", true, reqs)),
    }
}

const E: Option<&str> = Some("http://127.0.0.1/a/");

fn two_sites() -> (Corpus, Vec<SiteRun>) {
    let c = corpus(&[
        ("a", "[expected]\nfaq = \"pass\"\nfinance = \"partial\"\n"),
        ("b", "[expected]\nfaq = \"fail\"\nfinance = \"pass\"\n"),
    ]);
    let runs = vec![
        run(
            "a",
            &[
                Req("faq", "FAQ", Status::Pass, E, None),
                Req("finance", "ФХД", Status::Pass, E, None),
            ],
        ),
        run(
            "b",
            &[
                Req("faq", "FAQ", Status::Pass, E, None),
                Req("finance", "ФХД", Status::Fail, None, Some("нет")),
            ],
        ),
    ];
    (c, runs)
}

fn set(base: &mut Baseline, site: &str, id: &str, s: &str) {
    base.verdicts
        .entry(site.into())
        .or_default()
        .insert(id.into(), s.into());
}

#[test]
fn precision_recall_and_accuracy_follow_their_definitions() {
    let (c, runs) = two_sites();
    let order = vec!["finance".to_string(), "faq".to_string()];
    let card = score(&c, &runs, &order, None, None);
    assert_eq!((card.total, card.agree), (4, 1));
    assert!((card.accuracy - 0.25).abs() < 1e-9);
    assert_eq!(card.requirements[0].id, "finance");
    let faq = &card.requirements[1];
    assert_eq!((faq.true_pass, faq.false_pass, faq.missed_pass), (1, 1, 0));
    assert_eq!(faq.precision, Some(0.5));
    assert_eq!(faq.recall, Some(1.0));
    let fin = &card.requirements[0];
    assert_eq!((fin.true_pass, fin.false_pass, fin.missed_pass), (0, 1, 1));
    assert_eq!(fin.precision, Some(0.0));
    assert_eq!(card.wrong().count(), 3);
    assert!(
        !card.failed(),
        "without a baseline, wrong verdicts alone do not fail"
    );
}

#[test]
fn a_verdict_that_was_right_in_the_baseline_and_is_wrong_now_is_a_regression() {
    let (c, runs) = two_sites();
    let mut base = Baseline {
        schema: crate::corpus::baseline::BASELINE_SCHEMA.into(),
        ..Baseline::default()
    };
    set(&mut base, "a", "finance", "partial"); // was right, now pass: regression
    set(&mut base, "b", "faq", "pass"); // was wrong, still wrong: same
    set(&mut base, "b", "finance", "fail"); // was wrong, still wrong
    let card = score(&c, &runs, &[], None, Some(&base));
    let regressed: Vec<_> = card.regressions().map(|r| (&r.site, &r.id)).collect();
    assert_eq!(regressed, vec![(&"a".to_string(), &"finance".to_string())]);
    assert_eq!(card.improvements().count(), 0);
    assert!(card.failed());
    let faq_a = card.rows.iter().find(|r| r.site == "a" && r.id == "faq");
    assert_eq!(faq_a.map(|r| r.comparison), Some(Comparison::New));

    set(&mut base, "a", "finance", "pass");
    set(&mut base, "b", "faq", "fail");
    let runs_fixed = vec![
        run(
            "a",
            &[
                Req("faq", "FAQ", Status::Pass, E, None),
                Req("finance", "ФХД", Status::Partial, E, Some("старый год")),
            ],
        ),
        run("b", &[Req("faq", "FAQ", Status::Fail, None, Some("нет"))]),
    ];
    let card = score(&c, &runs_fixed, &[], None, Some(&base));
    assert_eq!(card.improvements().count(), 1, "{:?}", card.rows);
    assert_eq!(card.regressions().count(), 0);
}

#[test]
fn only_keeps_one_requirement_and_a_bare_pass_is_an_error() {
    let (c, mut runs) = two_sites();
    runs[1] = run(
        "b",
        &[
            Req("faq", "FAQ", Status::Pass, None, None),
            Req("finance", "ФХД", Status::Pass, None, None),
        ],
    );
    let card = score(&c, &runs, &[], Some("faq"), None);
    assert_eq!(card.total, 2);
    assert!(card.rows.iter().all(|r| r.id == "faq"));
    assert_eq!(card.pass_without_evidence, vec![("b".into(), "faq".into())]);
    assert!(card.failed());
}

#[test]
fn a_site_that_could_not_be_checked_fails_the_run() {
    let (c, mut runs) = two_sites();
    runs[0].report = Err("cannot listen".into());
    let card = score(&c, &runs, &[], None, None);
    assert_eq!(card.site_errors.len(), 1);
    assert!(card
        .rows
        .iter()
        .filter(|r| r.site == "a")
        .all(|r| r.got == Status::Unknown));
    assert!(card.failed());
}
