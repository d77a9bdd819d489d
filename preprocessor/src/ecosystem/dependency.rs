//! A dependency line as written in an ecosystem entry (`sqlx = { version = "0.8.6",
//! default-features = false, features = ["runtime-tokio"] }`): parsed with the TOML parser,
//! and limited to what a reader can paste into `[dependencies]` from crates.io.

use std::collections::BTreeSet;

/// A parsed dependency line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The key: the name the code uses (`tokio1` when renamed).
    pub key: String,
    /// The crate on crates.io (`package = "…"`, else the key).
    pub package: String,
    /// The version requirement, e.g. `0.8.6`.
    pub version: String,
    pub default_features: bool,
    pub features: Vec<String>,
}

const KEYS: [&str; 4] = ["version", "default-features", "features", "package"];

/// Parses one line; the error says what is wrong in words a contributor can act on.
pub fn parse(line: &str) -> Result<Dependency, String> {
    if line.contains('\n') {
        return Err("a dependency line is one line".into());
    }
    let table: toml::Table =
        toml::from_str(line).map_err(|e| format!("not a TOML dependency line: {}", e.message()))?;
    let mut items = table.into_iter();
    let (Some((key, value)), None) = (items.next(), items.next()) else {
        return Err("a dependency line names exactly one crate".into());
    };
    if !is_crate_name(&key) {
        return Err(format!("`{key}` is not a crate name"));
    }
    let mut dependency =
        Dependency { package: key.clone(), key, version: String::new(), default_features: true, features: Vec::new() };
    match value {
        toml::Value::String(version) => dependency.version = version,
        toml::Value::Table(fields) => {
            for (name, value) in fields {
                match (name.as_str(), value) {
                    ("version", toml::Value::String(v)) => dependency.version = v,
                    ("package", toml::Value::String(p)) if is_crate_name(&p) => dependency.package = p,
                    ("default-features", toml::Value::Boolean(b)) => dependency.default_features = b,
                    ("features", toml::Value::Array(values)) => {
                        for value in values {
                            match value {
                                toml::Value::String(f) if is_feature_name(&f) => dependency.features.push(f),
                                other => return Err(format!("`{other}` is not a feature name")),
                            }
                        }
                    }
                    (name, _) if KEYS.contains(&name) => return Err(format!("`{name}` has the wrong type")),
                    (name, _) => {
                        return Err(format!(
                            "`{name}` is not allowed: only {} (crates.io releases, no git or path)",
                            KEYS.map(|k| format!("`{k}`")).join(", ")
                        ));
                    }
                }
            }
        }
        _ => return Err("the value must be a version string or an inline table".into()),
    }
    if semver::Version::parse(&dependency.version).is_err() {
        return Err(format!(
            "version `{}` is not an exact release such as `0.8.6`: the guide names what it verified",
            dependency.version
        ));
    }
    let unique: BTreeSet<&String> = dependency.features.iter().collect();
    if unique.len() != dependency.features.len() {
        return Err("a feature is listed twice".into());
    }
    Ok(dependency)
}

/// The released version of the line, parsed (`parse` guarantees it is one).
impl Dependency {
    pub fn semver(&self) -> Option<semver::Version> {
        semver::Version::parse(&self.version).ok()
    }

    /// The same crate and version with no features at all: the build that proves a crate pulls
    /// async-std whatever its features.
    pub fn minimal_line(&self) -> String {
        format!("{} = {{ version = \"{}\", default-features = false }}", self.package, self.version)
    }

    /// The same crate and version with exactly `features` on top of no defaults.
    pub fn line_with_features(&self, features: &[String]) -> String {
        let list: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
        format!(
            "{} = {{ version = \"{}\", default-features = false, features = [{}] }}",
            self.package,
            self.version,
            list.join(", ")
        )
    }
}

/// What [`is_crate_name`] accepts, for diagnostics.
pub const CRATE_NAME_SYNTAX: &str =
    "a crates.io name: at most 64 ASCII letters, digits, `-` and `_`, starting with a letter";

/// What [`is_feature_name`] accepts, for diagnostics.
pub const FEATURE_NAME_SYNTAX: &str = "a Cargo feature name: at most 100 ASCII letters, digits, `_`, `-`, `+` and `.`, starting with a letter, digit or `_`; or `crate/feature`";

/// crates.io names: ASCII letters, digits, `-` and `_`, starting with a letter, at most 64.
pub fn is_crate_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Cargo feature names as crates.io accepts them, or one `dependency/feature`.
pub fn is_feature_name(name: &str) -> bool {
    match name.split_once('/') {
        Some((dependency, feature)) => is_crate_name(dependency) && is_plain_feature_name(feature),
        None => is_plain_feature_name(name),
    }
}

fn is_plain_feature_name(name: &str) -> bool {
    name.len() <= 100
        && name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_inline_tables_and_plain_versions() {
        let d = parse(
            r#"sqlx = { version = "0.8.6", default-features = false, features = ["runtime-tokio", "postgres"] }"#,
        )
        .unwrap();
        assert_eq!((d.key.as_str(), d.version.as_str(), d.default_features), ("sqlx", "0.8.6", false));
        assert_eq!(d.features, ["runtime-tokio", "postgres"]);
        assert_eq!(parse(r#"surf = "2.3.2""#).unwrap().features, Vec::<String>::new());
        let renamed = parse(r#"tokio1 = { version = "1.54.1", package = "tokio" }"#).unwrap();
        assert_eq!(renamed.package, "tokio");
    }

    #[test]
    fn refuses_what_is_not_an_exact_crates_io_line() {
        let err = |line: &str| parse(line).unwrap_err();
        assert!(err(r#"a = { git = "https://x", version = "1.0.0" }"#).contains("`git` is not allowed"));
        assert!(err(r#"a = "1""#).contains("not an exact release"));
        assert!(
            err(r#"a = "1.0.0"
b = "1.0.0""#)
            .contains("one line")
        );
        assert!(err(r#"a = { version = "1.0.0", features = ["<script>"] }"#).contains("not a feature name"));
        assert!(err("a = ").contains("not a TOML dependency line"));
        assert!(err(r#"a = { version = "1.0.0", features = ["x", "x"] }"#).contains("twice"));
        assert!(err(r#"a = { version = "1.0.0", features = ["a//b"] }"#).contains("not a feature name"));
        assert!(err(r#"a = { version = "1.0.0", package = "x y" }"#).contains("wrong type"));
    }

    #[test]
    fn builds_the_minimal_and_feature_lines() {
        let d = parse(r#"tide = "0.16.0""#).unwrap();
        assert_eq!(d.minimal_line(), r#"tide = { version = "0.16.0", default-features = false }"#);
        assert_eq!(
            d.line_with_features(&["h1-server".into()]),
            r#"tide = { version = "0.16.0", default-features = false, features = ["h1-server"] }"#
        );
    }
}
