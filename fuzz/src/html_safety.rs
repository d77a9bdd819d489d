//! Is this HTML safe to show? No `<script`, no event-handler attribute (`on…=`), no URL with a
//! `javascript:`, `data:` or `vbscript:` scheme — read the way a browser reads them: tag and
//! attribute names case-insensitively, attribute values after decoding character references and
//! dropping the whitespace and control characters a URL parser ignores.

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: [&str; 10] =
    ["href", "src", "action", "formaction", "poster", "background", "cite", "longdesc", "xlink:href", "srcset"];

const DANGEROUS_SCHEMES: [&str; 3] = ["javascript:", "data:", "vbscript:"];

/// The first unsafe construct in `html`, described, or `None`.
pub fn problem(html: &str) -> Option<String> {
    let Some(html) = without_api_index(html) else {
        return Some("the API index `<script>` holds a `<` or is not closed".into());
    };
    let html = html.as_str();
    let lower = html.to_ascii_lowercase();
    if let Some(at) = lower.find("<script") {
        return Some(format!("`<script` at byte {at}"));
    }
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let (attributes, end) = tag_attributes(html, start + 1);
        for (name, value) in attributes {
            let name = name.to_ascii_lowercase();
            if name.starts_with("on") {
                return Some(format!("event-handler attribute `{name}` in a tag at byte {start}"));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                let url = url_as_parsed(&decode_references(&value));
                if let Some(scheme) = DANGEROUS_SCHEMES.iter().find(|s| url.starts_with(*s)) {
                    return Some(format!("`{name}` with a `{scheme}` URL in a tag at byte {start}: {value:?}"));
                }
            }
        }
        i = end.max(start + 1).min(bytes.len());
    }
    None
}

/// The page with the API index (the one `<script>` the build writes itself: inert JSON, see
/// mdbook-apimap's render/api_index.rs) taken out; `None` if data could close it early, since
/// its escaping keeps every `<` out of the JSON.
fn without_api_index(html: &str) -> Option<String> {
    const OPEN: &str = "<script type=\"application/json\" id=\"apimap-index\">";
    let Some(start) = html.find(OPEN) else {
        return Some(html.to_string());
    };
    let body = start + OPEN.len();
    let end = body + html[body..].find("</script>")?;
    if html[body..end].contains('<') {
        return None;
    }
    Some(format!("{}{}", &html[..start], &html[end + "</script>".len()..]))
}

/// The attributes of the tag whose name starts at `from` (just after `<`), and the byte after
/// it. Follows the HTML tokenizer's states loosely: a name runs to whitespace, `/`, `>` or `=`;
/// a value is quoted with `"` or `'`, or runs to whitespace or `>`.
fn tag_attributes(html: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    // Only `<` + letter (or `/` + letter) opens a tag; anything else is text.
    let opens_tag = match bytes.get(from) {
        Some(b'/') => bytes.get(from + 1).is_some_and(u8::is_ascii_alphabetic),
        Some(c) => c.is_ascii_alphabetic(),
        None => false,
    };
    if !opens_tag {
        return (Vec::new(), from);
    }
    let mut i = from;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' && !(bytes[i] == b'/' && i > from) {
        i += 1;
    }
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (attributes, i + 1);
        }
        let name_start = i;
        i += 1; // a name may start with `=`
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = html[name_start..i].to_owned();
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let end = html[i + 1..].find(quote as char).map_or(bytes.len(), |n| i + 1 + n);
                    value = html[i + 1..end].to_owned();
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[start..i].to_owned();
                }
            }
        }
        attributes.push((name, value));
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Decodes numeric character references and the named ones that can spell a scheme
/// (`&colon;`, `&Tab;`, `&NewLine;`, …). Unknown names stay as they are.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (decoded, used) = reference_at(rest);
        match decoded {
            Some(c) => out.push(c),
            None => out.push('&'),
        }
        rest = &rest[used.max(1)..];
    }
    out.push_str(rest);
    out
}

/// The character of the reference at the start of `text` (which starts with `&`) and its length.
fn reference_at(text: &str) -> (Option<char>, usize) {
    let body = &text[1..];
    if let Some(number) = body.strip_prefix('#') {
        let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (number, 10, 2),
        };
        let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
        if len == 0 {
            return (None, 1);
        }
        let value = u32::from_str_radix(&digits[..len.min(8)], radix).unwrap_or(0xFFFD);
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return (Some(char::from_u32(value).filter(|c| *c != '\0').unwrap_or('\u{FFFD}')), skip + len + semicolon);
    }
    const NAMED: [(&str, char); 10] = [
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("amp;", '&'),
        ("amp", '&'),
        ("lt;", '<'),
        ("gt;", '>'),
        ("quot;", '"'),
        ("apos;", '\''),
        ("sol;", '/'),
    ];
    for (name, c) in NAMED {
        if body.starts_with(name) {
            return (Some(c), 1 + name.len());
        }
    }
    (None, 1)
}

/// What a URL parser sees of the scheme: leading C0 controls and spaces trimmed, tabs and
/// newlines removed anywhere, ASCII lowercased.
fn url_as_parsed(url: &str) -> String {
    url.trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn finds_scripts_handlers_and_dangerous_urls() {
        assert!(problem("<p>x</p><SCRIPT>alert(1)</SCRIPT>").is_some());
        assert!(problem("<img src=x OnError=alert(1)>").is_some());
        assert!(problem("<h1 id=\"a\" onclick=\"alert(1)\">t</h1>").is_some());
        assert!(problem("<a href=\"javascript:alert(1)\">x</a>").is_some());
        assert!(problem("<a href=\" &#x6A;ava&#115;cript&colon;alert(1)\">x</a>").is_some());
        assert!(problem("<a href=\"java&Tab;script:x\">x</a>").is_some());
        assert!(problem("<a href='DATA:text/html,x'>x</a>").is_some());
        assert!(problem("<iframe src=vbscript:x>").is_some());
    }

    #[test]
    fn escaped_text_and_ordinary_links_are_safe() {
        assert_eq!(problem("<p>&lt;script&gt; onclick=alert(1) javascript:x</p>"), None);
        assert_eq!(problem("<a href=\"https://docs.rs/x#on\" title=\"javascript:\">on=</a>"), None);
        assert_eq!(problem("<code>a &lt; b</code> 1 < 2"), None);
        assert_eq!(problem("<div class=\"apimap-table\" data-apimap-table=\"Tasks\">"), None);
    }

    #[test]
    fn only_the_builds_own_inert_api_index_is_a_script() {
        let index =
            |json: &str| format!("<p>x</p><script type=\"application/json\" id=\"apimap-index\">{json}</script>");
        assert_eq!(problem(&index("{\"p\":\"\\u003cimg\"}")), None);
        assert!(problem(&index("{\"p\":\"</script><script>alert(1)//\"}")).is_some());
        assert!(problem(&format!("{}<script>alert(1)</script>", index("{}"))).is_some());
    }
}
