//! `_site.toml`: the manifest of a fixture site — special routes (redirects, errors, delays,
//! transcoding) and crawler traps that plain files cannot express.

use super::FixtureError;
use encoding_rs::Encoding;
use serde::Deserialize;
use std::collections::HashMap;
use std::time::Duration;
use toml::Spanned;

/// The manifest as written; validated into [`Manifest`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    route: Vec<Spanned<RawRoute>>,
    #[serde(default)]
    trap: Vec<Spanned<RawTrap>>,
    #[serde(default)]
    series: Vec<Spanned<RawSeries>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    prefix: String,
    count: u32,
    title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    path: String,
    status: Option<u16>,
    location: Option<String>,
    file: Option<String>,
    body: Option<String>,
    encoding: Option<String>,
    content_type: Option<String>,
    delay_ms: Option<u64>,
    retry_after: Option<String>,
    fail_times: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrap {
    prefix: String,
    param: Option<String>,
    #[serde(default)]
    extra: Vec<String>,
}

/// A validated manifest.
#[derive(Debug, Clone, Default)]
pub(crate) struct Manifest {
    pub routes: Vec<Route>,
    pub traps: Vec<Trap>,
    pub series: Vec<Series>,
}

/// Where a route's body comes from.
#[derive(Debug, Clone)]
pub(crate) enum RouteBody {
    /// A file of the site (relative path).
    File(String),
    /// Text given in the manifest.
    Inline(String),
    /// Whatever file the request path maps to, or nothing.
    FromPath,
}

/// One `[[route]]`: an exact path (and optional query) with a fixed behaviour.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// Percent-decoded path, with `?query` when the route names one.
    pub path: String,
    pub status: u16,
    pub location: Option<String>,
    pub body: RouteBody,
    pub encoding: Option<&'static Encoding>,
    /// `Some("")` means: send no Content-Type at all.
    pub content_type: Option<String>,
    pub delay: Option<Duration>,
    pub retry_after: Option<String>,
    pub fail_times: u32,
}

impl Route {
    /// True for a route that names a query: it then matches only that exact query.
    pub fn has_query(&self) -> bool {
        self.path.contains('?')
    }
}

/// One `[[trap]]`: an endless family of generated pages under a prefix.
#[derive(Debug, Clone)]
pub(crate) struct Trap {
    pub prefix: String,
    pub param: String,
    pub extra: Vec<String>,
}

/// One `[[series]]`: a finite family of numbered pages `{prefix}1/` … `{prefix}{count}/`, listed
/// on the page `{prefix}` (a document register under numeric URLs).
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub prefix: String,
    pub count: u32,
    pub title: String,
}

/// Parses and validates a manifest; `name` is how errors refer to the file.
pub(crate) fn parse(
    name: &str,
    text: &str,
    files: &HashMap<String, Vec<u8>>,
) -> Result<Manifest, FixtureError> {
    let raw: RawManifest = toml::from_str(text).map_err(|e| FixtureError::Manifest {
        file: name.to_string(),
        line: e.span().map_or(0, |s| line_of(text, s.start)),
        message: e.message().to_string(),
    })?;
    let mut manifest = Manifest::default();
    for spanned in raw.route {
        let line = line_of(text, spanned.span().start);
        let err = |message: String| FixtureError::Manifest {
            file: name.to_string(),
            line,
            message,
        };
        manifest
            .routes
            .push(validate_route(spanned.into_inner(), files).map_err(err)?);
    }
    for spanned in raw.trap {
        let line = line_of(text, spanned.span().start);
        let trap =
            validate_trap(spanned.into_inner()).map_err(|message| FixtureError::Manifest {
                file: name.to_string(),
                line,
                message,
            })?;
        manifest.traps.push(trap);
    }
    for spanned in raw.series {
        let line = line_of(text, spanned.span().start);
        let raw = spanned.into_inner();
        if !raw.prefix.starts_with('/') || !raw.prefix.ends_with('/') {
            return Err(FixtureError::Manifest {
                file: name.to_string(),
                line,
                message: format!("series prefix {:?} must start and end with '/'", raw.prefix),
            });
        }
        manifest.series.push(Series {
            prefix: super::percent_decode(&raw.prefix),
            count: raw.count,
            title: raw.title,
        });
    }
    Ok(manifest)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn validate_route(raw: RawRoute, files: &HashMap<String, Vec<u8>>) -> Result<Route, String> {
    if !raw.path.starts_with('/') {
        return Err(format!("route path {:?} must start with '/'", raw.path));
    }
    let status = raw.status.unwrap_or(200);
    if !(100..=599).contains(&status) {
        return Err(format!(
            "route {}: status {status} is not an HTTP status",
            raw.path
        ));
    }
    if (300..400).contains(&status) && status != 304 && raw.location.is_none() {
        return Err(format!(
            "route {}: a {status} redirect needs `location`",
            raw.path
        ));
    }
    if raw.file.is_some() && raw.body.is_some() {
        return Err(format!(
            "route {}: give `file` or `body`, not both",
            raw.path
        ));
    }
    let encoding = match &raw.encoding {
        None => None,
        Some(label) => Some(
            Encoding::for_label(label.as_bytes())
                .ok_or_else(|| format!("route {}: unknown encoding {label:?}", raw.path))?,
        ),
    };
    let body = match (raw.file, raw.body) {
        (Some(file), _) => {
            let key = super::normalise_key(&file);
            let bytes = files
                .get(&key)
                .ok_or_else(|| format!("route {}: file {file:?} is not in the site", raw.path))?;
            if encoding.is_some() && std::str::from_utf8(bytes).is_err() {
                return Err(format!(
                    "route {}: {file:?} is not UTF-8, cannot transcode it",
                    raw.path
                ));
            }
            RouteBody::File(key)
        }
        (None, Some(text)) => RouteBody::Inline(text),
        (None, None) => RouteBody::FromPath,
    };
    for (key, value) in [
        ("content_type", &raw.content_type),
        ("retry_after", &raw.retry_after),
    ] {
        if let Some(v) = value {
            if axum::http::HeaderValue::from_str(v).is_err() {
                return Err(format!(
                    "route {}: {key} {v:?} is not a valid header value",
                    raw.path
                ));
            }
        }
    }
    Ok(Route {
        path: super::percent_decode(&raw.path),
        status,
        location: raw.location,
        body,
        encoding,
        content_type: raw.content_type,
        delay: raw.delay_ms.map(Duration::from_millis),
        retry_after: raw.retry_after,
        fail_times: raw.fail_times.unwrap_or(0),
    })
}

fn validate_trap(raw: RawTrap) -> Result<Trap, String> {
    if !raw.prefix.starts_with('/') || !raw.prefix.ends_with('/') {
        return Err(format!(
            "trap prefix {:?} must start and end with '/'",
            raw.prefix
        ));
    }
    Ok(Trap {
        prefix: super::percent_decode(&raw.prefix),
        param: raw.param.unwrap_or_else(|| "month".to_string()),
        extra: raw.extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> HashMap<String, Vec<u8>> {
        HashMap::from([("about.html".to_string(), "Учредитель".as_bytes().to_vec())])
    }

    #[test]
    fn parses_routes_and_traps() {
        let text = "[[route]]\npath = \"/about/\"\nfile = \"about.html\"\nencoding = \"windows-1251\"\n\n[[trap]]\nprefix = \"/calendar/\"\n";
        let m = parse("_site.toml", text, &files()).expect("valid manifest");
        assert_eq!(m.routes.len(), 1);
        assert_eq!(m.routes[0].encoding, Some(encoding_rs::WINDOWS_1251));
        assert_eq!(m.traps[0].param, "month");
    }

    #[test]
    fn parses_series_and_refuses_a_bad_prefix() {
        let text = "[[series]]\nprefix = \"/docs/\"\ncount = 120\ntitle = \"Приказ\"\n";
        let m = parse("_site.toml", text, &files()).expect("valid manifest");
        assert_eq!(
            (m.series[0].prefix.as_str(), m.series[0].count),
            ("/docs/", 120)
        );
        let bad = "[[series]]\nprefix = \"docs\"\ncount = 1\ntitle = \"x\"\n";
        let msg = parse("_site.toml", bad, &files())
            .expect_err("bad prefix")
            .to_string();
        assert!(msg.starts_with("_site.toml:1:"), "{msg}");
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let text = "[[route]]\npath = \"/\"\n\n[[route]]\npath = \"/x\"\nstatuss = 404\n";
        let err = parse("site/_site.toml", text, &files()).expect_err("unknown key");
        let msg = err.to_string();
        assert!(msg.contains("site/_site.toml:"), "{msg}");
        assert!(msg.contains("statuss"), "{msg}");
    }

    #[test]
    fn missing_file_names_route_line() {
        let text = "[[route]]\npath = \"/\"\n\n[[route]]\npath = \"/x\"\nfile = \"nope.html\"\n";
        let msg = parse("_site.toml", text, &files())
            .expect_err("missing file")
            .to_string();
        assert!(msg.starts_with("_site.toml:4:"), "{msg}");
    }

    #[test]
    fn redirect_needs_location() {
        let text = "[[route]]\npath = \"/old\"\nstatus = 301\n";
        assert!(parse("_site.toml", text, &files()).is_err());
    }
}
