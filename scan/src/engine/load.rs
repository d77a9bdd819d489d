//! Loading the project into rust-analyzer, without ever installing anything.

use crate::project::FeatureSelection;
use ra_ap_ide_db::RootDatabase;
use ra_ap_load_cargo::{LoadCargoConfig, ProcMacroServerChoice, load_workspace_at};
use ra_ap_paths::{AbsPathBuf, Utf8PathBuf};
use ra_ap_project_model::{CargoConfig, CargoFeatures, RustLibSource};
use ra_ap_vfs::Vfs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The toolchain's std sources, as rust-analyzer would find them, without asking rustup.
#[derive(Debug, Clone)]
pub struct Sysroot {
    /// `rustc --print sysroot`, if rustc answered.
    pub root: Option<PathBuf>,
    /// Std sources that match the toolchain were found.
    pub has_std_sources: bool,
}

impl Sysroot {
    /// Asks `rustc` (in the project's folder, so its toolchain file applies) where its sysroot
    /// is. A toolchain file naming a toolchain that is not installed is not installed either.
    pub fn discover(project: &Path) -> Sysroot {
        let output = Command::new("rustc")
            .args(["--print", "sysroot"])
            .current_dir(project)
            .env("RUSTUP_AUTO_INSTALL", "0")
            .output();
        let root = output
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
            .filter(|p| p.is_absolute());
        let from_env = std::env::var_os("RUST_SRC_PATH").map(PathBuf::from).filter(|p| p.join("core").is_dir());
        let in_sysroot = root.as_ref().is_some_and(|r| r.join("lib/rustlib/src/rust/library/core").is_dir());
        Sysroot { has_std_sources: from_env.is_some() || in_sysroot, root }
    }
}

pub struct Loaded {
    pub db: RootDatabase,
    pub vfs: Vfs,
}

/// Loads the workspace at `root` (a folder with a Cargo.toml) with the features asked for.
/// `build_scripts` runs `cargo check` for build scripts and proc macros (slower; off by default).
pub fn load(
    root: &Path,
    features: &FeatureSelection,
    sysroot: &Sysroot,
    build_scripts: bool,
    progress: &(dyn Fn(String) + Sync),
) -> Result<Loaded, String> {
    let cargo_config = CargoConfig {
        all_targets: true,
        set_test: true,
        features: match features {
            FeatureSelection { all: true, .. } => CargoFeatures::All,
            FeatureSelection { features, no_default, .. } => {
                CargoFeatures::Selected { features: features.clone(), no_default_features: *no_default }
            }
        },
        // An explicit sysroot: left to discover it, rust-analyzer runs `rustup component add
        // rust-src` when the sources are missing. The scanner never installs anything.
        sysroot: sysroot.root.as_ref().and_then(|r| abs(r)).map(RustLibSource::Path),
        extra_env: [("RUSTUP_AUTO_INSTALL", "0"), ("CARGO_NET_OFFLINE", "true")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Some(v.to_string())))
            .collect(),
        ..CargoConfig::default()
    };
    let load_config = LoadCargoConfig {
        load_out_dirs_from_check: build_scripts,
        with_proc_macro_server: if build_scripts {
            ProcMacroServerChoice::Sysroot
        } else {
            ProcMacroServerChoice::None
        },
        prefill_caches: false,
        num_worker_threads: 1,
        proc_macro_processes: 1,
    };
    let (db, vfs, _proc_macro) =
        load_workspace_at(root, &cargo_config, &load_config, progress).map_err(|e| format!("{e:#}"))?;
    Ok(Loaded { db, vfs })
}

fn abs(path: &Path) -> Option<AbsPathBuf> {
    let utf8 = Utf8PathBuf::from_path_buf(path.to_path_buf()).ok()?;
    AbsPathBuf::try_from(utf8).ok()
}
