//! The workspace's own tables (component `workspace` in [`crate::db::Db::migrate`]): accounts,
//! sessions, uploaded lists and their sweeps, accepted findings. Parts that add tables later keep their own
//! component names (e.g. `workspace.schedules`), so their migrations never
//! renumber these.

/// Migrations of component `workspace`, oldest first; a released one is never edited.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE ws_users (
    id               {id},
    name             TEXT NOT NULL UNIQUE,
    password_hash    TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('auditor', 'admin')),
    created_ms       INTEGER NOT NULL,
    disabled         INTEGER NOT NULL DEFAULT 0,
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until_ms  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ws_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES ws_users(id) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    expires_ms   INTEGER NOT NULL
);
CREATE INDEX ws_sessions_by_user ON ws_sessions(user_id);
CREATE TABLE ws_lists (
    id            {id},
    name          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES ws_users(id),
    uploaded_ms   INTEGER NOT NULL,
    site_count    INTEGER NOT NULL,
    sites_json    TEXT NOT NULL,
    problems_json TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE ws_sweeps (
    id            {id},
    list_id       INTEGER NOT NULL REFERENCES ws_lists(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    requested_by  INTEGER REFERENCES ws_users(id),
    schedule_id   INTEGER,
    created_ms    INTEGER NOT NULL,
    started_ms    INTEGER,
    finished_ms   INTEGER,
    run_id        INTEGER,
    sites_total   INTEGER NOT NULL DEFAULT 0,
    sites_done    INTEGER NOT NULL DEFAULT 0,
    error         TEXT,
    alert_state   TEXT
);
CREATE INDEX ws_sweeps_by_list ON ws_sweeps(list_id, id);
CREATE INDEX ws_sweeps_by_status ON ws_sweeps(status, id);
CREATE TABLE ws_accepted (
    id              {id},
    site            TEXT NOT NULL,
    requirement_id  TEXT NOT NULL,
    reason          TEXT NOT NULL,
    until_date      TEXT NOT NULL,
    accepted_by     INTEGER NOT NULL REFERENCES ws_users(id),
    accepted_ms     INTEGER NOT NULL,
    revoked_by      INTEGER REFERENCES ws_users(id),
    revoked_ms      INTEGER
);
CREATE INDEX ws_accepted_by_site ON ws_accepted(site, requirement_id);
"#,
    // Part `lists`: the worker running a sweep stamps it every few seconds and owns it by a
    // random token, so a sweep whose server died is queued again by any instance, and a worker
    // whose sweep was taken away stops writing to it.
    r#"
ALTER TABLE ws_sweeps ADD COLUMN heartbeat_ms INTEGER;
ALTER TABLE ws_sweeps ADD COLUMN claim_token TEXT;
"#,
];
