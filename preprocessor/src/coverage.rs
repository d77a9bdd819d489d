//! Coverage: how much of the source crate's public API the maps cover, per module and target.
//!
//! Every documented path of async-std's inventory (modules aside) is, for each target:
//! - **explicit**: it has its own entry;
//! - **automatic**: a member (`Type::method`) without an entry whose type's entry points at a
//!   target type that has a member of the same name (verified against the target's inventory);
//! - **inherited**: a member of a type that has no equivalent (`none`) in that target;
//! - **std**: re-exported from std: "keep using std" (one rule, not one row each);
//! - **missing**: none of the above. A contributor can pick one of these.

use crate::inventory::{Inventories, Item};
use crate::model::{Status, TargetId};
use crate::resolve::{ApiLink, ResolvedBook, ResolvedEntry};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Covered {
    Explicit,
    Automatic,
    Inherited,
    Std,
    Missing,
}

/// Counts for one module and one target.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub total: usize,
    pub explicit: usize,
    pub automatic: usize,
    pub inherited: usize,
    pub std: usize,
    pub missing: usize,
}

impl Counts {
    fn add(&mut self, covered: Covered) {
        self.total += 1;
        match covered {
            Covered::Explicit => self.explicit += 1,
            Covered::Automatic => self.automatic += 1,
            Covered::Inherited => self.inherited += 1,
            Covered::Std => self.std += 1,
            Covered::Missing => self.missing += 1,
        }
    }

    /// Share of paths that are covered one way or another, in percent (100 when empty).
    pub fn percent(&self) -> f64 {
        if self.total == 0 { 100.0 } else { 100.0 * (self.total - self.missing) as f64 / self.total as f64 }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleCoverage {
    /// Top-level module (`task`), or `(crate root)`.
    pub module: String,
    /// One per target, in book.toml order.
    pub targets: Vec<TargetCoverage>,
}

/// The coverage of a module in one target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetCoverage {
    /// The target's key in book.toml (`tokio`).
    pub key: String,
    pub counts: Counts,
    /// The paths that are missing, in path order.
    pub missing: Vec<String>,
}

impl ModuleCoverage {
    fn new(module: String, target_keys: &[String]) -> Self {
        let targets = target_keys.iter().map(|key| TargetCoverage { key: key.clone(), ..Default::default() }).collect();
        ModuleCoverage { module, targets }
    }

    pub fn has_gaps(&self) -> bool {
        self.targets.iter().any(|t| !t.missing.is_empty())
    }
}

/// As JSON (`coverage --json`): `module`, then the counts under each target key, then the
/// missing paths under `missing_<key>`.
impl serde::Serialize for ModuleCoverage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1 + 2 * self.targets.len()))?;
        map.serialize_entry("module", &self.module)?;
        for target in &self.targets {
            map.serialize_entry(&target.key, &target.counts)?;
        }
        for target in &self.targets {
            map.serialize_entry(&format!("missing_{}", target.key), &target.missing)?;
        }
        map.end()
    }
}

/// A member matched automatically: async-std member → target member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoMatch {
    pub target_id: TargetId,
    pub member: String,
    pub target: ApiLink,
    /// What the match loses, by the inventories' signatures (`receiver`, `arity`, `Output`,
    /// …; see `check::signatures::annotate_auto_matches`); empty when nothing or unknown.
    pub differences: Vec<&'static str>,
}

/// A member (`Type::member`) without an entry of its own whose type has one: a reader who
/// searches for it lands on the type's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryMember {
    pub member: String,
    /// The path of the type's entry.
    pub entry: String,
    pub how: MemberHow,
}

/// How a member without an entry is covered by its type's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberHow {
    /// Re-exported from std: the type's entry says to keep using std.
    Std,
    /// Matched by name in at least one target: the type's section lists the match.
    Automatic,
    /// Neither: inherited `none`, or not covered yet; the type's entry is the closest answer.
    OfType,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CoverageReport {
    pub modules: Vec<ModuleCoverage>,
    pub overall: ModuleCoverage,
    /// Automatic matches by the entry of the type they belong to.
    #[serde(skip)]
    pub auto_matches: BTreeMap<String, Vec<AutoMatch>>,
    /// Members without an entry whose type has one, in path order.
    #[serde(skip)]
    pub members: Vec<EntryMember>,
}

const MEMBER_KINDS: [&str; 5] = ["method", "tymethod", "variant", "assoc_const", "assoc_type"];

/// Computes coverage of the source crate (`source_root`, e.g. `async_std`) in the targets
/// named by `target_keys`.
pub fn compute(
    book: &ResolvedBook,
    inventories: &Inventories,
    source_root: &str,
    target_keys: &[String],
) -> CoverageReport {
    let entries: BTreeMap<&str, &ResolvedEntry> =
        book.modules.iter().flat_map(|m| m.entries.iter()).map(|e| (e.path.as_str(), e)).collect();
    let Some(source) = inventories.crate_of(&format!("{source_root}::x")) else {
        return CoverageReport::default();
    };
    let mut modules: BTreeMap<String, ModuleCoverage> = BTreeMap::new();
    let mut report = CoverageReport { overall: ModuleCoverage::new("all".into(), target_keys), ..Default::default() };
    for path in source.paths() {
        let rows = source.get(path);
        let Some(item) = rows.iter().find(|r| !r.doc_hidden && r.kind != "mod") else { continue };
        let module = top_module(path, source_root);
        let entry = modules.entry(module.clone()).or_insert_with(|| ModuleCoverage::new(module, target_keys));
        let mut matched = false;
        for (i, (coverage, overall)) in entry.targets.iter_mut().zip(&mut report.overall.targets).enumerate() {
            let target_id = TargetId(i);
            let (covered, auto) = classify(item, &entries, inventories, target_id);
            matched |= covered == Covered::Automatic;
            if let Some((parent, target)) = auto {
                report.auto_matches.entry(parent).or_default().push(AutoMatch {
                    target_id,
                    member: path.to_string(),
                    target,
                    differences: Vec::new(),
                });
            }
            coverage.counts.add(covered);
            overall.counts.add(covered);
            if covered == Covered::Missing {
                coverage.missing.push(path.to_string());
            }
        }
        if let Some(member) = entry_member(item, &entries, matched) {
            report.members.push(member);
        }
    }
    report.modules = modules.into_values().collect();
    report
}

/// The member record of `item` when it is a member without an entry whose type has one.
fn entry_member(item: &Item, entries: &BTreeMap<&str, &ResolvedEntry>, matched: bool) -> Option<EntryMember> {
    let (parent, _) = item.path.rsplit_once("::")?;
    if entries.contains_key(item.path.as_str()) || !MEMBER_KINDS.contains(&item.kind.as_str()) {
        return None;
    }
    let entry = entries.get(parent)?;
    let how = if item.origin == "std" {
        MemberHow::Std
    } else if matched {
        MemberHow::Automatic
    } else {
        MemberHow::OfType
    };
    Some(EntryMember { member: item.path.clone(), entry: entry.path.clone(), how })
}

fn top_module(path: &str, root: &str) -> String {
    let rest = path.strip_prefix(root).and_then(|r| r.strip_prefix("::")).unwrap_or(path);
    match rest.split_once("::") {
        Some((module, _)) => module.to_string(),
        None => "(crate root)".to_string(),
    }
}

/// How one path is covered for one target, and the automatic match if that is how.
/// `entries` are the explicit entries by path.
pub fn classify(
    item: &Item,
    entries: &BTreeMap<&str, &ResolvedEntry>,
    inventories: &Inventories,
    target_id: TargetId,
) -> (Covered, Option<(String, ApiLink)>) {
    if entries.contains_key(item.path.as_str()) {
        return (Covered::Explicit, None);
    }
    if item.origin == "std" {
        return (Covered::Std, None);
    }
    let Some((parent, name)) = item.path.rsplit_once("::") else { return (Covered::Missing, None) };
    if !MEMBER_KINDS.contains(&item.kind.as_str()) {
        return (Covered::Missing, None);
    }
    let Some(parent_entry) = entries.get(parent) else { return (Covered::Missing, None) };
    let target = parent_entry.target(target_id);
    if target.status == Status::None {
        return (Covered::Inherited, None);
    }
    for target_type in &target.paths {
        let candidate = format!("{}::{name}", target_type.path);
        if let Some(found) = inventories.lookup(&candidate).iter().find(|r| !r.doc_hidden) {
            let link = found.clone();
            return (Covered::Automatic, Some((parent.to_string(), link)));
        }
    }
    (Covered::Missing, None)
}
