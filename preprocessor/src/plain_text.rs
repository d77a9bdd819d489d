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
    if title.trim().is_empty() {
        return Some((0, "the title is empty".into()));
    }
    if let Some((offset, c)) =
        title.char_indices().find(|&(_, c)| !(c.is_alphanumeric() || c == ' ' || TITLE_PUNCTUATION.contains(c)))
    {
        let shown = match c {
            '`' => "`` ` ``".to_string(),
            c if c.is_control() => format!("{c:?}"),
            c => format!("`{c}`"),
        };
        return Some((offset, format!("{shown} is not allowed in a title")));
    }
    if title.starts_with(' ') || title.ends_with(' ') {
        return Some((0, "the title starts or ends with a space".into()));
    }
    let length = title.chars().count();
    (length > MAX_TITLE_CHARS).then(|| (0, format!("the title is {length} characters long")))
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
    while let Some(i) = text[from..].find("{{").map(|i| from + i) {
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
