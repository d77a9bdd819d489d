//! Trait impls of types and normalised signatures of functions, read from rustdoc JSON and
//! written next to the row inventories (`inventories/signatures/<crate>-<version>.traits.tsv`
//! and `.sigs.tsv`), so that `check` can compare a `drop-in` mapping with its source.
//!
//! Types are normalised to what a reader compares: the last segment of a path with its
//! generic arguments (`io::Result<usize>` and `std::io::Result<usize>` are both
//! `Result<usize, Error>`), generic parameters and associated types as `_` (`JoinHandle<T>`
//! and `JoinHandle<F::Output>` are one shape), lifetimes dropped.

use std::collections::BTreeMap;

use serde_json::Value;

use super::rustdoc_json::{CrateDoc, ids, inner};

pub const TRAITS_HEADER: &str = "path\ttrait\tfamily\tbounds";
pub const SIGS_HEADER: &str = "path\tasync\treceiver\tarity\tparams\treturns\tyields";

/// One trait a type implements.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TraitImpl {
    /// `Clone`, `From<TcpStream>`, `&AsyncRead` (implemented for a reference to the type).
    pub name: String,
    /// The crate that defines the trait (`core`, `futures_io`, `tokio`): tells trait families apart.
    pub family: String,
    /// The where-clause of the impl (`T: Send`), empty when unconditional.
    pub bounds: String,
}

/// The normalised signature of a function or method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub is_async: bool,
    /// `-` (none), `self`, `&self`, `&mut self`, `Pin<&mut Self>`, or the written type.
    pub receiver: String,
    /// Parameters other than the receiver.
    pub params: Vec<String>,
    pub returns: String,
    /// `Output=T` of a returned future, `Item=T` of a returned stream, empty when unknown.
    pub yields: String,
}

/// The facts of one crate (the union over its builds; the first build to know a path wins).
#[derive(Clone, Default)]
pub struct FactSet {
    traits: BTreeMap<String, Vec<TraitImpl>>,
    sigs: BTreeMap<String, Signature>,
}

impl FactSet {
    pub fn record_type(&mut self, path: &str, doc: &CrateDoc, payload: &Value) {
        if !self.traits.contains_key(path) {
            self.traits.insert(path.to_owned(), type_traits(doc, payload));
        }
    }

    pub fn record_fn(&mut self, path: &str, doc: &CrateDoc, item: &Value) {
        if self.sigs.contains_key(path) {
            return;
        }
        if let Some(sig) = signature(doc, item) {
            self.sigs.insert(path.to_owned(), sig);
        }
    }

    pub fn merge(&mut self, other: FactSet) {
        for (path, traits) in other.traits {
            self.traits.entry(path).or_insert(traits);
        }
        for (path, sig) in other.sigs {
            self.sigs.entry(path).or_insert(sig);
        }
    }

    /// Keeps the facts of the paths `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.traits.retain(|path, _| keep(path));
        self.sigs.retain(|path, _| keep(path));
    }

    pub fn render_traits(&self) -> String {
        let mut out = format!("{TRAITS_HEADER}\n");
        for (path, traits) in &self.traits {
            for t in traits {
                out.push_str(&format!("{path}\t{}\t{}\t{}\n", clean(&t.name), clean(&t.family), clean(&t.bounds)));
            }
        }
        out
    }

    pub fn render_sigs(&self) -> String {
        let mut out = format!("{SIGS_HEADER}\n");
        for (path, s) in &self.sigs {
            out.push_str(&format!(
                "{path}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                if s.is_async { "yes" } else { "no" },
                clean(&s.receiver),
                s.params.len(),
                clean(&s.params.join("; ")),
                clean(&s.returns),
                clean(&s.yields)
            ));
        }
        out
    }
}

/// One TSV field: no tabs or line breaks, bounded length (the loader refuses longer ones).
fn clean(text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.chars().count() > 300 { format!("{}…", text.chars().take(299).collect::<String>()) } else { text }
}

/// The traits of a struct/enum/union payload: its own and synthetic (auto-trait) impls, not
/// blanket impls (`impl<T> From<T> for T`, `Any`) or negative ones.
fn type_traits(doc: &CrateDoc, payload: &Value) -> Vec<TraitImpl> {
    let mut out = Vec::new();
    for id in ids(payload, "impls") {
        let Some((_, imp)) = doc.any_item(id).and_then(inner) else { continue };
        let trait_path = &imp["trait"];
        if trait_path.is_null() || !imp["blanket_impl"].is_null() || imp["is_negative"].as_bool() == Some(true) {
            continue;
        }
        let mut name = render_path(doc, trait_path);
        if imp["for"].get("borrowed_ref").is_some() {
            name = format!("&{name}");
        }
        let family = trait_path["id"]
            .as_u64()
            .and_then(|id| doc.path_summary(id))
            .map(|s| normalise_family(s.path.first().map(String::as_str).unwrap_or_default()))
            .unwrap_or_default();
        out.push(TraitImpl { name, family, bounds: where_clause(doc, &imp["generics"]) });
    }
    out.sort();
    out.dedup();
    out
}

/// std, core and alloc define one family of traits.
fn normalise_family(krate: &str) -> String {
    match krate {
        "std" | "alloc" | "core" => "core".to_owned(),
        other => other.to_owned(),
    }
}

/// `T: Send + Sync, U: Unpin`: the bounds of the impl's parameters and its where-predicates.
fn where_clause(doc: &CrateDoc, generics: &Value) -> String {
    let mut parts = Vec::new();
    for param in generics["params"].as_array().into_iter().flatten() {
        let bounds = param["kind"]["type"]["bounds"].as_array().map(|b| render_bounds(doc, b)).unwrap_or_default();
        if !bounds.is_empty() {
            parts.push(format!("{}: {bounds}", param["name"].as_str().unwrap_or("_")));
        }
    }
    for predicate in generics["where_predicates"].as_array().into_iter().flatten() {
        if let Some(bound) = predicate.get("bound_predicate") {
            let bounds = bound["bounds"].as_array().map(|b| render_bounds(doc, b)).unwrap_or_default();
            if !bounds.is_empty() {
                parts.push(format!("{}: {bounds}", render_type_raw(doc, &bound["type"])));
            }
        }
    }
    parts.join(", ")
}

fn render_bounds(doc: &CrateDoc, bounds: &[Value]) -> String {
    let mut names: Vec<String> = bounds
        .iter()
        .filter_map(|b| {
            let t = b.get("trait_bound")?;
            let maybe = if t["modifier"].as_str() == Some("maybe") { "?" } else { "" };
            Some(format!("{maybe}{}", render_path(doc, &t["trait"])))
        })
        .collect();
    names.sort();
    names.join(" + ")
}

/// The signature of a function item (`None` for anything else).
fn signature(doc: &CrateDoc, item: &Value) -> Option<Signature> {
    let (kind, function) = inner(item)?;
    if kind != "function" {
        return None;
    }
    let sig = &function["sig"];
    let mut receiver = "-".to_owned();
    let mut params = Vec::new();
    for (index, input) in sig["inputs"].as_array().into_iter().flatten().enumerate() {
        let name = input[0].as_str().unwrap_or_default();
        let ty = &input[1];
        if index == 0 && name == "self" {
            receiver = receiver_kind(doc, ty);
        } else {
            params.push(render_type(doc, ty));
        }
    }
    let is_async = function["header"]["is_async"].as_bool() == Some(true);
    let output = &sig["output"];
    let returns = if output.is_null() { "()".to_owned() } else { render_type(doc, output) };
    let yields = if is_async {
        format!("Output={returns}")
    } else if output.is_null() {
        String::new()
    } else {
        yielded(doc, output)
    };
    Some(Signature { is_async, receiver, params, returns, yields })
}

fn receiver_kind(doc: &CrateDoc, ty: &Value) -> String {
    if ty.get("generic").and_then(Value::as_str) == Some("Self") {
        return "self".to_owned();
    }
    if let Some(r) = ty.get("borrowed_ref")
        && r["type"].get("generic").and_then(Value::as_str) == Some("Self")
    {
        return if r["is_mutable"].as_bool() == Some(true) { "&mut self" } else { "&self" }.to_owned();
    }
    render_type_raw(doc, ty)
}

/// `Output=T` / `Item=T` of a returned `impl Future`/`impl Stream`, or of a named type of this
/// crate whose `Future`/`Stream` impl sets the associated type.
fn yielded(doc: &CrateDoc, output: &Value) -> String {
    if let Some(bounds) = output.get("impl_trait").and_then(Value::as_array) {
        for bound in bounds {
            let Some(t) = bound.get("trait_bound") else { continue };
            let trait_name = last_segment(t["trait"]["path"].as_str().unwrap_or_default());
            for constraint in constraints(&t["trait"]) {
                let name = constraint["name"].as_str().unwrap_or_default();
                let Some(ty) = constraint["binding"].get("equality").and_then(|e| e.get("type")) else { continue };
                if (trait_name == "Future" && name == "Output") || (trait_name == "Stream" && name == "Item") {
                    return format!("{name}={}", render_type(doc, ty));
                }
            }
        }
        return String::new();
    }
    let Some(path) = output.get("resolved_path") else { return String::new() };
    let Some((_, payload)) = path["id"].as_u64().and_then(|id| doc.local_item(id)).and_then(inner) else {
        return String::new();
    };
    for id in ids(payload, "impls") {
        let Some((_, imp)) = doc.any_item(id).and_then(inner) else { continue };
        let trait_name = last_segment(imp["trait"]["path"].as_str().unwrap_or_default());
        let wanted = match trait_name {
            "Future" => "Output",
            "Stream" => "Item",
            _ => continue,
        };
        for item_id in ids(imp, "items") {
            let Some(item) = doc.any_item(item_id) else { continue };
            if item["name"].as_str() != Some(wanted) {
                continue;
            }
            if let Some((_, assoc)) = inner(item)
                && let Some(ty) = assoc.get("type").filter(|t| !t.is_null())
            {
                return format!("{wanted}={}", render_type(doc, ty));
            }
        }
    }
    String::new()
}

fn constraints(path: &Value) -> Vec<&Value> {
    path["args"]["angle_bracketed"]["constraints"].as_array().map(|c| c.iter().collect()).unwrap_or_default()
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

/// A type as compared: generic parameters and projections are `_`.
pub fn render_type(doc: &CrateDoc, ty: &Value) -> String {
    render(doc, ty, true)
}

/// A type as written (generic names kept): for where-clauses and unusual receivers.
fn render_type_raw(doc: &CrateDoc, ty: &Value) -> String {
    render(doc, ty, false)
}

fn render(doc: &CrateDoc, ty: &Value, erase_generics: bool) -> String {
    let r = |t: &Value| render(doc, t, erase_generics);
    let Some((kind, v)) = ty.as_object().and_then(|o| o.iter().next()) else { return "_".to_owned() };
    match kind.as_str() {
        "resolved_path" => render_path_with(doc, v, erase_generics),
        "generic" => {
            let name = v.as_str().unwrap_or("_");
            if erase_generics && name != "Self" { "_".to_owned() } else { name.to_owned() }
        }
        "primitive" => v.as_str().unwrap_or("_").to_owned(),
        "tuple" => {
            let items: Vec<String> = v.as_array().into_iter().flatten().map(r).collect();
            if items.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) }
        }
        "slice" => format!("[{}]", r(v)),
        "array" => format!("[{}; {}]", r(&v["type"]), v["len"].as_str().unwrap_or("_")),
        "borrowed_ref" => {
            format!("&{}{}", if v["is_mutable"].as_bool() == Some(true) { "mut " } else { "" }, r(&v["type"]))
        }
        "raw_pointer" => {
            format!("*{} {}", if v["is_mutable"].as_bool() == Some(true) { "mut" } else { "const" }, r(&v["type"]))
        }
        "impl_trait" => {
            format!(
                "impl {}",
                render_bound_list(doc, v.as_array().map(Vec::as_slice).unwrap_or_default(), erase_generics)
            )
        }
        "dyn_trait" => {
            let traits: Vec<String> = v["traits"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| render_path_with(doc, &t["trait"], erase_generics))
                .collect();
            format!("dyn {}", traits.join(" + "))
        }
        "qualified_path" => {
            if erase_generics {
                "_".to_owned()
            } else {
                format!("{}::{}", r(&v["self_type"]), v["name"].as_str().unwrap_or("_"))
            }
        }
        "function_pointer" => "fn".to_owned(),
        _ => "_".to_owned(),
    }
}

fn render_bound_list(doc: &CrateDoc, bounds: &[Value], erase_generics: bool) -> String {
    let mut names: Vec<String> = bounds
        .iter()
        .filter_map(|b| b.get("trait_bound").map(|t| render_path_with(doc, &t["trait"], erase_generics)))
        .collect();
    names.sort();
    names.join(" + ")
}

fn render_path(doc: &CrateDoc, path: &Value) -> String {
    render_path_with(doc, path, true)
}

/// The last segment of a path with its generic arguments (lifetimes dropped); `io::Result<T>`
/// (std's alias) is spelt out as `Result<T, Error>` so that both spellings compare equal.
fn render_path_with(doc: &CrateDoc, path: &Value, erase_generics: bool) -> String {
    let name = last_segment(path["path"].as_str().unwrap_or_default()).to_owned();
    let args = &path["args"];
    let mut rendered: Vec<String> = Vec::new();
    if let Some(angle) = args.get("angle_bracketed") {
        for arg in angle["args"].as_array().into_iter().flatten() {
            if let Some(t) = arg.get("type") {
                rendered.push(render(doc, t, erase_generics));
            } else if arg.get("const").is_some() {
                rendered.push("_".to_owned());
            }
        }
        for c in angle["constraints"].as_array().into_iter().flatten() {
            if let Some(t) = c["binding"].get("equality").and_then(|e| e.get("type")) {
                rendered.push(format!("{}={}", c["name"].as_str().unwrap_or("_"), render(doc, t, erase_generics)));
            }
        }
    } else if let Some(paren) = args.get("parenthesized") {
        let inputs: Vec<String> =
            paren["inputs"].as_array().into_iter().flatten().map(|t| render(doc, t, erase_generics)).collect();
        let output = if paren["output"].is_null() {
            String::new()
        } else {
            format!(" -> {}", render(doc, &paren["output"], erase_generics))
        };
        return format!("{name}({}){output}", inputs.join(", "));
    }
    if name == "Result" && rendered.len() == 1 && is_io_result(doc, path) {
        rendered.push("Error".to_owned());
    }
    if rendered.is_empty() { name } else { format!("{name}<{}>", rendered.join(", ")) }
}

/// Whether a `Result` path is std's `io::Result` alias (as defined, or as written `io::Result`).
fn is_io_result(doc: &CrateDoc, path: &Value) -> bool {
    let written = path["path"].as_str().unwrap_or_default();
    if written.ends_with("io::Result") {
        return true;
    }
    path["id"].as_u64().and_then(|id| doc.path_summary(id)).is_some_and(|s| {
        let p = s.path.join("::");
        p.ends_with("io::error::Result") || p.ends_with("io::Result")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::rustdoc_json::PackageRef;
    use serde_json::json;

    fn doc(index: Value) -> CrateDoc {
        let json = json!({"root": 0, "crate_version": "1.0.0", "format_version": 57, "index": index,
            "paths": {}, "external_crates": {}});
        CrateDoc::from_json(PackageRef::new("x", "1.0.0"), json).unwrap()
    }

    fn path(name: &str, args: Vec<Value>) -> Value {
        json!({"resolved_path": {"path": name, "id": null,
            "args": {"angle_bracketed": {"args": args.into_iter().map(|t| json!({"type": t})).collect::<Vec<_>>(), "constraints": []}}}})
    }

    #[test]
    fn normalises_paths_generics_and_io_result() {
        let doc = doc(json!({}));
        let io_result = path("io::Result", vec![json!({"primitive": "usize"})]);
        assert_eq!(render_type(&doc, &io_result), "Result<usize, Error>");
        let handle = path(
            "task::JoinHandle",
            vec![json!({"qualified_path": {"name": "Output", "self_type": {"generic": "F"}}})],
        );
        assert_eq!(render_type(&doc, &handle), "JoinHandle<_>");
        assert_eq!(
            render_type(&doc, &json!({"borrowed_ref": {"is_mutable": true, "type": {"slice": {"primitive": "u8"}}}})),
            "&mut [u8]"
        );
    }

    #[test]
    fn reads_receiver_arity_and_the_output_of_a_future() {
        let future = json!({"impl_trait": [{"trait_bound": {"trait": {"path": "Future", "id": null, "args": {"angle_bracketed": {"args": [],
            "constraints": [{"name": "Output", "args": null, "binding": {"equality": {"type": {"tuple": []}}}}]}}}}}]});
        let item = json!({"inner": {"function": {"sig": {"inputs": [["self", {"borrowed_ref": {"is_mutable": true, "type": {"generic": "Self"}}}],
            ["buf", {"primitive": "u8"}]], "output": future}, "header": {"is_async": false}}}});
        let sig = signature(&doc(json!({})), &item).unwrap();
        assert_eq!((sig.receiver.as_str(), sig.params.len(), sig.yields.as_str()), ("&mut self", 1, "Output=()"));
        assert_eq!(sig.returns, "impl Future<Output=()>");
    }
}
