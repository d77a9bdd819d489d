//! The typed model of an API map, as loaded from YAML (with source positions).
//!
//! These are plain data types shared by every stage: `load` produces them, `check` and
//! `resolve` read them, and nothing downstream mutates them.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A position in a source file (1-based line and column). No `Default`: editors and GitHub
/// annotations count from 1, so a problem with a whole file is at [`Pos::FILE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

impl Pos {
    /// Where a problem with a whole file (its name, its size, a missing inventory) is reported.
    pub const FILE: Pos = Pos { line: 1, column: 1 };

    pub fn of<T>(spanned: &Spanned<T>) -> Pos {
        Pos { line: spanned.referenced.line(), column: spanned.referenced.column() }
    }
}

/// One YAML file: the mapping of one async-std module.
#[derive(Debug, Clone)]
pub struct MapFile {
    /// Path relative to the book root, with `/` separators (e.g. `api-maps/task.yaml`).
    pub path: String,
    /// File name without extension; names the generated chapter (`task` → `api-map/task.md`).
    pub stem: String,
    /// The file's text, to place problems found inside multi-line values.
    pub source: String,
    pub doc: MapDoc,
}

impl MapFile {
    /// The file position of byte `offset` inside a scalar value (e.g. a note).
    pub fn pos_in_value(&self, value: &Spanned<String>, offset: usize) -> Pos {
        self.value_positions(value).pos(offset)
    }

    /// Positions of many offsets inside one value, cheaply when asked in ascending order.
    pub fn value_positions<'a>(&self, value: &'a Spanned<String>) -> ValuePositions<'a> {
        value_positions(&self.source, value)
    }
}

/// Positions inside one scalar value of a YAML file whose text is `source` (any YAML file of
/// the book, not only maps), cheaply when asked in ascending order.
pub fn value_positions<'a>(source: &str, value: &'a Spanned<String>) -> ValuePositions<'a> {
    let start = Pos::of(value);
    let first_byte = value.referenced.span().byte_offset().and_then(|at| source.as_bytes().get(at as usize));
    let quoted = matches!(first_byte, Some(b'"' | b'\''));
    ValuePositions { start, quoted, lines: crate::markdown::LineColumns::new(&value.value) }
}

/// The position of byte `offset` inside `value`; see [`value_positions`].
pub fn pos_in_value(source: &str, value: &Spanned<String>, offset: usize) -> Pos {
    value_positions(source, value).pos(offset)
}

/// See [`MapFile::value_positions`].
pub struct ValuePositions<'a> {
    start: Pos,
    quoted: bool,
    lines: crate::markdown::LineColumns<'a>,
}

impl ValuePositions<'_> {
    pub fn pos(&mut self, offset: usize) -> Pos {
        let (line_in_value, col_in_value) = self.lines.locate(offset);
        let Pos { line, column } = self.start;
        if line_in_value == 1 {
            Pos { line, column: column + u64::from(self.quoted) + col_in_value - 1 }
        } else if self.quoted {
            Pos { line: line + line_in_value - 1, column: col_in_value }
        } else {
            // A block scalar (`|`): the value starts at its first content line, and every
            // line keeps that indentation.
            Pos { line: line + line_in_value - 1, column: column.saturating_sub(1) + col_in_value }
        }
    }
}

/// The top level of a YAML file.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "async-std migration guide: API map",
    description = "The mapping of one async-std module to Tokio and smol. See CONTRIBUTING.md."
)]
pub struct MapDoc {
    /// The async-std module this file maps, e.g. `async_std::task`.
    #[schemars(with = "String")]
    pub module: Spanned<String>,
    /// The chapter title, e.g. `Tasks`.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Markdown shown at the top of the chapter.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    /// One entry per async-std path.
    pub entries: Vec<Entry>,
}

impl MapDoc {
    /// Every text value of the file, in file order: what mdBook directives are looked for in.
    pub fn texts(&self) -> Vec<&Spanned<String>> {
        let mut texts = vec![&self.module, &self.title];
        texts.extend(&self.intro);
        for entry in &self.entries {
            texts.push(&entry.path);
            texts.extend(&entry.summary);
            texts.extend(&entry.example);
            for runtime in Runtime::ALL {
                let target = entry.target(runtime);
                texts.extend(&target.paths);
                texts.extend(&target.note);
                texts.extend(&target.example);
            }
            texts.extend(&entry.see_also);
        }
        texts
    }
}

/// The mapping of one async-std path.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The full async-std path, e.g. `async_std::task::spawn` or `async_std::task::JoinHandle::cancel`.
    #[schemars(with = "String")]
    pub path: Spanned<String>,
    /// One line of plain text: what the item does.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Spanned<String>>,
    /// The async-std original, as a complete program.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub example: Option<Spanned<String>>,
    /// The Tokio mapping.
    pub tokio: Target,
    /// The smol mapping.
    pub smol: Target,
    /// Other entries (`async_std::…` paths) or chapters (`tasks.md`, `tasks.md#anchor`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub see_also: Vec<Spanned<String>>,
    /// The examples of this entry can only be compiled, not run (a server, stdin): say why in a note.
    #[serde(default)]
    pub no_run: bool,
    /// The item exists only on Windows: CI (on Linux) cannot compile its examples, so none are
    /// asked for.
    #[serde(default)]
    pub windows_only: bool,
}

/// What to use instead in one target runtime.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// How well the equivalent fits.
    #[schemars(with = "Status")]
    pub status: Spanned<Status>,
    /// The equivalent path(s); may be in another crate (`async_channel::unbounded`) or std.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<Spanned<String>>,
    /// Markdown: what differs and what breaks if you ignore it; for `none`, what to do instead.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub note: Option<Spanned<String>>,
    /// The same program written for this target.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub example: Option<Spanned<String>>,
    /// On a `drop-in`: the differences `check` found against the inventories' trait impls and
    /// signatures that the status rules allow (a lost `Debug`, `Unpin` of an awaited future,
    /// a turbofish), each named by its key (`Debug`, `Clone`, `Output`, `arity`, `receiver`,
    /// `returns`, `async`) and explained in the note.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub accepted_differences: Vec<Spanned<String>>,
}

/// How well a target equivalent fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Same signature and same behaviour: only the path changes.
    DropIn,
    /// Same purpose, a different signature: the compiler tells you what to change.
    Similar,
    /// A semantic trap: it behaves differently; the note says how.
    Different,
    /// No equivalent: the note says what to do instead.
    None,
}

impl Status {
    /// In canonical order (as legends and toggles list them).
    pub const ALL: [Status; 4] = [Status::DropIn, Status::Similar, Status::Different, Status::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::DropIn => "drop-in",
            Status::Similar => "similar",
            Status::Different => "different",
            Status::None => "none",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Status::DropIn => "same signature and behaviour; only the path changes",
            Status::Similar => "same purpose, different signature; the compiler guides you",
            Status::Different => "behaves differently; read the note",
            Status::None => "no equivalent; the note says what to do instead",
        }
    }
}

/// The two runtimes the guide maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runtime {
    Tokio,
    Smol,
}

impl Runtime {
    pub const ALL: [Runtime; 2] = [Runtime::Tokio, Runtime::Smol];

    pub fn key(self) -> &'static str {
        match self {
            Runtime::Tokio => "tokio",
            Runtime::Smol => "smol",
        }
    }

    pub fn display(self) -> &'static str {
        match self {
            Runtime::Tokio => "Tokio",
            Runtime::Smol => "smol",
        }
    }
}

impl Entry {
    pub fn target(&self, runtime: Runtime) -> &Target {
        match runtime {
            Runtime::Tokio => &self.tokio,
            Runtime::Smol => &self.smol,
        }
    }
}
