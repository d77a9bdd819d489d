//! Rules for untrusted text that is not Markdown, or that mdBook reads before Markdown:
//! titles, file names, and mdBook's `{{#…}}` directives.
//!
//! A map's title becomes the chapter name, which mdBook writes into the sidebar, the page's
//! `<title>`, and the breadcrumbs of its search index, whose searcher inserts them with
//! `innerHTML`. So a title is plain text from a closed set of characters, checked here.

/// Punctuation a title may contain besides letters, digits and spaces. None of it is Markdown
/// or HTML syntax on its own (no `` ` `` `*` `_` `[` `]` `<` `>` `&` `{` `}` `#` `\` `|` `~` `"`).
pub const TITLE_PUNCTUATION: &str = "-,.:;()'/?!+";

/// The longest title, in characters: it is a line of the sidebar.
pub const MAX_TITLE_CHARS: usize = 80;

/// What is wrong with a chapter title, if anything: `(byte offset, message)`.
pub fn title_problem(title: &str) -> Option<(usize, String)> {
    plain_line_problem(title, "title", MAX_TITLE_CHARS)
}

/// Words joined as a sentence lists them: `a`, `a and b`, `a, b and c` (with `conjunction`
/// for `and`).
pub fn join_words<S: AsRef<str>>(words: &[S], conjunction: &str) -> String {
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.as_ref().to_string(),
        Some((last, rest)) => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", rest.join(", "), last.as_ref())
        }
    }
}

/// The longest one-line summary (an ecosystem entry's), in characters.
pub const MAX_SUMMARY_CHARS: usize = 160;

/// What is wrong with a one-line summary, if anything: `(byte offset, message)`. It is plain
/// text as a title is, except that spans in backticks are inline code (any character but a
/// control character), so a summary can name a feature: ``its `runtime-async-std` feature``.
pub fn summary_problem(summary: &str) -> Option<(usize, String)> {
    let what = "summary";
    if let Some(problem) = blank_or_padded(summary, what) {
        return Some(problem);
    }
    let mut offset = 0;
    for (i, part) in summary.split('`').enumerate() {
        let in_code = i % 2 == 1;
        let bad = part.char_indices().find(|&(_, c)| if in_code { c.is_control() } else { !is_plain(c) });
        if let Some((at, c)) = bad {
            return Some((offset + at, format!("{} is not allowed in a {what}", shown(c))));
        }
        offset += part.len() + 1;
    }
    if summary.matches('`').count() % 2 == 1 {
        return Some((summary.rfind('`').unwrap_or(0), "this `` ` `` opens inline code that is never closed".into()));
    }
    too_long(summary, what, MAX_SUMMARY_CHARS)
}

/// A line of plain text named `what`, at most `max_chars` long, of the characters of
/// [`TITLE_PUNCTUATION`], letters, digits and spaces.
fn plain_line_problem(text: &str, what: &str, max_chars: usize) -> Option<(usize, String)> {
    if let Some(problem) = blank_or_padded(text, what) {
        return Some(problem);
    }
    if let Some((offset, c)) = text.char_indices().find(|&(_, c)| !is_plain(c)) {
        return Some((offset, format!("{} is not allowed in a {what}", shown(c))));
    }
    too_long(text, what, max_chars)
}

fn is_plain(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || TITLE_PUNCTUATION.contains(c)
}

fn blank_or_padded(text: &str, what: &str) -> Option<(usize, String)> {
    if text.trim().is_empty() {
        return Some((0, format!("the {what} is empty")));
    }
    (text.starts_with(' ') || text.ends_with(' ')).then(|| (0, format!("the {what} starts or ends with a space")))
}

fn too_long(text: &str, what: &str, max_chars: usize) -> Option<(usize, String)> {
    let length = text.chars().count();
    (length > max_chars).then(|| (0, format!("the {what} is {length} characters long")))
}

/// A character as a message shows it: in backticks, escaped when it is invisible.
fn shown(c: char) -> String {
    match c {
        '`' => "`` ` ``".to_string(),
        c if c.is_control() => format!("{c:?}"),
        c => format!("`{c}`"),
    }
}

/// Byte offsets of every `{{#` (with optional whitespace before `#`): the opening of an mdBook
/// directive (`{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}`, `{{#playpen}}`,
/// `{{#title}}`). mdBook's `links` preprocessor runs after ours on the generated chapters and
/// expands them anywhere, code blocks included; its pattern is
/// `\{\{\s*#([a-zA-Z0-9_]+)\s+([^}]+)\}\}`, whose arguments may span lines and so reach into
/// text generated after the value. Refusing every opening makes all of them inert.
pub fn directive_offsets(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    // `{` by memchr, then the byte after it: far cheaper than a substring search per call.
    while let Some(i) = text[from..].find('{').map(|i| from + i) {
        if bytes.get(i + 1) != Some(&b'{') {
            from = i + 1;
            continue;
        }
        let after = &text[i + 2..];
        let rest = after.trim_start();
        if rest.starts_with('#') {
            found.push(i);
        }
        // The next opening starts at the next `{` at the earliest; whitespace after this one
        // is skipped once, so the scan stays linear.
        from = if bytes.get(i + 2) == Some(&b'{') { i + 1 } else { i + 2 + (after.len() - rest.len()) };
    }
    found
}

/// What is wrong with the name of a map file (relative to the book root), if anything. The
/// name is part of the chapter's URL and of the "edit this mapping" link and is shown on the page.
pub fn file_name_problem(path: &str, stem: &str) -> Option<String> {
    let safe_path = path.chars().all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c));
    let safe_stem = !stem.is_empty()
        && stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-".contains(c))
        && !stem.starts_with('-');
    if !safe_path || !safe_stem {
        return Some(format!("`{}` is not an allowed map file name", path.escape_debug()));
    }
    // mdBook's `index` preprocessor turns a chapter named README into index.
    (stem == "readme").then(|| "`readme` is reserved by mdBook".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_plain_text() {
        assert_eq!(title_problem("OS-specific APIs: I/O (and more)"), None);
        assert_eq!(title_problem("Synchronisation, près"), None);
        assert_eq!(title_problem("<script>alert(1)</script>"), Some((0, "`<` is not allowed in a title".into())));
        assert_eq!(title_problem("Pin {#x onclick=alert(1)}"), Some((4, "`{` is not allowed in a title".into())));
        assert_eq!(title_problem("Pinning `x`"), Some((8, "`` ` `` is not allowed in a title".into())));
        assert_eq!(title_problem("a\tb"), Some((1, "'\\t' is not allowed in a title".into())));
        assert_eq!(title_problem(" Tasks"), Some((0, "the title starts or ends with a space".into())));
        assert_eq!(title_problem(&"x".repeat(81)), Some((0, "the title is 81 characters long".into())));
    }

    #[test]
    fn summaries_are_plain_text_with_inline_code() {
        assert_eq!(summary_problem("The async SQL toolkit; its `runtime-async-std` feature pulls async-std."), None);
        assert_eq!(summary_problem("A `<b>` tag in code"), None);
        assert_eq!(summary_problem("Pool {#x onclick=alert(1)}"), Some((5, "`{` is not allowed in a summary".into())));
        assert_eq!(summary_problem("ok `a` <script>"), Some((7, "`<` is not allowed in a summary".into())));
        assert_eq!(summary_problem("a `b\tc`"), Some((4, "'\\t' is not allowed in a summary".into())));
        assert_eq!(
            summary_problem("open `code"),
            Some((5, "this `` ` `` opens inline code that is never closed".into()))
        );
        assert_eq!(summary_problem(&"x".repeat(161)), Some((0, "the summary is 161 characters long".into())));
    }

    #[test]
    fn finds_every_directive_opening() {
        assert_eq!(directive_offsets("a {{#title Hacked}} b"), [2]);
        assert_eq!(directive_offsets("{{ \n #include x}} {{{#playground y}}"), [0, 19]);
        assert_eq!(directive_offsets("format!(\"{{}}\") {{ x }} {#anchor}"), Vec::<usize>::new());
    }

    #[test]
    fn directive_scan_is_linear_on_braces_and_spaces() {
        let text = format!("{}{}", "{".repeat(100_000), " ".repeat(100_000));
        assert_eq!(directive_offsets(&text), Vec::<usize>::new());
    }

    #[test]
    fn file_names_are_safe_in_urls_and_pages() {
        assert_eq!(file_name_problem("api-maps/task.yaml", "task"), None);
        assert_eq!(file_name_problem("api-maps/os_unix-2.yaml", "os_unix-2"), None);
        assert!(file_name_problem("api-maps/<img src=x>/a.yaml", "a").is_some());
        assert!(file_name_problem("api-maps/Task.yaml", "Task").is_some());
        assert!(file_name_problem("api-maps/readme.yaml", "readme").is_some());
    }
}
