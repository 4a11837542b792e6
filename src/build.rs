//! The build: runs every stage of the pipeline in order and writes the site.
//!
//! lock the output folder (and repair an interrupted build) -> discover -> load
//! (parallel) -> pair -> parse + metadata (parallel) -> checks -> extract (topics, the
//! catalogue of names, chapters, links: [`crate::extract::site`]) -> topic index ->
//! render (parallel) -> write (staging + swap).

use crate::config::{Config, ConfigError, Limits};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::discover::{self, EpisodeFiles, FileKind, Loaded, Role};
use crate::extract::glossary::{self, KnownTopic};
use crate::extract::index;
use crate::extract::site::{self, Extracted, ParsedEpisode};
use crate::metadata;
use crate::model::Transcript;
use crate::notes::{self, ShowNotes};
use crate::parse::{self, TranscriptFormat};
use crate::render::{self, Theme};
use crate::text;
use crate::write;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("content folder {0} does not exist (set `content_dir` in shownotes.toml)")]
    NoContent(PathBuf),
    #[error("{0}")]
    UnsafeOutput(String),
    #[error("{0}")]
    Template(String),
    #[error("{0}")]
    Glossary(String),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error("cannot start {0} worker threads: {1}")]
    Threads(usize, String),
}

/// How the build reports progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A progress bar (for a terminal).
    Bar,
    /// One plain line per stage (for CI logs).
    Lines,
    Quiet,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `shownotes.toml`).
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Worker threads; `None` = one per core.
    pub jobs: Option<usize>,
    /// Also build episodes marked `draft = true`.
    pub drafts: bool,
    pub progress: Progress,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            jobs: None,
            drafts: false,
            progress: Progress::Quiet,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub episodes: usize,
    pub topics: usize,
    pub pages: usize,
    /// Sorted: by file, then line.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl BuildReport {
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn summary(&self) -> String {
        format!(
            "Built {} episodes, {} topics, {} pages, {} warnings, {} errors in {:.2} s -> {}",
            self.episodes,
            self.topics,
            self.pages,
            self.warnings(),
            self.errors(),
            self.elapsed.as_secs_f64(),
            self.output.display()
        )
    }
}

/// What a file turned into once read.
enum Content {
    Transcript(Transcript),
    Notes(Box<ShowNotes>),
}

struct Reporter {
    mode: Progress,
    bar: Option<indicatif::ProgressBar>,
}

impl Reporter {
    fn new(mode: Progress) -> Self {
        let bar = (mode == Progress::Bar).then(|| {
            let b = indicatif::ProgressBar::new(7);
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            b
        });
        Reporter { mode, bar }
    }
    fn stage(&self, msg: String) {
        match (&self.bar, self.mode) {
            (Some(b), _) => {
                b.inc(1);
                b.set_message(msg);
            }
            (None, Progress::Lines) => eprintln!("  {msg}"),
            _ => {}
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Builds the site in `opts.root`. File-level problems are reported in the returned
/// diagnostics (the file is skipped, the rest is built); an `Err` means nothing was
/// written and the previous site is untouched.
pub fn build_site(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (config, content) = prepare(opts)?;
    let output = opts.output.clone().unwrap_or_else(|| opts.root.join(&config.output_dir));
    let theme_dir = opts.root.join("themes").join(&config.theme);
    write::check_output_path(
        &output,
        &[
            ("site root", &opts.root),
            ("content folder", &content),
            ("theme", &theme_dir),
            ("templates folder", &opts.root.join("templates")),
            ("static folder", &opts.root.join("static")),
        ],
    )
    .map_err(BuildError::UnsafeOutput)?;
    // One build at a time per output folder; a build killed mid-swap is repaired first.
    let _lock = write::OutputLock::acquire(&output, |lock| {
        eprintln!(
            "note: another shownotes build is writing {}; waiting for it to finish (lock file {})",
            output.display(),
            lock.display()
        )
    })
    .map_err(|e| BuildError::Io { context: format!("locking {}", output.display()), source: e })?;
    let restored = write::recover(&output)
        .map_err(|e| BuildError::Io { context: format!("tidying up next to {}", output.display()), source: e })?;
    if let Some(from) = restored {
        eprintln!(
            "note: the previous site was missing (an earlier build was interrupted); restored it from {}",
            from.display()
        );
    }
    let theme = Theme::load(&opts.root, &config).map_err(BuildError::Template)?;
    let pool = thread_pool(opts)?;
    let reporter = Reporter::new(opts.progress);
    let built = pool.install(|| pipeline(&opts.root, &content, &config, &theme, &reporter, false))?;

    reporter.stage(format!("writing {} pages", built.pages.len()));
    let n_pages = built.pages.iter().filter(|p| p.path.extension().is_some_and(|e| e == "html")).count();
    write::write_site(&output, &built.pages, &theme.static_files)
        .map_err(|e| BuildError::Io { context: format!("writing {}", output.display()), source: e })?;
    reporter.finish();
    let mut diags = built.diagnostics;
    diags.sort();
    diags.dedup();
    Ok(BuildReport {
        output,
        episodes: built.episodes.len(),
        topics: built.topics,
        pages: n_pages,
        diagnostics: diags,
        elapsed: started.elapsed(),
    })
}

/// A site built in memory, nothing written: what `shownotes check` inspects.
pub struct SiteInMemory {
    pub config: Config,
    /// The content folder (diagnostics name files relative to it).
    pub content: PathBuf,
    /// Every file of the site but the static ones, relative to the output folder.
    pub pages: Vec<write::Page>,
    /// The theme's and site's static files: (path in the output, bytes).
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
    /// Newest first.
    pub episodes: Vec<crate::model::Episode>,
    /// What the build reports, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// What only a check reports: transcript and show-notes problems the build tolerates.
    pub findings: Vec<Diagnostic>,
}

/// Builds the site in memory (no lock, nothing written) and looks closer at the sources
/// than a build does.
pub fn build_in_memory(opts: &BuildOptions) -> Result<SiteInMemory, BuildError> {
    let (config, content) = prepare(opts)?;
    let theme = Theme::load(&opts.root, &config).map_err(BuildError::Template)?;
    let pool = thread_pool(opts)?;
    let reporter = Reporter::new(opts.progress);
    let built = pool.install(|| pipeline(&opts.root, &content, &config, &theme, &reporter, true))?;
    reporter.finish();
    let mut diagnostics = built.diagnostics;
    diagnostics.sort();
    diagnostics.dedup();
    Ok(SiteInMemory {
        config,
        content,
        pages: built.pages,
        static_files: theme.static_files,
        episodes: built.episodes,
        diagnostics,
        findings: built.findings,
    })
}

fn thread_pool(opts: &BuildOptions) -> Result<rayon::ThreadPool, BuildError> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = opts.jobs {
        pool = pool.num_threads(j.max(1));
    }
    pool.build().map_err(|e| BuildError::Threads(opts.jobs.unwrap_or(0), e.to_string()))
}

/// The site's settings with the command line's overrides, and its content folder.
fn prepare(opts: &BuildOptions) -> Result<(Config, PathBuf), BuildError> {
    let mut config = Config::load(&opts.root)?;
    for s in std::iter::once(&mut config.title).chain([&mut config.description]).chain(config.hosts.iter_mut()) {
        text::strip_controls_in(s);
    }
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    if opts.drafts {
        config.drafts = true;
    }
    let content = opts.root.join(&config.content_dir);
    if !content.is_dir() {
        return Err(BuildError::NoContent(content));
    }
    Ok((config, content))
}

/// What the pipeline makes.
struct Built {
    pages: Vec<write::Page>,
    episodes: Vec<crate::model::Episode>,
    topics: usize,
    diagnostics: Vec<Diagnostic>,
    findings: Vec<Diagnostic>,
}

/// The stages between reading and writing. `check` asks for a closer look at the sources
/// (`findings`), which a build skips.
fn pipeline(
    root: &Path,
    content: &Path,
    config: &Config,
    theme: &Theme,
    reporter: &Reporter,
    check: bool,
) -> Result<Built, BuildError> {
    let mut diags = Diagnostics::default();

    // discover + load
    let found = discover::discover(content, root, config.follow_symlinks)
        .map_err(|e| BuildError::Io { context: format!("reading {}", content.display()), source: e })?;
    diags.extend(found.diagnostics);
    let files = found.files;
    reporter.stage(format!("found {} files", files.len()));
    let loaded: Vec<(Option<Loaded<Content>>, Diagnostics)> =
        files.into_par_iter().map(|f| load(f, config.unsafe_html)).collect();
    let mut ok = Vec::new();
    for (l, d) in loaded {
        diags.extend(d);
        ok.extend(l);
    }

    // pair + parse metadata
    let groups = discover::pair(ok);
    let parsed: Vec<(Option<ParsedEpisode>, Diagnostics)> =
        groups.into_par_iter().map(|g| assemble(g, config)).collect();
    let mut episodes_in: Vec<ParsedEpisode> = Vec::new();
    for (p, d) in parsed {
        diags.extend(d);
        if let Some(p) = p {
            if p.meta.draft && !config.drafts {
                continue;
            }
            episodes_in.push(p);
        }
    }
    let mut episodes_in = reject_duplicates(episodes_in, &mut diags);
    reporter.stage(format!("parsed {} episodes", episodes_in.len()));
    resolve_audio(&mut episodes_in, config, theme, &mut diags);
    let findings = if check { crate::check::inspect_sources(&episodes_in, content, config) } else { Vec::new() };

    // topics.toml, then extraction over the whole catalogue
    let mut file_topics: Vec<KnownTopic> = Vec::new();
    let gpath = root.join(&config.topics_file);
    if gpath.is_file() {
        let text = std::fs::read_to_string(&gpath)
            .map_err(|e| BuildError::Io { context: format!("reading {}", gpath.display()), source: e })?;
        let mut entries = glossary::load_file(&gpath, &text).map_err(BuildError::Glossary)?;
        for k in &mut entries {
            text::strip_controls_in(&mut k.name);
            if let Some(d) = k.description.as_mut() {
                text::strip_controls_in(d);
            }
            if k.url.as_deref().is_some_and(|u| !crate::sanitize::is_safe_url(u)) {
                let u = k.url.take().unwrap_or_default();
                diags.warn(
                    &config.topics_file,
                    text.find(&u).map(|at| crate::config::line_of(&text, at)),
                    format!(
                        "url `{}` of topic `{}` dropped: only http, https, mailto and relative links are published",
                        text::strip_controls(&u),
                        k.name
                    ),
                );
            }
        }
        file_topics.extend(entries);
    }
    let Extracted { mut episodes, catalogue } =
        site::extract_site(episodes_in, config, file_topics, |msg| reporter.stage(msg));
    // Newest first: by number, then date, then slug (a total order, whatever is missing).
    episodes
        .sort_by(|a, b| b.number.cmp(&a.number).then_with(|| b.date.cmp(&a.date)).then_with(|| a.slug.cmp(&b.slug)));
    let topic_index = index::build(&mut episodes, &catalogue);
    reporter.stage(format!("indexed {} topics", topic_index.topics.len()));

    let pages = render::render_site(theme, config, &episodes, &topic_index).map_err(BuildError::Template)?;
    reporter.stage(format!("rendered {} files", pages.len()));
    Ok(Built { pages, topics: topic_index.topics.len(), episodes, diagnostics: diags.0, findings })
}

/// Each episode's audio: front matter, else `[podcast] audio_url`; the size of a file
/// the site publishes itself is measured.
fn resolve_audio(episodes: &mut [ParsedEpisode], config: &Config, theme: &Theme, diags: &mut Diagnostics) {
    let pattern = config.podcast.audio_url.as_deref().and_then(|p| crate::audio::Pattern::parse(p).ok());
    let local = |path: &str| {
        theme
            .static_files
            .iter()
            .find(|(p, _)| p.to_str().is_some_and(|s| s.replace('\\', "/") == path))
            .map(|(_, b)| b.len() as u64)
    };
    for p in episodes {
        let m = &p.meta;
        let ep = crate::audio::EpisodeAudio {
            url: m.audio_url.as_deref(),
            mime: m.audio_type.as_deref(),
            length: m.audio_length,
            number: m.number,
            slug: &m.slug,
            date: m.date.as_deref(),
        };
        let audio = crate::audio::resolve(&ep, config, pattern.as_ref(), &local, &p.sources[0], diags);
        p.meta.audio_url = audio.as_ref().map(|a| a.url.clone());
        p.meta.audio_type = audio.as_ref().and_then(|a| a.mime.clone());
        p.meta.audio_length = audio.and_then(|a| a.length);
    }
}

/// Reads and decodes one file and decides what it is.
fn load(file: discover::SourceFile, unsafe_html: bool) -> (Option<Loaded<Content>>, Diagnostics) {
    let mut d = Diagnostics::default();
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            d.error(&file.rel, None, format!("cannot read: {e}"));
            return (None, d);
        }
    };
    let text = match text::decode_file(&bytes) {
        Ok(decoded) => {
            if decoded.encoding == text::Encoding::Windows1252 {
                d.warn(
                    &file.rel,
                    None,
                    "not UTF-8; decoded as Windows-1252 (Latin-1). Save it as UTF-8 to silence this",
                );
            }
            if decoded.controls_removed > 0 {
                d.warn(
                    &file.rel,
                    decoded.first_control_line,
                    format!(
                        "{} control character{} (NUL, escape, ...) removed; the first is on this line",
                        decoded.controls_removed,
                        if decoded.controls_removed == 1 { "" } else { "s" }
                    ),
                );
            }
            decoded.text
        }
        Err(e) => {
            d.error(&file.rel, None, e.to_string());
            return (None, d);
        }
    };
    let (role, content) = match file.kind {
        FileKind::Transcript(fmt) => {
            let (t, pd) = parse::parse_transcript(&file.rel, &text, fmt);
            d.extend(pd);
            match t {
                Some(t) => (Role::Transcript(fmt), Content::Transcript(t)),
                None => return (None, d),
            }
        }
        FileKind::Markdown if parse::markdown::looks_like_transcript(&text) => {
            let (t, pd) = parse::parse_transcript(&file.rel, &text, TranscriptFormat::Markdown);
            d.extend(pd);
            match t {
                Some(t) => (Role::Transcript(TranscriptFormat::Markdown), Content::Transcript(t)),
                None => return (None, d),
            }
        }
        FileKind::Markdown => match notes::parse(&file.rel, &text, &mut d, unsafe_html) {
            Some(n) => (Role::Notes, Content::Notes(Box::new(n))),
            None => return (None, d),
        },
    };
    (Some(Loaded { file, role, data: content }), d)
}

/// Parses an episode's files into metadata + content.
fn assemble(g: EpisodeFiles<Content>, config: &Config) -> (Option<ParsedEpisode>, Diagnostics) {
    let mut d = Diagnostics::default();
    let primary = g.primary().rel.clone();
    let folder_episode = g.transcript.is_some() && g.notes.is_some() && {
        let a = g.transcript.as_ref().unwrap().file.rel.parent();
        let b = g.notes.as_ref().unwrap().file.rel.parent();
        a == b
            && a.is_some_and(|p| !p.as_os_str().is_empty())
            && g.transcript.as_ref().unwrap().file.rel.file_stem() != g.notes.as_ref().unwrap().file.rel.file_stem()
    };
    for alt in &g.alternates {
        d.warn(&alt.rel, None, format!("another transcript of the episode in {}; using that one", primary.display()));
    }
    let mut sources = vec![];
    let transcript = g.transcript.map(|l| {
        sources.push(l.file.rel.clone());
        match l.data {
            Content::Transcript(t) => t,
            Content::Notes(_) => unreachable!("role says transcript"),
        }
    });
    let notes = g.notes.map(|l| {
        sources.push(l.file.rel.clone());
        match l.data {
            Content::Notes(n) => *n,
            Content::Transcript(_) => unreachable!("role says notes"),
        }
    });
    let meta =
        metadata::infer(transcript.as_ref(), notes.as_ref(), &primary, folder_episode, &config.hosts, &config.title);
    if meta.date.is_none() && transcript.is_some() {
        d.warn(&primary, None, "no recording date found (add `date = YYYY-MM-DD` front matter in the show notes)");
    }
    let topic_cues = transcript.as_ref().map_or(0, |t| topic_cue_count(&t.cues, &primary, &config.limits, &mut d));
    (Some(ParsedEpisode { meta, transcript, notes, sources, topic_cues }), d)
}

/// How many leading cues topic extraction reads: all of them, unless the transcript is
/// over one of the limits. Topic extraction needs memory in proportion to the distinct
/// phrases it reads, so one huge transcript of varied words could otherwise exhaust it;
/// the episode is still published in full.
fn topic_cue_count(cues: &[crate::model::Cue], path: &Path, limits: &Limits, d: &mut Diagnostics) -> usize {
    let mut bytes = 0usize;
    let mut cut = cues.len();
    for (i, c) in cues.iter().enumerate() {
        bytes += c.text.len() + 1;
        if i >= limits.topic_cues || bytes > limits.topic_text_bytes {
            cut = i;
            break;
        }
    }
    if cut < cues.len() {
        let total: usize = cues.iter().map(|c| c.text.len() + 1).sum();
        d.warn(
            path,
            Some(cues[cut].line),
            format!(
                "transcript too long for topic extraction ({} of text in {} cues; limits: [limits] topic_text_bytes = {}, topic_cues = {}): the whole episode is published, but its topics come from the {} cues before this line only",
                if total >= 1_000_000 { format!("{:.1} MB", total as f64 / 1e6) } else { format!("{} KB", total.div_ceil(1000)) },
                cues.len(),
                limits.topic_text_bytes,
                limits.topic_cues,
                cut
            ),
        );
    }
    cut
}

/// Two episodes may not share a number or a slug: the second is reported, naming both
/// files, and skipped.
fn reject_duplicates(eps: Vec<ParsedEpisode>, diags: &mut Diagnostics) -> Vec<ParsedEpisode> {
    let mut by_number: rustc_hash::FxHashMap<u32, PathBuf> = Default::default();
    let mut by_slug: rustc_hash::FxHashMap<String, PathBuf> = Default::default();
    let mut out = Vec::with_capacity(eps.len());
    for p in eps {
        let path = p.sources[0].clone();
        if let Some(n) = p.meta.number {
            if let Some(first) = by_number.get(&n) {
                diags.error(
                    &path,
                    None,
                    format!("duplicate episode number {n}: also claimed by {}; this file is skipped", first.display()),
                );
                continue;
            }
        }
        if let Some(first) = by_slug.get(&p.meta.slug) {
            diags.error(
                &path,
                None,
                format!(
                    "duplicate slug `{}`: also used by {}; this file is skipped (set `slug` in front matter)",
                    p.meta.slug,
                    first.display()
                ),
            );
            continue;
        }
        if let Some(n) = p.meta.number {
            by_number.insert(n, path.clone());
        }
        by_slug.insert(p.meta.slug.clone(), path);
        out.push(p);
    }
    out
}
