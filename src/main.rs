//! The `shownotes` command: a thin layer over the library (the arguments are defined in
//! `shownotes::cli`).
//!
//! Exit codes: 0 ok, 1 build failed (or, with `--strict`, warnings), 2 usage error.

use clap::Parser;
use shownotes::build::{build_site, BuildOptions, Progress};
use shownotes::cli::{Cli, Command};
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dir } => match shownotes::scaffold::init(&dir) {
            Ok(created) => {
                for p in &created.kept {
                    println!("kept your {}", p.display());
                }
                println!(
                    "Created a site in {0}: shownotes.toml, README.md, content/ and a sample episode in sample/.\n\
                     Next: cd {0} && shownotes build, then read README.md there.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Build { root, output, base_url, jobs, strict, drafts, quiet } => {
            if jobs == Some(0) {
                eprintln!("error: --jobs must be at least 1 (leave it out to use one thread per core)");
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
                    if report.errors() > 0 {
                        ExitCode::from(1)
                    } else if strict && report.warnings() > 0 {
                        eprintln!(
                            "error: --strict: {} warning(s) fail the build; fix them, or build without --strict",
                            report.warnings()
                        );
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
