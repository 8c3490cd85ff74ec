//! The built-in demo: sample sites shipped inside the binary, served on 127.0.0.1 under
//! realistic host names, so that `socaudit demo` shows a whole sweep on a machine with no network.

use crate::fixture_server::{serve_hosts, FixtureError, RunningServer, Site};
use crate::sweep::SweepItem;
use include_dir::{include_dir, Dir};
use std::net::SocketAddr;
use url::Url;

/// The sample sites (the integration tests crawl the same ones).
static FIXTURES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures");

/// (host, fixture folder, institution name, region, type) of each demo site.
const DEMO_SITES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "kcson-zarechny.test",
        "compliant",
        "ГБУ ОО «КЦСОН Заречного района»",
        "Демонстрационная область",
        "КЦСОН",
    ),
    (
        "cso-listvyanka.test",
        "weak",
        "МБУ «ЦСО Листвянского района»",
        "Демонстрационная область",
        "ЦСО",
    ),
    (
        "berezovaya-roshcha.test",
        "cp1251",
        "Дом-интернат «Берёзовая роща»",
        "Демонстрационный край",
        "Дом-интернат",
    ),
    (
        "kcson-svetlogorsk.test",
        "robots",
        "ГАУ «КЦСОН г. Светлогорска»",
        "Демонстрационный край",
        "КЦСОН",
    ),
    (
        "rc-stupeni.test",
        "js-only",
        "ГБУ «Реабилитационный центр для инвалидов «Ступени»",
        "Демонстрационная область",
        "Реабилитационный центр",
    ),
    (
        "pni-zarechye.test",
        "hostile",
        "ПНИ «Заречье»",
        "Демонстрационная область",
        "ПНИ",
    ),
    (
        "kcson-prirechny.test",
        "redirect/old",
        "ГБУ «КЦСОН Приречного района» (сайт переехал)",
        "Демонстрационный край",
        "КЦСОН",
    ),
    (
        "kcson-lugovoy.test",
        "documents",
        "ГБУ «КЦСОН Луговского района»",
        "Демонстрационная область",
        "КЦСОН",
    ),
    (
        "di-rassvet.test",
        "old-plan",
        "Дом-интернат «Рассвет»",
        "Демонстрационный край",
        "Дом-интернат",
    ),
];

/// The host the moved demo site redirects to (fixed in its `_site.toml`).
const MOVED_TO_HOST: &str = "kcson-new.test";

/// The running demo: its server, the sites to sweep, and the host-name overrides for the client.
pub struct Demo {
    /// The server (stops when dropped).
    pub server: RunningServer,
    /// One item per demo site, plus one that is unreachable.
    pub items: Vec<SweepItem>,
    /// Host names to pin to the server's address.
    pub resolve: Vec<(String, SocketAddr)>,
}

/// Starts the demo server on 127.0.0.1 and lists its sites.
pub async fn start() -> Result<Demo, FixtureError> {
    let mut sites = Vec::new();
    for (host, folder, ..) in DEMO_SITES {
        sites.push((host.to_string(), embedded_site(folder)?));
    }
    sites.push((MOVED_TO_HOST.to_string(), embedded_site("redirect/new")?));
    let server = serve_hosts(sites).await?;
    let addr = SocketAddr::from(([127, 0, 0, 1], server.port()));
    let mut resolve: Vec<(String, SocketAddr)> = DEMO_SITES
        .iter()
        .map(|(h, ..)| (h.to_string(), addr))
        .collect();
    resolve.push((MOVED_TO_HOST.to_string(), addr));
    let mut items: Vec<SweepItem> = DEMO_SITES
        .iter()
        .enumerate()
        .filter_map(|(i, (host, _, name, region, kind))| {
            let url = Url::parse(&format!("http://{host}:{}/", server.port())).ok()?;
            Some(item(i + 2, url, name, region, kind))
        })
        .collect();
    // One institution whose site does not answer at all, as happens in every real sweep.
    if let Ok(url) = Url::parse(&format!("http://127.0.0.1:{}/", closed_port())) {
        items.push(item(
            items.len() + 2,
            url,
            "ГБУ «Социальный приют «Маяк» (сайт не отвечает)",
            "Демонстрационный край",
            "Приют",
        ));
    }
    let mut dirs = crate::sweep::dirs::DirNames::default();
    for item in &mut items {
        item.dir = dirs.name_for(&item.url);
    }
    Ok(Demo {
        server,
        items,
        resolve,
    })
}

fn item(row: usize, url: Url, name: &str, region: &str, kind: &str) -> SweepItem {
    SweepItem {
        row,
        dir: String::new(),
        url,
        name: Some(name.to_string()),
        region: Some(region.to_string()),
        inn: None,
        kind: Some(kind.to_string()),
    }
}

/// A fixture folder from inside the binary.
fn embedded_site(folder: &str) -> Result<Site, FixtureError> {
    let dir = FIXTURES.get_dir(folder).ok_or_else(|| FixtureError::Io {
        path: folder.into(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "demo site missing from the binary",
        ),
    })?;
    let mut files = Vec::new();
    collect(dir, dir.path(), &mut files);
    Site::from_files(files)
}

fn collect(dir: &Dir<'_>, root: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
    for file in dir.files() {
        if let Ok(rel) = file.path().strip_prefix(root) {
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                file.contents().to_vec(),
            ));
        }
    }
    for sub in dir.dirs() {
        collect(sub, root, out);
    }
}

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9)
}
