use super::table::{TableRow, filter_table};
use super::templates::{data, fragment};
use super::{
    RenderOptions, api_flags, api_link, auto_member_anchor, badge, legend, short_path, table_link, target_cell,
};
use crate::coverage::AutoMatch;
use crate::markdown::{code_block, table_cell};
use crate::resolve::{ResolvedEntry, ResolvedModule};
use serde_json::Value;
use std::collections::BTreeMap;

/// The chapter of one async-std module: intro, legend, comparison table, one section per item.
pub fn module_chapter(
    module: &ResolvedModule,
    auto_matches: &BTreeMap<String, Vec<AutoMatch>>,
    options: &RenderOptions,
) -> String {
    let statuses = module.entries.iter().flat_map(|e| e.targets.iter().map(|t| t.status));
    let entries: Vec<Value> = module
        .entries
        .iter()
        .map(|entry| {
            let matches = auto_matches.get(&entry.path).map(Vec::as_slice).unwrap_or_default();
            entry_with_section(module, entry, matches, options)
        })
        .collect();
    let data = data([
        ("title", module.title.as_str().into()),
        ("module", module.module.as_str().into()),
        ("source_label", options.source_label.as_str().into()),
        ("targets", options.pinned_targets("or").into()),
        ("file", module.file.as_str().into()),
        ("edit_url", edit_url(options, &module.file, 1).into()),
        ("intro", module.intro.as_ref().map(|intro| fragment(intro.trim_end())).into()),
        ("legend", fragment(legend(statuses))),
        ("table", fragment(comparison_table(module, options))),
        ("entries", Value::Array(entries)),
    ]);
    options.templates.render("module-chapter", data)
}

fn comparison_table(module: &ResolvedModule, options: &RenderOptions) -> String {
    let rows: Vec<TableRow> =
        module.entries.iter().map(|entry| entry_row(entry, &format!("#{}", entry.anchor))).collect();
    filter_table(&module.title, &options.table_headers(), &rows, &options.filter_placeholder)
}

/// The row of an entry in a comparison table (a module's table, the cheat sheet): its path
/// linking to `href`, then a column per target.
pub(super) fn entry_row(entry: &ResolvedEntry, href: &str) -> TableRow {
    let link = table_link(short_path(&entry.path), href);
    let targets = entry.targets.iter().map(|t| target_cell(t.status, &t.paths));
    TableRow {
        name: short_path(&entry.path).to_string(),
        cells: std::iter::once(link).chain(targets).collect(),
        statuses: entry.targets.iter().map(|t| t.status).collect(),
    }
}

/// An entry's data, with its `section` already rendered by the `entry` template, on its own:
/// a partial (`{{> entry}}`) copies the entry's data, and every value the partial reads again,
/// which made up half of a module chapter's rendering. The default module chapter writes the
/// sections; a book's own may still write `{{> entry}}` (the same text, rendered again).
fn entry_with_section(
    module: &ResolvedModule,
    entry: &ResolvedEntry,
    matches: &[AutoMatch],
    options: &RenderOptions,
) -> Value {
    let (section, mut data) = options.templates.render_and_return("entry", entry_data(module, entry, matches, options));
    if let Value::Object(fields) = &mut data {
        fields.insert("section".to_owned(), fragment(section));
    }
    data
}

/// The data of the `entry` template: one entry's section.
fn entry_data(module: &ResolvedModule, entry: &ResolvedEntry, matches: &[AutoMatch], options: &RenderOptions) -> Value {
    let flags = api_flags(&entry.source);
    let source =
        if flags.is_empty() { api_link(&entry.source) } else { format!("{} {flags}", api_link(&entry.source)) };
    let targets: Vec<Value> = entry
        .targets
        .iter()
        .map(|target| {
            let paths: Vec<String> = target
                .paths
                .iter()
                .map(|p| {
                    let flags = api_flags(p);
                    if flags.is_empty() { api_link(p) } else { format!("{} {flags}", api_link(p)) }
                })
                .collect();
            let paths = if paths.is_empty() { "no equivalent".to_string() } else { paths.join(", ") };
            data([
                ("label", options.label(target.id).into()),
                ("badge", fragment(badge(target.status))),
                ("status", target.status.as_str().into()),
                ("paths", fragment(paths)),
                ("note", target.note.as_ref().map(|note| fragment(note.trim_end())).into()),
            ])
        })
        .collect();
    let examples: Vec<Value> = std::iter::once((options.source_name.as_str(), entry.example.as_ref()))
        .chain(entry.targets.iter().map(|t| (options.label(t.id), t.example.as_ref())))
        .filter_map(|(label, example)| {
            example.map(|e| data([("label", label.into()), ("code", fragment(code_block("rust", e)))]))
        })
        .collect();
    data([
        // The full path is in the heading text too, so search finds `async_std::task::spawn`.
        ("short_path", short_path(&entry.path).into()),
        ("path", entry.path.as_str().into()),
        ("anchor", entry.anchor.as_str().into()),
        ("heading_id", fragment(format!("{{#{}}}", entry.anchor))),
        ("summary", entry.summary.as_ref().map(|summary| fragment(table_cell(summary))).into()),
        ("source_name", options.source_name.as_str().into()),
        ("source", fragment(source)),
        ("search_terms", fragment(search_terms(entry, &options.source_root))),
        ("edit_url", edit_url(options, &module.file, entry.line).into()),
        ("targets", Value::Array(targets)),
        ("matched_members", fragment(matched_members(&entry.path, matches, options))),
        ("examples", Value::Array(examples)),
        ("see_also", (!entry.see_also.is_empty()).then(|| fragment(see_also(entry))).into()),
    ])
}

/// The "see also" links of an entry, joined.
fn see_also(entry: &ResolvedEntry) -> String {
    let links: Vec<String> = entry
        .see_also
        .iter()
        .map(|s| if s.is_code { format!("[`{}`]({})", s.label, s.href) } else { format!("[{}]({})", s.label, s.href) })
        .collect();
    links.join(", ")
}

pub(super) fn edit_url(options: &RenderOptions, file: &str, line: u64) -> Option<String> {
    options.edit_url_template.as_ref().map(|t| t.replace("{path}", file).replace("{line}", &line.to_string()))
}

/// Members without their own entry that have a same-named member in the target type,
/// one line per member: `lock` → Tokio `tokio::sync::Mutex::lock`, smol `async_lock::Mutex::lock`.
/// Each line has the member's anchor, where the site's search sends `Mutex::lock`.
fn matched_members(entry_path: &str, matches: &[AutoMatch], options: &RenderOptions) -> String {
    if matches.is_empty() {
        return String::new();
    }
    let mut by_member: BTreeMap<&str, Vec<&AutoMatch>> = BTreeMap::new();
    for m in matches {
        by_member.entry(m.member.rsplit("::").next().unwrap_or(&m.member)).or_default().push(m);
    }
    let mut out = String::from(
        "<div class=\"apimap-auto\">\n\n*Members matched by name (checked in the inventories; same name, read the docs for signatures):*\n\n",
    );
    for (name, targets) in by_member {
        let links: Vec<String> = targets
            .iter()
            .map(|m| format!("{} {}{}", options.label(m.target_id), api_link(&m.target), lost(m)))
            .collect();
        let anchor = auto_member_anchor(&format!("{entry_path}::{name}"));
        out.push_str(&format!(
            "- <span class=\"apimap-member\" id=\"{anchor}\">`{name}`</span> → {}\n",
            links.join(", ")
        ));
    }
    out.push_str("\n</div>\n\n");
    out
}

/// What an automatic match loses (fixed words of the signature check, safe as Markdown).
fn lost(m: &AutoMatch) -> String {
    if m.differences.is_empty() {
        return String::new();
    }
    format!(" (same name, different signature: {})", m.differences.join(", "))
}

/// The bare names of an entry and its equivalents, as separate words for mdBook's search,
/// which splits only on whitespace and `-` (so `task::JoinHandle` alone never matches
/// `JoinHandle`). Hidden on the page; names are validated identifiers, so safe as HTML.
fn search_terms(entry: &ResolvedEntry, source_root: &str) -> String {
    let segments = |path: &str| path.rsplit("::").take(2).map(str::to_string).collect::<Vec<_>>();
    let mut names: Vec<String> = segments(&entry.path);
    for target in &entry.targets {
        for path in &target.paths {
            names.extend(segments(&path.path));
        }
    }
    names.retain(|n| n != source_root);
    names.sort();
    names.dedup();
    format!(" <span class=\"apimap-terms\" hidden>{}</span>", names.join(" "))
}
