use super::module_chapter::entry_row;
use super::table::{TableRow, filter_table};
use super::{Part, RenderOptions, legend};
use crate::resolve::{ResolvedModule, relative_href};

/// Every mapping of `modules` in one table, linking each row to its section. `api_index` is the
/// search data (see [`super::api_index_script`]): it rides on this page (the first part when the
/// book's cheat sheet is split, see [`super::entry_pages`]), which the site's search fetches
/// when it first needs it, and which the table's filter reads directly.
pub fn cheat_sheet(
    modules: &[ResolvedModule],
    chapter: &str,
    part: Part,
    options: &RenderOptions,
    api_index: &str,
) -> String {
    let mut out = format!("# {}\n\n", part.title("Cheat sheet"));
    out.push_str(&format!(
        "Every async-std path this guide maps ({}), with its {} and {} equivalents. \
         Follow a path for the notes and examples.\n\n",
        options.source_label, options.tokio_label, options.smol_label
    ));
    out.push_str(&super::part_note(modules, part));
    let statuses = modules.iter().flat_map(|m| m.entries.iter()).flat_map(|e| e.targets.iter().map(|t| t.status));
    out.push_str(&legend(statuses));
    let rows: Vec<TableRow> = modules
        .iter()
        .flat_map(|module| {
            let href = relative_href(chapter, &module.chapter);
            module.entries.iter().map(move |entry| entry_row(entry, &format!("{href}#{}", entry.anchor)))
        })
        .collect();
    out.push_str(&filter_table("Cheat sheet", &["async-std", "Tokio", "smol"], &rows));
    out.push_str(api_index);
    out
}
