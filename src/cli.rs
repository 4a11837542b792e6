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
    /// Build the site in memory and report broken links and anchors, malformed show-notes
    /// links and transcript problems, each with its file and line. Writes nothing.
    Check {
        /// The site folder, holding shownotes.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Base URL (overrides base_url).
        #[arg(long)]
        base_url: Option<String>,
        /// Also check links to other sites over HTTP.
        #[arg(long)]
        external: bool,
        /// Also check the podcast feed (feed.xml) against Apple Podcasts' and the
        /// Podcasting 2.0 namespace's rules, each problem with its line and fix.
        #[arg(long)]
        feed: bool,
        /// With --external: requests per second to any one host.
        #[arg(long, default_value_t = 1.0, value_parser = positive)]
        rate: f64,
        /// With --external: seconds to wait for each answer (at most 3600).
        #[arg(long, default_value_t = 10.0, value_parser = seconds)]
        timeout: f64,
        /// Worker threads (default: one per core).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Also check episodes marked draft.
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site and serve a preview of it on this machine; rebuild when a file
    /// changes, and reload the pages open in a browser.
    Serve {
        /// The site folder, holding shownotes.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (the next free one is used when it is busy; 0 picks any).
        #[arg(short, long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; 0.0.0.0 shows the preview to your whole network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in your web browser.
        #[arg(long)]
        open: bool,
        /// Worker threads (default: one per core).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Also build episodes marked draft.
        #[arg(long)]
        drafts: bool,
    },
    /// The site's theme: `shownotes theme eject` copies the built-in one into the site to
    /// edit.
    Theme {
        #[command(subcommand)]
        command: ThemeCommand,
    },
    /// Read the podcast's feed (RSS or Atom: a file, or its URL) and write each episode's
    /// title, date, description, audio, duration, season and people into episodes.csv,
    /// pairing feed items with the transcripts by number, then by title.
    Import {
        /// The feed: a file path, or an http(s) URL.
        feed: String,
        /// The site folder, holding shownotes.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace values already in episodes.csv with the feed's (by default a value
        /// you typed is kept).
        #[arg(long)]
        overwrite: bool,
    },
    /// Create a new site in DIR: shownotes.toml, README.md, content/ and a sample episode.
    Init {
        /// The folder to create (it may exist; nothing in it is overwritten).
        dir: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ThemeCommand {
    /// Copy the built-in theme's templates into the site's templates/ and its static files
    /// into static/, where they override the built-in ones: edit them there.
    Eject {
        /// The site folder, holding shownotes.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Overwrite files of the same name that are already there.
        #[arg(long)]
        force: bool,
    },
}

/// A timeout in seconds: more than 0, at most an hour (a longer one is a typo, and too
/// long for a `Duration` is a crash).
fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 3600.0 => Ok(v),
        _ => Err(format!("`{s}` is not a number of seconds between 0 and 3600 (an hour); the default is 10")),
    }
}

fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("`{s}` is not a positive number")),
    }
}
