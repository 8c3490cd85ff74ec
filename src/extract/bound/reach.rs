//! How far the tree builder reaches down the stack of open elements when a start tag closes an
//! element implicitly (`<li>` after `<li>`, `<div>` after `<p>`), and which elements stop it.

use super::tables::{BOUNDARIES, PHRASING, TABLE_SCOPE};

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
pub(super) fn is_special(name: &str) -> bool {
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
