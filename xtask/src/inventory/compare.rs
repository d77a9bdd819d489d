//! `--compare DIR`: checks paths, kinds and docs URLs against reference inventories (same
//! file names; URLs there use `/latest/` instead of the version).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use super::tsv::{Provenance, read_table};

/// Per crate: the rows' provenance from this run, to explain rows the reference lacks.
pub type ProvenanceIndex = HashMap<(String, String), Provenance>;

pub struct CrateComparison {
    pub file: String,
    pub matching: usize,
    pub only_here: Vec<(String, String, Option<Provenance>)>,
    pub only_in_reference: Vec<(String, String)>,
    pub url_differences: Vec<(String, String, String, String)>,
}

/// Compares `ours` (an inventory TSV) with the reference TSV of the same name.
pub fn compare_file(
    ours: &Path,
    reference: &Path,
    version: &str,
    provenance: Option<&ProvenanceIndex>,
) -> Result<CrateComparison> {
    let key = |r: &BTreeMap<String, String>| (r["path"].clone(), r["kind"].clone());
    let ours_rows: BTreeMap<(String, String), String> =
        read_table(ours)?.records.iter().map(|r| (key(r), r.get("docs_url").cloned().unwrap_or_default())).collect();
    let latest = "/latest/".to_owned();
    let versioned = format!("/{version}/");
    let reference_rows: BTreeMap<(String, String), String> = read_table(reference)?
        .records
        .iter()
        .map(|r| (key(r), r.get("docs_rs_url").cloned().unwrap_or_default().replace(&latest, &versioned)))
        .collect();
    let mut comparison = CrateComparison {
        file: ours.file_name().unwrap_or_default().to_string_lossy().into_owned(),
        matching: 0,
        only_here: Vec::new(),
        only_in_reference: Vec::new(),
        url_differences: Vec::new(),
    };
    for (key, url) in &ours_rows {
        match reference_rows.get(key) {
            None => {
                comparison.only_here.push((key.0.clone(), key.1.clone(), provenance.and_then(|p| p.get(key).copied())))
            }
            Some(reference_url) if reference_url != url => {
                comparison.url_differences.push((key.0.clone(), key.1.clone(), url.clone(), reference_url.clone()))
            }
            Some(_) => comparison.matching += 1,
        }
    }
    for key in reference_rows.keys() {
        if !ours_rows.contains_key(key) {
            comparison.only_in_reference.push(key.clone());
        }
    }
    Ok(comparison)
}

impl CrateComparison {
    /// One summary line for the terminal.
    pub fn summary(&self) -> String {
        let mut by_provenance: BTreeMap<String, usize> = BTreeMap::new();
        for (_, _, provenance) in &self.only_here {
            *by_provenance.entry(provenance.map_or("unknown".to_owned(), |p| format!("{p:?}"))).or_default() += 1;
        }
        format!(
            "{}: {} rows match; {} only here {:?}; {} only in reference; {} URL differences",
            self.file,
            self.matching,
            self.only_here.len(),
            by_provenance,
            self.only_in_reference.len(),
            self.url_differences.len()
        )
    }

    /// Every difference, one per line.
    pub fn details(&self) -> String {
        let mut out = format!("# {}\n", self.summary());
        for (path, kind, provenance) in &self.only_here {
            let _ = writeln!(out, "only-here\t{path}\t{kind}\t{provenance:?}");
        }
        for (path, kind) in &self.only_in_reference {
            let _ = writeln!(out, "only-in-reference\t{path}\t{kind}");
        }
        for (path, kind, ours, reference) in &self.url_differences {
            let _ = writeln!(out, "url\t{path}\t{kind}\tours={ours}\treference={reference}");
        }
        out
    }
}
