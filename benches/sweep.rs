//! Sweep benchmark: generates N fictional КЦСОН-like sites of P pages each (30–60 KB of Russian
//! HTML per page), serves them on 127.0.0.1 under the names `site-N.test`, sweeps them with the
//! library as `socaudit sweep` would (delay 0), and prints throughput, CPU time and memory.
//!
//! `cargo bench --bench sweep -- --sites 200 --pages 40 --latency-ms 0 --concurrency 16`
//!
//! The fixture server runs inside this process, so its CPU time and memory are in the figures.

use socaudit::crawl::CrawlConfig;
use socaudit::fetch::http::{HttpConfig, HttpFetcher};
use socaudit::fixture_server::{serve_hosts, Site};
use socaudit::politeness::{Politeness, PolitenessConfig};
use socaudit::rules::RuleSet;
use socaudit::sweep::dirs::DirNames;
use socaudit::sweep::{
    run_sweep, summarize_sweep, InputInfo, StopFlag, SweepConfig, SweepItem, SweepProgress,
    SweepSite,
};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// Command-line settings of one run.
#[derive(Debug, Clone, Copy)]
struct Args {
    sites: usize,
    pages: usize,
    latency_ms: u64,
    concurrency: usize,
}

const USAGE: &str = "usage: cargo bench --bench sweep -- [--sites N] [--pages P] [--latency-ms L] [--concurrency C]";

fn parse_args(raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        sites: 200,
        pages: 40,
        latency_ms: 0,
        concurrency: 16,
    };
    let mut raw = raw.peekable();
    while let Some(arg) = raw.next() {
        // Cargo passes `--bench` to every bench binary; it means nothing here.
        if arg == "--bench" {
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let value = match inline {
            Some(v) => v,
            None => raw
                .next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?,
        };
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{name}: «{value}» is not a number\n{USAGE}"))?;
        match name.as_str() {
            "--sites" => args.sites = number.max(1) as usize,
            "--pages" => args.pages = number.max(1) as usize,
            "--latency-ms" => args.latency_ms = number,
            "--concurrency" => args.concurrency = number.max(1) as usize,
            _ => return Err(format!("unknown argument {name}\n{USAGE}")),
        }
    }
    Ok(args)
}

/// xorshift64*: deterministic filler, so every run serves the same bytes.
struct Rng(u64);

impl Rng {
    fn new(site: usize, page: usize) -> Rng {
        Rng(((site as u64) << 32 ^ page as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A required section: (path, menu text, the facts the law asks for).
type Section = (&'static str, &'static str, &'static str);

const SECTIONS: &[Section] = &[
    ("svedeniya/", "Основные сведения", "<p>Дата государственной регистрации: 14.05.1999. ОГРН 1026400000000.</p>"),
    ("svedeniya/uchreditel/", "Учредитель", "<p>Учредитель: министерство социального развития Демонстрационной области. Адрес учредителя: г. Демонстрационск, ул. Советская, д. 1.</p>"),
    ("kontakty/", "Контакты", "<p><b>Адрес:</b> 410000, Демонстрационная обл., г. Новоборск, ул. Садовая, д. 14</p><p><b>Режим работы:</b> понедельник — пятница с 8:00 до 17:00, перерыв с 12:00 до 12:48.</p>"),
    ("svedeniya/struktura/", "Структура и органы управления", "<table><tr><th>Отделение</th><th>Заведующий</th><th>Телефон</th></tr><tr><td>Отделение социального обслуживания на дому</td><td>Иванова Мария Петровна</td><td>8 (8452) 41-22-13</td></tr><tr><td>Отделение срочного социального обслуживания</td><td>Петров Сергей Иванович</td><td>8 (8452) 41-22-14</td></tr></table>"),
    ("uslugi/", "Формы социального обслуживания и виды социальных услуг", "<p>Социальное обслуживание на дому и в полустационарной форме. Виды социальных услуг: социально-бытовые, социально-медицинские, социально-психологические, социально-правовые. Порядок и условия предоставления социальных услуг установлены законом.</p>"),
    ("uslugi/tarify/", "Тарифы на социальные услуги", "<table><tr><th>Услуга</th><th>Тариф, руб.</th></tr><tr><td>Покупка и доставка продуктов питания</td><td>98,40</td></tr><tr><td>Уборка жилого помещения</td><td>145,20</td></tr></table>"),
    ("svedeniya/chislennost/", "Численность получателей социальных услуг", "<p>Численность получателей социальных услуг по формам социального обслуживания: на дому — 812 человек, в полустационарной форме — 240 человек; за счёт бюджета — 901, по договорам — 151.</p>"),
    ("svedeniya/rukovodstvo/", "Руководство", "<p>Директор — Смирнова Ольга Викторовна, тел. 8 (8452) 41-22-10. Заместитель директора — Козлов Андрей Николаевич.</p>"),
    ("svedeniya/personal/", "Персональный состав работников", "<table><tr><th>ФИО</th><th>Должность</th><th>Образование</th><th>Стаж</th></tr><tr><td>Орлова Н. А.</td><td>специалист по социальной работе</td><td>высшее</td><td>12 лет</td></tr></table>"),
    ("svedeniya/mto/", "Материально-техническое обеспечение", "<p>Материально-техническое обеспечение предоставления социальных услуг: помещения площадью 1 240 кв. м, кабинет ЛФК, сенсорная комната, доступ к сети Интернет.</p>"),
    ("svedeniya/svobodnye-mesta/", "Количество свободных мест", "<p>Количество свободных мест для приёма получателей социальных услуг: на дому — 15, в полустационарной форме — 4.</p>"),
    ("svedeniya/obem-uslug/", "Объём предоставляемых социальных услуг", "<p>Объём предоставляемых социальных услуг за счёт бюджетных ассигнований — 212 400 услуг, по договорам — 18 300 услуг.</p>"),
    ("svedeniya/licenzii/", "Лицензии", "<p>Лицензия на осуществление медицинской деятельности: выписка из реестра лицензий № Л041-01137-64/00312345.</p>"),
    ("svedeniya/fhd/", "Финансово-хозяйственная деятельность", "<p><a href=\"/upload/docs/plan-fhd-2026.pdf\">План финансово-хозяйственной деятельности на 2026 год</a></p><p><a href=\"/upload/docs/otchet-2025.pdf\">Отчёт о результатах деятельности за 2025 год</a></p>"),
    ("dokumenty/", "Документы", "<ul><li><a href=\"/upload/docs/ustav.pdf\">Устав учреждения</a></li><li><a href=\"/upload/docs/pravila-dlya-poluchateley.pdf\">Правила внутреннего распорядка для получателей социальных услуг</a></li><li><a href=\"/upload/docs/pvtr.pdf\">Правила внутреннего трудового распорядка</a></li><li><a href=\"/upload/docs/kollektivnyy-dogovor.pdf\">Коллективный договор на 2024–2027 годы</a></li></ul>"),
    ("svedeniya/predpisaniya/", "Предписания контрольно-надзорных органов", "<p>Предписания органов, осуществляющих государственный контроль, в 2025 году не выдавались.</p>"),
    ("nok/", "Независимая оценка качества", "<p>Итоговый балл по результатам независимой оценки качества условий оказания услуг — 94,6. <a href=\"https://bus.gov.ru/info-card/123456\">Результаты независимой оценки качества на bus.gov.ru</a></p><p><a href=\"/upload/nok/plan.pdf\">План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг</a></p><p><a href=\"/upload/nok/otchet.pdf\">Отчёт о выполнении плана по устранению недостатков за 2025 год</a></p>"),
    ("anketa/", "Анкета получателя услуг", "<p>Оцените качество условий оказания услуг.</p><form action=\"/anketa/\" method=\"post\"><p>Довольны ли вы качеством услуг?</p><input type=\"radio\" name=\"q1\" value=\"1\"> да <input type=\"radio\" name=\"q1\" value=\"0\"> нет <button>Отправить</button></form>"),
    ("obratnaya-svyaz/", "Обратная связь", "<form action=\"/obratnaya-svyaz/\" method=\"post\"><input name=\"fio\" placeholder=\"ФИО\"><input name=\"email\" placeholder=\"E-mail\"><textarea name=\"message\" placeholder=\"Текст обращения\"></textarea><button>Отправить обращение</button></form>"),
    ("faq/", "Часто задаваемые вопросы", "<h2>Как получить социальные услуги на дому?</h2><p>Подайте заявление в управление социальной защиты населения по месту жительства.</p>"),
];

/// Sections left out by profile `site % 5` (indices into [`SECTIONS`]); 0 and 1 are compliant.
fn missing(site: usize) -> &'static [usize] {
    match site % 5 {
        2 => &[5, 14, 16, 17, 19],
        3 => &[6, 10, 11, 16],
        4 => &[1, 3, 5, 7, 9, 11, 13, 15, 17, 19],
        _ => &[],
    }
}

const SENTENCES: &[&str] = &[
    "Специалисты центра провели встречу с ветеранами труда в клубе «Серебряный возраст».",
    "В отделении дневного пребывания прошло занятие по скандинавской ходьбе для граждан пожилого возраста.",
    "Волонтёры серебряного возраста поздравили участников Великой Отечественной войны с праздником.",
    "Социальные работники помогли подопечным подготовить огороды к весеннему сезону.",
    "В рамках проекта «Активное долголетие» открылся кружок компьютерной грамотности.",
    "Психолог центра провёл тренинг по профилактике эмоционального выгорания для сотрудников.",
    "Семьи с детьми приняли участие в праздничной программе, посвящённой Дню защиты детей.",
    "Сотрудники центра приняли участие в областном конкурсе профессионального мастерства.",
    "Для жителей отдалённых сёл организован выезд мобильной бригады специалистов.",
    "В библиотеке центра прошли литературные чтения, посвящённые творчеству Пушкина.",
    "Участники клуба «Рукодельница» подготовили выставку работ в технике лоскутного шитья.",
    "Специалисты по социальной работе рассказали о мерах поддержки участников специальной военной операции и их семей.",
    "В центре прошёл день открытых дверей для будущих получателей услуг и их родственников.",
    "Школа ухода провела занятие для родственников маломобильных граждан.",
    "Пункт проката технических средств реабилитации пополнился новыми креслами-колясками.",
    "Инструктор по адаптивной физкультуре провёл утреннюю зарядку на свежем воздухе.",
    "На встрече с представителями пенсионного фонда обсудили вопросы индексации пенсий.",
    "Благодарим всех, кто принял участие в благотворительной акции «Тепло для каждого».",
];

const NEWS_TITLES: &[&str] = &[
    "Масленичные гуляния в отделении дневного пребывания",
    "Школа ухода: занятия для родственников",
    "Встреча клуба «Серебряный возраст»",
    "Поздравляем с Днём социального работника",
    "Открылся кружок компьютерной грамотности",
    "Выезд мобильной бригады в отдалённые сёла",
];

/// The header, the mega-menu (as real КЦСОН sites have), breadcrumbs and an h1.
fn page_head(out: &mut String, site: usize, title: &str, present: &[&Section]) {
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} | ГБУ «КЦСОН № {site}»</title><link rel=\"stylesheet\" href=\"/css/style.css\"></head>\n<body>\n"
    ));
    if site % 5 != 4 {
        out.push_str("<div class=\"top-bar\"><a href=\"/?special=1\" class=\"special\">Версия для слабовидящих</a></div>\n");
    }
    out.push_str(&format!(
        "<header><a class=\"logo\" href=\"/\"><img src=\"/images/logo.png\" alt=\"Эмблема\">ГБУ «Комплексный центр социального обслуживания населения № {site}»</a></header>\n<nav class=\"main-menu\"><ul>\n<li><a href=\"/\">Главная</a></li>\n<li><a href=\"/svedeniya/\">Сведения о поставщике социальных услуг</a><ul>\n"
    ));
    for (path, menu, _) in present {
        out.push_str(&format!(
            "<li class=\"menu-item\"><a href=\"/{path}\">{menu}</a></li>\n"
        ));
    }
    out.push_str("</ul></li>\n<li><a href=\"/news/\">Новости</a></li>\n<li><a href=\"https://www.gosuslugi.ru/\">Госуслуги</a></li>\n<li><a href=\"https://bus.gov.ru/\">bus.gov.ru</a></li>\n</ul></nav>\n");
    out.push_str(&format!("<main class=\"content\"><div class=\"breadcrumbs\"><a href=\"/\">Главная</a> / {title}</div>\n<h1>{title}</h1>\n"));
}

/// Filler text and tables up to `target` bytes, then the footer with the contacts.
fn page_tail(out: &mut String, site: usize, rng: &mut Rng, target: usize) {
    let footer = format!(
        "</main>\n<footer><p>Адрес: 410000, Демонстрационная обл., г. Новоборск, ул. Садовая, д. 14</p><p>Телефон: <a href=\"tel:+78452412210\">8 (8452) 41-22-10</a></p>\
         <p>E-mail: <a href=\"mailto:kcson{site}@social-demo.ru\">kcson{site}@social-demo.ru</a></p><p><a href=\"https://vk.com/kcson{site}\">Мы ВКонтакте</a></p></footer>\n</body>\n</html>\n"
    );
    while out.len() + footer.len() < target {
        if rng.below(6) == 0 {
            out.push_str("<table class=\"schedule\"><tr><th>День</th><th>Мероприятие</th><th>Место</th></tr>");
            for day in ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница"]
            {
                out.push_str(&format!(
                    "<tr><td>{day}</td><td>{}</td><td>актовый зал</td></tr>",
                    rng.pick(NEWS_TITLES)
                ));
            }
            out.push_str("</table>\n");
        }
        out.push_str("<p>");
        for _ in 0..4 + rng.below(5) {
            out.push_str(rng.pick(SENTENCES));
            out.push(' ');
        }
        out.push_str("</p>\n");
    }
    out.push_str(&footer);
}

/// One generated site: its files and how many of them are HTML pages.
fn build_site(
    site: usize,
    pages: usize,
    latency: Duration,
) -> Result<(Site, usize, usize), String> {
    let skip = missing(site);
    let present: Vec<&Section> = SECTIONS
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, s)| s)
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut page = |path: String, title: &str, body: &str, n: usize| {
        let mut rng = Rng::new(site, n);
        let target = 30_000 + rng.below(30_000);
        let mut html = String::with_capacity(target + 2_000);
        page_head(&mut html, site, title, &present);
        html.push_str(body);
        page_tail(&mut html, site, &mut rng, target);
        files.push((path, html.into_bytes()));
    };
    let news = pages.saturating_sub(present.len() + 2);
    let news_links: String = (1..=news)
        .map(|k| {
            format!(
                "<li><a href=\"/news/{k}.html\">{}</a></li>",
                NEWS_TITLES[k % NEWS_TITLES.len()]
            )
        })
        .collect();
    page("index.html".into(), "Главная", "<p>Центр оказывает социальные услуги гражданам пожилого возраста, инвалидам и семьям с детьми.</p>", 0);
    page(
        "news/index.html".into(),
        "Новости",
        &format!("<ul class=\"news-list\">{news_links}</ul>"),
        1,
    );
    for (k, (path, menu, body)) in present.iter().enumerate() {
        page(format!("{path}index.html"), menu, body, k + 2);
    }
    for k in 1..=news {
        page(
            format!("news/{k}.html"),
            NEWS_TITLES[k % NEWS_TITLES.len()],
            "",
            100 + k,
        );
    }
    let html_pages = files.len();
    // Document stubs: the crawl only asks for their status and type. The weak profile's charter
    // link is dead, as on many real sites.
    let docs = [
        "docs/plan-fhd-2026.pdf",
        "docs/otchet-2025.pdf",
        "docs/ustav.pdf",
        "docs/pravila-dlya-poluchateley.pdf",
        "docs/pvtr.pdf",
        "docs/kollektivnyy-dogovor.pdf",
        "nok/plan.pdf",
        "nok/otchet.pdf",
    ];
    for doc in docs
        .iter()
        .filter(|d| !(site % 5 == 4 && d.ends_with("ustav.pdf")))
    {
        files.push((
            format!("upload/{doc}"),
            format!("%PDF-1.4\n% socaudit bench stub {doc}\n")
                .repeat(40)
                .into_bytes(),
        ));
    }
    files.push((
        "robots.txt".into(),
        b"User-agent: *\nDisallow: /search/\n".to_vec(),
    ));
    let bytes = files.iter().take(html_pages).map(|(_, b)| b.len()).sum();
    let site = Site::from_files(files)
        .map_err(|e| e.to_string())?
        .with_latency(latency);
    Ok((site, html_pages, bytes))
}

/// Counts pages as the sweep fetches them and shows a line per tenth of the sites.
struct Counter {
    pages: AtomicU64,
    done: AtomicU64,
    total: u64,
}

impl SweepProgress for Counter {
    fn started(&self, _item: &SweepItem) {}
    fn page(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
    }
    fn finished(&self, _row: &SweepSite) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if done.is_multiple_of((self.total / 10).max(1)) {
            eprintln!(
                "  {done}/{} sites, {} pages",
                self.total,
                self.pages.load(Ordering::Relaxed)
            );
        }
    }
}

/// User + system CPU time of this process so far.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass; a zeroed rusage is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer cannot fail.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// A `VmXXX:` line of /proc/self/status, in MiB.
fn vm_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info.lines().find_map(|l| {
        l.strip_prefix("model name")?
            .split_once(':')
            .map(|(_, m)| m.trim().to_string())
    });
    model.unwrap_or_else(|| "unknown CPU".into())
}

async fn bench(args: Args) -> Result<(), String> {
    let latency = Duration::from_millis(args.latency_ms);
    let (mut hosts, mut html_pages, mut html_bytes) = (Vec::new(), 0, 0);
    for i in 1..=args.sites {
        let (site, pages, bytes) = build_site(i, args.pages, latency)?;
        hosts.push((format!("site-{i}.test"), site));
        html_pages += pages;
        html_bytes += bytes;
    }
    let names: Vec<String> = hosts.iter().map(|(h, _)| h.clone()).collect();
    let server = serve_hosts(hosts).await.map_err(|e| e.to_string())?;
    let resolve: Vec<(String, SocketAddr)> =
        names.iter().map(|h| (h.clone(), server.addr)).collect();
    let fetcher = HttpFetcher::new(HttpConfig {
        resolve,
        ..HttpConfig::default()
    })
    .map_err(|e| e.to_string())?;
    let politeness = Politeness::new(PolitenessConfig {
        delay: Duration::ZERO,
        ..PolitenessConfig::default()
    });
    let mut dirs = DirNames::default();
    let items = names
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let url = Url::parse(&format!("http://{host}:{}/", server.port()))
                .map_err(|e| e.to_string())?;
            Ok(SweepItem {
                row: i + 2,
                dir: dirs.name_for(&url),
                url,
                name: Some(format!("ГБУ «КЦСОН № {}»", i + 1)),
                region: None,
                inn: None,
                kind: Some("КЦСОН".into()),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let config = SweepConfig {
        concurrency: args.concurrency,
        crawl: CrawlConfig::default(),
        out: out.path().to_path_buf(),
        journal: None,
        annotate: None,
    };
    let rules = Arc::new(RuleSet::builtin());
    let counter = Arc::new(Counter {
        pages: AtomicU64::new(0),
        done: AtomicU64::new(0),
        total: args.sites as u64,
    });
    println!("socaudit sweep benchmark");
    println!(
        "machine: {} CPUs, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );
    println!(
        "load: {} sites x {} pages ({} HTML pages, {:.0} MiB of HTML, {:.1} KiB per page), latency {} ms, {} sites at once, delay 0",
        args.sites, args.pages, html_pages, html_bytes as f64 / 1048576.0, html_bytes as f64 / 1024.0 / html_pages.max(1) as f64, args.latency_ms, args.concurrency
    );
    println!(
        "note: the fixture server runs in this process: its CPU time and memory are counted below"
    );
    let rss_ready = vm_mib("VmRSS");
    let (cpu0, began) = (cpu_time(), Instant::now());
    let progress: Arc<dyn SweepProgress> = counter.clone();
    let rows = run_sweep(
        items,
        rules.clone(),
        Arc::new(fetcher),
        Arc::new(politeness),
        &config,
        progress,
        StopFlag::default(),
    )
    .await;
    let (wall, cpu) = (began.elapsed(), cpu_time().saturating_sub(cpu0));
    let summary = summarize_sweep(&rules, InputInfo::default(), rows, wall, false);
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| e.to_string())?;
    std::fs::write(out.path().join("summary.json"), json).map_err(|e| e.to_string())?;
    let pages: usize = summary.sites.iter().map(|s| s.pages_fetched).sum();
    let verdicts = |v: &str| summary.sites.iter().filter(|s| s.verdict == v).count();
    let secs = wall.as_secs_f64().max(1e-9);
    println!(
        "sites checked: {} (compliant {}, non-compliant {}, unknown {}, unreachable {})",
        summary.sites.len(),
        verdicts("compliant"),
        verdicts("non_compliant"),
        verdicts("unknown"),
        summary.sites.iter().filter(|s| !s.reachable).count()
    );
    println!(
        "pages fetched: {pages} (requests served, robots.txt and documents included: {})",
        server.hit_count()
    );
    println!("wall: {secs:.1} s");
    println!("sites/s: {:.2}", summary.sites.len() as f64 / secs);
    println!("pages/s: {:.0}", pages as f64 / secs);
    println!(
        "CPU (user+sys, crawler and server): {:.1} s = {:.2} ms per page, {:.0}% of one core",
        cpu.as_secs_f64(),
        cpu.as_secs_f64() * 1000.0 / pages.max(1) as f64,
        cpu.as_secs_f64() / secs * 100.0
    );
    println!("peak RSS (VmHWM): {:.0} MiB (of which the generated sites, before the sweep: {rss_ready:.0} MiB)", vm_mib("VmHWM"));
    Ok(())
}

fn main() {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(bench(args)) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}
