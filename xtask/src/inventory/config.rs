//! `inventories/crates.toml`: which crates are inventoried, at which version, built how.

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(rename = "crate")]
    pub crates: Vec<CrateSpec>,
    /// std items a book's maps name that no inventoried crate uses (a guide whose target is
    /// std itself): `std.tsv` lists them and their members too.
    #[serde(default, rename = "std-items")]
    pub std_items: Vec<StdItem>,
}

/// `{ path = "std::sync::LazyLock", kind = "struct" }`: a public std path and its inventory kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StdItem {
    pub path: String,
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateSpec {
    /// The name on crates.io (`async-std`).
    pub name: String,
    /// The exact version (the scratch package depends on `=VERSION`).
    pub version: String,
    #[serde(rename = "build")]
    pub builds: Vec<BuildSpec>,
}

/// Which inventory column a build fills.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Built the way docs.rs builds the crate: fills `in_docsrs_build` and the docs URLs.
    Docsrs,
    /// What an application on Linux compiles against: fills `in_plain_build`.
    Plain,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildSpec {
    /// Short name, part of the scratch package's directory (`docsrs`, `plain`).
    pub name: String,
    pub counts_as: Vec<Role>,
    #[serde(default)]
    pub features: Vec<String>,
    /// Every feature the crate declares (docs.rs `all-features = true`).
    #[serde(default)]
    pub all_features: bool,
    #[serde(default = "default_true")]
    pub default_features: bool,
    /// Extra arguments for rustdoc of the inventoried crate (docs.rs `rustdoc-args`).
    #[serde(default)]
    pub rustdoc_args: Vec<String>,
    /// RUSTFLAGS for the whole build (docs.rs `rustc-args` also reach dependencies).
    #[serde(default)]
    pub rustflags: Option<String>,
}

fn default_true() -> bool {
    true
}

impl Config {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let config: Config = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        for spec in &self.crates {
            if spec.builds.is_empty() {
                bail!("crate {} has no [[crate.build]]", spec.name);
            }
            for role in [Role::Docsrs, Role::Plain] {
                if !spec.builds.iter().any(|b| b.counts_as.contains(&role)) {
                    bail!("crate {} has no build that counts as {role:?}", spec.name);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_builds() {
        let config: Config = toml::from_str(
            r#"
            [[crate]]
            name = "tokio"
            version = "1.54.1"
            [[crate.build]]
            name = "docsrs"
            counts-as = ["docsrs"]
            all-features = true
            rustdoc-args = ["--cfg", "docsrs"]
            rustflags = "--cfg tokio_unstable"
            [[crate.build]]
            name = "plain"
            counts-as = ["plain"]
            features = ["full"]
            "#,
        )
        .unwrap();
        config.validate().unwrap();
        let build = &config.crates[0].builds[0];
        assert!(build.all_features && build.default_features);
        assert_eq!(build.rustflags.as_deref(), Some("--cfg tokio_unstable"));
        assert_eq!(config.crates[0].builds[1].features, ["full"]);
        assert!(config.std_items.is_empty());
    }

    #[test]
    fn parses_std_items_of_a_book_whose_target_is_std() {
        let config: Config = toml::from_str(
            r#"
            std-items = [{ path = "std::sync::LazyLock", kind = "struct" }]
            [[crate]]
            name = "lazy_static"
            version = "1.5.1"
            [[crate.build]]
            name = "default"
            counts-as = ["docsrs", "plain"]
            "#,
        )
        .unwrap();
        config.validate().unwrap();
        assert_eq!(config.std_items[0].path, "std::sync::LazyLock");
        assert_eq!(config.std_items[0].kind, "struct");
    }
}
