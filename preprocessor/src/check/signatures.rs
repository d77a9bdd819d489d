//! A `drop-in` claim checked against the inventories' trait impls and signatures
//! (`inventories/signatures/`): the target type must implement every trait of the compared set
//! that the async-std type implements (the auto traits with no stricter bounds, the I/O and
//! stream traits of the same family), and the target function must take the same receiver and
//! number of arguments and give the same result (the `Output` of its future, the `Item` of its
//! stream, else its return type).
//!
//! What is compared is the normalised text the generator writes: the last segment of each path
//! with its arguments (`io::Result<T>` is `Result<T, Error>`), generic parameters as `_`. Type
//! names of async-std are first replaced by the names the guide's own entries map them to
//! (`JoinHandle` → smol's `Task`), so a rename that the maps already cover is no difference.
//! Paths without facts (std items, macros, traits) are not compared.
//!
//! A difference ends either with another status (the rules in CONTRIBUTING.md) or with an
//! acknowledgement on the target, `accepted_differences: [Clone]`, whose note names it.

use crate::config::ApimapConfig;
use crate::coverage::AutoMatch;
use crate::diagnostic::Diagnostic;
use crate::inventory::Inventories;
use crate::inventory::signatures::{ApiFacts, SigFact, TraitFact};
use crate::model::{MapFile, Pos, Status, Target, TargetId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The traits compared; others (`Borrow`, `UnwindSafe`, `Drop`, …) are not what code relies on.
const COMPARED_TRAITS: [&str; 23] = [
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Send",
    "Sync",
    "Unpin",
    "Eq",
    "PartialEq",
    "Hash",
    "Ord",
    "PartialOrd",
    "Stream",
    "Future",
    "AsyncRead",
    "AsyncWrite",
    "AsyncBufRead",
    "AsyncSeek",
    "FusedStream",
    "FusedFuture",
    "Iterator",
    "From",
    "Display",
];

/// Auto traits, whose impls rustdoc derives with bounds: stricter bounds are a loss.
const AUTO_TRAITS: [&str; 3] = ["Send", "Sync", "Unpin"];

/// The keys of signature differences, and the words one of which the note must contain.
const SIGNATURE_KEYS: [(&str, &[&str]); 6] = [
    ("receiver", &["self", "receiver"]),
    ("arity", &["argument", "parameter", "turbofish"]),
    ("Output", &["output", "resolves"]),
    ("Item", &["item"]),
    ("async", &["async", "synchronous", "await"]),
    ("returns", &["return"]),
];

/// One difference between a source item and its `drop-in` target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What `accepted_differences` names: a trait (`Clone`, `From<TcpStream>`, `&AsyncRead`)
    /// or a signature key (`arity`, `receiver`, `Output`, `Item`, `async`, `returns`).
    pub key: String,
    pub message: String,
}

/// Checks every `drop-in` of every map against the facts; see the module documentation.
pub fn check(files: &[MapFile], inventories: &Inventories, facts: &ApiFacts, config: &ApimapConfig) -> Vec<Diagnostic> {
    let source_root = config.source_root();
    let targets: Vec<_> = config.target_ids().zip(&config.targets).collect();
    // Each target on its own core (facts and inventory rows are parsed once, by whichever
    // looks them up first); the diagnostics in target order.
    let per_target = crate::parallel::map(&targets, |(id, settings)| {
        let mut out = Vec::new();
        let renames = Renames::build(files, *id, facts);
        for file in files {
            for entry in &file.doc.entries {
                let target = entry.target(*id);
                let compared = compare_target(&entry.path.value, target, inventories, facts, &renames, &source_root);
                check_target(file, &settings.label, target, compared, &mut out);
            }
        }
        out
    });
    per_target.into_iter().flatten().collect()
}

/// The differences of a target's first comparable path, `None` when nothing could be compared.
fn compare_target(
    source: &str,
    target: &Target,
    inventories: &Inventories,
    facts: &ApiFacts,
    renames: &Renames,
    source_root: &str,
) -> Option<Vec<Difference>> {
    target.paths.iter().find_map(|path| {
        let label = Labels { source: label(inventories, source), target: label(inventories, &path.value) };
        if let (Some(from), Some(to)) = (facts.traits(source), facts.traits(&path.value)) {
            return Some(trait_differences(from, to, &label, renames, source_root));
        }
        let (from, to) = (facts.signature(source)?, facts.signature(&path.value)?);
        Some(compare_signatures((source, from), (&path.value, to), &label, renames))
    })
}

/// The differences of two functions' signatures, `Self` and associated functions normalised.
fn compare_signatures(
    (source, from): (&str, &SigFact),
    (target, to): (&str, &SigFact),
    label: &Labels,
    renames: &Renames,
) -> Vec<Difference> {
    let (from, to) = (with_owner(&called_as(from, to), source), with_owner(to, target));
    signature_differences(&from, &to, label, renames)
}

/// Notes on each automatic member match (a member without an entry matched by name in the
/// target type) what it loses: the keys of its signature differences, for the type's section.
pub fn annotate_auto_matches(
    files: &[MapFile],
    matches: &mut BTreeMap<String, Vec<AutoMatch>>,
    inventories: &Inventories,
    facts: &ApiFacts,
    config: &ApimapConfig,
) {
    let renames: Vec<Renames> = config.target_ids().map(|id| Renames::build(files, id, facts)).collect();
    for m in matches.values_mut().flatten() {
        let (Some(from), Some(to)) = (facts.signature(&m.member), facts.signature(&m.target.path)) else { continue };
        let label = Labels { source: label(inventories, &m.member), target: label(inventories, &m.target.path) };
        let Some(renames) = renames.get(m.target_id.0) else { continue };
        m.differences = compare_signatures((&m.member, from), (&m.target.path, to), &label, renames)
            .iter()
            .filter_map(|d| SIGNATURE_KEYS.iter().find(|(key, _)| *key == d.key).map(|(key, _)| *key))
            .collect();
    }
}

fn check_target(
    file: &MapFile,
    label: &str,
    target: &Target,
    compared: Option<Vec<Difference>>,
    out: &mut Vec<Diagnostic>,
) {
    let status = target.status.value;
    if status != Status::DropIn {
        if let Some(first) = target.accepted_differences.first() {
            out.push(
                Diagnostic::error(
                    "accepted-difference",
                    &file.path,
                    Pos::of(first),
                    format!("{}: `accepted_differences` goes only with `drop-in`", label),
                )
                .hint("the note of a `similar` or `different` entry already says what differs: remove the list"),
            );
        }
        return;
    }
    let accepted: BTreeSet<&str> = target.accepted_differences.iter().map(|d| d.value.as_str()).collect();
    let differences = compared.clone().unwrap_or_default();
    for difference in differences.iter().filter(|d| !accepted.contains(d.key.as_str())) {
        out.push(
            Diagnostic::error(
                "drop-in-difference",
                &file.path,
                Pos::of(&target.status),
                format!("{}: {}", label, difference.message),
            )
            .hint(format!(
                "decide by the status rules of CONTRIBUTING.md: change the status (with a note saying what to change), \
                 or, where the rules keep `drop-in`, acknowledge it with `accepted_differences: [{}]` and a note naming it",
                yaml_key(&difference.key)
            )),
        );
    }
    let note = target.note.as_ref().map(|n| n.value.to_lowercase()).unwrap_or_default();
    for key in &target.accepted_differences {
        let pos = Pos::of(key);
        let found = differences.iter().any(|d| d.key == key.value);
        if compared.is_some() && !found {
            out.push(
                Diagnostic::error(
                    "accepted-difference",
                    &file.path,
                    pos,
                    format!("{}: `{}` is accepted, but the inventories show no such difference", label, key.value),
                )
                .hint("remove it from `accepted_differences` (the difference is gone, or it is spelt differently)"),
            );
        } else if !note_names(&note, &key.value) {
            out.push(
                Diagnostic::error(
                    "accepted-difference",
                    &file.path,
                    pos,
                    format!("{}: the note does not name the accepted difference `{}`", label, key.value),
                )
                .expected(format!("a note that says it, with the word {}", note_words(&key.value).join(" or ")))
                .hint("an acknowledged difference is explained to the reader in the target's note"),
            );
        }
    }
}

/// `&AsyncRead` must be quoted in YAML (`&` starts an anchor).
fn yaml_key(key: &str) -> String {
    if key.starts_with('&') || key.contains([',', ':']) { format!("\"{key}\"") } else { key.to_owned() }
}

/// The words (lowercase) of which a note naming difference `key` contains one.
fn note_words(key: &str) -> Vec<String> {
    match SIGNATURE_KEYS.iter().find(|(k, _)| *k == key) {
        Some((_, words)) => words.iter().map(|w| format!("`{w}`")).collect(),
        None => vec![format!("`{}`", trait_base(key))],
    }
}

fn note_names(note_lowercase: &str, key: &str) -> bool {
    match SIGNATURE_KEYS.iter().find(|(k, _)| *k == key) {
        Some((_, words)) => words.iter().any(|w| note_lowercase.contains(w)),
        None => note_lowercase.contains(&trait_base(key).to_lowercase()),
    }
}

/// `&AsyncRead` → `AsyncRead`, `From<TcpStream>` → `From`.
fn trait_base(name: &str) -> &str {
    let name = name.trim_start_matches('&');
    name.split('<').next().unwrap_or(name)
}

/// How messages name the two sides: "async-std `Fuse`", "tokio-stream `Fuse`".
struct Labels {
    source: String,
    target: String,
}

/// "tokio-stream `Fuse`": the crate (from the inventories) and the item's name.
fn label(inventories: &Inventories, path: &str) -> String {
    let krate = inventories
        .crate_of(path)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| path.split("::").next().unwrap_or_default().replace('_', "-"));
    format!("{krate} `{}`", last_segment(path))
}

fn trait_differences(
    from: &[TraitFact],
    to: &[TraitFact],
    label: &Labels,
    renames: &Renames,
    source_root: &str,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let Labels { source, target } = label;
    // async-std's own traits (its unstable `FusedStream`, `DoubleEndedStream`) have no impls
    // outside async-std at all: the entry of the trait says what replaces it.
    let compared = |t: &&TraitFact| COMPARED_TRAITS.contains(&t.base_name()) && t.family != source_root;
    for theirs in from.iter().filter(compared) {
        let name = renames.apply(&theirs.name);
        let same_name = || to.iter().filter(|t| same_type(&t.name, &name));
        let Some(ours) = same_name().find(|t| t.family == theirs.family) else {
            let message = match same_name().next() {
                Some(other) => format!(
                    "{source} implements {}'s `{}`; {target} implements {}'s (another trait family)",
                    family(&theirs.family),
                    theirs.name,
                    family(&other.family)
                ),
                None => format!("{source} is `{}`; {target} is not", theirs.name),
            };
            out.push(Difference { key: theirs.name.clone(), message });
            continue;
        };
        if AUTO_TRAITS.contains(&theirs.base_name()) && stricter(&theirs.bounds, &ours.bounds) {
            let theirs_where =
                if theirs.bounds.is_empty() { String::new() } else { format!(" where `{}`", theirs.bounds) };
            out.push(Difference {
                key: theirs.name.clone(),
                message: format!("{source} is `{}`{theirs_where}; {target} only where `{}`", theirs.name, ours.bounds),
            });
        }
    }
    out
}

fn family(krate: &str) -> String {
    if krate == "core" { "std".to_owned() } else { krate.replace('_', "-") }
}

/// Whether the target's bounds ask for an auto trait the source's do not (`T: Send` →
/// `T: Send + Sync`, or any bound where the source had none). Other bounds (`F: FnMut() -> A`)
/// repeat the type's own requirements and are not compared.
fn stricter(source_bounds: &str, target_bounds: &str) -> bool {
    fn auto_traits(bounds: &str) -> BTreeSet<&str> {
        bounds.split(|c: char| !(c == '_' || c.is_alphanumeric())).filter(|word| AUTO_TRAITS.contains(word)).collect()
    }
    !auto_traits(target_bounds).is_subset(&auto_traits(source_bounds))
}

fn signature_differences(from: &SigFact, to: &SigFact, label: &Labels, renames: &Renames) -> Vec<Difference> {
    let mut out = Vec::new();
    let Labels { source, target } = label;
    let receiver = |r: &str| if r == "-" { "no receiver".to_owned() } else { format!("`{r}`") };
    if from.receiver != to.receiver {
        out.push(Difference {
            key: "receiver".into(),
            message: format!("{source} takes {}; {target} takes {}", receiver(&from.receiver), receiver(&to.receiver)),
        });
    }
    if from.arity != to.arity {
        let params = |s: &SigFact| if s.params.is_empty() { String::new() } else { format!(" (`{}`)", s.params) };
        out.push(Difference {
            key: "arity".into(),
            message: format!(
                "{source} takes {} argument(s){}; {target} takes {}{}",
                from.arity,
                params(from),
                to.arity,
                params(to)
            ),
        });
    }
    let theirs = renames.apply(&from.yields);
    match (from.yields.split_once('='), to.yields.split_once('=')) {
        (Some((kind, _)), Some((our_kind, ours))) if !same_type(&theirs, &to.yields) => {
            let (_, theirs) = theirs.split_once('=').unwrap_or_default();
            let verb = |k: &str| if k == "Item" { "yields items of" } else { "resolves to" };
            out.push(Difference {
                key: if kind == our_kind { kind.to_owned() } else { "returns".to_owned() },
                message: format!("{source} {} `{theirs}`; {target} {} `{ours}`", verb(kind), verb(our_kind)),
            });
        }
        (Some(_), None) if is_plain_value(&to.returns) => out.push(Difference {
            key: "async".into(),
            message: format!("{source} returns a future; {target} returns `{}` directly", to.returns),
        }),
        (None, Some(_)) if is_plain_value(&from.returns) => out.push(Difference {
            key: "async".into(),
            message: format!("{source} returns `{}` directly; {target} returns a future", from.returns),
        }),
        (None, None) if comparable_returns(&renames.apply(&from.returns), &to.returns) => out.push(Difference {
            key: "returns".into(),
            message: format!("{source} returns `{}`; {target} returns `{}`", from.returns, to.returns),
        }),
        _ => {}
    }
    out
}

/// Whether two return types without a known `Output`/`Item` differ in a way that is certain:
/// both plain values, or the same type with other arguments. Two differently named types
/// (`ReadExactFuture<Self>`, `ReadExact<Self>`) are futures or adapters whose impls the public
/// docs do not show: not compared, nor are two `…Future` types (their parameters are private
/// details; what code sees is the `Output`, unknown here).
fn comparable_returns(source: &str, target: &str) -> bool {
    let head = |t: &str| t.split('<').next().unwrap_or(t).to_owned();
    // `Self` written as its type has no arguments: `BufReader` and `BufReader<_>` are one type.
    let bare = |t: &str| !t.contains('<');
    if same_type(source, target)
        || head(source).ends_with("Future")
        || (head(source) == head(target) && (bare(source) || bare(target)))
    {
        return false;
    }
    (is_plain_value(source) && is_plain_value(target)) || head(source) == head(target)
}

/// Whether two normalised types are the same, a `_` inside brackets (a generic parameter or an
/// associated type such as `Self::Item`) matching any one type: `Poll<Option<_>>` is
/// `Poll<Option<Result<TcpStream, Error>>>`. A whole `_` matches only `_`: `spawn`'s `Output`
/// `T` is not Tokio's `Result<T, JoinError>`.
fn same_type(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let is_word = |c: u8| c == b'_' || c.is_ascii_alphanumeric();
    let wildcard = |s: &[u8], k: usize| {
        s[k] == b'_' && !s.get(k + 1).copied().is_some_and(is_word) && (k == 0 || !is_word(s[k - 1]))
    };
    let (mut i, mut j, mut depth) = (0, 0, 0usize);
    loop {
        match (i < a.len(), j < b.len()) {
            (false, false) => return true,
            (true, true) => {}
            _ => return false,
        }
        if depth > 0 && wildcard(a, i) {
            (i, j) = (i + 1, skip_type(b, j));
        } else if depth > 0 && wildcard(b, j) {
            (i, j) = (skip_type(a, i), j + 1);
        } else if a[i] == b[j] {
            match a[i] {
                b'<' | b'(' | b'[' => depth += 1,
                b'>' | b')' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            (i, j) = (i + 1, j + 1);
        } else {
            return false;
        }
    }
}

/// The end of the type that starts at `k`: the next `,` `;` or closing bracket at its depth.
fn skip_type(s: &[u8], mut k: usize) -> usize {
    let mut depth = 0usize;
    while k < s.len() {
        match s[k] {
            b'<' | b'(' | b'[' => depth += 1,
            b'>' | b')' | b']' if depth == 0 => return k,
            b'>' | b')' | b']' => depth -= 1,
            b',' | b';' if depth == 0 => return k,
            _ => {}
        }
        k += 1;
    }
    k
}

/// A return type that is certainly not a future: a value the caller uses at once.
fn is_plain_value(returns: &str) -> bool {
    let head = returns.split('<').next().unwrap_or(returns);
    matches!(head, "()" | "Result" | "Option" | "Vec" | "String" | "bool" | "usize" | "u64" | "i32" | "Duration")
}

/// async-std type names → the names of the target types the guide maps them to.
#[derive(Default)]
struct Renames(HashMap<String, Option<String>>);

impl Renames {
    /// From every entry whose source and first target path are both types with facts; a name
    /// mapped to two different names is left alone.
    fn build(files: &[MapFile], id: TargetId, facts: &ApiFacts) -> Self {
        let mut renames = Renames::default();
        for entry in files.iter().flat_map(|f| &f.doc.entries) {
            let target = entry.target(id);
            let (Some(to), true) = (target.paths.first(), facts.traits(&entry.path.value).is_some()) else { continue };
            if target.status.value == Status::None || facts.traits(&to.value).is_none() {
                continue;
            }
            let (from, to) = (last_segment(&entry.path.value), last_segment(&to.value));
            if from == to {
                continue;
            }
            let slot = renames.0.entry(from.to_owned()).or_insert_with(|| Some(to.to_owned()));
            if slot.as_deref() != Some(to) {
                *slot = None;
            }
        }
        renames
    }

    /// `text` with each identifier that has a rename replaced.
    fn apply(&self, text: &str) -> String {
        map_words(text, |word| match self.0.get(word) {
            Some(Some(to)) => to,
            _ => word,
        })
    }
}

/// `text` with each identifier replaced by what `f` gives for it.
fn map_words<'a>(text: &'a str, f: impl Fn(&'a str) -> &'a str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = None;
    for (index, c) in text.char_indices() {
        if c == '_' || c.is_alphanumeric() {
            start.get_or_insert(index);
        } else {
            if let Some(from) = start.take() {
                out.push_str(f(&text[from..index]));
            }
            out.push(c);
        }
    }
    if let Some(from) = start {
        out.push_str(f(&text[from..]));
    }
    out
}

/// `Guard::downgrade(guard)`, an associated function taking `Self`, is called the way a method
/// taking `self` is (the source's spelling compiles against the target): then the source's
/// signature as that method's.
fn called_as(from: &SigFact, to: &SigFact) -> SigFact {
    let (first, rest) = from.params.split_once("; ").unwrap_or((&from.params, ""));
    let alike = from.receiver == "-"
        && from.arity > 0
        && matches!((first, to.receiver.as_str()), ("Self", "self") | ("&Self", "&self") | ("&mut Self", "&mut self"));
    if alike {
        SigFact { receiver: to.receiver.clone(), arity: from.arity - 1, params: rest.to_owned(), ..from.clone() }
    } else {
        from.clone()
    }
}

/// The signature of an associated function (no receiver: a constructor, `from_raw_fd`) with
/// `Self` written as the owner's name (the segment before the function's); in a method, `Self`
/// may be a trait's implementor, and stays.
fn with_owner(sig: &SigFact, path: &str) -> SigFact {
    if sig.receiver != "-" {
        return sig.clone();
    }
    let owner = path.rsplit("::").nth(1).unwrap_or_default();
    let spell = |text: &str| map_words(text, |word| if word == "Self" { owner } else { word });
    SigFact { params: spell(&sig.params), returns: spell(&sig.returns), yields: spell(&sig.yields), ..sig.clone() }
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::signatures::parse_into;
    use crate::load::parse_map;

    const TRAITS: &str = "path\ttrait\tfamily\tbounds\n\
        async_std::task::JoinHandle\tClone\tcore\t\n\
        async_std::task::JoinHandle\tDebug\tcore\t\n\
        async_std::task::JoinHandle\tSync\tcore\tT: Send\n\
        tokio::task::JoinHandle\tDebug\tcore\t\n\
        tokio::task::JoinHandle\tSync\tcore\tT: Send\n";
    const SIGS: &str = "path\tasync\treceiver\tarity\tparams\treturns\tyields\n\
        async_std::task::block_on\tno\t-\t1\t_\t_\t\n\
        tokio::runtime::Runtime::block_on\tno\t&self\t1\t_\t_\t\n\
        async_std::task::spawn\tno\t-\t1\t_\tJoinHandle<_>\tOutput=_\n\
        tokio::task::spawn\tno\t-\t1\t_\tJoinHandle<_>\tOutput=Result<_, JoinError>\n\
        async_std::task::sleep\tyes\t-\t1\tDuration\t()\tOutput=()\n\
        tokio::time::sleep\tno\t-\t2\tDuration; bool\tSleep\tOutput=()\n";

    const MAP: &str = r#"module: async_std::task
title: Tasks
entries:
  - path: async_std::task::JoinHandle
    tokio:
      status: drop-in
      paths: [tokio::task::JoinHandle]
    smol: {status: none, note: "No."}
  - path: async_std::task::block_on
    tokio:
      status: drop-in
      paths: [tokio::runtime::Runtime::block_on]
    smol: {status: none, note: "No."}
  - path: async_std::task::spawn
    tokio:
      status: drop-in
      paths: [tokio::task::spawn]
    smol: {status: none, note: "No."}
  - path: async_std::task::sleep
    tokio:
      status: drop-in
      paths: [tokio::time::sleep]
    smol: {status: none, note: "No."}
"#;

    fn facts() -> ApiFacts {
        let mut facts = ApiFacts::default();
        assert_eq!(parse_into(&mut facts, "s/x-1.0.0.traits.tsv", TRAITS), []);
        assert_eq!(parse_into(&mut facts, "s/x-1.0.0.sigs.tsv", SIGS), []);
        facts
    }

    /// `line:column code: message` of every diagnostic, in order.
    fn problems(text: &str) -> Vec<String> {
        let config = crate::config::test_config();
        let doc = parse_map("api-maps/task.yaml", text, &config.target_keys())
            .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
        let file = MapFile { path: "api-maps/task.yaml".into(), stem: "task".into(), source: text.into(), doc };
        let mut diagnostics = check(&[file], &Inventories::default(), &facts(), &config);
        crate::diagnostic::sort(&mut diagnostics);
        diagnostics.iter().map(|d| format!("{}:{} {}: {}", d.pos.line, d.pos.column, d.code, d.message)).collect()
    }

    #[test]
    fn a_drop_in_that_loses_clone_changes_arity_or_output_fails_at_its_status() {
        assert_eq!(
            problems(MAP),
            [
                "6:15 drop-in-difference: Tokio: async-std `JoinHandle` is `Clone`; tokio `JoinHandle` is not",
                "11:15 drop-in-difference: Tokio: async-std `block_on` takes no receiver; tokio `block_on` takes `&self`",
                "16:15 drop-in-difference: Tokio: async-std `spawn` resolves to `_`; tokio `spawn` resolves to `Result<_, JoinError>`",
                "21:15 drop-in-difference: Tokio: async-std `sleep` takes 1 argument(s) (`Duration`); tokio `sleep` takes 2 (`Duration; bool`)",
            ]
        );
    }

    #[test]
    fn acknowledged_differences_pass_when_the_note_names_them() {
        let acknowledged = MAP
            .replacen(
                "paths: [tokio::task::JoinHandle]",
                "paths: [tokio::task::JoinHandle]\n      accepted_differences: [Clone]\n      note: Not `Clone`, share it through an `Arc`.",
                1,
            )
            .replacen(
                "paths: [tokio::runtime::Runtime::block_on]",
                "paths: [tokio::runtime::Runtime::block_on]\n      accepted_differences: [receiver]\n      note: A method of the runtime, called on `&self`.",
                1,
            )
            .replacen(
                "paths: [tokio::task::spawn]",
                "paths: [tokio::task::spawn]\n      accepted_differences: [Output]\n      note: The handle resolves to a `Result`.",
                1,
            )
            .replacen(
                "paths: [tokio::time::sleep]",
                "paths: [tokio::time::sleep]\n      accepted_differences: [arity]\n      note: One more argument.",
                1,
            );
        assert_eq!(problems(&acknowledged), Vec::<String>::new());
    }

    #[test]
    fn an_acknowledgement_needs_a_note_naming_it_a_real_difference_and_a_drop_in() {
        let unnamed = MAP.replacen(
            "paths: [tokio::task::JoinHandle]",
            "paths: [tokio::task::JoinHandle]\n      accepted_differences: [Clone, Debug]\n      note: Share it.",
            1,
        );
        assert_eq!(
            problems(&unnamed)[..2],
            [
                "8:30 accepted-difference: Tokio: the note does not name the accepted difference `Clone`",
                "8:37 accepted-difference: Tokio: `Debug` is accepted, but the inventories show no such difference",
            ]
        );
        let on_similar = MAP.replacen(
            "status: drop-in\n      paths: [tokio::task::JoinHandle]",
            "status: similar\n      paths: [tokio::task::JoinHandle]\n      accepted_differences: [Clone]\n      note: Not `Clone`.",
            1,
        );
        assert_eq!(
            problems(&on_similar)[0],
            "8:30 accepted-difference: Tokio: `accepted_differences` goes only with `drop-in`"
        );
    }

    #[test]
    fn trait_families_and_async_std_own_traits() {
        let fact =
            |name: &str, family: &str| TraitFact { name: name.into(), family: family.into(), bounds: String::new() };
        let label = Labels { source: "async-std `Stdin`".into(), target: "tokio `Stdin`".into() };
        let from = [fact("AsyncRead", "futures_io"), fact("FusedStream", "async_std")];
        let differences =
            trait_differences(&from, &[fact("AsyncRead", "tokio")], &label, &Renames::default(), "async_std");
        assert_eq!(
            differences,
            [Difference {
                key: "AsyncRead".into(),
                message: "async-std `Stdin` implements futures-io's `AsyncRead`; tokio `Stdin` implements tokio's \
                          (another trait family)"
                    .into()
            }]
        );
    }

    #[test]
    fn automatic_member_matches_note_what_they_lose() {
        let mut facts = facts();
        let sigs = "path\tasync\treceiver\tarity\tparams\treturns\tyields\n\
            async_std::io::Stdin::poll_read\tno\tPin<&mut Self>\t2\t&mut Context; &mut [u8]\tPoll<Result<usize, Error>>\t\n\
            tokio::io::Stdin::poll_read\tno\tPin<&mut Self>\t2\t&mut Context; &mut ReadBuf\tPoll<Result<(), Error>>\t\n";
        assert_eq!(parse_into(&mut facts, "s/y-1.0.0.sigs.tsv", sigs), []);
        let target = crate::inventory::Item { path: "tokio::io::Stdin::poll_read".into(), ..Default::default() };
        let member = "async_std::io::Stdin::poll_read".to_owned();
        let mut matches = BTreeMap::from([(
            String::new(),
            vec![AutoMatch { target_id: TargetId(0), member, target, differences: vec![] }],
        )]);
        annotate_auto_matches(&[], &mut matches, &Inventories::default(), &facts, &crate::config::test_config());
        assert_eq!(matches[""][0].differences, ["returns"]);
    }

    #[test]
    fn renames_through_the_maps_and_stricter_bounds() {
        let renames = Renames(HashMap::from([("JoinHandle".to_owned(), Some("Task".to_owned()))]));
        assert_eq!(renames.apply("Option<JoinHandle<_>>"), "Option<Task<_>>");
        assert!(stricter("T: Send", "T: Send + Sync"));
        assert!(stricter("", "T: Send"));
        assert!(!stricter("T: Send + Sync", "S: Send"));
        assert!(!stricter("", "F: FnMut() -> _"));
        assert!(same_type("Poll<Option<_>>", "Poll<Option<Result<TcpStream, Error>>>"));
        assert!(same_type("(_, _)", "(Vec<u8>, usize)"));
        assert!(!same_type("Result<(), Error>", "Result<usize, Error>"));
        assert!(!same_type("Option<_>", "Result<_, _>"));
        assert!(!same_type("Take_", "Take"));
        assert!(!same_type("Output=_", "Output=Result<_, JoinError>"));
        assert!(!stricter("S: Send, S::Item::IntoStream: Send", "St: Send, St::Item: Send"));
    }
}
