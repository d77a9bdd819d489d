//! Snapshots of the generated Markdown for the fixture book (tests/fixtures/book).

use crate::config;
use crate::model::TargetId;
use crate::pipeline::{self, Analysis};
use crate::render::{self, Part, RenderOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book")
}

fn analysis() -> (Analysis, RenderOptions) {
    let root = fixture_root();
    let book_toml: mdbook_preprocessor::config::Config =
        std::fs::read_to_string(root.join("book.toml")).unwrap().parse().unwrap();
    let cfg = config::from_mdbook(&book_toml).unwrap();
    let chapters: BTreeMap<String, String> = ["intro.md", "tasks.md", "api-map.md"]
        .iter()
        .map(|c| (c.to_string(), std::fs::read_to_string(root.join("src").join(c)).unwrap()))
        .collect();
    let analysis = pipeline::analyze(&root, &cfg, &chapters);
    let options = RenderOptions::from_config(&cfg);
    (analysis, options)
}

#[test]
fn fixture_has_no_problems() {
    let (analysis, _) = analysis();
    assert_eq!(analysis.diagnostics, []);
}

#[test]
fn module_chapter() {
    let (analysis, options) = analysis();
    let task = analysis.book.modules.iter().find(|m| m.module == "async_std::task").unwrap();
    insta::assert_snapshot!(render::module_chapter(task, &analysis.coverage.auto_matches, &options));
}

#[test]
fn a_module_chapter_that_renders_entries_as_partials_writes_the_same_text() {
    let (analysis, mut options) = analysis();
    let task = analysis.book.modules.iter().find(|m| m.module == "async_std::task").unwrap();
    let default = render::module_chapter(task, &analysis.coverage.auto_matches, &options);
    let (_, template) = render::templates::DEFAULTS.iter().find(|(name, _)| *name == "module-chapter").unwrap();
    let with_partials = template.replace("{{fragment section}}", "{{> entry}}");
    assert_ne!(&with_partials, template);
    options.templates = std::sync::Arc::new(
        render::templates::Templates::with_overrides(&[("module-chapter", with_partials)]).unwrap(),
    );
    assert_eq!(render::module_chapter(task, &analysis.coverage.auto_matches, &options), default);
}

#[test]
fn module_chapter_with_a_none_status() {
    let (analysis, options) = analysis();
    let sync = analysis.book.modules.iter().find(|m| m.module == "async_std::sync").unwrap();
    insta::assert_snapshot!(render::module_chapter(sync, &analysis.coverage.auto_matches, &options));
}

#[test]
fn cheat_sheet() {
    let (analysis, options) = analysis();
    insta::assert_snapshot!(render::cheat_sheet(
        &analysis.book.modules,
        "api-map/cheat-sheet.md",
        Part::WHOLE,
        &options,
        "<index>\n"
    ));
}

#[test]
fn a_later_part_of_a_split_table_links_up_to_the_chapters_and_has_no_index() {
    let (analysis, options) = analysis();
    let part = Part { index: 1, count: 2 };
    let modules = &analysis.book.modules[1..];
    let path = part.path("api-map", "cheat-sheet");
    assert_eq!(path, "api-map/cheat-sheet/2.md");
    let page = render::cheat_sheet(modules, &path, part, &options, "");
    assert!(page.starts_with("# Cheat sheet, part 2 of 2\n"), "{page}");
    let first = &modules[0];
    let stem = first.chapter.rsplit('/').next().unwrap();
    assert!(page.contains(&format!("(../{stem}#{})", first.entries[0].anchor)), "{page}");
    assert!(page.contains(&format!("Part 2 of 2: the entries of `{}`", first.module)), "{page}");
    assert!(!page.contains("apimap-index"));
    let index = render::reverse_index(modules, TargetId(0), &part.path("api-map", "tokio-index"), part, &options);
    assert!(index.contains(&format!("(../{stem}#")), "{index}");
}

#[test]
fn api_index() {
    let (analysis, options) = analysis();
    insta::assert_snapshot!(render::api_index_script(&analysis.book, &analysis.coverage, &options));
}

#[test]
fn reverse_indexes() {
    let (analysis, options) = analysis();
    insta::assert_snapshot!(
        "tokio_index",
        render::reverse_index(&analysis.book.modules, TargetId(0), "api-map/tokio-index.md", Part::WHOLE, &options)
    );
    insta::assert_snapshot!(
        "smol_index",
        render::reverse_index(&analysis.book.modules, TargetId(1), "api-map/smol-index.md", Part::WHOLE, &options)
    );
}

#[test]
fn coverage_chapter() {
    let (analysis, options) = analysis();
    insta::assert_snapshot!(render::coverage_chapter(&analysis.coverage, &options));
}

#[test]
fn chapter_links_are_rewritten_relative_to_the_chapter() {
    let (analysis, _) = analysis();
    let text = "[a](apimap:async_std::task::spawn) [b](apimap:async_std::sync::Condvar)";
    assert_eq!(
        pipeline::rewrite_chapter_links("guide/x.md", text, &analysis.index),
        "[a](../api-map/task.md#task-spawn) [b](../api-map/sync.md#sync-Condvar)"
    );
}

#[test]
fn badges_and_gates() {
    use crate::model::Status;
    assert_eq!(render::badge(Status::DropIn), "<span class=\"apimap-status apimap-status-drop-in\">drop-in</span>");
    let link = crate::resolve::ApiLink {
        path: "tokio::fs::File".into(),
        kind: "struct".into(),
        url: "u".into(),
        feature_gate: "all(feature = \"fs\", tokio_unstable)".into(),
        deprecated: "yes".into(),
        doc_hidden: false,
        origin: String::new(),
    };
    assert_eq!(
        render::api_flags(&link),
        "<span class=\"apimap-gate\"><code>cfg(all(feature = &quot;fs&quot;, tokio_unstable))</code></span> <span class=\"apimap-flag apimap-deprecated\">deprecated</span>"
    );
}
