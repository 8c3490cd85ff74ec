//! The PostgreSQL backend: a small pool of connections, each owned by its own thread.
//!
//! The `postgres` crate is synchronous but drives a private tokio runtime, which panics when it
//! is entered from inside another runtime — and the server's handlers call [`super::Db`] from
//! async code. So each connection lives on a dedicated thread that nothing else runs on; a
//! [`Session`] takes one connection out of the pool and talks to its thread over channels, for
//! one statement or a whole transaction. TLS to the server is not supported (a local socket, a
//! private network or an SSH tunnel is expected).

use super::postgres_values::{bind_all, read_row};
use super::{Backend, DbError, Dialect, Row, Session, Value};
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Statement};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Connections per handle: enough for the server's workers and handlers at once.
const POOL_SIZE: usize = 8;
/// Prepared statements kept per connection.
const STATEMENTS_KEPT: usize = 512;
/// How long connecting to the server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A PostgreSQL database.
pub struct PgBackend {
    place: String,
    config: Config,
    pool: Mutex<Pool>,
    returned: Condvar,
}

struct Pool {
    idle: Vec<Conn>,
    open: usize,
}

/// One connection: its thread's inbox and replies.
struct Conn {
    jobs: mpsc::Sender<Job>,
    replies: mpsc::Receiver<Result<Done, DbError>>,
}

enum Job {
    Execute(String, Vec<Value>),
    Query(String, Vec<Value>),
    Batch(String),
}

enum Done {
    Changed(u64),
    Rows(Vec<Row>),
    Ok,
}

impl PgBackend {
    /// Connects to the server `url` names (`postgres://user:password@host:port/database`); one
    /// connection at once, so a wrong address or password is reported when the program starts.
    pub fn open(url: &str) -> Result<PgBackend, DbError> {
        let place = place_of(url);
        let mut config = Config::from_str(url).map_err(|e| {
            DbError::new(&place, format!("адрес сервера PostgreSQL не разобран: {e}"))
        })?;
        // The password may stay out of the URL (and so out of files and process lists).
        if config.get_password().is_none() {
            if let Ok(password) = std::env::var("PGPASSWORD") {
                config.password(password);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("socaudit");
        }
        let backend = PgBackend {
            place,
            config,
            pool: Mutex::new(Pool {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
        };
        let first = backend.connect()?;
        let mut pool = backend.lock();
        pool.idle.push(first);
        pool.open = 1;
        drop(pool);
        Ok(backend)
    }

    fn lock(&self) -> MutexGuard<'_, Pool> {
        self.pool.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new connection on its own thread (connecting there too: the caller may be async).
    fn connect(&self) -> Result<Conn, DbError> {
        let (jobs, inbox) = mpsc::channel();
        let (outbox, replies) = mpsc::channel();
        let (place, config) = (self.place.clone(), self.config.clone());
        std::thread::Builder::new()
            .name("socaudit-pg".into())
            .spawn(move || {
                let client = match config.connect(NoTls) {
                    Ok(client) => client,
                    Err(e) => {
                        let _ = outbox.send(Err(DbError::new(
                            &place,
                            format!(
                                "не удалось подключиться к серверу PostgreSQL: {}",
                                message(&e)
                            ),
                        )));
                        return;
                    }
                };
                if outbox.send(Ok(Done::Ok)).is_err() {
                    return;
                }
                let worker = Worker {
                    place,
                    config,
                    client,
                    statements: HashMap::new(),
                };
                worker.run(inbox, outbox);
            })
            .map_err(|e| DbError::new(&self.place, e))?;
        match replies.recv() {
            Ok(Ok(_)) => Ok(Conn { jobs, replies }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(DbError::new(
                &self.place,
                "поток соединения с PostgreSQL завершился",
            )),
        }
    }

    /// Puts a connection back (or forgets a broken one) and wakes a waiting caller.
    fn give_back(&self, conn: Option<Conn>) {
        let mut pool = self.lock();
        match conn {
            Some(conn) => pool.idle.push(conn),
            None => pool.open = pool.open.saturating_sub(1),
        }
        drop(pool);
        self.returned.notify_one();
    }
}

impl Backend for PgBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn place(&self) -> &str {
        &self.place
    }

    fn session(&self) -> Result<Box<dyn Session + '_>, DbError> {
        let mut pool = self.lock();
        let conn = loop {
            if let Some(conn) = pool.idle.pop() {
                break conn;
            }
            if pool.open < POOL_SIZE {
                pool.open += 1;
                drop(pool);
                return match self.connect() {
                    Ok(conn) => Ok(Box::new(PgSession::new(self, conn))),
                    Err(e) => {
                        self.give_back(None);
                        Err(e)
                    }
                };
            }
            pool = self.returned.wait(pool).unwrap_or_else(|p| p.into_inner());
        };
        Ok(Box::new(PgSession::new(self, conn)))
    }
}

struct PgSession<'a> {
    backend: &'a PgBackend,
    conn: Option<Conn>,
    in_transaction: bool,
}

impl<'a> PgSession<'a> {
    fn new(backend: &'a PgBackend, conn: Conn) -> PgSession<'a> {
        PgSession {
            backend,
            conn: Some(conn),
            in_transaction: false,
        }
    }

    fn call(&mut self, job: Job) -> Result<Done, DbError> {
        let lost = || {
            DbError::new(
                &self.backend.place,
                "соединение с сервером PostgreSQL потеряно",
            )
        };
        let conn = self.conn.as_ref().ok_or_else(lost)?;
        let reply = conn
            .jobs
            .send(job)
            .ok()
            .and_then(|()| conn.replies.recv().ok());
        match reply {
            Some(done) => done,
            None => {
                // The thread is gone: the connection is not returned to the pool.
                self.conn = None;
                Err(lost())
            }
        }
    }
}

impl Session for PgSession<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        match self.call(Job::Execute(sql.to_owned(), params.to_vec()))? {
            Done::Changed(n) => Ok(n),
            _ => Ok(0),
        }
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        match self.call(Job::Query(sql.to_owned(), params.to_vec()))? {
            Done::Rows(rows) => Ok(rows),
            _ => Ok(Vec::new()),
        }
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        let word = sql.trim().to_ascii_uppercase();
        let result = self.call(Job::Batch(sql.to_owned())).map(|_| ());
        if word.starts_with("BEGIN") {
            self.in_transaction = result.is_ok();
        } else if word.starts_with("COMMIT") || word.starts_with("ROLLBACK") {
            self.in_transaction = false;
        }
        result
    }
}

impl Drop for PgSession<'_> {
    fn drop(&mut self) {
        // A transaction left open (its body panicked) must not leak into the next session.
        if self.in_transaction && self.call(Job::Batch("ROLLBACK".into())).is_err() {
            self.conn = None;
        }
        self.backend.give_back(self.conn.take());
    }
}

/// The thread that owns one connection.
struct Worker {
    place: String,
    config: Config,
    client: Client,
    statements: HashMap<String, Statement>,
}

impl Worker {
    fn run(mut self, inbox: mpsc::Receiver<Job>, outbox: mpsc::Sender<Result<Done, DbError>>) {
        for job in inbox {
            let done = self.reconnect().and_then(|()| self.work(job));
            if outbox.send(done).is_err() {
                break;
            }
        }
    }

    /// A connection the server closed (restarted, idle timeout) is opened again between jobs.
    fn reconnect(&mut self) -> Result<(), DbError> {
        if self.client.is_closed() {
            self.client = self.config.connect(NoTls).map_err(|e| self.err(&e))?;
            self.statements.clear();
        }
        Ok(())
    }

    fn work(&mut self, job: Job) -> Result<Done, DbError> {
        match job {
            Job::Batch(sql) => self
                .client
                .batch_execute(&sql)
                .map(|()| Done::Ok)
                .map_err(|e| self.err(&e)),
            Job::Execute(sql, params) => {
                let statement = self.prepare(&sql)?;
                let bound = bind_all(&statement, &params).map_err(|m| self.fail(&sql, m))?;
                let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| &**b as _).collect();
                self.client
                    .execute(&statement, &refs)
                    .map(Done::Changed)
                    .map_err(|e| self.err(&e))
            }
            Job::Query(sql, params) => {
                let statement = self.prepare(&sql)?;
                let bound = bind_all(&statement, &params).map_err(|m| self.fail(&sql, m))?;
                let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| &**b as _).collect();
                let rows = self
                    .client
                    .query(&statement, &refs)
                    .map_err(|e| self.err(&e))?;
                rows.iter()
                    .map(read_row)
                    .collect::<Result<Vec<_>, _>>()
                    .map(Done::Rows)
                    .map_err(|m| self.fail(&sql, m))
            }
        }
    }

    /// The prepared statement of `sql`, prepared once per connection.
    fn prepare(&mut self, sql: &str) -> Result<Statement, DbError> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql).map_err(|e| self.err(&e))?;
        // Statements are fixed texts, but a caller formatting values into one must not grow
        // the cache (and the server's prepared statements) without end.
        if self.statements.len() >= STATEMENTS_KEPT {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn err(&self, e: &postgres::Error) -> DbError {
        DbError::new(&self.place, message(e))
    }

    fn fail(&self, sql: &str, message: String) -> DbError {
        let head: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let head: String = head.chars().take(80).collect();
        DbError::new(&self.place, format!("{message} (запрос «{head}»)"))
    }
}

/// The server's own message when there is one (with its detail), else the driver's.
fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_owned(),
        },
        None => e.to_string(),
    }
}

/// The server's address for messages: user, host, port and database, never the password.
pub(super) fn place_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_password(None);
            parsed.set_query(None);
            parsed.set_fragment(None);
            parsed.to_string()
        }
        // Not a URL the parser reads: keep only what comes before the credentials end.
        Err(_) => match url.rsplit_once('@') {
            Some((_, host)) => format!("postgres://…@{host}"),
            None => url.split('?').next().unwrap_or(url).to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_never_shows_the_password() {
        let place = place_of("postgres://audit:s3cret@db.local:5433/socaudit?sslmode=disable");
        assert_eq!(place, "postgres://audit@db.local:5433/socaudit");
        assert!(!place_of("postgresql://a:s3cret@[::1/x").contains("s3cret"));
    }

    #[test]
    fn specs_written_to_files_keep_everything_but_the_password() {
        assert_eq!(
            super::super::spec_without_password(
                "postgres://audit:s3cret@db.local/socaudit?host=/run/pg&password=s3cret"
            ),
            "postgres://audit@db.local/socaudit?host=%2Frun%2Fpg"
        );
        assert_eq!(
            super::super::spec_without_password("a/b.sqlite"),
            "a/b.sqlite"
        );
    }
}
