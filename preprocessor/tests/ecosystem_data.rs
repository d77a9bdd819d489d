//! The ecosystem entries of the real guide: their schema is the generated one, every file points
//! editors at it, and the map loader leaves them alone.

mod common;

use common::guide_config as config;
use mdbook_apimap::ecosystem::{self, DIR, SCHEMA_PATH};
use std::collections::BTreeMap;
use std::path::Path;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn committed_schema_is_up_to_date_and_strict() {
    let committed = std::fs::read_to_string(repo_root().join(SCHEMA_PATH)).unwrap_or_default();
    assert!(
        committed == ecosystem::schema(&config()),
        "{SCHEMA_PATH} is out of date: run `cargo run -p mdbook-apimap -- schema --write .` and commit it"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["$defs"]["Replacement"]["additionalProperties"], false);
}

#[test]
fn every_entry_declares_the_schema() {
    let dir = repo_root().join("api-maps").join(DIR);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let first = std::fs::read_to_string(&path).unwrap().lines().next().unwrap_or_default().to_string();
        assert_eq!(first, "# yaml-language-server: $schema=../../schema/ecosystem.schema.json", "{}", path.display());
        count += 1;
    }
    assert!(count >= 35, "{count} ecosystem entries");
}

#[test]
fn the_real_entries_agree_with_the_committed_resolution() {
    let root = repo_root();
    let (ecosystem, diagnostics) = ecosystem::analyze(root, &root.join("api-maps"), &config(), None, &BTreeMap::new());
    let report = mdbook_apimap::diagnostic::report(&diagnostics);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{report}");
    assert!(ecosystem.entries.len() >= 35);
    let surf = ecosystem.lookup("surf", "2.3.2").expect("surf is mapped");
    assert!(surf.source_resolution.as_ref().is_some_and(|r| r.version_of("async-std").is_some()));
}

#[test]
fn the_map_loader_skips_the_ecosystem_folder() {
    let root = repo_root();
    let loaded = mdbook_apimap::load::load_dir(root, &root.join("api-maps"), &config().target_keys());
    assert!(loaded.files.iter().all(|f| !f.path.contains("/ecosystem/")));
    assert_eq!(loaded.diagnostics, []);
}
