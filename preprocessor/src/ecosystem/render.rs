//! Render: the "Your dependencies" chapter body. It follows the chapter's hand-written intro:
//! a filterable table (the theme's filter, as on the cheat sheet) and one section per crate.

use super::lookup::{Ecosystem, EcosystemEntry, EcosystemOption};
use super::resolution::Record;
use crate::markdown::{APIMAP_SCHEME, code_block, rewrite_links, table_cell};
use crate::model::{Runtime, Status};
use crate::render::table::{TableRow, filter_table};
use crate::render::{RenderOptions, badge, legend};
use crate::resolve::EntryIndex;

/// The generated part of the chapter at `chapter` (relative to `src/`).
pub fn chapter_body(ecosystem: &Ecosystem, index: &EntryIndex, chapter: &str, options: &RenderOptions) -> String {
    let mut out = format!(
        "\n\n## The crates\n\n{} crates. Every line below was resolved by cargo (`cargo xtask ecosystem`): the \
         Tokio and smol options do not pull async-std, and the source line does.\n\n",
        ecosystem.entries.len()
    );
    let statuses = ecosystem.entries.iter().flat_map(|e| Runtime::ALL.map(|r| e.option(r).status));
    out.push_str(&legend(statuses));
    let rows: Vec<TableRow> = ecosystem
        .entries
        .iter()
        .map(|entry| TableRow {
            name: entry.name.clone(),
            cells: vec![
                format!("[`{}`](#{})", entry.name, entry.anchor()),
                format!("`{}`: {}", table_cell(&entry.versions), table_cell(&pulled_by(entry))),
                option_cell(entry.option(Runtime::Tokio)),
                option_cell(entry.option(Runtime::Smol)),
            ],
            statuses: Runtime::ALL.iter().map(|r| entry.option(*r).status).collect(),
        })
        .collect();
    out.push_str(&filter_table("Your dependencies", &["crate", "what pulls async-std", "Tokio", "smol"], &rows));
    for entry in &ecosystem.entries {
        out.push_str(&section(entry, index, chapter, options));
    }
    out
}

/// The features that pull async-std, or "every build".
fn pulled_by(entry: &EcosystemEntry) -> String {
    if entry.features.is_empty() {
        "every build".into()
    } else {
        entry.features.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
    }
}

/// Badge and the crates of the option, with their features.
fn option_cell(option: &EcosystemOption) -> String {
    let crates: Vec<String> = option
        .dependencies
        .iter()
        .filter_map(|line| super::dependency::parse(line).ok())
        .map(|d| {
            let features = if d.features.is_empty() {
                String::new()
            } else {
                format!(" ({})", d.features.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "))
            };
            format!("`{}` {}{features}", d.package, d.version)
        })
        .collect();
    let rest = if crates.is_empty() { "—".to_string() } else { crates.join(" + ") };
    table_cell(&format!("{} {rest}", badge(option.status)))
}

fn section(entry: &EcosystemEntry, index: &EntryIndex, chapter: &str, options: &RenderOptions) -> String {
    let mut out = format!("## `{}` {{#{}}}\n\n", entry.name, entry.anchor());
    out.push_str(&format!("{}\n\n", table_cell(&entry.summary)));
    out.push_str(&format!("**Versions covered:** `{}` · **pulls async-std:** {}", entry.versions, pulled_by(entry)));
    if let Some(url) = options.edit_url_template.as_ref() {
        let url = url.replace("{path}", &entry.file).replace("{line}", &entry.line.to_string());
        out.push_str(&format!(" · <span class=\"apimap-edit\">[edit this entry]({url})</span>"));
    }
    out.push_str("\n\nThis line pulls async-std:\n\n");
    out.push_str(&code_block("toml", &entry.source));
    if let Some(record) = &entry.source_resolution {
        out.push_str(&format!("\n{}\n", facts(record)));
    }
    for runtime in Runtime::ALL {
        let option = entry.option(runtime);
        out.push_str(&format!("\n### {} {}\n\n", runtime.display(), badge(option.status)));
        if !option.dependencies.is_empty() {
            out.push_str(&code_block("toml", &option.dependencies.join("\n")));
            out.push('\n');
        }
        if let Some(record) = &option.resolution {
            let prefix = if option.status == Status::None { "With no features at all: " } else { "" };
            out.push_str(&format!("{prefix}{}\n\n", facts(record)));
        }
        if let Some(note) = &option.note {
            let note = rewrite_links(note, |site| {
                site.dest.strip_prefix(APIMAP_SCHEME).and_then(|path| index.href(chapter, path))
            });
            out.push_str(note.trim_end());
            out.push_str("\n\n");
        }
    }
    out
}

/// What cargo resolved, in one sentence.
fn facts(record: &Record) -> String {
    let resolved = record.resolved.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ");
    let async_std = match (&record.async_std, &record.route) {
        (Some(v), Some(route)) => format!("async-std {v} **is** in the graph ({})", table_cell(route)),
        (Some(v), None) => format!("async-std {v} **is** in the graph"),
        (None, _) => "no async-std".into(),
    };
    let tokio = match &record.tokio {
        Some(v) => format!("tokio {v}"),
        None => "no tokio".into(),
    };
    format!("<span class=\"apimap-verified\">cargo resolved {resolved}: {async_std}; {tokio}.</span>")
}

#[cfg(test)]
mod tests;
