//! Hostile pull requests (issue 9): each finding, tried on a copy of the fixture book, is
//! refused by `check` at file:line:column, and the build fails instead of publishing it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book")
}

/// A copy of the fixture book with `edit` applied to one of its files.
fn book_with(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    edit_file(dir.path(), file, edit);
    dir
}

/// [`book_with`] on the fixture book plus the fixture ecosystem (`tests/fixtures/ecosystem`)
/// and its chapter.
fn ecosystem_book_with(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    copy_tree(&fixture().with_file_name("ecosystem"), dir.path());
    edit_file(dir.path(), "src/SUMMARY.md", |t| t + "- [Your dependencies](dependencies.md)\n");
    edit_file(dir.path(), "src/dependencies.md", |_| "# Your dependencies\n".into());
    edit_file(dir.path(), file, edit);
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn edit_file(book: &Path, file: &str, edit: impl FnOnce(String) -> String) {
    let path = book.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, edit(text)).unwrap();
}

/// `check`'s output and exit code.
fn check(book: &Path) -> (String, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_mdbook-apimap")).arg("check").arg(book).output().unwrap();
    (String::from_utf8_lossy(&output.stdout).into_owned(), output.status.code())
}

/// `check` fails with `expected` (a whole diagnostic line, position included), and so does a build.
fn refused(book: &Path, expected: &str) {
    let (stdout, code) = check(book);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.lines().any(|l| l == expected), "missing\n{expected}\nin\n{stdout}");
    let out = tempfile::tempdir().unwrap();
    let mut mdbook = mdbook_driver::MDBook::load(book).unwrap();
    mdbook.config.build.build_dir = out.path().to_path_buf();
    mdbook.with_preprocessor(mdbook_apimap::mdbook::ApiMap);
    let error = format!("{:#}", mdbook.build().expect_err("the build must fail"));
    assert!(error.contains(expected), "{error}");
}

const TITLE: &str = "title: Tasks\n";

#[test]
fn a_script_in_a_title_is_refused() {
    let book = book_with("api-maps/task.yaml", |t| t.replace(TITLE, "title: \"<script>alert(1)</script>\"\n"));
    refused(book.path(), "api-maps/task.yaml:3:9: error[title]: `<` is not allowed in a title");
}

#[test]
fn heading_attributes_in_a_title_are_refused() {
    let book = book_with("api-maps/task.yaml", |t| t.replace(TITLE, "title: Pin {#x onclick=alert(1)}\n"));
    refused(book.path(), "api-maps/task.yaml:3:12: error[title]: `{` is not allowed in a title");
}

#[test]
fn markup_for_the_search_breadcrumbs_is_refused_in_a_title() {
    // Harmless on the page (inline code), but mdBook's searcher inserts chapter names with innerHTML.
    let book = book_with("api-maps/task.yaml", |t| t.replace(TITLE, "title: Pinning `<img src=x onerror=alert(9)>`\n"));
    refused(book.path(), "api-maps/task.yaml:3:16: error[title]: `` ` `` is not allowed in a title");
}

#[test]
fn a_javascript_url_in_an_inventory_is_refused() {
    let book = book_with("inventories/tokio-1.54.1.tsv", |t| {
        t.replace("https://docs.rs/tokio/1.54.1/tokio/task/fn.spawn.html", "javascript:alert(1)")
    });
    refused(
        book.path(),
        "inventories/tokio-1.54.1.tsv:3:23: error[inventory-row]: docs URL `javascript:alert(1)` is not allowed: expected `https://docs.rs/tokio/1.54.1/…`, `https://doc.rust-lang.org/…` or nothing",
    );
}

#[test]
fn a_one_megabyte_path_is_checked_without_did_you_mean() {
    let long = format!("tokio::task::{}", "x".repeat(1 << 20));
    let book =
        book_with("api-maps/task.yaml", |t| t.replace("paths: [tokio::task::spawn]", &format!("paths: [{long}]")));
    let (stdout, code) = check(book.path());
    assert_eq!(code, Some(1));
    let line = stdout.lines().find(|l| l.contains("error[unknown-path]")).expect("an unknown-path error");
    // The message quotes the path clipped: the report stays readable.
    assert!(line.starts_with("api-maps/task.yaml:16:15: error[unknown-path]: `tokio::task::xxxx"), "{line}");
    assert!(line.ends_with("xxx…"), "{line}");
    assert!(stdout.contains("  hint: check the path in the documentation of tokio 1.54.1"), "{stdout}");
}

#[test]
fn mdbook_directives_in_a_note_are_refused() {
    let book = book_with("api-maps/task.yaml", |t| {
        t.replace("Dropping the `Task` cancels it; call `.detach()`.", "Dropping {{#title Hacked}} it.")
    });
    refused(
        book.path(),
        "api-maps/task.yaml:28:18: error[mdbook-directive]: `{{#` opens an mdBook directive, which maps must not contain",
    );
}

#[test]
fn every_directive_is_refused_in_code_and_across_values() {
    // An include in an example (code blocks are expanded too), and a directive opened in one
    // note whose `}}` is in the next.
    let book = book_with("api-maps/task.yaml", |t| {
        t.replace("let s = \"```\";", "let s = \"{{ #include /etc/passwd }}\";")
            .replace("Dropping the `Task` cancels it", "Dropping {{#playground ../../secret.rs")
    });
    let (stdout, code) = check(book.path());
    assert_eq!(code, Some(1));
    for expected in
        ["api-maps/task.yaml:28:18: error[mdbook-directive]", "api-maps/task.yaml:31:22: error[mdbook-directive]"]
    {
        assert!(stdout.contains(expected), "missing {expected} in\n{stdout}");
    }
}

#[test]
fn problems_with_a_whole_file_are_at_line_1_column_1() {
    let book = book_with("api-maps/extra.yml", |_| "module: async_std::task\n".into());
    let (stdout, _) = check(book.path());
    assert!(
        stdout.contains("api-maps/extra.yml:1:1: error[file-extension]: map files must end in `.yaml`"),
        "{stdout}"
    );
    assert!(!stdout.contains(":0:0:"), "{stdout}");
}

#[test]
fn an_unclosed_fence_cannot_let_a_later_example_out() {
    // The note's open fence would be closed by a fence line inside the example below, and the
    // rest of that example would be Markdown (raw HTML) on the page.
    let book = book_with("api-maps/task.yaml", |t| {
        t.replace("Dropping the `Task` cancels it; call `.detach()`.", "```")
            .replace("let s = \"```\";", "let s = r#\"\n        ```\n        <script>alert(1)</script>\"#;")
    });
    refused(book.path(), "api-maps/task.yaml:28:9: error[unclosed-fence]: this code block is never closed");
}

#[test]
fn a_javascript_link_definition_used_by_another_note_is_refused() {
    let book = book_with("api-maps/task.yaml", |t| {
        t.replace("Dropping the `Task` cancels it; call `.detach()`.", "[x]: javascript:alert(1)")
            .replace("note: Cancels on drop.", "note: See [docs][x].")
    });
    refused(
        book.path(),
        "api-maps/task.yaml:28:9: error[unsafe-link]: link destination `javascript:alert(1)` is not allowed",
    );
}

#[test]
fn a_map_file_name_with_markup_is_refused() {
    let dir = "api-maps/a\"><img src=x onerror=alert(1)>";
    let book = book_with("api-maps/sync.yaml", |t| t);
    std::fs::create_dir_all(book.path().join(dir)).unwrap();
    std::fs::rename(book.path().join("api-maps/sync.yaml"), book.path().join(dir).join("sync.yaml")).unwrap();
    let (stdout, code) = check(book.path());
    assert_eq!(code, Some(1));
    let expected = "api-maps/a\"><img src=x onerror=alert(1)>/sync.yaml:1:1: error[file-name]: `api-maps/a\\\"><img src=x onerror=alert(1)>/sync.yaml` is not an allowed map file name";
    assert!(stdout.contains(expected), "{stdout}");
}

const SURF: &str = "api-maps/ecosystem/surf.yaml";
const SURF_SUMMARY: &str = "'The http-rs HTTP client; it depends on async-std in every build.'";
const LOCK: &str = "api-maps/ecosystem.lock.toml";

#[test]
fn the_fixture_ecosystem_is_clean() {
    let book = ecosystem_book_with(SURF, |t| t);
    let (stdout, code) = check(book.path());
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("2 ecosystem crate(s)"), "{stdout}");
}

#[test]
fn a_script_in_an_ecosystem_summary_is_refused() {
    let book = ecosystem_book_with(SURF, |t| t.replace(SURF_SUMMARY, "'<script>alert(1)</script>'"));
    refused(book.path(), "api-maps/ecosystem/surf.yaml:3:11: error[summary]: `<` is not allowed in a summary");
}

#[test]
fn heading_attributes_in_an_ecosystem_summary_are_refused() {
    let book = ecosystem_book_with(SURF, |t| t.replace(SURF_SUMMARY, "'HTTP client {#x onclick=alert(1)}'"));
    refused(book.path(), "api-maps/ecosystem/surf.yaml:3:23: error[summary]: `{` is not allowed in a summary");
}

#[test]
fn heading_attributes_in_a_crate_name_are_refused() {
    // The name is the section's heading and its id: `## `surf` {#surf}`.
    let book = ecosystem_book_with(SURF, |t| t.replace("crate: surf", "crate: 'surf {#x onclick=alert(1)}'"));
    refused(
        book.path(),
        "api-maps/ecosystem/surf.yaml:2:8: error[crate-name]: `surf {#x onclick=alert(1)}` is not a crate name",
    );
}

#[test]
fn a_script_as_a_crate_name_is_refused() {
    let book = ecosystem_book_with(SURF, |t| t.replace("crate: surf", "crate: '<img src=x onerror=alert(1)>'"));
    refused(
        book.path(),
        "api-maps/ecosystem/surf.yaml:2:8: error[crate-name]: `<img src=x onerror=alert(1)>` is not a crate name",
    );
}

#[test]
fn a_hostile_feature_name_is_refused() {
    let book = ecosystem_book_with("api-maps/ecosystem/sqlx.yaml", |t| {
        t.replace("features: [runtime-async-std]", "features: ['<script>alert(1)</script>']")
    });
    refused(
        book.path(),
        "api-maps/ecosystem/sqlx.yaml:5:12: error[feature-name]: `<script>alert(1)</script>` is not a feature name",
    );
}

#[test]
fn an_mdbook_directive_in_an_ecosystem_note_is_refused() {
    let book = ecosystem_book_with(SURF, |t| t.replace("No smol client", "{{#title Hacked}} No smol client"));
    refused(
        book.path(),
        "api-maps/ecosystem/surf.yaml:16:5: error[mdbook-directive]: `{{#` opens an mdBook directive, which maps must not contain",
    );
}

#[test]
fn an_mdbook_directive_in_a_dependency_comment_is_refused() {
    // TOML comments are valid in a dependency line, which is printed in a code block.
    let book = ecosystem_book_with(SURF, |t| {
        t.replace("'reqwest = \"0.13.5\"'", "'reqwest = \"0.13.5\" # {{#include /etc/passwd}}'")
    });
    refused(
        book.path(),
        "api-maps/ecosystem/surf.yaml:9:29: error[mdbook-directive]: `{{#` opens an mdBook directive, which maps must not contain",
    );
}

#[test]
fn a_javascript_link_in_an_ecosystem_note_is_refused() {
    let book = ecosystem_book_with(SURF, |t| t.replace("https://docs.rs/reqwest", "javascript:alert(1)"));
    refused(
        book.path(),
        "api-maps/ecosystem/surf.yaml:11:13: error[unsafe-link]: link destination `javascript:alert(1)` is not allowed",
    );
}

#[test]
fn a_hostile_route_in_the_lock_file_is_refused() {
    let book = ecosystem_book_with(LOCK, |t| {
        t.replacen("\"sqlx → sqlx-core → async-std\"", "\"sqlx → <img src=x onerror=alert(1)>\"", 1)
    });
    refused(
        book.path(),
        "api-maps/ecosystem.lock.toml:9:9: error[resolution-value]: `sqlx → <img src=x onerror=alert(1)>` is not a route",
    );
}

#[test]
fn a_hostile_version_in_the_lock_file_is_refused() {
    let book = ecosystem_book_with(LOCK, |t| {
        t.replacen("async-std = \"1.13.2\"", "async-std = \"1.13.2</span><script>alert(1)</script>\"", 1)
    });
    refused(
        book.path(),
        "api-maps/ecosystem.lock.toml:8:13: error[resolution-value]: `1.13.2</span><script>alert(1)</script>` is not a list of versions",
    );
}

#[test]
fn an_mdbook_directive_in_the_lock_file_is_refused() {
    let book = ecosystem_book_with(LOCK, |t| t.replacen("\"sqlx 0.9.0\"", "\"{{#include ../../book.toml}}\"", 1));
    refused(
        book.path(),
        "api-maps/ecosystem.lock.toml:7:13: error[mdbook-directive]: `{{#` opens an mdBook directive, which maps must not contain",
    );
}
