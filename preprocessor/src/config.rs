//! `[preprocessor.apimap]` in book.toml.

use serde::Deserialize;
use std::path::PathBuf;

/// The table name in book.toml.
pub const TABLE: &str = "preprocessor.apimap";

/// A crate and the version the guide pins (and links to on docs.rs).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateRef {
    #[serde(rename = "crate")]
    pub name: String,
    pub version: String,
}

impl CrateRef {
    pub fn label(&self) -> String {
        format!("{} {}", self.name, self.version)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ApimapConfig {
    /// Folder of the YAML maps, relative to the book root.
    #[serde(default = "default_maps")]
    pub maps: PathBuf,
    /// Folder of the committed API inventories, relative to the book root.
    #[serde(default = "default_inventories")]
    pub inventories: PathBuf,
    /// The hand-written chapter (path relative to `src/`) under which generated chapters hang.
    pub parent: String,
    /// Folder (relative to `src/`, never written to disk) of the generated chapters' paths.
    #[serde(default = "default_generated_dir")]
    pub generated_dir: String,
    /// The crate mapped from.
    pub source: CrateRef,
    pub tokio: CrateRef,
    pub smol: CrateRef,
    /// "Edit this mapping" link, with `{path}` and `{line}` placeholders.
    #[serde(default)]
    pub edit_url_template: Option<String>,

    // mdBook's own keys for every preprocessor table: accepted, not used here.
    #[serde(default)]
    pub command: Option<String>,
    #[serde(default)]
    pub before: Option<Vec<String>>,
    #[serde(default)]
    pub after: Option<Vec<String>>,
    #[serde(default)]
    pub renderers: Option<Vec<String>>,
    #[serde(default)]
    pub optional: Option<bool>,
}

fn default_maps() -> PathBuf {
    "api-maps".into()
}
fn default_inventories() -> PathBuf {
    "inventories".into()
}
fn default_generated_dir() -> String {
    "api-map".into()
}

/// Reads the table from mdBook's config; unknown keys are an error naming the key.
#[cfg(feature = "preprocessor")]
pub fn from_mdbook(config: &mdbook_preprocessor::config::Config) -> anyhow::Result<ApimapConfig> {
    match config.get::<ApimapConfig>(TABLE) {
        Ok(Some(cfg)) => Ok(cfg),
        Ok(None) => {
            anyhow::bail!("book.toml has no [{TABLE}] table; see README.md for the settings")
        }
        Err(err) => Err(anyhow::anyhow!("book.toml [{TABLE}]: {err:#}")),
    }
}

#[cfg(all(test, feature = "preprocessor"))]
mod tests {
    use super::*;

    fn parse(toml: &str) -> anyhow::Result<ApimapConfig> {
        let config: mdbook_preprocessor::config::Config = toml.parse()?;
        from_mdbook(&config)
    }

    const BASE: &str = r#"
[preprocessor.apimap]
command = "cargo run -p mdbook-apimap --"
parent = "api-map.md"
source = { crate = "async-std", version = "1.13.2" }
tokio = { crate = "tokio", version = "1.54.1" }
smol = { crate = "smol", version = "2.0.2" }
"#;

    #[test]
    fn reads_settings_with_defaults_and_mdbook_keys() {
        let cfg = parse(BASE).unwrap();
        assert_eq!(cfg.maps, PathBuf::from("api-maps"));
        assert_eq!(cfg.generated_dir, "api-map");
        assert_eq!(cfg.source.label(), "async-std 1.13.2");
        assert_eq!(cfg.command.as_deref(), Some("cargo run -p mdbook-apimap --"));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = parse(&format!("{BASE}mpas = \"x\"\n")).unwrap_err().to_string();
        assert!(err.contains("unknown field `mpas`"), "{err}");
    }
}
