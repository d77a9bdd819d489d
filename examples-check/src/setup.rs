//! The runtime setup of each target, written once: how an example that is only an async body
//! (no `fn main`) is run, and what `#[async_std::main]`/`#[async_std::test]` become in a program
//! derived for the target. Shared by `build.rs` (which includes this file) and the derivation.

/// One target's runtime setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    /// The target's name in the maps: `async_std`, `tokio`, `smol`.
    pub target: &'static str,
    /// The function of [`crate::harness`] that runs an async body to completion on this runtime.
    pub block_on: &'static str,
    /// What `#[async_std::main]` becomes.
    pub main_attribute: &'static str,
    /// What `#[async_std::test]` becomes.
    pub test_attribute: &'static str,
}

pub const SETUPS: [Setup; 3] = [
    Setup {
        target: "async_std",
        block_on: "block_on_async_std",
        main_attribute: "#[async_std::main]",
        test_attribute: "#[async_std::test]",
    },
    // `#[tokio::main]` is the multi-thread runtime with everything the `full` feature enables,
    // like the harness's runtime.
    Setup {
        target: "tokio",
        block_on: "block_on_tokio",
        main_attribute: "#[tokio::main]",
        test_attribute: "#[tokio::test(flavor = \"multi_thread\")]",
    },
    Setup {
        target: "smol",
        block_on: "block_on_smol",
        main_attribute: "#[macro_rules_attribute::apply(smol_macros::main!)]",
        test_attribute: "#[macro_rules_attribute::apply(smol_macros::test!)]",
    },
];

/// The setup of `target`, if it has one.
pub fn setup(target: &str) -> Option<&'static Setup> {
    SETUPS.iter().find(|s| s.target == target)
}

/// Whether `example` is an async body rather than a complete program: it has no `fn main`.
pub fn is_async_body(example: &str) -> bool {
    !example.lines().any(|line| {
        let line = line.trim_start();
        !line.starts_with("//") && (line.contains("fn main(") || line.contains("fn main ("))
    })
}

/// The complete program that runs the async `body` on `setup`'s runtime: its items and `use`
/// lines stay inside the async block (a block may hold items), and its value is `main`'s, so a
/// body that ends in `Ok::<(), E>(())` may use `?`.
pub fn wrap_async_body(body: &str, setup: &Setup) -> String {
    let indented: String =
        body.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("        {l}\n") }).collect();
    format!(
        "fn main() -> impl crate::harness::Outcome {{\n    crate::harness::{}(async {{\n{indented}    }})\n}}",
        setup.block_on
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_without_main_is_an_async_body() {
        assert!(is_async_body("let x = 1;\nassert_eq!(x, 1);"));
        assert!(is_async_body("// no fn main( here\nlet x = 1;"));
        assert!(!is_async_body("#[async_std::main]\nasync fn main() {}"));
        assert!(!is_async_body("fn main() -> std::io::Result<()> { Ok(()) }"));
    }

    #[test]
    fn an_async_body_runs_under_the_targets_harness() {
        let tokio = setup("tokio").unwrap();
        assert_eq!(
            wrap_async_body("let x = 1;\n\nassert_eq!(x, 1);", tokio),
            "fn main() -> impl crate::harness::Outcome {
    crate::harness::block_on_tokio(async {
        let x = 1;

        assert_eq!(x, 1);
    })
}"
        );
        assert_eq!(setup("glommio"), None);
    }
}
