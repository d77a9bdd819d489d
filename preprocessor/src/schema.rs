//! The JSON Schema of a map file, generated from the model's Rust types so the two can never
//! drift, and completed with the book's own targets (one field per key of book.toml's
//! `targets`). Committed as `schema/api-map.schema.json`; a test fails when it is out of date.

use crate::config::ApimapConfig;
use crate::model::{MapDoc, Target};
use serde_json::{Value, json};

/// Where the committed schema lives, relative to the repository root.
pub const SCHEMA_PATH: &str = "schema/api-map.schema.json";

/// The schema of the book's map files, as pretty-printed JSON with a trailing newline.
pub fn map_schema(config: &ApimapConfig) -> String {
    // The targets' fields are added below: their type is defined once, with the others.
    let mut generator = schemars::SchemaGenerator::default();
    generator.subschema_for::<Target>();
    let mut schema = serde_json::to_value(generator.into_root_schema_for::<MapDoc>()).expect("a schema serialises");
    titled(&mut schema, config, "API map", "The mapping of one {source} module to {targets}.");
    add_target_fields(
        &mut schema["$defs"]["Entry"],
        config,
        "path",
        |label| json!({ "description": format!("The {label} mapping."), "$ref": "#/$defs/Target" }),
    );
    pretty(&schema)
}

/// The JSON Schema of `T` as a JSON value.
pub fn schema_value<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).expect("a schema serialises")
}

/// Names a schema after the book: `title` is `<source> migration guide: <what>`; `{source}`
/// and `{targets}` in `description` are the source crate and the targets' labels.
pub(crate) fn titled(schema: &mut Value, config: &ApimapConfig, what: &str, description: &str) {
    let labels: Vec<&str> = config.targets.iter().map(|t| t.label.as_str()).collect();
    let targets = crate::plain_text::join_words(&labels, "and");
    let description = description.replace("{source}", &config.source.name).replace("{targets}", &targets);
    let Some(object) = schema.as_object_mut() else { return };
    // `$schema` first, as schemars writes it; then the title and description.
    let mut named = serde_json::Map::new();
    named.insert("$schema".into(), object.remove("$schema").unwrap_or(Value::Null));
    named.insert("title".into(), format!("{} migration guide: {what}", config.source.name).into());
    named.insert("description".into(), format!("{description} See CONTRIBUTING.md.").into());
    object.remove("title");
    object.remove("description");
    named.append(object);
    *object = named;
}

/// Adds one property per target key to an object schema, required after `after_required`.
pub(crate) fn add_target_fields(
    object: &mut Value,
    config: &ApimapConfig,
    after_required: &str,
    property: impl Fn(&str) -> Value,
) {
    for target in &config.targets {
        object["properties"][&target.key] = property(&target.label);
    }
    if let Some(required) = object["required"].as_array_mut() {
        let at = required.iter().position(|r| r == after_required).map_or(required.len(), |i| i + 1);
        let keys = config.targets.iter().map(|t| Value::from(t.key.clone()));
        required.splice(at..at, keys);
    }
}

/// Pretty-printed with a trailing newline (as committed), keywords in schemars' order.
pub fn pretty(schema: &Value) -> String {
    let schema = schemars::Schema::try_from(schema.clone()).expect("a schema is an object");
    let mut json = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    json.push('\n');
    json
}
