//! The chapter body for the fixture entries (`tests/fixtures/ecosystem`), linked to the fixture
//! book's maps.

use crate::ecosystem::{self, CHAPTER, Ecosystem};
use crate::render::RenderOptions;
use crate::resolve::EntryIndex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture() -> (Ecosystem, EntryIndex) {
    let book = fixtures().join("book");
    let config = crate::config::test_config();
    let maps = crate::load::load_dir(&book, &book.join("api-maps"), &config.target_keys());
    let index = EntryIndex::build(&maps.files, &[], "api-map");
    let root = fixtures().join("ecosystem");
    let chapters = BTreeMap::from([(CHAPTER.to_string(), String::new())]);
    let (ecosystem, diagnostics) = ecosystem::analyze(&root, &root.join("api-maps"), &config, Some(&index), &chapters);
    assert_eq!(diagnostics, []);
    (ecosystem, index)
}

#[test]
fn chapter_body() {
    let (ecosystem, index) = fixture();
    let options = RenderOptions {
        edit_url_template: Some("https://example.com/edit/{path}#L{line}".into()),
        ..RenderOptions::from_config(&crate::config::test_config())
    };
    insta::assert_snapshot!(super::chapter_body(&ecosystem, &index, CHAPTER, &options));
}

#[test]
fn lookup_matches_name_and_version() {
    let (ecosystem, _) = fixture();
    let sqlx = ecosystem.lookup("sqlx", "0.8.6").expect("sqlx 0.8.6 is covered");
    assert_eq!(sqlx.features, ["runtime-async-std"]);
    assert_eq!(sqlx.section(), "dependencies.md#sqlx");
    let tokio = sqlx.option(crate::model::TargetId(0));
    assert_eq!(tokio.status, crate::model::Status::DropIn);
    assert_eq!(
        tokio.dependencies,
        [r#"sqlx = { version = "0.9.0", default-features = false, features = ["runtime-tokio", "postgres"] }"#]
    );
    assert_eq!(tokio.resolution.as_ref().and_then(|r| r.version_of("tokio").map(String::as_str)), Some("1.54.1"));
    assert_eq!(sqlx.source_resolution.as_ref().and_then(|r| r.route.as_deref()), Some("sqlx → sqlx-core → async-std"));
    assert!(ecosystem.lookup("sqlx", "0.6.3").is_none(), "outside `versions`");
    assert!(ecosystem.lookup("sqlx", "not a version").is_none());
    assert!(ecosystem.lookup("tokio", "1.0.0").is_none());
    let surf = ecosystem.lookup("surf", "2.3.2").unwrap();
    assert_eq!(surf.option(crate::model::TargetId(1)).status, crate::model::Status::None);
}

#[test]
fn a_missing_chapter_is_an_error() {
    let (_, index) = fixture();
    let root = fixtures().join("ecosystem");
    let (_, diagnostics) = ecosystem::analyze(
        &root,
        &root.join("api-maps"),
        &crate::config::test_config(),
        Some(&index),
        &BTreeMap::new(),
    );
    let found: Vec<_> = diagnostics.iter().map(|d| (d.code, d.file.as_str(), d.message.as_str())).collect();
    assert_eq!(found, [("ecosystem-chapter", "src/SUMMARY.md", "no chapter `dependencies.md`")]);
}
