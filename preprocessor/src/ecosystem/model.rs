//! The typed model of an ecosystem entry (`api-maps/ecosystem/<crate>.yaml`): a crate that
//! pulls async-std into a build, and the dependency line that drops it, for Tokio and smol.

use crate::model::{Status, TargetId};
use crate::target_fields::{self, Field, FieldSeed, PerTarget, once};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// One YAML file: one crate. Its fields are [`CrateFields`]' plus one [`Replacement`] per
/// target key of book.toml, in that order.
#[derive(Debug, Clone)]
pub struct CrateDoc {
    pub name: Spanned<String>,
    pub summary: Spanned<String>,
    pub versions: Spanned<String>,
    pub features: Vec<Spanned<String>>,
    pub source: Spanned<String>,
    /// One per target of book.toml, in its order.
    pub options: Vec<Replacement>,
}

impl CrateDoc {
    /// Every text value of the file, in file order: what mdBook directives are looked for in.
    pub fn texts(&self) -> Vec<&Spanned<String>> {
        let mut texts = vec![&self.name, &self.summary, &self.versions];
        texts.extend(&self.features);
        texts.push(&self.source);
        for option in &self.options {
            texts.extend(&option.dependencies);
            texts.extend(&option.note);
        }
        texts
    }

    pub fn option(&self, id: TargetId) -> &Replacement {
        &self.options[id.0]
    }
}

// The fields of an entry other than its options: their documentation and schema, which
// [`super::schema`] completes with the book's target keys (and names after the book).
/// An ecosystem entry.
#[derive(schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CrateDoc")]
#[allow(dead_code)] // a schema, never built
pub struct CrateFields {
    /// The crate's name on crates.io, e.g. `sqlx`.
    #[serde(rename = "crate")]
    name: String,
    /// One line of plain text: what the crate is.
    summary: String,
    /// The versions this entry covers, as a Cargo version requirement, e.g. `>=0.5, <0.10`.
    versions: String,
    /// The crate's own features that pull async-std; empty when every build of it does.
    #[serde(default)]
    features: Vec<String>,
    /// A dependency line (TOML) that pulls async-std, e.g. `sqlx = { version = "0.8.6", features = ["runtime-async-std"] }`.
    source: String,
}

const CRATE_FIELDS: [&str; 5] = ["crate", "summary", "versions", "features", "source"];

impl<'de> Deserialize<'de> for CrateDoc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(CrateDocVisitor)
    }
}

struct CrateDocVisitor;

impl<'de> serde::de::Visitor<'de> for CrateDocVisitor {
    type Value = CrateDoc;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct CrateDoc")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<CrateDoc, A::Error> {
        use serde::de::Error;
        let (mut name, mut summary, mut versions, mut features, mut source) = (None, None, None, None, None);
        let mut options = PerTarget::new();
        let seed = || FieldSeed { fixed: &CRATE_FIELDS, before: CRATE_FIELDS.len(), targets: true, extra: None };
        while let Some(field) = map.next_key_seed(seed())? {
            match field {
                Field::Fixed("crate") => once(&mut name, "crate", map.next_value()?)?,
                Field::Fixed("summary") => once(&mut summary, "summary", map.next_value()?)?,
                Field::Fixed("versions") => once(&mut versions, "versions", map.next_value()?)?,
                Field::Fixed("features") => once(&mut features, "features", map.next_value()?)?,
                Field::Fixed(_) | Field::Extra => once(&mut source, "source", map.next_value()?)?,
                Field::Target(index) => options.set(index, &target_fields::keys()[index], map.next_value()?)?,
            }
        }
        Ok(CrateDoc {
            name: name.ok_or_else(|| A::Error::missing_field("crate"))?,
            summary: summary.ok_or_else(|| A::Error::missing_field("summary"))?,
            versions: versions.ok_or_else(|| A::Error::missing_field("versions"))?,
            features: features.unwrap_or_default(),
            source: source.ok_or_else(|| A::Error::missing_field("source"))?,
            options: options.finish()?,
        })
    }
}

/// The replacement for one target.
#[derive(Debug, Clone)]
pub struct Replacement {
    pub status: Spanned<Status>,
    pub dependencies: Vec<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    /// `uses_<first target key>: true`: this option of another target pulls in the first
    /// target's crate (say why in the note).
    pub pulls_first_target: bool,
}

// The fields of a replacement: their documentation and schema, completed by
// [`super::schema`] with `uses_<first target key>`. Its doc comment is the schema's.
/// The replacement for one target runtime.
#[derive(schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Replacement")]
#[allow(dead_code)] // a schema, never built
pub struct ReplacementFields {
    /// How much code changes: `drop-in` (only the dependency line), `similar` (the compiler guides
    /// you), `different` (another API, or a behaviour to watch), `none` (no way out yet).
    status: Status,
    /// Exact dependency lines (TOML), e.g. `sqlx = { version = "0.8.6", default-features = false, features = ["runtime-tokio"] }`.
    #[serde(default)]
    dependencies: Vec<String>,
    /// Markdown: what changes in code (link API-map entries with `apimap:` links, or the crate's
    /// migration guide); for `none`, what to do instead.
    #[serde(default)]
    note: Option<String>,
}

/// The field of a replacement saying that it pulls in the first target's crate.
pub fn uses_field(first_key: &str) -> String {
    format!("uses_{first_key}")
}

impl<'de> Deserialize<'de> for Replacement {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ReplacementVisitor)
    }
}

struct ReplacementVisitor;

impl<'de> serde::de::Visitor<'de> for ReplacementVisitor {
    type Value = Replacement;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct Replacement")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Replacement, A::Error> {
        use serde::de::Error;
        let uses = uses_field(target_fields::keys().first().map(String::as_str).unwrap_or_default());
        let (mut status, mut dependencies, mut note, mut pulls) = (None, None, None, None);
        const FIELDS: [&str; 3] = ["status", "dependencies", "note"];
        let seed = || FieldSeed { fixed: &FIELDS, before: FIELDS.len(), targets: false, extra: Some(&uses) };
        while let Some(field) = map.next_key_seed(seed())? {
            match field {
                Field::Fixed("status") => once(&mut status, "status", map.next_value()?)?,
                Field::Fixed("dependencies") => once(&mut dependencies, "dependencies", map.next_value()?)?,
                Field::Fixed(_) | Field::Target(_) => once(&mut note, "note", map.next_value()?)?,
                Field::Extra => once(&mut pulls, "uses", map.next_value()?)?,
            }
        }
        Ok(Replacement {
            status: status.ok_or_else(|| A::Error::missing_field("status"))?,
            dependencies: dependencies.unwrap_or_default(),
            note: note.flatten(),
            pulls_first_target: pulls.unwrap_or_default(),
        })
    }
}

/// One loaded file.
#[derive(Debug, Clone)]
pub struct CrateFile {
    /// Path relative to the book root, e.g. `api-maps/ecosystem/sqlx.yaml`.
    pub path: String,
    pub source: String,
    pub doc: CrateDoc,
}
