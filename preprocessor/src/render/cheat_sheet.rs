use super::{Part, RenderOptions, TABLE_CLOSE, legend, short_path, table_open, target_cell};
use crate::model::Runtime;
use crate::resolve::{ResolvedModule, relative_href};

/// Every mapping of `modules` in one table, linking each row to its section. `part` says which
/// page of the cheat sheet this is when the book's is split ([`super::entry_pages`]).
pub fn cheat_sheet(modules: &[ResolvedModule], chapter: &str, part: Part, options: &RenderOptions) -> String {
    let mut out = format!("# {}\n\n", part.title("Cheat sheet"));
    out.push_str(&format!(
        "Every async-std path this guide maps ({}), with its {} and {} equivalents. \
         Follow a path for the notes and examples.\n\n",
        options.source_label, options.tokio_label, options.smol_label
    ));
    out.push_str(&super::part_note(modules, part));
    let statuses = modules.iter().flat_map(|m| m.entries.iter()).flat_map(|e| e.targets.iter().map(|t| t.status));
    out.push_str(&legend(statuses));
    out.push_str(&table_open("Cheat sheet"));
    out.push_str("| async-std | Tokio | smol |\n|---|---|---|\n");
    for module in modules {
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
