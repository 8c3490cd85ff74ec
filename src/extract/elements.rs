//! A parsed page's elements, indexed once by tag name and by a few attributes.
//!
//! A page is searched with some fifteen selectors. `Html::select` tries a selector on every
//! element of the page, one call into the selector engine each; here a selector that can only
//! match elements of given names (`a[href], area[href]`) or with a given attribute (`[id]`) is
//! tried only on those. The order is `Html::select`'s: the tree's node arena, which is the
//! order the parser made the nodes in, skipping nodes that are not attached.

use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;

/// Attributes indexed: those the built-in selectors start a compound with.
const INDEXED_ATTRS: &[&str] = &["id", "role", "onclick", "for"];

/// The elements of one parsed document.
pub(super) struct Elements<'a> {
    /// Every attached element, in `Html::select`'s order.
    all: Vec<ElementRef<'a>>,
    /// Positions in `all` by tag name.
    by_name: HashMap<&'a str, Vec<usize>>,
    /// Positions in `all` of the elements with each of [`INDEXED_ATTRS`].
    by_attr: [Vec<usize>; INDEXED_ATTRS.len()],
}

/// Where the elements a compound selector can match are.
#[derive(Debug, PartialEq)]
enum Key<'s> {
    Name(&'s str),
    Attr(usize),
}

impl<'a> Elements<'a> {
    pub(super) fn of(doc: &'a Html) -> Elements<'a> {
        let mut index = Elements {
            all: Vec::new(),
            by_name: HashMap::new(),
            by_attr: Default::default(),
        };
        let attached = doc
            .tree
            .nodes()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.parent().is_some());
        for element in attached {
            let at = index.all.len();
            let el = element.value();
            index.by_name.entry(el.name()).or_default().push(at);
            // By local name in any namespace: a superset of what `[id]` matches, which the
            // selector then narrows; no atom is made per element and attribute.
            for (name, _) in &el.attrs {
                let local: &str = &name.local;
                if let Some(i) = INDEXED_ATTRS.iter().position(|a| *a == local) {
                    if index.by_attr[i].last() != Some(&at) {
                        index.by_attr[i].push(at);
                    }
                }
            }
            index.all.push(element);
        }
        index
    }

    /// What `doc.select(css(text))` gives, in the same order (a built-in selector, parsed once
    /// per process).
    pub(super) fn css(&self, text: &'static str) -> impl Iterator<Item = ElementRef<'a>> + '_ {
        self.select(text, super::css(text))
    }

    /// What `doc.select(selector)` gives, in the same order; `text` is `selector`'s source.
    fn select<'s>(
        &'s self,
        text: &str,
        selector: &'s Selector,
    ) -> impl Iterator<Item = ElementRef<'a>> + 's {
        let candidates: Box<dyn Iterator<Item = ElementRef<'a>> + 's> = match keys(text) {
            None => Box::new(self.all.iter().copied()),
            Some(keys) => {
                let mut at: Vec<usize> = keys
                    .iter()
                    .flat_map(|key| match key {
                        Key::Name(name) => self.by_name.get(name).map_or(&[][..], Vec::as_slice),
                        Key::Attr(i) => &self.by_attr[*i][..],
                    })
                    .copied()
                    .collect();
                if keys.len() > 1 {
                    at.sort_unstable();
                    at.dedup();
                }
                Box::new(at.into_iter().map(|i| self.all[i]))
            }
        };
        candidates.filter(move |e| selector.matches(e))
    }
}

/// For a selector list of single compound selectors, each starting with a tag name or an
/// indexed attribute (`a[href], [role=button]`), where its matches can be; `None` (every
/// element) for anything else: a combinator, a universal or class selector, another attribute.
fn keys(text: &str) -> Option<Vec<Key<'_>>> {
    text.split(',')
        .map(|part| {
            let part = part.trim();
            let simple = |c: char| c.is_ascii_alphanumeric() || c == '-';
            if part.is_empty() || part.contains([' ', '>', '+', '~', '*', ':', '|']) {
                return None;
            }
            if let Some(attr) = part.strip_prefix('[') {
                let end = attr.find(|c: char| !simple(c))?;
                let at = INDEXED_ATTRS.iter().position(|a| *a == &attr[..end])?;
                return Some(Key::Attr(at));
            }
            let end = part.find(|c: char| !simple(c)).unwrap_or(part.len());
            let name = &part[..end];
            let rest = &part[end..];
            let ok = !name.is_empty() && name.bytes().all(|b| !b.is_ascii_uppercase());
            (ok && (rest.is_empty() || rest.starts_with('['))).then_some(Key::Name(name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{keys, Elements, Key};
    use scraper::{Html, Selector};

    /// Every selector the extractor runs on a whole document.
    const SELECTORS: &[&str] = &[
        "base[href]",
        "label[for]",
        "[id]",
        "form",
        "textarea",
        "script",
        "title",
        "h1, h2, h3, h4, h5, h6, [role=heading]",
        "meta[content]",
        "a[href], area[href]",
        "button, [role=button], [onclick], a, input",
        "iframe[src], frame[src]",
        "script[src]",
        "object[data], embed[src], iframe, frame",
        "body *",
        "table",
        "tr",
    ];

    fn same_as_select(html: &str) {
        let doc = Html::parse_document(html);
        let index = Elements::of(&doc);
        for text in SELECTORS {
            let selector = Selector::parse(text).expect("test selector");
            let want: Vec<_> = doc.select(&selector).map(|e| e.id()).collect();
            let got: Vec<_> = index.select(text, &selector).map(|e| e.id()).collect();
            assert_eq!(got, want, "{text} on {html}");
        }
    }

    #[test]
    fn selects_what_html_select_does() {
        same_as_select(
            r#"<html><head><title>T</title><base href="/x/"><meta name="d" content="c">
            <script src="a.js"></script></head><body>
            <h1 id="top">Заголовок</h1><div role="heading">Роль</div><h2><span role="heading">в</span></h2>
            <a href="/a" id="a1">A</a><area href="/m"><a>без ссылки</a><button>Кнопка</button>
            <span role="button" onclick="f()">B</span><div onclick="g()">C</div>
            <form><label for="q">Вопрос</label><input id="q"><textarea></textarea></form>
            <table><tr><td>1<table><tr><td>2</table></td></tr></table>
            <iframe src="/v"></iframe><frame src="/f"><object data="/d.pdf"></object><embed src="/e.pdf">
            <template><a href="/t">в шаблоне</a></template></body></html>"#,
        );
    }

    #[test]
    fn misnested_markup_keeps_the_parsers_order() {
        // Foster parenting and the adoption agency move and clone elements, so the arena's
        // order differs from the tree's.
        same_as_select(
            "<table><a href=/1>один<tr><td>x</td></tr><a href=/2>два</table>\
             <b><p><a href=/3>три</b>четыре</a></p><i id=i><div role=button>в</i></div>",
        );
    }

    #[test]
    fn keys_of_the_selectors() {
        assert_eq!(
            keys("a[href], area[href]"),
            Some(vec![Key::Name("a"), Key::Name("area")])
        );
        assert_eq!(keys("[id]"), Some(vec![Key::Attr(0)]));
        assert_eq!(
            keys("button, [role=button], [onclick], a, input").map(|k| k.len()),
            Some(5)
        );
        for every in [
            "body *",
            "*",
            ".menu",
            "[class]",
            "div > a",
            "a:first-child",
            "A",
            "",
        ] {
            assert_eq!(keys(every), None, "{every}");
        }
    }

    proptest::proptest! {
        #[test]
        fn selects_what_html_select_does_on_any_markup(
            parts in proptest::collection::vec(
                "(<a href=/x>|<area href=/y>|</a>|<table>|</table>|<tr>|<td>|<p>|</p>|<b>|</b>|\
                 <i id=z>|<div role=button>|<div role=heading>|<span onclick=f>|<h2>|<form>|\
                 <label for=q>|<input>|<textarea>|<script src=s>|</script>|<iframe src=v>|\
                 <template>|</template>|<title>|<meta name=n content=c>|<base href=/b/>|текст|\
                 <svg>|</svg>|<a xlink:href=/s xml:id=w>|<foreignObject>)",
                0..40,
            ),
        ) {
            same_as_select(&parts.concat());
        }
    }
}
