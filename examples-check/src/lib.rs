//! Runs the examples of the API maps. The examples themselves are generated into this crate's
//! tests by `build.rs`; this library is the harness they share, the runtime setup of each target,
//! the derivation of a target's program from an async-std example (`build.rs` includes `setup.rs`,
//! `derive.rs` and `derivations.rs` too, so they hold no dependency but the maps' loader), and
//! the list of how each `drop-in` is proven (the `dropin-proofs` command).

pub mod derivations;
pub mod derive;
pub mod harness;
pub mod proofs;
pub mod setup;
