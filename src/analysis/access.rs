//! Can a citizen read the document at all? ПП РФ № 1239 and приказ № 886н want information in
//! the open part of the site, free of charge and without registration, readable without paid
//! software; ПП РФ № 102 (2026) adds documents a screen reader can read.

use super::{head, normalize, re};

/// Formats a citizen cannot open with free software, and why (Russian).
///
/// Deliberately absent: DOC, XLS, RTF, PPT (LibreOffice and the free viewers read them), XLSB
/// (LibreOffice Calc imports it), DjVu (free viewers exist; a DjVu file is almost always a scan,
/// which the scan check reports), ZIP/RAR/7z (7-Zip is free).
const PAID_FORMATS: &[(&[&str], &str)] = &[
    (
        &["pages", "numbers", "key"],
        "формат Apple iWork: полностью открывается только программами Apple на устройствах Apple, \
         на других — через iCloud после регистрации Apple ID",
    ),
    (&["cdr"], "формат CorelDRAW: открывается платной программой"),
    (
        &["mdb", "accdb"],
        "база данных Microsoft Access: открывается платной программой",
    ),
    (
        &["p7m"],
        "документ вложен в контейнер электронной подписи: чтобы его прочитать, нужна программа \
         для работы с подписью (КриптоПро и подобные — платные)",
    ),
];

/// Images: the text of an image can be neither searched, nor copied, nor read aloud.
const IMAGE_FORMATS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif", "image",
];

/// Problems a citizen meets opening a document (Russian sentences for the report); empty when
/// there are none. `format_name` is `documents::DocFormat::name()` or a file extension (`xlsb`,
/// `jpg`, `.pages`); `outcome_name` the `documents::DocOutcome` tag (`text`, `scan`, `encrypted`,
/// `broken`, …); `status` the HTTP status; `login_wall` whether a login page came instead
/// ([`login_wall`]).
///
/// Not reported here: `unsupported` and `rejected` outcomes (our reader's limits, not the
/// site's fault) and 404s (the checker reports dead links already).
pub fn access_problems(
    format_name: &str,
    outcome_name: &str,
    status: Option<u16>,
    login_wall: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let format = format_name
        .trim()
        .trim_start_matches('.')
        .to_ascii_lowercase();
    match status {
        Some(401) => out.push(
            "доступ только после входа/регистрации: сервер требует авторизацию (HTTP 401), а ПП РФ \
             № 1239 и приказ № 886н требуют свободного доступа без регистрации"
                .to_string(),
        ),
        Some(403) => out.push(
            "сервер запрещает доступ к документу (HTTP 403): посетитель его не откроет, а ПП РФ \
             № 1239 требует свободного доступа без регистрации"
                .to_string(),
        ),
        _ => {}
    }
    if login_wall {
        out.push(
            "вместо документа открывается страница входа: доступ только после входа/регистрации, \
             а ПП РФ № 1239 и приказ № 886н требуют свободного доступа без регистрации"
                .to_string(),
        );
    }
    match outcome_name.trim().to_ascii_lowercase().as_str() {
        "scan" => out.push(
            "документ размещён как скан, без машиночитаемого текста: его нельзя найти поиском, \
             скопировать и прочитать программой экранного доступа"
                .to_string(),
        ),
        "encrypted" => out.push("документ защищён паролем: без пароля его не открыть".to_string()),
        "broken" => out.push("файл повреждён или обрезан: открыть его не удалось".to_string()),
        _ => {}
    }
    if IMAGE_FORMATS.contains(&format.as_str()) {
        out.push(format!(
            "вместо документа размещено изображение ({}): текст нельзя найти поиском, скопировать \
             и прочитать программой экранного доступа",
            format.to_uppercase()
        ));
    }
    if let Some((_, why)) = PAID_FORMATS
        .iter()
        .find(|(exts, _)| exts.contains(&format.as_str()))
    {
        out.push(format!(
            "документ в формате .{format}, который без платных программ не открыть: {why}"
        ));
    }
    out
}

/// Longer than this, a page is a real page with a login box in its header, not a login wall.
const WALL_MAX_CHARS: usize = 3000;

/// Whether `page_text` (the text of what came back for a document URL) is a login or access
/// request page rather than the document: a short page asking for a password, or a cloud
/// drive's «request access» page.
pub fn login_wall(page_text: &str) -> bool {
    let text = normalize(head(page_text, WALL_MAX_CHARS * 4));
    let strong = re!(
        r"необходимо\s+(?:авторизоваться|войти|зарегистрироваться)|(?:войдите|авторизуйтесь)\s+(?:на\s+сайте|в\s+систем|чтобы|для)|доступ\w*\s+(?:только\s+)?(?:для\s+)?(?:зарегистрированн|авторизованн)|запросить\s+доступ|request\s+access|you\s+need\s+(?:access|permission)|sign\s+in\s+to\s+continue|log\s+in\s+to\s+continue"
    );
    if strong.is_match(&text) {
        return true;
    }
    let short = text.chars().count() <= WALL_MAX_CHARS;
    let password = re!(r"\bпарол|\bpassword\b");
    let login = re!(r"\bвход\b|\bвойти\b|авторизаци|\bлогин|\blog\s*in\b|\bsign\s*in\b");
    short && password.is_match(&text) && login.is_match(&text)
}
