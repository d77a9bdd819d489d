//! The values of the committed resolution (`api-maps/ecosystem.lock.toml`). The file arrives in
//! pull requests like the entries, and the chapter prints its versions and routes, so every
//! value must have the syntax `cargo xtask ecosystem` writes, checked at its line and column.

use super::dependency::{self, CRATE_NAME_SYNTAX, is_crate_name};
use super::resolution::Resolution;
use crate::check::directive_error;
use crate::config::ApimapConfig;
use crate::diagnostic::Diagnostic;
use crate::markdown::{LineColumns, MAX_PROBLEMS_PER_TEXT};
use crate::model::Pos;
use crate::plain_text::directive_offsets;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The probes `plan` writes records for, besides one per target key.
const OPTIONS: [&str; 3] = ["source", "minimal", "features"];

/// The fields of a record besides the versions of the book's crates.
const FIELDS: [&str; 5] = ["crate", "option", "dependencies", "resolved", "route"];

/// What a record may name: the probes (options) and the crates whose versions it records.
struct Names {
    options: Vec<String>,
    crates: Vec<String>,
}

impl Names {
    fn of(config: &ApimapConfig) -> Names {
        let options = OPTIONS.iter().map(|o| o.to_string()).chain(config.target_keys()).collect();
        let crates = vec![config.source.name.clone(), config.targets[0].name.clone()];
        Names { options, crates }
    }

    fn quoted(names: &[String]) -> String {
        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
    }
}

/// How `route` joins crate names.
const ROUTE_ARROW: &str = " → ";

const HINT: &str = "the file is written by `cargo xtask ecosystem`: regenerate it instead of editing it";

/// A value that breaks its syntax: byte offset in the file, message, what was expected.
struct Problem {
    offset: usize,
    code: &'static str,
    message: String,
    expected: String,
}

/// Parses the file at `path` (its `text`): the resolution, or nothing and every problem.
/// `config` names the probes and the crates a record may name.
pub fn parse(path: &str, text: &str, config: &ApimapConfig) -> (Resolution, Vec<Diagnostic>) {
    let names = Names::of(config);
    let mut problems = match DeTable::parse(text) {
        Ok(table) => value_problems(table.get_ref(), &names),
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
        expected: "the TOML that `cargo xtask ecosystem` writes".into(),
    }
}

/// Every string of every `[[resolved]]` record: no mdBook directive, and the syntax of its key.
fn value_problems(table: &DeTable<'_>, names: &Names) -> Vec<Problem> {
    let mut problems = Vec::new();
    let records = table.iter().filter(|(key, _)| key.get_ref() == "resolved");
    for (_, records) in records {
        let DeValue::Array(records) = records.get_ref() else { continue };
        for record in records.iter() {
            let DeValue::Table(fields) = record.get_ref() else { continue };
            for (key, value) in fields {
                let known = FIELDS.contains(&key.get_ref().as_ref()) || names.crates.iter().any(|c| c == key.get_ref());
                if !known {
                    problems.push(Problem {
                        offset: key.span().start,
                        code: "resolution-file",
                        message: format!("unknown field `{}`", key.get_ref().escape_debug()),
                        expected: format!("one of {}", Names::quoted(&FIELDS.map(String::from))),
                    });
                    continue;
                }
                for (offset, text) in strings(value) {
                    if problems.len() > MAX_PROBLEMS_PER_TEXT {
                        return problems;
                    }
                    if !directive_offsets(text).is_empty() {
                        problems.push(Problem {
                            offset,
                            code: "mdbook-directive",
                            message: String::new(),
                            expected: String::new(),
                        });
                    } else if let Some((message, expected)) = syntax(key.get_ref(), text, names) {
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
fn syntax(key: &str, text: &str, names: &Names) -> Option<(String, String)> {
    let shown = text.escape_debug();
    let is_version = |v: &str| semver::Version::parse(v).is_ok();
    match key {
        "crate" => (!is_crate_name(text)).then(|| (format!("`{shown}` is not a crate name"), CRATE_NAME_SYNTAX.into())),
        "option" => (!names.options.iter().any(|o| o == text))
            .then(|| (format!("`{shown}` is not a probe"), format!("one of {}", Names::quoted(&names.options)))),
        "dependencies" => dependency::parse(text).err().map(|message| (message, "a `[dependencies]` line".into())),
        "resolved" => {
            let valid = text.split_once(' ').is_some_and(|(name, version)| is_crate_name(name) && is_version(version));
            (!valid).then(|| {
                (
                    format!("`{shown}` is not a crate and version"),
                    "a crate name, a space and an exact version: `sqlx 0.8.6`".into(),
                )
            })
        }
        "route" => {
            let crates: Vec<&str> = text.split(ROUTE_ARROW).collect();
            let valid = crates.len() >= 2 && crates.iter().all(|name| is_crate_name(name));
            (!valid).then(|| {
                (format!("`{shown}` is not a route"), "crate names joined by ` → `: `surf → http-client → …`".into())
            })
        }
        // The versions of one of the book's crates (other keys are refused before). Two majors
        // of a crate can both be in a graph: `0.2.25, 1.54.1`.
        _ if !text.split(", ").all(is_version) => Some((
            format!("`{shown}` is not a list of versions"),
            "exact versions joined by `, `: `1.13.2` or `0.2.25, 1.54.1`".into(),
        )),
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
        parse("lock.toml", text, &crate::config::test_config())
            .1
            .iter()
            .map(|d| d.to_string().lines().next().unwrap().to_string())
            .collect()
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
        let (resolution, problems) = parse("lock.toml", &text, &crate::config::test_config());
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!resolution.records.is_empty());
    }
}
