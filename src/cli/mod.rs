//! The command line: argument parsing (clap) and the wiring of library stages per command.
//! No checking logic lives here.

mod check_cmd;
mod demo_cmd;
mod diff_cmd;
mod merge_cmd;
mod record;
mod report_cmd;
mod rules_cmd;
mod serve_cmd;
mod setup;
mod sweep_cmd;
mod user_cmd;

pub use user_cmd::UserCommand;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Exit code: every mandatory requirement passes.
pub const EXIT_OK: i32 = 0;
/// Exit code: a mandatory requirement fails or is partial.
pub const EXIT_NONCOMPLIANT: i32 = 1;
/// Exit code: bad usage, bad rules file, unwritable output.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: the site could not be reached at all.
pub const EXIT_UNREACHABLE: i32 = 3;

/// Checks the official sites of social-service providers against ПП РФ № 1239, приказ № 886н
/// and the НОК rules.
#[derive(Debug, Parser)]
#[command(name = "socaudit", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crawl one site, check every requirement, write report.json and report.html.
    Check(CheckArgs),
    /// Check every site of a list (CSV, XLSX, or one URL per line) into one output folder.
    Sweep(SweepArgs),
    /// Serve the built-in sample sites on 127.0.0.1 and sweep them (no network needed).
    Demo(DemoArgs),
    /// Re-render reports and summaries from stored report.json files, without fetching.
    Report(ReportArgs),
    /// Compare two runs (output folders, or runs in --db): regressions, fixes, sites added and gone.
    Diff(DiffArgs),
    /// Join the output folders of a sharded sweep (`sweep --shard K/N`) into one.
    Merge(MergeArgs),
    /// Inspect rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Serve the self-check web page and the JSON API (see docs/serve.md, docs/api.md).
    Serve(ServeArgs),
    /// Manage the accounts of the serve workspace (add, list, disable, enable, passwd, role).
    #[command(subcommand)]
    User(UserCommand),
}

/// `socaudit rules …`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Print the requirements of a rules file (the built-in one by default).
    List {
        /// Rules file instead of the built-in one.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Check a rules file for errors and suspicious patterns.
    Lint {
        /// The file (the built-in one if omitted).
        file: Option<PathBuf>,
    },
    /// Measure the rules on a labelled corpus: precision, recall, accuracy, regressions.
    Test(RulesTestArgs),
    /// Show what changed between two rules files: requirements added and removed, and which of
    /// title, basis, severity, patterns, confirm changed.
    Diff {
        /// The earlier file (`builtin` for the built-in rules).
        old: String,
        /// The later file (`builtin` for the built-in rules).
        new: String,
        /// Print the differences as JSON (`socaudit/rules-diff/v1`).
        #[arg(long)]
        json: bool,
    },
}

/// Options of `socaudit rules test`.
#[derive(Debug, Args)]
pub struct RulesTestArgs {
    /// The corpus: a folder per site, each with `expected.toml` (see docs/corpus.md).
    pub dir: PathBuf,
    /// Rules file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Verdicts of an earlier run: exit 1 when a verdict that was right there is wrong now.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record this run's verdicts as a baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
    /// Score one requirement only (its canonical id).
    #[arg(long, value_name = "ID")]
    pub only: Option<String>,
}

/// Options of `socaudit check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Start URL of the site (`kcson.ru`, `https://kcson.ru/`).
    pub url: String,
    /// Folder for report.json and report.html.
    #[arg(long, value_name = "DIR", default_value = "socaudit-report")]
    pub out: PathBuf,
    /// Crawl options.
    #[command(flatten)]
    pub crawl: CrawlArgs,
    /// HTTP Basic credentials USER:PASS for the site, sent only to its own hosts and never
    /// written anywhere (credentials in the URL are used the same way).
    #[arg(
        long,
        value_name = "USER:PASS",
        env = "SOCAUDIT_AUTH",
        hide_env_values = true
    )]
    pub auth: Option<String>,
    /// Accepted items (`accepted.toml`, see docs/accepted.md): shown as «принято», not counted
    /// against the site until their date.
    #[arg(long, value_name = "FILE")]
    pub accepted: Option<PathBuf>,
    /// Print the report as JSON on stdout instead of the summary table.
    #[arg(long)]
    pub json: bool,
    /// No colours in the terminal summary.
    #[arg(long)]
    pub no_color: bool,
}

/// Options of `socaudit sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The list of institutions: CSV (UTF-8 or windows-1251, `;` or `,`), XLSX/XLS/ODS, or text.
    #[arg(required_unless_present = "resume")]
    pub list: Option<PathBuf>,
    /// Continue the interrupted sweep in DIR (its list and options are read from DIR).
    #[arg(long, value_name = "DIR", conflicts_with = "list")]
    pub resume: Option<PathBuf>,
    /// Output folder: a folder per site, summary.csv/.xlsx/.json, index.html, junit.xml.
    #[arg(long, value_name = "DIR", default_value = "socaudit-sweep")]
    pub out: PathBuf,
    /// Sites checked at the same time.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// Accepted items (default: `accepted.toml` next to the list, when there is one).
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub accepted: Option<PathBuf>,
    /// Check only part K of N of the list (1-based, e.g. `2/8`); join the parts with `socaudit merge`.
    #[arg(long, value_name = "K/N", env = crate::sweep::shard::SHARD_ENV)]
    pub shard: Option<crate::sweep::shard::Shard>,
    /// Crawl options.
    #[command(flatten)]
    pub crawl: CrawlArgs,
}

/// Options of `socaudit merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of the parts (`socaudit sweep --shard K/N --out DIR`).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder for the joined sweep (new or empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Move the site folders instead of copying them (the parts are emptied).
    #[arg(long = "move")]
    pub move_dirs: bool,
}

/// Options of `socaudit demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "socaudit-demo")]
    pub out: PathBuf,
    /// Sites checked at the same time.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// Crawl options (the demo sites are local: a delay of 100 ms is plenty).
    #[command(flatten)]
    pub crawl: CrawlArgs,
}

/// Options of `socaudit serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (put a reverse proxy with TLS in front, see docs/serve.md).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// Database of the queue, the results, the run history and the workspace: a SQLite file or
    /// a PostgreSQL URL (postgres://USER:PASSWORD@HOST/DATABASE, shared by several servers).
    #[arg(long, value_name = "FILE|URL", default_value = "socaudit-serve.sqlite")]
    pub db: String,
    /// Also check sites on loopback and private addresses (never on a server others can reach).
    #[arg(long)]
    pub allow_private: bool,
    /// An internal address that may be checked although private ones are refused (an intranet
    /// site of the operator); repeat for several. Every other internal address stays refused.
    #[arg(long = "allow-address", value_name = "IP")]
    pub allow_addresses: Vec<std::net::IpAddr>,
    /// Checks run at the same time.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub workers: usize,
    /// Sweeps of uploaded lists (workspace) run at the same time; 0 runs none in this instance
    /// (another server sharing the database runs them).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub sweep_workers: usize,
    /// Sites of one sweep checked at the same time.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub sweep_concurrency: usize,
    /// Most checks waiting in the queue; more are refused until it shrinks.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub queue_limit: u64,
    /// New checks one client may start at once (then one more every --rate-per seconds).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub rate_burst: u32,
    /// Seconds for one more check to become available to a client.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub rate_per: u64,
    /// A site checked within this many minutes is shown from that check instead of a new one.
    #[arg(long, value_name = "MIN", default_value_t = 60)]
    pub reuse_minutes: u64,
    /// «Проверить снова» starts a new check only when the last one is older than this.
    #[arg(long, value_name = "MIN", default_value_t = 10)]
    pub recheck_minutes: u64,
    /// Seconds running checks may finish after SIGTERM before they go back to the queue.
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    pub shutdown_grace: u64,
    /// Count clients by the last address in X-Forwarded-For (only behind a reverse proxy).
    #[arg(long)]
    pub trust_proxy: bool,
    /// Mark the workspace's session cookie Secure (the server is reached over https; behind a
    /// proxy with --trust-proxy, `X-Forwarded-Proto: https` does the same per request).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Rules file replacing the built-in one.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Most HTML pages to fetch per site.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub max_pages: usize,
    /// Most documents per site read in full.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DOCUMENT_READS)]
    pub max_document_reads: usize,
    /// Deepest link depth to follow from the start page.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_depth: u32,
    /// Delay between requests to one host, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub delay: u64,
    /// Time limit for one site, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub time_limit: u64,
    /// Timeout of one request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// User-Agent header (default: socaudit/VERSION (+project URL)).
    #[arg(long, value_name = "S")]
    pub user_agent: Option<String>,
    /// Resolve HOST:PORT to ADDR instead of DNS (`kcson.test:8080:127.0.0.1`); without
    /// --allow-private a pin to an internal address is refused like any other.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,
    /// Time zone of schedules' cron expressions: a Russian zone name (Europe/Moscow,
    /// Asia/Yekaterinburg, …) or an offset (+03:00, UTC+5).
    #[arg(long, value_name = "ZONE", default_value = "Europe/Moscow")]
    pub schedule_tz: String,
    /// Neither start scheduled sweeps nor send alerts from this instance (another one sharing
    /// the database does).
    #[arg(long)]
    pub no_scheduler: bool,
    /// The server's address as people reach it (https://audit.example.org), for links in
    /// alerts; default: http://the listen address.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

/// Options of `socaudit diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier run: a sweep's output folder, or a run of --db (an id, `prev`, `last`).
    pub old: String,
    /// The later run, in the same forms.
    pub new: String,
    /// History database holding the runs named by id (a SQLite file or a PostgreSQL URL).
    #[arg(long, value_name = "FILE|URL")]
    pub db: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: crate::diff::DiffFormat,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit with 1 when the new run has a regression.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<crate::diff::FailOn>,
}

/// Options of `socaudit report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A sweep's output folder (or one site's report folder).
    pub dir: PathBuf,
    /// Formats to write (all but nok-xlsx and letter when omitted): html, json, csv, xlsx,
    /// junit, md; nok-xlsx (the НОК operator's checklist, nok-checklist.xlsx); letter (a letter
    /// to each institution, letter.docx and letter.md in its folder).
    #[arg(long, value_name = "FORMAT", value_delimiter = ',')]
    pub format: Vec<crate::report::summary::SummaryFormat>,
    /// Accepted items to apply as of today (default: `accepted.toml` in the folder or next to
    /// the sweep's list, when there is one; without one the stored acceptances are kept).
    #[arg(long, value_name = "FILE")]
    pub accepted: Option<PathBuf>,
}

/// Default of `--max-document-reads`.
const DEFAULT_DOCUMENT_READS: usize = 40;

fn default_document_reads() -> usize {
    DEFAULT_DOCUMENT_READS
}

/// Options shared by every command that crawls.
#[derive(Debug, Args, Clone, serde::Serialize, serde::Deserialize)]
pub struct CrawlArgs {
    /// Rules file replacing the built-in `rules/1239-886n.toml`.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Most HTML pages to fetch per site.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub max_pages: usize,
    /// Most documents per site downloaded and read in full (the rest are only status-checked).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DOCUMENT_READS)]
    #[serde(default = "default_document_reads")]
    pub max_document_reads: usize,
    /// Deepest link depth to follow from the start page.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_depth: u32,
    /// Delay between requests to one host, in milliseconds (robots.txt Crawl-delay may raise it).
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub delay: u64,
    /// Requests in flight to one host at once.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub host_concurrency: usize,
    /// Time limit for one site's crawl, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub time_limit: u64,
    /// Timeout of one request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// User-Agent header (default: socaudit/VERSION (+project URL)).
    #[arg(long, value_name = "S")]
    pub user_agent: Option<String>,
    /// Do not read or obey robots.txt (only with the site owner's consent).
    #[arg(long)]
    pub ignore_robots: bool,
    /// Resolve HOST:PORT to ADDR instead of DNS, like curl's --resolve (`kcson.test:8080:127.0.0.1`).
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,
    /// Connect only to public addresses: refuse loopback, private, link-local, CGNAT and
    /// metadata addresses, checked after DNS on every hop (a list nobody vetted, a service).
    #[arg(long)]
    #[serde(default)]
    pub public_only: bool,
    /// Refuse sites whose HTTPS certificate does not verify (by default they are checked and
    /// the certificate problem is reported).
    #[arg(long)]
    #[serde(default)]
    pub strict_tls: bool,
    /// Run history database: every run, its sites, results and evidence, and the store that lets
    /// re-runs revalidate instead of downloading again. A SQLite file (default: history.sqlite in
    /// the output folder; give one path to share it across runs) or a PostgreSQL URL
    /// (postgres://USER:PASSWORD@HOST/DATABASE, e.g. the database of `socaudit serve`).
    #[arg(long, value_name = "FILE|URL")]
    pub db: Option<PathBuf>,
    /// Keep no run history (and do not revalidate against earlier runs).
    #[arg(long)]
    pub no_history: bool,
    /// No progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Parses the arguments, runs the command, returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    init_tracing();
    match cli.command {
        Command::Check(args) => check_cmd::run(args),
        Command::Sweep(args) => sweep_cmd::run(args),
        Command::Demo(args) => demo_cmd::run(args),
        Command::Report(args) => report_cmd::run(args),
        Command::Diff(args) => diff_cmd::run(args),
        Command::Merge(args) => merge_cmd::run(args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::User(command) => user_cmd::run(command),
        Command::Rules(RulesCommand::List { rules }) => rules_cmd::list(rules.as_deref()),
        Command::Rules(RulesCommand::Lint { file }) => rules_cmd::lint(file.as_deref()),
        Command::Rules(RulesCommand::Test(args)) => rules_cmd::test(args),
        Command::Rules(RulesCommand::Diff { old, new, json }) => rules_cmd::diff(&old, &new, json),
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SOCAUDIT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Prints one error sentence to stderr.
fn fail(code: i32, message: impl std::fmt::Display) -> i32 {
    eprintln!("socaudit: ошибка: {message}");
    code
}
