//! The filterable comparison table shared by every generated page: its controls, row anchors
//! and "no row matches" line are written here, at build time, so the page does not move when
//! theme/apimap.js wakes up (it only wires the controls, on first use).

use super::{badge, html_escape};
use crate::model::Status;
use std::collections::BTreeSet;

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
    let mut used = BTreeSet::new();
    for row in rows {
        let anchor = unique(&mut used, format!("row-{}", slug(&row.name)));
        let link = format!(
            "<a class=\"apimap-row-link\" id=\"{anchor}\" href=\"#{anchor}\" aria-label=\"Link to the row {}\"></a>",
            html_escape(&row.name)
        );
        let mut cells = row.cells.iter();
        let first = cells.next().map(String::as_str).unwrap_or_default();
        let rest: Vec<&str> = cells.map(String::as_str).collect();
        out.push_str(&format!("| {link}{first} | {} |\n", rest.join(" | ")));
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
    let dashed: String =
        text.replace("::", "-").chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    let collapsed = dashed.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-");
    if collapsed.is_empty() { "item".to_string() } else { collapsed }
}

/// `id`, or `id-2`, `id-3`… if a row of the table already has it.
fn unique(used: &mut BTreeSet<String>, id: String) -> String {
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
        let mut used = BTreeSet::new();
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
