//! A map as libFuzzer's bytes build it (`Arbitrary`), written out as YAML. Every string is a
//! sequence of parts drawn from real paths (so that entries resolve and get rendered), text of
//! the real maps, hostile payloads, and raw fuzzer strings.

use arbitrary::Arbitrary;
use mdbook_apimap::inventory::{Inventories, KINDS};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Payloads a hostile pull request would try, in any field.
pub const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=javascript:alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x][r]\n\n[r]: javascript:alert(1)\n",
    "<javascript:alert(1)>",
    "<vbscript:x>",
    "[a](tasks.md#x\" onclick=\"alert(1))",
    "[a](apimap:async_std::task::spawn)",
    "[a](apimap:javascript:alert(1))",
    "{#x onclick=alert(1)}",
    "Pin {#x onclick=alert(1)}",
    "{{#title Hacked}}",
    "{{#include /etc/passwd}}",
    "{{#playground x.rs}}",
    "`<img src=x onerror=alert(9)>`",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)",
    "![x](x.png)",
    "# heading\n",
    "| a | b |\n|---|---|\n",
    "&lt;script&gt;",
    "&amp;",
    "<!-- x -->",
    "\\<script>",
    "%6Aavascript:alert(1)",
    "\n\n",
    "```\n<script>\n```",
    "    <script>",
    "> [!NOTE]\n> <script>",
    "term\n: <b onclick=x>",
    "[^1]\n\n[^1]: <script>",
    "- [ ] <script>",
    "https://docs.rs/x",
    "https://docs.rs/tokio/1.54.1/tokio/",
    "https://doc.rust-lang.org/std/",
    "feature = \"rt\"",
    "self",
    "www.example.com",
    "<https://example.com>",
    "tasks.md",
    "tasks.md#x",
    "../../../../etc/passwd",
    "async_std::task::spawn",
    "async_std::task",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "\u{85}",
    "\r\n",
    "\t",
    "|",
    "}",
    "{",
    "<",
    "&",
    ":",
];

/// Where a part of a string comes from.
#[derive(Arbitrary, Debug)]
pub enum Part {
    Hostile(u8),
    SourcePath(u16),
    TokioPath(u16),
    SmolPath(u16),
    RealText(u16),
    Raw(String),
}

/// A string: its parts, concatenated.
#[derive(Arbitrary, Debug)]
pub struct Text {
    pub parts: Vec<Part>,
    /// Written as a block scalar (`|`) when it can be, else double-quoted.
    pub block: bool,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzTarget {
    pub status: u8,
    pub paths: Vec<Text>,
    pub note: Option<Text>,
    pub example: Option<Text>,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzEntry {
    pub path: Text,
    pub summary: Option<Text>,
    pub example: Option<Text>,
    pub tokio: FuzzTarget,
    pub smol: FuzzTarget,
    pub see_also: Vec<Text>,
    pub no_run: bool,
    pub windows_only: bool,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzMap {
    /// The file's stem (the chapter's file name); `task` when empty.
    pub stem: Text,
    pub module: Text,
    pub title: Text,
    pub intro: Option<Text>,
    pub entries: Vec<FuzzEntry>,
    pub extra_tokio_rows: Vec<FuzzRow>,
}

/// A row appended to the tokio inventory: inventories come in pull requests too.
#[derive(Arbitrary, Debug)]
pub struct FuzzRow {
    /// After `tokio::`.
    pub path: Text,
    pub kind: u8,
    pub docs_url: Text,
    pub feature_gate: Text,
    pub deprecated: Text,
    pub doc_hidden: bool,
    /// `self` when absent.
    pub origin: Option<Text>,
}

/// The pools parts are drawn from: paths of the three inventories and text of the real maps.
pub struct Pools {
    pub source_paths: Vec<String>,
    pub tokio_paths: Vec<String>,
    pub smol_paths: Vec<String>,
    pub real_text: &'static [String],
}

impl Pools {
    pub fn new(inventories: &Inventories) -> Self {
        let paths = |root: &str| -> Vec<String> {
            inventories.crate_of(root).map(|c| c.paths().map(str::to_owned).collect()).unwrap_or_default()
        };
        Pools {
            source_paths: paths("async_std"),
            tokio_paths: paths("tokio"),
            smol_paths: paths("smol"),
            real_text: real_text(),
        }
    }
}

/// Every title, intro, summary, note, example and see-also of the real maps.
fn real_text() -> &'static [String] {
    static TEXT: OnceLock<Vec<String>> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = Vec::new();
        for file in &crate::real_maps().files {
            let doc = &file.doc;
            text.push(doc.title.value.clone());
            text.extend(doc.intro.iter().map(|i| i.value.clone()));
            for entry in &doc.entries {
                text.extend(entry.summary.iter().map(|s| s.value.clone()));
                text.extend(entry.example.iter().map(|s| s.value.clone()));
                text.extend(entry.see_also.iter().map(|s| s.value.clone()));
                for target in &entry.targets {
                    text.extend(target.note.iter().map(|s| s.value.clone()));
                    text.extend(target.example.iter().map(|s| s.value.clone()));
                }
            }
        }
        text
    })
}

fn pick(pool: &[String], index: u16) -> &str {
    if pool.is_empty() { "" } else { &pool[usize::from(index) % pool.len()] }
}

impl Text {
    pub fn value(&self, pools: &Pools) -> String {
        let mut out = String::new();
        for part in &self.parts {
            out.push_str(match part {
                Part::Hostile(i) => HOSTILE[usize::from(*i) % HOSTILE.len()],
                Part::SourcePath(i) => pick(&pools.source_paths, *i),
                Part::TokioPath(i) => pick(&pools.tokio_paths, *i),
                Part::SmolPath(i) => pick(&pools.smol_paths, *i),
                Part::RealText(i) => pick(pools.real_text, *i),
                Part::Raw(s) => s,
            });
        }
        out
    }
}

/// Writes `key: value` at `indent`: a block scalar when asked and possible, else a JSON string
/// (a JSON string is a valid YAML double-quoted scalar).
fn scalar(out: &mut String, indent: usize, key: &str, value: &str, block: bool) {
    let pad = " ".repeat(indent);
    let block_safe = block
        && !value.is_empty()
        && !value.starts_with([' ', '\t', '\n'])
        && value.chars().all(|c| c == '\n' || c == '\t' || !c.is_control());
    if block_safe {
        let _ = writeln!(out, "{pad}{key}: |");
        for line in value.lines() {
            let _ = writeln!(out, "{pad}  {line}");
        }
    } else {
        let _ = writeln!(out, "{pad}{key}: {}", serde_json::to_string(value).unwrap_or_default());
    }
}

fn list(out: &mut String, indent: usize, key: &str, items: &[String]) {
    let pad = " ".repeat(indent);
    if items.is_empty() {
        let _ = writeln!(out, "{pad}{key}: []");
        return;
    }
    let _ = writeln!(out, "{pad}{key}:");
    for item in items {
        let _ = writeln!(out, "{pad}  - {}", serde_json::to_string(item).unwrap_or_default());
    }
}

const STATUSES: [&str; 4] = ["drop-in", "similar", "different", "none"];

impl Text {
    /// The value, or `default` when the fuzzer gave no part: so that short inputs already make
    /// maps that check accepts, and every byte more can make them hostile.
    fn or(&self, pools: &Pools, default: &str) -> String {
        if self.parts.is_empty() { default.to_owned() } else { self.value(pools) }
    }
}

impl FuzzTarget {
    fn write(&self, out: &mut String, pools: &Pools, key: &str, path_pool: &[String], index: usize) {
        let status = STATUSES[usize::from(self.status) % STATUSES.len()];
        let _ = writeln!(out, "    {key}:");
        let _ = writeln!(out, "      status: {status}");
        let default_path = pick(path_pool, index as u16);
        let mut paths: Vec<String> = self.paths.iter().map(|p| p.or(pools, default_path)).collect();
        if paths.is_empty() && status != "none" {
            paths.push(default_path.to_owned());
        }
        list(out, 6, "paths", &paths);
        match &self.note {
            Some(note) => scalar(out, 6, "note", &note.or(pools, "It differs."), note.block),
            None if status != "drop-in" => scalar(out, 6, "note", "It differs.", false),
            None => {}
        }
        if let Some(example) = &self.example {
            scalar(out, 6, "example", &example.or(pools, "fn main() {}"), example.block);
        }
    }
}

impl FuzzMap {
    pub fn stem(&self) -> String {
        let pools = Pools::new(&Inventories::default());
        let stem: String =
            self.stem.value(&pools).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(20).collect();
        if stem.is_empty() { "task".to_owned() } else { stem }
    }

    /// The extra rows of the tokio inventory, as TSV lines (their text from the fixture pools).
    pub fn extra_tokio_rows(&self) -> String {
        let pools = Pools::new(&crate::inventories("").unwrap_or_default());
        let mut out = String::new();
        for row in &self.extra_tokio_rows {
            let kind = KINDS[usize::from(row.kind) % KINDS.len()];
            let origin = row.origin.as_ref().map_or("self".to_owned(), |o| o.value(&pools));
            let _ = writeln!(
                out,
                "tokio::{}\t{kind}\t{}\t{}\t\tyes\tyes\t{}\t{}\t{origin}",
                row.path.value(&pools),
                row.docs_url.value(&pools),
                row.feature_gate.value(&pools),
                if row.doc_hidden { "yes" } else { "no" },
                row.deprecated.value(&pools),
            );
        }
        out
    }

    /// The map as YAML; parts drawn from paths come from `inventories`. Fields the fuzzer left
    /// empty get valid values (module `async_std`, the i-th async-std path, …).
    pub fn to_yaml(&self, inventories: &Inventories) -> String {
        let pools = &Pools::new(inventories);
        let mut out = String::from("# yaml-language-server: $schema=../schema/api-map.schema.json\n");
        scalar(&mut out, 0, "module", &self.module.or(pools, "async_std"), self.module.block);
        scalar(&mut out, 0, "title", &self.title.or(pools, "Tasks"), self.title.block);
        if let Some(intro) = &self.intro {
            scalar(&mut out, 0, "intro", &intro.or(pools, "Intro."), intro.block);
        }
        if self.entries.is_empty() {
            out.push_str("entries: []\n");
        } else {
            out.push_str("entries:\n");
        }
        for (index, entry) in self.entries.iter().enumerate() {
            let path = entry.path.or(pools, pick(&pools.source_paths, index as u16));
            let _ = writeln!(out, "  - path: {}", serde_json::to_string(&path).unwrap_or_default());
            if let Some(summary) = &entry.summary {
                scalar(&mut out, 4, "summary", &summary.or(pools, "Does it."), summary.block);
            }
            if let Some(example) = &entry.example {
                scalar(&mut out, 4, "example", &example.or(pools, "fn main() {}"), example.block);
            }
            entry.tokio.write(&mut out, pools, "tokio", &pools.tokio_paths, index);
            entry.smol.write(&mut out, pools, "smol", &pools.smol_paths, index);
            if !entry.see_also.is_empty() {
                let see_also: Vec<String> = entry.see_also.iter().map(|s| s.or(pools, "tasks.md")).collect();
                list(&mut out, 4, "see_also", &see_also);
            }
            if entry.no_run {
                out.push_str("    no_run: true\n");
            }
            if entry.windows_only {
                out.push_str("    windows_only: true\n");
            }
        }
        out
    }
}
