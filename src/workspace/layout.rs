//! The frame of every workspace page: one tera instance per page holding the page and
//! `base.html` (navigation, the logged-in account, the logout form with its CSRF token), so a
//! page template only fills `{% block content %}`. Autoescaped like every report.

use crate::report::templating::{error_chain, escape_html};
use crate::workspace::auth::CurrentUser;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use std::sync::OnceLock;
use tera::{Context, Tera};

const BASE: &str = include_str!("templates/base.html.tera");

/// A workspace page template (`{% extends "base.html" %}`).
pub struct Page {
    name: &'static str,
    source: &'static str,
    parsed: OnceLock<Result<Tera, String>>,
}

/// What `base.html` shows of the logged-in account.
#[derive(Debug, Serialize)]
struct Me<'a> {
    name: &'a str,
    role_ru: &'static str,
    is_admin: bool,
    csrf: &'a str,
}

impl Page {
    /// A page not parsed yet; `name` must end in `.html` (autoescaping).
    pub const fn new(name: &'static str, source: &'static str) -> Page {
        Page {
            name,
            source,
            parsed: OnceLock::new(),
        }
    }

    fn instance(&self) -> Result<&Tera, &String> {
        self.parsed
            .get_or_init(|| {
                let mut tera = Tera::default();
                tera.autoescape_on(vec![".html"]);
                tera.set_escape_fn(escape_html);
                tera.add_raw_templates(vec![("base.html", BASE), (self.name, self.source)])
                    .map_err(|e| error_chain(&e))?;
                Ok(tera)
            })
            .as_ref()
    }

    /// The page as HTML: `view`'s fields, plus `page_title` and `me` (the account, if any).
    pub fn html(
        &self,
        me: Option<&CurrentUser>,
        title: &str,
        view: &impl Serialize,
    ) -> Result<String, String> {
        let tera = self.instance().map_err(Clone::clone)?;
        let mut context = Context::from_serialize(view).map_err(|e| error_chain(&e))?;
        context.insert("page_title", title);
        if let Some(user) = me {
            context.insert(
                "me",
                &Me {
                    name: &user.name,
                    role_ru: user.role.label_ru(),
                    is_admin: user.is_admin(),
                    csrf: &user.csrf,
                },
            );
        }
        tera.render(self.name, &context)
            .map_err(|e| error_chain(&e))
    }

    /// The page as a response (a template error is logged and answered with 500).
    pub fn respond(
        &self,
        me: Option<&CurrentUser>,
        title: &str,
        view: &impl Serialize,
    ) -> Response {
        match self.html(me, title, view) {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!(template = self.name, error = %e, "workspace page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Страница не собралась; ошибка записана в журнал сервера.",
                )
                    .into_response()
            }
        }
    }
}
