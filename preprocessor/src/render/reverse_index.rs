use super::table::{TableRow, filter_table};
use super::templates::{data, fragment};
use super::{Part, RenderOptions, TargetLabels, badge, short_path, table_link};
use crate::markdown::table_cell;
use crate::model::{Status, TargetId};
use crate::resolve::{ApiLink, ResolvedModule, relative_href};
use std::collections::BTreeMap;

/// From a target's paths back to the source items that map to them: for readers who know
/// the target's API and meet code written for the source crate. `modules` and `part` as for
/// the cheat sheet: a split index lists, on each page, the targets of that page's modules.
pub fn reverse_index(
    modules: &[ResolvedModule],
    id: TargetId,
    chapter: &str,
    part: Part,
    options: &RenderOptions,
) -> String {
    let TargetLabels { label, pinned, .. } = &options.targets[id.0];
    let mut by_target: BTreeMap<&str, (&ApiLink, Vec<String>, Vec<Status>)> = BTreeMap::new();
    for module in modules {
        for entry in &module.entries {
            let target = entry.target(id);
            for path in &target.paths {
                let href = format!("{}#{}", relative_href(chapter, &module.chapter), entry.anchor);
                let link = format!("{} {}", table_link(short_path(&entry.path), &href), badge(target.status));
                let row = by_target.entry(&path.path).or_insert((path, Vec::new(), Vec::new()));
                row.1.push(link);
                row.2.push(target.status);
            }
        }
    }
    let title = options.index_title.replace("{label}", label);
    let rows: Vec<TableRow> = by_target
        .values()
        .map(|(link, sources, statuses)| TableRow {
            name: link.path.clone(),
            cells: vec![table_cell(&table_link(&link.path, &link.url)), table_cell(&sources.join(", "))],
            statuses: statuses.clone(),
        })
        .collect();
    let replaces = format!("replaces ({})", options.source_name);
    let table = filter_table(&title, &[label, &replaces], &rows, &options.filter_placeholder);
    let data = data([
        ("title", part.title(&title).into()),
        ("label", label.as_str().into()),
        ("pinned", pinned.as_str().into()),
        ("source_name", options.source_name.as_str().into()),
        ("source_label", options.source_label.as_str().into()),
        ("part_note", fragment(super::part_note(modules, part))),
        ("table", fragment(table)),
    ]);
    options.templates.render("reverse-index", data)
}
