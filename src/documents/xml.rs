//! A streaming walk over the XML parts of docx/odt with the nesting depth counted.
//!
//! quick-xml never expands entities declared in a DOCTYPE (only the five predefined ones and
//! character references), and office formats forbid DTDs anyway, so a DOCTYPE is rejected
//! outright: a billion-laughs document costs no more than its bytes.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::limits::{too_deep, Budget};
use super::{DocLimits, DocOutcome};

/// Events between two time checks.
const EVENTS_PER_CHECK: usize = 4096;

/// One step of the walk.
pub(crate) enum Node<'e> {
    /// An opening (or empty) element.
    Open(&'e BytesStart<'e>),
    /// The end of an element, by local name (also sent right after an empty element).
    Close(&'e [u8]),
    /// Text content, unescaped.
    Text(&'e str),
}

/// Walks `xml`, calling `visit` for each element and text; `Rejected` past the depth limit or the
/// deadline, `Broken` for malformed XML.
pub(crate) fn walk(
    xml: &[u8],
    limits: &DocLimits,
    budget: &Budget,
    mut visit: impl FnMut(Node<'_>),
) -> Result<(), DocOutcome> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut depth = 0usize;
    let mut events = 0usize;
    loop {
        events += 1;
        if events.is_multiple_of(EVENTS_PER_CHECK) {
            budget.check_time()?;
        }
        let event = reader
            .read_event()
            .map_err(|e| DocOutcome::Broken(format!("ошибка XML: {e}")))?;
        match event {
            Event::Start(start) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(too_deep());
                }
                visit(Node::Open(&start));
            }
            Event::Empty(start) => {
                visit(Node::Open(&start));
                visit(Node::Close(start.local_name().into_inner()));
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                visit(Node::Close(end.local_name().into_inner()));
            }
            Event::Text(text) => {
                let unescaped = text
                    .unescape()
                    .unwrap_or_else(|_| String::from_utf8_lossy(&text).into_owned().into());
                visit(Node::Text(&unescaped));
            }
            Event::CData(data) => visit(Node::Text(&String::from_utf8_lossy(&data))),
            Event::Eof => return Ok(()),
            // Office formats forbid DTDs; one here is an entity-expansion attempt or junk.
            Event::DocType(_) => {
                return Err(DocOutcome::Rejected(
                    "XML документа содержит DOCTYPE".to_string(),
                ))
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
}

/// The unescaped value of the attribute with local name `name`.
pub(crate) fn attr(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .map(|a| {
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            quick_xml::escape::unescape(&raw).map_or_else(|_| raw.clone(), |v| v.into_owned())
        })
}

/// The local name of an element.
pub(crate) fn local<'e>(element: &'e BytesStart<'e>) -> &'e [u8] {
    element.local_name().into_inner()
}

/// Title, creation date and last-modified date from a metadata part (`docProps/core.xml`,
/// ODF `meta.xml`), whose elements are named by `tags` (title, created, modified).
pub(crate) type TitleAndDates = (Option<String>, Option<String>, Option<String>);

/// Reads [`TitleAndDates`] from `xml`, under the same limits as the document itself.
pub(crate) fn title_and_dates(
    xml: &[u8],
    limits: &DocLimits,
    budget: &Budget,
    tags: [&[u8]; 3],
) -> Result<TitleAndDates, DocOutcome> {
    let (mut title, mut created, mut modified) = (None, None, None);
    let mut current: Vec<u8> = Vec::new();
    walk(xml, limits, budget, |node| match node {
        Node::Open(element) => current = local(element).to_vec(),
        Node::Close(_) => current.clear(),
        Node::Text(text) => {
            let value = text.trim();
            if value.is_empty() {
                return;
            }
            let slot = if current == tags[0] {
                &mut title
            } else if current == tags[1] {
                &mut created
            } else if current == tags[2] {
                &mut modified
            } else {
                return;
            };
            *slot = Some(value.chars().take(1000).collect());
        }
    })?;
    Ok((title, created, modified))
}
