//! The text of a synthetic book: book.toml, map files and inventories. Entry `i` is the type
//! `Item<i>` of module `m<i / per_file>` in every crate; its statuses cycle through all cases.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// A crate with a synthetic inventory, pinned as the real book pins it.
pub struct Crate {
    pub name: &'static str,
    pub version: &'static str,
    pub root: &'static str,
}

pub const CRATES: [Crate; 3] = [
    Crate { name: "async-std", version: "1.13.2", root: "async_std" },
    Crate { name: "tokio", version: "1.54.1", root: "tokio" },
    Crate { name: "smol", version: "2.0.2", root: "smol" },
];

/// Members of one synthetic type in ten, in every crate (coverage matches them by name).
const MEMBERS: [&str; 2] = ["new", "poll_ready"];

pub fn module_name(module: usize) -> String {
    format!("m{module:04}")
}

fn item_name(entry: usize) -> String {
    format!("Item{entry:06}")
}

fn item_path(krate: &Crate, module: usize, entry: usize) -> String {
    format!("{}::{}::{}", krate.root, module_name(module), item_name(entry))
}

pub fn book_toml(workspace: &Path, entries: usize) -> String {
    let manifest = workspace.join("Cargo.toml");
    let manifest = manifest.to_string_lossy().replace('\\', "/");
    format!(
        r#"[book]
title = "Synthetic API map ({entries} entries)"
language = "en"
src = "src"

[build]
create-missing = false

[preprocessor.apimap]
command = "cargo run --quiet --release --locked --manifest-path {manifest} -p mdbook-apimap --no-default-features --features preprocessor --"
renderers = ["html"]
maps = "api-maps"
inventories = "inventories"
parent = "api-map.md"
generated-dir = "api-map"
source = {{ crate = "async-std", version = "1.13.2" }}
targets = [
    {{ key = "tokio", crate = "tokio", version = "1.54.1", label = "Tokio" }},
    {{ key = "smol", crate = "smol", version = "2.0.2", label = "smol" }},
]
filter-placeholder = "spawn, JoinHandle, tokio::sync…"
edit-url-template = "https://example.com/edit/{{path}}#L{{line}}"

[output.html]
additional-css = ["theme/apimap.css"]
additional-js = ["theme/apimap.js"]
"#
    )
}

/// One map file: module `module`, with the entries `range`.
pub fn map_file(module: usize, range: Range<usize>) -> String {
    let mut out = String::new();
    let name = module_name(module);
    writeln!(out, "module: async_std::{name}\ntitle: Synthetic module {module}").unwrap();
    out.push_str("intro: |\n  Synthetic entries for `cargo xtask bench`: every status, notes, examples and links.\n");
    out.push_str("entries:\n");
    let [source, tokio, smol] = &CRATES;
    let first = range.start;
    for entry in range {
        let path = item_path(source, module, entry);
        writeln!(out, "  - path: {path}").unwrap();
        writeln!(out, "    summary: Synthetic type number {entry}, with `{}`.", MEMBERS.join("` and `")).unwrap();
        // The previous entry; for the first of a file it is in the previous file.
        let previous_module = if entry == first { module.saturating_sub(1) } else { module };
        let previous = entry.checked_sub(1).map(|p| item_path(source, previous_module, p));
        let (tokio_status, smol_status) = match entry % 5 {
            0 => ("drop-in", "drop-in"),
            1 => ("similar", "drop-in"),
            2 => ("different", "similar"),
            3 => ("none", "drop-in"),
            _ => ("drop-in", "different"),
        };
        target(&mut out, "tokio", tokio_status, &item_path(tokio, module, entry), previous.as_deref());
        target(&mut out, "smol", smol_status, &item_path(smol, module, entry), previous.as_deref());
        if let Some(previous) = &previous
            && entry % 2 == 0
        {
            writeln!(out, "    see_also: [{previous}]").unwrap();
        }
    }
    out
}

fn target(out: &mut String, runtime: &str, status: &str, path: &str, previous: Option<&str>) {
    writeln!(out, "    {runtime}:\n      status: {status}").unwrap();
    if status != "none" {
        writeln!(out, "      paths: [{path}]").unwrap();
    }
    if status == "drop-in" {
        return;
    }
    out.push_str("      note: |\n");
    match previous {
        Some(previous) => writeln!(
            out,
            "        Unlike [the previous type](apimap:{previous}), `poll_ready` **returns early**;\n        \
             check the result before calling `new` again."
        )
        .unwrap(),
        None => out.push_str("        `poll_ready` **returns early**; check the result first.\n"),
    }
    out.push_str("      example: |\n        fn main() {\n            let ready = true;\n            assert!(ready);\n        }\n");
}

/// An inventory: the crate root, one module per map file, each type and its members.
pub fn inventory(krate: &Crate, entries: usize, per_file: usize) -> String {
    let mut out = String::from(
        "path\tkind\tdocs_url\tfeature_gate\tcfg\tin_docsrs_build\tin_plain_build\tdoc_hidden\tdeprecated\torigin\n",
    );
    let base = format!("https://docs.rs/{}/{}/{}", krate.name, krate.version, krate.root);
    let mut row = |path: &str, kind: &str, url: &str| {
        writeln!(out, "{path}\t{kind}\t{url}\t\t\tyes\tyes\tno\t\tself").unwrap();
    };
    row(krate.root, "mod", &format!("{base}/index.html"));
    for module in 0..entries.div_ceil(per_file) {
        let name = module_name(module);
        row(&format!("{}::{name}", krate.root), "mod", &format!("{base}/{name}/index.html"));
        for entry in module * per_file..((module + 1) * per_file).min(entries) {
            let item = item_name(entry);
            let path = item_path(krate, module, entry);
            let page = format!("{base}/{name}/struct.{item}.html");
            row(&path, "struct", &page);
            // Members for one type in ten: enough for coverage's matching by name, while the
            // 100k inventories stay under the loader's 16 MiB limit per file.
            if entry % 10 != 0 {
                continue;
            }
            for member in MEMBERS {
                row(&format!("{path}::{member}"), "method", &format!("{page}#method.{member}"));
            }
        }
    }
    out
}
