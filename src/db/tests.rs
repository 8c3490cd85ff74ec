use super::*;
use crate::vals;

fn temp_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_sqlite(&dir.path().join("t.sqlite")).expect("open");
    (dir, db)
}

const PEOPLE: &[&str] = &[
    "CREATE TABLE people (id {id}, name TEXT NOT NULL UNIQUE, age INTEGER, photo {blob})",
    "ALTER TABLE people ADD COLUMN score REAL",
];

#[test]
fn migrations_apply_once_and_record_the_version() {
    let (_dir, db) = temp_db();
    db.migrate("people", PEOPLE).expect("migrate");
    db.migrate("people", PEOPLE).expect("second run is a no-op");
    let row = db
        .query_opt(
            "SELECT version FROM schema_versions WHERE component = $1",
            vals!["people"],
        )
        .expect("query")
        .expect("row");
    assert_eq!(row.int(0).expect("int"), 2);
}

#[test]
fn a_newer_schema_is_refused_with_the_component_named() {
    let (_dir, db) = temp_db();
    db.migrate("people", PEOPLE).expect("migrate");
    let err = db.migrate("people", &PEOPLE[..1]).expect_err("older code");
    assert!(err.to_string().contains("«people»"), "{err}");
}

#[test]
fn values_round_trip_and_returning_gives_the_id() {
    let (_dir, db) = temp_db();
    db.migrate("people", PEOPLE).expect("migrate");
    let id = db
        .query_opt(
            "INSERT INTO people (name, age, photo, score) VALUES ($1, $2, $3, $4) RETURNING id",
            vals!["Анна", 41_i64, vec![0_u8, 255], 0.5],
        )
        .expect("insert")
        .expect("id row")
        .int(0)
        .expect("int");
    // Placeholders out of order and a '$1' inside a string literal stay what they are.
    let row = db
        .query_opt(
            "SELECT name, age, photo, score, '$1' FROM people WHERE age = $2 AND id = $1",
            vals![id, 41_i64],
        )
        .expect("select")
        .expect("row");
    assert_eq!(row.text(0).unwrap(), "Анна");
    assert_eq!(row.int(1).unwrap(), 41);
    assert_eq!(row.opt_blob(2).unwrap(), Some(vec![0, 255]));
    assert_eq!(row.real(3).unwrap(), 0.5);
    assert_eq!(row.text(4).unwrap(), "$1");
    assert!(row.int(0).is_err(), "text is not an integer");
}

#[test]
fn a_failed_transaction_leaves_nothing_behind() {
    let (_dir, db) = temp_db();
    db.migrate("people", PEOPLE).expect("migrate");
    let result: Result<(), DbError> = db.transaction(|tx| {
        tx.execute("INSERT INTO people (name) VALUES ($1)", vals!["Борис"])?;
        tx.execute("INSERT INTO people (name) VALUES ($1)", vals!["Борис"])?;
        Ok(())
    });
    assert!(result.is_err(), "the unique name refuses the second row");
    let n = db
        .query_opt("SELECT COUNT(*) FROM people", &[])
        .unwrap()
        .unwrap()
        .int(0)
        .unwrap();
    assert_eq!(n, 0);
    db.transaction(|tx| tx.execute("INSERT INTO people (name) VALUES ($1)", vals!["Вера"]))
        .expect("a good transaction commits");
    assert_eq!(db.query("SELECT name FROM people", &[]).unwrap().len(), 1);
}

#[test]
fn postgres_schema_uses_64_bit_integers_and_serial_ids() {
    let pg = ddl(Dialect::Postgres, PEOPLE[0]);
    assert_eq!(
        pg,
        "CREATE TABLE people (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, age BIGINT, photo BYTEA)"
    );
    let old = ddl(
        Dialect::Postgres,
        "CREATE TABLE r (id INTEGER PRIMARY KEY AUTOINCREMENT, x REAL)",
    );
    assert_eq!(
        old,
        "CREATE TABLE r (id BIGSERIAL PRIMARY KEY, x DOUBLE PRECISION)"
    );
}
