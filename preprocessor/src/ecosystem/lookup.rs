//! The ecosystem as other tools use it (`scan`, the chapter): load → check → verify against the
//! committed resolution, then "which entry covers crate X at version Y, and what replaces it".
//!
//! ```no_run
//! use mdbook_apimap::{config, ecosystem};
//! let root = std::path::Path::new(".");
//! let config = config::from_book_toml(&std::fs::read_to_string("book.toml").unwrap()).unwrap();
//! let (found, _problems) = ecosystem::analyze(root, &root.join("api-maps"), &config, None, &Default::default());
//! if let Some(entry) = found.lookup("sqlx", "0.8.6") {
//!     let tokio = entry.option(config.target_by_key("tokio").unwrap());
//!     println!("{}: {}", tokio.status.as_str(), tokio.dependencies.join("\n"));
//!     println!("see {}", entry.section()); // dependencies.md#sqlx
//! }
//! ```

use super::model::CrateFile;
use super::resolution::{Record, Resolution};
use super::{DIR, RESOLUTION_FILE, check, load, lock_values, resolution};
use crate::config::ApimapConfig;
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, APIMAP_SCHEME};
use crate::model::{Pos, Status, TargetId};
use crate::resolve::{self, EntryIndex};
use std::collections::BTreeMap;
use std::path::Path;

/// The generated chapter's path (relative to `src/`): a hand-written intro, the generated
/// table and sections after it.
pub const CHAPTER: &str = "dependencies.md";

/// Every checked entry, sorted by crate name.
#[derive(Debug, Clone, Default)]
pub struct Ecosystem {
    pub entries: Vec<EcosystemEntry>,
}

/// One crate: what pulls async-std, and the way out for each runtime.
#[derive(Debug, Clone)]
pub struct EcosystemEntry {
    pub name: String,
    pub summary: String,
    /// The covered versions as written (`>=0.5, <0.10`).
    pub versions: String,
    requirement: Option<semver::VersionReq>,
    /// Features that pull async-std (empty: every build does).
    pub features: Vec<String>,
    /// A line that pulls async-std.
    pub source: String,
    /// What cargo resolved for `source` (route, versions), from the committed resolution.
    pub source_resolution: Option<Record>,
    /// One per target of book.toml, in its order.
    pub options: Vec<EcosystemOption>,
    /// The entry's file (`api-maps/ecosystem/sqlx.yaml`) and line, for "edit this entry".
    pub file: String,
    pub line: u64,
}

/// The replacement for one target.
#[derive(Debug, Clone)]
pub struct EcosystemOption {
    pub status: Status,
    /// Exact `[dependencies]` lines; empty for `none`.
    pub dependencies: Vec<String>,
    /// Markdown, with `apimap:` links still in place (see [`EcosystemEntry::note_for`]).
    pub note: Option<String>,
    /// The option pulls in the first target's crate (`uses_<key>: true`).
    pub pulls_first_target: bool,
    /// What cargo resolved for these lines (for `none`: for the crate with no features).
    pub resolution: Option<Record>,
}

impl Ecosystem {
    /// The entry for `name` whose `versions` cover `version`; `None` when there is no entry or
    /// the version is outside it (a newer release that dropped async-std, for instance).
    pub fn lookup(&self, name: &str, version: &str) -> Option<&EcosystemEntry> {
        let version = semver::Version::parse(version).ok()?;
        self.entries.iter().find(|e| e.name == name && e.requirement.as_ref().is_some_and(|r| r.matches(&version)))
    }

    /// The entry for `name`, whatever the version.
    pub fn entry(&self, name: &str) -> Option<&EcosystemEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl EcosystemEntry {
    pub fn option(&self, id: TargetId) -> &EcosystemOption {
        &self.options[id.0]
    }

    /// The id of the entry's section in the chapter.
    pub fn anchor(&self) -> &str {
        &self.name
    }

    /// The entry's section, relative to the book's `src/` (`dependencies.md#sqlx`); the site
    /// serves it as `dependencies.html#sqlx`.
    pub fn section(&self) -> String {
        format!("{CHAPTER}#{}", self.anchor())
    }
}

/// Loads, checks and verifies the ecosystem of the maps folder `maps_dir` (under the book
/// root `root`). `index` checks the notes' `apimap:` links; `chapters` (the hand-written
/// chapters, by path) must then include [`CHAPTER`]. `scan` passes `None` and no chapters.
/// `config` names the source crate and the targets.
pub fn analyze(
    root: &Path,
    maps_dir: &Path,
    config: &ApimapConfig,
    index: Option<&EntryIndex>,
    chapters: &BTreeMap<String, String>,
) -> (Ecosystem, Vec<Diagnostic>) {
    let (files, mut diagnostics) = load::load_dir(root, &maps_dir.join(DIR), &config.target_keys());
    if files.is_empty() && diagnostics.is_empty() {
        return (Ecosystem::default(), diagnostics);
    }
    let lock_path = maps_dir.join(RESOLUTION_FILE);
    let lock_name = crate::load::relative(root, &lock_path);
    let lock = match crate::load::read_limited(&lock_path) {
        Ok(text) => Some(text),
        Err(_) if !lock_path.exists() => None,
        Err(message) => {
            diagnostics.push(Diagnostic::error("io", &lock_name, Pos::FILE, message));
            None
        }
    };
    if let Some(index) = index {
        diagnostics.extend(check_note_links(&files, index));
        if !chapters.contains_key(CHAPTER) {
            diagnostics.push(
                Diagnostic::error("ecosystem-chapter", "src/SUMMARY.md", Pos::FILE, format!("no chapter `{CHAPTER}`"))
                    .hint(format!("list `{CHAPTER}` in SUMMARY.md: the ecosystem table is generated into it")),
            );
        }
    }
    let (ecosystem, problems) = checked(files, &lock_name, lock.as_deref(), config);
    diagnostics.extend(problems);
    (ecosystem, diagnostics)
}

/// [`analyze`] for files already in memory (`scan` builds them into its binary): the entry
/// files as `(path, text)`, and the committed resolution's path and text (if there is one). No
/// note-link or chapter checks: the book's build made them.
pub fn analyze_texts<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    lock_name: &str,
    lock: Option<&str>,
    config: &ApimapConfig,
) -> (Ecosystem, Vec<Diagnostic>) {
    let (files, mut diagnostics) = load::load_texts(files, &config.target_keys());
    let (ecosystem, problems) = checked(files, lock_name, lock, config);
    diagnostics.extend(problems);
    (ecosystem, diagnostics)
}

/// Check → verify against the committed resolution (`lock_name`, its text) → the entries, sorted.
fn checked(
    files: Vec<CrateFile>,
    lock_name: &str,
    lock: Option<&str>,
    config: &ApimapConfig,
) -> (Ecosystem, Vec<Diagnostic>) {
    let mut diagnostics = check::check(&files, config);
    let committed = match lock {
        Some(text) => {
            let (committed, problems) = lock_values::parse(lock_name, text, config);
            diagnostics.extend(problems);
            committed
        }
        None => Resolution::default(),
    };
    diagnostics.extend(resolution::verify(&files, &committed, lock_name, config));
    let mut entries: Vec<EcosystemEntry> = files.iter().map(|f| entry(f, &committed, config)).collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    (Ecosystem { entries }, diagnostics)
}

fn entry(file: &CrateFile, committed: &Resolution, config: &ApimapConfig) -> EcosystemEntry {
    let doc = &file.doc;
    let name = doc.name.value.clone();
    let options = doc.options.iter().zip(&config.targets).map(|(replacement, target)| {
        let status = replacement.status.value;
        let probe = if status == Status::None { "minimal" } else { target.key.as_str() };
        EcosystemOption {
            status,
            dependencies: replacement.dependencies.iter().map(|d| d.value.clone()).collect(),
            note: replacement.note.as_ref().map(|n| n.value.clone()),
            pulls_first_target: replacement.pulls_first_target,
            resolution: committed.find(&name, probe).cloned(),
        }
    });
    EcosystemEntry {
        summary: doc.summary.value.trim().to_string(),
        versions: doc.versions.value.clone(),
        requirement: semver::VersionReq::parse(&doc.versions.value).ok(),
        features: doc.features.iter().map(|f| f.value.clone()).collect(),
        source: doc.source.value.clone(),
        source_resolution: committed.find(&name, "source").cloned(),
        options: options.collect(),
        file: file.path.clone(),
        line: Pos::of(&doc.name).line,
        name,
    }
}

/// `apimap:` links in notes must name mapped entries, as in hand-written chapters.
fn check_note_links(files: &[CrateFile], index: &EntryIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        for option in &file.doc.options {
            let Some(note) = &option.note else { continue };
            for site in markdown::links(&note.value) {
                let Some(path) = site.dest.strip_prefix(APIMAP_SCHEME) else { continue };
                if site.dest_range.is_some() && !index.contains(path) {
                    let (message, hint) = resolve::unknown_entry(path, index);
                    let pos = crate::model::pos_in_value(&file.source, note, site.offset);
                    out.push(Diagnostic::error("unresolved-link", &file.path, pos, message).hint(hint));
                }
            }
        }
    }
    out
}
