use super::module_chapter::entry_row;
use super::table::{TableRow, filter_table};
use super::{RenderOptions, legend};
use crate::resolve::{ResolvedBook, relative_href};

/// Every mapping of the book in one table, linking each row to its section. `api_index` is the
/// search data (see [`super::api_index_json`]): it rides on this page, which the site's search
/// fetches when it first needs it, and which the table's filter reads directly.
pub fn cheat_sheet(book: &ResolvedBook, chapter: &str, options: &RenderOptions, api_index: &str) -> String {
    let mut out = format!("# {}\n\n", options.cheat_sheet_title);
    out.push_str(&format!(
        "Every {} path this guide maps ({}), with its {} equivalents. \
         Follow a path for the notes and examples.\n\n",
        options.source_name,
        options.source_label,
        options.pinned_targets("and")
    ));
    let statuses = book.modules.iter().flat_map(|m| m.entries.iter()).flat_map(|e| e.targets.iter().map(|t| t.status));
    out.push_str(&legend(statuses));
    let rows: Vec<TableRow> = book
        .modules
        .iter()
        .flat_map(|module| {
            let href = relative_href(chapter, &module.chapter);
            module.entries.iter().map(move |entry| entry_row(entry, &format!("{href}#{}", entry.anchor)))
        })
        .collect();
    out.push_str(&filter_table(
        &options.cheat_sheet_title,
        &options.table_headers(),
        &rows,
        &options.filter_placeholder,
    ));
    out.push_str(api_index);
    out
}
