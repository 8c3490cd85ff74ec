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

/// How far down the stack a start tag's implied end reaches, as the tree builder does it.
#[derive(Clone, Copy)]
pub(super) enum ReachRule {
    /// Past everything but special elements other than address, div and p (`<li>`, `<dd>`).
    Special,
    /// Past everything but the scope boundaries, and buttons if `button` is set.
    Scope { button: bool },
    /// Only the current node.
    Current,
    /// What a `<table>` inside a table reaches: the table, unless a cell or caption is between.
    Table,
    /// The model's old rule (phrasing, the listed names, `*`: anything in the table); where it
    /// stops the tree builder may still reach further.
    Model(&'static [&'static str]),
}

/// What the walk of an implied end does at one open element.
pub(super) enum Reach {
    Through,
    Stop,
    /// The model cannot tell whether the tree builder stops here.
    Unknown,
}

impl ReachRule {
    /// What the tree builder does at open element `name`.
    pub(super) fn at(self, name: &str, foreign: bool) -> Reach {
        let stop = match self {
            ReachRule::Special => {
                (foreign || is_special(name)) && !matches!(name, "address" | "div" | "p")
            }
            ReachRule::Scope { button } => {
                BOUNDARIES.contains(&name) || (button && name == "button" && !foreign)
            }
            ReachRule::Current => true,
            ReachRule::Table => {
                foreign || matches!(name, "td" | "th" | "caption" | "template" | "html")
            }
            ReachRule::Model(through) => {
                let in_table = through.contains(&"*") && !TABLE_SCOPE.contains(&name);
                if PHRASING.contains(&name) || through.contains(&name) || in_table {
                    return Reach::Through;
                }
                return Reach::Unknown;
            }
        };
        if stop {
            Reach::Stop
        } else {
            Reach::Through
        }
    }
}

/// Start tags that close a p in button scope.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "plaintext",
    "hr",
    "xmp",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// The group a start tag of `name` closes an open element of, and how far it reaches.
pub(super) fn implied_end(name: &str) -> Option<(&'static [&'static str], ReachRule)> {
    Some(match name {
        "li" => (&["li"], ReachRule::Special),
        "dt" | "dd" => (&["dt", "dd"], ReachRule::Special),
        "button" => (&["button"], ReachRule::Scope { button: false }),
        "option" => (&["option"], ReachRule::Current),
        "optgroup" => (&["option"], ReachRule::Current),
        "tr" => (&["tr"], ReachRule::Model(&["*"])),
        "td" | "th" => (&["td", "th"], ReachRule::Model(&["*"])),
        "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], ReachRule::Model(&["*"])),
        "rp" | "rt" => (&["rp", "rt"], ReachRule::Model(&[])),
        "a" => (&["a"], ReachRule::Model(&[])),
        "table" => (&["table"], ReachRule::Table),
        "nobr" => (&["nobr"], ReachRule::Model(&[])),
        _ if CLOSES_P.contains(&name) => (&["p"], ReachRule::Scope { button: true }),
        _ => return None,
    })
}

/// A start tag of a heading also closes a heading that is the current node.
pub(super) fn closes_heading(name: &str) -> bool {
    HEADINGS.contains(&name)
}

/// Elements that end the reach of an end tag in the tree builder.
pub(super) fn stops_end_tags(name: &str) -> bool {
    BOUNDARIES.contains(&name) || name == "select"
}

/// The HTML "special" elements, where `<li>` and `<dd>` stop looking for one to close.
fn is_special(name: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "address",
        "applet",
        "area",
        "article",
        "aside",
        "base",
        "basefont",
        "bgsound",
        "blockquote",
        "body",
        "br",
        "button",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "img",
        "input",
        "keygen",
        "li",
        "link",
        "listing",
        "main",
        "marquee",
        "menu",
        "meta",
        "nav",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "ol",
        "p",
        "param",
        "plaintext",
        "pre",
        "script",
        "search",
        "section",
        "select",
        "source",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
        "wbr",
        "xmp",
    ];
    SPECIAL.contains(&name) || BOUNDARIES.contains(&name)
}

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
