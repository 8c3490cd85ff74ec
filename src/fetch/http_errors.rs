//! Turning reqwest's errors into one short sentence and the right `FetchError` variant: the
//! cause a user can act on (DNS, refused, TLS, timeout, reset), not reqwest's whole chain.

use crate::fetch::guard::NotPublic;
use crate::fetch::tls::certificate_problem;
use crate::fetch::FetchError;
use std::error::Error as StdError;
use url::Url;

/// Maps a reqwest error to our variants, with a one-sentence reason instead of reqwest's chain.
pub(super) fn map_error(requested: &Url, err: &reqwest::Error) -> FetchError {
    let url = requested.to_string();
    if is_local_shortage(err) {
        return FetchError::LocalResource {
            url,
            reason: root_cause(err),
        };
    }
    // The resolver's refusal arrives as a connect error; it is a rule, not a network failure.
    if let Some(refused) = causes(err)
        .into_iter()
        .find_map(|e| e.downcast_ref::<NotPublic>())
    {
        return FetchError::NotPublic {
            url,
            reason: refused.to_string(),
        };
    }
    if err.is_timeout() {
        return FetchError::Timeout { url };
    }
    if err.is_connect() {
        return FetchError::Connect {
            url,
            reason: connect_reason(err),
        };
    }
    if err.is_body() || err.is_decode() || is_reset(err) {
        return FetchError::Reset {
            url,
            reason: reset_reason(err),
        };
    }
    if err.is_redirect() {
        return FetchError::RedirectLoop { url };
    }
    FetchError::Other {
        url,
        reason: root_cause(err),
    }
}

fn connect_reason(err: &reqwest::Error) -> String {
    let root = root_cause(err);
    let chain = chain_text(err);
    let kind = io_kind(err);
    // rustls failures reach us as `InvalidData` I/O errors whose text rarely says "TLS".
    // The URL of the hop that failed, which after a redirect may be https when ours was not.
    let https = err.url().is_some_and(|u| u.scheme() == "https");
    let tls = https
        && (kind == Some(std::io::ErrorKind::InvalidData)
            || ["certificate", "tls", "handshake", "alert"]
                .iter()
                .any(|k| chain.contains(k)));
    if kind == Some(std::io::ErrorKind::ConnectionRefused) {
        "сервер отклонил соединение".to_string()
    } else if let Some(problem) = certificate_problem(err) {
        format!("ошибка TLS: {problem}")
    } else if tls {
        format!("ошибка TLS (сертификат не прошёл проверку или сайт не поддерживает HTTPS): {root}")
    } else if chain.contains("dns") || chain.contains("lookup") || chain.contains("resolve") {
        format!("не удалось найти адрес сайта в DNS: {root}")
    } else {
        root
    }
}

fn reset_reason(err: &reqwest::Error) -> String {
    if is_reset(err) {
        "сервер закрыл соединение, не договорив ответ".to_string()
    } else if err.is_decode() {
        format!("не удалось распаковать ответ: {}", root_cause(err))
    } else {
        root_cause(err)
    }
}

/// True when the error is this computer's: no descriptors left (EMFILE, ENFILE), disk full
/// (ENOSPC) or out of memory (ENOMEM). Such a failure must never be recorded as the site's.
pub(super) fn is_local_shortage(err: &(dyn StdError + 'static)) -> bool {
    let io_errors = causes(err)
        .into_iter()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .collect::<Vec<_>>();
    let by_io = io_errors.iter().any(|io| {
        matches!(
            io.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::OutOfMemory
        ) || io.raw_os_error().is_some_and(is_shortage_errno)
    });
    let chain = chain_text(err);
    by_io || chain.contains("too many open files") || chain.contains("no space left on device")
}

#[cfg(unix)]
fn is_shortage_errno(code: i32) -> bool {
    matches!(
        code,
        libc::EMFILE | libc::ENFILE | libc::ENOSPC | libc::ENOMEM
    )
}

/// WSAEMFILE (no sockets left), ERROR_DISK_FULL, ERROR_NOT_ENOUGH_MEMORY, ERROR_OUTOFMEMORY.
#[cfg(not(unix))]
fn is_shortage_errno(code: i32) -> bool {
    matches!(code, 10024 | 112 | 8 | 14)
}

/// True when the peer closed or reset the connection mid-exchange.
fn is_reset(err: &reqwest::Error) -> bool {
    use std::io::ErrorKind::*;
    let by_kind = matches!(
        io_kind(err),
        Some(ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof)
    );
    let chain = chain_text(err);
    by_kind || chain.contains("connection closed") || chain.contains("incomplete")
}

/// The error and its causes, outermost first. `io::Error::source` skips the error it wraps, so
/// I/O errors are opened with `get_ref` instead (that is where rustls errors hide).
fn causes<'a>(err: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut current = Some(err);
    while let Some(e) = current {
        out.push(e);
        current = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    out
}

/// The kind of the innermost `io::Error` in the chain.
fn io_kind(err: &(dyn StdError + 'static)) -> Option<std::io::ErrorKind> {
    causes(err)
        .into_iter()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .map(std::io::Error::kind)
        .last()
}

/// All messages of the chain, lowercased, for keyword checks.
fn chain_text(err: &(dyn StdError + 'static)) -> String {
    causes(err)
        .iter()
        .map(|e| e.to_string().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The innermost message of an error chain (e.g. `Connection refused (os error 111)`).
pub(super) fn root_cause(err: &(dyn StdError + 'static)) -> String {
    causes(err)
        .last()
        .map_or_else(|| err.to_string(), |e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Wrapper(std::io::Error);

    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("client error (Connect)")
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    #[cfg(unix)]
    #[test]
    fn descriptor_disk_and_memory_exhaustion_are_local() {
        for code in [libc::EMFILE, libc::ENFILE, libc::ENOSPC, libc::ENOMEM] {
            let err = Wrapper(std::io::Error::from_raw_os_error(code));
            assert!(is_local_shortage(&err), "errno {code}");
        }
    }

    #[test]
    fn site_failures_are_not_local() {
        for kind in [
            std::io::ErrorKind::ConnectionRefused,
            std::io::ErrorKind::ConnectionReset,
            std::io::ErrorKind::TimedOut,
        ] {
            let err = Wrapper(std::io::Error::from(kind));
            assert!(!is_local_shortage(&err), "{kind:?}");
        }
        let text = Wrapper(std::io::Error::other("Too many open files (os error 24)"));
        assert!(is_local_shortage(&text));
    }

    #[test]
    fn the_local_shortage_message_is_recognisable_in_a_report() {
        let e = FetchError::LocalResource {
            url: "http://a.ru/".into(),
            reason: "Too many open files (os error 24)".into(),
        };
        assert!(crate::fetch::is_local_shortage(&e.to_string()));
        assert!(e.to_string().starts_with(crate::fetch::LOCAL_SHORTAGE));
        let refused = FetchError::Connect {
            url: "http://a.ru/".into(),
            reason: "сервер отклонил соединение".into(),
        };
        assert!(!crate::fetch::is_local_shortage(&refused.to_string()));
    }
}
