//! The `shownotes` command: a thin layer over the library.
//!
//! Exit codes: 0 ok, 1 build failed (or, with `--strict`, warnings), 2 usage error.

use clap::{Parser, Subcommand};
use shownotes::build::{build_site, BuildOptions, Progress};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "shownotes",
    version,
    about = "A static site generator for podcasts: transcripts in, a site with topics out."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    /// Create a new site in DIR.
    Init { dir: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dir } => match shownotes::scaffold::init(&dir) {
            Ok(()) => {
                println!("Created {}. Next: cd {} && shownotes build", dir.display(), dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Build { root, output, base_url, jobs, strict, drafts, quiet } => {
            if jobs == Some(0) {
                eprintln!("error: --jobs must be at least 1");
                return ExitCode::from(2);
            }
            let progress = if quiet {
                Progress::Quiet
            } else if std::io::stderr().is_terminal() {
                Progress::Bar
            } else {
                Progress::Lines
            };
            let opts = BuildOptions { root, output, base_url, jobs, drafts, progress };
            match build_site(&opts) {
                Ok(report) => {
                    for d in &report.diagnostics {
                        eprintln!("{d}");
                    }
                    println!("{}", report.summary());
                    if report.errors() > 0 || (strict && report.warnings() > 0) {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
