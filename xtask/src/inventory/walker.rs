//! Walks a crate's public API in rustdoc JSON: modules, `pub use` re-exports (renamed, glob,
//! whole crates, items of other crates and of std), and the members of types and traits.
//!
//! rustdoc JSON does not inline re-exports of other crates: a `pub use other::Item` is an id
//! of the `paths` table, which gives the *definition* path (`futures_io::if_std::AsyncRead`).
//! The walker asks its [`CrateSource`] for that crate's JSON, finds the item there by
//! definition path and kind, and goes on walking in that crate.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

use anyhow::Result;
use serde_json::{Value, json};

use super::attrs;
use super::facts::FactSet;
use super::rustdoc_json::{CrateDoc, Id, PackageRef, ids, inner, is_public};
use super::std_docs::{self, StdDocs};
use super::tsv::{Provenance, Row, RowSet};

/// Gives the rustdoc JSON of the crates that re-exports lead to.
pub trait CrateSource {
    /// The JSON of the crate that package `from` links under the name `extern_name`, or `None`
    /// when it cannot be had (the walker then reports the re-export as unresolved).
    fn load(&mut self, from: &PackageRef, extern_name: &str) -> Result<Option<Rc<CrateDoc>>>;
}

/// What a public name leads to.
#[derive(Clone)]
enum Target {
    Local(Rc<CrateDoc>, Id),
    /// A std/core/alloc item, known only by its definition path and inventory kind.
    Std {
        path: Vec<String>,
        kind: String,
    },
    Unresolved(String),
}

/// Where docs.rs renders a page: in the crate being inventoried (rustdoc inlined the
/// re-export), or only at the item's own location in its defining crate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Location {
    Rendered,
    Canonical,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Namespace {
    Type,
    Value,
    Macro,
}

fn namespace(kind: &str) -> Namespace {
    match kind {
        "fn" | "const" | "static" => Namespace::Value,
        "macro" | "attr" | "derive" => Namespace::Macro,
        _ => Namespace::Type,
    }
}

/// A name in a module's namespace.
#[derive(Clone)]
struct Entry {
    name: String,
    kind: String,
    target: Target,
    /// The `use` items that led here, outermost first (their attributes apply to the path).
    uses: Vec<Value>,
    from_glob: bool,
}

/// The attributes collected along a public path.
#[derive(Clone)]
struct PathContext {
    path: Vec<String>,
    location: Location,
    gates: Vec<String>,
    cfgs: Vec<String>,
    hidden: bool,
    deprecated: Option<String>,
}

impl PathContext {
    fn child(&self, name: &str) -> Self {
        let mut child = self.clone();
        child.path.push(name.to_owned());
        child.deprecated = None; // deprecation is the item's own, not inherited by module members
        child
    }

    fn apply(&mut self, item: &Value) {
        self.gates.extend(attrs::doc_cfg_predicates(item));
        self.cfgs.extend(attrs::cfg_predicates(item));
        self.hidden |= attrs::is_doc_hidden(item);
        if let Some(note) = attrs::deprecation(item) {
            self.deprecated = Some(note);
        }
    }
}

/// Facts about a crate's own items, computed once per crate.
#[derive(Default)]
struct CrateFacts {
    /// Items reachable through `pub mod`s alone, with that path (rustdoc: "directly public").
    direct_paths: HashMap<Id, Vec<String>>,
    /// Directly public items that are or are inside something `#[doc(hidden)]`.
    inherits_hidden: HashSet<Id>,
    /// Where the crate's own docs have each item's page: its direct path, or else the first
    /// path through re-exports (rustdoc inlines items of private modules there).
    canonical_paths: HashMap<Id, Vec<String>>,
}

pub struct WalkOutput {
    pub rows: RowSet,
    /// std/core/alloc items met as re-export targets: (definition path, kind).
    pub std_targets: BTreeSet<(Vec<String>, String)>,
    pub warnings: Vec<String>,
    /// Trait impls of the types and signatures of the functions met (items of crates only).
    pub api_facts: FactSet,
}

pub struct Walker<'a> {
    source: &'a mut dyn CrateSource,
    std_docs: &'a StdDocs,
    root: Rc<CrateDoc>,
    facts: HashMap<PackageRef, Rc<CrateFacts>>,
    rows: RowSet,
    std_targets: BTreeSet<(Vec<String>, String)>,
    warnings: Vec<String>,
    /// Page of a foreign item in its own docs -> the first page docs.rs renders for it in the
    /// inventoried crate. rustdoc links every mention of an item to the page it documented,
    /// so a `#[doc(no_inline)]` re-export of an item inlined elsewhere points there.
    rendered_pages: HashMap<String, String>,
    api_facts: FactSet,
}

/// The inventory kind of a local item (`None` for items that are not paths: impls, uses, ...).
fn item_kind(item: &Value) -> Option<String> {
    let (kind, payload) = inner(item)?;
    Some(
        match kind {
            "module" => "mod",
            "struct" | "enum" | "union" | "trait" | "trait_alias" | "static" | "macro" => kind,
            "function" => "fn",
            "type_alias" => "type",
            "constant" => "const",
            "proc_macro" => match payload["kind"].as_str()? {
                "attr" => "attr",
                "derive" => "derive",
                _ => "macro",
            },
            _ => return None,
        }
        .to_owned(),
    )
}

/// The inventory kind of a `paths`-table kind.
fn summary_kind(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "module" => "mod",
        "struct" => "struct",
        "enum" => "enum",
        "union" => "union",
        "trait" => "trait",
        "trait_alias" => "trait_alias",
        "function" => "fn",
        "type_alias" => "type",
        "constant" => "const",
        "static" => "static",
        "macro" => "macro",
        "proc_attribute" => "attr",
        "proc_derive" => "derive",
        _ => return None,
    })
}

/// The `paths`-table kind of an inventory kind (to look an item up in its defining crate).
pub(crate) fn summary_kind_of(kind: &str) -> &str {
    match kind {
        "mod" => "module",
        "fn" => "function",
        "type" => "type_alias",
        "const" => "constant",
        "attr" => "proc_attribute",
        "derive" => "proc_derive",
        other => other,
    }
}

/// The docs.rs URL of a page at `path` (crate name first) in `package`'s docs.
fn docs_rs_url(package: &PackageRef, path: &[String], kind: &str) -> String {
    let base = format!("https://docs.rs/{}/{}/", package.name, package.version);
    page_url(&base, path, kind)
}

fn page_url(base: &str, path: &[String], kind: &str) -> String {
    if kind == "mod" {
        return format!("{base}{}/index.html", path.join("/"));
    }
    let (name, modules) = path.split_last().expect("an item path has a name");
    let prefix = std_docs::page_prefix(kind).unwrap_or(kind);
    let dirs: String = modules.iter().map(|m| format!("{m}/")).collect();
    format!("{base}{dirs}{prefix}.{name}.html")
}

impl<'a> Walker<'a> {
    pub fn new(source: &'a mut dyn CrateSource, std_docs: &'a StdDocs, root: Rc<CrateDoc>) -> Self {
        Self {
            source,
            std_docs,
            root,
            facts: HashMap::new(),
            rows: RowSet::default(),
            std_targets: BTreeSet::new(),
            warnings: Vec::new(),
            rendered_pages: HashMap::new(),
            api_facts: FactSet::default(),
        }
    }

    pub fn walk(mut self) -> Result<WalkOutput> {
        let root = self.root.clone();
        let root_id = root.root_id();
        let context = PathContext {
            path: vec![root.package.ident()],
            location: Location::Rendered,
            gates: Vec::new(),
            cfgs: Vec::new(),
            hidden: false,
            deprecated: None,
        };
        if let Some(item) = root.local_item(root_id) {
            let mut context = context.clone();
            context.apply(item);
            self.push_row(&context, "mod", docs_rs_url(&root.package, &context.path, "mod"), "self", Provenance::Item);
        }
        self.walk_module(&root, root_id, &context, &mut Vec::new())?;
        for row in self.rows.rows_mut() {
            let (page, anchor) =
                row.docs_url.split_once('#').map_or((row.docs_url.as_str(), None), |(p, a)| (p, Some(a)));
            if let Some(rendered) = self.rendered_pages.get(page) {
                row.docs_url = match anchor {
                    Some(anchor) => format!("{rendered}#{anchor}"),
                    None => rendered.clone(),
                };
            }
        }
        Ok(WalkOutput {
            rows: self.rows,
            std_targets: self.std_targets,
            warnings: self.warnings,
            api_facts: self.api_facts,
        })
    }

    fn origin(&self, doc: &CrateDoc) -> String {
        if doc.package == self.root.package { "self".to_owned() } else { doc.package.spec() }
    }

    fn push_row(&mut self, context: &PathContext, kind: &str, url: String, origin: &str, provenance: Provenance) {
        self.rows.insert(Row {
            path: context.path.join("::"),
            kind: kind.to_owned(),
            // docs.rs has no page or anchor for doc(hidden) paths.
            docs_url: if context.hidden { String::new() } else { url },
            feature_gate: attrs::combine_predicates(&context.gates),
            cfg: attrs::combine_predicates(&context.cfgs),
            doc_hidden: context.hidden,
            deprecated: context.deprecated.clone().unwrap_or_default(),
            origin: origin.to_owned(),
            provenance,
        });
    }

    /// Follows an id of `doc` to the item it names, loading other crates' JSON as needed.
    fn resolve(&mut self, doc: &Rc<CrateDoc>, id: Option<Id>) -> Result<Target> {
        let Some(id) = id else { return Ok(Target::Unresolved("use without id".into())) };
        if doc.local_item(id).is_some() {
            return Ok(Target::Local(doc.clone(), id));
        }
        let Some(summary) = doc.path_summary(id) else {
            return Ok(Target::Unresolved(format!("id {id} of {} is in neither index nor paths", doc.package.spec())));
        };
        let Some(kind) = summary_kind(&summary.kind) else {
            return Ok(Target::Unresolved(format!("{} has kind {}", summary.path.join("::"), summary.kind)));
        };
        let crate_name = doc.external_crate_name(summary.crate_id).unwrap_or_default();
        if summary.crate_id == 0 {
            return Ok(Target::Unresolved(format!("{} is stripped from the JSON", summary.path.join("::"))));
        }
        if std_docs::is_std_crate(&crate_name) {
            return Ok(Target::Std { path: summary.path, kind: kind.to_owned() });
        }
        let Some(other) = self.source.load(&doc.package, &crate_name)? else {
            return Ok(Target::Unresolved(format!("no JSON for crate {crate_name}")));
        };
        let found = if summary.path.len() == 1 && kind == "mod" {
            Some(other.root_id())
        } else {
            other.find_by_definition_path(&summary.path, summary_kind_of(kind))
        };
        Ok(match found {
            Some(id) => Target::Local(other, id),
            None => Target::Unresolved(format!(
                "{} ({kind}) not found in {}",
                summary.path.join("::"),
                other.package.spec()
            )),
        })
    }

    fn target_kind(target: &Target) -> Option<String> {
        match target {
            Target::Local(doc, id) => item_kind(doc.local_item(*id)?),
            Target::Std { kind, .. } => Some(kind.clone()),
            Target::Unresolved(_) => None,
        }
    }

    /// The names a module defines: its items and `pub use`s, then glob-imported names that no
    /// explicit name of the same namespace shadows.
    fn module_entries(
        &mut self,
        doc: &Rc<CrateDoc>,
        module_id: Id,
        globs_in_progress: &mut Vec<(PackageRef, Id)>,
    ) -> Result<Vec<Entry>> {
        let Some((_, module)) = doc.local_item(module_id).and_then(inner) else { return Ok(Vec::new()) };
        let mut explicit: Vec<Entry> = Vec::new();
        let mut globbed: Vec<Entry> = Vec::new();
        for id in ids(module, "items") {
            let Some(item) = doc.local_item(id) else { continue };
            if !is_public(item) {
                continue;
            }
            let Some((kind, payload)) = inner(item) else { continue };
            if kind != "use" {
                if let (Some(kind), Some(name)) = (item_kind(item), item["name"].as_str()) {
                    explicit.push(Entry {
                        name: name.to_owned(),
                        kind,
                        target: Target::Local(doc.clone(), id),
                        uses: Vec::new(),
                        from_glob: false,
                    });
                }
                continue;
            }
            let target = self.resolve(doc, payload["id"].as_u64())?;
            if payload["is_glob"].as_bool() == Some(true) {
                let Target::Local(target_doc, target_id) = &target else {
                    if let Target::Unresolved(why) = &target {
                        self.warnings.push(format!("glob `{}` in {}: {why}", payload["source"], doc.package.spec()));
                    }
                    continue;
                };
                if item_kind(target_doc.local_item(*target_id).unwrap_or(&Value::Null)).as_deref() != Some("mod") {
                    continue; // `pub use Enum::*` adds no pages
                }
                let key = (target_doc.package.clone(), *target_id);
                if globs_in_progress.contains(&key) {
                    continue;
                }
                globs_in_progress.push(key);
                for mut entry in self.module_entries(&target_doc.clone(), *target_id, globs_in_progress)? {
                    entry.uses.insert(0, item.clone());
                    entry.from_glob = true;
                    globbed.push(entry);
                }
                globs_in_progress.pop();
                continue;
            }
            let name = payload["name"].as_str().unwrap_or_default().to_owned();
            if name == "_" {
                continue; // `pub use Trait as _` brings a trait into scope without a nameable path
            }
            match Self::target_kind(&target) {
                Some(kind) => explicit.push(Entry { name, kind, target, uses: vec![item.clone()], from_glob: false }),
                None => {
                    if let Target::Unresolved(why) = target {
                        self.warnings.push(format!(
                            "`pub use {}` in {}: {why}",
                            payload["source"].as_str().unwrap_or_default(),
                            doc.package.spec()
                        ));
                    }
                }
            }
        }
        let mut taken: HashSet<(String, Namespace)> =
            explicit.iter().map(|e| (e.name.clone(), namespace(&e.kind))).collect();
        for entry in globbed {
            if taken.insert((entry.name.clone(), namespace(&entry.kind))) {
                explicit.push(entry);
            }
        }
        Ok(explicit)
    }

    fn walk_module(
        &mut self,
        doc: &Rc<CrateDoc>,
        module_id: Id,
        context: &PathContext,
        stack: &mut Vec<(PackageRef, Id)>,
    ) -> Result<()> {
        let key = (doc.package.clone(), module_id);
        if stack.contains(&key) {
            return Ok(()); // a module re-exported inside itself
        }
        stack.push(key);
        for entry in self.module_entries(doc, module_id, &mut Vec::new())? {
            self.walk_entry(doc, &entry, context, stack)?;
        }
        stack.pop();
        Ok(())
    }

    /// Decides whether docs.rs renders a page for this name in the inventoried crate, following
    /// rustdoc's inlining rules (`clean_use_statement`, `maybe_inline_local`).
    fn location_of(&mut self, module_doc: &CrateDoc, entry: &Entry, parent: Location) -> Location {
        if parent == Location::Canonical {
            return Location::Canonical;
        }
        if module_doc.package != self.root.package {
            // Inside an inlined module of another crate rustdoc inlines everything.
            return Location::Rendered;
        }
        let Some(use_item) = entry.uses.first() else { return Location::Rendered };
        if attrs::is_doc_no_inline(use_item) || attrs::is_doc_hidden(use_item) {
            return Location::Canonical;
        }
        if entry.from_glob {
            return Location::Rendered;
        }
        match &entry.target {
            Target::Local(doc, id) if doc.package == self.root.package => {
                if attrs::is_doc_inline(use_item) {
                    return Location::Rendered;
                }
                let facts = self.facts_of(doc);
                let is_bang_macro =
                    entry.kind == "macro" && doc.local_item(*id).and_then(inner).is_some_and(|(k, _)| k == "macro");
                let private_or_hidden = !facts.direct_paths.contains_key(id) || facts.inherits_hidden.contains(id);
                if private_or_hidden && !is_bang_macro { Location::Rendered } else { Location::Canonical }
            }
            Target::Local(doc, id) if *id == doc.root_id() && !attrs::is_doc_inline(use_item) => Location::Canonical,
            _ => Location::Rendered,
        }
    }

    fn walk_entry(
        &mut self,
        module_doc: &Rc<CrateDoc>,
        entry: &Entry,
        parent: &PathContext,
        stack: &mut Vec<(PackageRef, Id)>,
    ) -> Result<()> {
        let mut context = parent.child(&entry.name);
        for use_item in &entry.uses {
            context.apply(use_item);
        }
        context.location = self.location_of(module_doc, entry, parent.location);
        match &entry.target {
            Target::Local(doc, id) => {
                let Some(item) = doc.local_item(*id) else { return Ok(()) };
                context.apply(item);
                let kind = entry.kind.as_str();
                let facts = self.facts_of(doc);
                let own_path = facts
                    .canonical_paths
                    .get(id)
                    .cloned()
                    .or_else(|| doc.path_summary(*id).map(|s| s.path))
                    .unwrap_or_default();
                let own_url =
                    if own_path.is_empty() { String::new() } else { docs_rs_url(&doc.package, &own_path, kind) };
                let url = match context.location {
                    Location::Rendered => {
                        let url = docs_rs_url(&self.root.package, &context.path, kind);
                        if doc.package != self.root.package && !context.hidden && !own_url.is_empty() {
                            self.note_rendered_page(own_url, &url);
                        }
                        url
                    }
                    Location::Canonical => own_url,
                };
                let origin = self.origin(doc);
                self.push_row(&context, kind, url.clone(), &origin, Provenance::Item);
                let public_path = context.path.join("::");
                match inner(item) {
                    Some(("struct" | "enum" | "union", payload)) => {
                        self.api_facts.record_type(&public_path, doc, payload)
                    }
                    Some(("function", _)) => self.api_facts.record_fn(&public_path, doc, item),
                    _ => {}
                }
                if kind == "mod" {
                    self.walk_module(doc, *id, &context, stack)?;
                } else {
                    self.push_members(doc, item, &context, &url, &origin);
                }
            }
            Target::Std { path, kind } => {
                self.std_targets.insert((path.clone(), kind.clone()));
                let page = self.std_docs.locate(path, kind);
                let url = match (context.location, &page) {
                    (Location::Rendered, _) => {
                        let url = docs_rs_url(&self.root.package, &context.path, kind);
                        if let Some(page) = &page
                            && !context.hidden
                        {
                            self.note_rendered_page(format!("{}{}", std_docs::STD_URL_IN_CRATES, page.rel_page), &url);
                        }
                        url
                    }
                    (Location::Canonical, Some(page)) => format!("{}{}", std_docs::STD_URL_IN_CRATES, page.rel_page),
                    (Location::Canonical, None) => String::new(),
                };
                self.push_row(&context, kind, url.clone(), "std", Provenance::Item);
                if let Some(page) = page
                    && matches!(kind.as_str(), "struct" | "enum" | "union" | "trait")
                {
                    for member in self.std_docs.members(&page) {
                        let mut member_context = context.child(&member.name);
                        member_context.location = context.location;
                        let member_url =
                            if url.is_empty() { String::new() } else { format!("{url}#{}", member.anchor) };
                        let provenance = if member.from_trait_impl {
                            Provenance::TraitImplMember
                        } else {
                            Provenance::StdHtmlMember
                        };
                        self.push_row(&member_context, member.kind, member_url, "std", provenance);
                    }
                }
            }
            Target::Unresolved(_) => {}
        }
        Ok(())
    }

    /// Rows for the members docs.rs shows on a type's or trait's page.
    fn push_members(&mut self, doc: &CrateDoc, item: &Value, owner: &PathContext, owner_url: &str, origin: &str) {
        let Some((kind, payload)) = inner(item) else { return };
        let anchor_url =
            |anchor: String| if owner_url.is_empty() { String::new() } else { format!("{owner_url}#{anchor}") };
        match kind {
            "trait" => {
                for id in ids(payload, "items") {
                    let Some(member) = doc.any_item(id) else { continue };
                    let Some((member_kind, member_payload)) = inner(member) else { continue };
                    let (kind, anchor) = match member_kind {
                        "function" if member_payload["has_body"].as_bool() == Some(true) => ("method", "method"),
                        "function" => ("tymethod", "tymethod"),
                        "assoc_const" => ("assoc_const", "associatedconstant"),
                        "assoc_type" => ("assoc_type", "associatedtype"),
                        _ => continue,
                    };
                    self.push_member(
                        doc,
                        owner,
                        None,
                        member,
                        kind,
                        anchor_url(format!("{anchor}.{}", member["name"].as_str().unwrap_or_default())),
                        origin,
                        Provenance::Member,
                    );
                }
            }
            "struct" | "enum" | "union" => {
                if kind == "enum" {
                    for id in ids(payload, "variants") {
                        let Some(variant) = doc.any_item(id) else { continue };
                        self.push_member(
                            doc,
                            owner,
                            None,
                            variant,
                            "variant",
                            anchor_url(format!("variant.{}", variant["name"].as_str().unwrap_or_default())),
                            origin,
                            Provenance::Member,
                        );
                    }
                }
                let impls: Vec<&Value> = ids(payload, "impls").into_iter().filter_map(|id| doc.any_item(id)).collect();
                // Inherent impls first: an inherent method wins over a trait method of the same name.
                let (inherent, trait_impls): (Vec<&Value>, Vec<&Value>) =
                    impls.into_iter().partition(|i| inner(i).is_some_and(|(_, p)| p["trait"].is_null()));
                for impl_item in inherent {
                    let Some((_, impl_payload)) = inner(impl_item) else { continue };
                    for id in ids(impl_payload, "items") {
                        let Some(member) = doc.any_item(id) else { continue };
                        if !is_public(member) {
                            continue;
                        }
                        let (kind, anchor) = match inner(member).map(|(k, _)| k) {
                            Some("function") => ("method", "method"),
                            Some("assoc_const") => ("assoc_const", "associatedconstant"),
                            Some("assoc_type") => ("assoc_type", "associatedtype"),
                            _ => continue,
                        };
                        self.push_member(
                            doc,
                            owner,
                            Some(impl_item),
                            member,
                            kind,
                            anchor_url(format!("{anchor}.{}", member["name"].as_str().unwrap_or_default())),
                            origin,
                            Provenance::Member,
                        );
                    }
                }
                for impl_item in trait_impls {
                    let Some((_, impl_payload)) = inner(impl_item) else { continue };
                    // Auto traits (Send, Unpin, ...) and blanket impls (From<T> for T, Any, ...)
                    // are listed apart on the page and are not the type's own API.
                    if impl_payload["is_synthetic"].as_bool() == Some(true)
                        || !impl_payload["blanket_impl"].is_null()
                        || impl_payload["is_negative"].as_bool() == Some(true)
                        || mentions_private_item(doc, &json!({"resolved_path": impl_payload["trait"]}))
                        || mentions_private_item(doc, &impl_payload["for"])
                    {
                        continue;
                    }
                    for id in ids(impl_payload, "items") {
                        let Some(member) = doc.any_item(id) else { continue };
                        if inner(member).map(|(k, _)| k) != Some("function") {
                            continue;
                        }
                        self.push_member(
                            doc,
                            owner,
                            Some(impl_item),
                            member,
                            "method",
                            anchor_url(format!("method.{}", member["name"].as_str().unwrap_or_default())),
                            origin,
                            Provenance::TraitImplMember,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_member(
        &mut self,
        doc: &CrateDoc,
        owner: &PathContext,
        impl_item: Option<&Value>,
        member: &Value,
        kind: &str,
        url: String,
        origin: &str,
        provenance: Provenance,
    ) {
        let Some(name) = member["name"].as_str() else { return };
        let mut context = owner.child(name);
        if let Some(impl_item) = impl_item {
            context.apply(impl_item);
            context.deprecated = None;
        }
        context.apply(member);
        if matches!(kind, "method" | "tymethod") {
            self.api_facts.record_fn(&context.path.join("::"), doc, member);
        }
        self.push_row(&context, kind, url, origin, provenance);
    }

    /// Remembers where a foreign item is rendered in the inventoried crate; of several places
    /// the shallowest (then alphabetically first) one, so that the choice is deterministic.
    fn note_rendered_page(&mut self, own_url: String, rendered: &str) {
        let depth = |url: &str| url.matches('/').count();
        match self.rendered_pages.get(&own_url) {
            Some(existing) if (depth(existing), existing.as_str()) <= (depth(rendered), rendered) => {}
            _ => {
                self.rendered_pages.insert(own_url, rendered.to_owned());
            }
        }
    }

    fn facts_of(&mut self, doc: &CrateDoc) -> Rc<CrateFacts> {
        if let Some(facts) = self.facts.get(&doc.package) {
            return facts.clone();
        }
        let facts = Rc::new(compute_facts(doc));
        self.facts.insert(doc.package.clone(), facts.clone());
        facts
    }
}

/// Whether a type or path names a private item of this crate (`impl From<Kind> for Error` with a
/// private `Kind`): rustdoc strips such impls from the docs (the JSON is made with private
/// items, for the `Output` of futures in private modules).
fn mentions_private_item(doc: &CrateDoc, value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            let private = map
                .get("resolved_path")
                .and_then(|p| p["id"].as_u64())
                .and_then(|id| doc.local_item(id))
                .is_some_and(|item| !is_public(item));
            private || map.values().any(|v| mentions_private_item(doc, v))
        }
        Value::Array(items) => items.iter().any(|v| mentions_private_item(doc, v)),
        _ => false,
    }
}

/// Direct paths (through `pub mod`s only), then paths through local re-exports, breadth first
/// so that the shortest path wins.
fn compute_facts(doc: &CrateDoc) -> CrateFacts {
    let mut facts = CrateFacts::default();
    let root = doc.root_id();
    let mut queue = VecDeque::from([(root, vec![doc.package.ident()], false)]);
    let mut modules_in_order = Vec::new();
    while let Some((module_id, path, hidden)) = queue.pop_front() {
        modules_in_order.push((module_id, path.clone()));
        let Some((_, module)) = doc.local_item(module_id).and_then(inner) else { continue };
        for id in ids(module, "items") {
            let Some(item) = doc.local_item(id) else { continue };
            let (Some(name), Some(kind)) = (item["name"].as_str(), item_kind(item)) else { continue };
            if !is_public(item) || facts.direct_paths.contains_key(&id) {
                continue;
            }
            let mut item_path = path.clone();
            item_path.push(name.to_owned());
            let item_hidden = hidden || attrs::is_doc_hidden(item);
            if item_hidden {
                facts.inherits_hidden.insert(id);
            }
            facts.direct_paths.insert(id, item_path.clone());
            if kind == "mod" {
                queue.push_back((id, item_path, item_hidden));
            }
        }
    }
    facts.canonical_paths = facts.direct_paths.clone();
    // Items of private modules get their page where a local `pub use` puts them.
    let mut queue: VecDeque<(Id, Vec<String>)> = modules_in_order.into();
    let mut seen_modules: HashSet<Id> = queue.iter().map(|(id, _)| *id).collect();
    while let Some((module_id, path)) = queue.pop_front() {
        let Some((_, module)) = doc.local_item(module_id).and_then(inner) else { continue };
        for id in ids(module, "items") {
            let Some(item) = doc.local_item(id) else { continue };
            if !is_public(item) {
                continue;
            }
            let (target, name) = match inner(item) {
                Some(("use", payload)) => {
                    let Some(target) = payload["id"].as_u64().filter(|t| doc.local_item(*t).is_some()) else {
                        continue;
                    };
                    if payload["is_glob"].as_bool() == Some(true) {
                        // The glob's module contributes its items at this module's path.
                        if seen_modules.insert(target) {
                            queue.push_back((target, path.clone()));
                        }
                        continue;
                    }
                    (target, payload["name"].as_str().unwrap_or_default().to_owned())
                }
                _ => (id, item["name"].as_str().unwrap_or_default().to_owned()),
            };
            if facts.canonical_paths.contains_key(&target) || name.is_empty() {
                continue;
            }
            let mut target_path = path.clone();
            target_path.push(name);
            facts.canonical_paths.insert(target, target_path.clone());
            if item_kind(doc.local_item(target).unwrap_or(&Value::Null)).as_deref() == Some("mod")
                && seen_modules.insert(target)
            {
                queue.push_back((target, target_path));
            }
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Builds a small rustdoc JSON by hand: items are `(id, name, inner, attrs)`.
    fn crate_json(root: Id, items: &[(Id, &str, Value, &[&str])], paths: Value, external: Value) -> Value {
        let index: serde_json::Map<String, Value> = items
            .iter()
            .map(|(id, name, inner, attrs)| {
                let attrs: Vec<Value> = attrs.iter().map(|a| json!({"other": a})).collect();
                let item = json!({"id": id, "crate_id": 0, "name": name, "visibility": "public",
                    "attrs": attrs, "deprecation": null, "inner": inner});
                (id.to_string(), item)
            })
            .collect();
        json!({"root": root, "crate_version": "1.0.0", "format_version": 57, "index": index,
            "paths": paths, "external_crates": external})
    }

    fn module(items: &[Id]) -> Value {
        json!({"module": {"is_crate": false, "items": items, "is_stripped": false}})
    }

    fn use_of(source: &str, name: &str, id: Id, glob: bool) -> Value {
        json!({"use": {"source": source, "name": name, "id": id, "is_glob": glob}})
    }

    struct Crates(HashMap<String, Rc<CrateDoc>>);

    impl CrateSource for Crates {
        fn load(&mut self, _from: &PackageRef, extern_name: &str) -> Result<Option<Rc<CrateDoc>>> {
            Ok(self.0.get(extern_name).cloned())
        }
    }

    /// `other` 2.0.0: `Thing` (struct with inherent `new`, a `From` impl and a blanket impl),
    /// fn `shadowed`, trait `Ext` (required `poll`, provided `ext`), private module `imp`
    /// holding `Hidden`-free `Inner` re-exported at the root.
    fn other_crate() -> CrateDoc {
        let json = crate_json(
            1,
            &[
                (
                    1,
                    "other",
                    json!({"module": {"is_crate": true, "items": [2, 3, 4, 10, 12], "is_stripped": false}}),
                    &[],
                ),
                (2, "Thing", json!({"struct": {"kind": "unit", "impls": [20, 21, 22]}}), &[]),
                (3, "shadowed", json!({"function": {"has_body": true}}), &[]),
                (4, "Ext", json!({"trait": {"items": [5, 6]}}), &["#[doc(cfg(feature = \"ext\"))]"]),
                (5, "poll", json!({"function": {"has_body": false}}), &[]),
                (6, "ext", json!({"function": {"has_body": true}}), &[]),
                (10, "imp", module(&[11]), &[]),
                (11, "Inner", json!({"enum": {"variants": [13], "impls": []}}), &[]),
                (12, "", use_of("imp::Inner", "Inner", 11, false), &[]),
                (13, "A", json!({"variant": {}}), &[]),
                (
                    20,
                    "",
                    json!({"impl": {"trait": null, "items": [23], "is_synthetic": false, "blanket_impl": null}}),
                    &[],
                ),
                (
                    21,
                    "",
                    json!({"impl": {"trait": {"path": "From"}, "items": [24], "is_synthetic": false, "blanket_impl": null}}),
                    &[],
                ),
                (
                    22,
                    "",
                    json!({"impl": {"trait": {"path": "Any"}, "items": [25], "is_synthetic": false, "blanket_impl": {"generic": "T"}}}),
                    &[],
                ),
                (23, "new", json!({"function": {"has_body": true}}), &[]),
                (24, "from", json!({"function": {"has_body": true}}), &[]),
                (25, "type_id", json!({"function": {"has_body": true}}), &[]),
            ],
            json!({
                "1": {"crate_id": 0, "path": ["other"], "kind": "module"},
                "2": {"crate_id": 0, "path": ["other", "Thing"], "kind": "struct"},
                "4": {"crate_id": 0, "path": ["other", "Ext"], "kind": "trait"},
                "11": {"crate_id": 0, "path": ["other", "imp", "Inner"], "kind": "enum"},
            }),
            json!({}),
        );
        CrateDoc::from_json(PackageRef::new("other", "2.0.0"), json).unwrap()
    }

    /// `app` 1.0.0 re-exports `other` in every way the walker has to follow.
    fn app_crate() -> CrateDoc {
        let json = crate_json(
            1,
            &[
                (
                    1,
                    "app",
                    json!({"module": {"is_crate": true, "items": [2, 3, 4, 5, 6, 7, 8], "is_stripped": false}}),
                    &[],
                ),
                // Glob of another crate: `Thing`, `Ext`, `Inner` come in; `shadowed` is shadowed.
                (2, "", use_of("other::*", "other", 100, true), &[]),
                (3, "shadowed", json!({"function": {"has_body": true}}), &[]),
                // Renamed item of another crate, not inlined.
                (4, "", use_of("other::Thing", "Renamed", 101, false), &["#[doc(no_inline)]"]),
                // Whole crate, inlined.
                (5, "", use_of("other", "fs", 100, false), &["#[doc(inline)]"]),
                // Whole crate, not inlined: its items keep their own pages.
                (6, "", use_of("other", "plain", 100, false), &[]),
                // A std item, known only by its definition path.
                (7, "", use_of("core::task::Context", "Context", 102, false), &[]),
                (8, "hidden", json!({"function": {"has_body": true}}), &["#[doc(hidden)]"]),
            ],
            json!({
                "100": {"crate_id": 5, "path": ["other"], "kind": "module"},
                "101": {"crate_id": 5, "path": ["other", "Thing"], "kind": "struct"},
                "102": {"crate_id": 2, "path": ["core", "task", "wake", "Context"], "kind": "struct"},
            }),
            json!({"5": {"name": "other"}, "2": {"name": "core"}}),
        );
        CrateDoc::from_json(PackageRef::new("app", "1.0.0"), json).unwrap()
    }

    fn walk() -> BTreeMap<String, Row> {
        let mut crates = Crates(HashMap::from([("other".to_owned(), Rc::new(other_crate()))]));
        let std_docs = StdDocs::from_html_root(None);
        let output = Walker::new(&mut crates, &std_docs, Rc::new(app_crate())).walk().unwrap();
        output.rows.into_rows().map(|r| (format!("{} {}", r.path, r.kind), r)).collect()
    }

    use std::collections::BTreeMap;

    #[test]
    fn walks_globs_with_shadowing_and_inlines_foreign_items() {
        let rows = walk();
        let url = |key: &str| {
            rows.get(key).map(|r| r.docs_url.as_str()).unwrap_or_else(|| panic!("no row {key}: {:?}", rows.keys()))
        };
        assert_eq!(url("app mod"), "https://docs.rs/app/1.0.0/app/index.html");
        assert_eq!(url("app::Thing struct"), "https://docs.rs/app/1.0.0/app/struct.Thing.html");
        assert_eq!(url("app::Thing::new method"), "https://docs.rs/app/1.0.0/app/struct.Thing.html#method.new");
        // The explicit fn wins over the glob's fn of the same name.
        assert_eq!(rows["app::shadowed fn"].origin, "self");
        assert_eq!(rows["app::Thing struct"].origin, "other@2.0.0");
        assert_eq!(url("app::Inner::A variant"), "https://docs.rs/app/1.0.0/app/enum.Inner.html#variant.A");
    }

    #[test]
    fn lists_trait_members_and_trait_impl_methods_but_not_blanket_impls() {
        let rows = walk();
        assert_eq!(
            rows["app::Ext::poll tymethod"].docs_url,
            "https://docs.rs/app/1.0.0/app/trait.Ext.html#tymethod.poll"
        );
        assert_eq!(rows["app::Ext::ext method"].feature_gate, "feature = \"ext\"");
        assert_eq!(rows["app::Thing::from method"].provenance, Provenance::TraitImplMember);
        assert!(!rows.contains_key("app::Thing::type_id method"));
    }

    #[test]
    fn follows_renamed_and_whole_crate_reexports() {
        let rows = walk();
        // doc(no_inline) to an item that is inlined elsewhere in the crate: rustdoc links there.
        assert_eq!(rows["app::Renamed struct"].docs_url, "https://docs.rs/app/1.0.0/app/struct.Thing.html");
        assert_eq!(rows["app::fs mod"].docs_url, "https://docs.rs/app/1.0.0/app/fs/index.html");
        assert_eq!(rows["app::fs::Ext trait"].docs_url, "https://docs.rs/app/1.0.0/app/fs/trait.Ext.html");
        assert!(rows.contains_key("app::fs::shadowed fn"));
        // A crate re-exported without doc(inline) has no pages here: rustdoc links its items to
        // the shallowest place this crate renders them, else to the other crate's own pages.
        assert_eq!(rows["app::plain mod"].docs_url, "https://docs.rs/app/1.0.0/app/fs/index.html");
        assert_eq!(rows["app::plain::Inner enum"].docs_url, "https://docs.rs/app/1.0.0/app/enum.Inner.html");
    }

    #[test]
    fn marks_std_and_hidden_items() {
        let rows = walk();
        let context = &rows["app::Context struct"];
        assert_eq!(context.origin, "std");
        assert_eq!(context.docs_url, "https://docs.rs/app/1.0.0/app/struct.Context.html");
        let hidden = &rows["app::hidden fn"];
        assert!(hidden.doc_hidden);
        assert!(hidden.docs_url.is_empty());
    }

    #[test]
    fn rejects_unknown_format_version() {
        let error = CrateDoc::from_json(PackageRef::new("x", "1.0.0"), json!({"format_version": 99})).err().unwrap();
        assert!(error.to_string().contains("format_version"));
    }
}
