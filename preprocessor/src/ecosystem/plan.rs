//! What cargo must prove for each entry: the scratch projects to resolve, and what each
//! resolved graph must (not) contain. `cargo xtask ecosystem` runs this plan; `check` compares
//! the committed resolution with it, so the two can never ask different questions.

use super::dependency;
use super::model::{CrateFile, Replacement};
use crate::model::{Pos, Runtime, Status};

/// One scratch project: the dependency lines of its `[dependencies]`, and the expectations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The entry's crate.
    pub krate: String,
    /// `source`, `features`, `minimal`, `tokio` or `smol`.
    pub option: String,
    pub dependencies: Vec<String>,
    /// `Some(true)`: async-std must be in the graph; `Some(false)`: it must not; `None`: recorded only.
    pub async_std: Option<bool>,
    pub tokio: Option<bool>,
    /// Where the claim is written (for diagnostics).
    pub pos: Pos,
}

/// Why a probe expects what it expects, in words for diagnostics.
pub fn claim(option: &str) -> &'static str {
    match option {
        "source" => "the `source` line pulls async-std",
        "features" => "the listed features exist",
        "minimal" => "status `none`: the crate pulls async-std even with no features",
        "tokio" => "the Tokio option drops async-std",
        _ => "the smol option drops async-std (and pulls Tokio only with `uses_tokio: true`)",
    }
}

/// The probes of one entry, in a stable order. Lines that do not parse are skipped (`check`
/// reports them).
pub fn probes(file: &CrateFile) -> Vec<Probe> {
    let doc = &file.doc;
    let krate = doc.name.value.clone();
    let Ok(source) = dependency::parse(&doc.source.value) else {
        return Vec::new();
    };
    let probe = |option: &str, dependencies: Vec<String>, async_std, tokio, pos| Probe {
        krate: krate.clone(),
        option: option.into(),
        dependencies,
        async_std,
        tokio,
        pos,
    };
    let mut out = vec![probe("source", vec![doc.source.value.clone()], Some(true), None, Pos::of(&doc.source))];
    if let Some(first) = doc.features.first() {
        let features: Vec<String> = doc.features.iter().map(|f| f.value.clone()).collect();
        out.push(probe("features", vec![source.line_with_features(&features)], None, None, Pos::of(first)));
    }
    let none_pos = Runtime::ALL
        .into_iter()
        .map(|r| target(doc, r))
        .find(|t| t.status.value == Status::None)
        .map(|t| Pos::of(&t.status));
    if let Some(pos) = none_pos {
        out.push(probe("minimal", vec![source.minimal_line()], Some(true), None, pos));
    }
    for runtime in Runtime::ALL {
        let option = target(doc, runtime);
        if option.status.value == Status::None || option.dependencies.is_empty() {
            continue;
        }
        let tokio = (runtime == Runtime::Smol).then_some(option.uses_tokio);
        let lines = option.dependencies.iter().map(|d| d.value.clone()).collect();
        out.push(probe(runtime.key(), lines, Some(false), tokio, Pos::of(&option.dependencies[0])));
    }
    out
}

pub fn target(doc: &super::model::CrateDoc, runtime: Runtime) -> &Replacement {
    match runtime {
        Runtime::Tokio => &doc.tokio,
        Runtime::Smol => &doc.smol,
    }
}
