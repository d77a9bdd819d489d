use super::*;
use crate::load::parse_map;

const GOOD: &str = r#"module: async_std::task
title: Tasks
entries:
  - path: async_std::task::spawn
    tokio:
      status: similar
      paths: [tokio::task::spawn]
      note: |
        The handle returns a `Result<T, JoinError>`.
      example: |
        fn main() {}
    smol:
      status: drop-in
      paths: [smol::spawn]
    see_also: [async_std::task::JoinHandle, tasks.md#handles]
"#;

/// The rules with this guide's settings.
fn check(files: &[MapFile]) -> Vec<Diagnostic> {
    super::check(files, &crate::config::test_config())
}

fn file(name: &str, text: &str) -> MapFile {
    let doc = parse_map(name, text, &crate::config::test_keys()).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let stem = name.rsplit('/').next().unwrap().trim_end_matches(".yaml").to_string();
    MapFile { path: name.to_string(), stem, source: text.to_string(), doc }
}

/// `line:column code: message` of every diagnostic, sorted.
fn problems(text: &str) -> Vec<String> {
    let mut diagnostics = check(&[file("api-maps/task.yaml", text)]);
    crate::diagnostic::sort(&mut diagnostics);
    diagnostics.iter().map(|d| format!("{}:{} {}: {}", d.pos.line, d.pos.column, d.code, d.message)).collect()
}

#[test]
fn a_good_file_has_no_problems() {
    assert_eq!(problems(GOOD), Vec::<String>::new());
}

#[test]
fn malformed_paths() {
    assert_eq!(
        problems(&GOOD.replace("[tokio::task::spawn]", "[\"tokio::task::spawn()\"]")),
        ["7:15 path-syntax: `tokio::task::spawn()` is not a plain path"]
    );
    assert_eq!(
        problems(&GOOD.replace("[smol::spawn]", "[smol::spawn!]")),
        ["14:15 path-syntax: `smol::spawn!` ends with `!`"]
    );
    assert_eq!(
        problems(&GOOD.replace("path: async_std::task::spawn", "path: \"task:spawn\"")),
        ["4:11 path-syntax: `task:spawn` is not a valid Rust path"]
    );
}

#[test]
fn entry_outside_its_module() {
    let diagnostics = check(&[file(
        "api-maps/task.yaml",
        &GOOD.replace("path: async_std::task::spawn", "path: async_std::sync::Mutex"),
    )]);
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!((d.code, d.pos.line, d.pos.column), ("wrong-module", 4, 11));
    assert_eq!(d.message, "`async_std::sync::Mutex` is not in `async_std::task`");
    assert_eq!(d.hint.as_deref(), Some("move the entry to the file of its module"));
}

#[test]
fn crate_root_items_may_live_in_any_file() {
    assert_eq!(problems(&GOOD.replace("path: async_std::task::spawn", "path: async_std::main")), Vec::<String>::new());
}

#[test]
fn non_drop_in_needs_a_note() {
    assert_eq!(
        problems(&GOOD.replace("      note: |\n        The handle returns a `Result<T, JoinError>`.\n", "")),
        ["6:15 missing-note: Tokio: status `similar` needs a `note`"]
    );
}

#[test]
fn an_empty_note_counts_as_missing() {
    assert_eq!(
        problems(
            &GOOD.replace(
                "      note: |\n        The handle returns a `Result<T, JoinError>`.\n",
                "      note: \"  \"\n"
            )
        ),
        ["6:15 missing-note: Tokio: status `similar` needs a `note`"]
    );
}

#[test]
fn status_and_paths_must_agree() {
    assert_eq!(
        problems(&GOOD.replace(
            "status: drop-in\n      paths: [smol::spawn]",
            "status: none\n      paths: [smol::spawn]\n      note: x\n      example: x"
        )),
        ["13:15 paths-with-none: smol: status `none` with paths"]
    );
    assert_eq!(
        problems(&GOOD.replace("status: drop-in\n      paths: [smol::spawn]", "status: drop-in")),
        ["13:15 missing-paths: smol: status `drop-in` needs `paths`"]
    );
}

#[test]
fn missing_example_is_a_warning() {
    let diagnostics =
        check(&[file("api-maps/task.yaml", &GOOD.replace("      example: |\n        fn main() {}\n", ""))]);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!((diagnostics[0].code, diagnostics[0].is_error()), ("missing-example", false));
}

#[test]
fn windows_only_entries_need_no_example() {
    let text = GOOD
        .replace("      example: |\n        fn main() {}\n", "")
        .replace("    tokio:\n", "    windows_only: true\n    tokio:\n");
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn raw_html_in_a_note_points_into_the_block_scalar() {
    let text = GOOD.replace(
        "The handle returns a `Result<T, JoinError>`.",
        "The handle returns\n        a <script>alert(1)</script>.",
    );
    assert_eq!(
        problems(&text),
        ["10:11 raw-html: raw HTML is not allowed: `<script>`", "10:27 raw-html: raw HTML is not allowed: `</script>`"]
    );
}

#[test]
fn unsafe_links_and_headings_in_notes() {
    let text = GOOD.replace("The handle returns a `Result<T, JoinError>`.", "# Big\n        [x](javascript:alert(1))");
    assert_eq!(
        problems(&text),
        [
            "9:9 heading-in-note: headings are not allowed in notes",
            "10:9 unsafe-link: link destination `javascript:alert(1)` is not allowed"
        ]
    );
}

#[test]
fn html_in_a_single_line_note() {
    let text = GOOD.replace(
        "      note: |\n        The handle returns a `Result<T, JoinError>`.\n",
        "      note: \"x <img src=x onerror=alert(1)>\"\n",
    );
    assert_eq!(problems(&text), ["8:16 raw-html: raw HTML is not allowed: `<img src=x onerror=alert(1)>`"]);
}

#[test]
fn summary_is_one_line() {
    let text = GOOD.replace("    tokio:\n", "    summary: |\n      one\n      two\n    tokio:\n");
    assert_eq!(problems(&text), ["6:7 summary: the summary must be one line"]);
}

#[test]
fn reference_style_apimap_links_are_refused() {
    let text = GOOD.replace(
        "The handle returns a `Result<T, JoinError>`.",
        "See [spawn][s].\n\n        [s]: apimap:async_std::task::spawn",
    );
    assert_eq!(problems(&text), ["9:13 apimap-link-form: `apimap:` links must be written inline"]);
}

#[test]
fn see_also_must_be_an_entry_or_a_chapter() {
    assert_eq!(
        problems(&GOOD.replace("tasks.md#handles", "https://example.com")),
        ["15:45 see-also: `https://example.com` is neither an entry nor a chapter"]
    );
}

#[test]
fn duplicate_entries_across_files() {
    let a = file("api-maps/task.yaml", GOOD);
    let b = file("api-maps/more/task2.yaml", GOOD);
    let diagnostics = check(&[a, b]);
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(
        (d.file.as_str(), d.code, d.pos.line, d.pos.column),
        ("api-maps/more/task2.yaml", "duplicate-entry", 4, 11)
    );
    assert_eq!(d.hint.as_deref(), Some("the first entry is at api-maps/task.yaml:4:11; merge the two"));
}

#[test]
fn duplicate_chapter_names() {
    let diagnostics = check(&[
        file("api-maps/task.yaml", GOOD),
        file("api-maps/x/task.yaml", &GOOD.replace("spawn\n", "spawn_local\n")),
    ]);
    assert!(
        diagnostics.iter().any(|d| d.code == "duplicate-chapter" && d.file == "api-maps/x/task.yaml"),
        "{diagnostics:?}"
    );
}

#[test]
fn module_must_be_an_async_std_path() {
    assert_eq!(
        problems(&GOOD.replace("module: async_std::task", "module: tokio::task")).first().map(String::as_str),
        Some("1:9 module: `tokio::task` is not an async-std module path")
    );
}

#[test]
fn titles_are_plain_text_at_their_column() {
    let d = check(&[file("api-maps/task.yaml", &GOOD.replace("title: Tasks", "title: \"Pin {#x onclick=alert(1)}\""))]);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].code, d[0].pos.line, d[0].pos.column), ("title", 2, 13));
    assert_eq!(d[0].message, "`{` is not allowed in a title");
    assert_eq!(
        d[0].expected.as_deref(),
        Some("one line of plain text: letters, digits, spaces and `-,.:;()'/?!+`, at most 80 characters")
    );
}

#[test]
fn mdbook_directives_are_refused_in_every_value() {
    let text = GOOD
        .replace("The handle returns", "The {{#title Hacked}} handle returns")
        .replace("fn main() {}", "fn main() { let _ = \"{{ #include /etc/passwd}}\"; }")
        .replace("tasks.md#handles", "\"tasks.md#{{#title x}}\"");
    assert_eq!(
        problems(&text),
        [
            "9:13 mdbook-directive: `{{#` opens an mdBook directive, which maps must not contain",
            "11:30 mdbook-directive: `{{#` opens an mdBook directive, which maps must not contain",
            "15:45 see-also: `tasks.md#{{#title x}}` is neither an entry nor a chapter",
            "15:55 mdbook-directive: `{{#` opens an mdBook directive, which maps must not contain",
        ]
    );
}

#[test]
fn map_file_names_are_checked() {
    let d = check(&[file("api-maps/Task Map.yaml", GOOD)]);
    assert_eq!((d[0].code, d[0].pos), ("file-name", Pos::FILE));
    assert_eq!(d[0].message, "`api-maps/Task Map.yaml` is not an allowed map file name");
}

/// Found by the `render_html` fuzz target: an indented summary passed the scan as a code block,
/// then the page trimmed it into a paragraph of raw HTML.
#[test]
fn an_indented_summary_is_scanned_as_the_page_shows_it() {
    let text = GOOD.replace(
        "  - path: async_std::task::spawn\n",
        "  - path: async_std::task::spawn\n    summary: \"    <script>alert(1)</script>\"\n",
    );
    assert_eq!(problems(&text), ["5:19 raw-html: raw HTML is not allowed: `<script>alert(1)</script>`"]);
}
