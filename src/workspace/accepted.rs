//! Accepted findings recorded in the workspace (table `ws_accepted`: who accepted, why, until
//! when, and who revoked), read back as the workflow's [`AcceptedList`] so that reports, run
//! pages and downloads apply them exactly as they apply an `accepted.toml`.

use crate::accepted::{AcceptedEntry, AcceptedList};
use crate::db::{Db, DbError};
use crate::report::Acceptance;
use std::path::PathBuf;
use time::macros::format_description;
use time::Date;

/// Every acceptance not revoked, with the accepting account's name as «who».
pub fn load(db: &Db) -> Result<AcceptedList, DbError> {
    let rows = db.query(
        "SELECT a.id, a.site, a.requirement_id, a.reason, a.until_date, u.name
         FROM ws_accepted a JOIN ws_users u ON u.id = a.accepted_by
         WHERE a.revoked_ms IS NULL ORDER BY a.id",
        &[],
    )?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let until_text = row.text(4)?;
        let until = Date::parse(&until_text, format_description!("[year]-[month]-[day]"))
            .map_err(|e| DbError::value(format!("дата «{until_text}» в ws_accepted: {e}")))?;
        entries.push(AcceptedEntry {
            site: row.text(1)?,
            requirement: row.text(2)?,
            acceptance: Acceptance {
                reason: row.text(3)?,
                by: row.text(5)?,
                until: until_text,
            },
            until,
            line: row.count(0)? as usize,
        });
    }
    Ok(AcceptedList {
        path: PathBuf::from(db.place()),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vals;
    use crate::workspace::auth::{create_user, Role};

    #[test]
    fn revoked_acceptances_are_left_out_and_the_account_is_who() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open_sqlite(&dir.path().join("w.sqlite")).expect("open");
        crate::workspace::migrate(&db).expect("migrate");
        let anna = create_user(&db, "anna", "длинный пароль", Role::Auditor, 0).expect("user");
        for (req, revoked) in [("contacts", None), ("structure", Some(5_i64))] {
            db.execute(
                "INSERT INTO ws_accepted (site, requirement_id, reason, until_date, accepted_by,
                 accepted_ms, revoked_by, revoked_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                vals![
                    "https://kcson.example/",
                    req,
                    "сайт переезжает",
                    "2027-03-31",
                    anna,
                    1_i64,
                    revoked.map(|_| anna),
                    revoked
                ],
            )
            .expect("insert");
        }
        let list = load(&db).expect("load");
        assert_eq!(list.entries.len(), 1);
        let entry = &list.entries[0];
        assert_eq!(entry.requirement, "contacts");
        assert_eq!(entry.acceptance.by, "anna");
        assert_eq!(entry.until.to_string(), "2027-03-31");
    }
}
