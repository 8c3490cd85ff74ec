//! Values through [`socaudit::db::Db`] on every store (SQLite always, PostgreSQL when
//! `SOCAUDIT_TEST_POSTGRES` names a server): every kind bound and read back alike, parameters the
//! server types narrower, a mismatch named, and the password kept out of messages.

#[path = "support/workspace.rs"]
mod workspace;

use socaudit::db::Db;
use workspace::stores;

#[test]
fn a_postgres_error_names_the_server_without_its_password() {
    let err = Db::open("postgres://audit:s3cret-word@127.0.0.1:1/socaudit").unwrap_err();
    let message = err.to_string();
    assert!(message.contains("127.0.0.1:1/socaudit"), "{message}");
    assert!(message.contains("не удалось подключиться"), "{message}");
    assert!(!message.contains("s3cret-word"), "{message}");
}

#[test]
fn values_bind_and_read_back_alike_on_every_store() {
    use socaudit::db::Value;
    for store in stores() {
        let db = store.raw();
        db.migrate(
            "test.values",
            &["CREATE TABLE ws_test_values (id {id}, n INTEGER, r REAL, t TEXT, b {blob})"],
        )
        .unwrap();
        let id = db
            .query_opt(
                "INSERT INTO ws_test_values (n, r, t, b) VALUES ($1, $2, $3, $4) RETURNING id",
                socaudit::vals![i64::MAX, 2.5, "текст «в кавычках»", vec![0u8, 1, 255]],
            )
            .unwrap()
            .unwrap()
            .int(0)
            .unwrap();
        db.execute(
            "INSERT INTO ws_test_values (n, r, t, b) VALUES ($1, $2, $3, $4)",
            socaudit::vals![None::<i64>, None::<f64>, None::<String>, None::<Vec<u8>>],
        )
        .unwrap();
        let rows = db
            .query("SELECT n, r, t, b FROM ws_test_values ORDER BY id", &[])
            .unwrap();
        assert_eq!(rows[0].0[0], Value::Int(i64::MAX), "{}", store.name);
        assert_eq!(rows[0].real(1).unwrap(), 2.5);
        assert_eq!(rows[0].text(2).unwrap(), "текст «в кавычках»");
        assert_eq!(rows[0].opt_blob(3).unwrap(), Some(vec![0u8, 1, 255]));
        assert!(
            rows[1].0.iter().all(|v| *v == Value::Null),
            "{}",
            store.name
        );
        assert!(id > 0);
        // A parameter the server types as a 32-bit integer, and a small integer and a
        // comparison read back as integers.
        let row = db
            .query_opt(
                "SELECT substr($1, $2, $3), CAST(7 AS SMALLINT), CASE WHEN 1 = 1 THEN 1 ELSE 0 END",
                socaudit::vals!["социальный", 1_i64, 3_i64],
            )
            .unwrap()
            .unwrap();
        assert_eq!(row.text(0).unwrap(), "соц", "{}", store.name);
        assert_eq!((row.int(1).unwrap(), row.int(2).unwrap()), (7, 1));
        if store.is_postgres() {
            let err = db
                .query("SELECT length($1)", socaudit::vals![5_i64])
                .unwrap_err()
                .to_string();
            assert!(err.contains("параметр $1") && err.contains("text"), "{err}");
            assert!(!err.contains(&url_password(&store.spec)), "{err}");
        }
    }
}

/// The password of a URL when it occurs nowhere else in it (else a string no message contains).
fn url_password(spec: &str) -> String {
    url::Url::parse(spec)
        .ok()
        .and_then(|u| {
            let password = u.password()?.to_owned();
            // A password like the user's name is in every message anyway.
            (password.len() > 3 && !spec.replacen(&password, "", 1).contains(&password))
                .then_some(password)
        })
        .unwrap_or_else(|| "\u{0}no password\u{0}".into())
}
