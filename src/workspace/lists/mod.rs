//! Workspace part `lists`: uploaded lists of sites and their sweeps.
//!
//! `GET /lists` shows every list and the upload form; `POST /lists` reads the file with the
//! CLI's reader ([`upload`](crate::workspace::lists::upload)) and stores its sites and problems;
//! `GET /lists/{id}` shows one list with its sweeps; `POST /lists/{id}/sweeps` queues a sweep,
//! which a worker ([`worker`](crate::workspace::lists::worker)) runs; its progress is on
//! `/sweeps/{id}` ([`sweep_page`](crate::workspace::lists::sweep_page)).

pub mod claim;
pub mod store;
pub mod sweep_page;
pub mod upload;
pub mod views;
pub mod worker;

use crate::serve::app::{AppState, State};
use crate::serve::now_ms;
use crate::workspace::auth::CurrentUser;
use crate::workspace::layout::Page;
use crate::workspace::lists::store::{ListInfo, StoredProblem, StoredSite};
use crate::workspace::lists::upload::{read_form, read_list, FormError, UPLOAD_LIMIT};
use crate::workspace::lists::views::{db_failed, forbidden, message, not_found, when, SweepView};
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use std::sync::Arc;

static LISTS: Page = Page::new(
    "lists_index.html",
    include_str!("../templates/lists_index.html.tera"),
);
static LIST: Page = Page::new(
    "lists_list.html",
    include_str!("../templates/lists_list.html.tera"),
);

/// Sites shown on one page of a list.
const SITES_PER_PAGE: usize = 200;

/// The routes of this part.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/lists",
            get(lists_page)
                .post(upload)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/lists/{id}", get(list_page))
        .route("/lists/{id}/sweeps", post(start_sweep))
        .merge(crate::workspace::lists::sweep_page::routes())
}

#[derive(Serialize)]
struct ListRow {
    #[serde(flatten)]
    list: ListInfo,
    uploaded: String,
    last: Option<SweepView>,
}

#[derive(Serialize)]
struct ListsView {
    lists: Vec<ListRow>,
    error: Option<String>,
    limit_mib: usize,
}

/// `GET /lists`.
async fn lists_page(state: State, user: CurrentUser) -> Response {
    render_lists(&state, &user, None, StatusCode::OK)
}

fn render_lists(
    state: &AppState,
    user: &CurrentUser,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let loaded = store::lists(&state.db).and_then(|l| Ok((l, store::last_sweeps(&state.db)?)));
    let (lists, mut last) = match loaded {
        Ok(x) => x,
        Err(e) => return db_failed(user, &e),
    };
    let now = now_ms();
    let lists = lists
        .into_iter()
        .map(|list| ListRow {
            uploaded: when(list.uploaded_ms),
            last: last.remove(&list.id).map(|s| SweepView::of(&s, now)),
            list,
        })
        .collect();
    let view = ListsView {
        lists,
        error,
        limit_mib: UPLOAD_LIMIT / (1024 * 1024),
    };
    let mut response = LISTS.respond(Some(user), "Списки сайтов", &view);
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

/// `POST /lists`: a multipart upload of a list file.
async fn upload(
    state: State,
    user: CurrentUser,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let form = match multipart {
        Ok(m) => read_form(m).await,
        Err(e) => Err(FormError::Bad(format!(
            "форма загрузки не читается: {}",
            e.body_text()
        ))),
    };
    let form = match form {
        Ok(f) => f,
        Err(FormError::TooLarge) => return too_large(&user),
        Err(FormError::Bad(text)) => {
            return message(
                Some(&user),
                StatusCode::BAD_REQUEST,
                "Файл не загружен",
                &text,
            )
        }
    };
    if !user.csrf_ok(&headers, &form.csrf) {
        return forbidden(&user);
    }
    let read = read_list(&form.file_name, &form.bytes);
    let list = match read {
        Ok(list) => list,
        Err(e) => {
            let text = format!("Список не загружен: {e}.");
            return render_lists(&state, &user, Some(text), StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let name = if form.name.is_empty() {
        form.file_name.clone()
    } else {
        form.name.clone()
    };
    match store::insert_list(
        &state.db,
        &name,
        &form.file_name,
        user.id,
        &list.sites,
        &list.problems,
        now_ms(),
    ) {
        Ok(id) => Redirect::to(&format!("/lists/{id}")).into_response(),
        Err(e) => db_failed(&user, &e),
    }
}

fn too_large(user: &CurrentUser) -> Response {
    message(
        Some(user),
        StatusCode::PAYLOAD_TOO_LARGE,
        "Файл слишком большой",
        &format!(
            "Файл списка больше {} МиБ и не загружен. Разделите список на части или удалите лишние столбцы.",
            UPLOAD_LIMIT / (1024 * 1024)
        ),
    )
}

#[derive(Serialize)]
struct ListView {
    list: ListInfo,
    uploaded: String,
    sites: Vec<StoredSite>,
    problems: Vec<StoredProblem>,
    sweeps: Vec<SweepView>,
    page: usize,
    pages: usize,
    first_row: usize,
}

/// `GET /lists/{id}[?page=N]`.
async fn list_page(
    state: State,
    user: CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Response {
    let loaded = store::list(&state.db, id).and_then(|l| Ok((l, store::sweeps_of(&state.db, id)?)));
    let (Some((list, sites, problems)), sweeps) = (match loaded {
        Ok(x) => x,
        Err(e) => return db_failed(&user, &e),
    }) else {
        return not_found(&user, "Список");
    };
    let pages = sites.len().div_ceil(SITES_PER_PAGE).max(1);
    let page = field(query.as_deref().unwrap_or("").as_bytes(), "page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let first = (page - 1) * SITES_PER_PAGE;
    let now = now_ms();
    let title = format!("Список «{}»", list.name);
    let view = ListView {
        uploaded: when(list.uploaded_ms),
        sites: sites.into_iter().skip(first).take(SITES_PER_PAGE).collect(),
        problems,
        sweeps: sweeps.iter().map(|s| SweepView::of(s, now)).collect(),
        page,
        pages,
        first_row: first,
        list,
    };
    LIST.respond(Some(&user), &title, &view)
}

/// The value of `name` in a `application/x-www-form-urlencoded` body or query.
fn field(body: &[u8], name: &str) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `POST /lists/{id}/sweeps`: «Запустить проверку».
async fn start_sweep(
    state: State,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    let csrf = field(&body, "csrf").unwrap_or_default();
    if !user.csrf_ok(&headers, &csrf) {
        return forbidden(&user);
    }
    let queued = store::list(&state.db, id).and_then(|found| {
        found
            .map(|(list, _, _)| {
                store::queue_sweep(&state.db, id, user.id, list.site_count as usize, now_ms())
            })
            .transpose()
    });
    match queued {
        Ok(Some(sweep)) => {
            crate::workspace::lists::worker::wake().notify_waiters();
            Redirect::to(&format!("/sweeps/{sweep}")).into_response()
        }
        Ok(None) => not_found(&user, "Список"),
        Err(e) => db_failed(&user, &e),
    }
}
