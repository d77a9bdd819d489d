//! Maintenance commands of the guide: `cargo xtask <command>`.

mod inventory;

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("inventory") => inventory::run(&args[1..]),
        _ => bail!("{}", inventory::USAGE),
    }
}
