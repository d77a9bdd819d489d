//! The layout of the generated chapters: Handlebars templates, compiled in (`templates/*.hbs`
//! of the crate) and overridable by a book, as mdBook's own `theme/` is: a file
//! `theme/apimap/<name>.hbs` replaces the template `<name>`.
//!
//! Templates write Markdown, so Handlebars' HTML escaping is off, and safety comes from the
//! data instead. A value in a template's data is either
//! - a plain string, which `{{value}}` escapes as plain text on one line (every character that
//!   Markdown, HTML or an mdBook directive could read becomes a character reference), or
//! - a fragment the renderer built and escaped for its place (a table, a badge, a checked
//!   note, a code block): an object that only the `fragment` helper writes out.
//!
//! and a template cannot write a plain string unescaped: `{{{…}}}` and `{{&…}}` are refused
//! when it is registered. The other helpers escape for their context: `code` (inline code),
//! `id` (an HTML id or heading attribute), `link` (a link destination).

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError, RenderErrorReason,
};
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// The templates a book can override, with their compiled-in defaults.
pub const DEFAULTS: [(&str, &str); 5] = [
    ("module-chapter", include_str!("../../templates/module-chapter.hbs")),
    ("entry", include_str!("../../templates/entry.hbs")),
    ("cheat-sheet", include_str!("../../templates/cheat-sheet.hbs")),
    ("reverse-index", include_str!("../../templates/reverse-index.hbs")),
    ("coverage-chapter", include_str!("../../templates/coverage-chapter.hbs")),
];

/// Where a book's overrides live, relative to its root.
pub const THEME_DIR: &str = "theme/apimap";

/// The registered templates: parsed once per build, rendered once per chapter.
pub struct Templates {
    registry: Handlebars<'static>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

impl Default for Templates {
    fn default() -> Self {
        Templates::with_overrides(&[]).expect("the default templates are valid")
    }
}

static COMPILED_IN: LazyLock<Arc<Templates>> =
    LazyLock::new(|| Arc::new(Templates::with_overrides(&[]).expect("the default templates are valid")));

impl Templates {
    /// The compiled-in templates, shared.
    pub fn compiled_in() -> Arc<Templates> {
        COMPILED_IN.clone()
    }

    /// The templates of the book at `root`: the defaults, replaced by the files of
    /// `theme/apimap/` that exist.
    pub fn for_book(root: &Path) -> Result<Arc<Templates>, String> {
        let mut overrides = Vec::new();
        for (name, _) in DEFAULTS {
            let path = root.join(THEME_DIR).join(format!("{name}.hbs"));
            if path.is_file() {
                let text =
                    std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                overrides.push((name, text));
            }
        }
        if overrides.is_empty() {
            return Ok(Templates::compiled_in());
        }
        Templates::with_overrides(&overrides).map(Arc::new)
    }

    /// The defaults with `overrides` (`(name, template)`) in their place.
    pub fn with_overrides(overrides: &[(&str, String)]) -> Result<Templates, String> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.set_prevent_indent(true);
        registry.register_escape_fn(plain_text);
        registry.register_helper("fragment", Box::new(fragment_helper));
        let escaping = [
            Escaping { name: "code", escape: inline_code },
            Escaping { name: "id", escape: html_id },
            Escaping { name: "link", escape: link_target },
        ];
        for helper in escaping {
            registry.register_helper(helper.name, Box::new(helper));
        }
        for (name, default) in DEFAULTS {
            let source = overrides.iter().find(|(n, _)| *n == name).map_or(default, |(_, text)| text.as_str());
            if let Some(at) = source.find("{{{").or_else(|| source.find("{{&")) {
                return Err(format!(
                    "{THEME_DIR}/{name}.hbs: raw output (`{}` at byte {at}) is not allowed; write values with \
                     `{{{{value}}}}` (escaped) or the `fragment`, `code`, `id` and `link` helpers",
                    &source[at..at + 3]
                ));
            }
            registry.register_template_string(name, source).map_err(|e| format!("{THEME_DIR}/{name}.hbs: {e}"))?;
        }
        Ok(Templates { registry })
    }

    /// Renders template `name` with `data`.
    pub fn render(&self, name: &str, data: Value) -> String {
        self.render_and_return(name, data).0
    }

    /// Renders template `name` with `data`, and gives the data back (no copy).
    pub fn render_and_return(&self, name: &str, data: Value) -> (String, Value) {
        let mut context = Context::from(data);
        // The data is built by the renderer, so a failure is a template's fault: say which.
        let text = self
            .registry
            .render_with_context(name, &context)
            .unwrap_or_else(|e| format!("\n\n**The template `{name}` failed:** {}\n\n", plain_text(&e.to_string())));
        (text, std::mem::take(context.data_mut()))
    }
}

/// A piece of Markdown the renderer built and escaped for its place: written as is by the
/// `fragment` helper, and only by it.
pub fn fragment(markdown: impl Into<String>) -> Value {
    data([("fragment", Value::String(markdown.into()))])
}

/// A template's data object, its values moved in (`json!` would copy each one through serde:
/// every entry of a chapter, and the entries again as an array).
pub fn data<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(name, value)| (name.to_owned(), value)).collect())
}

/// The default escape: plain text on one line. Characters that Markdown, HTML or an mdBook
/// directive (`{{#`) could read become character references, which show as themselves both in
/// Markdown text and inside the templates' HTML blocks (where backslash escapes do not work):
/// no value opens a tag, a link, emphasis, a heading, a table cell or a directive.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '{' | '}' | '#' | '~' | '$' => {
                out.push_str(&format!("&#{};", u32::from(c)))
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Inline code: a backtick fence longer than any run of backticks in the text, one line, `|`
/// escaped (GitHub-style tables end a cell at `|`, even inside code) and no `{{`.
pub fn inline_code(text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    // mdBook expands `{{#…}}` even inside code: a zero-width space keeps the braces apart.
    let text = text.replace('|', "\\|").replace("{{", "{\u{200b}{");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// An HTML id (or a heading's `{#id}`): letters, digits, `_` and `-` only.
pub fn html_id(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')).collect()
}

/// A link destination: characters that would end it or open markup are percent-encoded.
pub fn link_target(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_ascii_alphanumeric() || "-._~:/?#@!$&'*+,;=%".contains(c) => out.push(c),
            c => {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    out
}

fn param<'a>(h: &'a Helper<'_>, name: &'static str) -> Result<&'a Value, RenderError> {
    h.param(0).map(|p| p.value()).ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(name, 0).into())
}

fn string_param<'a>(h: &'a Helper<'_>, name: &'static str) -> Result<&'a str, RenderError> {
    param(h, name)?.as_str().ok_or_else(|| RenderErrorReason::InvalidParamType("a string").into())
}

fn fragment_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    match param(h, "fragment")?.get("fragment").and_then(Value::as_str) {
        Some(markdown) => out.write(markdown).map_err(Into::into),
        None => Err(RenderErrorReason::InvalidParamType("a fragment built by the renderer").into()),
    }
}

/// A helper that writes its string parameter through `escape`.
struct Escaping {
    name: &'static str,
    escape: fn(&str) -> String,
}

impl HelperDef for Escaping {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&(self.escape)(string_param(h, self.name)?)).map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Text that would break out of every context if it were written as is.
    const HOSTILE: &str =
        "<script>alert(1)</script> | {{#include /etc/passwd}} [x](javascript:y) `z` _a_ *b* # h\n| c |";

    /// Every default template, rendered with `HOSTILE` in each of its plain-text slots (and
    /// harmless fragments): the output must keep the text inert.
    #[test]
    fn hostile_plain_values_stay_inert_in_every_default_template() {
        let templates = Templates::compiled_in();
        let f = || fragment("F");
        let h = HOSTILE;
        let target = json!({ "label": h, "badge": f(), "status": h, "paths": f(), "note": f() });
        let example = json!({ "label": h, "code": f() });
        let entry = json!({
            "short_path": h, "path": h, "anchor": h, "heading_id": f(), "summary": f(), "source_name": h,
            "source": f(), "search_terms": f(), "edit_url": h, "targets": [target], "matched_members": f(),
            "examples": [example], "see_also": f(), "section": f(),
        });
        let data = [
            ("entry", entry.clone()),
            (
                "module-chapter",
                json!({
                    "title": h, "module": h, "source_label": h, "targets": h, "file": h, "edit_url": h,
                    "intro": f(), "legend": f(), "table": f(), "entries": [entry],
                }),
            ),
            (
                "cheat-sheet",
                json!({
                    "title": h, "source_name": h, "source_label": h, "targets": h, "part_note": f(), "legend": f(),
                    "table": f(), "api_index": f(),
                }),
            ),
            (
                "reverse-index",
                json!({
                    "title": h, "label": h, "pinned": h, "source_name": h, "source_label": h, "part_note": f(),
                    "table": f(),
                }),
            ),
            (
                "coverage-chapter",
                json!({
                    "title": h, "source_label": h,
                    "rows": [{ "module": f(), "target": h, "paths": h, "explicit": h, "automatic": h,
                               "inherited": h, "std": h, "missing": h, "covered": h }],
                    "gaps": [{ "module": f(), "target": h, "count": 1, "paths": [h] }],
                }),
            ),
        ];
        assert_eq!(data.len(), DEFAULTS.len());
        for (name, data) in data {
            let out = templates.render(name, data);
            assert!(!out.contains("failed:"), "{name}: {out}");
            for bad in ["{{#", "\n| c |", "\n# h"] {
                assert!(!out.contains(bad), "{name} writes `{bad}`:\n{out}");
            }
            // As Markdown: no HTML but the templates' own, no link but the fragments'.
            use pulldown_cmark::{Event, Options, Parser, Tag};
            for event in Parser::new_ext(&out, Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES) {
                match event {
                    Event::Html(html) | Event::InlineHtml(html) => {
                        assert!(!html.contains("<script") && !html.contains("{{#"), "{name}: {html}")
                    }
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        assert!(!dest_url.to_lowercase().starts_with("javascript"), "{name}: {dest_url}")
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn helpers_escape_for_their_context() {
        assert_eq!(
            plain_text("a_b <c> {{#x}} |\"\n"),
            "a&#95;b &lt;c&gt; &#123;&#123;&#35;x&#125;&#125; &#124;&quot; "
        );
        assert_eq!(inline_code("a`b|c\nd"), "``a`b\\|c d``");
        assert_eq!(inline_code("`x"), "`` `x ``");
        assert_eq!(html_id("task-spawn_x\" onclick=\"y"), "task-spawn_xonclicky");
        assert_eq!(link_target("https://x/a b(c)<d>"), "https://x/a%20b%28c%29%3Cd%3E");
    }

    #[test]
    fn a_template_cannot_write_raw_values() {
        for raw in ["{{{title}}}", "{{&title}}"] {
            let err = Templates::with_overrides(&[("reverse-index", raw.to_string())]).unwrap_err();
            assert!(err.contains("theme/apimap/reverse-index.hbs: raw output"), "{err}");
        }
        // The fragment helper writes only fragments the renderer built, not plain strings.
        let templates = Templates::with_overrides(&[("reverse-index", "{{fragment title}}".into())]).unwrap();
        let out = templates.render("reverse-index", json!({ "title": "<b>" }));
        assert!(out.contains("The template `reverse-index` failed") && !out.contains("<b>"), "{out}");
        let err = Templates::with_overrides(&[("entry", "{{#if}".into())]).unwrap_err();
        assert!(err.starts_with("theme/apimap/entry.hbs: "), "{err}");
    }
}
