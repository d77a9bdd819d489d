use super::*;

const GOOD: &str = r#"module: async_std::task
title: Tasks
entries:
  - path: async_std::task::spawn
    tokio:
      status: similar
      paths: [tokio::task::spawn]
      note: Returns a `Result`.
    smol:
      status: drop-in
      paths: [smol::spawn]
"#;

/// `line:column code message | expected | hint` for each diagnostic.
fn errors(text: &str) -> Vec<String> {
    parse_map("api-maps/t.yaml", text, &crate::config::test_keys())
        .unwrap_err()
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {} | {} | {}",
                d.pos.line,
                d.pos.column,
                d.code,
                d.message,
                d.expected.clone().unwrap_or_default(),
                d.hint.clone().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn parses_a_valid_file_with_positions() {
    let doc = parse_map("api-maps/t.yaml", GOOD, &crate::config::test_keys()).unwrap();
    assert_eq!(doc.module.value, "async_std::task");
    let entry = &doc.entries[0];
    assert_eq!(Pos::of(&entry.path), Pos { line: 4, column: 11 });
    assert_eq!(entry.targets[0].paths[0].value, "tokio::task::spawn");
    assert_eq!(Pos::of(&entry.targets[0].paths[0]), Pos { line: 7, column: 15 });
}

#[test]
fn unknown_field_names_the_field_and_the_expected_ones() {
    assert_eq!(
        errors(&GOOD.replace("    tokio:\n", "    tokyo:\n")),
        [
            "5:5 unknown-field unknown field `tokyo` | one of path, summary, example, tokio, smol, see_also, no_run, windows_only | remove `tokyo` or fix its spelling; the fields are listed in CONTRIBUTING.md"
        ]
    );
}

/// A map of a book with three targets (`a`, `b`, `c`): one field per key, in any order.
const THREE: &str = r#"module: old::m
title: M
entries:
  - path: old::m::f
    c:
      status: none
      note: Nothing.
    a:
      status: drop-in
      paths: [a::f]
    b:
      status: drop-in
      paths: [b::f]
"#;

fn three_keys() -> Vec<String> {
    ["a", "b", "c"].map(String::from).to_vec()
}

#[test]
fn an_entry_has_one_field_per_target_of_the_book() {
    let doc = parse_map("api-maps/m.yaml", THREE, &three_keys()).unwrap();
    let paths: Vec<usize> = doc.entries[0].targets.iter().map(|t| t.paths.len()).collect();
    assert_eq!(paths, [1, 1, 0], "the targets are in book.toml's order, not the file's");
    // The guide's own keys are unknown fields in this book, and a missing target is an error.
    let failure = parse_map("api-maps/m.yaml", GOOD, &three_keys()).unwrap_err();
    let d = &failure.diagnostics[0];
    assert_eq!((d.code, d.pos.line, d.pos.column), ("unknown-field", 5, 5));
    assert_eq!(d.message, "unknown field `tokio`");
    assert_eq!(d.expected.as_deref(), Some("one of path, summary, example, a, b, c, see_also, no_run, windows_only"));
    let failure = parse_map(
        "api-maps/m.yaml",
        &THREE.replace(
            "    b:
      status: drop-in
      paths: [b::f]
",
            "",
        ),
        &three_keys(),
    )
    .unwrap_err();
    let d = &failure.diagnostics[0];
    assert_eq!((d.code, d.message.as_str()), ("missing-field", "missing field `b`"));
    assert_eq!(d.pos.line, 4, "{d:?}");
}

#[test]
fn unknown_status_lists_the_statuses() {
    let errors = errors(&GOOD.replace("status: similar", "status: simillar"));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(
            "6:15 unknown-status unknown variant `simillar` | one of `drop-in`, `similar`, `different`, `none` |"
        ),
        "{errors:?}"
    );
}

#[test]
fn missing_field_is_named() {
    let errors = errors(&GOOD.replace("title: Tasks\n", ""));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("missing-field missing field `title`"), "{errors:?}");
    assert!(errors[0].ends_with("add `title:`; see the complete example in CONTRIBUTING.md"), "{errors:?}");
}

#[test]
fn yaml_syntax_error_has_a_position() {
    let errors = errors(&GOOD.replace("paths: [tokio::task::spawn]", "paths: [tokio::task::spawn"));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("8:11 yaml "), "{errors:?}");
}

#[test]
fn every_bad_entry_is_reported_in_one_run() {
    let second = GOOD
        .split_once("entries:\n")
        .unwrap()
        .1
        .replace("spawn", "yield_now")
        .replace("status: drop-in", "status: dropin");
    let text = format!("{}{second}", GOOD.replace("      note:", "      notes:"));
    let errors = errors(&text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("8:7 unknown-field unknown field `notes`"), "{errors:?}");
    assert!(errors[1].starts_with("18:15 unknown-status unknown variant `dropin`"), "{errors:?}");
}

#[test]
fn alias_bombs_are_refused() {
    // Well-shaped, but 1000 aliases: far past the limit, so it fails before expanding.
    let aliases = vec!["*a"; 1000].join(", ");
    let text = GOOD.replace(
        "    smol:\n",
        &format!("    summary: &a async_std::task::spawn\n    see_also: [{aliases}]\n    smol:\n"),
    );
    let errors = errors(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains(" yaml-limit "), "{errors:?}");
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("module: {}x{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let errors = errors(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn deep_block_nesting_is_refused() {
    let mut text = String::new();
    for depth in 0..200 {
        text.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    assert_eq!(errors(&text).len(), 1);
}

#[test]
fn huge_files_are_refused_before_parsing() {
    let text = format!("module: \"{}\"\n", "x".repeat(MAX_FILE_BYTES as usize + 1));
    assert_eq!(errors(&text), ["1:1 io file too large |  | "]);
}

#[test]
fn entry_ranges_follow_the_sequence() {
    let lines: Vec<&str> = GOOD.lines().collect();
    assert_eq!(entry_line_ranges(&lines), [(3, 11)]);
    let two = format!("{GOOD}  - path: b\nother: 1\n");
    let lines: Vec<&str> = two.lines().collect();
    assert_eq!(entry_line_ranges(&lines), [(3, 11), (11, 12)]);
}
