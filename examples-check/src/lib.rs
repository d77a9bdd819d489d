//! Runs the examples of the API maps. The examples themselves are generated into this crate's
//! tests by `build.rs`; this library is the harness they share, the runtime setup of each target,
//! and the derivation of a target's program from an async-std example (`build.rs` includes
//! `setup.rs` and `derive.rs` too, so they hold no dependency).

pub mod derive;
pub mod harness;
pub mod setup;
