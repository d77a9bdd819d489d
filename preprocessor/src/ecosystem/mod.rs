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

/// The schema of an entry file, pretty-printed with a trailing newline.
pub fn schema() -> String {
    crate::schema::pretty_schema::<model::CrateDoc>()
}
