//! The command line, defined with clap. It lives in the library so that tests can check
//! the guide's CLI reference (docs/src/cli.md) and every command the guide and README
//! show against the real parser.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "shownotes",
    version,
    about = "A static site generator for podcasts: transcripts in, a site with topics out."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into its output folder (public/ by default).
    Build {
        /// The site folder, holding shownotes.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (overrides output_dir).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Base URL (overrides base_url), e.g. https://example.com/podcast/
        #[arg(long)]
        base_url: Option<String>,
        /// Worker threads (default: one per core).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Exit with status 1 when there are warnings too (for CI).
        #[arg(long)]
        strict: bool,
        /// Also build episodes marked draft.
        #[arg(long)]
        drafts: bool,
        /// Print only errors, warnings and the summary.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Create a new site in DIR: shownotes.toml, README.md, content/ and a sample episode.
    Init {
        /// The folder to create (it may exist; nothing in it is overwritten).
        dir: PathBuf,
    },
}
