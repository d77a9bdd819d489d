//! What the inventory needs from an item's `attrs` in rustdoc JSON format 57, where most
//! attributes are strings in `{"other": "#[...]"}`: `#[doc(cfg(...))]`, `#[doc(hidden)]`,
//! `#[doc(inline)]`/`#[doc(no_inline)]`, and the compiler's `#[attr = CfgTrace([...])]`
//! record of the `#[cfg]` conditions that were applied (written in Rust's `Debug` syntax).

use serde_json::Value;

/// The attribute strings of an item.
fn attr_strings(item: &Value) -> impl Iterator<Item = &str> {
    item["attrs"].as_array().into_iter().flatten().filter_map(|a| a["other"].as_str())
}

/// `#[doc(...)]` attributes contain `word` as a bare word (`hidden`, `inline`, `no_inline`).
fn has_doc_word(item: &Value, word: &str) -> bool {
    attr_strings(item).any(|a| {
        a.strip_prefix("#[doc(")
            .and_then(|rest| rest.strip_suffix(")]"))
            .is_some_and(|list| list.split(',').any(|w| w.trim() == word))
    })
}

pub fn is_doc_hidden(item: &Value) -> bool {
    has_doc_word(item, "hidden")
}

pub fn is_doc_inline(item: &Value) -> bool {
    has_doc_word(item, "inline")
}

pub fn is_doc_no_inline(item: &Value) -> bool {
    has_doc_word(item, "no_inline")
}

/// The predicates of `#[doc(cfg(PRED))]`, what docs.rs shows as "Available on ... only".
pub fn doc_cfg_predicates(item: &Value) -> Vec<String> {
    attr_strings(item)
        .filter_map(|a| a.strip_prefix("#[doc(cfg(")?.strip_suffix("))]"))
        .map(|p| p.trim().to_owned())
        .collect()
}

/// The `#[cfg]` predicates rustdoc recorded as `CfgTrace`, rendered as Rust source.
pub fn cfg_predicates(item: &Value) -> Vec<String> {
    attr_strings(item)
        .filter_map(|a| a.strip_prefix("#[attr = CfgTrace(")?.strip_suffix(")]"))
        .flat_map(|list| {
            let tokens = tokenize(list);
            let mut parser = CfgTraceParser { tokens: &tokens, pos: 0 };
            parser.list()
        })
        .collect()
}

/// `#[deprecated]`: its note, or `yes` when it has none.
pub fn deprecation(item: &Value) -> Option<String> {
    let deprecation = item.get("deprecation").filter(|d| !d.is_null())?;
    let note = deprecation["note"].as_str().map(str::trim).filter(|n| !n.is_empty());
    // The note becomes one TSV field: no tabs or newlines inside.
    Some(note.map_or_else(|| "yes".to_owned(), |n| n.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// Combines predicates the way docs.rs shows them: one alone, several in `all(...)`.
pub fn combine_predicates(predicates: &[String]) -> String {
    let mut unique: Vec<&String> = Vec::new();
    for p in predicates {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    match unique.as_slice() {
        [] => String::new(),
        [one] => (*one).clone(),
        many => format!("all({})", many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Punct(char),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => s.extend(chars.next()),
                        '"' => break,
                        c => s.push(c),
                    }
                }
                tokens.push(Token::Str(s));
            }
            '(' | ')' | '[' | ']' | '{' | '}' | ',' | ':' => tokens.push(Token::Punct(c)),
            c if c.is_alphanumeric() || c == '_' => {
                let mut w = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' {
                        w.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(w));
            }
            _ => {} // spans (`/path/file.rs:1:2: 3:4 (#0)`) are skipped token by token
        }
    }
    tokens
}

/// Parses `CfgTrace`'s Debug output: `[Pred, ...]` with
/// `Pred = NameValue { name: "x", value: Some("y") | None, span: .. } | Any([..], span)
/// | All([..], span) | Not(Pred, span) | True | False`.
struct CfgTraceParser<'t> {
    tokens: &'t [Token],
    pos: usize,
}

impl CfgTraceParser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn bump(&mut self) -> Option<&Token> {
        self.pos += 1;
        self.tokens.get(self.pos - 1)
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek() == Some(&Token::Punct(c))
    }

    /// `[Pred, Pred]`: the predicates of the list.
    fn list(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.is_punct('[') {
            return out;
        }
        self.bump();
        while self.peek().is_some() && !self.is_punct(']') {
            if self.is_punct(',') {
                self.bump();
                continue;
            }
            match self.predicate() {
                Some(p) => out.push(p),
                None => {
                    self.bump();
                }
            }
        }
        self.bump();
        out
    }

    /// Skips the rest of a bracketed group up to its closing `close` (the span arguments).
    fn skip_to_close(&mut self, close: char) {
        let mut depth = 0usize;
        while let Some(token) = self.bump() {
            match token {
                Token::Punct('(' | '[' | '{') => depth += 1,
                Token::Punct(c) if *c == close && depth == 0 => return,
                Token::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }

    fn predicate(&mut self) -> Option<String> {
        let Some(Token::Word(word)) = self.bump() else { return None };
        let word = word.clone();
        match word.as_str() {
            "NameValue" => {
                if !self.is_punct('{') {
                    return None;
                }
                self.bump();
                let (mut name, mut value) = (None, None);
                let mut depth = 0usize;
                while let Some(token) = self.bump() {
                    match token {
                        Token::Punct('(' | '[' | '{') => depth += 1,
                        Token::Punct('}') if depth == 0 => break,
                        Token::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
                        Token::Word(field) if depth == 0 && field == "name" => {
                            self.bump(); // ':'
                            if let Some(Token::Str(s)) = self.bump() {
                                name = Some(s.clone());
                            }
                        }
                        Token::Word(field) if depth == 0 && field == "value" => {
                            self.bump(); // ':'
                            if let Some(Token::Word(w)) = self.peek()
                                && w == "Some"
                            {
                                self.bump();
                                self.bump(); // '('
                                if let Some(Token::Str(s)) = self.bump() {
                                    value = Some(s.clone());
                                }
                                self.bump(); // ')'
                            }
                        }
                        _ => {}
                    }
                }
                let name = name?;
                Some(match value {
                    Some(v) => format!("{name} = \"{v}\""),
                    None => name,
                })
            }
            "Any" | "All" => {
                if !self.is_punct('(') {
                    return None;
                }
                self.bump();
                let inner = self.list();
                self.skip_to_close(')');
                Some(format!("{}({})", word.to_lowercase(), inner.join(", ")))
            }
            "Not" => {
                if !self.is_punct('(') {
                    return None;
                }
                self.bump();
                let inner = self.predicate();
                self.skip_to_close(')');
                Some(format!("not({})", inner?))
            }
            "True" | "False" => Some(word.to_lowercase()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_cfg_trace_with_spans() {
        let item = json!({"attrs": [{"other": "#[attr = CfgTrace([All([Not(NameValue { name: \"target_os\", value: Some(\"unknown\"), span: /x/builder.rs:69:18: 69:41 (#0) }, /x/builder.rs:69:18: 69:41 (#0)), NameValue { name: \"unix\", value: None, span: /x.rs:1:2: 1:3 (#4) }], /x.rs:69:14: 69:64 (#0))])]"}]});
        assert_eq!(cfg_predicates(&item), vec![r#"all(not(target_os = "unknown"), unix)"#]);
    }

    #[test]
    fn reads_doc_attributes() {
        let item = json!({"attrs": [{"other": "#[doc(cfg(all(feature = \"rt\", tokio_unstable)))]"}, {"other": "#[doc(hidden)]"}], "deprecation": {"since": null, "note": "use\n  `x`"}});
        assert_eq!(doc_cfg_predicates(&item), vec![r#"all(feature = "rt", tokio_unstable)"#]);
        assert!(is_doc_hidden(&item));
        assert!(!is_doc_inline(&item));
        assert_eq!(deprecation(&item).as_deref(), Some("use `x`"));
        assert_eq!(combine_predicates(&["a".into(), "b".into(), "a".into()]), "all(a, b)");
    }
}
