//! The join of the dependency routes with the ecosystem map: one [`Dependency`] per direct
//! dependency of a workspace member that brings async-std in, with the entry that answers for it
//! and the manifest line that declares it. Only the project's own Cargo.toml is in its hands, so
//! the direct dependency is what a report speaks about; a deeper crate's entry is named as "via".

use crate::report::{Declaration, Dependency, DependencyEntry, DependencyOption, Hop, Route};
use crate::runtime::Runtime;
use cargo_metadata::Metadata;
use mdbook_apimap::ecosystem::{Ecosystem, EcosystemEntry, EcosystemOption};
use std::collections::BTreeMap;

/// A gist longer than this is cut at a word.
const GIST_CHARS: usize = 200;

/// Groups `routes` (shortest first, as [`crate::project::async_std_routes`] returns them) by
/// their direct dependency, joins each group to `ecosystem` and finds where the members declare
/// it. `site_url` ends in `/`.
pub fn join(metadata: &Metadata, routes: &[Route], ecosystem: &Ecosystem, site_url: &str) -> Vec<Dependency> {
    let mut dependencies = group(routes, ecosystem, site_url);
    for d in &mut dependencies {
        let mut members: Vec<&str> = d.routes.iter().map(|&i| routes[i].hops[0].name.as_str()).collect();
        members.sort_unstable();
        members.dedup();
        d.declared_in = declarations(metadata, &members, &d.name);
    }
    dependencies
}

/// [`join`] without the manifests: the groups and their entries, sorted by name.
pub fn group(routes: &[Route], ecosystem: &Ecosystem, site_url: &str) -> Vec<Dependency> {
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (index, route) in routes.iter().enumerate() {
        // [member, direct, …, async-std]; a member's own async-std dependency has no middle.
        if let [_, direct, _, ..] = route.hops.as_slice() {
            groups.entry((direct.name.clone(), direct.version.clone())).or_default().push(index);
        }
    }
    groups
        .into_iter()
        .map(|((name, version), indices)| {
            let on_routes: Vec<&[Hop]> = indices.iter().map(|&i| middle(&routes[i])).collect();
            Dependency {
                declared_in: Vec::new(),
                entry: covering_entry(&on_routes, ecosystem)
                    .map(|(hop, entry)| dependency_entry(entry, hop, hop.name == name, site_url)),
                not_in_guide: uncovered(&on_routes, ecosystem),
                routes: indices,
                name,
                version,
            }
        })
        .collect()
}

/// The crates between the member and async-std.
fn middle(route: &Route) -> &[Hop] {
    &route.hops[1..route.hops.len() - 1]
}

fn covers<'e>(hop: &Hop, ecosystem: &'e Ecosystem) -> Option<&'e EcosystemEntry> {
    ecosystem.lookup(&hop.name, &hop.version)
}

/// The dependency's own entry if it has one; otherwise the entry nearest to it on the shortest
/// route that has one.
fn covering_entry<'r, 'e>(on_routes: &[&'r [Hop]], ecosystem: &'e Ecosystem) -> Option<(&'r Hop, &'e EcosystemEntry)> {
    let direct = on_routes.first().and_then(|hops| hops.first());
    if let Some(entry) = direct.and_then(|hop| covers(hop, ecosystem)) {
        return direct.map(|hop| (hop, entry));
    }
    on_routes.iter().flat_map(|hops| hops.iter()).find_map(|hop| covers(hop, ecosystem).map(|e| (hop, e)))
}

/// For each route that no entry covers, the crate on it that depends on async-std itself.
fn uncovered(on_routes: &[&[Hop]], ecosystem: &Ecosystem) -> Vec<String> {
    let mut out: Vec<String> = on_routes
        .iter()
        .filter(|hops| hops.iter().all(|hop| covers(hop, ecosystem).is_none()))
        .filter_map(|hops| hops.last())
        .map(|hop| format!("{} {}", hop.name, hop.version))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn dependency_entry(entry: &EcosystemEntry, hop: &Hop, direct: bool, site_url: &str) -> DependencyEntry {
    let option = |runtime: Runtime| {
        let option: &EcosystemOption = entry.option(runtime.id());
        DependencyOption {
            status: option.status,
            dependencies: option.dependencies.clone(),
            gist: option.note.as_deref().map(gist),
        }
    };
    DependencyEntry {
        krate: entry.name.clone(),
        version: hop.version.clone(),
        features: entry.features.iter().filter(|f| hop.features.contains(f)).cloned().collect(),
        direct,
        url: format!("{site_url}{}", entry.section().replacen(".md#", ".html#", 1)),
        tokio: option(Runtime::Tokio),
        smol: option(Runtime::Smol),
    }
}

/// The first sentence of a Markdown note, on one line, links reduced to their text.
pub fn gist(note: &str) -> String {
    let text = link_texts(&note.split_whitespace().collect::<Vec<_>>().join(" "));
    let end = text.match_indices(". ").map(|(i, _)| i + 1).next().unwrap_or(text.len());
    let sentence = &text[..end];
    if sentence.chars().count() <= GIST_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(GIST_CHARS).collect();
    let at_word = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{at_word} …")
}

/// `[text](url)` → `text`.
fn link_texts(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            target.find(')').map(|end| (&after[..close], &target[end + 1..]))
        });
        match link {
            Some((text, tail)) if !text.contains('[') => {
                out.push_str(&rest[..open]);
                out.push_str(text);
                rest = tail;
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where each member (by name) declares the dependency `name`.
fn declarations(metadata: &Metadata, members: &[&str], name: &str) -> Vec<Declaration> {
    let root = metadata.workspace_root.as_std_path();
    metadata
        .workspace_packages()
        .into_iter()
        .filter(|p| members.contains(&p.name.as_str()))
        .map(|package| {
            let keys: Vec<String> = package
                .dependencies
                .iter()
                .filter(|d| d.name == name)
                .map(|d| d.rename.clone().unwrap_or_else(|| d.name.clone()))
                .collect();
            let manifest = package.manifest_path.as_std_path();
            let text = std::fs::read_to_string(manifest).unwrap_or_default();
            Declaration {
                member: format!("{} {}", package.name, package.version),
                file: crate::scan::relative(root, manifest),
                line: keys.iter().find_map(|key| declaration_line(&text, key)),
            }
        })
        .collect()
}

/// The 1-based line of a Cargo.toml that declares the dependency `key`: `key = …` or `key.… = …`
/// in a dependency table, or a `[dependencies.key]` header.
fn declaration_line(manifest: &str, key: &str) -> Option<u32> {
    let mut in_dependencies = false;
    for (index, line) in manifest.lines().enumerate() {
        let line = line.trim();
        let found = if let Some(header) = line.strip_prefix('[') {
            let header = header.split(']').next().unwrap_or_default().trim();
            let (table, last) = header.rsplit_once('.').unwrap_or(("", header));
            in_dependencies = is_dependency_table(last);
            is_dependency_table(table.rsplit('.').next().unwrap_or(table)) && unquote(last) == key
        } else {
            in_dependencies && starts_with_key(line, key)
        };
        if found {
            return u32::try_from(index + 1).ok();
        }
    }
    None
}

fn is_dependency_table(name: &str) -> bool {
    matches!(name, "dependencies" | "dev-dependencies" | "build-dependencies")
}

fn unquote(key: &str) -> &str {
    key.trim().trim_matches('"').trim_matches('\'')
}

/// `key = …`, `"key" = …` or `key.workspace = true`.
fn starts_with_key(line: &str, key: &str) -> bool {
    let Some((name, _)) = line.split_once(['=', '.']) else { return false };
    unquote(name) == key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(names: &[(&str, &str)]) -> Route {
        let hop = |&(name, version): &(&str, &str)| Hop {
            name: name.into(),
            version: version.into(),
            enabled_by: Vec::new(),
            features: Vec::new(),
        };
        Route { hops: names.iter().map(hop).collect() }
    }

    #[test]
    fn a_deeper_entry_is_named_as_via_and_an_uncovered_route_as_not_in_the_guide() {
        let guide = crate::guide::Guide::load().unwrap();
        let (me, std) = (("me", "0.1.0"), ("async-std", "1.13.2"));
        let routes = [
            route(&[me, std]),
            route(&[me, ("my-client", "1.0.0"), ("http-client", "6.5.3"), std]),
            route(&[me, ("my-client", "1.0.0"), ("no-entry", "0.3.0"), std]),
            route(&[me, ("surf", "2.3.2"), std]),
            route(&[me, ("surf", "3.0.0"), std]),
        ];
        let found = group(&routes, &guide.ecosystem, "https://example.org/");
        let names: Vec<(&str, &str)> = found.iter().map(|d| (d.name.as_str(), d.version.as_str())).collect();
        assert_eq!(names, [("my-client", "1.0.0"), ("surf", "2.3.2"), ("surf", "3.0.0")]);
        let [client, surf, newer] = &found[..] else { unreachable!() };
        let via = client.entry.as_ref().unwrap();
        assert_eq!((via.krate.as_str(), via.direct), ("http-client", false));
        assert_eq!(via.url, "https://example.org/dependencies.html#http-client");
        assert_eq!(client.not_in_guide, ["no-entry 0.3.0"]);
        assert_eq!(client.routes, [1, 2]);
        assert!(surf.entry.as_ref().unwrap().direct && surf.not_in_guide.is_empty());
        // An entry covers versions: surf 3 is outside `>=1, <3`.
        assert!(newer.entry.is_none());
        assert_eq!(newer.not_in_guide, ["surf 3.0.0"]);
    }

    #[test]
    fn declarations_are_found_in_every_dependency_table() {
        let manifest = "[package]\nname = \"p\"\nsurf = 1\n\n[dependencies]\nsqlx = { version = \"0.8\" }\n\
                        \"surf\" = \"2\"\n\n[target.'cfg(unix)'.dev-dependencies]\nhttp.workspace = true\n\n\
                        [dependencies.tide]\nversion = \"0.16\"\n";
        assert_eq!(declaration_line(manifest, "sqlx"), Some(6));
        assert_eq!(declaration_line(manifest, "surf"), Some(7));
        assert_eq!(declaration_line(manifest, "http"), Some(10));
        assert_eq!(declaration_line(manifest, "tide"), Some(12));
        assert_eq!(declaration_line(manifest, "name"), None);
    }

    #[test]
    fn a_gist_is_the_first_sentence_in_plain_text() {
        let note = "Move to [reqwest](https://docs.rs/reqwest): one\n`Client`. Errors differ.";
        assert_eq!(gist(note), "Move to reqwest: one `Client`.");
        assert_eq!(gist("[a] b [c](d"), "[a] b [c](d");
        let long = "word ".repeat(60);
        let cut = gist(&long);
        assert!(cut.ends_with(" …") && cut.chars().count() <= GIST_CHARS + 2, "{cut}");
    }
}
