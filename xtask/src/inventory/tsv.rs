//! Inventory rows, merging the rows of a crate's builds, and the TSV format.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

pub const HEADER: [&str; 10] = [
    "path",
    "kind",
    "docs_url",
    "feature_gate",
    "cfg",
    "in_docsrs_build",
    "in_plain_build",
    "doc_hidden",
    "deprecated",
    "origin",
];

/// How a row was found; not written to the TSV, used to explain differences with the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Provenance {
    #[default]
    Item,
    /// A method, variant, associated item of the type or trait itself.
    Member,
    /// A method of a (non-blanket, non-auto) trait impl shown on the type's page.
    TraitImplMember,
    /// A member of a std type or trait, read from the local rust-docs HTML.
    StdHtmlMember,
}

/// One public path of one build.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub path: String,
    pub kind: String,
    pub docs_url: String,
    pub feature_gate: String,
    pub cfg: String,
    pub doc_hidden: bool,
    pub deprecated: String,
    pub origin: String,
    pub provenance: Provenance,
}

/// A row of a crate's inventory: the union over its builds.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedRow {
    pub row: Row,
    pub in_docsrs_build: bool,
    pub in_plain_build: bool,
}

/// Rows of one build, keyed by (path, kind) so that later duplicates are dropped.
#[derive(Clone, Default)]
pub struct RowSet {
    rows: BTreeMap<(String, String), Row>,
}

impl RowSet {
    /// Adds a row unless one with the same path and kind exists; a documented row replaces a
    /// doc-hidden one (the same item reached through a hidden and a visible path).
    pub fn insert(&mut self, row: Row) {
        let key = (row.path.clone(), row.kind.clone());
        match self.rows.get(&key) {
            Some(existing) if !existing.doc_hidden || row.doc_hidden => {}
            _ => {
                self.rows.insert(key, row);
            }
        }
    }

    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut Row> {
        self.rows.values_mut()
    }

    pub fn into_rows(self) -> impl Iterator<Item = Row> {
        self.rows.into_values()
    }
}

/// Unites the rows of the builds that count as docs.rs and as plain builds. Fields come from the
/// docs.rs build where it has the row; rows only in the plain build get no docs URL, since
/// docs.rs has no page for them.
pub fn merge_builds(docsrs: Vec<RowSet>, plain: Vec<RowSet>) -> Vec<MergedRow> {
    let mut merged: BTreeMap<(String, String), MergedRow> = BTreeMap::new();
    for set in docsrs {
        for row in set.into_rows() {
            merged.entry((row.path.clone(), row.kind.clone())).or_insert(MergedRow {
                row,
                in_docsrs_build: true,
                in_plain_build: false,
            });
        }
    }
    for set in plain {
        for mut row in set.into_rows() {
            let key = (row.path.clone(), row.kind.clone());
            match merged.get_mut(&key) {
                Some(existing) => existing.in_plain_build = true,
                None => {
                    row.docs_url.clear();
                    merged.insert(key, MergedRow { row, in_docsrs_build: false, in_plain_build: true });
                }
            }
        }
    }
    merged.into_values().collect()
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Renders rows (already sorted by path, then kind) as TSV with a header line.
pub fn render(rows: &[MergedRow]) -> String {
    let mut out = HEADER.join("\t");
    out.push('\n');
    for MergedRow { row, in_docsrs_build, in_plain_build } in rows {
        let fields = [
            row.path.as_str(),
            &row.kind,
            &row.docs_url,
            &row.feature_gate,
            &row.cfg,
            yes_no(*in_docsrs_build),
            yes_no(*in_plain_build),
            yes_no(row.doc_hidden),
            &row.deprecated,
            &row.origin,
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            // A field never holds a tab or newline (they would break the format).
            let _ = write!(out, "{}", field.replace(['\t', '\n'], " "));
        }
        out.push('\n');
    }
    out
}

/// A TSV read back: header names and records as maps from column name to value.
pub struct Table {
    pub records: Vec<BTreeMap<String, String>>,
}

pub fn read_table(path: &Path) -> Result<Table> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines();
    let Some(header) = lines.next() else { bail!("{} is empty", path.display()) };
    let columns: Vec<&str> = header.split('\t').collect();
    let records = lines
        .filter(|l| !l.is_empty())
        .map(|line| columns.iter().map(|c| c.to_string()).zip(line.split('\t').map(str::to_owned)).collect())
        .collect();
    Ok(Table { records })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &str, url: &str, hidden: bool) -> Row {
        Row { path: path.into(), kind: "fn".into(), docs_url: url.into(), doc_hidden: hidden, ..Row::default() }
    }

    #[test]
    fn merges_builds_and_clears_urls_of_plain_only_rows() {
        let mut docsrs = RowSet::default();
        docsrs.insert(row("c::a", "u/a", false));
        docsrs.insert(row("c::b", "u/b", false));
        let mut plain = RowSet::default();
        plain.insert(row("c::b", "u/b", false));
        plain.insert(row("c::c", "u/c", false));
        let merged = merge_builds(vec![docsrs], vec![plain]);
        let text = render(&merged);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], HEADER.join("\t"));
        assert_eq!(lines[1], "c::a\tfn\tu/a\t\t\tyes\tno\tno\t\t");
        assert_eq!(lines[2], "c::b\tfn\tu/b\t\t\tyes\tyes\tno\t\t");
        assert_eq!(lines[3], "c::c\tfn\t\t\t\tno\tyes\tno\t\t");
    }

    #[test]
    fn visible_row_replaces_hidden_duplicate() {
        let mut set = RowSet::default();
        set.insert(row("c::a", "", true));
        set.insert(row("c::a", "u/a", false));
        set.insert(row("c::a", "", true));
        let rows: Vec<Row> = set.into_rows().collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].docs_url, "u/a");
    }
}
