//! The build: runs every stage of the pipeline in order and writes the site.
//!
//! lock the output folder (and repair an interrupted build) -> episodes file -> discover
//! (content, else the sample folder) -> load (parallel) -> pair by file name -> episode
//! numbers (parallel) -> pair by number -> episodes-file rows -> metadata (parallel) ->
//! dates out of order ([`crate::dates`]) -> checks -> extract (topics, the catalogue of names, chapters, links:
//! [`crate::extract::site`]) -> topic index -> titles no one wrote ([`crate::titles`]) -> render (parallel), each file written to
//! the staging folder as it is made so memory does not grow with the site, beside the
//! search index ([`crate::search`]) -> swap the staging folder in.

use crate::cache::Cache;
use crate::config::{Config, ConfigError, Limits};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::discover::{self, EpisodeFiles, FileKind, Loaded, Role};
use crate::episodes_file::{EpisodesFile, EpisodesFileError, Row};
use crate::extract::glossary::{self, KnownTopic};
use crate::extract::index;
use crate::extract::site::{self, Extracted, ParsedEpisode};
use crate::metadata;
use crate::model::Transcript;
use crate::notes::{self, ShowNotes};
use crate::parse::{self, TranscriptFormat};
use crate::parse_memo::ParseMemo;
use crate::render::{self, Theme};
use crate::search;
use crate::text;
use crate::write::{self, Sink};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(
        "the content folder {} does not exist. Create it and put your transcripts and show notes in it, \
         or set `content_dir` in shownotes.toml to the folder that holds them",
        shown(.0).display()
    )]
    NoContent(PathBuf),
    #[error(transparent)]
    EpisodesFile(#[from] EpisodesFileError),
    #[error("{0}")]
    UnsafeOutput(String),
    #[error("{0}")]
    Template(String),
    #[error("{0} (topics.toml holds `[[topic]]` tables with name, aliases, url and description; see the guide's Topics chapter)")]
    Glossary(String),
    #[error("{0} (people.toml holds `[[person]]` tables with name, aliases, hide, img, url and bio; see the guide's People chapter)")]
    People(String),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error("{0}")]
    Search(String),
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
    /// The build cache's folder; `None`: beside the output folder ([`Cache::beside`]).
    pub cache: Option<PathBuf>,
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
            cache: None,
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
    /// False when [`build_site_unless`] held the site back: nothing was written.
    pub written: bool,
}

impl BuildReport {
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn summary(&self) -> String {
        let n = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        format!(
            "Built {}, {}, {}, {}, {} in {:.2} s -> {}",
            n(self.episodes, "episode"),
            n(self.topics, "topic"),
            n(self.pages, "page"),
            n(self.warnings(), "warning"),
            n(self.errors(), "error"),
            self.elapsed.as_secs_f64(),
            shown(&self.output).display()
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
    /// When the last stage ended: each line says how long its stage took.
    last: std::sync::Mutex<Instant>,
}

impl Reporter {
    fn new(mode: Progress) -> Self {
        let bar = (mode == Progress::Bar).then(|| {
            let b = indicatif::ProgressBar::new(8);
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            b
        });
        Reporter { mode, bar, last: std::sync::Mutex::new(Instant::now()) }
    }
    fn stage(&self, msg: String) {
        match (&self.bar, self.mode) {
            (Some(b), _) => {
                b.inc(1);
                b.set_message(msg);
            }
            (None, Progress::Lines) => {
                let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                eprintln!("  {msg} ({:.2} s)", (now - *last).as_secs_f64());
                *last = now;
            }
            _ => {}
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Diagnostics about files of `folder`, named by their paths in it, named as shown.
fn in_folder(folder: &Path, mut diags: Diagnostics) -> Diagnostics {
    let folder = shown(folder);
    for d in &mut diags.0 {
        d.path = folder.join(&d.path);
    }
    diags
}

/// A path as the user would type it: `content/x.txt` rather than `./content/x.txt`.
pub fn shown(p: &Path) -> PathBuf {
    p.strip_prefix(".").map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf())
}

/// Builds the site in `opts.root`. File-level problems are reported in the returned
/// diagnostics (the file is skipped, the rest is built); an `Err` means nothing was
/// written and the previous site is untouched.
pub fn build_site(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_site_unless(opts, |_| false)
}

/// [`build_site`], but `hold` sees the build's diagnostics (sorted) before anything is
/// written and may keep the previous site: `shownotes serve` keeps serving the last good
/// pages while a change has broken a file. [`BuildReport::written`] says which happened.
pub fn build_site_unless(
    opts: &BuildOptions,
    hold: impl FnOnce(&[Diagnostic]) -> bool,
) -> Result<BuildReport, BuildError> {
    build_site_keeping(opts, hold, false).map(|(report, _)| report)
}

/// What `shownotes serve` keeps of its last written build, to show a saved episode at
/// once (src/serve/quick.rs): the settings and theme it was built with, the folder its
/// episodes were read from, the episodes (newest first), the topic index, the people,
/// and what extraction knew of the whole catalogue.
pub(crate) struct Memory {
    pub config: Config,
    pub theme: Theme,
    pub folder: PathBuf,
    pub episodes: Vec<crate::model::Episode>,
    pub index: index::TopicIndex,
    pub people: crate::people::People,
    pub catalogue: crate::extract::catalogue::Catalogue,
    pub kept: site::Kept,
}

/// [`build_site_unless`], and with `keep`, once the site is written, its [`Memory`].
pub(crate) fn build_site_keeping(
    opts: &BuildOptions,
    hold: impl FnOnce(&[Diagnostic]) -> bool,
    keep: bool,
) -> Result<(BuildReport, Option<Memory>), BuildError> {
    let started = Instant::now();
    let (config, content, sample) = prepare(opts)?;
    let output = opts.output.clone().unwrap_or_else(|| opts.root.join(&config.output_dir));
    let theme_dir = opts.root.join("themes").join(&config.theme);
    write::check_output_path(
        &output,
        &[
            ("site root", &opts.root),
            ("content folder", &content),
            ("sample folder", sample.as_deref().unwrap_or(&content)),
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
    // Each episode's extraction is kept in the cache too ([`crate::extract::memo`]).
    let cache = opts.cache.clone().map_or_else(|| Cache::beside(&output), Cache::in_folder);
    let mut built =
        pool.install(|| pipeline(&opts.root, &content, sample.as_deref(), &config, &theme, &cache, &reporter, keep))?;

    let mut diags = std::mem::take(&mut built.diagnostics);
    diags.sort();
    diags.dedup();
    let written = !hold(&diags);
    let mut pages = 0;
    if !written {
        // Nothing is written, but a broken template is still found and reported.
        pool.install(|| emit(&built, &config, &theme, &write::Discard, &Cache::off(), None, &reporter, false))?;
    } else {
        // Rendered straight into the staging folder: memory does not grow with the site.
        let io_err = |e| BuildError::Io { context: format!("writing {}", output.display()), source: e };
        let staging = write::Staging::begin(&output).map_err(io_err)?;
        let tap = crate::feedcheck::Tap::new(&staging);
        let tally = crate::size::Tally::new(&tap);
        for f in &theme.static_files {
            tally.add(f.len);
            match &f.source {
                render::StaticSource::Builtin(bytes) => {
                    staging.put(write::Page { path: f.path.clone(), content: bytes.to_vec() })
                }
                // Streamed: a site's static files (its audio) may be gigabytes.
                render::StaticSource::File(from) => staging.copy_file(&f.path, from),
            }
            .map_err(io_err)?;
        }
        let huge;
        // Each episode's files, when made from the same context as last time, are taken
        // from the site being replaced ([`render::reuse`]).
        let reuse = render::reuse::Reuse::new(&cache, &output, &config, &theme);
        (pages, huge) =
            pool.install(|| emit(&built, &config, &theme, &tally, &cache, Some(&reuse), &reporter, true))?;
        diags.extend(huge_warnings(&output, &huge));
        // The marker file `finish` writes is one more.
        let (files, bytes) = tally.totals();
        diags.extend(crate::size::warnings(&shown(&output), files + 1, bytes, &config.output));
        diags.extend(tap.warning_kept(&opts.root, &cache));
        diags.sort();
        staging.finish().map_err(io_err)?;
        cache.prune();
        diags.extend(cache.take_warnings());
        reporter.stage("site swapped in".to_string());
    }
    reporter.finish();
    let report = BuildReport {
        written,
        output,
        episodes: built.episodes.len(),
        topics: built.index.topics.len(),
        pages,
        diagnostics: diags,
        elapsed: started.elapsed(),
    };
    let memory = match (written, built.catalogue, built.kept) {
        (true, Some(catalogue), Some(kept)) => Some(Memory {
            config,
            theme,
            folder: built.folder,
            episodes: built.episodes,
            index: built.index,
            people: built.people,
            catalogue,
            kept,
        }),
        _ => None,
    };
    Ok((report, memory))
}

/// A site built in memory, nothing written: what `shownotes check` inspects.
pub struct SiteInMemory {
    pub config: Config,
    /// The content folder (diagnostics name files relative to it).
    pub content: PathBuf,
    /// Every file of the site but the static ones, relative to the output folder.
    pub pages: Vec<write::Page>,
    /// The theme's and site's static files.
    pub static_files: Vec<render::StaticFile>,
    /// Newest first.
    pub episodes: Vec<crate::model::Episode>,
    /// What the build reports, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the site in memory (no lock, nothing written), for `check` to look over.
pub fn build_in_memory(opts: &BuildOptions) -> Result<SiteInMemory, BuildError> {
    let (config, content, sample) = prepare(opts)?;
    let theme = Theme::load(&opts.root, &config).map_err(BuildError::Template)?;
    let pool = thread_pool(opts)?;
    let reporter = Reporter::new(opts.progress);
    let built = pool.install(|| {
        pipeline(&opts.root, &content, sample.as_deref(), &config, &theme, &Cache::off(), &reporter, false)
    })?;
    let pages = write::Collect::default();
    let (_, huge) = pool.install(|| emit(&built, &config, &theme, &pages, &Cache::off(), None, &reporter, false))?;
    reporter.finish();
    let mut diagnostics = built.diagnostics;
    let output = opts.output.clone().unwrap_or_else(|| opts.root.join(&config.output_dir));
    diagnostics.extend(huge_warnings(&output, &huge));
    let pages = pages.into_pages();
    let feed = pages.iter().find(|p| p.path == Path::new("feed.xml"));
    diagnostics.extend(crate::feedcheck::build_warning(&opts.root, feed.map(|p| p.content.as_slice())));
    diagnostics.sort();
    diagnostics.dedup();
    Ok(SiteInMemory { config, content, pages, static_files: theme.static_files, episodes: built.episodes, diagnostics })
}

fn thread_pool(opts: &BuildOptions) -> Result<rayon::ThreadPool, BuildError> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = opts.jobs {
        pool = pool.num_threads(j.max(1));
    }
    pool.build().map_err(|e| BuildError::Threads(opts.jobs.unwrap_or(0), e.to_string()))
}

/// The site's settings with the command line's overrides, and its content folder.
fn prepare(opts: &BuildOptions) -> Result<(Config, PathBuf, Option<PathBuf>), BuildError> {
    let mut config = Config::load(&opts.root)?;
    for s in std::iter::once(&mut config.title).chain([&mut config.description]).chain(config.hosts.iter_mut()) {
        text::strip_controls_in(s);
    }
    if let Some(b) = &opts.base_url {
        // Checked here rather than by clap, as shownotes.toml's is when it is read.
        if let Some(why) = crate::config::base_url_problem(b) {
            return Err(ConfigError::Invalid { path: "--base-url".into(), message: why }.into());
        }
        config.base_url = b.clone();
    }
    if opts.drafts {
        config.drafts = true;
    }
    let content = opts.root.join(&config.content_dir);
    let sample =
        (!config.sample_dir.as_os_str().is_empty()).then(|| opts.root.join(&config.sample_dir)).filter(|s| s.is_dir());
    if !content.is_dir() && sample.is_none() {
        return Err(BuildError::NoContent(content));
    }
    Ok((config, content, sample))
}

/// What the pipeline makes before rendering.
struct Built {
    /// Newest first.
    episodes: Vec<crate::model::Episode>,
    index: index::TopicIndex,
    people: crate::people::People,
    diagnostics: Vec<Diagnostic>,
    /// The folder the episodes were read from.
    folder: PathBuf,
    /// Kept for `shownotes serve` ([`Memory`]) when asked.
    catalogue: Option<crate::extract::catalogue::Catalogue>,
    kept: Option<site::Kept>,
}

/// An episode as `shownotes import` sees it: its files, and its number where one is known.
#[derive(Debug, Clone)]
pub struct EpisodeOnDisk {
    /// The file it is named after (the transcript, else the show notes), relative to the
    /// content folder.
    pub file: PathBuf,
    /// The name its title would come from (the file's stem, or its folder's name).
    pub stem: String,
    pub number: Option<u32>,
}

/// The site's episodes, read and numbered as the build numbers them (no extraction), and
/// its settings: what `shownotes import` pairs feed items with.
pub fn episodes_on_disk(root: &Path) -> Result<(Config, Vec<EpisodeOnDisk>), BuildError> {
    let (config, content, sample) = prepare(&BuildOptions::new(root))?;
    let (mut diags, mut site_diags) = (Diagnostics::default(), Diagnostics::default());
    let episodes_file = EpisodesFile::find(root, &config.episodes_file, &mut site_diags)?;
    let reporter = Reporter::new(Progress::Quiet);
    let (_, groups) = read_episodes(
        root,
        &content,
        sample.as_deref(),
        &config,
        episodes_file.as_ref(),
        &mut diags,
        &mut site_diags,
        &reporter,
        None,
    )?;
    let found = groups
        .into_iter()
        .map(|(g, number)| {
            let file = g.primary().rel.clone();
            EpisodeOnDisk { stem: metadata::stem_of(&file, folder_episode(&g)), file, number }
        })
        .collect();
    Ok((config, found))
}

/// The stages between reading and writing.
#[allow(clippy::too_many_arguments)]
fn pipeline(
    root: &Path,
    content: &Path,
    sample: Option<&Path>,
    config: &Config,
    theme: &Theme,
    cache: &Cache,
    reporter: &Reporter,
    keep: bool,
) -> Result<Built, BuildError> {
    // Diagnostics about content files, with paths relative to the folder they are in,
    // and about site files (paths as shown).
    let mut diags = Diagnostics::default();
    let mut site_diags = Diagnostics::default();
    let episodes_file = EpisodesFile::find(root, &config.episodes_file, &mut site_diags)?;

    let memo = ParseMemo::new(cache);
    let (folder, groups) = read_episodes(
        root,
        content,
        sample,
        config,
        episodes_file.as_ref(),
        &mut diags,
        &mut site_diags,
        reporter,
        Some(&memo),
    )?;
    let folder_shown = shown(folder);
    let mut used = vec![false; episodes_file.as_ref().map_or(0, |f| f.rows.len())];
    let with_rows: Vec<(EpisodeFiles<Content>, Option<u32>, Option<&Row>)> = groups
        .into_iter()
        .map(|(g, n)| {
            let found = episodes_file
                .as_ref()
                .and_then(|f| f.for_files(group_files(&g)).or_else(|| n.and_then(|n| f.for_number(n))));
            if let Some((i, _)) = found {
                used[i] = true;
            }
            (g, n, found.map(|r| r.1))
        })
        .collect();
    if let Some(f) = &episodes_file {
        f.report_unused(&used, &shown(&f.path), &mut site_diags);
    }
    let parsed: Vec<(Option<ParsedEpisode>, Diagnostics)> =
        with_rows.into_par_iter().map(|(g, n, row)| assemble(g, n, row, config, &folder_shown)).collect();
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
    let mut episodes_in = reject_duplicates(episodes_in, &folder_shown, &mut diags);
    if episodes_in.is_empty() {
        site_diags.warn(
            &shown(content),
            None,
            "no episodes: there is no transcript or show notes that could be read in this folder, so the site is empty; put your episodes in it (.txt, .vtt, .srt or .md; drafts are built with --drafts), or set `content_dir` in shownotes.toml to the folder that holds them",
        );
    }
    let (taken, parsed) = memo.counts();
    let (unread, read) = memo.transcript_counts();
    let mut kept = Vec::new();
    if taken > 0 {
        kept.push(format!("show notes of {taken} of {} files taken from the cache", taken + parsed));
    }
    if unread > 0 {
        kept.push(format!("transcripts of {unread} of {} files not read: their stats unchanged", unread + read));
    }
    reporter.stage(if kept.is_empty() {
        format!("parsed {} episodes", episodes_in.len())
    } else {
        format!("parsed {} episodes ({})", episodes_in.len(), kept.join("; "))
    });
    crate::dates::drop_out_of_order(&mut episodes_in, &mut diags);
    resolve_audio(&mut episodes_in, config, theme, &mut diags);
    // The same rules, severities and paths in `build` and `check`.
    diags.0.extend(crate::rules::inspect_sources(&episodes_in, folder, config));
    for d in &mut diags.0 {
        d.path = folder_shown.join(&d.path);
    }
    diags.extend(site_diags);

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
    // people.toml's names are people of the show: no topics.
    let people_file = load_people(root, config)?;
    let people_names: Vec<String> =
        people_file.iter().flat_map(|p| std::iter::once(&p.name).chain(&p.aliases)).cloned().collect();
    let (Extracted { mut episodes, catalogue, .. }, kept) = site::extract_site_keeping(
        episodes_in,
        config,
        file_topics,
        &people_names,
        cache,
        |msg| reporter.stage(msg),
        keep,
    );
    metadata::sort_newest_first(&mut episodes);
    let topic_index = index::build(&mut episodes, &catalogue);
    crate::titles::finish(&mut episodes, &topic_index);
    reporter.stage(format!("indexed {} topics", topic_index.topics.len()));
    let people = crate::people::resolve(&mut episodes, &catalogue, &config.hosts, &people_file);
    reporter.stage(format!("found {} hosts and guests", people.people.len()));

    Ok(Built {
        index: topic_index,
        episodes,
        people,
        diagnostics: diags.0,
        folder: folder.to_path_buf(),
        catalogue: keep.then_some(catalogue),
        kept,
    })
}

/// `people.toml`, when the site has one.
fn load_people(root: &Path, config: &Config) -> Result<Vec<crate::people::PersonEntry>, BuildError> {
    let path = root.join(&config.people_file);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| BuildError::Io { context: format!("reading {}", path.display()), source: e })?;
    let mut entries = crate::people::load_file(&shown(&path), &text).map_err(BuildError::People)?;
    for p in &mut entries {
        for s in std::iter::once(&mut p.name).chain(p.aliases.iter_mut()).chain(p.bio.as_mut()) {
            text::strip_controls_in(s);
        }
        // Like a topic's url: only links a reader may safely follow are published.
        for u in [&mut p.url, &mut p.img] {
            if u.as_deref().is_some_and(|u| !crate::sanitize::is_safe_url(u)) {
                *u = None;
            }
        }
    }
    Ok(entries)
}

/// An episode's files with its number.
type Numbered = (EpisodeFiles<Content>, Option<u32>);

/// The site's episodes as files on disk, numbered: discover (the content folder, else
/// the sample folder), load (parallel), pair by file name, number each episode, pair by
/// number. Returns the folder read.
#[allow(clippy::too_many_arguments)]
fn read_episodes<'a>(
    root: &Path,
    content: &'a Path,
    sample: Option<&'a Path>,
    config: &Config,
    episodes_file: Option<&EpisodesFile>,
    diags: &mut Diagnostics,
    site_diags: &mut Diagnostics,
    reporter: &Reporter,
    memo: Option<&ParseMemo>,
) -> Result<(&'a Path, Vec<Numbered>), BuildError> {
    // discover + load. The sample folder is read only while the content folder has no
    // episode files, so a sample can never clash with a real episode.
    let mut folder = content;
    // What discovery says about the content folder is named from it even when the
    // sample folder is built instead (the others are named from the folder built).
    let mut files = if content.is_dir() {
        let found = discover::discover(content, root, config.follow_symlinks)
            .map_err(|e| BuildError::Io { context: format!("reading {}", content.display()), source: e })?;
        site_diags.extend(in_folder(content, found.diagnostics));
        found.files
    } else {
        Vec::new()
    };
    if let Some(sample) = sample.filter(|_| files.is_empty()) {
        folder = sample;
        let found = discover::discover(sample, root, config.follow_symlinks)
            .map_err(|e| BuildError::Io { context: format!("reading {}", sample.display()), source: e })?;
        site_diags.extend(in_folder(sample, found.diagnostics));
        files = found.files;
    }
    reporter.stage(format!("found {} files", files.len()));
    if let Some(m) = memo {
        m.begin(folder);
    }
    let loaded: Vec<(Option<Loaded<Content>>, Diagnostics)> =
        files.into_par_iter().map(|f| load(f, config.unsafe_html, config.limits.file_bytes, memo)).collect();
    if let Some(m) = memo {
        m.finish();
    }
    let mut ok = Vec::new();
    for (l, d) in loaded {
        diags.extend(d);
        ok.extend(l);
    }

    // pair by file names, number every episode, pair again by number, then metadata
    let groups = discover::pair(ok);
    let numbers: Vec<Option<u32>> = groups
        .par_iter()
        .map(|g| {
            let row = episodes_file.and_then(|f| f.for_files(group_files(g)).map(|r| r.1));
            metadata::episode_number(transcript_of(g), notes_of(g), row, &stems(g))
        })
        .collect();
    Ok((folder, discover::pair_by_number(groups, numbers)))
}

/// A warning for each file of the site over [`render::HUGE_FILE`] bytes, saying what
/// makes such a file and how to shrink it.
fn huge_warnings(output: &Path, huge: &[(PathBuf, usize)]) -> Vec<Diagnostic> {
    huge.iter()
        .map(|(path, bytes)| {
            let p = path.to_string_lossy().replace('\\', "/");
            let fix = if p == "feed.xml" {
                "the show's feed holds every episode's full show notes: shorten the longest show notes (or link to long text instead of pasting it)"
            } else if p.starts_with("topics/") && p.ends_with("/feed.xml") {
                "a topic's feed holds its newest episodes: lower `[feed] topic_feed_items` in shownotes.toml"
            } else {
                "an episode's show notes or transcript is this large: shorten or split it"
            };
            Diagnostic::warning(
                &shown(output).join(path),
                None,
                format!(
                    "this file of the site is {:.1} MB (over {} MB), slow for every reader to load; {fix}",
                    *bytes as f64 / 1e6,
                    render::HUGE_FILE / 1_000_000
                ),
            )
        })
        .collect()
}

/// Renders every file of the site into `sink` as it is made (nothing is held), beside the
/// search index (`with_search`): the index reads the episodes, not the pages. `check`
/// reads the pages only, and a held build writes nothing, so neither builds an index.
/// Returns the number of HTML pages and the files over [`render::HUGE_FILE`] bytes.
#[allow(clippy::too_many_arguments)]
fn emit(
    built: &Built,
    config: &Config,
    theme: &Theme,
    sink: &dyn Sink,
    cache: &Cache,
    reuse: Option<&render::reuse::Reuse>,
    reporter: &Reporter,
    with_search: bool,
) -> Result<(usize, Vec<(PathBuf, usize)>), BuildError> {
    let previous = reuse.map(render::reuse::Reuse::previous);
    let (rendered, search) = rayon::join(
        || render::render_site_reusing(theme, config, &built.episodes, &built.index, &built.people, sink, reuse),
        || {
            (config.search.enabled && with_search)
                .then(|| search::build(config, &built.episodes, cache, previous, sink))
                .transpose()
        },
    );
    let rendered = rendered.map_err(BuildError::Template)?;
    let search = search.map_err(BuildError::Search)?;
    match &search {
        Some(index) => reporter.stage(format!(
            "rendered {} files{} beside a search index of {} ({} of its {} parts from the cache: {})",
            rendered.files,
            reused_note(&rendered, built.episodes.len()),
            index.files,
            index.found,
            index.sought,
            if index.kept {
                "the search script, and the whole index kept from the last build, nothing in it changed".to_string()
            } else {
                format!(
                    "each episode's words, and the search script; {} of its {} word chunks unchanged",
                    index.chunks_unchanged, index.chunks
                )
            }
        )),
        None => {
            reporter.stage(format!("rendered {} files{}", rendered.files, reused_note(&rendered, built.episodes.len())))
        }
    }
    Ok((rendered.pages, rendered.huge))
}

/// What the progress line says of the episodes whose files were not made again.
fn reused_note(rendered: &render::Rendered, episodes: usize) -> String {
    let mut note = match rendered.reused {
        0 => String::new(),
        n => format!(" (the files of {n} of {episodes} episodes taken from the previous site)"),
    };
    if let (kept @ 1.., made) = rendered.kept {
        note.push_str(&format!(" ({kept} of {made} topic pages and feeds kept: their context unchanged)"));
    }
    note
}

/// Each episode's audio: front matter, else `[podcast] audio_url`; the size of a file
/// the site publishes itself is measured.
fn resolve_audio(episodes: &mut [ParsedEpisode], config: &Config, theme: &Theme, diags: &mut Diagnostics) {
    let pattern = config.podcast.audio_url.as_deref().and_then(|p| crate::audio::Pattern::parse(p).ok());
    let local = |path: &str| {
        theme.static_files.iter().find(|f| f.path.to_str().is_some_and(|s| s.replace('\\', "/") == path)).map(|f| f.len)
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

/// The episode made of the files `sources` (relative to [`Memory::folder`]) read and
/// parsed again as the build reads them, for `shownotes serve`'s quick path: `None` when
/// they no longer make exactly one episode, or a file is neither a plain file nor a
/// symbolic link the build follows ([`discover::discover`]'s rule: to a file inside the
/// site or content folder, or anywhere with `follow_symlinks`). Diagnostics are named
/// as the build names them.
pub(crate) fn reparse(root: &Path, memory: &Memory, sources: &[PathBuf]) -> (Option<ParsedEpisode>, Diagnostics) {
    let config = &memory.config;
    let mut d = Diagnostics::default();
    let mut site_diags = Diagnostics::default();
    let Ok(episodes_file) = EpisodesFile::find(root, &config.episodes_file, &mut site_diags) else {
        return (None, d);
    };
    let inside: Vec<PathBuf> = [root, memory.folder.as_path()].iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut loaded = Vec::new();
    for rel in sources {
        let path = memory.folder.join(rel);
        let followed = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_file() => true,
            Ok(m) if m.file_type().is_symlink() => path
                .canonicalize()
                .is_ok_and(|t| t.is_file() && (config.follow_symlinks || inside.iter().any(|i| t.starts_with(i)))),
            _ => false,
        };
        if !followed {
            return (None, d);
        }
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let kind = match ext.as_str() {
            "txt" => FileKind::Transcript(TranscriptFormat::Text),
            "vtt" => FileKind::Transcript(TranscriptFormat::Vtt),
            "srt" => FileKind::Transcript(TranscriptFormat::Srt),
            "md" | "markdown" => FileKind::Markdown,
            _ => return (None, d),
        };
        let file = discover::SourceFile { path, rel: rel.clone(), kind };
        let (l, ld) = load(file, config.unsafe_html, config.limits.file_bytes, None);
        d.extend(ld);
        match l {
            Some(l) => loaded.push(l),
            None => return (None, in_folder(&memory.folder, d)),
        }
    }
    let groups = discover::pair(loaded);
    let numbers: Vec<Option<u32>> = groups
        .iter()
        .map(|g| {
            let row = episodes_file.as_ref().and_then(|f| f.for_files(group_files(g)).map(|r| r.1));
            metadata::episode_number(transcript_of(g), notes_of(g), row, &stems(g))
        })
        .collect();
    let mut groups = discover::pair_by_number(groups, numbers);
    if groups.len() != 1 {
        return (None, in_folder(&memory.folder, d));
    }
    let (g, n) = groups.remove(0);
    let row = episodes_file
        .as_ref()
        .and_then(|f| f.for_files(group_files(&g)).or_else(|| n.and_then(|n| f.for_number(n))))
        .map(|r| r.1);
    let (p, ad) = assemble(g, n, row, config, &shown(&memory.folder));
    d.extend(ad);
    let mut eps: Vec<ParsedEpisode> = p.into_iter().collect();
    resolve_audio(&mut eps, config, &memory.theme, &mut d);
    (eps.pop(), in_folder(&memory.folder, d))
}

/// A content file read no further than it needs to be.
enum Bounded {
    Bytes(Vec<u8>),
    /// Over the limit: its size, when the file system tells it, else `None` (more than
    /// the limit was read).
    TooBig(Option<u64>),
    /// Its first bytes are not text.
    NotText(text::DecodeError),
}

/// Reads a transcript or show notes: at most `limit + 1` bytes, and only the first
/// [`text::SNIFF`] of a binary file, so neither a huge file nor one of NUL bytes is read
/// whole.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Bounded> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // The size says "too big" before a byte is read (a pipe or /proc file says 0).
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Bounded::TooBig(Some(size)));
    }
    let mut r = file.take(limit.saturating_add(1));
    let mut bytes = Vec::with_capacity(size.min(limit) as usize);
    (&mut r).take(text::SNIFF as u64 + 3).read_to_end(&mut bytes)?;
    if let Err(e) = text::sniff(&bytes) {
        return Ok(Bounded::NotText(e));
    }
    r.read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Bounded::TooBig(None));
    }
    Ok(Bounded::Bytes(bytes))
}

/// Bytes as people read them: `740 KB`, `6.0 GB`.
pub(crate) fn size_shown(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{} KB", b.div_ceil(1000)),
    }
}

/// Reads and decodes one file and decides what it is.
fn load(
    file: discover::SourceFile,
    unsafe_html: bool,
    limit: u64,
    memo: Option<&ParseMemo>,
) -> (Option<Loaded<Content>>, Diagnostics) {
    // An unchanged transcript (its stat as the last build listed it) is not read at all.
    let stat = memo.and_then(|_| crate::parse_memo::Stat::of(&file.path));
    if let (Some(m), Some(s)) = (memo, stat.filter(|s| s.size <= limit)) {
        let fmt = match file.kind {
            FileKind::Transcript(f) => f,
            FileKind::Markdown => TranscriptFormat::Markdown,
        };
        if let Some((t, warnings)) = m.transcript_by_stat(&file.rel, &s, fmt) {
            return (
                Some(Loaded { file, role: Role::Transcript(fmt), data: Content::Transcript(t) }),
                Diagnostics(warnings),
            );
        }
    }
    let mut d = Diagnostics::default();
    let bytes = match read_bounded(&file.path, limit) {
        Ok(Bounded::Bytes(b)) => b,
        Ok(Bounded::TooBig(size)) => {
            d.warn(
                &file.rel,
                None,
                format!(
                    "file too big for a transcript or show notes ({}; the limit is [limits] file_bytes = {limit}); it is skipped and the rest of the site is built (split it, or raise `file_bytes` under `[limits]` in shownotes.toml)",
                    size.map_or_else(|| format!("more than {}", size_shown(limit)), size_shown)
                ),
            );
            return (None, d);
        }
        Ok(Bounded::NotText(e)) => {
            d.error(&file.rel, None, e.to_string());
            return (None, d);
        }
        Err(e) => {
            d.error(&file.rel, None, format!("cannot read this file: {e}; it is skipped (check that you may read it)"));
            return (None, d);
        }
    };
    let text = match text::decode_file(&bytes) {
        Ok(decoded) => {
            if decoded.encoding == text::Encoding::Windows1252 {
                d.warn(
                    &file.rel,
                    None,
                    "not UTF-8; decoded as Windows-1252 (Latin-1): check its accented letters, and save it as UTF-8 to silence this",
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
                Some(t) => {
                    if let Some(m) = memo {
                        m.keep_transcript(&file.rel, stat, &bytes, fmt, &t, &d.0);
                    }
                    (Role::Transcript(fmt), Content::Transcript(t))
                }
                None => return (None, d),
            }
        }
        FileKind::Markdown if parse::markdown::looks_like_transcript(&text) => {
            let (t, pd) = parse::parse_transcript(&file.rel, &text, TranscriptFormat::Markdown);
            d.extend(pd);
            match t {
                Some(t) => {
                    if let Some(m) = memo {
                        m.keep_transcript(&file.rel, stat, &bytes, TranscriptFormat::Markdown, &t, &d.0);
                    }
                    (Role::Transcript(TranscriptFormat::Markdown), Content::Transcript(t))
                }
                None => return (None, d),
            }
        }
        FileKind::Markdown => {
            match notes::parse_kept(&file.rel, &text, &mut d, unsafe_html, memo.map(|m| (m, &bytes[..]))) {
                Some(n) => (Role::Notes, Content::Notes(Box::new(n))),
                None => return (None, d),
            }
        }
    };
    (Some(Loaded { file, role, data: content }), d)
}

fn transcript_of(g: &EpisodeFiles<Content>) -> Option<&Transcript> {
    match g.transcript.as_ref().map(|l| &l.data) {
        Some(Content::Transcript(t)) => Some(t),
        _ => None,
    }
}

fn notes_of(g: &EpisodeFiles<Content>) -> Option<&ShowNotes> {
    match g.notes.as_ref().map(|l| &l.data) {
        Some(Content::Notes(n)) => Some(n),
        _ => None,
    }
}

/// The episode's files, relative to the content folder.
fn group_files<T>(g: &EpisodeFiles<T>) -> impl Iterator<Item = &Path> {
    g.transcript.iter().chain(g.notes.iter()).map(|l| l.file.rel.as_path())
}

/// An episode with a folder of its own: a transcript and notes with different names,
/// side by side in a folder holding nothing else (`042/transcript.vtt`, `042/notes.md`).
fn folder_episode<T>(g: &EpisodeFiles<T>) -> bool {
    let (Some(t), Some(n)) = (&g.transcript, &g.notes) else { return false };
    let (a, b) = (t.file.rel.parent(), n.file.rel.parent());
    a == b && a.is_some_and(|p| !p.as_os_str().is_empty()) && t.file.rel.file_stem() != n.file.rel.file_stem()
}

/// The names an episode's number may be read from: its folder's (when it has one of
/// its own), the transcript's and the notes' file stems.
fn stems<T>(g: &EpisodeFiles<T>) -> Vec<String> {
    let mut out = Vec::new();
    if folder_episode(g) {
        out.push(metadata::stem_of(&g.primary().rel, true));
    }
    out.extend(group_files(g).map(|p| metadata::stem_of(p, false)));
    out
}

/// Parses an episode's files into metadata + content.
fn assemble(
    g: EpisodeFiles<Content>,
    number: Option<u32>,
    row: Option<&Row>,
    config: &Config,
    folder: &Path,
) -> (Option<ParsedEpisode>, Diagnostics) {
    let mut d = Diagnostics::default();
    let primary = g.primary().rel.clone();
    let stem = metadata::stem_of(&primary, folder_episode(&g));
    for alt in &g.alternates {
        d.warn(
            &alt.rel,
            None,
            format!(
                "another transcript of this episode is used instead: {} (a better format); this file is not used (delete it, or move it out of the content folder, to silence this)",
                folder.join(&primary).display()
            ),
        );
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
    let meta = metadata::infer(transcript.as_ref(), notes.as_ref(), row, number, &stem, &config.hosts, &config.title);
    if meta.date.is_none() && transcript.is_some() {
        d.warn(
            &primary,
            None,
            "no recording date found (nothing like \"recorded May 3, 2022\" in the introduction): set it with a `date` column in episodes.csv, or `date = YYYY-MM-DD` in the show notes' front matter",
        );
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
fn reject_duplicates(eps: Vec<ParsedEpisode>, folder: &Path, diags: &mut Diagnostics) -> Vec<ParsedEpisode> {
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
                    format!(
                        "duplicate episode number {n}: {} has it too, so this file is skipped. If the two are one episode, give them the same file name so they pair; otherwise give this one its own number (in its file name, a `number` column in episodes.csv, or `number =` in front matter)",
                        folder.join(first).display()
                    ),
                );
                continue;
            }
        }
        if let Some(first) = by_slug.get(&p.meta.slug) {
            diags.error(
                &path,
                None,
                format!(
                    "duplicate slug `{}` (the episode's page name): {} has it too, so this file is skipped; give one of them another slug (`slug` in front matter or episodes.csv)",
                    p.meta.slug,
                    folder.join(first).display()
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
