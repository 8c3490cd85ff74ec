//! The admin's side of the workspace's accounts over HTTP on 127.0.0.1: the `/users` page and
//! its actions (and that auditors get none of it), a disabled account's live session ending,
//! `socaudit user` making an account that logs in, and the `Secure` flag of the session cookie.

mod common;
#[path = "support/serve.rs"]
mod serve_support;
#[path = "support/workspace.rs"]
mod workspace;

use assert_cmd::Command;
use serve_support::{config, serve};
use socaudit::workspace::accounts::store;
use socaudit::workspace::auth::{Role, SESSION_COOKIE};
use workspace::*;

#[tokio::test(flavor = "multi_thread")]
async fn an_auditor_gets_none_of_the_admins_pages() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "root", Role::Admin);
    let anna = add_user(&db, "anna", Role::Auditor);
    let (server, base) = serve(config(dir.path(), true)).await;
    let cookie = login(&base, "anna", PASSWORD).await;
    let csrf = session_csrf(&base, &cookie).await;
    let (status, _, page) = get_as(&base, &cookie, "/users").await;
    assert_eq!(status, 403, "{page}");
    let (_, _, account) = get_as(&base, &cookie, "/account").await;
    assert!(
        !account.contains("href=\"/users\""),
        "no admin link for auditors"
    );
    let reset = [("csrf", csrf.as_str()), ("password", "пароль от аудитора")];
    for path in [
        format!("/users/{anna}/reset"),
        format!("/users/{anna}/role"),
        "/users".to_string(),
    ] {
        let (status, _, _) = post_as(&base, &cookie, &path, &reset).await;
        assert_eq!(status, 403, "{path}");
    }
    login(&base, "anna", PASSWORD).await;
    let account = store::by_id(&db, anna).expect("q").expect("anna");
    assert_eq!(account.role, Role::Auditor);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_adds_disables_resets_and_promotes_but_never_themself() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    let root = add_user(&db, "root", Role::Admin);
    let (server, base) = serve(config(dir.path(), true)).await;
    let admin = login(&base, "root", PASSWORD).await;
    let csrf = session_csrf(&base, &admin).await;

    let add = [
        ("csrf", csrf.as_str()),
        ("name", "petr"),
        ("role", "auditor"),
        ("password", "начальный пароль"),
    ];
    let (status, location, body) = post_as(&base, &admin, "/users", &add).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/users?done=added"),
        "{body}"
    );
    let (status, _, page) = post_as(&base, &admin, "/users", &add).await;
    assert_eq!(status, 400);
    assert!(page.contains("уже есть"), "{page}");
    let weak = [
        ("csrf", csrf.as_str()),
        ("name", "ira"),
        ("role", "auditor"),
        ("password", "123"),
    ];
    let (status, _, page) = post_as(&base, &admin, "/users", &weak).await;
    assert_eq!(status, 400);
    assert!(page.contains("не короче 10 символов"), "{page}");

    let petr = store::by_name(&db, "petr").expect("q").expect("petr").id;
    let petr_session = login(&base, "petr", "начальный пароль").await;
    let (_, _, page) = get_as(&base, &admin, "/users").await;
    assert!(page.contains(&format!("id=\"user-{petr}\"")), "{page}");

    // Disabling ends the live session at once and refuses the next login.
    let token = [("csrf", csrf.as_str())];
    let (status, _, _) = post_as(&base, &admin, &format!("/users/{petr}/disable"), &token).await;
    assert_eq!(status, 303);
    let (status, location, _) = get_as(&base, &petr_session, "/account").await;
    assert_eq!((status, location.as_str()), (303, "/login?next=%2Faccount"));
    let refused = post_login(&base, "petr", "начальный пароль", None).await;
    assert_eq!(refused.status(), 401);
    let (_, _, page) = get_as(&base, &admin, "/users").await;
    assert!(page.contains("отключена"), "{page}");
    post_as(&base, &admin, &format!("/users/{petr}/enable"), &token).await;

    let reset = [("csrf", csrf.as_str()), ("password", "пароль от админа")];
    let (status, _, _) = post_as(&base, &admin, &format!("/users/{petr}/reset"), &reset).await;
    assert_eq!(status, 303);
    login(&base, "petr", "пароль от админа").await;

    let promote = [("csrf", csrf.as_str()), ("role", "admin")];
    post_as(&base, &admin, &format!("/users/{petr}/role"), &promote).await;
    let petr_admin = login(&base, "petr", "пароль от админа").await;
    assert_eq!(get_as(&base, &petr_admin, "/users").await.0, 200);

    // Never oneself, even with another admin around.
    let (status, _, page) = post_as(&base, &admin, &format!("/users/{root}/disable"), &token).await;
    assert_eq!(status, 400);
    assert!(page.contains("Свою учётную запись нельзя"), "{page}");
    let demote = [("csrf", csrf.as_str()), ("role", "auditor")];
    let (status, _, _) = post_as(&base, &admin, &format!("/users/{root}/role"), &demote).await;
    assert_eq!(status, 400);
    let (status, _, _) = post_as(&base, &admin, "/users/9999/disable", &token).await;
    assert_eq!(status, 404);
    assert_eq!(
        get_as(&base, &admin, "/users").await.0,
        200,
        "root is still admin"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_account_made_by_the_cli_logs_in() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("serve.sqlite");
    // A refused password and a mistyped database leave no new file behind.
    let weak = Command::cargo_bin("socaudit")
        .expect("binary")
        .args(["user", "add", "lena", "--admin", "--password-stdin", "--db"])
        .arg(&file)
        .write_stdin("короткий\n")
        .output()
        .expect("run");
    assert_eq!(weak.status.code(), Some(2), "{weak:?}");
    assert!(String::from_utf8_lossy(&weak.stderr).contains("не короче 10 символов"));
    assert!(!file.exists(), "a refused password created the database");
    let typo = dir.path().join("serv.sqlite");
    let listed = Command::cargo_bin("socaudit")
        .expect("binary")
        .args(["user", "list", "--db"])
        .arg(&typo)
        .output()
        .expect("run");
    assert_eq!(listed.status.code(), Some(2), "{listed:?}");
    assert!(String::from_utf8_lossy(&listed.stderr).contains("serv.sqlite» нет"));
    assert!(!typo.exists(), "listing a mistyped database created it");

    let added = Command::cargo_bin("socaudit")
        .expect("binary")
        .args(["user", "add", "lena", "--admin", "--password-stdin", "--db"])
        .arg(&file)
        .write_stdin("пароль из сценария\n")
        .output()
        .expect("run");
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    assert!(String::from_utf8_lossy(&added.stdout).contains("«lena» (администратор) добавлен"));
    let again = Command::cargo_bin("socaudit")
        .expect("binary")
        .args(["user", "add", "lena", "--password-stdin", "--db"])
        .arg(&file)
        .write_stdin("пароль из сценария\n")
        .output()
        .expect("run");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("пользователь «lena» уже есть"));
    for (args, said) in [
        (&["user", "add", "olga"][..], "--password-stdin"),
        (
            &["user", "disable", "nobody"][..],
            "пользователя «nobody» нет",
        ),
        (
            &["user", "role", "lena", "auditor"][..],
            "последний действующий администратор",
        ),
    ] {
        let refused = Command::cargo_bin("socaudit")
            .expect("binary")
            .args(args)
            .arg("--db")
            .arg(&file)
            .output()
            .expect("run");
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains(said),
            "{refused:?}"
        );
    }
    let listed = Command::cargo_bin("socaudit")
        .expect("binary")
        .args(["user", "list", "--db"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&listed.stdout).contains("lena"));

    let (server, base) = serve(config(dir.path(), true)).await;
    let cookie = login(&base, "lena", "пароль из сценария").await;
    assert_eq!(get_as(&base, &cookie, "/users").await.0, 200);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cookie_is_secure_only_over_tls() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "mila", Role::Auditor);
    let secure_of = |resp: &reqwest::Response| {
        set_cookie(resp.headers(), SESSION_COOKIE)
            .expect("session cookie")
            .contains("; Secure")
    };
    let https_login = |base: String| async move {
        let page = http()
            .get(format!("{base}/login"))
            .send()
            .await
            .expect("get");
        let cookie = set_cookie(page.headers(), "socaudit_csrf").expect("csrf cookie");
        let token = csrf_field(&page.text().await.expect("page"));
        http()
            .post(format!("{base}/login"))
            .header("cookie", cookie.split(';').next().expect("pair"))
            .header("x-forwarded-proto", "https")
            .form(&[
                ("csrf", token.as_str()),
                ("name", "mila"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .expect("post")
    };

    let (server, base) = serve(config(dir.path(), true)).await;
    assert!(!secure_of(&post_login(&base, "mila", PASSWORD, None).await));
    assert!(
        !secure_of(&https_login(base.clone()).await),
        "X-Forwarded-Proto counts only with --trust-proxy"
    );
    server.shutdown().await;

    let mut behind_proxy = config(dir.path(), true);
    behind_proxy.trust_proxy = true;
    let (server, base) = serve(behind_proxy).await;
    assert!(secure_of(&https_login(base.clone()).await));
    assert!(!secure_of(&post_login(&base, "mila", PASSWORD, None).await));
    server.shutdown().await;

    let mut forced = config(dir.path(), true);
    forced.secure_cookies = true;
    let (server, base) = serve(forced).await;
    assert!(secure_of(&post_login(&base, "mila", PASSWORD, None).await));
    server.shutdown().await;
}
