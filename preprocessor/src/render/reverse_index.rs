use super::{Part, RenderOptions, TABLE_CLOSE, api_link, badge, short_path, table_open};
use crate::markdown::table_cell;
use crate::model::Runtime;
use crate::resolve::{ApiLink, ResolvedModule, relative_href};
use std::collections::BTreeMap;

/// From a target's paths back to the async-std items that map to them: for readers who
/// know the Tokio (or smol) API and meet async-std code. `part` as for the cheat sheet.
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
    let mut by_target: BTreeMap<&str, (&ApiLink, Vec<String>)> = BTreeMap::new();
    for module in modules {
        for entry in &module.entries {
            let target = entry.target(runtime);
            for path in &target.paths {
                let link = format!(
                    "[`{}`]({}#{}) {}",
                    short_path(&entry.path),
                    relative_href(chapter, &module.chapter),
                    entry.anchor,
                    badge(target.status)
                );
                by_target.entry(&path.path).or_insert((path, Vec::new())).1.push(link);
            }
        }
    }
    let mut out = format!("# {}\n\n", part.title(&format!("{} index", runtime.display())));
    out.push_str(&format!(
        "Every {label} path the guide recommends, and the async-std items ({}) it replaces.\n\n",
        options.source_label
    ));
    out.push_str(&super::part_note(modules, part));
    out.push_str(&table_open(&format!("{} index", runtime.display())));
    out.push_str(&format!("| {} | replaces (async-std) |\n|---|---|\n", runtime.display()));
    for (link, sources) in by_target.values() {
        out.push_str(&format!("| {} | {} |\n", table_cell(&api_link(link)), table_cell(&sources.join(", "))));
    }
    out.push_str(TABLE_CLOSE);
    out
}
