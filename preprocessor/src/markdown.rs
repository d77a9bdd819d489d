//! Markdown helpers shared by check, resolve and render: scanning untrusted text, rewriting
//! link destinations in place, and escaping text for tables and code fences.

use pulldown_cmark::{Event, Options, Parser, Tag};

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

/// Finds what contributed Markdown must not contain: raw HTML (it would reach the page
/// unescaped), headings (they would break the chapter's structure), images, and links with a
/// scheme other than http(s), mailto or apimap (e.g. `javascript:`).
pub fn scan_untrusted(text: &str) -> Vec<TextProblem> {
    let mut problems = Vec::new();
    for (event, range) in parser(text) {
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
                problems.push(TextProblem {
                    offset: range.start,
                    code: "unsafe-link",
                    message: format!("link destination `{dest_url}` is not allowed"),
                    hint: "use https://…, a relative chapter link (`tasks.md#anchor`) or `apimap:async_std::…`",
                })
            }
            _ => {}
        }
    }
    problems
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

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() as u64 + 1;
    (line, column)
}

/// Makes text safe inside a Markdown table cell: one line, no cell separator.
pub fn table_cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// A fenced code block whose fence is longer than any backtick run inside the code.
pub fn code_block(lang: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}\n", code.trim_end_matches('\n'))
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
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }

    #[test]
    fn table_cells_never_break_rows() {
        assert_eq!(table_cell("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn fences_outgrow_backticks_in_code() {
        assert_eq!(code_block("rust", "let s = \"````\";\n"), "`````rust\nlet s = \"````\";\n`````\n");
        assert_eq!(code_block("rust", "fn main() {}"), "```rust\nfn main() {}\n```\n");
    }
}
