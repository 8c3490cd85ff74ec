//! `socaudit diff OLD NEW`: compares two runs (output folders or runs of the history database)
//! and prints what changed.

use super::{fail, DiffArgs, EXIT_NONCOMPLIANT, EXIT_OK, EXIT_USAGE};
use crate::diff::{compare_sides, load_folder, load_run, render, FailOn, RunRef, Side};
use crate::history::History;
use crate::report::write_atomically;
use std::path::Path;

pub(super) fn run(args: DiffArgs) -> i32 {
    let history = match args.db.as_deref().map(open_history).transpose() {
        Ok(h) => h,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let (old, new) = match (
        side(&args.old, history.as_ref()),
        side(&args.new, history.as_ref()),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => return fail(EXIT_USAGE, e),
    };
    for warning in old.warnings.iter().chain(&new.warnings) {
        eprintln!("socaudit: пропущен повреждённый отчёт: {warning}");
    }
    let diff = compare_sides(&old, &new);
    let text = match render(&diff, args.format) {
        Ok(t) => t,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    match &args.out {
        Some(path) => {
            if let Err(e) = write_atomically(path, text.as_bytes()) {
                return fail(EXIT_USAGE, e);
            }
            println!("{}", path.display());
        }
        None => print!("{text}"),
    }
    match args.fail_on {
        Some(FailOn::Regression) if diff.totals.regressions > 0 => EXIT_NONCOMPLIANT,
        _ => EXIT_OK,
    }
}

/// The database given with `--db`; it must exist (opening would create an empty one).
fn open_history(path: &Path) -> Result<History, String> {
    if !crate::db::is_postgres_url(&path.to_string_lossy()) && !path.is_file() {
        return Err(format!("база истории {} не найдена", path.display()));
    }
    History::open(path).map_err(|e| e.to_string())
}

/// A folder when one exists under that name; otherwise a run id (`12`, `last`, `prev`) in `--db`.
fn side<'h>(arg: &str, history: Option<&'h History>) -> Result<Side<'h>, String> {
    let path = Path::new(arg);
    if path.is_dir() {
        return load_folder(path).map_err(|e| e.to_string());
    }
    match (RunRef::parse(arg), history) {
        (Some(run), Some(history)) => load_run(history, run).map_err(|e| e.to_string()),
        (Some(_), None) => Err(format!(
            "«{arg}» — не папка; чтобы сравнить запуски из базы истории, укажите её: --db ФАЙЛ"
        )),
        (None, _) => load_folder(path).map_err(|e| e.to_string()),
    }
}
