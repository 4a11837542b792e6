//! The build: runs every stage of the pipeline in order and writes the site.
//!
//! lock the output folder (and repair an interrupted build) -> discover -> load
//! (parallel) -> pair -> parse + metadata (parallel) -> checks ->
//! pass 1 candidate counts (parallel) -> site statistics -> pass 2 topics, chapters and
//! links (parallel) -> topic index -> render (parallel) -> write (staging + swap).

use crate::config::{Config, ConfigError, Limits};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::discover::{self, EpisodeFiles, FileKind, Loaded, Role};
use crate::extract::glossary::{self, fold, Glossary, KnownTopic};
use crate::extract::topics::{self, EpisodeInput, ExtraStops, SiteStats};
use crate::extract::{chapters, index, links};
use crate::metadata;
use crate::model::{Episode, Link, Transcript};
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

/// Everything known about one episode after parsing, before extraction.
struct Parsed {
    meta: metadata::Meta,
    transcript: Option<Transcript>,
    notes: Option<ShowNotes>,
    /// Source files, relative to the content folder.
    sources: Vec<PathBuf>,
    /// How many leading cues topic extraction reads (all but for a huge episode).
    topic_cues: usize,
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

    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = opts.jobs {
        pool = pool.num_threads(j.max(1));
    }
    let pool = pool.build().map_err(|e| BuildError::Threads(opts.jobs.unwrap_or(0), e.to_string()))?;
    let reporter = Reporter::new(opts.progress);
    let (pages, n_episodes, n_topics, mut diags) =
        pool.install(|| pipeline(&opts.root, &content, &config, &theme, &reporter))?;

    reporter.stage(format!("writing {} pages", pages.len()));
    let n_pages = pages.iter().filter(|p| p.path.extension().is_some_and(|e| e == "html")).count();
    write::write_site(&output, &pages, &theme.static_files)
        .map_err(|e| BuildError::Io { context: format!("writing {}", output.display()), source: e })?;
    reporter.finish();
    diags.sort();
    diags.dedup();
    Ok(BuildReport {
        output,
        episodes: n_episodes,
        topics: n_topics,
        pages: n_pages,
        diagnostics: diags,
        elapsed: started.elapsed(),
    })
}

type PipelineOut = (Vec<write::Page>, usize, usize, Vec<Diagnostic>);

fn pipeline(
    root: &Path,
    content: &Path,
    config: &Config,
    theme: &Theme,
    reporter: &Reporter,
) -> Result<PipelineOut, BuildError> {
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
    let parsed: Vec<(Option<Parsed>, Diagnostics)> = groups.into_par_iter().map(|g| assemble(g, config)).collect();
    let mut episodes_in: Vec<Parsed> = Vec::new();
    for (p, d) in parsed {
        diags.extend(d);
        if let Some(p) = p {
            if p.meta.draft && !config.drafts {
                continue;
            }
            episodes_in.push(p);
        }
    }
    let episodes_in = reject_duplicates(episodes_in, &mut diags);
    reporter.stage(format!("parsed {} episodes", episodes_in.len()));

    // known topics: the glossary file plus every show-notes item
    let mut known: Vec<KnownTopic> = Vec::new();
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
        known.extend(entries);
    }
    for p in &episodes_in {
        if let Some(n) = &p.notes {
            known.extend(glossary::from_note_items(&n.items));
        }
    }
    let glossary = Glossary::new(known);
    let site_stops = ExtraStops::new(
        std::iter::once(config.title.as_str())
            .chain(config.hosts.iter().map(String::as_str))
            .chain(config.topics.ignore.iter().map(String::as_str)),
    );

    // pass 1: what the whole catalogue says
    let no_cues = Vec::new();
    let counted: Vec<topics::Counted> = episodes_in
        .par_iter()
        .map(|p| {
            topics::count_candidates(
                p.transcript.as_ref().map(|t| &t.cues[..p.topic_cues]).unwrap_or(&no_cues),
                &site_stops,
                &glossary,
                config.topics.from_transcripts,
            )
        })
        .collect();
    let stats = SiteStats::new(&counted, glossary.topics.len());
    reporter.stage(format!("counted terms in {} episodes", stats.episodes));

    // pass 2: each episode's topics, chapters and links
    let mut episodes: Vec<Episode> = episodes_in
        .into_par_iter()
        .zip(counted.par_iter())
        .map(|(p, c)| finish_episode(p, c, &stats, &glossary, &site_stops, config))
        .collect();
    // Newest first: by number, then date, then slug (a total order, whatever is missing).
    episodes
        .sort_by(|a, b| b.number.cmp(&a.number).then_with(|| b.date.cmp(&a.date)).then_with(|| a.slug.cmp(&b.slug)));
    let topic_index = index::build(&mut episodes, &glossary);
    reporter.stage(format!("extracted {} topics", topic_index.topics.len()));

    let pages = render::render_site(theme, config, &episodes, &topic_index).map_err(BuildError::Template)?;
    reporter.stage(format!("rendered {} files", pages.len()));
    Ok((pages, episodes.len(), topic_index.topics.len(), diags.0))
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
fn assemble(g: EpisodeFiles<Content>, config: &Config) -> (Option<Parsed>, Diagnostics) {
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
    (Some(Parsed { meta, transcript, notes, sources, topic_cues }), d)
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
fn reject_duplicates(eps: Vec<Parsed>, diags: &mut Diagnostics) -> Vec<Parsed> {
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

fn finish_episode(
    p: Parsed,
    counted: &topics::Counted,
    stats: &SiteStats,
    glossary: &Glossary,
    site_stops: &ExtraStops,
    config: &Config,
) -> Episode {
    let Parsed { meta, transcript, notes, sources, topic_cues } = p;
    let mut cues = transcript.map(|t| t.cues).unwrap_or_default();
    metadata::canonical_speakers(&mut cues, &config.hosts);
    let people = ExtraStops::new(meta.hosts.iter().chain(meta.guests.iter()).map(String::as_str));
    let stops = site_stops.with(&people);
    let items = notes.as_ref().map(|n| n.items.clone()).unwrap_or_default();
    let input = EpisodeInput {
        cues: &cues[..topic_cues],
        items: &items,
        known_hits: &counted.known,
        stops: &stops,
        title: &meta.title,
        limit: config.topics.per_episode,
        from_transcripts: config.topics.from_transcripts,
    };
    let topics = topics::extract(&input, stats, glossary);

    // Chapters: from the items where the hosts listed them, else from the topics.
    let chapters = if items.is_empty() {
        chapters::from_topics(&topics)
    } else {
        let rows: Vec<chapters::ItemMentions> = items
            .iter()
            .map(|it| {
                let fk = fold(&glossary::item_name(&it.title));
                let t = topics.iter().find(|t| fold(&t.name) == fk);
                chapters::ItemMentions {
                    title: it.title.clone(),
                    url: it.url.clone(),
                    topic: t.map(|t| t.name.clone()),
                    mentions: t.map(|t| t.mentions.iter().map(|m| m.start).collect()).unwrap_or_default(),
                }
            })
            .collect();
        chapters::from_items(&rows)
    };

    // Links: show notes first (attached to their item), then those said aloud.
    let mut all_links: Vec<Link> = Vec::new();
    if let Some(n) = &notes {
        for (url, text) in &n.links {
            let topic = items.iter().find(|it| it.links.contains(url)).map(|it| glossary::item_name(&it.title));
            all_links.push(Link { url: url.clone(), text: text.clone(), start: None, topic });
        }
    }
    for mut l in links::transcript_links(&cues) {
        if all_links.iter().any(|x| same_url(&x.url, &l.url)) {
            continue;
        }
        l.topic = link_topic(&l, &topics, &chapters);
        all_links.push(l);
    }
    Episode {
        slug: meta.slug,
        number: meta.number,
        title: meta.title,
        date: meta.date,
        description: meta.description,
        hosts: meta.hosts,
        guests: meta.guests,
        duration: meta.duration,
        audio_url: meta.audio_url,
        draft: meta.draft,
        notes_html: notes.map(|n| n.html),
        note_items: items,
        cues,
        links: all_links,
        topics,
        chapters,
        sources,
    }
}

fn same_url(a: &str, b: &str) -> bool {
    let n = |s: &str| s.trim_end_matches('/').replace("://www.", "://").to_ascii_lowercase();
    n(a) == n(b)
}

/// The topic a spoken link belongs to: one named in the URL, else the chapter being
/// discussed when it was said.
fn link_topic(l: &Link, topics: &[crate::model::EpisodeTopic], chapters: &[crate::model::Chapter]) -> Option<String> {
    let flat: String = l.url.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    if let Some(t) = topics.iter().find(|t| {
        let f = fold(&t.name);
        f.len() >= 4 && flat.contains(&f)
    }) {
        return Some(t.name.clone());
    }
    let start = l.start?;
    chapters.iter().rev().find(|c| c.start <= start).and_then(|c| c.topic.clone())
}
