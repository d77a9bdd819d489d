//! The typed model of an ecosystem entry (`api-maps/ecosystem/<crate>.yaml`): a crate that
//! pulls async-std into a build, and the dependency line that drops it, for Tokio and smol.

use crate::model::Status;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// One YAML file: one crate.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "async-std migration guide: ecosystem entry",
    description = "A crate that pulls async-std into a build, and what replaces it for Tokio and smol. See CONTRIBUTING.md."
)]
pub struct CrateDoc {
    /// The crate's name on crates.io, e.g. `sqlx`.
    #[serde(rename = "crate")]
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// One line of plain text: what the crate is.
    #[schemars(with = "String")]
    pub summary: Spanned<String>,
    /// The versions this entry covers, as a Cargo version requirement, e.g. `>=0.5, <0.10`.
    #[schemars(with = "String")]
    pub versions: Spanned<String>,
    /// The crate's own features that pull async-std; empty when every build of it does.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub features: Vec<Spanned<String>>,
    /// A dependency line (TOML) that pulls async-std, e.g. `sqlx = { version = "0.8.6", features = ["runtime-async-std"] }`.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// What to depend on with Tokio.
    pub tokio: Replacement,
    /// What to depend on with smol.
    pub smol: Replacement,
}

impl CrateDoc {
    /// Every text value of the file, in file order: what mdBook directives are looked for in.
    pub fn texts(&self) -> Vec<&Spanned<String>> {
        let mut texts = vec![&self.name, &self.summary, &self.versions];
        texts.extend(&self.features);
        texts.push(&self.source);
        for option in [&self.tokio, &self.smol] {
            texts.extend(&option.dependencies);
            texts.extend(&option.note);
        }
        texts
    }
}

/// The replacement for one target runtime.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// How much code changes: `drop-in` (only the dependency line), `similar` (the compiler guides
    /// you), `different` (another API, or a behaviour to watch), `none` (no way out yet).
    #[schemars(with = "Status")]
    pub status: Spanned<Status>,
    /// Exact dependency lines (TOML), e.g. `sqlx = { version = "0.8.6", default-features = false, features = ["runtime-tokio"] }`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub dependencies: Vec<Spanned<String>>,
    /// Markdown: what changes in code (link API-map entries with `apimap:` links, or the crate's
    /// migration guide); for `none`, what to do instead.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub note: Option<Spanned<String>>,
    /// `true` when this option pulls in Tokio although the target is smol (say why in the note).
    #[serde(default)]
    pub uses_tokio: bool,
}

/// One loaded file.
#[derive(Debug, Clone)]
pub struct CrateFile {
    /// Path relative to the book root, e.g. `api-maps/ecosystem/sqlx.yaml`.
    pub path: String,
    pub source: String,
    pub doc: CrateDoc,
}
