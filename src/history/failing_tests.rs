use super::sample::{report, row, ruleset, Req};
use super::*;
use crate::model::Status::{self, *};
use crate::report::{Acceptance, SiteReport};
use rusqlite::{params, Connection};

const URL: &str = "https://kcson.example.ru/";

fn site(founder: Status, charter: Status) -> SiteReport {
    report(
        URL,
        true,
        &[
            Req("founder", "Учредитель", founder, None, Some("нет")),
            Req("charter", "Устав", charter, None, None),
        ],
    )
}

/// Records `report` as a run started on `day`, dating its failures first as a real run does.
fn run_on(history: &History, day: &str, mut report: SiteReport) -> SiteReport {
    history.date_failures(&mut report, day).unwrap();
    let run = history
        .begin_run(RunKind::Check, &ruleset(), "{}", None)
        .unwrap();
    history
        .record_site(run, &row(1, None, &report), &report)
        .unwrap();
    history.finish_run(run, false).unwrap();
    report
}

#[test]
fn a_failure_is_dated_from_the_first_run_of_its_unbroken_streak() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::open(&dir.path().join("h.db")).unwrap();
    let first = run_on(&history, "2026-03-12", site(Fail, Pass));
    assert_eq!(
        first.requirements[0].first_failed.as_deref(),
        Some("2026-03-12")
    );
    assert_eq!(first.requirements[1].first_failed, None);
    // The site could not be checked: the streak is neither broken nor extended.
    let _ = run_on(&history, "2026-04-01", site(Unknown, Pass));
    let third = run_on(&history, "2026-05-01", site(Partial, Fail));
    assert_eq!(
        third.requirements[0].first_failed.as_deref(),
        Some("2026-03-12")
    );
    assert_eq!(
        third.requirements[1].first_failed.as_deref(),
        Some("2026-05-01")
    );
    // A pass ends the streak; the next failure starts a new one.
    let _ = run_on(&history, "2026-06-01", site(Pass, Fail));
    let fifth = run_on(&history, "2026-07-01", site(Fail, Fail));
    assert_eq!(
        fifth.requirements[0].first_failed.as_deref(),
        Some("2026-07-01")
    );
    assert_eq!(
        fifth.requirements[1].first_failed.as_deref(),
        Some("2026-05-01")
    );
    // And it is read back with the report.
    let runs = history.runs().unwrap();
    let stored = history
        .site_report(runs.last().unwrap().id, URL)
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.requirements[1].first_failed.as_deref(),
        Some("2026-05-01")
    );
}

#[test]
fn acceptances_and_rule_fingerprints_are_stored_with_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::open(&dir.path().join("h.db")).unwrap();
    let mut report = site(Fail, Pass);
    report.requirements[0].accepted = Some(Acceptance {
        reason: "согласовано".into(),
        by: "Иванова".into(),
        until: "2027-03-31".into(),
    });
    let mut rules = ruleset();
    rules.sha256 = "ab".repeat(32);
    rules
        .rule_digests
        .insert("founder".into(), "0123456789abcdef".into());
    let run = history
        .begin_run(RunKind::Sweep, &rules, "{}", None)
        .unwrap();
    history
        .record_site(run, &row(1, None, &report), &report)
        .unwrap();
    let summary = history.run_summary(run).unwrap();
    assert_eq!(summary.ruleset, rules);
    assert_eq!(summary.sites[0].accepted["founder"].by, "Иванова");
    let stored = history.site_report(run, URL).unwrap().unwrap();
    assert_eq!(
        stored.requirements[0].accepted,
        report.requirements[0].accepted
    );
}

#[test]
fn a_schema_two_database_is_migrated_and_its_failures_dated_by_their_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.execute_batch(schema::MIGRATIONS[1]).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER NOT NULL);
             INSERT INTO schema_version VALUES (2);
             INSERT INTO runs (kind, started_at, finished_at, tool_version, ruleset_id, ruleset_version)
             VALUES ('check', '2026-02-10T08:00:00Z', '2026-02-10T08:05:00Z', '0.1.0', '1239-886n', '1');
             INSERT INTO sites (run_id, url, dir, reachable, score_percent, feedback_score, verdict,
                                pages_fetched, report_json, report_meta)
             VALUES (1, 'https://kcson.example.ru/', '.', 1, 0.0, 0, 'non_compliant', 3, '', '{}');",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO results (run_id, url, requirement_id, status) VALUES (1, ?1, 'founder', 'fail')",
            params![URL],
        )
        .unwrap();
    }
    let history = History::open(&path).unwrap();
    assert_eq!(schema::current_version(), 3);
    let since = history.failing_since(URL).unwrap();
    assert_eq!(since["founder"], "2026-02-10");
    let now = run_on(&history, "2026-12-06", site(Fail, Pass));
    assert_eq!(
        now.requirements[0].first_failed.as_deref(),
        Some("2026-02-10")
    );
    assert_eq!(history.run_summary(1).unwrap().ruleset.sha256, "");
}
