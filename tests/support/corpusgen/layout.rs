//! Page skeletons in the styles of the CMSs real providers use: the header, menu, sidebar and
//! footer around each page's content, with each CMS's telltale paths and classes.

use super::content::{esc, Bvi};
use super::SiteBuilder;

/// The CMS a site imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// WordPress: `/wp-content/themes/…`, `?page_id=`, `/wp-content/uploads/2026/03/…`.
    WordPress,
    /// 1С-Битрикс: `/bitrix/templates/…`, `?ELEMENT_ID=`, `/upload/iblock/…`.
    Bitrix,
    /// Joomla: `index.php?option=com_content&view=article&id=…`, `/images/docs/…`.
    Joomla,
    /// uCoz: `/index/0-N`, `/_fr/…`, «Хостинг от uCoz».
    Ucoz,
    /// ГосВеб (`*.gosweb.gosuslugi.ru`): `/svedeniya/…`, `/netcat_files/…`.
    Gosweb,
    /// Hand-made HTML in tables.
    Handmade,
}

/// The whole page: head, header with menu, content (and sidebar), footer.
pub fn wrap(site: &SiteBuilder, title: &str, body: &str) -> String {
    let charset = if site.cp1251 { "windows-1251" } else { "utf-8" };
    let inst = &site.inst;
    let menu = menu_html(site);
    let (head_extra, open, close) = skeleton(site.style);
    let bvi = match inst.bvi {
        Bvi::Link => "<a class=\"special\" href=\"/?special=1\">Версия для слабовидящих</a>".to_string(),
        Bvi::Button => "<button type=\"button\" class=\"bvi-open\" title=\"Версия сайта для слабовидящих\"><img src=\"/images/eye.svg\" alt=\"\"></button><script src=\"/js/bvi.min.js\"></script>".to_string(),
        Bvi::None => String::new(),
    };
    let sidebar = if site.sidebar.is_empty() {
        String::new()
    } else {
        format!("<aside class=\"sidebar\">{}</aside>", site.sidebar)
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"{charset}\">\n<title>{t} — {short}</title>\n{head_extra}\n</head>\n<body>\n{open}\n<header class=\"site-header\">\n<div class=\"logo\"><a href=\"/\">{name}</a></div>\n<div class=\"header-contacts\">{phone_label} {phone}</div>\n{bvi}\n</header>\n<nav class=\"main-menu\"><ul>{menu}</ul></nav>\n<main class=\"content\">\n<h1>{t}</h1>\n{body}\n</main>\n{sidebar}\n{footer}\n{close}\n</body>\n</html>\n",
        t = esc(title),
        short = esc(&inst.short),
        name = esc(&inst.name),
        phone_label = "Телефон:",
        phone = esc(&inst.phone),
        footer = footer(site),
    )
}

fn menu_html(site: &SiteBuilder) -> String {
    site.menu
        .iter()
        .map(|(label, href)| {
            let class = match site.style {
                Style::WordPress => " class=\"menu-item menu-item-type-post_type\"",
                Style::Bitrix => " class=\"bx-nav-1-lvl\"",
                Style::Joomla => " class=\"item-1\"",
                _ => "",
            };
            format!(
                "<li{class}><a href=\"{}\">{}</a></li>",
                esc(href),
                esc(label)
            )
        })
        .collect()
}

/// (head additions, wrapper open, wrapper close) of each CMS.
fn skeleton(style: Style) -> (&'static str, &'static str, &'static str) {
    match style {
        Style::WordPress => (
            "<link rel='stylesheet' href='/wp-content/themes/socium/style.css?ver=6.4.3'>\n<meta name=\"generator\" content=\"WordPress 6.4.3\">",
            "<div id=\"page\" class=\"site\">",
            "</div><!-- #page -->\n<script src='/wp-includes/js/jquery/jquery.min.js?ver=3.7.1'></script>",
        ),
        Style::Bitrix => (
            "<link href=\"/bitrix/templates/kcson/template_styles.css?17012\" rel=\"stylesheet\">\n<script src=\"/bitrix/js/main/core/core.min.js?1701\"></script>",
            "<div class=\"bx-wrapper\" id=\"bx_eshop_wrap\">",
            "</div>",
        ),
        Style::Joomla => (
            "<link href=\"/templates/protostar/css/template.css\" rel=\"stylesheet\">\n<meta name=\"generator\" content=\"Joomla! - Open Source Content Management\">",
            "<div class=\"body\"><div class=\"container\">",
            "</div></div>",
        ),
        Style::Ucoz => (
            "<link type=\"text/css\" rel=\"stylesheet\" href=\"/_st/my.css\">\n<script src=\"/.s/src/jquery-1.12.4.min.js\"></script>",
            "<div id=\"utbr8214\" rel=\"s728\"></div><table class=\"main-table\" width=\"100%\"><tr><td>",
            "</td></tr></table>\n<div class=\"copy\">Хостинг от <a href=\"https://www.ucoz.ru/\" title=\"Создать сайт бесплатно\">uCoz</a></div>",
        ),
        Style::Gosweb => (
            "<link rel=\"stylesheet\" href=\"/netcat_template/template/gosweb/assets/css/main.css\">\n<script src=\"https://pos.gosuslugi.ru/bin/script.min.js\"></script>",
            "<div class=\"gw-page\"><div class=\"gw-layout\">",
            "</div></div>",
        ),
        Style::Handmade => (
            "<link rel=\"stylesheet\" href=\"/style.css\">",
            "<table width=\"960\" align=\"center\" border=\"0\"><tr><td>",
            "</td></tr></table>",
        ),
    }
}

fn footer(site: &SiteBuilder) -> String {
    let inst = &site.inst;
    let mut parts = vec![
        format!("<p>{}</p>", esc(&inst.name)),
        format!("<p>Адрес: {}</p>", esc(&inst.address)),
        format!("<p>Тел.: {}</p>", esc(&inst.phone)),
    ];
    if inst.email_in_footer {
        parts.push(format!(
            "<p>E-mail: <a href=\"mailto:{0}\">{0}</a></p>",
            esc(&inst.email)
        ));
    }
    if let Some(vk) = &inst.vk {
        parts.push(format!(
            "<p class=\"social\"><a href=\"{}\" target=\"_blank\"><img src=\"/images/vk.svg\" alt=\"ВКонтакте\"></a></p>",
            esc(vk)
        ));
    }
    if let Some(id) = &inst.rate_banner {
        parts.push(format!(
            "<p class=\"banner\"><a href=\"https://bus.gov.ru/qrcode/rate/{id}\" target=\"_blank\"><img src=\"/images/bus-rate.png\" alt=\"Оцените качество оказания услуг\"></a></p>"
        ));
    }
    parts.push(format!("<p>© {} 2012–2026</p>", esc(&inst.short)));
    format!(
        "<footer class=\"site-footer\">{}</footer>",
        parts.join("\n")
    )
}
