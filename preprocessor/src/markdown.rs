//! Markdown helpers shared by check, resolve and render: scanning untrusted text, rewriting
//! link destinations in place, and escaping text for tables and code fences.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// The prefix of cross-references to API-map entries: `[spawn](apimap:async_std::task::spawn)`.
pub const APIMAP_SCHEME: &str = "apimap:";

fn parser(text: &str) -> pulldown_cmark::OffsetIter<'_> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    Parser::new_ext(text, options).into_offset_iter()
}

/// A problem in a piece of Markdown, at a byte offset of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProblem {
    pub offset: usize,
    pub code: &'static str,
    pub message: String,
    pub hint: &'static str,
}

/// At most this many problems are reported per text: a hostile note can hold a million.
pub const MAX_PROBLEMS_PER_TEXT: usize = 100;

/// Finds what contributed Markdown must not contain: raw HTML (it would reach the page
/// unescaped), headings (they would break the chapter's structure), images, links or link
/// definitions with a scheme other than http(s), mailto or apimap (e.g. `javascript:`), and
/// unclosed code fences (the text is pasted into a chapter: an open fence would swallow the
/// generated text after it and let a later value's code out as Markdown). In offset order.
pub fn scan_untrusted(text: &str) -> Vec<TextProblem> {
    let mut problems = Vec::new();
    let mut events = parser(text);
    for (event, range) in events.by_ref() {
        if problems.len() > MAX_PROBLEMS_PER_TEXT {
            break;
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => problems.push(TextProblem {
                offset: range.start,
                code: "raw-html",
                message: format!("raw HTML is not allowed: `{}`", html.trim().chars().take(40).collect::<String>()),
                hint: "write generic types inside backticks (`Result<T, E>`), or escape `<` as `\\<`",
            }),
            Event::Start(Tag::Heading { .. }) => problems.push(TextProblem {
                offset: range.start,
                code: "heading-in-note",
                message: "headings are not allowed in notes".into(),
                hint: "use **bold text** or a list instead; the chapter's headings are generated",
            }),
            Event::Start(Tag::Image { .. }) => problems.push(TextProblem {
                offset: range.start,
                code: "image-in-note",
                message: "images are not allowed in notes".into(),
                hint: "link to the image instead",
            }),
            Event::Start(Tag::Link { dest_url, .. }) if !is_allowed_destination(&dest_url) => {
                problems.push(unsafe_link(range.start, &dest_url))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) if !fence_is_closed(&text[range.clone()]) => {
                problems.push(TextProblem {
                    offset: range.start,
                    code: "unclosed-fence",
                    message: "this code block is never closed".into(),
                    hint: "end it with a line of the same fence (```) inside this value",
                })
            }
            _ => {}
        }
    }
    // A definition is used by links anywhere in the chapter, so it is checked on its own.
    let definitions = events.reference_definitions().iter();
    let unsafe_definitions = definitions.filter(|(_, def)| !is_allowed_destination(&def.dest));
    problems.extend(unsafe_definitions.map(|(_, def)| unsafe_link(def.span.start, &def.dest)));
    problems.sort_by_key(|p| p.offset);
    if problems.len() > MAX_PROBLEMS_PER_TEXT {
        let offset = problems[MAX_PROBLEMS_PER_TEXT].offset;
        problems.truncate(MAX_PROBLEMS_PER_TEXT);
        problems.push(TextProblem {
            offset,
            code: "too-many-problems",
            message: format!("more problems after the first {MAX_PROBLEMS_PER_TEXT} in this text are not listed"),
            hint: "fix the ones above and check again",
        });
    }
    problems
}

fn unsafe_link(offset: usize, dest: &str) -> TextProblem {
    TextProblem {
        offset,
        code: "unsafe-link",
        message: format!("link destination `{}` is not allowed", dest.chars().take(80).collect::<String>()),
        hint: "use https://…, a relative chapter link (`tasks.md#anchor`) or `apimap:<path of an entry>`",
    }
}

/// Whether a fenced code block (its source, from the opening fence) ends with a closing fence:
/// a last line of at least as many of the same fence character, and nothing else. Container
/// prefixes (`>`, indentation) are skipped; a fence inside a container closes with it anyway.
fn fence_is_closed(block: &str) -> bool {
    let opening = block.trim_start_matches([' ', '\t', '>', '-', '*', '+']);
    let Some(fence_char) = opening.chars().next() else { return false };
    let opening_len = opening.len() - opening.trim_start_matches(fence_char).len();
    let mut lines = block.trim_end_matches(['\n', '\r']).lines();
    let Some(last) = lines.next_back() else { return false };
    if lines.next().is_none() {
        return false; // only the opening line
    }
    let last = last.trim_start_matches([' ', '\t', '>']).trim_end();
    last.len() >= opening_len && last.chars().all(|c| c == fence_char)
}

fn is_allowed_destination(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    match lower.find(':') {
        // A colon before any `/`, `?` or `#` is a scheme.
        Some(i) if !lower[..i].contains(['/', '?', '#']) => {
            let scheme = &lower[..=i];
            matches!(scheme, "http:" | "https:" | "mailto:" | APIMAP_SCHEME)
        }
        _ => true,
    }
}

/// A link found in Markdown: its destination and where that destination is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSite {
    pub dest: String,
    /// Byte range of the destination text in the source, if it could be located
    /// (inline links); `None` for reference-style links.
    pub dest_range: Option<std::ops::Range<usize>>,
    /// Byte offset of the whole link.
    pub offset: usize,
}

/// Every link in a Markdown text, with the position of its destination.
pub fn links(text: &str) -> Vec<LinkSite> {
    parser(text)
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let source = &text[range.clone()];
                let dest_range = source
                    .rfind(&format!("]({dest_url}"))
                    .or_else(|| source.rfind(&format!("](<{dest_url}")).map(|i| i + 1))
                    .map(|i| {
                        let start = range.start + i + 2;
                        start..start + dest_url.len()
                    });
                Some(LinkSite { dest: dest_url.to_string(), dest_range, offset: range.start })
            }
            _ => None,
        })
        .collect()
}

/// Replaces link destinations: `rewrite` returns `Some(new)` for the links to change.
/// Links whose destination cannot be located in the source are left alone.
pub fn rewrite_links(text: &str, mut rewrite: impl FnMut(&LinkSite) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for site in links(text) {
        if let (Some(range), Some(new)) = (site.dest_range.clone(), rewrite(&site))
            && range.start >= last
        {
            out.push_str(&text[last..range.start]);
            out.push_str(&new);
            last = range.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Line and column of many offsets of one text, in linear time overall when asked in
/// ascending order (as parsers report problems): a hostile text with a million problems must
/// not cost a million scans from its start.
pub struct LineColumns<'a> {
    text: &'a str,
    /// Byte offset, 1-based line and column reached so far.
    offset: usize,
    line: u64,
    column: u64,
}

impl<'a> LineColumns<'a> {
    pub fn new(text: &'a str) -> Self {
        LineColumns { text, offset: 0, line: 1, column: 1 }
    }

    /// 1-based line and column (in characters) of byte `offset` (clamped to the text).
    pub fn locate(&mut self, offset: usize) -> (u64, u64) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = LineColumns::new(self.text);
        }
        for c in self.text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// Makes text safe inside a Markdown table cell: one line, no cell separator.
pub fn table_cell(text: &str) -> String {
    // Cells are mostly our own HTML on one line: nothing to change, no copy word by word.
    if is_one_clean_line(text) {
        return text.to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// ASCII with single spaces between words and no `|`: what [`table_cell`] leaves as it is.
fn is_one_clean_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'|' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x80.. => return false,
            _ => after_space = false,
        }
    }
    true
}

/// A fenced code block whose fence is longer than any backtick run inside the code.
pub fn code_block(lang: &str, code: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
    let code = code.trim_end_matches('\n');
    let mut out = String::with_capacity(code.len() + lang.len() + 2 * fence.len() + 3);
    for piece in [&fence, lang, "\n", code, "\n", &fence, "\n"] {
        out.push_str(piece);
    }
    out
}

/// The length of the longest run of backticks in `text` (a byte loop: examples are long).
fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for &b in text.as_bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_html_headings_images_and_scripts() {
        let text = "ok <script>alert(1)</script>\n\n# Title\n\n![x](y.png) [a](javascript:alert(1)) [b](JaVaScRiPt:x)";
        let codes: Vec<_> = scan_untrusted(text).iter().map(|p| p.code).collect();
        assert_eq!(codes, ["raw-html", "raw-html", "heading-in-note", "image-in-note", "unsafe-link", "unsafe-link"]);
    }

    #[test]
    fn allows_ordinary_links_and_code() {
        let text = "`Result<T, E>` [a](https://docs.rs) [b](tasks.md#x) [c](apimap:async_std::task::spawn) [d](#here)";
        assert_eq!(scan_untrusted(text), []);
    }

    #[test]
    fn refuses_unclosed_fences_and_unsafe_definitions() {
        let codes = |text: &str| scan_untrusted(text).iter().map(|p| (p.offset, p.code)).collect::<Vec<_>>();
        assert_eq!(codes("ok\n\n```\ncode"), [(4, "unclosed-fence")]);
        assert_eq!(codes("```"), [(0, "unclosed-fence")]);
        assert_eq!(codes("````rust\nlet s = \"```\";\n```"), [(0, "unclosed-fence")]);
        assert_eq!(codes("```\ncode\n```\n\n- ~~~\n  x\n  ~~~~\n\n> ```\n> y\n> ```"), []);
        assert_eq!(codes("a\n\n[x]: javascript:alert(1)\n"), [(3, "unsafe-link")]);
        assert_eq!(codes("[x]: https://docs.rs\n\n[y]: tasks.md\n"), []);
    }

    #[test]
    fn problems_are_capped_per_text() {
        let problems = scan_untrusted(&"<b>".repeat(10_000));
        assert_eq!(problems.len(), MAX_PROBLEMS_PER_TEXT + 1);
        assert_eq!(problems.last().unwrap().code, "too-many-problems");
    }

    #[test]
    fn html_inside_code_is_not_html() {
        assert_eq!(scan_untrusted("```\n<script>\n```\n"), []);
    }

    #[test]
    fn rewrites_only_chosen_destinations() {
        let text = "see [spawn](apimap:async_std::task::spawn) and [b](https://x) and `[c](apimap:nope)`";
        let out = rewrite_links(text, |site| site.dest.strip_prefix(APIMAP_SCHEME).map(|p| format!("task.md#{p}")));
        assert_eq!(out, "see [spawn](task.md#async_std::task::spawn) and [b](https://x) and `[c](apimap:nope)`");
    }

    #[test]
    fn reference_links_have_no_destination_range() {
        let sites = links("[spawn][s]\n\n[s]: apimap:async_std::task::spawn\n");
        assert_eq!(sites.len(), 1);
        assert_eq!(sites[0].dest_range, None);
    }

    #[test]
    fn computes_line_and_column() {
        assert_eq!(LineColumns::new("ab\ncd").locate(4), (2, 2));
        assert_eq!(LineColumns::new("ab").locate(0), (1, 1));
        let mut lines = LineColumns::new("é\nab\ncd");
        assert_eq!(
            [lines.locate(7), lines.locate(5), lines.locate(2), lines.locate(99)],
            [(3, 2), (2, 3), (1, 2), (3, 3)]
        );
    }

    #[test]
    fn table_cells_never_break_rows() {
        assert_eq!(table_cell("a | b\nc"), "a \\| b c");
        for (text, cell) in
            [("<b>x</b> y", "<b>x</b> y"), ("a  b ", "a b"), (" a", "a"), ("a\u{b}b", "a b"), ("é\u{a0}x", "é x")]
        {
            assert_eq!(table_cell(text), cell);
        }
    }

    #[test]
    fn fences_outgrow_backticks_in_code() {
        assert_eq!(code_block("rust", "let s = \"````\";\n"), "`````rust\nlet s = \"````\";\n`````\n");
        assert_eq!(code_block("rust", "fn main() {}"), "```rust\nfn main() {}\n```\n");
    }
}
