//! The `shownotes` command: a thin layer over the library.
//!
//! Exit codes: 0 ok, 1 build failed (or, with `--strict`, warnings), 2 usage error.

use clap::{Parser, Subcommand};
use shownotes::build::{build_in_memory, build_site, BuildOptions, Progress};
use shownotes::check::{check_external, check_links, ExternalOptions};
use shownotes::{Diagnostic, Severity};
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
        /// With --external: requests per second to any one host.
        #[arg(long, default_value_t = 1.0, value_parser = positive)]
        rate: f64,
        /// With --external: seconds to wait for each answer.
        #[arg(long, default_value_t = 10.0, value_parser = positive)]
        timeout: f64,
        /// Worker threads (default: one per core).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Also check episodes marked draft.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site in DIR.
    Init { dir: PathBuf },
}

fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("`{s}` is not a positive number")),
    }
}

/// `shownotes check`: exit 1 when anything is an error.
fn check(opts: BuildOptions, external: Option<ExternalOptions>) -> ExitCode {
    let site = match build_in_memory(&opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let links = check_links(&site);
    let mut all: Vec<Diagnostic> = site.diagnostics.clone();
    all.extend(site.findings.iter().cloned());
    all.extend(links.diagnostics);
    if !site.config.has_absolute_base() {
        all.push(Diagnostic::warning(
            &opts.root.join("shownotes.toml"),
            None,
            format!(
                "base_url `{}` is not absolute: feed.xml, sitemap.xml and canonical links need one like https://example.com/ (podcast apps cannot follow relative links)",
                site.config.base_url
            ),
        ));
    }
    if let Some(ext) = external {
        eprintln!(
            "checking {} external links ({} per second per host, {} s timeout)",
            links.external.len(),
            ext.per_host_per_second,
            ext.timeout.as_secs_f64()
        );
        all.extend(check_external(&links.external, ext, |_| {}));
    }
    all.sort();
    all.dedup();
    for d in &all {
        eprintln!("{d}");
    }
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = all.len() - errors;
    println!(
        "Checked {} episodes, {} pages, {} internal links{}: {} errors, {} warnings",
        site.episodes.len(),
        links.pages,
        links.internal,
        if external.is_some() {
            format!(", {} external links", links.external.len())
        } else {
            format!(" ({} external links not checked; --external checks them)", links.external.len())
        },
        errors,
        warnings
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
        Command::Check { root, base_url, external, rate, timeout, jobs, drafts } => {
            if jobs == Some(0) {
                eprintln!("error: --jobs must be at least 1");
                return ExitCode::from(2);
            }
            let opts = BuildOptions { root, output: None, base_url, jobs, drafts, progress: Progress::Quiet };
            let ext = external.then(|| ExternalOptions {
                per_host_per_second: rate,
                timeout: std::time::Duration::from_secs_f64(timeout),
            });
            check(opts, ext)
        }
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
