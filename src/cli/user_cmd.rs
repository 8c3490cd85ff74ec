//! `socaudit user …`: the workspace's accounts from the command line (the first administrator
//! is made here; later ones too, or on the `/users` page). Passwords are read from the terminal
//! without echo, twice, or with `--password-stdin` as one line for scripts.

use super::{fail, EXIT_OK, EXIT_USAGE};
use crate::db::Db;
use crate::workspace::accounts::store::{self as store, format_ms, Account, ChangeError};
use crate::workspace::auth::Role;
use clap::{Args, Subcommand, ValueEnum};
use std::io::{BufRead, IsTerminal};

/// `socaudit user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account (an auditor, or an administrator with --admin).
    Add {
        /// Login name.
        name: String,
        /// Make it an administrator (manages users and schedules).
        #[arg(long)]
        admin: bool,
        /// Where the password comes from.
        #[command(flatten)]
        password: PasswordArgs,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// List the accounts: name, role, created, state.
    List {
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Disable an account (it cannot log in; its sessions end).
    Disable {
        /// Login name.
        name: String,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Enable an account again (also lifts a lockout after failed logins).
    Enable {
        /// Login name.
        name: String,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Set a new password (ends the account's sessions, lifts a lockout).
    Passwd {
        /// Login name.
        name: String,
        /// Where the password comes from.
        #[command(flatten)]
        password: PasswordArgs,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Give an account a role.
    Role {
        /// Login name.
        name: String,
        /// The new role.
        #[arg(value_enum)]
        role: RoleArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
}

/// `--db` of every `user` command.
#[derive(Debug, Args)]
pub struct DbArg {
    /// The database `socaudit serve` uses (same default as its --db).
    #[arg(long, value_name = "FILE|URL", default_value = "socaudit-serve.sqlite")]
    pub db: String,
}

/// How the password is read.
#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// Read the password as one line from stdin (for scripts) instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

/// A role on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Manages users and schedules too.
    Admin,
    /// Runs sweeps, accepts findings, exports.
    Auditor,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Admin => Role::Admin,
            RoleArg::Auditor => Role::Auditor,
        }
    }
}

pub(super) fn run(command: UserCommand) -> i32 {
    match execute(command) {
        Ok(message) => {
            if !message.is_empty() {
                println!("{message}");
            }
            EXIT_OK
        }
        Err(e) => fail(EXIT_USAGE, e),
    }
}

fn execute(command: UserCommand) -> Result<String, String> {
    let now = crate::serve::now_ms();
    match command {
        UserCommand::Add {
            name,
            admin,
            password,
            db,
        } => {
            // The password first: a refused one leaves no new database file behind.
            let password = read_password(&password)?;
            let db = create(&db.db)?;
            let role = if admin { Role::Admin } else { Role::Auditor };
            store::add(&db, &name, &password, role, now).map_err(|e| e.to_string())?;
            Ok(format!(
                "Пользователь «{name}» ({}) добавлен.",
                role.label_ru()
            ))
        }
        UserCommand::List { db } => {
            let accounts = store::list(&open(&db.db)?).map_err(|e| e.to_string())?;
            Ok(table(&accounts, now))
        }
        UserCommand::Disable { name, db } => {
            let db = open(&db.db)?;
            let id = find(&db, &name)?.id;
            store::set_disabled(&db, id, true, None).map_err(|e| e.to_string())?;
            Ok(format!(
                "Учётная запись «{name}» отключена, её сеансы завершены."
            ))
        }
        UserCommand::Enable { name, db } => {
            let db = open(&db.db)?;
            let id = find(&db, &name)?.id;
            store::set_disabled(&db, id, false, None).map_err(|e| e.to_string())?;
            Ok(format!("Учётная запись «{name}» включена."))
        }
        UserCommand::Passwd { name, password, db } => {
            let db = open(&db.db)?;
            let id = find(&db, &name)?.id;
            let password = read_password(&password)?;
            store::set_password(&db, id, &password).map_err(|e| e.to_string())?;
            Ok(format!(
                "Пароль пользователя «{name}» изменён, его сеансы завершены."
            ))
        }
        UserCommand::Role { name, role, db } => {
            let db = open(&db.db)?;
            let id = find(&db, &name)?.id;
            let role = Role::from(role);
            store::set_role(&db, id, role, None).map_err(|e| e.to_string())?;
            Ok(format!("«{name}» теперь {}.", role.label_ru()))
        }
    }
}

/// Opens an existing store: a mistyped path must not become a new, empty database.
fn open(spec: &str) -> Result<Db, String> {
    if !crate::db::is_postgres_url(spec) && !std::path::Path::new(spec).exists() {
        return Err(format!(
            "базы «{spec}» нет: укажите --db той базы, с которой работает socaudit serve, или \
             создайте первую учётную запись командой socaudit user add"
        ));
    }
    create(spec)
}

/// Opens the store, creating a SQLite file (and its tables) when there is none.
fn create(spec: &str) -> Result<Db, String> {
    Db::open(spec)
        .and_then(|db| crate::workspace::migrate(&db).map(|()| db))
        .map_err(|e| format!("не удалось открыть базу «{spec}»: {e}"))
}

fn find(db: &Db, name: &str) -> Result<Account, String> {
    store::by_name(db, name)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| ChangeError::NoSuchUser(name.to_string()).to_string())
}

/// The password: one line of stdin with `--password-stdin`, else asked twice on the terminal.
fn read_password(args: &PasswordArgs) -> Result<String, String> {
    if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("пароль не прочитан из stdin: {e}"))?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        store::check_password(&password).map_err(|e| e.to_string())?;
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err("пароль вводится с терминала; в сценариях передайте его строкой в stdin с --password-stdin".into());
    }
    let first =
        rpassword::prompt_password("Пароль: ").map_err(|e| format!("пароль не прочитан: {e}"))?;
    store::check_password(&first).map_err(|e| e.to_string())?;
    let second = rpassword::prompt_password("Пароль ещё раз: ")
        .map_err(|e| format!("пароль не прочитан: {e}"))?;
    if first != second {
        return Err("пароли не совпадают".into());
    }
    Ok(first)
}

/// The accounts as an aligned table.
fn table(accounts: &[Account], now_ms: i64) -> String {
    if accounts.is_empty() {
        return "Пользователей нет: добавьте первого командой `socaudit user add ИМЯ --admin`."
            .into();
    }
    let rows: Vec<[String; 4]> = accounts
        .iter()
        .map(|a| {
            let state = if a.disabled {
                "отключена".to_string()
            } else if a.locked_at(now_ms) {
                format!("заблокирована до {} UTC", format_ms(a.locked_until_ms))
            } else {
                "действует".to_string()
            };
            [
                a.name.clone(),
                a.role.label_ru().to_string(),
                format_ms(a.created_ms),
                state,
            ]
        })
        .collect();
    let header = ["ИМЯ", "РОЛЬ", "СОЗДАНА (UTC)", "СОСТОЯНИЕ"].map(str::to_string);
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    std::iter::once(&header)
        .chain(&rows)
        .map(|r| {
            (0..4)
                .map(|i| format!("{:<w$}", r[i], w = widths[i]))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::Parser;

    #[test]
    fn user_commands_default_to_the_database_of_serve() {
        let serve = match Cli::try_parse_from(["socaudit", "serve"]).map(|c| c.command) {
            Ok(Command::Serve(args)) => args.db,
            other => panic!("{other:?}"),
        };
        let user = match Cli::try_parse_from(["socaudit", "user", "list"]).map(|c| c.command) {
            Ok(Command::User(UserCommand::List { db })) => db.db,
            other => panic!("{other:?}"),
        };
        assert_eq!(serve, user);
    }
}
