use super::*;
use proptest::prelude::*;
use scraper::Html;

/// Depth the tree builder may reach on bounded markup: the kept nesting, the formatting elements
/// it reopens, and the few elements it adds itself (html, body, tbody).
const TREE_DEPTH_BOUND: usize = MAX_DEPTH + MAX_FORMATTING + 16;

fn tree_depth(html: &str) -> usize {
    let doc = Html::parse_document(html);
    doc.tree
        .nodes()
        .map(|n| n.ancestors().count())
        .max()
        .unwrap_or(0)
}

fn bounded_depth(html: &str) -> usize {
    tree_depth(&bound_markup(html))
}

/// Every page under `root` (by extension) comes back from the pre-pass untouched; returns how many.
fn pages_under_come_back_unchanged(root: std::path::PathBuf, exts: &[&str]) -> usize {
    let mut seen = 0;
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("page dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
            {
                let bytes = std::fs::read(&path).expect("page");
                let html = String::from_utf8_lossy(&bytes);
                assert!(
                    matches!(bound_markup(&html), Cow::Borrowed(_)),
                    "{} was rewritten",
                    path.display()
                );
                seen += 1;
            }
        }
    }
    seen
}

#[test]
fn fixture_and_corpus_pages_come_back_unchanged() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let seen = pages_under_come_back_unchanged(here.join("tests/fixtures"), &["html"]);
    assert!(seen > 20, "only {seen} fixture pages found");
    // The corpus imitates real CMS markup (WordPress, Bitrix, Joomla, uCoz, ГосВеб, hand-made).
    let seen = pages_under_come_back_unchanged(here.join("corpus"), &["html", "htm", "php"]);
    assert!(seen > 100, "only {seen} corpus pages found");
}

#[cfg(feature = "realsites")]
#[test]
fn real_pages_come_back_unchanged() {
    let seen = pages_under_come_back_unchanged(crate::realsites::root(), &["html", "htm", "php"]);
    assert!(seen > 20, "only {seen} real pages found");
}

#[test]
fn sloppy_but_normal_markup_is_unchanged() {
    // Unclosed list items, cells, rows and paragraphs by the hundred, as old CMS pages have them.
    let mut html = String::from("<table>");
    for i in 0..400 {
        html.push_str(&format!(
            "<tr><td>{i}<td><font color=red>x</font><p>a<p><b>b</b>"
        ));
    }
    html.push_str("</table><ul>");
    for i in 0..400 {
        html.push_str(&format!("<li><a href=/{i}>пункт {i}</a><li>"));
    }
    html.push_str("</ul><svg>");
    for _ in 0..400 {
        html.push_str("<path d='M0 0'/><g/>");
    }
    html.push_str("</svg><script>if (a<b) { x = '<div><div><div>'; }</script>");
    assert!(matches!(bound_markup(&html), Cow::Borrowed(_)));
}

#[test]
fn a_nesting_bomb_is_flattened_and_its_text_kept() {
    let depth = 20_000;
    let html = format!(
        "<html><body>{}<p>глубоко внутри</p>{}<a href='/after'>после</a></body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let bounded = bound_markup(&html);
    assert!(bounded.len() < html.len());
    assert!(tree_depth(&bounded) <= TREE_DEPTH_BOUND);
    let page = crate::extract::extract(&url::Url::parse("http://a.test/").unwrap(), &html);
    assert!(page.text.contains("глубоко внутри"));
    assert!(page.links.iter().any(|l| l.href.ends_with("/after")));
}

#[test]
fn every_known_nesting_trick_is_bounded() {
    let tricks = [
        "<div/>",
        "<li><ul>",
        "<li><ul></li>",
        "<span><div></span>",
        "<b><div></b>",
        "<a href=x><div>",
        "<i id=1><p></p>",
        "<table><td></li>",
        "<h1><span>",
        "<p><button>",
        "<x-a><x-b></x-a>",
        "<!--><div>",
        "<!--- --!><div>",
        "<svg><style><div>",
        "<select><div>",
        "<font face=a><font face=b><font face=c><td>",
        "<object><b>",
    ];
    for trick in tricks {
        let html = trick.repeat(3_000);
        let depth = bounded_depth(&html);
        assert!(depth <= TREE_DEPTH_BOUND, "{trick}: depth {depth}");
    }
}

#[test]
fn attributes_past_the_cap_are_dropped() {
    let attrs: String = (0..1_000).map(|i| format!(" data-a{i}=\"v{i}\"")).collect();
    let html = format!("<div id=first{attrs}>текст</div>");
    let bounded = bound_markup(&html);
    let doc = Html::parse_document(&bounded);
    let div = doc
        .select(&scraper::Selector::parse("div").unwrap())
        .next()
        .expect("div kept");
    assert_eq!(div.value().attrs().count(), MAX_ATTRIBUTES);
    assert_eq!(div.value().attr("id"), Some("first"));
    assert!(bounded.contains("текст</div>"));
}

#[test]
fn markup_past_the_tag_cap_is_cut() {
    let html = "<br>".repeat(MAX_TAGS + 1_000);
    let bounded = bound_markup(&html);
    assert_eq!(bounded.len(), MAX_TAGS * 4);
}

#[test]
fn unterminated_constructs_end_the_scan_without_panicking() {
    for html in [
        "<div",
        "<div a='",
        "<!--",
        "<script>",
        "</",
        "<a b=\"c\" d",
        "<\u{444}",
    ] {
        let _ = bound_markup(html);
    }
}

#[test]
fn foreign_content_select_and_script_escapes_are_bounded() {
    let tricks = [
        // Breaking out of SVG: `<g/>` then opens in HTML, `<script>` is raw text again.
        "<svg><div><g/>",
        "<math><b><script></div></script><g/>",
        // An HTML end tag leaves foreign content the model cannot follow exactly.
        "<div><svg></div><g/>",
        "<svg><foreignObject><script></svg></script><x-a/>",
        "<svg><title><script></title></script><g/>",
        // A select ignores end tags and raw-text start tags.
        "<div><select></div><input>",
        "<select><style></style><textarea></textarea><div>",
        "<select><div><input><span></div>",
        "<select><svg><script></script></div><g>",
        // `</script>` inside `<!--<script>` is script text.
        "<script><!--<script></script><div></div>--></script><div>",
        "<script></scripts></div></script><div>",
        // End tags aimed at elements the tree builder closed already.
        "<p><div></p>",
        "<form><div></form>",
        "<option><b><option>",
        "<h1><h2></h1>",
        "<button><div><button></div>",
        "<li><div><li></div>",
        "<object><li><ul></div>",
        "<table><table></table><div></table>",
        "<!DOCTYPE html><p><table></p>",
        "<h1></h2><div></h1>",
    ];
    for trick in tricks {
        let html = trick.repeat(3_000);
        let depth = bounded_depth(&html);
        assert!(depth <= TREE_DEPTH_BOUND, "{trick}: depth {depth}");
    }
}

#[test]
fn well_formed_foreign_content_and_forms_are_unchanged() {
    let mut html = String::new();
    for _ in 0..300 {
        html.push_str(
            "<div><p>a<div>b</div><svg><style>.a{}</style><path d='M0'/><title>t</title></svg>\
             <math><mi>x</mi></math><form><select><option>1<option>2</select></form>\
             <script><!-- var s = '<script></script>'; --></script></div>",
        );
    }
    assert!(matches!(bound_markup(&html), Cow::Borrowed(_)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_tag_soup_stays_within_the_depth_bound(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("<div>"), Just("</div>"), Just("<div/>"), Just("<li>"), Just("<ul>"),
                Just("</li>"), Just("<b>"), Just("</b>"), Just("<a href=x>"), Just("<table>"),
                Just("<td>"), Just("<tr>"), Just("</table>"), Just("<span>"), Just("</span>"),
                Just("<p>"), Just("</p>"), Just("<svg>"), Just("</svg>"), Just("<g/>"),
                Just("<!--"), Just("-->"), Just("<script>"), Just("</script>"), Just("text"),
                Just("<font size=1>"), Just("<i class=c>"), Just("<select>"), Just("<option>"),
                Just("<object>"), Just("</object>"), Just("</td>"), Just("<!-->"), Just("<x-a>"),
                Just("</x-a>"), Just("<h2>"), Just("<button>"), Just("<caption>"), Just("<math>"),
            ],
            0..400,
        ),
        repeat in 1usize..40,
    ) {
        let html = pieces.concat().repeat(repeat);
        let depth = bounded_depth(&html);
        prop_assert!(depth <= TREE_DEPTH_BOUND, "depth {}", depth);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn foreign_select_and_script_soup_stays_within_the_depth_bound(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("<div>"), Just("</div>"), Just("<p>"), Just("</p>"), Just("<svg>"),
                Just("</svg>"), Just("<math>"), Just("</math>"), Just("<g/>"), Just("<g>"),
                Just("</g>"), Just("<mi>"), Just("<foreignObject>"), Just("<title>"),
                Just("</title>"), Just("<script>"), Just("</script>"), Just("<!--"),
                Just("-->"), Just("<style>"), Just("</style>"), Just("<select>"),
                Just("</select>"), Just("<option>"), Just("<input>"), Just("<textarea>"),
                Just("</textarea>"), Just("<form>"), Just("</form>"), Just("<h2>"),
                Just("</h2>"), Just("<li>"), Just("<ul>"), Just("</li>"), Just("<b>"),
                Just("<button>"), Just("<table>"), Just("<td>"), Just("</table>"),
                Just("<x-a>"), Just("</x-a>"), Just("text"), Just("<plaintext>"),
            ],
            0..300,
        ),
        repeat in 1usize..40,
    ) {
        let html = pieces.concat().repeat(repeat);
        let depth = bounded_depth(&html);
        prop_assert!(depth <= TREE_DEPTH_BOUND, "depth {}", depth);
    }
}
