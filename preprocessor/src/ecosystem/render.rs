//! Render: the "Your dependencies" chapter body. It follows the chapter's hand-written intro:
//! a filterable table (the theme's filter, as on the cheat sheet) and one section per crate.

use super::lookup::{Ecosystem, EcosystemEntry, EcosystemOption};
use super::resolution::Record;
use crate::markdown::{APIMAP_SCHEME, code_block, rewrite_links, table_cell};
use crate::model::Status;
use crate::render::table::{TableRow, filter_table};
use crate::render::{RenderOptions, badge, legend};
use crate::resolve::EntryIndex;

/// The generated part of the chapter at `chapter` (relative to `src/`).
pub fn chapter_body(ecosystem: &Ecosystem, index: &EntryIndex, chapter: &str, options: &RenderOptions) -> String {
    let labels: Vec<&str> = options.targets.iter().map(|t| t.label.as_str()).collect();
    let mut out = format!(
        "\n\n## The crates\n\n{} crates. Every line below was resolved by cargo (`cargo xtask ecosystem`): the \
         {} options do not pull {}, and the source line does.\n\n",
        ecosystem.entries.len(),
        crate::plain_text::join_words(&labels, "and"),
        options.source_name
    );
    let statuses = ecosystem.entries.iter().flat_map(|e| e.options.iter().map(|o| o.status));
    out.push_str(&legend(statuses));
    let rows: Vec<TableRow> = ecosystem
        .entries
        .iter()
        .map(|entry| TableRow {
            name: entry.name.clone(),
            cells: [
                format!("[`{}`](#{})", entry.name, entry.anchor()),
                format!("`{}`: {}", table_cell(&entry.versions), table_cell(&pulled_by(entry))),
            ]
            .into_iter()
            .chain(entry.options.iter().map(option_cell))
            .collect(),
            statuses: entry.options.iter().map(|o| o.status).collect(),
        })
        .collect();
    let pulls = format!("what pulls {}", options.source_name);
    let headers: Vec<&str> = ["crate", pulls.as_str()].into_iter().chain(labels).collect();
    out.push_str(&filter_table("Your dependencies", &headers, &rows, &options.filter_placeholder));
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
    let crates = (options.source_name.as_str(), options.targets.first().map_or("", |t| t.krate.as_str()));
    let mut out = format!("## `{}` {{#{}}}\n\n", entry.name, entry.anchor());
    out.push_str(&format!("{}\n\n", table_cell(&entry.summary)));
    out.push_str(&format!(
        "**Versions covered:** `{}` · **pulls {}:** {}",
        entry.versions,
        options.source_name,
        pulled_by(entry)
    ));
    if let Some(url) = options.edit_url_template.as_ref() {
        let url = url.replace("{path}", &entry.file).replace("{line}", &entry.line.to_string());
        out.push_str(&format!(" · <span class=\"apimap-edit\">[edit this entry]({url})</span>"));
    }
    out.push_str(&format!("\n\nThis line pulls {}:\n\n", options.source_name));
    out.push_str(&code_block("toml", &entry.source));
    if let Some(record) = &entry.source_resolution {
        out.push_str(&format!("\n{}\n", facts(record, crates)));
    }
    for (option, labels) in entry.options.iter().zip(&options.targets) {
        out.push_str(&format!("\n### {} {}\n\n", labels.label, badge(option.status)));
        if !option.dependencies.is_empty() {
            out.push_str(&code_block("toml", &option.dependencies.join("\n")));
            out.push('\n');
        }
        if let Some(record) = &option.resolution {
            let prefix = if option.status == Status::None { "With no features at all: " } else { "" };
            out.push_str(&format!("{prefix}{}\n\n", facts(record, crates)));
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

/// What cargo resolved, in one sentence: the source crate (`crates.0`) and the first target's
/// crate (`crates.1`) in the graph or not.
fn facts(record: &Record, (source, first): (&str, &str)) -> String {
    let resolved = record.resolved.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ");
    let source = match (record.version_of(source), &record.route) {
        (Some(v), Some(route)) => format!("{source} {v} **is** in the graph ({})", table_cell(route)),
        (Some(v), None) => format!("{source} {v} **is** in the graph"),
        (None, _) => format!("no {source}"),
    };
    let first = match record.version_of(first) {
        Some(v) => format!("{first} {v}"),
        None => format!("no {first}"),
    };
    format!("<span class=\"apimap-verified\">cargo resolved {resolved}: {source}; {first}.</span>")
}

#[cfg(test)]
mod tests;
