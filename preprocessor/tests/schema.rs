//! The committed JSON Schema must be the one generated from the Rust types, and every map file
//! must point editors at it.

mod common;

use mdbook_apimap::schema::{SCHEMA_PATH, map_schema as schema_of};
use std::path::Path;

/// The schema of this repository's book.
fn map_schema() -> String {
    schema_of(&common::guide_config())
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn committed_schema_is_up_to_date() {
    let committed = std::fs::read_to_string(repo_root().join(SCHEMA_PATH)).unwrap_or_default();
    assert!(
        committed == map_schema(),
        "{SCHEMA_PATH} is out of date: run `cargo run -p mdbook-apimap -- schema --write .` and commit it"
    );
}

#[test]
fn schema_refuses_unknown_fields_and_lists_statuses() {
    let schema: serde_json::Value = serde_json::from_str(&map_schema()).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    let defs = &schema["$defs"];
    assert_eq!(defs["Entry"]["additionalProperties"], false);
    assert_eq!(defs["Target"]["additionalProperties"], false);
    let statuses: Vec<String> = serde_json::to_string(&defs["Status"])
        .unwrap()
        .split('"')
        .filter(|s| ["drop-in", "similar", "different", "none"].contains(s))
        .map(String::from)
        .collect();
    assert_eq!(statuses, ["drop-in", "similar", "different", "none"]);
}

#[test]
fn every_map_file_declares_the_schema() {
    let maps = repo_root().join("api-maps");
    let mut count = 0;
    for entry in std::fs::read_dir(&maps).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let first = std::fs::read_to_string(&path).unwrap().lines().next().unwrap_or_default().to_string();
            assert_eq!(first, "# yaml-language-server: $schema=../schema/api-map.schema.json", "{}", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "no map files found in {}", maps.display());
}
