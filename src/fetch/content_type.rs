//! What a response's content type (or, without one, its first bytes) says it is: text to decode,
//! a document, or media that is never needed.

/// `text/html` from `Text/HTML; charset=windows-1251`.
pub(super) fn mime_essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Types decoded to text for pages.
pub(super) fn is_text_type(essence: &str) -> bool {
    essence.starts_with("text/")
        || essence.contains("html")
        || essence.ends_with("+xml")
        || essence == "application/xml"
}

/// Types served under a page link that are really documents (the audit counts them as such).
pub(super) fn is_document_type(essence: &str) -> bool {
    const DOCUMENTS: [&str; 9] = [
        "application/pdf",
        "application/msword",
        "application/rtf",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument",
        "application/vnd.oasis.opendocument",
        "application/zip",
        "application/x-rar",
    ];
    DOCUMENTS.iter().any(|d| essence.starts_with(d))
}

/// Images, audio and video: never text, never needed by the audit, often large.
pub(super) fn is_media_type(essence: &str) -> bool {
    ["image/", "audio/", "video/"]
        .iter()
        .any(|m| essence.starts_with(m))
}

/// For a body sent without a content type: text unless it has NULs or a binary signature.
pub(super) fn looks_like_text(bytes: &[u8]) -> bool {
    const BOMS: [&[u8]; 3] = [b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];
    const BINARY: [&[u8]; 6] = [
        b"%PDF",
        b"PK\x03\x04",
        b"\xD0\xCF\x11\xE0",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
    ];
    if BOMS.iter().any(|b| bytes.starts_with(b)) {
        return true;
    }
    if BINARY.iter().any(|b| bytes.starts_with(b)) {
        return false;
    }
    !bytes.iter().take(1024).any(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(mime_essence("Text/HTML; charset=windows-1251"), "text/html");
        assert!(is_text_type("application/xhtml+xml"));
        assert!(is_text_type("text/plain"));
        assert!(!is_text_type("application/pdf"));
        assert!(is_document_type("application/pdf"));
        assert!(is_document_type(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ));
        assert!(!is_document_type("text/html"));
        assert!(is_media_type("image/png"));
        assert!(!is_media_type("text/html"));
    }

    #[test]
    fn sniffing_untyped_bodies() {
        assert!(looks_like_text(b"<html><body>hi</body></html>"));
        assert!(looks_like_text("Привет".as_bytes()));
        assert!(looks_like_text(b"\xFF\xFEh\x00i\x00"));
        assert!(!looks_like_text(b"%PDF-1.7\n"));
        assert!(!looks_like_text(b"abc\x00def"));
    }
}
