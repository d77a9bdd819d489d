//! Render: the resolved model → Markdown chapters. Pure functions (strings in, strings out),
//! snapshot-tested; mdBook turns their output into HTML.
//!
//! The only HTML written here is our own (badges, wrappers); contributed text is Markdown
//! that `check` has already cleared of raw HTML, and table cells are escaped.

mod api_index;
mod cheat_sheet;
mod coverage_chapter;
mod module_chapter;
mod pages;
mod reverse_index;
pub(crate) mod table;
pub mod templates;

pub use api_index::api_index_script;
pub use cheat_sheet::cheat_sheet;
pub use coverage_chapter::{coverage_chapter, coverage_text};
pub use module_chapter::module_chapter;
pub use pages::{MAX_TABLE_ROWS, Part, entry_pages, paginate};
pub use reverse_index::reverse_index;

use crate::markdown::table_cell;
use crate::model::{Status, TargetId};
use crate::resolve::ApiLink;

/// Settings that change what the pages say, not what they contain.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// `async-std 1.13.2`: the pinned source crate, named on every page.
    pub source_label: String,
    /// `async-std`: the source crate in table headers and before its paths.
    pub source_name: String,
    /// `async_std`: the first segment of the source crate's paths.
    pub source_root: String,
    /// The targets, in book.toml order.
    pub targets: Vec<TargetLabels>,
    /// `https://github.com/o/r/edit/main/{path}#L{line}`-style template for "edit this mapping".
    pub edit_url_template: Option<String>,
    /// The example text in the tables' filter.
    pub filter_placeholder: String,
    /// The generated chapters' titles (`{label}` in the index's is the target's label).
    pub cheat_sheet_title: String,
    pub index_title: String,
    pub coverage_title: String,
    /// The layout of the chapters (the compiled-in templates, or the book's).
    pub templates: std::sync::Arc<templates::Templates>,
}

/// How pages name one target.
#[derive(Debug, Clone, Default)]
pub struct TargetLabels {
    /// `Tokio`: table headers, before its paths, the reverse index's title.
    pub label: String,
    /// `tokio 1.54.1`: the pinned crate, in sentences.
    pub pinned: String,
    /// `tokio`: the crate's name.
    pub krate: String,
}

impl RenderOptions {
    /// The labels and links book.toml pins.
    pub fn from_config(config: &crate::config::ApimapConfig) -> Self {
        let targets = config
            .targets
            .iter()
            .map(|t| TargetLabels { label: t.label.clone(), pinned: t.pinned().label(), krate: t.name.clone() })
            .collect();
        RenderOptions {
            source_label: config.source.label(),
            source_name: config.source.name.clone(),
            source_root: config.source_root(),
            targets,
            edit_url_template: config.edit_url_template.clone(),
            filter_placeholder: config.filter_placeholder.clone(),
            cheat_sheet_title: config.cheat_sheet_title.clone(),
            index_title: config.index_title.clone(),
            coverage_title: config.coverage_title.clone(),
            templates: templates::Templates::compiled_in(),
        }
    }

    /// These options with the templates of the book at `root` (its `theme/apimap/*.hbs`).
    pub fn with_book_templates(mut self, root: &std::path::Path) -> Result<Self, String> {
        self.templates = templates::Templates::for_book(root)?;
        Ok(self)
    }

    /// The label of target `id` (`Tokio`).
    pub fn label(&self, id: TargetId) -> &str {
        &self.targets[id.0].label
    }

    /// The columns of a comparison table: the source crate, then each target.
    pub fn table_headers(&self) -> Vec<&str> {
        std::iter::once(self.source_name.as_str()).chain(self.targets.iter().map(|t| t.label.as_str())).collect()
    }

    /// The pinned targets in a sentence: `tokio 1.54.1 and smol 2.0.2` (`conjunction` `and`).
    pub fn pinned_targets(&self, conjunction: &str) -> String {
        let pinned: Vec<&str> = self.targets.iter().map(|t| t.pinned.as_str()).collect();
        crate::plain_text::join_words(&pinned, conjunction)
    }
}

/// A status badge; CSS gives it colours that follow the theme. Its meaning is in the
/// page's legend (not repeated in a `title` on every row: tables have thousands of badges).
pub fn badge(status: Status) -> String {
    format!("<span class=\"apimap-status apimap-status-{0}\">{0}</span>", status.as_str())
}

/// The legend of the statuses that appear on a page, in canonical order.
pub fn legend(used: impl IntoIterator<Item = Status>) -> String {
    let mut used: Vec<Status> = used.into_iter().collect();
    used.sort();
    used.dedup();
    if used.is_empty() {
        return String::new();
    }
    let mut out = String::from("<div class=\"apimap-legend\">\n\n");
    for status in used {
        out.push_str(&format!("- {} {}\n", badge(status), status.meaning()));
    }
    out.push_str("\n</div>\n\n");
    out
}

/// A path as an inline-code link to its documentation (or plain code if it has no page).
pub fn api_link(link: &ApiLink) -> String {
    if link.url.is_empty() { format!("`{}`", link.path) } else { format!("[`{}`]({})", link.path, link.url) }
}

/// What docs.rs says about availability and status, as short markers after a path.
pub fn api_flags(link: &ApiLink) -> String {
    let mut flags = Vec::new();
    let krate = link.path.split("::").next().unwrap_or_default().replace('_', "-");
    if let Some(gate) = gate_label(&krate, &link.feature_gate) {
        flags.push(format!("<span class=\"apimap-gate\">{gate}</span>"));
    }
    if !link.deprecated.is_empty() {
        flags.push("<span class=\"apimap-flag apimap-deprecated\">deprecated</span>".to_string());
    }
    if link.doc_hidden {
        flags.push("<span class=\"apimap-flag apimap-hidden\">undocumented</span>".to_string());
    }
    flags.join(" ")
}

/// `feature = "fs"` on a tokio path → `tokio feature fs`; other predicates as `cfg(…)`.
/// HTML-escaped: the gate comes from an inventory row.
fn gate_label(krate: &str, gate: &str) -> Option<String> {
    let gate = gate.trim();
    if gate.is_empty() || gate == "std-nightly-only" {
        return (gate == "std-nightly-only").then(|| "nightly only".to_string());
    }
    let label = if let Some(name) = gate.strip_prefix("feature = \"").and_then(|r| r.strip_suffix('"')) {
        format!("{krate} feature <code>{}</code>", html_escape(name))
    } else if gate.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        // async-std writes `doc(cfg(unstable))` for its cargo feature `unstable`.
        format!("{krate} feature <code>{gate}</code>")
    } else {
        format!("<code>cfg({})</code>", html_escape(gate))
    };
    Some(label)
}

/// Inventory text inside our own HTML (validated on load too: defence in depth).
pub(crate) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_html_escaped(&mut out, text);
    out
}

/// [`html_escape`] into `out` (one pass; tables escape thousands of paths).
pub(crate) fn push_html_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// The cell of one target in a comparison table: badge and path link(s).
pub fn target_cell(status: Status, paths: &[ApiLink]) -> String {
    let mut cell = badge(status);
    cell.push(' ');
    for (i, p) in paths.iter().enumerate() {
        if i > 0 {
            cell.push_str(", ");
        }
        push_table_link(&mut cell, &p.path, &p.url);
    }
    if paths.is_empty() {
        cell.push('—');
    }
    table_cell(&cell)
}

/// A path in a table cell, styled as code, that may wrap after each `::` (a `<wbr>` written
/// here, not by the page's script, so the table has its final layout from the first paint),
/// linked to `href` if there is one. A `<span>`, not `<code>`: mdBook's book.js runs
/// highlight.js on every `<code>` of a page as it loads, thousands of times on the cheat sheet,
/// and the padding it adds moves the text.
pub fn table_link(path: &str, href: &str) -> String {
    let mut out = String::with_capacity(path.len() * 2 + href.len() + 40);
    push_table_link(&mut out, path, href);
    out
}

/// [`table_link`] into `out`.
fn push_table_link(out: &mut String, path: &str, href: &str) {
    if !href.is_empty() {
        out.push('[');
    }
    out.push_str("<span class=\"apimap-code\">");
    for (i, segment) in path.split("::").enumerate() {
        if i > 0 {
            out.push_str("::<wbr>");
        }
        push_html_escaped(out, segment);
    }
    out.push_str("</span>");
    if !href.is_empty() {
        out.push_str("](");
        out.push_str(href);
        out.push(')');
    }
}

/// The anchor of a member matched automatically, in its type's section
/// (`async_std::io::Write::poll_flush` → `auto-io-Write-poll_flush`). The prefix keeps it apart
/// from entry anchors.
pub fn auto_member_anchor(member: &str) -> String {
    format!("auto-{}", crate::resolve::anchor_for(member))
}

/// Which modules a page of a split table lists; nothing for a table on one page.
fn part_note(modules: &[crate::resolve::ResolvedModule], part: Part) -> String {
    match (part.count, modules.first(), modules.last()) {
        (2.., Some(first), Some(last)) => format!(
            "Part {} of {}: the entries of `{}` to `{}`; the other parts are next to it in the table of contents.\n\n",
            part.index + 1,
            part.count,
            first.module,
            last.module
        ),
        _ => String::new(),
    }
}

/// The short form of a source path used in headings and tables: without its crate.
pub use crate::resolve::without_crate as short_path;

#[cfg(all(test, feature = "mdbook"))]
mod tests;
