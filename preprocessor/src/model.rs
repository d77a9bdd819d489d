//! The typed model of an API map, as loaded from YAML (with source positions).
//!
//! These are plain data types shared by every stage: `load` produces them, `check` and
//! `resolve` read them, and nothing downstream mutates them.

use crate::target_fields::{self, Field, FieldSeed, PerTarget, once};
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

/// The top level of a YAML file. Its schema's title and description are the book's
/// (see [`crate::schema`]).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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
    #[schemars(with = "Vec<EntryFields>")]
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
            for target in &entry.targets {
                texts.extend(&target.paths);
                texts.extend(&target.note);
                texts.extend(&target.example);
            }
            texts.extend(&entry.see_also);
        }
        texts
    }
}

/// A target's position in book.toml's `targets` list: what an entry's targets, the tables'
/// columns and the reverse indexes are ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TargetId(pub usize);

/// The mapping of one async-std path. Its fields are [`EntryFields`]' plus one [`Target`] per
/// target key of book.toml, in that order.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: Spanned<String>,
    pub summary: Option<Spanned<String>>,
    pub example: Option<Spanned<String>>,
    /// One per target of book.toml, in its order.
    pub targets: Vec<Target>,
    pub see_also: Vec<Spanned<String>>,
    pub no_run: bool,
    pub windows_only: bool,
}

impl Entry {
    pub fn target(&self, id: TargetId) -> &Target {
        &self.targets[id.0]
    }
}

// The fields of an entry other than its targets: the documentation (and schema) of
// [`Entry`]'s fields, which [`crate::schema`] completes with the book's target keys. Its
// doc comment is the schema's description.
/// The mapping of one async-std path.
#[derive(schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Entry")]
#[allow(dead_code)] // a schema, never built
pub struct EntryFields {
    /// The full async-std path, e.g. `async_std::task::spawn` or `async_std::task::JoinHandle::cancel`.
    path: String,
    /// One line of plain text: what the item does.
    #[serde(default)]
    summary: Option<String>,
    /// The async-std original, as a complete program.
    #[serde(default)]
    example: Option<String>,
    /// Other entries (`async_std::…` paths) or chapters (`tasks.md`, `tasks.md#anchor`).
    #[serde(default)]
    see_also: Vec<String>,
    /// The examples of this entry can only be compiled, not run (a server, stdin): say why in a note.
    #[serde(default)]
    no_run: bool,
    /// The item exists only on Windows: CI (on Linux) cannot compile its examples, so none are
    /// asked for.
    #[serde(default)]
    windows_only: bool,
}

/// Field names of an entry besides its targets, in schema order (the targets come after the
/// first three).
const ENTRY_FIELDS: [&str; 6] = ["path", "summary", "example", "see_also", "no_run", "windows_only"];

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> serde::de::Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct Entry")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        use serde::de::Error;
        let mut path = None;
        let (mut summary, mut example, mut see_also) = (None, None, None);
        let (mut no_run, mut windows_only) = (None, None);
        let mut targets = PerTarget::new();
        let seed = || FieldSeed { fixed: &ENTRY_FIELDS, before: 3, targets: true, extra: None };
        while let Some(field) = map.next_key_seed(seed())? {
            match field {
                Field::Fixed("path") => once(&mut path, "path", map.next_value()?)?,
                Field::Fixed("summary") => once(&mut summary, "summary", map.next_value()?)?,
                Field::Fixed("example") => once(&mut example, "example", map.next_value()?)?,
                Field::Fixed("see_also") => once(&mut see_also, "see_also", map.next_value()?)?,
                Field::Fixed("no_run") => once(&mut no_run, "no_run", map.next_value()?)?,
                Field::Fixed(_) | Field::Extra => once(&mut windows_only, "windows_only", map.next_value()?)?,
                Field::Target(index) => targets.set(index, &target_fields::keys()[index], map.next_value()?)?,
            }
        }
        Ok(Entry {
            path: path.ok_or_else(|| A::Error::missing_field("path"))?,
            summary: summary.flatten(),
            example: example.flatten(),
            targets: targets.finish()?,
            see_also: see_also.unwrap_or_default(),
            no_run: no_run.unwrap_or_default(),
            windows_only: windows_only.unwrap_or_default(),
        })
    }
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
