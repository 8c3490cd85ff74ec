//! One site's report from a history run (`/runs/{run}/site?url=…`): report.html's template, as
//! the server shows a finished check, with the workspace's bar (back to the run, the site's
//! timeline, downloads) and the workspace's acceptances applied.

use super::{data, download, encode, find_run, internal, no_run, no_site, query_value};
use crate::report::templating::Template;
use crate::serve::app::State;
use crate::serve::views;
use crate::workspace::auth::CurrentUser;
use axum::extract::Path;
use axum::http::{header, HeaderValue, Uri};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

static BAR: Template = Template::new(
    "runs_bar.html",
    include_str!("../templates/runs_bar.html.tera"),
);

#[derive(Serialize)]
struct BarView {
    run: i64,
    url: String,
    name: Option<String>,
    run_href: String,
    timeline_href: String,
    downloads: Vec<(String, &'static str)>,
}

/// `GET /runs/{run}/site?url=…`: the site's report as report.html shows it, with a bar.
pub(super) async fn site_page(
    _user: CurrentUser,
    state: State,
    Path(run): Path<String>,
    uri: Uri,
) -> Response {
    let Some((run, history)) = find_run(&state, &run) else {
        return no_run();
    };
    let Some(url) = query_value(&uri, "url") else {
        return no_site();
    };
    let app = state.0.clone();
    let (id, target) = (run.id, url.clone());
    let loaded = tokio::task::spawn_blocking(move || {
        let accepted = crate::workspace::accepted::load(&app.db).map_err(|e| e.to_string())?;
        let name = data::site_name(&app.db, id, &target).map_err(|e| e.to_string())?;
        let report =
            data::accepted_report(&history, id, &target, &accepted, crate::audit::today())?;
        Ok::<_, String>(report.map(|r| (r, name)))
    })
    .await;
    let (report, name) = match loaded {
        Ok(Ok(Some(x))) => x,
        Ok(Ok(None)) => return no_site(),
        Ok(Err(e)) => return internal(&e),
        Err(e) => return internal(&e.to_string()),
    };
    let bar = BarView {
        run: run.id,
        name: name.flatten(),
        run_href: format!("/runs/{}", run.id),
        timeline_href: format!("/site?url={}", encode(&url)),
        downloads: download::SITE_FORMATS
            .iter()
            .map(|(f, label)| {
                let href = format!("/runs/{}/site/download/{f}?url={}", run.id, encode(&url));
                (href, *label)
            })
            .collect(),
        url,
    };
    let nonce = crate::serve::security::random_hex(16);
    let page = BAR
        .render(&bar)
        .map_err(|e| e.to_string())
        .and_then(|bar| views::report_page_with_bar(&report, &nonce, &bar));
    match page {
        Ok(html) => {
            let mut response = Html(html).into_response();
            let csp = crate::serve::security::report_csp(&nonce);
            if let Ok(csp) = HeaderValue::from_str(&csp) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, csp);
            }
            response
        }
        Err(e) => internal(&e),
    }
}
