//! `mdbook-apimap`: turns YAML maps of async-std APIs (to Tokio and smol) into checked,
//! cross-linked mdBook chapters.
//!
//! The pipeline, one module per stage, plain data between them:
//! [`load`] (YAML → [`model`] with positions) → [`check`] (rules → [`diagnostic`]s) →
//! [`resolve`] (paths against [`inventory`], cross-references) → [`render`] (Markdown) →
//! [`mdbook`] (the thin preprocessor glue). [`pipeline`] strings them together.

pub mod check;
pub mod config;
pub mod coverage;
pub mod diagnostic;
pub mod ecosystem;
pub mod inventory;
pub mod load;
pub mod markdown;
#[cfg(feature = "preprocessor")]
pub mod mdbook;
pub mod model;
pub mod parallel;
pub mod pipeline;
pub mod plain_text;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod suggest;
pub mod target_fields;
pub mod timings;
