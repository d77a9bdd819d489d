//! `[preprocessor.apimap]` in book.toml.

use crate::model::TargetId;
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

    /// The crate's name as the first segment of its paths (`a-b` → `a_b`).
    pub fn root(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// One crate the guide maps to: its key names the field of every entry (`key: …` in a map).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetCrate {
    /// The field name in maps and ecosystem entries, and the reverse index's file name.
    pub key: String,
    #[serde(rename = "crate")]
    pub name: String,
    pub version: String,
    /// How pages name the target: table headers, badges' targets, the reverse index's title.
    pub label: String,
}

impl TargetCrate {
    /// The crate and its pinned version, as [`CrateRef`] (`tokio 1.54.1` is its label).
    pub fn pinned(&self) -> CrateRef {
        CrateRef { name: self.name.clone(), version: self.version.clone() }
    }
}

/// Fields of an entry that a target key must not take.
const RESERVED_KEYS: [&str; 12] = [
    "path",
    "summary",
    "example",
    "see_also",
    "no_run",
    "windows_only",
    "crate",
    "versions",
    "features",
    "source",
    "minimal",
    "dependencies",
];

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
    /// The crates mapped to, in the order of the tables' columns (one or more).
    pub targets: Vec<TargetCrate>,
    /// "Edit this mapping" link, with `{path}` and `{line}` placeholders.
    #[serde(default)]
    pub edit_url_template: Option<String>,
    /// The example text in the tables' filter box (e.g. a few names of the book's APIs).
    #[serde(default = "default_filter_placeholder")]
    pub filter_placeholder: String,
    /// Generate the cheat sheet (which also carries the search's index of API names).
    #[serde(default = "yes")]
    pub cheat_sheet: bool,
    #[serde(default = "default_cheat_sheet_title")]
    pub cheat_sheet_title: String,
    /// Generate a reverse index per target.
    #[serde(default = "yes")]
    pub reverse_indexes: bool,
    /// A reverse index's title; `{label}` is the target's label.
    #[serde(default = "default_index_title")]
    pub index_title: String,
    /// Generate the coverage chapter.
    #[serde(default = "yes")]
    pub coverage: bool,
    #[serde(default = "default_coverage_title")]
    pub coverage_title: String,

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
fn default_filter_placeholder() -> String {
    "a name or a path…".into()
}
fn yes() -> bool {
    true
}
fn default_cheat_sheet_title() -> String {
    "Cheat sheet".into()
}
fn default_index_title() -> String {
    "{label} index".into()
}
fn default_coverage_title() -> String {
    "Coverage".into()
}

impl ApimapConfig {
    /// The title of the reverse index of `target`.
    pub fn index_title(&self, target: &TargetCrate) -> String {
        self.index_title.replace("{label}", &target.label)
    }

    /// The targets' positions, in book.toml order.
    pub fn target_ids(&self) -> impl Iterator<Item = TargetId> + use<> {
        (0..self.targets.len()).map(TargetId)
    }

    pub fn target(&self, id: TargetId) -> &TargetCrate {
        &self.targets[id.0]
    }

    /// The target whose key is `key`.
    pub fn target_by_key(&self, key: &str) -> Option<TargetId> {
        self.targets.iter().position(|t| t.key == key).map(TargetId)
    }

    /// The entries' field names of the targets, in order.
    pub fn target_keys(&self) -> Vec<String> {
        self.targets.iter().map(|t| t.key.clone()).collect()
    }

    /// The first segment of every source path (`async_std` for the crate `async-std`).
    pub fn source_root(&self) -> String {
        self.source.root()
    }

    /// Whether the settings can work: at least one target, keys that can be YAML field names
    /// and file names, each once, and labels of plain text.
    pub fn validate(&self) -> Result<(), String> {
        if self.targets.is_empty() {
            return Err("`targets` is empty: list at least one crate to map to".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for target in &self.targets {
            let key = &target.key;
            let valid = key.starts_with(|c: char| c.is_ascii_lowercase())
                && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid || key.len() > 40 {
                return Err(format!(
                    "target key `{}` is not a lowercase name of letters, digits and `_` (at most 40)",
                    key.escape_debug()
                ));
            }
            if RESERVED_KEYS.contains(&key.as_str()) || key.starts_with("uses_") {
                return Err(format!("target key `{key}` is the name of another field"));
            }
            if !seen.insert(key) {
                return Err(format!("target key `{key}` is listed twice"));
            }
            if let Some((_, message)) = crate::plain_text::title_problem(&target.label) {
                return Err(format!("the label of target `{key}`: {message}"));
            }
        }
        let titles = [
            ("cheat-sheet-title", self.cheat_sheet_title.clone()),
            ("index-title", self.index_title.replace("{label}", "x")),
            ("coverage-title", self.coverage_title.clone()),
        ];
        for (key, title) in titles {
            if let Some((_, message)) = crate::plain_text::title_problem(&title) {
                return Err(format!("`{key}`: {message}"));
            }
        }
        Ok(())
    }
}

/// Reads the table from the text of a book.toml, without mdBook (for `schema`, the scanner,
/// the examples crate): what [`from_mdbook`] reads, with the same checks.
pub fn from_book_toml(text: &str) -> Result<ApimapConfig, String> {
    let book: toml::Table = text.parse().map_err(|e| format!("book.toml: {e}"))?;
    let table = book.get("preprocessor").and_then(|p| p.get("apimap")).cloned();
    let config: ApimapConfig = table
        .ok_or_else(|| format!("book.toml has no [{TABLE}] table"))?
        .try_into()
        .map_err(|e| format!("book.toml [{TABLE}]: {e}"))?;
    config.validate().map_err(|e| format!("book.toml [{TABLE}]: {e}"))?;
    Ok(config)
}

/// Reads the table from mdBook's config; unknown keys are an error naming the key.
#[cfg(feature = "preprocessor")]
pub fn from_mdbook(config: &mdbook_preprocessor::config::Config) -> anyhow::Result<ApimapConfig> {
    match config.get::<ApimapConfig>(TABLE) {
        Ok(Some(cfg)) => {
            cfg.validate().map_err(|e| anyhow::anyhow!("book.toml [{TABLE}]: {e}"))?;
            Ok(cfg)
        }
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
targets = [
    { key = "tokio", crate = "tokio", version = "1.54.1", label = "Tokio" },
    { key = "smol", crate = "smol", version = "2.0.2", label = "smol" },
]
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

    #[test]
    fn targets_are_listed_in_order() {
        let cfg = parse(BASE).unwrap();
        assert_eq!(cfg.target_keys(), ["tokio", "smol"]);
        assert_eq!(cfg.target(TargetId(1)).label, "smol");
        assert_eq!(cfg.target_by_key("smol"), Some(TargetId(1)));
        assert_eq!(cfg.source_root(), "async_std");
    }

    #[test]
    fn bad_targets_are_errors() {
        let with = |targets: &str| parse(&BASE.replace(BASE_TARGETS, targets)).unwrap_err().to_string();
        assert!(with("targets = []").contains("`targets` is empty"));
        let twice = r#"targets = [{ key = "a", crate = "a", version = "1.0.0", label = "A" }, { key = "a", crate = "b", version = "1.0.0", label = "B" }]"#;
        assert!(with(twice).contains("target key `a` is listed twice"), "{}", with(twice));
        let reserved = r#"targets = [{ key = "path", crate = "a", version = "1.0.0", label = "A" }]"#;
        assert!(with(reserved).contains("is the name of another field"));
        let unknown = r#"targets = [{ key = "a", crate = "a", version = "1.0.0", label = "A", colour = "red" }]"#;
        assert!(with(unknown).contains("unknown field `colour`"), "{}", with(unknown));
    }

    #[test]
    fn options_choose_and_name_the_generated_chapters() {
        let with = |options: &str| {
            let cfg = parse(&format!("{BASE}{options}")).unwrap();
            let empty = (crate::resolve::ResolvedBook::default(), crate::coverage::CoverageReport::default());
            let chapters =
                crate::pipeline::generate(&empty.0, &empty.1, &cfg, &crate::render::RenderOptions::from_config(&cfg));
            chapters.into_iter().map(|c| format!("{} {}", c.path, c.name)).collect::<Vec<_>>()
        };
        assert_eq!(
            with(""),
            [
                "api-map/cheat-sheet.md Cheat sheet",
                "api-map/tokio-index.md Tokio index",
                "api-map/smol-index.md smol index",
                "api-map/coverage.md Coverage"
            ]
        );
        let options = "generated-dir = \"map\"\ncheat-sheet = false\nindex-title = \"From {label}\"\ncoverage-title = \"How far\"\n";
        assert_eq!(
            with(options),
            ["map/tokio-index.md From Tokio", "map/smol-index.md From smol", "map/coverage.md How far"]
        );
        assert_eq!(with("reverse-indexes = false\ncoverage = false\n"), ["api-map/cheat-sheet.md Cheat sheet"]);
        let err = parse(&format!("{BASE}coverage-title = \"<b>\"\n")).unwrap_err().to_string();
        assert!(err.contains("`coverage-title`"), "{err}");
    }

    const BASE_TARGETS: &str = r#"targets = [
    { key = "tokio", crate = "tokio", version = "1.54.1", label = "Tokio" },
    { key = "smol", crate = "smol", version = "2.0.2", label = "smol" },
]"#;
}

/// The settings of the async-std guide, for unit tests.
#[cfg(test)]
pub(crate) fn test_config() -> ApimapConfig {
    from_book_toml(
        r#"[preprocessor.apimap]
parent = "api-map.md"
source = { crate = "async-std", version = "1.13.2" }
targets = [
    { key = "tokio", crate = "tokio", version = "1.54.1", label = "Tokio" },
    { key = "smol", crate = "smol", version = "2.0.2", label = "smol" },
]
filter-placeholder = "spawn, JoinHandle, tokio::sync…"
"#,
    )
    .expect("the test settings are valid")
}

/// [`test_config`]'s target keys.
#[cfg(test)]
pub(crate) fn test_keys() -> Vec<String> {
    test_config().target_keys()
}
