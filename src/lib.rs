//! shownotes: a static site generator for podcasts.
//!
//! The build is a one-way pipeline of plain data, one module per stage:
//!
//! ```text
//! discover -> parse (transcripts) + notes (show notes) -> metadata (+ episodes_file) -> extract -> render + search -> write
//! ```
//!
//! [`build::build_site`] runs the whole pipeline; the CLI (`cli.rs` defines it, `main.rs`
//! runs it) is a thin layer on it. [`serve`] previews a site: it builds, serves, watches
//! and rebuilds.

pub mod audio;
pub mod build;
pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod discover;
pub mod episodes_file;
pub mod extract;
pub mod feedcheck;
pub mod import;
pub mod metadata;
pub mod model;
pub mod nofollow;
pub mod notes;
pub mod parse;
pub mod parse_memo;
pub mod people;
pub mod render;
pub mod rules;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod size;
pub mod slug;
pub mod text;
pub mod titles;
pub mod write;

pub use build::{build_site, BuildOptions, BuildReport};
pub use config::Config;
pub use diagnostics::{Diagnostic, Severity};
