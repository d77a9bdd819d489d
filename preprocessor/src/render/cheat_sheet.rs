use super::module_chapter::entry_row;
use super::table::{TableRow, filter_table};
use super::templates::fragment;
use super::{RenderOptions, legend};
use crate::resolve::{ResolvedBook, relative_href};
use serde_json::json;

/// Every mapping of the book in one table, linking each row to its section. `api_index` is the
/// search data (see [`super::api_index_json`]): it rides on this page, which the site's search
/// fetches when it first needs it, and which the table's filter reads directly.
pub fn cheat_sheet(book: &ResolvedBook, chapter: &str, options: &RenderOptions, api_index: &str) -> String {
    let statuses = book.modules.iter().flat_map(|m| m.entries.iter()).flat_map(|e| e.targets.iter().map(|t| t.status));
    let legend = legend(statuses);
    let rows: Vec<TableRow> = book
        .modules
        .iter()
        .flat_map(|module| {
            let href = relative_href(chapter, &module.chapter);
            module.entries.iter().map(move |entry| entry_row(entry, &format!("{href}#{}", entry.anchor)))
        })
        .collect();
    let table = filter_table(&options.cheat_sheet_title, &options.table_headers(), &rows, &options.filter_placeholder);
    let data = json!({
        "title": options.cheat_sheet_title,
        "source_name": options.source_name,
        "source_label": options.source_label,
        "targets": options.pinned_targets("and"),
        "legend": fragment(legend),
        "table": fragment(table),
        "api_index": fragment(api_index),
    });
    options.templates.render("cheat-sheet", data)
}
