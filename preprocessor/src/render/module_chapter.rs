use super::table::{TableRow, filter_table};
use super::{
    RenderOptions, api_flags, api_link, auto_member_anchor, badge, legend, short_path, table_link, target_cell,
};
use crate::coverage::AutoMatch;
use crate::markdown::{code_block, table_cell};
use crate::model::Runtime;
use crate::resolve::{ResolvedEntry, ResolvedModule};
use std::collections::BTreeMap;

/// The chapter of one async-std module: intro, legend, comparison table, one section per item.
pub fn module_chapter(
    module: &ResolvedModule,
    auto_matches: &BTreeMap<String, Vec<AutoMatch>>,
    options: &RenderOptions,
) -> String {
    let mut out = format!("# {}\n\n", module.title);
    let source = match edit_url(options, &module.file, 1) {
        Some(url) => format!("[`{}`]({url})", module.file),
        None => format!("`{}`", module.file),
    };
    out.push_str(&format!(
        "How to replace `{}` ({}) with {} or {}. Generated from {source}.\n\n",
        module.module, options.source_label, options.tokio_label, options.smol_label,
    ));
    if let Some(intro) = &module.intro {
        out.push_str(intro.trim_end());
        out.push_str("\n\n");
    }
    let statuses = module.entries.iter().flat_map(|e| e.targets.iter().map(|t| t.status));
    out.push_str(&legend(statuses));
    out.push_str(&comparison_table(module));
    for entry in &module.entries {
        let matches = auto_matches.get(&entry.path).map(Vec::as_slice).unwrap_or_default();
        out.push_str(&entry_section(module, entry, matches, options));
    }
    out
}

fn comparison_table(module: &ResolvedModule) -> String {
    let rows: Vec<TableRow> =
        module.entries.iter().map(|entry| entry_row(entry, &format!("#{}", entry.anchor))).collect();
    filter_table(&module.title, &["async-std", "Tokio", "smol"], &rows)
}

/// The row of an entry in a three-column table (a module's table, the cheat sheet), its path
/// linking to `href`.
pub(super) fn entry_row(entry: &ResolvedEntry, href: &str) -> TableRow {
    let (tokio, smol) = (entry.target(Runtime::Tokio), entry.target(Runtime::Smol));
    TableRow {
        name: short_path(&entry.path).to_string(),
        cells: vec![
            table_link(short_path(&entry.path), href),
            target_cell(tokio.status, &tokio.paths),
            target_cell(smol.status, &smol.paths),
        ],
        statuses: vec![tokio.status, smol.status],
    }
}

fn entry_section(
    module: &ResolvedModule,
    entry: &ResolvedEntry,
    matches: &[AutoMatch],
    options: &RenderOptions,
) -> String {
    // The full path is in the heading text too, so search finds `async_std::task::spawn`.
    let mut out = format!("## `{}` {{#{}}}\n\n", short_path(&entry.path), entry.anchor);
    if let Some(summary) = &entry.summary {
        out.push_str(&table_cell(summary));
        out.push_str("\n\n");
    }
    let flags = api_flags(&entry.source);
    out.push_str(&format!(
        "**async-std:** {}{}",
        api_link(&entry.source),
        if flags.is_empty() { String::new() } else { format!(" {flags}") }
    ));
    out.push_str(&search_terms(entry));
    if let Some(url) = edit_url(options, &module.file, entry.line) {
        out.push_str(&format!(" · <span class=\"apimap-edit\">[edit this mapping]({url})</span>"));
    }
    out.push_str("\n\n");
    for target in &entry.targets {
        let paths: Vec<String> = target
            .paths
            .iter()
            .map(|p| {
                let flags = api_flags(p);
                if flags.is_empty() { api_link(p) } else { format!("{} {flags}", api_link(p)) }
            })
            .collect();
        let paths = if paths.is_empty() { "no equivalent".to_string() } else { paths.join(", ") };
        out.push_str(&format!("**{}:** {} {}\n\n", target.runtime.display(), badge(target.status), paths));
        if let Some(note) = &target.note {
            out.push_str(note.trim_end());
            out.push_str("\n\n");
        }
    }
    out.push_str(&matched_members(&entry.path, matches));
    let examples: Vec<(&str, &String)> = std::iter::once(("async-std", entry.example.as_ref()))
        .chain(entry.targets.iter().map(|t| (t.runtime.display(), t.example.as_ref())))
        .filter_map(|(label, example)| example.map(|e| (label, e)))
        .collect();
    if !examples.is_empty() {
        out.push_str("<div class=\"apimap-examples\">\n\n");
        for (label, code) in examples {
            out.push_str(&format!("*Example ({label}):*\n\n{}\n", code_block("rust", code)));
        }
        out.push_str("</div>\n\n");
    }
    if !entry.see_also.is_empty() {
        let links: Vec<String> =
            entry
                .see_also
                .iter()
                .map(|s| {
                    if s.is_code {
                        format!("[`{}`]({})", s.label, s.href)
                    } else {
                        format!("[{}]({})", s.label, s.href)
                    }
                })
                .collect();
        out.push_str(&format!("See also: {}\n\n", links.join(", ")));
    }
    out
}

pub(super) fn edit_url(options: &RenderOptions, file: &str, line: u64) -> Option<String> {
    options.edit_url_template.as_ref().map(|t| t.replace("{path}", file).replace("{line}", &line.to_string()))
}

/// Members without their own entry that have a same-named member in the target type,
/// one line per member: `lock` → Tokio `tokio::sync::Mutex::lock`, smol `async_lock::Mutex::lock`.
/// Each line has the member's anchor, where the site's search sends `Mutex::lock`.
fn matched_members(entry_path: &str, matches: &[AutoMatch]) -> String {
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
        let links: Vec<String> =
            targets.iter().map(|m| format!("{} {}{}", m.runtime.display(), api_link(&m.target), lost(m))).collect();
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
fn search_terms(entry: &ResolvedEntry) -> String {
    let segments = |path: &str| path.rsplit("::").take(2).map(str::to_string).collect::<Vec<_>>();
    let mut names: Vec<String> = segments(&entry.path);
    for target in &entry.targets {
        for path in &target.paths {
            names.extend(segments(&path.path));
        }
    }
    names.retain(|n| n != "async_std");
    names.sort();
    names.dedup();
    format!(" <span class=\"apimap-terms\" hidden>{}</span>", names.join(" "))
}
