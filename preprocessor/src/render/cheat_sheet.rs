use super::module_chapter::entry_row;
use super::table::{TableRow, filter_table};
use super::templates::{data, fragment};
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
    let statuses = modules.iter().flat_map(|m| m.entries.iter()).flat_map(|e| e.targets.iter().map(|t| t.status));
    let legend = legend(statuses);
    let rows: Vec<TableRow> = modules
        .iter()
        .flat_map(|module| {
            let href = relative_href(chapter, &module.chapter);
            module.entries.iter().map(move |entry| entry_row(entry, &format!("{href}#{}", entry.anchor)))
        })
        .collect();
    let table = filter_table(&options.cheat_sheet_title, &options.table_headers(), &rows, &options.filter_placeholder);
    let data = data([
        ("title", part.title(&options.cheat_sheet_title).into()),
        ("source_name", options.source_name.as_str().into()),
        ("source_label", options.source_label.as_str().into()),
        ("targets", options.pinned_targets("and").into()),
        ("part_note", fragment(super::part_note(modules, part))),
        ("legend", fragment(legend)),
        ("table", fragment(table)),
        ("api_index", fragment(api_index)),
    ]);
    options.templates.render("cheat-sheet", data)
}
