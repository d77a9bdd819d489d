//! Maintenance commands of the guide: `cargo xtask <command>`.

mod bench;
mod ecosystem;
mod inventory;
mod synth;

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("inventory") => inventory::run(&args[1..]),
        Some("ecosystem") => ecosystem::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("synth") => synth::run(&args[1..]),
        _ => bail!(
            "{}\n\n       cargo xtask ecosystem [CRATE...] [--check]\n       cargo xtask bench [--book DIR] [--runs N] [--mdbook PATH] [--serve] [--preprocessor-only]\n       cargo xtask synth --entries N --out DIR [--per-file M]",
            inventory::USAGE
        ),
    }
}
