//! The JSON Schema of a map file, generated from the model's Rust types so the two can never
//! drift. Committed as `schema/api-map.schema.json`; a test fails when it is out of date.

use crate::model::MapDoc;

/// Where the committed schema lives, relative to the repository root.
pub const SCHEMA_PATH: &str = "schema/api-map.schema.json";

/// The schema as pretty-printed JSON with a trailing newline.
pub fn map_schema() -> String {
    pretty_schema::<MapDoc>()
}

/// The JSON Schema of `T`, pretty-printed with a trailing newline (as committed).
pub fn pretty_schema<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut json = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    json.push('\n');
    json
}
