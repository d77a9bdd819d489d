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
                for target in [&entry.tokio, &entry.smol] {
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
fn scalar(out: &mut String, pools: &Pools, indent: usize, key: &str, text: &Text) {
    let value = text.value(pools);
    let pad = " ".repeat(indent);
    let block_safe = text.block
        && !value.is_empty()
        && !value.starts_with([' ', '\t', '\n'])
        && value.chars().all(|c| c == '\n' || c == '\t' || !c.is_control());
    if block_safe {
        let _ = writeln!(out, "{pad}{key}: |");
        for line in value.lines() {
            let _ = writeln!(out, "{pad}  {line}");
        }
    } else {
        let _ = writeln!(out, "{pad}{key}: {}", serde_json::to_string(&value).unwrap_or_default());
    }
}

fn list(out: &mut String, pools: &Pools, indent: usize, key: &str, items: &[Text]) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}:");
    for item in items {
        let _ = writeln!(out, "{pad}  - {}", serde_json::to_string(&item.value(pools)).unwrap_or_default());
    }
    if items.is_empty() {
        out.truncate(out.len() - 1);
        out.push_str(" []\n");
    }
}

const STATUSES: [&str; 4] = ["drop-in", "similar", "different", "none"];

fn target(out: &mut String, pools: &Pools, key: &str, target: &FuzzTarget) {
    let _ = writeln!(out, "    {key}:");
    let _ = writeln!(out, "      status: {}", STATUSES[usize::from(target.status) % STATUSES.len()]);
    list(out, pools, 6, "paths", &target.paths);
    if let Some(note) = &target.note {
        scalar(out, pools, 6, "note", note);
    }
    if let Some(example) = &target.example {
        scalar(out, pools, 6, "example", example);
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

    /// The map as YAML; parts drawn from paths come from `inventories`.
    pub fn to_yaml(&self, inventories: &Inventories) -> String {
        let pools = &Pools::new(inventories);
        let mut out = String::from("# yaml-language-server: $schema=../schema/api-map.schema.json\n");
        scalar(&mut out, pools, 0, "module", &self.module);
        scalar(&mut out, pools, 0, "title", &self.title);
        if let Some(intro) = &self.intro {
            scalar(&mut out, pools, 0, "intro", intro);
        }
        out.push_str("entries:\n");
        for entry in &self.entries {
            let path = serde_json::to_string(&entry.path.value(pools)).unwrap_or_default();
            let _ = writeln!(out, "  - path: {path}");
            if let Some(summary) = &entry.summary {
                scalar(&mut out, pools, 4, "summary", summary);
            }
            if let Some(example) = &entry.example {
                scalar(&mut out, pools, 4, "example", example);
            }
            target(&mut out, pools, "tokio", &entry.tokio);
            target(&mut out, pools, "smol", &entry.smol);
            if !entry.see_also.is_empty() {
                list(&mut out, pools, 4, "see_also", &entry.see_also);
            }
            if entry.no_run {
                out.push_str("    no_run: true\n");
            }
            if entry.windows_only {
                out.push_str("    windows_only: true\n");
            }
        }
        if self.entries.is_empty() {
            out.truncate(out.len() - 1);
            out.push_str(" []\n");
        }
        out
    }
}
