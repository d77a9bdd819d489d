use super::{RenderOptions, TABLE_CLOSE, legend, short_path, table_open, target_cell};
use crate::model::Runtime;
use crate::resolve::{ResolvedBook, relative_href};

/// Every mapping of the book in one table, linking each row to its section.
pub fn cheat_sheet(book: &ResolvedBook, chapter: &str, options: &RenderOptions) -> String {
    let mut out = String::from("# Cheat sheet\n\n");
    out.push_str(&format!(
        "Every async-std path this guide maps ({}), with its {} and {} equivalents. \
         Follow a path for the notes and examples.\n\n",
        options.source_label, options.tokio_label, options.smol_label
    ));
    let statuses = book.modules.iter().flat_map(|m| m.entries.iter()).flat_map(|e| e.targets.iter().map(|t| t.status));
    out.push_str(&legend(statuses));
    out.push_str(&table_open("Cheat sheet"));
    out.push_str("| async-std | Tokio | smol |\n|---|---|---|\n");
    for module in &book.modules {
        for entry in &module.entries {
            out.push_str(&format!(
                "| [`{}`]({}#{}) | {} | {} |\n",
                short_path(&entry.path),
                relative_href(chapter, &module.chapter),
                entry.anchor,
                target_cell(entry.target(Runtime::Tokio).status, &entry.target(Runtime::Tokio).paths),
                target_cell(entry.target(Runtime::Smol).status, &entry.target(Runtime::Smol).paths),
            ));
        }
    }
    out.push_str(TABLE_CLOSE);
    out
}
