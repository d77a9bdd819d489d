//! What cargo must prove for each entry: the scratch projects to resolve, and what each
//! resolved graph must (not) contain. `cargo xtask ecosystem` runs this plan; `check` compares
//! the committed resolution with it, so the two can never ask different questions.

use super::dependency;
use super::model::CrateFile;
use crate::config::ApimapConfig;
use crate::model::{Pos, Status};

/// One scratch project: the dependency lines of its `[dependencies]`, and the expectations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The entry's crate.
    pub krate: String,
    /// `source`, `features`, `minimal` or a target key.
    pub option: String,
    pub dependencies: Vec<String>,
    /// `Some(true)`: the source crate must be in the graph; `Some(false)`: it must not; `None`:
    /// recorded only.
    pub source_crate: Option<bool>,
    /// The same for the first target's crate (asked of the other targets' options).
    pub first_target_crate: Option<bool>,
    /// Where the claim is written (for diagnostics).
    pub pos: Pos,
}

/// Why a probe expects what it expects, in words for diagnostics.
pub fn claim(option: &str, config: &ApimapConfig) -> String {
    let source = &config.source.name;
    let first = &config.targets[0];
    match option {
        "source" => format!("the `source` line pulls {source}"),
        "features" => "the listed features exist".into(),
        "minimal" => format!("status `none`: the crate pulls {source} even with no features"),
        key if key == first.key => format!("the {} option drops {source}", first.label),
        key => format!(
            "the {} option drops {source} (and pulls {} only with `{}: true`)",
            config.target_by_key(key).map_or(key, |id| config.target(id).label.as_str()),
            first.label,
            super::model::uses_field(&first.key)
        ),
    }
}

/// The probes of one entry, in a stable order. Lines that do not parse are skipped (`check`
/// reports them).
pub fn probes(file: &CrateFile, config: &ApimapConfig) -> Vec<Probe> {
    let doc = &file.doc;
    let krate = doc.name.value.clone();
    let Ok(source) = dependency::parse(&doc.source.value) else {
        return Vec::new();
    };
    let probe = |option: &str, dependencies: Vec<String>, source_crate, first_target_crate, pos| Probe {
        krate: krate.clone(),
        option: option.into(),
        dependencies,
        source_crate,
        first_target_crate,
        pos,
    };
    let mut out = vec![probe("source", vec![doc.source.value.clone()], Some(true), None, Pos::of(&doc.source))];
    if let Some(first) = doc.features.first() {
        let features: Vec<String> = doc.features.iter().map(|f| f.value.clone()).collect();
        out.push(probe("features", vec![source.line_with_features(&features)], None, None, Pos::of(first)));
    }
    let none_pos = doc.options.iter().find(|t| t.status.value == Status::None).map(|t| Pos::of(&t.status));
    if let Some(pos) = none_pos {
        out.push(probe("minimal", vec![source.minimal_line()], Some(true), None, pos));
    }
    for (i, (option, target)) in doc.options.iter().zip(&config.targets).enumerate() {
        if option.status.value == Status::None || option.dependencies.is_empty() {
            continue;
        }
        let first_target_crate = (i > 0).then_some(option.pulls_first_target);
        let lines = option.dependencies.iter().map(|d| d.value.clone()).collect();
        out.push(probe(&target.key, lines, Some(false), first_target_crate, Pos::of(&option.dependencies[0])));
    }
    out
}
