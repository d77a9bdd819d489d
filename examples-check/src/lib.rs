//! Runs the examples of the API maps. The examples themselves are generated into this crate's
//! tests by `build.rs`; this library is the harness they share.

pub mod harness;
