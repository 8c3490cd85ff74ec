//! What the pre-pass knows of the HTML tree builder: which elements are void, raw text,
//! formatting, scope boundaries, and which start tags close an open element implicitly.

/// Elements that never have content (no end tag).
pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];

/// Elements whose content is text up to their own end tag (outside SVG and MathML).
pub(super) const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Formatting elements: closed implicitly, the tree builder reopens them at the next text, so
/// they count even after they left the stack.
pub(super) const FORMATTING: &[&str] = &[
    "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements that end the reach of an end tag (the "scope" of the HTML tree builder) and the
/// markers that clear reopened formatting elements.
pub(super) const BOUNDARIES: &[&str] = &[
    "applet",
    "caption",
    "html",
    "table",
    "td",
    "th",
    "marquee",
    "object",
    "template",
    "svg",
    "math",
    "foreignobject",
    "desc",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// Start tags that leave SVG and MathML content for HTML (`font` only with some attributes; the
/// pass assumes it always does, which only makes it doubt more).
pub(super) const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// Foreign elements whose start tags are read as HTML again.
pub(super) const INTEGRATION_POINTS: &[&str] = &[
    "foreignobject",
    "desc",
    "title",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// Phrasing elements a start tag of an implicitly closed element looks through.
pub(super) const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var",
];

/// What a table-part start tag does not look through.
pub(super) const TABLE_SCOPE: &[&str] = &["table", "template", "html", "svg", "math"];

/// What a table end tag looks through.
pub(super) const TABLE_PARTS: &[&str] = &[
    "caption", "col", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th",
];

/// Elements the tree builder inserts around a table part written without them
/// (`<table><td>` becomes `table > tbody > tr > td`).
pub(super) fn implied_parents(name: &str, top: Option<&str>) -> &'static [&'static str] {
    match (name, top) {
        ("td" | "th", Some("table")) => &["tbody", "tr"],
        ("td" | "th", Some("tbody" | "thead" | "tfoot")) => &["tr"],
        ("tr", Some("table")) => &["tbody"],
        _ => &[],
    }
}

/// True for the elements whose end tag closes what is open inside them (blocks, lists, tables,
/// headings, forms); other names are treated like phrasing.
pub(super) fn is_known_block(name: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "button",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "search",
        "section",
        "summary",
        "ul",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "select",
        "optgroup",
        "option",
        "html",
        "head",
        "colgroup",
    ];
    BLOCKS.contains(&name)
}
