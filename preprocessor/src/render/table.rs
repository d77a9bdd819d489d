//! The filterable comparison table shared by every generated page: its controls, row anchors
//! and "no row matches" line are written here, at build time, so the page does not move when
//! theme/apimap.js wakes up (it only wires the controls, on first use).

use super::{badge, html_escape, push_html_escaped};
use crate::model::Status;
use std::collections::HashSet;

/// One row: the name that identifies it (its anchor and the anchor's label), its cells as
/// Markdown (the first one names the row), and the statuses its badges show.
pub struct TableRow {
    pub name: String,
    pub cells: Vec<String>,
    pub statuses: Vec<Status>,
}

/// A filter, status toggles and a row count above the table; an anchor (`#row-task-spawn`) in
/// the first cell of every row; a hidden "no row matches" line below. Without JavaScript the
/// controls stay hidden (see theme/apimap.css) and the table is complete. `placeholder` is the
/// filter's example text (book.toml's `filter-placeholder`).
pub fn filter_table(label: &str, header: &[&str], rows: &[TableRow], placeholder: &str) -> String {
    let id = format!("apimap-filter-{}", slug(label));
    let mut out = controls(label, &id, rows, placeholder);
    out.push_str(&format!("<div class=\"apimap-table\" data-apimap-table=\"{}\">\n\n", html_escape(label)));
    out.push_str(&format!("| {} |\n|{}\n", header.join(" | "), "---|".repeat(header.len())));
    let mut used = HashSet::new();
    // Written piece by piece into the page: the cheat sheet of a big book has tens of
    // thousands of rows.
    out.reserve(rows.iter().map(|r| 160 + 2 * r.name.len() + r.cells.iter().map(String::len).sum::<usize>()).sum());
    for row in rows {
        let anchor = unique(&mut used, format!("row-{}", slug(&row.name)));
        out.push_str("| <a class=\"apimap-row-link\" id=\"");
        out.push_str(&anchor);
        out.push_str("\" href=\"#");
        out.push_str(&anchor);
        out.push_str("\" aria-label=\"Link to the row ");
        push_html_escaped(&mut out, &row.name);
        out.push_str("\"></a>");
        let mut cells = row.cells.iter();
        out.push_str(cells.next().map(String::as_str).unwrap_or_default());
        out.push_str(" | ");
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            out.push_str(cell);
        }
        out.push_str(" |\n");
    }
    out.push_str(
        "\n<p class=\"apimap-empty\" hidden>No row matches. Clear the filter or the status toggles.</p>\n</div>\n\n",
    );
    out
}

/// The controls' markup, one HTML block (no blank line inside). The toggles list only the
/// statuses present, with their row counts.
fn controls(label: &str, id: &str, rows: &[TableRow], placeholder: &str) -> String {
    let mut toggles = String::new();
    for status in Status::ALL {
        let count = rows.iter().filter(|r| r.statuses.contains(&status)).count();
        if count == 0 {
            continue;
        }
        toggles.push_str(&format!(
            "<button type=\"button\" class=\"apimap-toggle\" aria-pressed=\"false\" data-status=\"{0}\" \
             title=\"Show only rows with a “{0}” mapping ({count})\">{1}</button>",
            status.as_str(),
            badge(status)
        ));
    }
    format!(
        "<div class=\"apimap-controls\" data-apimap-controls=\"{label}\">\
         <label class=\"apimap-filter-label\" for=\"{id}\">Filter</label>\
         <input type=\"search\" id=\"{id}\" class=\"apimap-filter\" placeholder=\"{placeholder}\" \
         autocomplete=\"off\" spellcheck=\"false\">\
         <div class=\"apimap-toggles\" role=\"group\" aria-label=\"Show only rows with status\">{toggles}</div>\
         <output class=\"apimap-count\" for=\"{id}\" aria-live=\"polite\">{} {}</output></div>\n\n",
        rows.len(),
        if rows.len() == 1 { "row" } else { "rows" },
        label = html_escape(label),
        placeholder = html_escape(placeholder),
    )
}

/// `task::spawn` → `task-spawn`: the shape of the item headings' ids.
fn slug(text: &str) -> String {
    // Every run of other characters becomes one `-`, none at the ends (one pass).
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    if out.is_empty() { "item".to_string() } else { out }
}

/// `id`, or `id-2`, `id-3`… if a row of the table already has it.
fn unique(used: &mut HashSet<String>, id: String) -> String {
    let mut candidate = id.clone();
    for n in 2.. {
        if used.insert(candidate.clone()) {
            break;
        }
        candidate = format!("{id}-{n}");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slug("task::spawn"), "task-spawn");
        assert_eq!(slug("<x> y"), "x-y");
        assert_eq!(slug("::"), "item");
        assert_eq!(slug("-é_a--b::c-"), "_a-b-c");
        let mut used = HashSet::new();
        assert_eq!(unique(&mut used, "row-a".into()), "row-a");
        assert_eq!(unique(&mut used, "row-a".into()), "row-a-2");
        assert_eq!(unique(&mut used, "row-a".into()), "row-a-3");
    }

    #[test]
    fn labels_are_escaped_in_attributes() {
        let out = filter_table("a\"<b>", &["x"], &[], "<i>");
        assert!(out.contains("placeholder=\"&lt;i&gt;\""), "{out}");
        assert!(out.contains("data-apimap-table=\"a&quot;&lt;b&gt;\""), "{out}");
        assert!(out.contains("data-apimap-controls=\"a&quot;&lt;b&gt;\""), "{out}");
        assert!(!out.contains("<b>"), "{out}");
    }
}
