//! The workspace's accounts over HTTP on 127.0.0.1: logging in and out, the lockout and the
//! per-address throttle, no open redirect after login, the session cookie's flags, CSRF on
//! every post, what an auditor may not do, and the public self-check page still public.
//! The admin's pages and the CLI are in `workspace_accounts_admin.rs`.

mod common;
#[path = "support/serve.rs"]
mod serve_support;
#[path = "support/workspace.rs"]
mod workspace;

use serve_support::{config, serve};
use socaudit::workspace::accounts::store;
use socaudit::workspace::auth::{Role, SESSION_COOKIE};
use workspace::*;

/// Every page of the `accounts` part that needs a login.
pub const ACCOUNTS_PATHS: &[&str] = &[
    "/account",
    "/users",
    "POST /logout",
    "POST /account/password",
    "POST /users",
    "POST /users/1/disable",
    "POST /users/1/enable",
    "POST /users/1/reset",
    "POST /users/1/role",
];

#[tokio::test(flavor = "multi_thread")]
async fn the_right_password_logs_in_and_a_wrong_one_does_not_say_why() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "anna", Role::Auditor);
    let (server, base) = serve(config(dir.path(), true)).await;

    let wrong = post_login(&base, "anna", "не тот пароль", None).await;
    assert_eq!(wrong.status(), 401);
    assert!(set_cookie(wrong.headers(), SESSION_COOKIE).is_none());
    let wrong_text = wrong.text().await.expect("body");
    let unknown = post_login(&base, "nobody", "не тот пароль", None).await;
    assert_eq!(unknown.status(), 401);
    let unknown_text = unknown.text().await.expect("body");
    let message = |page: &str| {
        page.split("id=\"login-error\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap_or_default()
            .to_string()
    };
    assert!(message(&wrong_text).contains("Неверное имя пользователя или пароль"));
    assert_eq!(
        message(&wrong_text),
        message(&unknown_text),
        "names are not revealed"
    );

    let ok = post_login(&base, "anna", PASSWORD, None).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/lists");
    let cookie = set_cookie(ok.headers(), SESSION_COOKIE).expect("session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http without --secure-cookies: {cookie}"
    );
    let pair = cookie.split(';').next().expect("pair");
    let (status, _, page) = get_as(&base, pair, "/account").await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"account-name\">anna<"), "{page}");

    // A second login gets a new session token: none is ever reused.
    let again = login(&base, "anna", PASSWORD).await;
    assert_ne!(again, pair);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn five_failures_lock_the_account_even_against_the_right_password() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "boris", Role::Auditor);
    add_user(&db, "vera", Role::Auditor);
    let (server, base) = serve(config(dir.path(), true)).await;

    for _ in 0..5 {
        let resp = post_login(&base, "boris", "подбираемый пароль", None).await;
        assert_eq!(resp.status(), 401);
    }
    let locked = post_login(&base, "boris", PASSWORD, None).await;
    assert_eq!(
        locked.status(),
        401,
        "the right password is refused while locked"
    );
    assert!(set_cookie(locked.headers(), SESSION_COOKIE).is_none());
    let page = locked.text().await.expect("body");
    assert!(page.contains("блокируется на 15 минут"), "{page}");
    let account = store::by_name(&db, "boris").expect("q").expect("boris");
    assert!(account.locked_at(socaudit::serve::now_ms()));
    // Another account is not affected.
    login(&base, "vera", PASSWORD).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_address_cannot_try_many_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let (server, base) = serve(config(dir.path(), true)).await;
    let mut statuses = Vec::new();
    for i in 0..=socaudit::workspace::accounts::LOGIN_RATE.burst {
        let resp = post_login(&base, &format!("name{i}"), "какой-то пароль", None).await;
        statuses.push(resp.status().as_u16());
    }
    assert!(
        statuses[..statuses.len() - 1].iter().all(|s| *s == 401),
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_local_paths_are_followed_after_login() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "gleb", Role::Auditor);
    let (server, base) = serve(config(dir.path(), true)).await;
    let attempts = [
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "/%0d%0aSet-Cookie:x\r\n",
    ];
    for next in attempts {
        let resp = post_login(&base, "gleb", PASSWORD, Some(next)).await;
        assert_eq!(resp.status(), 303);
        assert_eq!(resp.headers()["location"], "/lists", "next={next:?}");
    }
    let resp = post_login(&base, "gleb", PASSWORD, Some("/account?x=1")).await;
    assert_eq!(resp.headers()["location"], "/account?x=1");
    // The login page keeps `next` from the redirect that brought the browser there.
    let (status, location, _) = get_as(&base, "", "/account").await;
    assert_eq!((status, location.as_str()), (303, "/login?next=%2Faccount"));
    let (_, _, form) = get_as(&base, "", &location).await;
    assert!(form.contains("name=\"next\" value=\"/account\""), "{form}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_ends_the_session_and_every_page_needs_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "dina", Role::Admin);
    let (server, base) = serve(config(dir.path(), true)).await;
    assert_requires_login(&base, ACCOUNTS_PATHS).await;

    let cookie = login(&base, "dina", PASSWORD).await;
    let csrf = session_csrf(&base, &cookie).await;
    let resp = http()
        .post(format!("{base}/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/login");
    let cleared = set_cookie(resp.headers(), SESSION_COOKIE).expect("cookie cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let (status, location, _) = get_as(&base, &cookie, "/users").await;
    assert_eq!((status, location.as_str()), (303, "/login?next=%2Fusers"));
    server.shutdown().await;
}

/// The fields of a password change with `csrf`.
fn change(csrf: &str) -> [(&str, &str); 4] {
    [
        ("csrf", csrf),
        ("current", PASSWORD),
        ("new", "совсем новый пароль"),
        ("repeat", "совсем новый пароль"),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn posts_without_this_sessions_token_or_from_elsewhere_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "egor", Role::Auditor);
    add_user(&db, "zoya", Role::Auditor);
    let (server, base) = serve(config(dir.path(), true)).await;
    let egor = login(&base, "egor", PASSWORD).await;
    let zoya = login(&base, "zoya", PASSWORD).await;
    let zoya_csrf = session_csrf(&base, &zoya).await;
    let egor_csrf = session_csrf(&base, &egor).await;
    let (status, _, _) = post_as(&base, &egor, "/account/password", &change("")).await;
    assert_eq!(status, 403, "no token");
    let (status, _, _) = post_as(&base, &egor, "/account/password", &change(&zoya_csrf)).await;
    assert_eq!(status, 403, "another session's token");
    let (status, _, _) = post_as(&base, &egor, "/logout", &[("csrf", zoya_csrf.as_str())]).await;
    assert_eq!(status, 403, "logout with another session's token");
    let cross = http()
        .post(format!("{base}/logout"))
        .header("cookie", &egor)
        .header("origin", "http://evil.example")
        .form(&[("csrf", egor_csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(cross.status(), 403, "cross-origin");
    let login_without_token = http()
        .post(format!("{base}/login"))
        .form(&[("name", "egor"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert_eq!(login_without_token.status(), 403);
    // Nothing changed: both still log in with the old password, egor's session still works.
    login(&base, "egor", PASSWORD).await;
    login(&base, "zoya", PASSWORD).await;
    assert_eq!(get_as(&base, &egor, "/account").await.0, 200);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_change_touches_only_the_sessions_own_account() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db(dir.path());
    add_user(&db, "inna", Role::Auditor);
    add_user(&db, "oleg", Role::Auditor);
    let (server, base) = serve(config(dir.path(), true)).await;
    let inna = login(&base, "inna", PASSWORD).await;
    let inna_other = login(&base, "inna", PASSWORD).await;
    let oleg = login(&base, "oleg", PASSWORD).await;
    let csrf = session_csrf(&base, &inna).await;
    let new = "новый пароль инны";
    let fields = [
        ("csrf", csrf.as_str()),
        ("current", PASSWORD),
        ("new", new),
        ("repeat", new),
        // Fields naming another account are ignored: the session decides whose password.
        ("name", "oleg"),
        ("user", "oleg"),
        ("id", "2"),
    ];
    let (status, location, body) = post_as(&base, &inna, "/account/password", &fields).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/account?changed=1"),
        "{body}"
    );
    login(&base, "inna", new).await;
    login(&base, "oleg", PASSWORD).await;
    assert_eq!(post_login(&base, "oleg", new, None).await.status(), 401);
    assert_eq!(get_as(&base, &oleg, "/account").await.0, 200);
    let (status, _, _) = get_as(&base, &inna_other, "/account").await;
    assert_eq!(
        status, 303,
        "the account's other sessions end with the change"
    );

    // A wrong current password changes nothing.
    let session = login(&base, "inna", new).await;
    let csrf = session_csrf(&base, &session).await;
    let wrong = [
        ("csrf", csrf.as_str()),
        ("current", PASSWORD),
        ("new", "ещё один пароль"),
        ("repeat", "ещё один пароль"),
    ];
    let (status, _, page) = post_as(&base, &session, "/account/password", &wrong).await;
    assert_eq!(status, 400);
    assert!(page.contains("Текущий пароль указан неверно"), "{page}");
    login(&base, "inna", new).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_self_check_page_stays_public() {
    let site = serve_support::slow_fixture("weak", std::time::Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tmp");
    let (server, base) = serve(config(dir.path(), true)).await;
    for path in ["/", "/healthz", "/static/serve.css", "/login"] {
        let (status, _, _) = get_as(&base, "", path).await;
        assert_eq!(status, 200, "{path}");
    }
    let (status, _, body) = serve_support::post_check(&base, &site.base_url()).await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_str().expect("id").to_string();
    let check = serve_support::wait_done(&base, &id).await;
    assert_eq!(check["status"], "done", "{check}");
    let (status, _, page) = get_as(&base, "", &format!("/checks/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("action=\"/logout\""),
        "no workspace frame on the public report"
    );
    server.shutdown().await;
}
