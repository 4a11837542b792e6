//! `shownotes serve`: builds the site into a preview folder, serves it over HTTP, watches
//! the site's files and rebuilds on every change, and reloads open pages.
//!
//! ```text
//! bind (next free port if busy) -> serve (http.rs): the kept preview (keep.rs) until
//!                                  the first build is written
//!                               -> watch (watch.rs) -> build
//! changes -> the saved episode's pages at once (quick.rs) -> status -> its pages reload
//!         -> rebuild -> status (which pages changed) -> the pages that changed reload
//! ```
//!
//! The server answers from the start: with the preview the last run kept (keep.rs),
//! or a page that says the site is being built, until the first build is written.
//!
//! The preview folder is a temporary folder of its own (`shownotes-serve-*`, see
//! [`preview_parent`]), removed when the server stops: the preview is built with the
//! server's address as `base_url`, so it must never be mistaken for the deployable
//! `public/`, and a folder outside the site is one the watcher never sees written.
//!
//! A rebuild that fails, or that breaks a file that was fine, is not written: the last
//! good pages stay served, and its errors are shown in the terminal and over every page
//! until a rebuild fixes them. Every rebuild goes through [`Builder::build`].

pub mod http;
pub mod keep;
mod quick;
pub mod watch;

use crate::build::{self, BuildError, BuildOptions, BuildReport, Progress};
use crate::config::{Config, ConfigError};
use crate::diagnostics::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// How many ports after a busy one are tried.
const PORT_TRIES: u16 = 10;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holds `shownotes.toml`).
    pub root: PathBuf,
    /// 0: any free port.
    pub port: u16,
    pub bind: IpAddr,
    /// Open the preview in the default browser.
    pub open: bool,
    pub jobs: Option<usize>,
    pub drafts: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    NotASite(ConfigError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("ports {first} to {last} on {ip} are all in use; choose a free one with --port (0 picks any)")]
    Busy { ip: IpAddr, first: u16, last: u16 },
    #[error("cannot watch the site's files for changes: {0}")]
    Watch(#[from] notify::Error),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
}

/// One problem as the browser overlay and the status endpoint show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

/// A file as the site's author names it: relative to the site folder.
fn in_site(root: &Path, file: &Path) -> String {
    build::shown(file.strip_prefix(root).unwrap_or(file)).display().to_string()
}

impl Problem {
    fn from_diagnostic(root: &Path, d: &Diagnostic) -> Problem {
        Problem { file: Some(in_site(root, &d.path)), line: d.line, message: d.message.clone() }
    }

    /// A build error, whose message starts with `file:line: ` where it has them.
    fn from_error(root: &Path, e: &BuildError) -> Problem {
        let text = e.to_string();
        let (file, line, message) = split_location(&text);
        Problem { file: file.map(|f| in_site(root, Path::new(f))), line, message: message.to_string() }
    }
}

/// `path:12: message` -> (path, 12, message); `path:12:7: message` too. Anything else is
/// all message.
fn split_location(text: &str) -> (Option<&str>, Option<usize>, &str) {
    let first_line = text.lines().next().unwrap_or("");
    for (at, _) in first_line.match_indices(": ") {
        let head = &first_line[..at];
        let mut parts = head.rsplitn(3, ':');
        let (a, b, c) = (parts.next(), parts.next(), parts.next());
        let num = |s: Option<&str>| s.and_then(|s| s.parse::<usize>().ok());
        let (file, line) = match (num(a), num(b)) {
            (Some(_), Some(l)) => (c, Some(l)),
            (Some(l), None) => (b, Some(l)),
            _ => continue,
        };
        if let Some(f) = file.filter(|f| (!f.is_empty() && !f.contains(' ')) || f.contains('/')) {
            return (Some(f), line, &text[at + 2..]);
        }
    }
    (None, None, text)
}

/// What pages learn after every build (the status endpoint and the event stream).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Which site is served: 0 before the first good build, then one more for every
    /// build written.
    pub generation: u64,
    /// One more for every change served: a build written, or a saved episode's pages
    /// updated at once. Pages carry the step they were served at (their script's
    /// `data-generation`); a page from an older step reloads, unless it is the step
    /// just before and its address is not in `pages`.
    pub step: u64,
    /// The address paths (`/episodes/x/`) of the pages this step changed; `None` when
    /// any page may have (a style changed, or nothing is known to compare with).
    pub pages: Option<Vec<String>>,
    /// The whole site is built with every change saved so far: false while the first
    /// build runs and while a build catches up with a page updated at once.
    pub ready: bool,
    /// The pages served are the preview kept from the last run (before the first build).
    pub kept: bool,
    /// Builds run, written or not.
    pub build: u64,
    /// The last build failed: nothing was written.
    pub failed: bool,
    /// The last build broke a file that was fine before, so it was not written.
    pub held: bool,
    /// The last build's errors (file, line, message); empty when all is well.
    pub problems: Vec<Problem>,
}

/// Runs the preview until Ctrl-C (or SIGTERM).
pub fn run(opts: ServeOptions) -> Result<(), ServeError> {
    // A folder that is not a site is refused at once; any other problem with the settings
    // is shown like every build error, and the server waits for it to be fixed.
    let config = match Config::load(&opts.root) {
        Ok(c) => c,
        Err(e @ ConfigError::Missing(_)) => return Err(ServeError::NotASite(e)),
        Err(_) => Config::default(),
    };
    let (listener, addr) = bind(opts.bind, opts.port)?;
    let url = preview_url(addr);
    let parent = preview_parent();
    let preview = tempfile::Builder::new().prefix("shownotes-serve-").tempdir_in(&parent).map_err(|e| {
        ServeError::Io { context: format!("creating the preview folder in {}", parent.display()), source: e }
    })?;
    let site = preview.path().join("site");
    // Whose folder this is, so that a later server can tidy it up if this one is killed.
    let _ = std::fs::write(preview.path().join(OWNER), std::process::id().to_string());
    remove_abandoned(&parent, preview.path());
    // Ctrl-C is caught from now on (also during the first build), so that the preview
    // folder is always removed.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io { context: "starting the server".into(), source: e })?;
    let stop = {
        let _inside = runtime.enter();
        stop_signal().map_err(|e| ServeError::Io { context: "catching Ctrl-C".into(), source: e })?
    };

    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = watch::Watch::new(watch::Rules::new(&opts.root, &config), tx.clone())?;
    let kept = keep::Kept::load(&opts.root, &config, opts.drafts, &url).map(Arc::new);
    let (status_tx, status_rx) = tokio::sync::watch::channel(Status { kept: kept.is_some(), ..Status::default() });
    let mut builder = Builder {
        opts: BuildOptions {
            root: opts.root.clone(),
            output: Some(site.clone()),
            base_url: Some(url.clone()),
            jobs: opts.jobs,
            drafts: opts.drafts,
            progress: Progress::Quiet,
            // Kept between runs: a start's build takes every unchanged episode's parse
            // and extraction from it.
            cache: keep::build_cache_dir(&opts.root, &config),
        },
        status: status_tx,
        served_errors: None,
        warnings: BTreeSet::new(),
        memory: None,
        hashes: kept.as_ref().map(|k| k.hashes()),
        config,
        url: url.clone(),
        saving: None,
    };
    if kept.is_some() {
        println!(
            "Answering at {url} with the preview kept from the last run while the site is built (Ctrl-C stops it)"
        );
    }
    let open = opts.open;
    let builds = std::thread::Builder::new()
        .name("shownotes-rebuild".into())
        .spawn(move || {
            builder.first();
            if addr.ip().is_unspecified() {
                println!(
                    "Listening on every address of this machine ({addr}): other computers on your network can open the preview too."
                );
            }
            let url = &builder.url;
            println!("Serving the preview at {url} (Ctrl-C stops it; preview files in {})", site.display());
            if open {
                if let Err(e) = opener::open_browser(url) {
                    eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
                }
            }
            builder.watch(rx, watcher)
        })
        .map_err(|e| ServeError::Io { context: "starting the rebuild thread".into(), source: e })?;

    let served = runtime.block_on(http::serve(listener, preview.path().join("site"), status_rx, kept, stop));
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    let _ = tx.send(watch::Msg::Stop);
    let _ = builds.join();
    drop(preview);
    println!("Stopped; the preview folder is removed.");
    served.map_err(|e| ServeError::Io { context: format!("serving {url}"), source: e })
}

/// Where the preview folder goes: `TMPDIR` when it is set; else, on Linux, the memory
/// file system `/dev/shm` when it has room (2 GiB free), because every rebuild rewrites
/// the whole preview and a disk is far slower at that (the sample site's build, before
/// the search index: 0.04 s into /dev/shm, 0.24 to 0.45 s into /tmp on this project's
/// machine's disk); else the system's temp folder.
fn preview_parent() -> PathBuf {
    if std::env::var_os("TMPDIR").is_some_and(|t| !t.is_empty()) {
        return std::env::temp_dir();
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let shm = Path::new("/dev/shm");
        let room = rustix::fs::statvfs(shm).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) >= 2 << 30);
        let writable = rustix::fs::access(shm, rustix::fs::Access::WRITE_OK).is_ok();
        if shm.is_dir() && room && writable {
            return shm.to_path_buf();
        }
    }
    std::env::temp_dir()
}

/// The file in a preview folder that names the process serving it.
const OWNER: &str = ".shownotes-serve-pid";

/// Removes the preview folders that servers killed before they could tidy up left in
/// `parent` (on Linux: their process is gone). They may be large, and in memory.
fn remove_abandoned(parent: &Path, ours: &Path) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let path = e.path();
        let ours_or_not_one = path == ours || !e.file_name().to_string_lossy().starts_with("shownotes-serve-");
        if ours_or_not_one || !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(pid) = std::fs::read_to_string(path.join(OWNER)) else { continue };
        let gone = pid.trim().parse::<u32>().is_ok_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
        if gone && std::fs::remove_dir_all(&path).is_ok() {
            println!("Removed {}, left behind by a preview that was killed.", path.display());
        }
    }
}

/// Ctrl-C, or SIGTERM where there is one. Call it inside the runtime: from then on the
/// signals are caught, and one that comes before the future is awaited still counts.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut int = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! { _ = int.recv() => {}, _ = term.recv() => {} }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Binds `ip:port`, or the next free port after it when it is in use (saying so).
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), ServeError> {
    let last = if port == 0 { 0 } else { port.saturating_add(PORT_TRIES) };
    for p in port..=last {
        let addr = SocketAddr::new(ip, p);
        match TcpListener::bind(addr) {
            Ok(l) => {
                let bound = l.local_addr().map_err(|e| ServeError::Bind { addr, source: e })?;
                if p != port {
                    println!("Port {port} is in use (another program is listening on it); using port {p} instead.");
                }
                return Ok((l, bound));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && p < last => {}
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                return Err(ServeError::Busy { ip, first: port, last });
            }
            Err(e) => return Err(ServeError::Bind { addr, source: e }),
        }
    }
    Err(ServeError::Busy { ip, first: port, last })
}

/// The address to open: the bound one, or this machine's loopback when bound to all.
fn preview_url(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}/", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
    }
}

/// Builds the site and tells the pages; owns what the rebuilds need between them.
struct Builder {
    opts: BuildOptions,
    status: tokio::sync::watch::Sender<Status>,
    /// The errors (file, message) of the site being served; `None` before the first.
    served_errors: Option<BTreeSet<(PathBuf, String)>>,
    /// The last build's warnings, so that a rebuild prints only new ones.
    warnings: BTreeSet<Diagnostic>,
    /// What the last written build knew, for the quick path (quick.rs); `None` while a
    /// build runs (it is dropped first: two catalogues need not be in memory at once).
    memory: Option<build::Memory>,
    /// The hashes of the shown files served (keep.rs), to tell which pages a build
    /// changed; `None` before anything is served.
    hashes: Option<keep::Hashes>,
    /// The settings the server started with (where the kept preview goes).
    config: Config,
    url: String,
    /// Keeping the preview of the last build, in the background.
    saving: Option<std::thread::JoinHandle<()>>,
}

/// Error keys of a build: a file's error by file and message (not line: an edit above
/// it moves it).
fn error_keys(diags: &[Diagnostic]) -> BTreeSet<(PathBuf, String)> {
    diags.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.path.clone(), d.message.clone())).collect()
}

impl Builder {
    /// The one place the site is built, first and after every change. For now a full
    /// build; an incremental build goes here. A build whose errors are not all errors
    /// of the site being served is held back: it is not written.
    fn build(&mut self) -> Result<BuildReport, BuildError> {
        self.memory = None;
        let served = self.served_errors.as_ref();
        let (report, memory) = build::build_site_keeping(
            &self.opts,
            |diags| served.is_some_and(|served| error_keys(diags).iter().any(|k| !served.contains(k))),
            true,
        )?;
        self.memory = memory;
        Ok(report)
    }

    /// The preview folder.
    fn site(&self) -> &Path {
        self.opts.output.as_deref().expect("serve builds into its preview folder")
    }

    /// Shows the saved episodes' pages at once, when quick.rs can: true if it did.
    fn quick(&mut self, what: &str, changed: &BTreeSet<PathBuf>) -> bool {
        let started = Instant::now();
        let site = self.site().to_path_buf();
        let Some(memory) = self.memory.as_mut() else { return false };
        let Some(pages) = quick::update(&self.opts.root, memory, &site, changed) else { return false };
        let mut urls: Vec<String> = Vec::new();
        for p in &pages {
            if keep::shown(&p.path) {
                if let Some(h) = self.hashes.as_mut() {
                    h.insert(p.path.clone(), keep::hash_of(&p.path, &p.content, &self.url));
                }
            }
            urls.push(keep::url_of(&p.path));
        }
        let mut status = self.status.borrow().clone();
        status.step += 1;
        status.pages = Some(urls);
        status.ready = false;
        self.status.send_replace(status);
        let s = |n: usize| if n == 1 { "" } else { "s" };
        // `content/x.txt saved: ...`: the line of the rebuild that follows says `changed`.
        let what = what.strip_suffix(" changed").map_or_else(|| what.to_string(), |w| format!("{w} saved"));
        println!(
            "{what}: {} page{} updated in {:.2} s; the rest of the site is catching up",
            pages.len(),
            s(pages.len()),
            started.elapsed().as_secs_f64()
        );
        true
    }

    /// After a build is written: which pages it changed, and the preview kept for the
    /// next run (in the background; one at a time, so a slow disk delays no rebuild).
    fn compare_and_keep(&mut self) -> Option<Vec<String>> {
        let site = self.site().to_path_buf();
        let hashes = keep::hash_site(&site, &self.url);
        let pages = self.hashes.as_ref().and_then(|old| keep::changed_pages(old, &hashes));
        self.hashes = Some(hashes.clone());
        if self.saving.as_ref().is_none_or(|t| t.is_finished()) {
            // The settings as they are now: they name the output folder the cache is beside.
            let config = Config::load(&self.opts.root).unwrap_or_else(|_| self.config.clone());
            let (root, drafts, url) = (self.opts.root.clone(), self.opts.drafts, self.url.clone());
            self.saving = std::thread::Builder::new()
                .name("shownotes-keep".into())
                .spawn(move || keep::save(&root, &config, drafts, &url, &site, &hashes))
                .ok();
        }
        pages
    }

    /// The first build: every diagnostic and the summary, as `shownotes build` prints.
    fn first(&mut self) {
        println!("Building {} ...", shown_root(&self.opts.root));
        let result = self.build();
        if let Ok(report) = &result {
            for d in &report.diagnostics {
                eprintln!("{d}");
            }
            println!("{}", report.summary().replace(" -> ", " (preview) -> "));
            if report.written && self.status.borrow().kept {
                println!("The site is built: the preview kept from the last run is no longer served.");
            }
        }
        self.publish(&result, |outcome, after| format!("{outcome}{after}"));
    }

    /// Rebuilds after `changed` and prints one line: what changed, what came of it, how
    /// long it took (errors and new warnings above it).
    fn rebuild(&mut self, what: &str) {
        let started = Instant::now();
        let result = self.build();
        let took = format!("{:.2} s", started.elapsed().as_secs_f64());
        if let Ok(report) = &result {
            for d in report.diagnostics.iter().filter(|d| d.severity == Severity::Error || !self.warnings.contains(*d))
            {
                eprintln!("{d}");
            }
        }
        self.publish(&result, |outcome, after| format!("{what}: {outcome} in {took}{after}"));
    }

    /// Prints the outcome line (after any error) and tells the pages.
    fn publish(&mut self, result: &Result<BuildReport, BuildError>, line: impl Fn(&str, &str) -> String) {
        let mut status = self.status.borrow().clone();
        status.build += 1;
        match result {
            Ok(report) => {
                let errors = report.errors();
                let errs = match errors {
                    1 => "1 error".to_string(),
                    n => format!("{n} errors"),
                };
                self.warnings =
                    report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).cloned().collect();
                status.failed = false;
                status.held = !report.written;
                status.problems = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| Problem::from_diagnostic(&self.opts.root, d))
                    .collect();
                if report.written {
                    status.generation += 1;
                    status.step += 1;
                    status.pages = self.compare_and_keep();
                    status.ready = true;
                    status.kept = false;
                    self.served_errors = Some(error_keys(&report.diagnostics));
                    if status.build > 1 {
                        let after = if errors > 0 { format!(", {errs} (above)") } else { String::new() };
                        let s = |n: usize| if n == 1 { "" } else { "s" };
                        let outcome = format!(
                            "rebuilt {} episode{}, {} page{}",
                            report.episodes,
                            s(report.episodes),
                            report.pages,
                            s(report.pages)
                        );
                        println!("{}", line(&outcome, &after));
                    }
                } else {
                    let after = format!("; a file broke ({errs} above): still serving the last good build");
                    println!("{}", line("built", &after));
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                status.failed = true;
                status.held = false;
                status.problems = vec![Problem::from_error(&self.opts.root, e)];
                let after =
                    if status.generation > 0 { " (above); still serving the last good build" } else { " (above)" };
                println!("{}", line("build failed", after));
            }
        }
        self.status.send_replace(status);
    }

    /// Rebuilds on every batch of changes until told to stop.
    fn watch(mut self, rx: std::sync::mpsc::Receiver<watch::Msg>, mut watcher: watch::Watch) {
        while let Some(changed) = watch::next_changes(&rx) {
            if changed.is_empty() {
                continue;
            }
            let what = watch::describe(&watcher.rules(), &changed);
            self.quick(&what, &changed);
            self.rebuild(&what);
            // The settings may name other folders now, and folders or links may have
            // appeared. An edit of plain files that are no site file changes neither,
            // and walking every link of a large content folder again would hold up the
            // next save.
            let rules_now = watcher.rules();
            let edits_only = changed.iter().all(|p| {
                !rules_now.files.contains(p) && std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file())
            });
            if edits_only {
                continue;
            }
            let config = Config::load(&self.opts.root).ok();
            let rules = config.map(|c| watch::Rules::new(&self.opts.root, &c)).unwrap_or_else(|| watcher.rules());
            if let Err(e) = watcher.set_rules(rules) {
                eprintln!("warning: cannot watch every folder of the site: {e}");
            }
        }
        // The preview being kept is finished, so that the next run finds it whole.
        if let Some(t) = self.saving.take() {
            let _ = t.join();
        }
    }
}

fn shown_root(root: &Path) -> String {
    if root == Path::new(".") {
        "the site in this folder".into()
    } else {
        root.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_split_off_error_messages() {
        assert_eq!(
            split_location("templates/episode.html:3: template episode.html: Failed"),
            (Some("templates/episode.html"), Some(3), "template episode.html: Failed")
        );
        assert_eq!(
            split_location("./topics.toml:2:7: unknown field"),
            (Some("./topics.toml"), Some(2), "unknown field")
        );
        assert_eq!(split_location("theme `x` not found: y"), (None, None, "theme `x` not found: y"));
        assert_eq!(split_location("reading /a b/c: 3: x"), (None, None, "reading /a b/c: 3: x"));
    }

    #[test]
    fn a_busy_port_moves_to_the_next() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let (taken, addr) = bind(ip, 0).unwrap();
        let (_next, got) = bind(ip, addr.port()).unwrap();
        assert_ne!(got.port(), addr.port());
        assert!(got.port() > addr.port() && got.port() <= addr.port() + PORT_TRIES, "{got}");
        drop(taken);
        assert_eq!(preview_url("0.0.0.0:8000".parse().unwrap()), "http://127.0.0.1:8000/");
        assert_eq!(preview_url("[::1]:8001".parse().unwrap()), "http://[::1]:8001/");
    }
}
