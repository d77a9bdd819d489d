//! End-to-end: the fixture book built to HTML with mdbook-driver and the preprocessor.

mod common;

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book")
}

#[test]
fn builds_generated_chapters_with_resolving_links() {
    let out = tempfile::tempdir().unwrap();
    let src_before = common::tree_snapshot(&fixture().join("src"));
    common::build(&fixture(), out.path());
    let html = out.path().to_path_buf();

    for page in [
        "api-map/task.html",
        "api-map/sync.html",
        "api-map/cheat-sheet.html",
        "api-map/tokio-index.html",
        "api-map/smol-index.html",
    ] {
        assert!(html.join(page).is_file(), "missing {page}");
    }

    let task = std::fs::read_to_string(html.join("api-map/task.html")).unwrap();
    let row = task
        .lines()
        .find(|l| l.contains("id=\"row-task-spawn\"") && l.contains("<a href=\"#task-spawn\">"))
        .expect("a table row for task::spawn, with its anchor");
    assert!(row.contains("https://docs.rs/tokio/1.54.1/tokio/task/fn.spawn.html"), "{row}");
    assert!(row.contains("https://docs.rs/smol/2.0.2/smol/fn.spawn.html"), "{row}");
    assert!(task.contains("id=\"task-spawn\""));

    let intro = std::fs::read_to_string(html.join("intro.html")).unwrap();
    assert!(
        intro.contains("href=\"api-map/task.html#task-spawn\""),
        "apimap: link rewritten in a hand-written chapter"
    );
    assert!(intro.contains("[x](apimap:async_std::nope)"), "code blocks are left alone");

    assert_eq!(common::broken_links(&html, "/"), Vec::<String>::new());
    assert_eq!(common::tree_snapshot(&fixture().join("src")), src_before, "the preprocessor never writes into src/");
}

#[test]
fn sidebar_numbers_generated_chapters_under_the_parent() {
    let out = tempfile::tempdir().unwrap();
    common::build(&fixture(), out.path());
    let toc = std::fs::read_to_string(out.path().join("toc.html")).unwrap();
    let expected = [
        ("cheat-sheet", "2.1.", "Cheat sheet"),
        ("sync", "2.2.", "Synchronisation"),
        ("task", "2.3.", "Tasks"),
        ("tokio-index", "2.4.", "Tokio index"),
        ("smol-index", "2.5.", "smol index"),
        ("coverage", "2.6.", "Coverage"),
    ];
    let mut last = 0;
    for (page, number, title) in expected {
        let item = format!(
            "<a href=\"api-map/{page}.html\" target=\"_parent\"><strong aria-hidden=\"true\">{number}</strong> {title}"
        );
        let at = toc.find(&item).unwrap_or_else(|| panic!("sidebar lacks {item}"));
        assert!(at > last, "{title} is out of order");
        last = at;
    }
}

#[test]
fn output_is_byte_identical_across_builds() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    common::build(&fixture(), a.path());
    common::build(&fixture(), b.path());
    let strip = |tree: std::collections::BTreeMap<PathBuf, Vec<u8>>, root: &Path| {
        tree.into_iter().map(|(p, c)| (p.strip_prefix(root).unwrap().to_path_buf(), c)).collect::<Vec<_>>()
    };
    assert!(strip(common::tree_snapshot(a.path()), a.path()) == strip(common::tree_snapshot(b.path()), b.path()));
}

/// A copy of the fixture book, to change it.
fn fixture_copy() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture()).into_iter().filter_map(Result::ok) {
        let to = copy.path().join(entry.path().strip_prefix(fixture()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    copy
}

#[test]
fn a_template_in_the_books_theme_replaces_the_default() {
    let book = fixture_copy();
    let theme = book.path().join("theme/apimap");
    std::fs::create_dir_all(&theme).unwrap();
    let template = "# {{title}}\n\nEvery path of {{pinned}}, by {{label}}: <em class=\"mine\">{{source_name}}</em>.\n\n{{fragment table}}";
    std::fs::write(theme.join("reverse-index.hbs"), template).unwrap();
    let out = tempfile::tempdir().unwrap();
    common::build(book.path(), out.path());
    let page = |name: &str| std::fs::read_to_string(out.path().join("api-map").join(name)).unwrap();
    let tokio = page("tokio-index.html");
    assert!(tokio.contains("Every path of tokio 1.54.1, by Tokio: <em class=\"mine\">async-std</em>."), "{tokio}");
    assert!(tokio.contains("id=\"row-tokio-task-spawn\""), "the table is still there");
    assert!(!page("task.html").contains("class=\"mine\""), "the other templates are the defaults");

    // A template that would write a value raw is refused, and the build says which file.
    std::fs::write(theme.join("reverse-index.hbs"), "{{{title}}}").unwrap();
    let mut mdbook = mdbook_driver::MDBook::load(book.path()).unwrap();
    mdbook.config.build.build_dir = out.path().to_path_buf();
    mdbook.with_preprocessor(mdbook_apimap::mdbook::ApiMap);
    let err = format!("{:#}", mdbook.build().unwrap_err());
    assert!(err.contains("theme/apimap/reverse-index.hbs: raw output"), "{err}");
}
