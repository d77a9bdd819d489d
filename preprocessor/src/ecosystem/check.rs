//! Check: the rules of an ecosystem entry that need nothing else. Plain-text fields stay plain
//! text; notes are Markdown checked by the same rules as the maps' notes.

use super::dependency::{self, is_crate_name, is_feature_name};
use super::model::{CrateFile, Replacement};
use crate::check::{check_directives_in, check_markdown_in};
use crate::config::ApimapConfig;
use crate::diagnostic::Diagnostic;
use crate::model::{Pos, Status, pos_in_value};
use crate::plain_text::{self, MAX_SUMMARY_CHARS};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// Runs every rule over all entries.
pub fn check(files: &[CrateFile], config: &ApimapConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for file in files {
        let name = &file.doc.name;
        if let Some(first) = seen.insert(&name.value, &file.path) {
            out.push(
                Diagnostic::error(
                    "duplicate-crate",
                    &file.path,
                    Pos::of(name),
                    format!("`{}` has two entries", name.value),
                )
                .hint(format!("the other one is {first}: merge them")),
            );
        }
        check_entry(file, config, &mut out);
    }
    out
}

fn check_entry(file: &CrateFile, config: &ApimapConfig, out: &mut Vec<Diagnostic>) {
    let doc = &file.doc;
    for text in doc.texts() {
        check_directives_in(&file.path, &file.source, text, out);
    }
    let error = |code, value_pos: Pos, message: String| Diagnostic::error(code, &file.path, value_pos, message);
    let stem = file.path.rsplit('/').next().unwrap_or_default().trim_end_matches(".yaml");
    if !is_crate_name(&doc.name.value) {
        out.push(
            error("crate-name", Pos::of(&doc.name), format!("`{}` is not a crate name", doc.name.value.escape_debug()))
                .expected(dependency::CRATE_NAME_SYNTAX),
        );
    } else if stem != doc.name.value {
        out.push(
            error("file-name", Pos::of(&doc.name), format!("the entry for `{}` is in `{stem}.yaml`", doc.name.value))
                .hint(format!("name the file `{}.yaml`", doc.name.value)),
        );
    }
    if let Some((offset, message)) = plain_text::summary_problem(&doc.summary.value) {
        out.push(
            error("summary", pos_in_value(&file.source, &doc.summary, offset), message)
                .expected(format!("one line of at most {MAX_SUMMARY_CHARS} characters: letters, digits, spaces, `{}`, and `inline code`", plain_text::TITLE_PUNCTUATION))
                .hint("say what the crate is; details belong in the notes"),
        );
    }
    if let Err(err) = semver::VersionReq::parse(&doc.versions.value) {
        out.push(
            error(
                "versions",
                Pos::of(&doc.versions),
                format!("`{}` is not a version requirement: {err}", doc.versions.value),
            )
            .expected("a Cargo requirement such as `>=0.5, <0.9`"),
        );
    }
    for feature in &doc.features {
        if !is_feature_name(&feature.value) {
            out.push(
                error(
                    "feature-name",
                    Pos::of(feature),
                    format!("`{}` is not a feature name", feature.value.escape_debug()),
                )
                .expected(dependency::FEATURE_NAME_SYNTAX),
            );
        }
    }
    match dependency::parse(&doc.source.value) {
        Err(message) => out.push(dependency_error(file, &doc.source, message)),
        Ok(source) if source.package != doc.name.value => out.push(
            error("source-crate", Pos::of(&doc.source), format!("the source line depends on `{}`", source.package))
                .expected(format!("a line for `{}`, the crate of this entry", doc.name.value)),
        ),
        Ok(source) => {
            let covered = semver::VersionReq::parse(&doc.versions.value).ok();
            if let (Some(req), Some(version)) = (covered, source.semver())
                && !req.matches(&version)
            {
                out.push(error(
                    "source-version",
                    Pos::of(&doc.source),
                    format!("version {version} is outside `versions: {}`", doc.versions.value),
                ));
            }
        }
    }
    for (i, (option, target)) in doc.options.iter().zip(&config.targets).enumerate() {
        check_replacement(file, i == 0, &target.label, option, config, out);
    }
}

/// The rules of one option; `first` for the first target's, `name` is the target's label.
fn check_replacement(
    file: &CrateFile,
    first: bool,
    name: &str,
    option: &Replacement,
    config: &ApimapConfig,
    out: &mut Vec<Diagnostic>,
) {
    let status = option.status.value;
    let pos = Pos::of(&option.status);
    let error = |code, message: String| Diagnostic::error(code, &file.path, pos, message);
    if status == Status::None && !option.dependencies.is_empty() {
        out.push(
            error("dependencies-with-none", format!("{name}: status `none` with dependencies"))
                .hint("use `similar` or `different` if these lines are a way out; otherwise explain in the note"),
        );
    }
    if status != Status::None && option.dependencies.is_empty() {
        out.push(
            error("missing-dependencies", format!("{name}: status `{}` needs `dependencies`", status.as_str()))
                .hint("write the exact dependency line(s) that replace the crate, or use status `none`"),
        );
    }
    if status != Status::DropIn && option.note.as_ref().is_none_or(|n| n.value.trim().is_empty()) {
        out.push(
            error("missing-note", format!("{name}: status `{}` needs a `note`", status.as_str()))
                .expected("a note saying what changes in code")
                .hint("only `drop-in` options (same code, new dependency line) may go without a note"),
        );
    }
    if option.pulls_first_target && first {
        let uses = super::model::uses_field(&config.targets[0].key);
        out.push(
            error("uses-first-target", format!("`{uses}` is for the other targets' options"))
                .hint(format!("remove it: a {name} option may pull {name}")),
        );
    }
    for line in &option.dependencies {
        if let Err(message) = dependency::parse(&line.value) {
            out.push(dependency_error(file, line, message));
        }
    }
    if let Some(note) = &option.note {
        check_markdown_in(&file.path, &file.source, note, out);
    }
}

fn dependency_error(file: &CrateFile, line: &Spanned<String>, message: String) -> Diagnostic {
    Diagnostic::error("dependency-line", &file.path, Pos::of(line), message)
        .expected("a `[dependencies]` line such as `sqlx = { version = \"0.8.6\", default-features = false, features = [\"json\"] }`")
        .hint("quote the whole line with single quotes in YAML")
}

#[cfg(test)]
mod tests;
