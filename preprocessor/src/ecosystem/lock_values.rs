//! The values of the committed resolution (`api-maps/ecosystem.lock.toml`). The file arrives in
//! pull requests like the entries, and the chapter prints its versions and routes, so every
//! value must have the syntax `cargo xtask ecosystem` writes, checked at its line and column.

use super::dependency::{self, CRATE_NAME_SYNTAX, is_crate_name};
use super::resolution::Resolution;
use crate::check::directive_error;
use crate::diagnostic::Diagnostic;
use crate::markdown::{LineColumns, MAX_PROBLEMS_PER_TEXT};
use crate::model::Pos;
use crate::plain_text::directive_offsets;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The probes `plan` writes records for.
const OPTIONS: [&str; 5] = ["source", "minimal", "features", "tokio", "smol"];

/// How `route` joins crate names.
const ROUTE_ARROW: &str = " → ";

const HINT: &str = "the file is written by `cargo xtask ecosystem`: regenerate it instead of editing it";

/// A value that breaks its syntax: byte offset in the file, message, what was expected.
struct Problem {
    offset: usize,
    code: &'static str,
    message: String,
    expected: &'static str,
}

/// Parses the file at `path` (its `text`): the resolution, or nothing and every problem.
pub fn parse(path: &str, text: &str) -> (Resolution, Vec<Diagnostic>) {
    let mut problems = match DeTable::parse(text) {
        Ok(table) => value_problems(table.get_ref()),
        Err(err) => vec![syntax_problem(&err)],
    };
    let resolution = if problems.is_empty() {
        Resolution::parse_toml(text).unwrap_or_else(|err| {
            problems.push(syntax_problem(&err));
            Resolution::default()
        })
    } else {
        Resolution::default()
    };
    (resolution, diagnostics(path, text, problems))
}

fn syntax_problem(err: &toml::de::Error) -> Problem {
    Problem {
        offset: err.span().map_or(0, |span| span.start),
        code: "resolution-file",
        message: err.message().trim_end().to_string(),
        expected: "the TOML that `cargo xtask ecosystem` writes",
    }
}

/// Every string of every `[[resolved]]` record: no mdBook directive, and the syntax of its key.
fn value_problems(table: &DeTable<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let records = table.iter().filter(|(key, _)| key.get_ref() == "resolved");
    for (_, records) in records {
        let DeValue::Array(records) = records.get_ref() else { continue };
        for record in records.iter() {
            let DeValue::Table(fields) = record.get_ref() else { continue };
            for (key, value) in fields {
                for (offset, text) in strings(value) {
                    if problems.len() > MAX_PROBLEMS_PER_TEXT {
                        return problems;
                    }
                    if !directive_offsets(text).is_empty() {
                        problems.push(Problem {
                            offset,
                            code: "mdbook-directive",
                            message: String::new(),
                            expected: "",
                        });
                    } else if let Some((message, expected)) = syntax(key.get_ref(), text) {
                        problems.push(Problem { offset, code: "resolution-value", message, expected });
                    }
                }
            }
        }
    }
    problems
}

/// The strings of a value (itself, or the strings of an array) with their offsets.
fn strings<'a>(value: &'a Spanned<DeValue<'_>>) -> Vec<(usize, &'a str)> {
    match value.get_ref() {
        DeValue::String(text) => vec![(value.span().start, text.as_ref())],
        DeValue::Array(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// What is wrong with the value of `key`, if anything: message and what was expected.
fn syntax(key: &str, text: &str) -> Option<(String, &'static str)> {
    let shown = text.escape_debug();
    let is_version = |v: &str| semver::Version::parse(v).is_ok();
    match key {
        "crate" if !is_crate_name(text) => Some((format!("`{shown}` is not a crate name"), CRATE_NAME_SYNTAX)),
        "option" if !OPTIONS.contains(&text) => {
            Some((format!("`{shown}` is not a probe"), "one of `source`, `minimal`, `features`, `tokio`, `smol`"))
        }
        "dependencies" => dependency::parse(text).err().map(|message| (message, "a `[dependencies]` line")),
        "resolved" => {
            let valid = text.split_once(' ').is_some_and(|(name, version)| is_crate_name(name) && is_version(version));
            (!valid).then(|| {
                (
                    format!("`{shown}` is not a crate and version"),
                    "a crate name, a space and an exact version: `sqlx 0.8.6`",
                )
            })
        }
        // Two majors of a crate can both be in a graph: `0.2.25, 1.54.1`.
        "async-std" | "tokio" if !text.split(", ").all(is_version) => Some((
            format!("`{shown}` is not a list of versions"),
            "exact versions joined by `, `: `1.13.2` or `0.2.25, 1.54.1`",
        )),
        "route" => {
            let crates: Vec<&str> = text.split(ROUTE_ARROW).collect();
            let valid = crates.len() >= 2 && crates.iter().all(|name| is_crate_name(name));
            (!valid).then(|| {
                (format!("`{shown}` is not a route"), "crate names joined by ` → `: `surf → http-client → async-std`")
            })
        }
        _ => None,
    }
}

/// Problems in file order, at most [`MAX_PROBLEMS_PER_TEXT`], as diagnostics.
fn diagnostics(path: &str, text: &str, mut problems: Vec<Problem>) -> Vec<Diagnostic> {
    problems.sort_by_key(|p| p.offset);
    let mut lines = LineColumns::new(text);
    let mut out = Vec::new();
    for (i, problem) in problems.into_iter().enumerate() {
        let (line, column) = lines.locate(problem.offset);
        let pos = Pos { line, column };
        if i == MAX_PROBLEMS_PER_TEXT {
            let message = format!("more problems after the first {MAX_PROBLEMS_PER_TEXT} are not listed");
            out.push(Diagnostic::error("too-many-problems", path, pos, message).hint(HINT));
            break;
        }
        out.push(match problem.code {
            "mdbook-directive" => directive_error(path, pos),
            code => Diagnostic::error(code, path, pos, problem.message).expected(problem.expected).hint(HINT),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        parse("lock.toml", text).1.iter().map(|d| d.to_string().lines().next().unwrap().to_string()).collect()
    }

    #[test]
    fn refuses_values_the_chapter_would_print() {
        let text = "[[resolved]]\ncrate = \"a\"\noption = \"source\"\ndependencies = ['a = \"1.0.0\"']\n\
                    resolved = [\"a 1.0.0<script>\"]\nasync-std = \"1.13.2 <img src=x>\"\n\
                    route = \"a → [x](javascript:alert(1))\"\ntokio = \"{{#title x}}\"\n";
        assert_eq!(
            lines(text),
            [
                "lock.toml:5:13: error[resolution-value]: `a 1.0.0<script>` is not a crate and version",
                "lock.toml:6:13: error[resolution-value]: `1.13.2 <img src=x>` is not a list of versions",
                "lock.toml:7:9: error[resolution-value]: `a → [x](javascript:alert(1))` is not a route",
                "lock.toml:8:9: error[mdbook-directive]: `{{#` opens an mdBook directive, which maps must not contain",
            ]
        );
    }

    #[test]
    fn reports_toml_errors_at_their_position() {
        assert_eq!(lines("[[resolved]]\ncrate = \"a\"\nbad = 1\n").len(), 1);
        assert_eq!(lines("x = [\n"), ["lock.toml:1:6: error[resolution-file]: unclosed array, expected `]`"]);
    }

    #[test]
    fn reads_the_committed_file() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../api-maps/ecosystem.lock.toml")).unwrap();
        let (resolution, problems) = parse("lock.toml", &text);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!resolution.records.is_empty());
    }
}
