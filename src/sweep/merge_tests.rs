//! Tests of `merge`.
use super::*;
use crate::model::{RequirementId, Severity, Status};
use crate::report::RulesetInfo;

fn site(row: usize, url: &str, dir: &str, statuses: Vec<Status>) -> SweepSite {
    SweepSite {
        row,
        name: None,
        region: None,
        inn: None,
        kind: None,
        url: url.into(),
        dir: dir.into(),
        reachable: true,
        error: None,
        score_percent: 50.0,
        feedback_score: 0,
        mandatory_passed: 1,
        mandatory_total: 2,
        verdict: "non_compliant".into(),
        statuses,
        accepted: Default::default(),
        pages_fetched: 1,
        errors: 0,
        duration_ms: 5,
    }
}

fn shard(dir: &str, version: &str, sites: Vec<SweepSite>, problems: usize) -> ShardOutput {
    let requirement = |id: &str| RequirementInfo {
        id: RequirementId(id.into()),
        title: id.into(),
        severity: Severity::Mandatory,
    };
    let problems = (0..problems)
        .map(|i| InputProblemRecord {
            row: 90 + i,
            value: String::new(),
            problem: "нет адреса".into(),
        })
        .collect();
    ShardOutput {
        dir: PathBuf::from(dir),
        summary: SweepSummary {
            schema: SWEEP_SCHEMA.into(),
            generated_at: String::new(),
            tool_version: String::new(),
            ruleset: RulesetInfo {
                id: "1239-886n".into(),
                version: version.into(),
                source: "встроенный".into(),
                ..Default::default()
            },
            requirements: vec![requirement("founder"), requirement("email")],
            input: InputInfo {
                source: "list.csv".into(),
                rows: 6,
                sites: sites.len(),
                problems,
            },
            totals: Vec::new(),
            duration_ms: sites.len() as u64 * 10,
            interrupted: false,
            sites,
        },
    }
}

#[test]
fn joins_sites_in_row_order_and_recounts() {
    use Status::*;
    let a = shard(
        "s1",
        "1",
        vec![
            site(4, "http://c.ru/", "c.ru", vec![Fail, Pass]),
            site(2, "http://a.ru/", "a.ru", vec![Pass, Pass]),
        ],
        1,
    );
    let mut b = shard(
        "s2",
        "1",
        vec![site(3, "http://b.ru/", "b.ru", vec![Pass, Unknown])],
        0,
    );
    b.summary.interrupted = true;
    let plan = plan_merge(&[a, b]).unwrap();
    let rows: Vec<usize> = plan.summary.sites.iter().map(|s| s.row).collect();
    assert_eq!(rows, vec![2, 3, 4]);
    assert_eq!(
        (plan.summary.totals[0].pass, plan.summary.totals[0].fail),
        (2, 1)
    );
    assert_eq!(
        (plan.summary.totals[1].pass, plan.summary.totals[1].unknown),
        (2, 1)
    );
    assert_eq!(
        (
            plan.summary.input.sites,
            plan.summary.input.rows,
            plan.summary.input.problems.len()
        ),
        (3, 6, 1)
    );
    assert!(plan.summary.interrupted);
    assert_eq!(plan.summary.duration_ms, 20);
    assert_eq!(
        plan.folders[1],
        FolderMove {
            from: PathBuf::from("s2/b.ru"),
            to: "b.ru".into()
        }
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn clashing_folders_get_a_suffix_and_the_row_follows() {
    let a = shard(
        "s1",
        "1",
        vec![site(2, "http://a.ru/x/", "a.ru", vec![])],
        0,
    );
    let b = shard(
        "s2",
        "1",
        vec![site(3, "http://a.ru/y/", "A.ru", vec![])],
        0,
    );
    let plan = plan_merge(&[a, b]).unwrap();
    assert_eq!(plan.summary.sites[1].dir, "A.ru-2");
    assert_eq!(plan.folders[1].to, "A.ru-2");
    assert_eq!(plan.warnings.len(), 1);
}

#[test]
fn refuses_different_rules_and_a_site_in_two_shards() {
    let a = shard("s1", "1", vec![site(2, "http://a.ru/", "a.ru", vec![])], 0);
    let b = shard("s2", "2", vec![], 0);
    let err = plan_merge(&[a.clone(), b]).unwrap_err().to_string();
    assert!(
        err.contains("s1") && err.contains("s2") && err.contains("версии 2"),
        "{err}"
    );
    let c = shard(
        "s3",
        "1",
        vec![site(5, "https://www.a.ru", "a.ru-2", vec![])],
        0,
    );
    let err = plan_merge(&[a, c]).unwrap_err().to_string();
    assert!(
        err.contains("s1") && err.contains("s3") && err.contains("a.ru"),
        "{err}"
    );
    assert!(matches!(plan_merge(&[]), Err(MergeError::NoShards)));
}

#[test]
fn merge_into_copies_or_moves_folders_and_refuses_a_full_output() {
    let tmp = tempfile::tempdir().unwrap();
    let (s1, s2, out) = (
        tmp.path().join("s1"),
        tmp.path().join("s2"),
        tmp.path().join("out"),
    );
    for (dir, sh) in [
        (
            &s1,
            shard("x", "1", vec![site(2, "http://a.ru/", "a.ru", vec![])], 0),
        ),
        (
            &s2,
            shard("y", "1", vec![site(3, "http://b.ru/", "b.ru", vec![])], 0),
        ),
    ] {
        let name = &sh.summary.sites[0].dir;
        std::fs::create_dir_all(dir.join(name).join("docs")).unwrap();
        std::fs::write(dir.join(name).join("report.json"), "{}").unwrap();
        std::fs::write(dir.join(name).join("docs/x.txt"), "x").unwrap();
        std::fs::write(
            dir.join("summary.json"),
            serde_json::to_string(&sh.summary).unwrap(),
        )
        .unwrap();
    }
    let plan = merge_into(&[s1.clone(), s2.clone()], &out, false).unwrap();
    assert_eq!(plan.summary.sites.len(), 2);
    assert!(out.join("a.ru/docs/x.txt").is_file() && s1.join("a.ru").is_dir());
    let err = merge_into(&[s1.clone(), s2.clone()], &out, false).unwrap_err();
    assert!(matches!(err, MergeError::OutputNotEmpty(_)), "{err}");
    let out2 = tmp.path().join("out2");
    merge_into(&[s1.clone(), s2.clone()], &out2, true).unwrap();
    assert!(out2.join("b.ru/report.json").is_file() && !s2.join("b.ru").exists());
    let err = merge_into(&[s1.clone(), s1.clone()], &tmp.path().join("out3"), false).unwrap_err();
    assert!(matches!(err, MergeError::SameFolderTwice(_)), "{err}");
}

#[test]
fn an_unfinished_shard_is_pointed_to_resume() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(crate::sweep::journal::PLAN_FILE), "{}").unwrap();
    let err = read_shard(tmp.path()).unwrap_err().to_string();
    assert!(err.contains("--resume"), "{err}");
}
