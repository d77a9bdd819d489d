//! How each `drop-in` target mapping of a book is proven: by its own derived program, by another
//! entry's derived program that substitutes its path, by a target program written by hand where
//! none can be derived, as the re-export of a proven entry, or not (Windows-only, no program can be
//! derived, no example). Running the programs is the tests' job;
//! this only says which program stands for which claim.

use std::collections::BTreeMap;
use std::fmt;

/// One `drop-in` target mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropIn {
    /// Where the entry is: `api-maps/io.yaml:1234`.
    pub location: String,
    /// The async-std path: `async_std::io::Cursor::poll_read`.
    pub entry: String,
    /// The target's key: `tokio`, `smol`.
    pub target: String,
    /// The entry's paths for the target.
    pub paths: Vec<String>,
    pub windows_only: bool,
    /// The derivation of the entry's own example, if it has one (and both sides have a setup).
    pub derivation: Option<Result<Program, String>>,
    /// The test that runs the target's own example, if the mapping has one.
    pub target_program: Option<String>,
}

/// A derived program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The test that runs it: `io__Cursor_poll_read__smol_derived`.
    pub test: String,
    /// The entries whose mappings it substituted.
    pub entries: Vec<String>,
}

/// How a `drop-in` is proven, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proof {
    /// Its own example's derived program, run by `test`.
    Derived { test: String },
    /// Named in the derived programs of these entries.
    Covered { by: Vec<String> },
    /// No program can be derived (`reason`), and the target's own program, written by hand with
    /// the same assertions, runs as `test`.
    TargetProgram { test: String, reason: String },
    /// A re-export of `base`, which maps to the same paths and is proven.
    ReExport { base: String },
    /// The item exists only on Windows: CI (Linux) cannot compile a program.
    WindowsOnly,
    /// Its example cannot be derived, for this reason.
    NotDerivable { reason: String },
    /// No example names it.
    NoProgram,
}

impl Proof {
    /// The kind, as the list prints it and counts it.
    pub fn kind(&self) -> &'static str {
        match self {
            Proof::Derived { .. } => "derived",
            Proof::Covered { .. } => "covered",
            Proof::TargetProgram { .. } => "target program",
            Proof::ReExport { .. } => "re-export",
            Proof::WindowsOnly => "windows-only",
            Proof::NotDerivable { .. } => "not derivable",
            Proof::NoProgram => "no program",
        }
    }

    /// Whether a program (this entry's or another's) runs the mapping.
    pub fn is_proven(&self) -> bool {
        matches!(
            self,
            Proof::Derived { .. } | Proof::Covered { .. } | Proof::TargetProgram { .. } | Proof::ReExport { .. }
        )
    }
}

impl fmt::Display for Proof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proof::Derived { test } => write!(f, "derived (test {test})"),
            Proof::Covered { by } => write!(f, "covered (in the derived program of {})", by.join(", ")),
            Proof::TargetProgram { test, reason } => {
                write!(f, "target program (test {test}); not derivable: {reason}")
            }
            Proof::ReExport { base } => write!(f, "re-export of {base}"),
            Proof::NotDerivable { reason } => write!(f, "not derivable: {reason}"),
            Proof::WindowsOnly | Proof::NoProgram => f.write_str(self.kind()),
        }
    }
}

/// The proof of each of `drop_ins`, in their order.
pub fn classify(drop_ins: &[DropIn]) -> Vec<Proof> {
    // Which derived programs substitute each (entry, target) other than their own entry's.
    let mut covering: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for d in drop_ins {
        if let Some(Ok(program)) = &d.derivation {
            for used in program.entries.iter().filter(|e| **e != d.entry) {
                covering.entry((used, &d.target)).or_default().push(d.entry.clone());
            }
        }
    }
    let by_program: Vec<Option<Proof>> = drop_ins
        .iter()
        .map(|d| match (&d.derivation, covering.get(&(d.entry.as_str(), d.target.as_str())), &d.target_program) {
            (Some(Ok(program)), _, _) => Some(Proof::Derived { test: program.test.clone() }),
            (_, Some(by), _) => Some(Proof::Covered { by: by.clone() }),
            (Some(Err(reason)), None, Some(test)) => {
                Some(Proof::TargetProgram { test: test.clone(), reason: reason.clone() })
            }
            _ => None,
        })
        .collect();
    drop_ins
        .iter()
        .zip(&by_program)
        .map(|(d, proof)| {
            if let Some(proof) = proof {
                return proof.clone();
            }
            let base = drop_ins.iter().zip(&by_program).find(|(b, proof)| proof.is_some() && is_reexport_of(d, b));
            match (base, &d.derivation) {
                (Some((base, _)), _) => Proof::ReExport { base: base.entry.clone() },
                (None, _) if d.windows_only => Proof::WindowsOnly,
                (None, Some(Err(reason))) => Proof::NotDerivable { reason: reason.clone() },
                _ => Proof::NoProgram,
            }
        })
        .collect()
}

/// Whether `entry` re-exports `base` for their target: another path to the same item name (the
/// last segment; for a member, `Type::member`), mapped to the same paths
/// (`async_std::io::prelude::Read::poll_read` and `async_std::io::Read::poll_read`).
fn is_reexport_of(entry: &DropIn, base: &DropIn) -> bool {
    entry.entry != base.entry
        && entry.target == base.target
        && entry.paths == base.paths
        && item_name(&entry.entry) == item_name(&base.entry)
}

/// `Read::poll_read` for `async_std::io::prelude::Read::poll_read`, `Future` for
/// `async_std::prelude::Future`.
fn item_name(path: &str) -> &str {
    let segments: Vec<&str> = path.split("::").collect();
    let is_member = segments.len() >= 2 && segments[segments.len() - 2].starts_with(|c: char| c.is_ascii_uppercase());
    let keep = if is_member { 2 } else { 1 };
    let skipped: usize = segments[..segments.len().saturating_sub(keep)].iter().map(|s| s.len() + 2).sum();
    &path[skipped..]
}

/// The number of mappings of each kind, in the order of [`Proof`].
pub fn totals(proofs: &[Proof]) -> Vec<(&'static str, usize)> {
    const KINDS: [&str; 7] =
        ["derived", "covered", "target program", "re-export", "windows-only", "not derivable", "no program"];
    KINDS.iter().map(|kind| (*kind, proofs.iter().filter(|p| p.kind() == *kind).count())).collect()
}

#[cfg(test)]
#[path = "proofs/tests.rs"]
mod tests;
