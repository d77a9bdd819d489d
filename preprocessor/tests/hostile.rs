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
    for entry in walkdir::WalkDir::new(fixture()).into_iter().filter_map(Result::ok) {
        let dest = dir.path().join(entry.path().strip_prefix(fixture()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, edit(text)).unwrap();
    dir
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
