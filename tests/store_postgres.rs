//! The one store of history, check queue and workspace on every database the tests have: SQLite
//! always, PostgreSQL when `SOCAUDIT_TEST_POSTGRES` names a server (see
//! `tests/support/workspace.rs`). A CLI sweep recorded with `--db` and read back by a server on
//! the same database, the workspace tables, two handles («two instances») writing history and
//! claiming checks from several threads at once, and migrations racing.

mod common;
#[path = "support/serve.rs"]
mod serve_support;
#[path = "support/workspace.rs"]
mod workspace;

use assert_cmd::Command;
use common::{fixture_dir, text, FIXTURE_TODAY};
use serve_support::{config, post_check, serve, wait_done};
use socaudit::db::Db;
use socaudit::fetch::cache::HttpCache;
use socaudit::fixture_server::{serve_hosts, Site};
use socaudit::history::{History, RunKind};
use socaudit::report::json;
use socaudit::serve::store::{CheckStore, DbStore};
use socaudit::sweep::SweepSummary;
use socaudit::workspace::auth::{session_user, Role};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Barrier};
use workspace::{add_user, stores, StoreSpec};

const HOSTS: &[(&str, &str)] = &[("kcson.test", "compliant"), ("cso.test", "weak")];

/// `socaudit sweep` of the fixture sites with `--db spec`; its output folder.
async fn cli_sweep(dir: &Path, port: u16, spec: &str) -> std::path::PathBuf {
    let list = dir.join("list.txt");
    let lines: String = HOSTS
        .iter()
        .map(|(h, _)| format!("http://{h}:{port}/\n"))
        .collect();
    std::fs::write(&list, lines).unwrap();
    let out = dir.join("out");
    let mut args: Vec<String> = ["sweep", &list.display().to_string(), "--out"]
        .map(String::from)
        .to_vec();
    args.extend([out.display().to_string(), "--db".into(), spec.into()]);
    args.extend(["--delay", "0", "--quiet"].map(String::from));
    for (host, _) in HOSTS {
        args.extend(["--resolve".to_string(), format!("{host}:{port}:127.0.0.1")]);
    }
    let output = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("socaudit")
            .unwrap()
            .env("SOCAUDIT_TODAY", FIXTURE_TODAY)
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.join("summary.json").is_file(),
        "the sweep wrote no summary\n{}",
        text(&output)
    );
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cli_sweep_is_recorded_and_read_back_by_a_server_on_every_store() {
    let sites = HOSTS
        .iter()
        .map(|(h, d)| (h.to_string(), Site::from_dir(&fixture_dir(d)).unwrap()))
        .collect();
    let sites = serve_hosts(sites).await.unwrap();
    for store in stores() {
        let dir = tempfile::tempdir().unwrap();
        let out = cli_sweep(dir.path(), sites.port(), &store.spec).await;
        let on_disk: SweepSummary =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();

        let history = History::open(Path::new(&store.spec)).unwrap();
        let runs = history.runs().unwrap();
        assert_eq!(runs.len(), 1, "{}: {runs:?}", store.name);
        assert_eq!((runs[0].kind, runs[0].sites), (RunKind::Sweep, 2));
        let options: serde_json::Value = serde_json::from_str(&runs[0].args_json).unwrap();
        let recorded = options["crawl"]["db"].as_str().expect("the db is recorded");
        if store.is_postgres() {
            let url = url::Url::parse(recorded).unwrap();
            assert_eq!(url.password(), None, "no password in the recorded options");
            assert_eq!(url.path(), url::Url::parse(&store.spec).unwrap().path());
        }
        let stored = history.run_summary(runs[0].id).unwrap();
        let digest = |s: &SweepSummary| -> Vec<(String, String, Vec<String>)> {
            s.sites
                .iter()
                .map(|site| {
                    let statuses = site.statuses.iter().map(|st| format!("{st:?}")).collect();
                    (site.url.clone(), site.verdict.clone(), statuses)
                })
                .collect()
        };
        assert_eq!(digest(&stored), digest(&on_disk), "{}", store.name);
        assert_eq!(stored.requirements.len(), on_disk.requirements.len());
        for site in &on_disk.sites {
            let report = json::read(&out.join(&site.dir).join("report.json")).unwrap();
            let back = history.site_report(runs[0].id, &site.url).unwrap().unwrap();
            let statuses = |r: &socaudit::report::SiteReport| -> Vec<_> {
                r.requirements
                    .iter()
                    .map(|v| (v.id.0.clone(), v.status, v.evidence.len()))
                    .collect()
            };
            assert_eq!(statuses(&back), statuses(&report), "{}", store.name);
            assert!(
                history.get(&site.url).is_some(),
                "{}: the start page is in the HTTP store",
                store.name
            );
        }
        let weak = format!("http://cso.test:{}/", sites.port());
        assert!(
            !history.failing_since(&weak).unwrap().is_empty(),
            "{}: the weak site's failures are dated",
            store.name
        );

        // A server on the same database checks a site and records it in the same history.
        let mut cfg = config(dir.path(), true);
        cfg.db = store.spec.clone();
        cfg.http.resolve = HOSTS
            .iter()
            .map(|(h, _)| (h.to_string(), ([127, 0, 0, 1], sites.port()).into()))
            .collect();
        let (server, base) = serve(cfg).await;
        let (status, _, body) =
            post_check(&base, &format!("http://kcson.test:{}/", sites.port())).await;
        assert_eq!(status, 202, "{}: {body}", store.name);
        let check = wait_done(&base, body["id"].as_str().unwrap()).await;
        assert_eq!(check["status"], "done", "{}: {check}", store.name);
        server.shutdown().await;
        let kinds: Vec<RunKind> = history.runs().unwrap().iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [RunKind::Sweep, RunKind::Check], "{}", store.name);
    }
}

#[test]
fn workspace_tables_round_trip_on_every_store() {
    for store in stores() {
        let db = store.db();
        let admin = add_user(&db, "Анна", Role::Admin);
        let auditor = add_user(&db, "Борис", Role::Auditor);
        assert!(admin < auditor, "{}", store.name);
        let cookie = workspace::session_cookie(&db, auditor);
        let token = cookie.split_once('=').unwrap().1;
        let user = session_user(&store.db(), token, socaudit::serve::now_ms())
            .unwrap()
            .expect("the session is found through another handle");
        assert_eq!((user.id, user.name.as_str()), (auditor, "Борис"));
        db.execute(
            "INSERT INTO ws_accepted (site, requirement_id, reason, until_date, accepted_by,
                                      accepted_ms)
             VALUES ($1, $2, $3, $4, $5, $6)",
            socaudit::vals![
                "http://kcson.test/",
                "1239.contacts",
                "раздел переносится",
                Some("2027-01-01"),
                admin,
                1_i64
            ],
        )
        .unwrap();
        let accepted = socaudit::workspace::accepted::load(&db).unwrap();
        assert_eq!(accepted.entries.len(), 1, "{}", store.name);
        let counted = db
            .query_opt(
                "SELECT count(*), CAST(SUM(id) AS BIGINT) FROM ws_users",
                &[],
            )
            .unwrap()
            .unwrap();
        assert_eq!(counted.int(0).unwrap(), 2);
        assert_eq!(counted.int(1).unwrap(), admin + auditor);
    }
}

/// Runs `work(handle, thread)` on `threads` threads of each of two handles, all started together.
fn on_two_handles<T: Send + 'static>(
    store: &StoreSpec,
    threads: usize,
    work: impl Fn(Db, usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let handles = [store.raw(), store.raw()];
    let work = Arc::new(work);
    let start = Arc::new(Barrier::new(threads * 2));
    let joins: Vec<_> = (0..threads * 2)
        .map(|n| {
            let (db, work, start) = (handles[n % 2].clone(), work.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                work(db, n)
            })
        })
        .collect();
    joins.into_iter().map(|j| j.join().unwrap()).collect()
}

#[test]
fn migrations_racing_from_two_handles_apply_once() {
    for store in stores() {
        let results = on_two_handles(&store, 3, |db, _| {
            History::with_db(db.clone()).map_err(|e| e.to_string())?;
            socaudit::workspace::migrate(&db).map_err(|e| e.to_string())?;
            DbStore::new(db).map(|_| ()).map_err(|e| e.to_string())
        });
        for result in results {
            result.unwrap_or_else(|e| panic!("{}: {e}", store.name));
        }
        let db = store.raw();
        let versions = db.query("SELECT version FROM schema_version", &[]).unwrap();
        assert_eq!(versions.len(), 1, "{}", store.name);
        assert_eq!(
            versions[0].int(0).unwrap(),
            i64::from(socaudit::history::schema::current_version())
        );
        let components = db
            .query(
                "SELECT component FROM schema_versions ORDER BY component",
                &[],
            )
            .unwrap();
        let names: Vec<String> = components.iter().map(|r| r.text(0).unwrap()).collect();
        assert_eq!(
            names,
            ["serve", "workspace", "workspace.schedules"],
            "{}",
            store.name
        );
    }
}

#[test]
fn two_instances_claim_every_queued_check_exactly_once() {
    const CHECKS: usize = 60;
    for store in stores() {
        let queue = DbStore::new(store.raw()).unwrap();
        for n in 0..CHECKS {
            queue
                .insert(&format!("c{n}"), &format!("http://s{n}.test/"), n as i64)
                .unwrap();
        }
        let claimed = on_two_handles(&store, 4, |db, thread| {
            let queue = DbStore::new(db).expect("store");
            let mut mine = Vec::new();
            while let Some(check) = queue.claim_next(1_000 + thread as i64).expect("claim") {
                queue.finish(&check.id, "{}", 2_000).expect("finish");
                mine.push(check.id);
            }
            mine
        });
        let all: Vec<String> = claimed.into_iter().flatten().collect();
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(all.len(), CHECKS, "{}: no check claimed twice", store.name);
        assert_eq!(unique.len(), CHECKS, "{}", store.name);
        let counts = queue.counts().unwrap();
        assert!(
            counts.contains(&(socaudit::serve::store::CheckStatus::Done, CHECKS as u64)),
            "{}: {counts:?}",
            store.name
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_record_history_from_many_threads_without_losing_a_row() {
    const PER_THREAD: usize = 6;
    const THREADS: usize = 3;
    let site = common::serve_fixture("weak").await;
    let report = common::check_url(&site.base_url(), &common::TestOptions::default()).await;
    for store in stores() {
        let history = History::with_db(store.raw()).unwrap();
        let shared = history
            .begin_run(RunKind::Sweep, &report.ruleset, "{}", None)
            .unwrap();
        let template = report.clone();
        let store_name = store.name;
        let ends = tokio::task::spawn_blocking({
            let spec_db = (store.raw(), store.raw());
            move || {
                let handles = [spec_db.0, spec_db.1];
                let start = Arc::new(Barrier::new(THREADS * 2));
                let joins: Vec<_> = (0..THREADS * 2)
                    .map(|n| {
                        let db = handles[n % 2].clone();
                        let (start, template) = (start.clone(), template.clone());
                        std::thread::spawn(move || {
                            let history = History::with_db(db).expect("history");
                            start.wait();
                            let own = history
                                .begin_run(RunKind::Check, &template.ruleset, "{}", None)
                                .expect("begin");
                            for i in 0..PER_THREAD {
                                let url = format!("http://t{n}-{i}.test/");
                                let mut report = template.clone();
                                report.site.url = url.clone();
                                let item = socaudit::sweep::SweepItem::single(url.parse().unwrap());
                                let row = socaudit::sweep::build::site_row(
                                    &item,
                                    &format!("t{n}-{i}"),
                                    &report,
                                    std::time::Duration::from_millis(5),
                                );
                                history.record_site(shared, &row, &report).expect("shared");
                                history.record_site(own, &row, &report).expect("own");
                            }
                            history.finish_run(own, false).expect("finish");
                        })
                    })
                    .collect();
                for join in joins {
                    join.join().expect("writer thread");
                }
            }
        });
        ends.await.unwrap();
        let summary = history.run_summary(shared).unwrap();
        let urls: HashSet<&str> = summary.sites.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(urls.len(), THREADS * 2 * PER_THREAD, "{store_name}");
        assert_eq!(summary.requirements.len(), report.requirements.len());
        let runs = history.runs().unwrap();
        assert_eq!(runs.len(), 1 + THREADS * 2, "{store_name}");
        assert!(runs[1..]
            .iter()
            .all(|r| r.sites == PER_THREAD && r.finished_at.is_some()));
        let evidence: usize = report.requirements.iter().map(|v| v.evidence.len()).sum();
        let stored = store
            .raw()
            .query_opt(
                "SELECT count(*) FROM evidence WHERE run_id = $1",
                socaudit::vals![shared],
            )
            .unwrap()
            .unwrap()
            .count(0)
            .unwrap();
        assert_eq!(
            stored as usize,
            evidence * THREADS * 2 * PER_THREAD,
            "{store_name}"
        );
    }
}

#[test]
fn a_server_takes_over_only_the_checks_of_a_server_that_stopped_renewing_its_claims() {
    use socaudit::serve::store::LEASE_MS;
    for store in stores() {
        let first = DbStore::new(store.raw()).unwrap();
        let now = socaudit::serve::now_ms();
        first.insert("a", "http://a.test/", now).unwrap();
        first.claim_next(now).unwrap().expect("claimed");
        let second = DbStore::new(store.raw()).unwrap();
        // Starting: SQLite serves one process, so whatever runs was left by a crash; on
        // PostgreSQL the first server is alive and keeps its check.
        let expected = if store.is_postgres() { 0 } else { 1 };
        assert_eq!(
            second.requeue_running().unwrap(),
            expected,
            "{}",
            store.name
        );
        if expected == 1 {
            continue;
        }
        assert_eq!(first.keep_alive(now + LEASE_MS / 2).unwrap(), 0);
        assert_eq!(second.keep_alive(now + LEASE_MS).unwrap(), 0, "renewed");
        assert_eq!(second.keep_alive(now + 2 * LEASE_MS).unwrap(), 1, "expired");
        let again = second
            .claim_next(now + 2 * LEASE_MS)
            .unwrap()
            .expect("queued");
        assert_eq!(again.id, "a");
        assert_eq!(
            first.keep_alive(now + 2 * LEASE_MS).unwrap(),
            0,
            "the new claim holds"
        );
    }
}
