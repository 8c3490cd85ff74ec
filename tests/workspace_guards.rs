//! The guards of the whole workspace, on every store (SQLite, and PostgreSQL when the tests have
//! one): every page and action below the login sends a logged-out browser to the login page;
//! every form post without this session's CSRF token — none, another session's, or from another
//! origin — is refused and changes nothing; an auditor cannot do what only an administrator may,
//! nor act on another account.

mod common;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/workspace.rs"]
mod workspace;

use socaudit::db::Db;
use socaudit::workspace::auth::Role;
use socaudit::workspace::lists::store::{insert_list, StoredSite};
use workspace::{assert_requires_login, http, session_cookie, session_csrf, stores};

/// Every workspace route (ids that exist in the test's data).
const BELOW_LOGIN: &[&str] = &[
    "/lists",
    "/lists/1",
    "/lists/1/trend",
    "/sweeps/1",
    "/sweeps/1/status.json",
    "/runs",
    "/runs/1",
    "/runs/1/site?url=http%3A%2F%2Fkcson.test%2F",
    "/runs/1/download/csv",
    "/runs/1/site/download/report.json?url=http%3A%2F%2Fkcson.test%2F",
    "/site?url=http%3A%2F%2Fkcson.test%2F",
    "/diff",
    "/schedules",
    "/account",
    "/users",
    "POST /logout",
    "POST /account/password",
    "POST /users",
    "POST /users/1/disable",
    "POST /users/1/reset",
    "POST /lists",
    "POST /lists/1/sweeps",
    "POST /site/accept",
    "POST /site/accepted/1/revoke",
    "POST /schedules",
    "POST /schedules/1/delete",
    "POST /schedules/1/disable",
    "POST /schedules/1/test-alert",
];

/// Form posts an auditor may make, each with the fields it needs besides `csrf`.
const AUDITOR_POSTS: &[(&str, &[(&str, &str)])] = &[
    ("/lists/1/sweeps", &[]),
    (
        "/site/accept",
        &[
            ("url", "http://kcson.test/"),
            ("requirement", "contacts"),
            ("reason", "переезд"),
            ("until", "2027-01-31"),
        ],
    ),
    (
        "/account/password",
        &[
            ("current", workspace::PASSWORD),
            ("new", "новый длинный пароль"),
            ("repeat", "новый длинный пароль"),
        ],
    ),
    ("/logout", &[]),
];

/// Posts only an administrator may make.
const ADMIN_POSTS: &[(&str, &[(&str, &str)])] = &[
    (
        "/users",
        &[
            ("name", "mallory"),
            ("role", "admin"),
            ("password", "длинный пароль злоумышленника"),
        ],
    ),
    ("/users/3/disable", &[]),
    (
        "/users/3/reset",
        &[("password", "пароль, который знает anna")],
    ),
    ("/users/2/role", &[("role", "admin")]),
    (
        "/schedules",
        &[
            ("list_id", "1"),
            ("cron", "0 6 * * 1"),
            ("emails", "x@example.org"),
        ],
    ),
];

fn count(db: &Db, sql: &str) -> i64 {
    db.query_opt(sql, &[]).unwrap().unwrap().int(0).unwrap()
}

/// What the posts could change, to compare before and after.
fn state(db: &Db) -> Vec<i64> {
    [
        "SELECT COUNT(*) FROM ws_users",
        "SELECT COUNT(*) FROM ws_users WHERE disabled <> 0 OR role = 'admin'",
        "SELECT COUNT(*) FROM ws_sweeps",
        "SELECT COUNT(*) FROM ws_accepted",
        "SELECT COUNT(*) FROM ws_schedules",
        "SELECT COUNT(*) FROM ws_sessions",
    ]
    .iter()
    .map(|sql| count(db, sql))
    .collect()
}

async fn post(
    base: &str,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    origin: Option<&str>,
) -> u16 {
    let mut request = http()
        .post(format!("{base}{path}"))
        .header("cookie", cookie)
        .form(fields);
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.send().await.expect("post").status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_needs_a_login_every_post_its_token_and_admin_actions_an_admin() {
    for store in stores() {
        let db = store.db();
        let admin = workspace::add_user(&db, "admin", Role::Admin);
        let anna = workspace::add_user(&db, "anna", Role::Auditor);
        let boris = workspace::add_user(&db, "boris", Role::Auditor);
        assert_eq!((admin, anna, boris), (1, 2, 3), "{}", store.name);
        let site = StoredSite {
            row: 2,
            url: "http://kcson.test/".into(),
            name: None,
            region: None,
            inn: None,
            kind: None,
        };
        insert_list(&db, "Список", "list.csv", anna, &[site], &[], 0).expect("list");
        let dir = tempfile::tempdir().expect("dir");
        let mut config = serve::config(dir.path(), true);
        config.db = store.spec.clone();
        config.sweep_workers = 0;
        config.schedules.run_loops = false;
        let (server, base) = serve::serve(config).await;

        assert_requires_login(&base, BELOW_LOGIN).await;

        let anna_cookie = session_cookie(&db, anna);
        let boris_cookie = session_cookie(&db, boris);
        let admin_cookie = session_cookie(&db, admin);
        let boris_token = session_csrf(&base, &boris_cookie).await;
        let anna_token = session_csrf(&base, &anna_cookie).await;
        let before = state(&db);
        for (path, fields) in AUDITOR_POSTS.iter().chain(ADMIN_POSTS) {
            let cookie = if ADMIN_POSTS.iter().any(|(p, _)| p == path) {
                &admin_cookie
            } else {
                &anna_cookie
            };
            let admin_token = session_csrf(&base, &admin_cookie).await;
            let own = if cookie == &admin_cookie {
                &admin_token
            } else {
                &anna_token
            };
            let without: Vec<(&str, &str)> = fields.to_vec();
            let mut foreign = without.clone();
            foreign.push(("csrf", boris_token.as_str()));
            let mut cross = without.clone();
            cross.push(("csrf", own.as_str()));
            for (what, form, origin) in [
                ("no token", &without, None),
                ("another session's token", &foreign, None),
                ("another origin", &cross, Some("https://evil.example")),
            ] {
                let status = post(&base, cookie, path, form, origin).await;
                assert_eq!(status, 403, "{}: POST {path} with {what}", store.name);
            }
        }
        assert_eq!(
            state(&db),
            before,
            "{}: a refused post changed something",
            store.name
        );

        // An auditor with a valid token still cannot do an administrator's work.
        for (path, fields) in ADMIN_POSTS {
            let mut form = fields.to_vec();
            form.push(("csrf", anna_token.as_str()));
            let status = post(&base, &anna_cookie, path, &form, None).await;
            assert_eq!(status, 403, "{}: an auditor's POST {path}", store.name);
        }
        assert_eq!(
            state(&db),
            before,
            "{}: an auditor's post changed something",
            store.name
        );

        // anna's password change is anna's: boris keeps his password and his session.
        let form = [
            ("current", workspace::PASSWORD),
            ("new", "новый длинный пароль"),
            ("repeat", "новый длинный пароль"),
            ("csrf", anna_token.as_str()),
        ];
        let status = post(&base, &anna_cookie, "/account/password", &form, None).await;
        assert!(status == 303 || status == 200, "{}: {status}", store.name);
        let (status, _, _) = workspace::get_as(&base, &boris_cookie, "/account").await;
        assert_eq!(status, 200, "{}: boris's session survived", store.name);
        workspace::login(&base, "boris", workspace::PASSWORD).await;
        workspace::login(&base, "anna", "новый длинный пароль").await;
        server.shutdown().await;
    }
}
