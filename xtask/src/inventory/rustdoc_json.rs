//! Read access to one crate's rustdoc JSON, kept generic (`serde_json::Value`) so that a
//! format change shows up as one clear error instead of a deserialisation failure deep inside.

use std::cell::OnceCell;
use std::collections::HashMap;

use anyhow::{Context as _, Result, bail};
use serde_json::Value;

/// The rustdoc JSON `format_version` this walker was written and checked against (rustc 1.95).
pub const SUPPORTED_FORMAT_VERSION: u64 = 57;

/// A crates.io package at an exact version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PackageRef {
    pub name: String,
    pub version: String,
}

impl PackageRef {
    pub fn new(name: &str, version: &str) -> Self {
        Self { name: name.to_owned(), version: version.to_owned() }
    }

    /// `name@version`, as cargo's package-id spec and the `origin` column write it.
    pub fn spec(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// The crate's name as Rust code writes it (`async-std` -> `async_std`).
    pub fn ident(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// Item id as rustdoc writes it (a number; the index keys are its decimal string).
pub type Id = u64;

/// One crate's rustdoc JSON.
pub struct CrateDoc {
    pub package: PackageRef,
    json: Value,
    /// (definition path, kind) -> local id, built on first use.
    by_definition_path: OnceCell<HashMap<(String, String), Id>>,
}

/// An entry of the `paths` table: where an item is defined.
#[derive(Clone, Debug)]
pub struct PathSummary {
    pub crate_id: u64,
    pub path: Vec<String>,
    pub kind: String,
}

impl CrateDoc {
    /// Wraps parsed JSON after checking its format version.
    pub fn from_json(package: PackageRef, json: Value) -> Result<Self> {
        let version = json.get("format_version").and_then(Value::as_u64);
        if version != Some(SUPPORTED_FORMAT_VERSION) {
            bail!(
                "rustdoc JSON of {} has format_version {:?}, this tool understands only {}: \
                 check the field names in xtask/src/inventory (walker, rustdoc_json) against the new format \
                 and update SUPPORTED_FORMAT_VERSION",
                package.spec(),
                version,
                SUPPORTED_FORMAT_VERSION
            );
        }
        Ok(Self { package, json, by_definition_path: OnceCell::new() })
    }

    pub fn from_file(package: PackageRef, path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let json = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        Self::from_json(package, json)
    }

    /// The version rustdoc was told (`crate_version`), to check a JSON file is the one wanted.
    pub fn crate_version(&self) -> Option<&str> {
        self.json["crate_version"].as_str()
    }

    /// All entries of the `paths` table.
    pub fn path_summaries(&self) -> Vec<PathSummary> {
        let Some(paths) = self.json["paths"].as_object() else { return Vec::new() };
        paths.keys().filter_map(|id| self.path_summary(id.parse().ok()?)).collect()
    }

    pub fn root_id(&self) -> Id {
        self.json["root"].as_u64().unwrap_or_default()
    }

    /// An item of this crate's `index` (items of other crates that rustdoc copied in, such as
    /// blanket-impl methods from core, are not "local" and are answered with `None`).
    pub fn local_item(&self, id: Id) -> Option<&Value> {
        let item = self.json["index"].get(id.to_string())?;
        (item["crate_id"].as_u64() == Some(0)).then_some(item)
    }

    /// Any item of the `index`, local or copied from another crate.
    pub fn any_item(&self, id: Id) -> Option<&Value> {
        self.json["index"].get(id.to_string())
    }

    pub fn path_summary(&self, id: Id) -> Option<PathSummary> {
        let entry = self.json["paths"].get(id.to_string())?;
        Some(PathSummary {
            crate_id: entry["crate_id"].as_u64()?,
            path: entry["path"].as_array()?.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect(),
            kind: entry["kind"].as_str()?.to_owned(),
        })
    }

    /// The `extern crate` name of a crate id in `external_crates` (0 is this crate).
    pub fn external_crate_name(&self, crate_id: u64) -> Option<String> {
        if crate_id == 0 {
            return Some(self.package.ident());
        }
        self.json["external_crates"].get(crate_id.to_string())?["name"].as_str().map(str::to_owned)
    }

    /// Finds a local item by its definition path and `paths`-table kind, as another crate's
    /// `paths` table names it. Falls back to the unique local item with that name and kind,
    /// because a definition path can differ in private modules between how two crates see it.
    pub fn find_by_definition_path(&self, path: &[String], kind: &str) -> Option<Id> {
        let table = self.by_definition_path.get_or_init(|| {
            let mut table = HashMap::new();
            if let Some(paths) = self.json["paths"].as_object() {
                for (id, entry) in paths {
                    if entry["crate_id"].as_u64() != Some(0) {
                        continue;
                    }
                    let (Ok(id), Some(kind), Some(path)) =
                        (id.parse::<Id>(), entry["kind"].as_str(), entry["path"].as_array())
                    else {
                        continue;
                    };
                    let path: Vec<&str> = path.iter().filter_map(Value::as_str).collect();
                    table.insert((path.join("::"), kind.to_owned()), id);
                }
            }
            table
        });
        if let Some(id) = table.get(&(path.join("::"), kind.to_owned())) {
            return Some(*id);
        }
        let name = path.last()?;
        let mut candidates = table.iter().filter(|((p, k), _)| k == kind && p.rsplit("::").next() == Some(name));
        let first = candidates.next()?;
        candidates.next().is_none().then_some(*first.1)
    }
}

/// The `inner` kind of an item (`module`, `struct`, `use`, `function`, ...) and its payload.
pub fn inner(item: &Value) -> Option<(&str, &Value)> {
    let (kind, payload) = item["inner"].as_object()?.iter().next()?;
    Some((kind.as_str(), payload))
}

/// The ids listed under `key` of a payload (`items`, `impls`, `variants`).
pub fn ids(payload: &Value, key: &str) -> Vec<Id> {
    payload[key].as_array().map(|a| a.iter().filter_map(Value::as_u64).collect()).unwrap_or_default()
}

pub fn is_public(item: &Value) -> bool {
    item["visibility"].as_str() == Some("public")
}
