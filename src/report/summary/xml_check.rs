//! A strict little XML 1.0 reader for the JUnit tests: elements, attributes, text and the five
//! entities plus character references — enough to prove `junit.xml` is well-formed and to read
//! it back, without a parser dependency. It rejects what real parsers reject: unmatched or
//! misnested tags, unquoted or duplicate attributes, raw `<` or `&`, unknown entities, and
//! characters XML 1.0 forbids.

/// A parsed element.
#[derive(Debug)]
pub(super) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Direct children named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Parses a whole document (an optional `<?xml …?>` declaration, then one root element).
pub(super) fn parse(xml: &str) -> Result<Element, String> {
    let mut p = Parser { s: xml, i: 0 };
    if p.rest().starts_with("<?xml") {
        let end = p.rest().find("?>").ok_or("unterminated declaration")?;
        p.i += end + 2;
    }
    p.skip_ws();
    let root = p.element()?;
    p.skip_ws();
    if p.i != xml.len() {
        return Err(format!("content after the root element at byte {}", p.i));
    }
    Ok(root)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.i..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start_matches([' ', '\t', '\r', '\n']);
        self.i = self.s.len() - trimmed.len();
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.rest().starts_with(token) {
            self.i += token.len();
            Ok(())
        } else {
            Err(format!("expected {token:?} at byte {}", self.i))
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || "_:-.".contains(c)))
            .unwrap_or(self.rest().len());
        if len == 0
            || self
                .rest()
                .starts_with(|c: char| c.is_ascii_digit() || c == '-')
        {
            return Err(format!("bad name at byte {}", self.i));
        }
        let name = self.rest()[..len].to_string();
        self.i += len;
        Ok(name)
    }

    fn element(&mut self) -> Result<Element, String> {
        self.expect("<")?;
        let name = self.name()?;
        let mut el = Element {
            name,
            attrs: Vec::new(),
            children: Vec::new(),
            text: String::new(),
        };
        loop {
            let before = self.i;
            self.skip_ws();
            if self.rest().starts_with("/>") {
                self.i += 2;
                return Ok(el);
            }
            if self.rest().starts_with('>') {
                self.i += 1;
                break;
            }
            if self.i == before {
                return Err(format!(
                    "expected space before attribute at byte {}",
                    self.i
                ));
            }
            let key = self.name()?;
            self.expect("=\"")?;
            let end = self.rest().find('"').ok_or("unterminated attribute")?;
            let value = unescape(&self.rest()[..end])?;
            self.i += end + 1;
            if el.attr(&key).is_some() {
                return Err(format!("duplicate attribute {key}"));
            }
            el.attrs.push((key, value));
        }
        loop {
            let end = self.rest().find('<').ok_or("unterminated element")?;
            el.text.push_str(&unescape(&self.rest()[..end])?);
            self.i += end;
            if self.rest().starts_with("</") {
                self.i += 2;
                let closing = self.name()?;
                if closing != el.name {
                    return Err(format!("</{closing}> closes <{}>", el.name));
                }
                self.skip_ws();
                self.expect(">")?;
                return Ok(el);
            }
            el.children.push(self.element()?);
        }
    }
}

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find(['&', '<', '>']) {
        if !rest[amp..].starts_with('&') {
            // `>` is legal in text, `<` never reaches here inside text; in attributes it is not.
            if rest[amp..].starts_with('<') {
                return Err("raw < in attribute".to_string());
            }
            out.push_str(&rest[..=amp]);
            rest = &rest[amp + 1..];
            continue;
        }
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').ok_or("unterminated entity")? + amp;
        let entity = &rest[amp + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16)
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse()
                } else {
                    return Err(format!("unknown entity &{entity};"));
                };
                let c = code.ok().and_then(char::from_u32);
                c.filter(|c| allowed(*c))
                    .ok_or(format!("bad character reference &{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    match out.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(format!("character U+{:04X} not allowed in XML", c as u32)),
        None => Ok(out),
    }
}

#[test]
fn rejects_what_parsers_reject() {
    assert!(parse("<a><b></a></b>").is_err());
    assert!(parse("<a x=1/>").is_err());
    assert!(parse("<a>&nbsp;</a>").is_err());
    assert!(parse("<a>a & b</a>").is_err());
    assert!(parse("<a>\u{1}</a>").is_err());
    assert!(parse("<a x=\"<\"/>").is_err());
    assert!(parse("<a x=\"1\" x=\"2\"/>").is_err());
    assert!(parse("<a/><b/>").is_err());
    let el =
        parse("<?xml version=\"1.0\"?>\n<a x=\"&quot;1&#10;\">t &amp; <b/>u</a>").expect("valid");
    assert_eq!(el.attr("x"), Some("\"1\n"));
    assert_eq!(el.text, "t & u");
    assert_eq!(el.children_named("b").count(), 1);
}
