//! A mutation fuzzer with a time budget over everything that reads untrusted bytes: the HTML
//! extractor, the site-list readers, the document readers, the robots.txt parser and the rules
//! loader. Seeds are the fixture files (and a few made here); each input is a seed mutated
//! (bytes flipped, chunks dropped, repeated or spliced, markup tokens inserted). Panics and inputs
//! slower than the per-input limit are reported and saved under `target/fuzz/`.
//!
//! Not run in CI. Run it by hand, in release mode:
//!
//! ```text
//! cargo run --release --example fuzz -- 300        # seconds over all targets (default 120)
//! cargo run --release --example fuzz -- 60 html    # one target: html, lists, documents, robots, rules
//! ```

use socaudit::documents::{extract_text, DocLimits};
use socaudit::input::{parse_csv_bytes, parse_text_lines, parse_workbook_bytes};
use socaudit::rules::RuleSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// An input taking longer than this is reported as slow (the parsers' own caps should keep every
/// input far below it).
const SLOW: Duration = Duration::from_secs(5);

/// One thing fuzzed: its name, its seeds and what it runs on an input.
struct Target {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    run: fn(&[u8]),
}

/// xorshift64*: deterministic for a seed, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that make markup, CSV and TOML interesting when inserted.
const TOKENS: &[&str] = &[
    "<div>",
    "</div>",
    "<div/>",
    "<li><ul>",
    "<table><td>",
    "<b><div></b>",
    "<!--",
    "-->",
    "<!-->",
    "<script>",
    "</script>",
    "<svg><style>",
    "<a href=\"/x\">",
    "<p>",
    "\"",
    "'",
    ";",
    ",",
    "\n",
    "\r\n",
    "\t",
    "=",
    "[[rule]]",
    "id = \"x\"",
    "User-agent: *\n",
    "Disallow: /\n",
    "Crawl-delay: ",
    "\u{feff}",
    "\u{202e}",
    "http://",
    "ё",
    "\0",
    "%",
    "*",
    "$",
    "[",
    "]",
    "{",
    "}",
    "\\",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
            1 => {
                let end = (at + rng.below(256)).min(len);
                data.drain(at..end);
            }
            2 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let piece = data[at..end].to_vec();
                for _ in 0..rng.below(2_000) {
                    data.splice(at..at, piece.iter().copied());
                }
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let times = if rng.below(4) == 0 {
                    rng.below(50_000)
                } else {
                    1
                };
                data.splice(at..at, token.repeat(times));
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(4_096)).min(other.len());
                data.splice(at..at, other[from..end].iter().copied());
            }
            5 => data.truncate(at),
            _ => data.insert(at, rng.next() as u8),
        }
    }
    data
}

fn files(dir: &Path, ext: &[&str]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ext.contains(&e))
            {
                out.extend(std::fs::read(&path).ok());
            }
        }
    }
    out
}

fn workbook_seed() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["Наименование", "ИНН", "Сайт"],
        ["КЦСОН", "5612345678", "kcson.test"],
        ["ЦСО", "5612345679", "http://cso.test/"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let _ = sheet.write_string(r as u32, c as u16, *cell);
        }
    }
    book.save_to_buffer().unwrap_or_default()
}

fn targets(root: &Path) -> Vec<Target> {
    let fixtures = root.join("tests/fixtures");
    let csv =
        "Наименование;ИНН;Сайт\nКЦСОН;5612345678;kcson.test\n\"ЦСО, филиал\";1;http://a.test/x\n";
    let robots =
        "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: socaudit\nAllow: /\n";
    vec![
        Target {
            name: "html",
            seeds: files(&fixtures, &["html"]),
            run: |b| {
                let url = url::Url::parse("http://a.test/").expect("static URL");
                let _ = socaudit::extract::extract(&url, &String::from_utf8_lossy(b));
            },
        },
        Target {
            name: "lists",
            seeds: vec![csv.as_bytes().to_vec(), workbook_seed()],
            run: |b| {
                let _ = parse_csv_bytes(b, "fuzz.csv");
                let _ = parse_workbook_bytes(b, "fuzz.xlsx");
                let _ = parse_text_lines(&String::from_utf8_lossy(b), "fuzz.txt");
            },
        },
        Target {
            name: "documents",
            seeds: [files(&fixtures, &["pdf", "docx"]), vec![workbook_seed()]].concat(),
            run: |b| {
                let _ = extract_text(b, None, None, &DocLimits::default());
            },
        },
        Target {
            name: "robots",
            seeds: [files(&fixtures, &["txt"]), vec![robots.as_bytes().to_vec()]].concat(),
            run: |b| {
                let body = String::from_utf8_lossy(b);
                let url = url::Url::parse("http://a.test/private/x").expect("static URL");
                let _ = socaudit::robots::is_allowed(&body, "socaudit", &url);
                let _ = socaudit::robots::crawl_delay(&body, "socaudit");
            },
        },
        Target {
            name: "rules",
            seeds: [
                files(&root.join("rules"), &["toml"]),
                files(&fixtures, &["toml"]),
            ]
            .concat(),
            run: |b| {
                let _ = RuleSet::from_toml_str(&String::from_utf8_lossy(b), "fuzz.toml");
            },
        },
    ]
}

/// What one target's run found.
#[derive(Default)]
struct Found {
    inputs: u64,
    panics: Vec<String>,
    slow: Vec<Duration>,
    slowest: Duration,
}

/// Runs `target` for `budget`, each input on a worker thread so that a hang is reported instead
/// of stopping the harness.
fn fuzz(target: &Target, budget: Duration, rng: &mut Rng, out: &Path) -> Found {
    let mut found = Found::default();
    let began = Instant::now();
    while began.elapsed() < budget && !target.seeds.is_empty() {
        let input = mutate(rng, &target.seeds);
        let (tx, rx) = mpsc::channel();
        let run = target.run;
        let data = input.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| run(&data)));
            let _ = tx.send((started.elapsed(), result.err()));
        });
        found.inputs += 1;
        let saved = out.join(format!("{}-{}.bin", target.name, found.inputs));
        match rx.recv_timeout(SLOW * 6) {
            Ok((took, panic)) => {
                found.slowest = found.slowest.max(took);
                if let Some(p) = panic {
                    let message = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default()
                        .chars()
                        .take(300)
                        .collect::<String>();
                    let _ = std::fs::write(&saved, &input);
                    found
                        .panics
                        .push(format!("{message} ({})", saved.display()));
                } else if took > SLOW {
                    let _ = std::fs::write(&saved, &input);
                    found.slow.push(took);
                }
            }
            Err(_) => {
                // The worker is stuck: leave it and report the input.
                let _ = std::fs::write(&saved, &input);
                found.slow.push(SLOW * 6);
            }
        }
    }
    found
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(120);
    let only = args.get(1).cloned();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/fuzz");
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("fuzz: cannot create {}: {e}", out.display());
        return;
    }
    // Panics are counted, not printed one by one.
    std::panic::set_hook(Box::new(|_| {}));
    let all = targets(&root);
    let chosen: Vec<&Target> = all
        .iter()
        .filter(|t| only.as_deref().is_none_or(|o| o == t.name))
        .collect();
    let budget = Duration::from_secs(seconds) / chosen.len().max(1) as u32;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seconds);
    for target in chosen {
        let found = fuzz(target, budget, &mut rng, &out);
        println!(
            "{:<10} {:>7} inputs from {:>3} seeds, slowest {:>6.2} s, {} panics, {} slow",
            target.name,
            found.inputs,
            target.seeds.len(),
            found.slowest.as_secs_f64(),
            found.panics.len(),
            found.slow.len()
        );
        for p in found.panics.iter().take(5) {
            println!("  panic: {p}");
        }
    }
}
