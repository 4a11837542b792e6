//! The `shownotes` command: a thin layer over the library (the arguments are defined in
//! `shownotes::cli`).
//!
//! Exit codes: 0 ok, 1 build failed (or, with `--strict`, warnings), 2 usage error.

use clap::Parser;
use shownotes::build::{build_in_memory, build_site, BuildOptions, Progress};
use shownotes::check::{check_external, check_links, ExternalOptions};
use shownotes::cli::{Cli, Command, ThemeCommand};
use shownotes::{Diagnostic, Severity};
use std::io::IsTerminal;
use std::process::ExitCode;

/// A build allocates and frees millions of small strings and vectors (tokens, phrases,
/// pages); mimalloc does that in less time than the system allocator (2,000 episodes:
/// about 20% less CPU and wall time, 7% more peak memory without the search index).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The site a command works on: `--root`, or, when that is left at `.` and the current
/// folder has no shownotes.toml, the nearest folder above it that has one (as git and
/// cargo find theirs), named relatively (`..`, `../..`) so messages name files as seen
/// from where the command runs.
fn site_root(root: std::path::PathBuf) -> std::path::PathBuf {
    if root != std::path::Path::new(".") || root.join("shownotes.toml").is_file() {
        return root;
    }
    let Ok(here) = std::env::current_dir() else { return root };
    for (up, dir) in here.ancestors().enumerate().skip(1) {
        if dir.join("shownotes.toml").is_file() {
            return std::iter::repeat_n("..", up).collect();
        }
    }
    root
}

/// `1 episode`, `2 episodes`.
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// `shownotes check`: exit 1 when anything is an error.
fn check(opts: BuildOptions, external: Option<ExternalOptions>, feed: bool) -> ExitCode {
    let site = match build_in_memory(&opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let links = check_links(&site);
    let mut all: Vec<Diagnostic> = site.diagnostics.clone();
    all.extend(links.diagnostics);
    if !site.config.has_absolute_base() {
        all.push(Diagnostic::warning(
            &shownotes::build::shown(&opts.root.join("shownotes.toml")),
            None,
            format!(
                "base_url `{}` is not absolute: feed.xml, sitemap.xml and canonical links need one like https://example.com/ (podcast apps cannot follow relative links)",
                site.config.base_url
            ),
        ));
    }
    if feed {
        // Each problem, instead of the build's summary of them.
        all.retain(|d| !d.message.starts_with(shownotes::feedcheck::SUMMARY));
        let path = shownotes::build::shown(&opts.root.join(&site.config.output_dir).join("feed.xml"));
        match site.pages.iter().find(|p| p.path == std::path::Path::new("feed.xml")) {
            None => all.push(Diagnostic::error(
                &path,
                None,
                "the site has no feed.xml (a template or static file named feed.xml?)",
            )),
            Some(page) => match shownotes::feedcheck::validate(&String::from_utf8_lossy(&page.content)) {
                Ok(problems) => {
                    all.extend(problems.into_iter().map(|p| Diagnostic::warning(&path, Some(p.line), p.message)))
                }
                Err(e) => all.push(Diagnostic::error(&path, None, e)),
            },
        }
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
        "Checked {}, {} pages, {} internal links{}{}: {}, {}",
        count(site.episodes.len(), "episode"),
        links.pages,
        links.internal,
        if external.is_some() {
            format!(", {} external links", links.external.len())
        } else {
            format!(" ({} external links not checked; --external checks them)", links.external.len())
        },
        if feed { ", feed.xml against Apple Podcasts' and Podcasting 2.0's rules" } else { "" },
        count(errors, "error"),
        count(warnings, "warning")
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `shownotes import`: what was paired, what was not, what was written.
fn import(root: std::path::PathBuf, feed: &str, overwrite: bool) -> ExitCode {
    let report = match shownotes::import::import(&root, feed, overwrite) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let (by_number, by_title) = report.pairing.pairs.iter().fold((0, 0), |(n, t), p| {
        if p.2 == shownotes::import::PairedBy::Number {
            (n + 1, t)
        } else {
            (n, t + 1)
        }
    });
    const SHOWN: usize = 20;
    let list = |names: Vec<String>| {
        let more = names.len().saturating_sub(SHOWN);
        let mut s: Vec<String> = names.into_iter().take(SHOWN).collect();
        if more > 0 {
            s.push(format!("and {more} more"));
        }
        s.join(", ")
    };
    if !report.pairing.lone_items.is_empty() {
        eprintln!(
            "note: {} found no transcript, so no row was written for them: {} (add their transcripts, or a `number` to a transcript's file name)",
            count(report.pairing.lone_items.len(), "feed item"),
            list(report.pairing.lone_items.iter().map(|&i| report.items[i].shown()).collect())
        );
    }
    if !report.pairing.lone_episodes.is_empty() {
        eprintln!(
            "note: {} found no feed item: {} (put the episode's number in its file name, or add a row for it by hand)",
            count(report.pairing.lone_episodes.len(), "episode"),
            list(report.pairing.lone_episodes.iter().map(|&j| report.episodes[j].file.display().to_string()).collect())
        );
    }
    if report.kept > 0 {
        eprintln!(
            "note: kept {} already in {} that differ from the feed (--overwrite replaces them with the feed's)",
            count(report.kept, "value"),
            report.path.display()
        );
    }
    println!(
        "Imported {} into {}: {} paired by number, {} by title; {} added, {} filled{}",
        count(report.items.len(), "feed item"),
        report.path.display(),
        by_number,
        by_title,
        count(report.added_rows, "row"),
        count(report.filled, "value"),
        if overwrite { format!(", {} replaced", count(report.replaced, "value")) } else { String::new() }
    );
    ExitCode::SUCCESS
}

/// No transparent huge pages for this process. mimalloc asks the kernel for them
/// (`MADV_HUGEPAGE`), and the kernel then clears a whole 2 MiB page at the first touch of
/// any byte of it: at 2,000 episodes that was a fifth of a one-edit rebuild's samples
/// (`clear_page_erms`), 1.5 s of system time and 50-80 MiB of peak memory in a full
/// build (measurements.md, "session 32"). What mimalloc's own `MIMALLOC_ALLOW_THP=0`
/// does, without asking every user to set it.
fn no_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes plain integers and touches no memory of
    // ours; it fails harmlessly on a kernel without it.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dir } => match shownotes::scaffold::init(&dir) {
            Ok(created) => {
                for p in &created.kept {
                    println!("kept your {}", p.display());
                }
                println!(
                    "Created a site in {0}: shownotes.toml, README.md, content/ and a sample episode in sample/.\n\
                     Next: cd {0} && shownotes serve (a preview that reloads as you edit), then read README.md there.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Theme { command: ThemeCommand::Eject { root, force } } => {
            let root = site_root(root);
            match shownotes::scaffold::eject_theme(&root, force) {
                Ok(written) => {
                    println!(
                        "Copied the built-in theme into {0} ({1} files): templates/ and static/ there override it by name. Edit them, and build or serve to see the change; delete a file to go back to the built-in one.",
                        shownotes::build::shown(&root).display(),
                        written.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { root, base_url, external, feed, rate, timeout, jobs, drafts } => {
            if jobs == Some(0) {
                eprintln!("error: --jobs must be at least 1");
                return ExitCode::from(2);
            }
            let opts = BuildOptions {
                root: site_root(root),
                output: None,
                base_url,
                jobs,
                drafts,
                progress: Progress::Quiet,
                cache: None,
            };
            let ext = external.then(|| ExternalOptions {
                per_host_per_second: rate,
                timeout: std::time::Duration::from_secs_f64(timeout),
            });
            check(opts, ext, feed)
        }
        Command::Import { feed, root, overwrite } => import(site_root(root), &feed, overwrite),
        Command::Serve { root, port, bind, open, jobs, drafts } => {
            if jobs == Some(0) {
                eprintln!("error: --jobs must be at least 1 (leave it out to use one thread per core)");
                return ExitCode::from(2);
            }
            let root = site_root(root);
            match shownotes::serve::run(shownotes::serve::ServeOptions { root, port, bind, open, jobs, drafts }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
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
            let opts = BuildOptions { root: site_root(root), output, base_url, jobs, drafts, progress, cache: None };
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
