//! Numbered migrations per component, recorded in `schema_versions`.

use super::{ddl, Db, DbError};

const VERSIONS: &str = "CREATE TABLE IF NOT EXISTS schema_versions (
    component TEXT PRIMARY KEY,
    version   INTEGER NOT NULL
)";

/// See [`Db::migrate`].
pub(super) fn migrate(db: &Db, component: &str, migrations: &[&str]) -> Result<(), DbError> {
    // Under the schema lock: two PostgreSQL servers creating the table at once would collide.
    db.transaction(|tx| {
        tx.lock_schema()?;
        tx.batch(&ddl(tx.dialect(), VERSIONS))
    })?;
    for (index, migration) in migrations.iter().enumerate() {
        let target = index as i64 + 1;
        let schema = ddl(db.dialect(), migration);
        db.transaction(|tx| {
            tx.lock_schema()?;
            // Read inside the transaction: another process may have migrated meanwhile.
            let current = tx
                .query_opt(
                    "SELECT version FROM schema_versions WHERE component = $1",
                    crate::vals![component],
                )?
                .map(|row| row.int(0))
                .transpose()?
                .unwrap_or(0);
            if current > migrations.len() as i64 {
                return Err(DbError::value(format!(
                    "таблицы «{component}» созданы более новой версией socaudit (версия схемы \
                     {current}, эта версия знает до {}): обновите socaudit",
                    migrations.len()
                )));
            }
            if current >= target {
                return Ok(());
            }
            tx.batch(&schema)?;
            tx.execute(
                "INSERT INTO schema_versions (component, version) VALUES ($1, $2)
                 ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                crate::vals![component, target],
            )?;
            Ok(())
        })?;
    }
    Ok(())
}
