//! The two targets of the async-std guide, as the scanner's report names them (its JSON has a
//! `tokio` and a `smol` field). The guide's book.toml lists them; [`crate::guide::Guide::load`]
//! checks that it lists exactly these, in this order.

use mdbook_apimap::model::TargetId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runtime {
    Tokio,
    Smol,
}

impl Runtime {
    pub const ALL: [Runtime; 2] = [Runtime::Tokio, Runtime::Smol];

    /// The target's key in book.toml.
    pub fn key(self) -> &'static str {
        match self {
            Runtime::Tokio => "tokio",
            Runtime::Smol => "smol",
        }
    }

    pub fn display(self) -> &'static str {
        match self {
            Runtime::Tokio => "Tokio",
            Runtime::Smol => "smol",
        }
    }

    /// Its position in book.toml's `targets`.
    pub fn id(self) -> TargetId {
        TargetId(self as usize)
    }
}
