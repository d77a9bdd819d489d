use super::table::{TableRow, filter_table};
use super::{Part, RenderOptions, badge, short_path, table_link};
use crate::markdown::table_cell;
use crate::model::{Runtime, Status};
use crate::resolve::{ApiLink, ResolvedModule, relative_href};
use std::collections::BTreeMap;

/// From a target's paths back to the async-std items that map to them: for readers who
/// know the Tokio (or smol) API and meet async-std code. `modules` and `part` as for the cheat
/// sheet: a split index lists, on each page, the targets of that page's modules.
pub fn reverse_index(
    modules: &[ResolvedModule],
    runtime: Runtime,
    chapter: &str,
    part: Part,
    options: &RenderOptions,
) -> String {
    let label = match runtime {
        Runtime::Tokio => &options.tokio_label,
        Runtime::Smol => &options.smol_label,
    };
    let mut by_target: BTreeMap<&str, (&ApiLink, Vec<String>, Vec<Status>)> = BTreeMap::new();
    for module in modules {
        for entry in &module.entries {
            let target = entry.target(runtime);
            for path in &target.paths {
                let href = format!("{}#{}", relative_href(chapter, &module.chapter), entry.anchor);
                let link = format!("{} {}", table_link(short_path(&entry.path), &href), badge(target.status));
                let row = by_target.entry(&path.path).or_insert((path, Vec::new(), Vec::new()));
                row.1.push(link);
                row.2.push(target.status);
            }
        }
    }
    let mut out = format!("# {}\n\n", part.title(&format!("{} index", runtime.display())));
    out.push_str(&format!(
        "Every {label} path the guide recommends, and the async-std items ({}) it replaces.\n\n",
        options.source_label
    ));
    out.push_str(&super::part_note(modules, part));
    let rows: Vec<TableRow> = by_target
        .values()
        .map(|(link, sources, statuses)| TableRow {
            name: link.path.clone(),
            cells: vec![table_cell(&table_link(&link.path, &link.url)), table_cell(&sources.join(", "))],
            statuses: statuses.clone(),
        })
        .collect();
    out.push_str(&filter_table(
        &format!("{} index", runtime.display()),
        &[runtime.display(), "replaces (async-std)"],
        &rows,
    ));
    out
}
