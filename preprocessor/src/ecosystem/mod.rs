//! The ecosystem map: crates that pull async-std into a build (tide, surf, sqlx with
//! `runtime-async-std`, …), and for Tokio and smol the exact dependency line that drops it.
//!
//! Its own small pipeline, next to the API map's: [`load`] (`api-maps/ecosystem/*.yaml`) →
//! [`check`] (rules, Markdown of notes as for maps) → [`resolution`] (the committed facts cargo
//! resolved for every line, written by `cargo xtask ecosystem`, checked offline) → [`render`]
//! (the "Your dependencies" chapter). [`lookup`] answers "which entry covers crate X version Y"
//! for `scan`.

pub mod check;
pub mod dependency;
pub mod load;
pub mod lock_values;
pub mod lookup;
pub mod model;
pub mod plan;
pub mod render;
pub mod resolution;

pub use lookup::{CHAPTER, Ecosystem, EcosystemEntry, EcosystemOption, analyze, analyze_texts};

/// The folder of the ecosystem entries, inside the maps folder.
pub const DIR: &str = "ecosystem";
/// The committed resolution, inside the maps folder.
pub const RESOLUTION_FILE: &str = "ecosystem.lock.toml";
/// The JSON Schema of an entry, relative to the repository root.
pub const SCHEMA_PATH: &str = "schema/ecosystem.schema.json";

/// The schema of the book's entry files (an option per target of its book.toml),
/// pretty-printed with a trailing newline.
pub fn schema(config: &crate::config::ApimapConfig) -> String {
    use crate::schema::{add_target_fields, titled};
    let mut generator = schemars::SchemaGenerator::default();
    generator.subschema_for::<model::ReplacementFields>();
    let mut schema =
        serde_json::to_value(generator.into_root_schema_for::<model::CrateFields>()).expect("a schema serialises");
    titled(
        &mut schema,
        config,
        "ecosystem entry",
        "A crate that pulls {source} into a build, and what replaces it for {targets}.",
    );
    add_target_fields(
        &mut schema,
        config,
        "source",
        |label| serde_json::json!({ "description": format!("What to depend on with {label}."), "$ref": "#/$defs/Replacement" }),
    );
    if let [first, others @ ..] = config.targets.as_slice() {
        let others: Vec<&str> = others.iter().map(|t| t.label.as_str()).collect();
        let description = format!(
            "`true` when this option pulls in {} although the target is {} (say why in the note).",
            first.label,
            crate::plain_text::join_words(&others, "or")
        );
        schema["$defs"]["Replacement"]["properties"][model::uses_field(&first.key)] =
            serde_json::json!({ "description": description, "type": "boolean", "default": false });
    }
    crate::schema::pretty(&schema)
}
