//! `--check`: regenerated inventories against the committed ones, row by row. Pure functions
//! over file texts, so the comparison is tested without running rustdoc.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt::Write as _;

/// How many rows of each kind of difference the report shows per file.
const SHOWN_PER_KIND: usize = 5;

/// One data line of a TSV: its 1-based line number and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowLine {
    pub line: usize,
    pub text: String,
}

/// A row's identity: (path, kind), the first two columns (a path may name a module and a macro).
pub type RowKey = (String, String);

/// The data rows of a TSV keyed by (path, kind), plus the header and rows whose key repeats.
#[derive(Debug, Default)]
pub struct KeyedRows {
    pub header: String,
    pub rows: BTreeMap<RowKey, RowLine>,
    pub repeated: Vec<RowLine>,
}

pub fn keyed_rows(text: &str) -> KeyedRows {
    let mut keyed = KeyedRows::default();
    let mut lines = text.lines().enumerate();
    keyed.header = lines.next().map(|(_, header)| header.to_owned()).unwrap_or_default();
    // A type implements a trait of one name more than once (`AsyncRead` of two families,
    // `Extend<_>` of two item types): in the trait-impl files the whole row is the key.
    let whole_row_is_key = keyed.header == super::facts::TRAITS_HEADER;
    for (index, text) in lines.filter(|(_, text)| !text.is_empty()) {
        let mut fields = text.split('\t');
        let path = fields.next().unwrap_or_default().to_owned();
        let rest = if whole_row_is_key { text.get(path.len() + 1..) } else { fields.next() };
        let key = (path, rest.unwrap_or_default().to_owned());
        let row = RowLine { line: index + 1, text: text.to_owned() };
        match keyed.rows.entry(key) {
            Entry::Occupied(_) => keyed.repeated.push(row),
            Entry::Vacant(slot) => {
                slot.insert(row);
            }
        }
    }
    keyed
}

/// How one committed inventory differs from its regenerated version.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FileDiff {
    /// (committed, regenerated) header lines, when they differ.
    pub header: Option<(String, String)>,
    /// Rows only the regenerated file has; `line` is where they belong in the committed file.
    pub added: Vec<RowLine>,
    /// Rows only the committed file has (or has twice), at their committed line.
    pub removed: Vec<RowLine>,
    /// Rows with the same (path, kind) and other fields: (committed, regenerated).
    pub changed: Vec<(RowLine, RowLine)>,
}

impl FileDiff {
    pub fn is_empty(&self) -> bool {
        self.header.is_none() && self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

pub fn diff_tsv(committed: &str, regenerated: &str) -> FileDiff {
    let committed = keyed_rows(committed);
    let regenerated = keyed_rows(regenerated);
    let mut diff = FileDiff {
        header: (committed.header != regenerated.header)
            .then(|| (committed.header.clone(), regenerated.header.clone())),
        removed: committed.repeated.clone(),
        ..FileDiff::default()
    };
    for (key, new) in &regenerated.rows {
        match committed.rows.get(key) {
            Some(old) if old.text != new.text => diff.changed.push((old.clone(), new.clone())),
            Some(_) => {}
            None => {
                // The committed line it would follow: the last committed row sorting before it.
                let line = committed.rows.range(..key.clone()).map(|(_, row)| row.line).max().unwrap_or(1) + 1;
                diff.added.push(RowLine { line, text: new.text.clone() });
            }
        }
    }
    diff.removed
        .extend(committed.rows.iter().filter(|(key, _)| !regenerated.rows.contains_key(key)).map(|(_, r)| r.clone()));
    diff.removed.sort_by_key(|row| row.line);
    diff
}

/// A difference between the committed inventories folder and the regenerated one.
#[derive(Debug, PartialEq, Eq)]
pub enum Difference {
    /// Regenerated, but not committed.
    Missing {
        file: String,
    },
    /// Committed, but no crate of crates.toml produces it.
    Unexpected {
        file: String,
    },
    Rows {
        file: String,
        diff: FileDiff,
    },
}

/// Compares file name → text maps. `committed` should hold only the files the regeneration
/// covered (all of `inventories/` when every crate was regenerated).
pub fn diff_sets(committed: &BTreeMap<String, String>, regenerated: &BTreeMap<String, String>) -> Vec<Difference> {
    let mut differences = Vec::new();
    for (file, new) in regenerated {
        match committed.get(file) {
            None => differences.push(Difference::Missing { file: file.clone() }),
            Some(old) => {
                let diff = diff_tsv(old, new);
                if !diff.is_empty() {
                    differences.push(Difference::Rows { file: file.clone(), diff });
                }
            }
        }
    }
    for file in committed.keys().filter(|file| !regenerated.contains_key(*file)) {
        differences.push(Difference::Unexpected { file: file.clone() });
    }
    differences
}

/// The differences as text: per file, the counts and the first rows, each as `dir/file:line`.
pub fn report(dir: &str, differences: &[Difference]) -> String {
    let mut out = String::new();
    for difference in differences {
        match difference {
            Difference::Missing { file } => {
                let _ = writeln!(out, "{dir}/{file}: not committed (run `cargo xtask inventory` and commit it)");
            }
            Difference::Unexpected { file } => {
                let _ = writeln!(out, "{dir}/{file}: committed, but no crate in {dir}/crates.toml produces it");
            }
            Difference::Rows { file, diff } => {
                let _ = writeln!(
                    out,
                    "{dir}/{file}: {} rows changed, {} added, {} removed",
                    diff.changed.len(),
                    diff.added.len(),
                    diff.removed.len()
                );
                if let Some((old, new)) = &diff.header {
                    let _ = writeln!(out, "  {dir}/{file}:1: header differs\n    - {old}\n    + {new}");
                }
                for (old, new) in diff.changed.iter().take(SHOWN_PER_KIND) {
                    let _ =
                        writeln!(out, "  {dir}/{file}:{}: changed\n    - {}\n    + {}", old.line, old.text, new.text);
                }
                for row in diff.added.iter().take(SHOWN_PER_KIND) {
                    let _ = writeln!(out, "  {dir}/{file}:{}: added\n    + {}", row.line, row.text);
                }
                for row in diff.removed.iter().take(SHOWN_PER_KIND) {
                    let _ = writeln!(out, "  {dir}/{file}:{}: removed\n    - {}", row.line, row.text);
                }
                let counts = [diff.changed.len(), diff.added.len(), diff.removed.len()];
                let shown: usize = counts.iter().map(|n| (*n).min(SHOWN_PER_KIND)).sum();
                let total: usize = counts.iter().sum();
                if total > shown {
                    let _ = writeln!(out, "  … and {} more rows", total - shown);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "path\tkind\tdocs_url\tdeprecated";

    fn tsv(rows: &[&str]) -> String {
        let mut text = format!("{HEADER}\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(name, text)| (name.to_string(), text.to_string())).collect()
    }

    const A: &str = "c::a\tfn\thttps://docs.rs/c/1.0.0/c/fn.a.html\t";
    const B: &str = "c::b\tfn\thttps://docs.rs/c/1.0.0/c/fn.b.html\t";
    const C: &str = "c::c\tstruct\thttps://docs.rs/c/1.0.0/c/struct.c.html\t";

    #[test]
    fn identical_folders_have_no_difference() {
        let text = tsv(&[A, B, C]);
        let set = files(&[("c-1.0.0.tsv", &text), ("std.tsv", &tsv(&[]))]);
        assert_eq!(diff_sets(&set, &set), []);
    }

    #[test]
    fn a_row_edited_by_hand_is_reported_at_its_line() {
        let edited = tsv(&[A, "c::b\tfn\tjavascript:alert(1)\t", C]);
        let differences = diff_sets(&files(&[("c-1.0.0.tsv", &edited)]), &files(&[("c-1.0.0.tsv", &tsv(&[A, B, C]))]));
        let report = report("inventories", &differences);
        assert_eq!(
            report,
            "inventories/c-1.0.0.tsv: 1 rows changed, 0 added, 0 removed\n  \
             inventories/c-1.0.0.tsv:3: changed\n    - c::b\tfn\tjavascript:alert(1)\t\n    + c::b\tfn\thttps://docs.rs/c/1.0.0/c/fn.b.html\t\n"
        );
    }

    #[test]
    fn added_removed_and_repeated_rows_name_their_lines() {
        // Committed: A, C, C again; regenerated: A, B. B belongs after A (line 3); C is removed
        // from line 3 and its repetition from line 4.
        let diff = diff_tsv(&tsv(&[A, C, C]), &tsv(&[A, B]));
        assert_eq!(diff.added, [RowLine { line: 3, text: B.into() }]);
        assert_eq!(diff.removed.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
        assert!(diff.changed.is_empty() && diff.header.is_none());
        // A row sorting before every committed one belongs on line 2, under the header.
        assert_eq!(diff_tsv(&tsv(&[B]), &tsv(&[A, B])).added[0].line, 2);
    }

    #[test]
    fn missing_unexpected_files_and_headers_are_differences() {
        let committed = files(&[("c-0.9.0.tsv", &tsv(&[A])), ("std.tsv", "path\tkind\n")]);
        let regenerated = files(&[("c-1.0.0.tsv", &tsv(&[A])), ("std.tsv", &format!("{HEADER}\n"))]);
        let report = report("inventories", &diff_sets(&committed, &regenerated));
        assert!(report.contains("inventories/c-1.0.0.tsv: not committed"), "{report}");
        assert!(report.contains("inventories/c-0.9.0.tsv: committed, but no crate"), "{report}");
        assert!(report.contains("inventories/std.tsv:1: header differs"), "{report}");
    }

    #[test]
    fn long_differences_are_cut_with_a_count() {
        let rows: Vec<String> = (0..12).map(|i| format!("c::f{i:02}\tfn\t\t")).collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let report =
            report("inventories", &diff_sets(&files(&[("c.tsv", &tsv(&[]))]), &files(&[("c.tsv", &tsv(&rows))])));
        assert_eq!(report.matches(": added").count(), SHOWN_PER_KIND);
        assert!(report.ends_with("  … and 7 more rows\n"), "{report}");
    }

    /// The committed inventories compare equal to themselves and differ once one row is edited:
    /// what `--check` does after regenerating, on the real files.
    #[test]
    fn committed_inventories_pass_and_one_edited_row_fails() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../inventories");
        let committed: BTreeMap<String, String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "tsv"))
            .map(|path| {
                (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        assert!(committed.contains_key("tokio-1.54.1.tsv"));
        assert_eq!(diff_sets(&committed, &committed), []);
        let mut edited = committed.clone();
        let tokio = edited.get_mut("tokio-1.54.1.tsv").unwrap();
        let line = tokio.lines().position(|l| l.starts_with("tokio::task::spawn\tfn\t")).unwrap() + 1;
        *tokio = tokio.replace("https://docs.rs/tokio/1.54.1/tokio/task/fn.spawn.html", "javascript:alert(1)");
        let report = report("inventories", &diff_sets(&edited, &committed));
        assert!(report.starts_with("inventories/tokio-1.54.1.tsv: 1 rows changed, 0 added, 0 removed\n"), "{report}");
        assert!(report.contains(&format!("inventories/tokio-1.54.1.tsv:{line}: changed\n")), "{report}");
    }

    #[test]
    fn a_trait_of_one_name_from_two_families_is_not_a_repeated_row() {
        let text = "path\ttrait\tfamily\tbounds\nx::Compat\tAsyncRead\tfutures_io\tT: AsyncRead\nx::Compat\tAsyncRead\ttokio\tT: AsyncRead\n";
        let keyed = keyed_rows(text);
        assert!(keyed.repeated.is_empty());
        assert_eq!(keyed.rows.len(), 2);
        assert!(diff_tsv(text, text).removed.is_empty());
    }
}
