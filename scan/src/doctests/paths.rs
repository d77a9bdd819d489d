//! async-std paths in the text of one code block: `async_std::…` as written, the items of a
//! `use async_std::…` tree (renames and `self` included, globs skipped), and paths through a
//! module such a `use` brought in (`task::spawn` after `use async_std::task;`).

use crate::report::Form;

/// A path found at a byte offset of the block.
#[derive(Debug, PartialEq, Eq)]
pub struct Textual {
    pub offset: usize,
    pub path: String,
    pub form: Form,
}

/// One name a `use` tree brings in.
struct Leaf {
    offset: usize,
    path: String,
    alias: String,
    glob: bool,
}

pub fn find(text: &str, is_module: &dyn Fn(&str) -> bool) -> Vec<Textual> {
    let mut out = Vec::new();
    let mut modules: Vec<(String, String)> = Vec::new();
    let mut use_trees: Vec<std::ops::Range<usize>> = Vec::new();
    for start in occurrences(text, "async_std") {
        if after_use(text, start) {
            let mut leaves = Vec::new();
            let end = tree(text, start, &[], &mut leaves);
            use_trees.push(start..end);
            for leaf in leaves.into_iter().filter(|l| !l.glob) {
                if !leaf.path.contains("::") || is_module(&leaf.path) {
                    modules.push((leaf.alias, leaf.path));
                } else {
                    out.push(Textual { offset: leaf.offset, path: leaf.path, form: Form::Import });
                }
            }
        } else if use_trees.iter().all(|r| !r.contains(&start)) {
            let (segments, end) = path_at(text, start);
            let path = segments.join("::");
            if segments.len() > 1 && !is_module(&path) {
                out.push(Textual { offset: start, path, form: form_at(text, start, end) });
            }
        }
    }
    for (alias, module) in &modules {
        for start in occurrences(text, alias) {
            if text[..start].ends_with("::") || use_trees.iter().any(|r| r.contains(&start)) {
                continue;
            }
            let (segments, end) = path_at(text, start);
            let path = std::iter::once(module.as_str()).chain(segments[1..].iter().copied()).collect::<Vec<_>>();
            let path = path.join("::");
            if segments.len() > 1 && !is_module(&path) {
                let form = if after_use(text, start) { Form::Import } else { form_at(text, start, end) };
                out.push(Textual { offset: start, path, form });
            }
        }
    }
    out.sort_by(|a, b| (a.offset, &a.path).cmp(&(b.offset, &b.path)));
    out.dedup();
    out
}

fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Offsets where `name` occurs as a whole identifier.
fn occurrences<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    text.match_indices(name).map(|(i, _)| i).filter(move |&i| {
        let before = i.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(i + name.len()).copied();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn ident_at(text: &str, pos: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    let end = pos + bytes.get(pos..)?.iter().take_while(|&&b| is_ident(b)).count();
    (end > pos).then(|| (&text[pos..end], end))
}

fn skip_spaces(text: &str, pos: usize) -> usize {
    pos + text.as_bytes().get(pos..).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_whitespace()).count())
}

/// The segments of the path starting at `start` (`a::b::C`, stopping before `::<` or `::{`).
fn path_at(text: &str, start: usize) -> (Vec<&str>, usize) {
    let mut segments = Vec::new();
    let mut pos = start;
    while let Some((segment, end)) = ident_at(text, pos) {
        segments.push(segment);
        pos = end;
        if !text[pos..].starts_with("::") || ident_at(text, pos + 2).is_none() {
            break;
        }
        pos += 2;
    }
    (segments, pos)
}

/// Is the path at `start` the start of a `use` tree (`use async_std::…`, `pub use ::async_std::…`)?
fn after_use(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let before = before.strip_suffix("::").unwrap_or(before).trim_end();
    before.strip_suffix("use").is_some_and(|rest| !rest.as_bytes().last().copied().is_some_and(is_ident))
}

fn form_at(text: &str, start: usize, end: usize) -> Form {
    let before = text[..start].trim_end();
    if before.ends_with("#[") || before.ends_with("#![") {
        Form::Attribute
    } else if text[end..].trim_start().starts_with('!') {
        Form::Macro
    } else {
        Form::Path
    }
}

/// Parses a use tree at `pos` under `prefix`, collecting its leaves; returns where it ends.
fn tree(text: &str, mut pos: usize, prefix: &[String], leaves: &mut Vec<Leaf>) -> usize {
    pos = skip_spaces(text, pos);
    let offset = pos;
    let mut segments = prefix.to_vec();
    let mut is_self = false;
    loop {
        let rest = &text[pos..];
        if rest.starts_with('{') {
            return list(text, pos + 1, &segments, leaves);
        }
        if rest.starts_with('*') {
            leaves.push(Leaf { offset, path: segments.join("::"), alias: String::new(), glob: true });
            return pos + 1;
        }
        let Some((segment, end)) = ident_at(text, pos) else { break };
        if segment == "self" {
            is_self = true;
        } else {
            segments.push(segment.to_string());
        }
        pos = end;
        let after = skip_spaces(text, pos);
        if !text[after..].starts_with("::") {
            break;
        }
        pos = skip_spaces(text, after + 2);
    }
    if segments.is_empty() || (segments.len() == prefix.len() && !is_self) {
        return pos;
    }
    let mut alias = segments.last().cloned().unwrap_or_default();
    let after = skip_spaces(text, pos);
    if let Some(("as", end)) = ident_at(text, after)
        && let Some((name, end)) = ident_at(text, skip_spaces(text, end))
    {
        alias = name.to_string();
        pos = end;
    }
    leaves.push(Leaf { offset, path: segments.join("::"), alias, glob: false });
    pos
}

/// Parses the items of `{ … }` (after the `{`); returns where the list ends.
fn list(text: &str, mut pos: usize, prefix: &[String], leaves: &mut Vec<Leaf>) -> usize {
    loop {
        pos = skip_spaces(text, pos);
        match text.as_bytes().get(pos) {
            None => return pos,
            Some(b'}') => return pos + 1,
            Some(b',') => pos += 1,
            Some(_) => {
                let end = tree(text, pos, prefix, leaves);
                if end == pos {
                    return pos; // not a use tree: stop rather than loop
                }
                pos = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(path: &str) -> bool {
        matches!(path, "async_std" | "async_std::task" | "async_std::io" | "async_std::prelude")
    }

    fn found(text: &str) -> Vec<(usize, &'static str, Form)> {
        find(text, &modules).into_iter().map(|t| (t.offset, t.path.leak() as &str, t.form)).collect()
    }

    #[test]
    fn use_trees_bring_items_and_modules() {
        let text = "use async_std::{io::{self, Read as R}, prelude::*, task::spawn};\nio::stdin();\nlet j = async_std::task::spawn(f);";
        assert_eq!(
            found(text),
            vec![
                (27, "async_std::io::Read", Form::Import),
                (51, "async_std::task::spawn", Form::Import),
                (65, "async_std::io::stdin", Form::Path),
                (86, "async_std::task::spawn", Form::Path),
            ]
        );
    }

    #[test]
    fn attributes_and_macros_are_told_apart() {
        let text = "#[async_std::main]\nasync fn main() {}\nasync_std::task_local! { static X: u8 = 1; }";
        assert_eq!(
            found(text),
            vec![(2, "async_std::main", Form::Attribute), (38, "async_std::task_local", Form::Macro)]
        );
    }

    #[test]
    fn other_paths_and_broken_trees_are_not_uses() {
        assert_eq!(found("my_async_std::task::spawn(); other::task::spawn();"), vec![]);
        assert_eq!(found("use async_std::{task::{"), vec![]);
        assert_eq!(found("use async_std::{,,}; use async_std::"), vec![]);
    }
}
