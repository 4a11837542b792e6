//! Rendering: Tera templates (the built-in theme, embedded in the binary, overridden by
//! name by the site's `themes/<name>/templates/` and `templates/`), plus the JSON API.

use crate::config::{Config, TranscriptFile};
use crate::extract::index::TopicIndex;

pub mod feed;
pub mod files;
mod memo;
mod people;
pub(crate) mod reuse;
pub mod seo;
pub(crate) mod single;
pub mod timeline;
mod topics;
use crate::model::{Chapter, Cue, Episode, EpisodeTopic, Link};
use crate::text::{format_duration, format_timestamp};
use crate::write::{Page, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The built-in default theme, so a site with no `themes/` folder builds.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../themes/default/templates/base.html")),
    ("index.html", include_str!("../themes/default/templates/index.html")),
    ("episode.html", include_str!("../themes/default/templates/episode.html")),
    ("topics.html", include_str!("../themes/default/templates/topics.html")),
    ("topic.html", include_str!("../themes/default/templates/topic.html")),
    ("topics_letter.html", include_str!("../themes/default/templates/topics_letter.html")),
    ("topic_nav.html", include_str!("../themes/default/templates/topic_nav.html")),
    ("sponsors.html", include_str!("../themes/default/templates/sponsors.html")),
    ("404.html", include_str!("../themes/default/templates/404.html")),
    ("transcript.html", include_str!("../themes/default/templates/transcript.html")),
    ("search.html", include_str!("../themes/default/templates/search.html")),
    ("people.html", include_str!("../themes/default/templates/people.html")),
    ("person.html", include_str!("../themes/default/templates/person.html")),
];
const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../themes/default/static/style.css")),
    ("topic-filter.js", include_bytes!("../themes/default/static/topic-filter.js")),
    ("topic-sort.js", include_bytes!("../themes/default/static/topic-sort.js")),
    ("player.js", include_bytes!("../themes/default/static/player.js")),
    ("search.js", include_bytes!("../themes/default/static/search.js")),
    // Browsers ask every site for /favicon.ico; a site's own static/favicon.ico wins.
    ("favicon.ico", include_bytes!("../themes/default/static/favicon.ico")),
];

/// The built-in theme's files as a site would hold them: `templates/<name>` and
/// `static/<name>`, for `shownotes theme eject`.
pub fn builtin_theme_files() -> Vec<(PathBuf, &'static [u8])> {
    let templates = BUILTIN_TEMPLATES.iter().map(|(n, s)| (Path::new("templates").join(n), s.as_bytes()));
    let statics = BUILTIN_STATIC.iter().map(|(n, b)| (Path::new("static").join(n), *b));
    templates.chain(statics).collect()
}

/// Where a static file's bytes are.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// In the binary: the built-in theme's.
    Builtin(&'static [u8]),
    /// A file of the theme or the site, copied when the site is written (streamed, never
    /// held in memory: a site may publish gigabytes of audio).
    File(PathBuf),
}

/// A file copied into the site as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Its path in the output.
    pub path: PathBuf,
    /// Its size in bytes.
    pub len: u64,
    pub source: StaticSource,
}

/// A loaded theme: templates and the static files to copy.
pub struct Theme {
    tera: tera::Tera,
    pub static_files: Vec<StaticFile>,
    /// Each template's name, file (`None`: built in) and text, so that an error can
    /// name the file and line to fix.
    sources: Vec<(String, Option<PathBuf>, String)>,
    /// A template of the theme prints the transcript cue by cue (`episode.paragraphs`);
    /// the built-in one prints `episode.transcript_html`, made without a template lookup
    /// per cue (the slowest part of rendering an episode page through Tera).
    wants_paragraphs: bool,
}

/// True when `line` has `token` as a whole name (not inside a longer one).
fn names(line: &str, token: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    line.match_indices(token).any(|(at, _)| {
        !line[..at].chars().next_back().is_some_and(ident)
            && !line[at + token.len()..].chars().next().is_some_and(ident)
    })
}

/// Where in the templates a Tera error is: the file (or the built-in template's name) and
/// line, as `path:line: ` (or `path: `) to put before the message. Tera reports lines of
/// syntax errors (`--> 2:7`); for an unknown variable, filter or function the line is
/// the first that names it.
fn template_location(sources: &[(String, Option<PathBuf>, String)], msg: &str) -> String {
    let quoted = |after: &str| -> Option<&str> {
        let at = msg.rfind(after)? + after.len();
        msg[at..].split('\'').next()
    };
    let Some(name) =
        quoted("while rendering '").or_else(|| quoted("Failed to render '")).or_else(|| quoted("Failed to parse '"))
    else {
        return String::new();
    };
    let Some((_, path, src)) = sources.iter().find(|(n, _, _)| n == name) else { return String::new() };
    let file = match path {
        Some(p) => crate::build::shown(p).display().to_string(),
        None => format!("{name} (built-in theme)"),
    };
    let line = if let Some(at) = msg.find(" --> ") {
        msg[at + 5..].split(':').next().and_then(|l| l.trim().parse::<usize>().ok())
    } else {
        ["Variable ", "Filter ", "Function ", "Test "]
            .iter()
            .find_map(|k| msg.find(k).map(|at| &msg[at + k.len()..]))
            .and_then(|rest| {
                let q = rest.chars().next().filter(|c| *c == '`' || *c == '\'')?;
                rest[1..].split(q).next()
            })
            .filter(|token| !token.is_empty())
            .and_then(|token| src.lines().position(|l| names(l, token)).map(|i| i + 1))
    };
    match line {
        Some(l) => format!("{file}:{l}: "),
        None => format!("{file}: "),
    }
}

/// A Tera error with its causes, which Tera keeps in the source chain.
fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn read_dir_files(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.map_err(|e| format!("reading {}: {e}", dir.display()))?;
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).expect("under dir").to_path_buf();
            out.push((rel, e.path().to_path_buf()));
        }
    }
    Ok(out)
}

/// `s` as the text of an element: `&`, `<` and `>` escaped (quotes need no escape outside
/// an attribute, and a transcript has an apostrophe every few words).
fn escape_text(s: &str) -> String {
    escape(s, false)
}

/// HTML escaping for templates. Tera's default also escapes `/`, which turns every URL
/// into `&#x2F;` soup; `/` is harmless in text and attribute values. Control characters
/// (which no page should carry, whatever a theme prints) are dropped.
fn escape_html(s: &str) -> String {
    escape(s, true)
}

/// `s` escaped for HTML; quotes too when `quotes` (an attribute value may hold it).
fn escape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if crate::text::is_stray_control(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `{{ seconds | timestamp }}` -> `00:01:20`, for theme authors.
fn timestamp_filter(v: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    match v.as_u64() {
        Some(s) => Ok(tera::Value::String(format_timestamp(s.min(u32::MAX as u64) as u32))),
        None => Err(tera::Error::msg(format!("timestamp filter expects seconds, got {v}"))),
    }
}

impl Theme {
    pub fn load(root: &Path, config: &Config) -> Result<Theme, String> {
        let mut templates: Vec<(String, Option<PathBuf>, String)> =
            BUILTIN_TEMPLATES.iter().map(|(n, s)| (n.to_string(), None, s.to_string())).collect();
        // The search box's script only where there is an index to search.
        let mut static_files: Vec<StaticFile> = BUILTIN_STATIC
            .iter()
            .filter(|(n, _)| config.search.enabled || *n != "search.js")
            .map(|(n, b)| StaticFile { path: PathBuf::from(n), len: b.len() as u64, source: StaticSource::Builtin(b) })
            .collect();
        let theme_dir = root.join("themes").join(&config.theme);
        if !theme_dir.is_dir() && config.theme != "default" {
            return Err(format!("theme `{}` not found: {} does not exist (set `theme = \"default\"` in shownotes.toml for the built-in theme, or create that folder)", config.theme, theme_dir.display()));
        }
        for dir in [theme_dir.join("templates"), root.join("templates")] {
            for (rel, path) in read_dir_files(&dir)? {
                // An editor's swap, backup or lock file beside a template is none.
                let file = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                if file.starts_with('.') || file.starts_with('#') || file.ends_with('~') {
                    continue;
                }
                let name = rel.to_string_lossy().replace('\\', "/");
                let src =
                    std::fs::read_to_string(&path).map_err(|e| format!("reading template {}: {e}", path.display()))?;
                templates.retain(|(n, _, _)| *n != name);
                templates.push((name, Some(path), src));
            }
        }
        for dir in [theme_dir.join("static"), root.join("static")] {
            for (rel, path) in read_dir_files(&dir)? {
                let len = std::fs::metadata(&path).map_err(|e| format!("reading {}: {e}", path.display()))?.len();
                static_files.retain(|f| f.path != rel);
                static_files.push(StaticFile { path: rel, len, source: StaticSource::File(path) });
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_filter("timestamp", timestamp_filter);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, _, s)| (n.as_str(), s.as_str()))).map_err(|e| {
            let msg = tera_error(&e);
            format!(
                "{}template error: {msg} (the guide's Templates chapter lists every template and variable)",
                template_location(&templates, &msg)
            )
        })?;
        let wants_paragraphs = templates.iter().any(|(_, _, src)| src.contains("paragraphs"));
        Ok(Theme { tera, static_files, wants_paragraphs, sources: templates })
    }

    fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, String> {
        self.tera.render(name, ctx).map_err(|e| {
            let msg = tera_error(&e);
            format!(
                "{}template {name}: {msg} (the guide's Templates chapter lists the variables each template gets)",
                template_location(&self.sources, &msg)
            )
        })
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    /// Path prefix every link starts with (`/` or `/podcast/`).
    root: String,
    language: &'a str,
    /// The show's feed (`/feed.xml`).
    feed_url: String,
    /// Cover art, absolute where `base_url` is.
    image: Option<String>,
    /// The search page (`/search/`); `None` when `[search] enabled = false`.
    search_url: Option<String>,
    /// The people index (`/people/`); `None` when no host or guest is known.
    people_url: Option<String>,
    /// What canonical URLs start with: `base_url`, when it is absolute, else the path.
    #[serde(skip)]
    canonical_base: String,
}

/// An episode as templates see it: the model plus URLs and display strings.
#[derive(Serialize)]
struct EpisodeView<'a> {
    slug: &'a str,
    number: Option<u32>,
    title: &'a str,
    date: Option<&'a str>,
    description: Option<&'a str>,
    hosts: &'a [String],
    guests: &'a [String],
    /// Hosts, then guests, each with their page: `{name, url, role, appearances}`.
    people: Vec<people::PersonLink<'a>>,
    duration: Option<u32>,
    duration_text: Option<String>,
    audio_url: Option<&'a str>,
    audio_type: Option<&'a str>,
    notes_html: Option<&'a str>,
    url: String,
    /// The episode's transcript and chapter files: `{name, url, type}`.
    files: Vec<FileLink>,
    /// The picture of chapters and top topics along the episode (inline SVG).
    timeline: Option<String>,
    topics: Vec<TopicView<'a>>,
    chapters: Vec<ChapterView<'a>>,
    links: &'a [Link],
    paragraphs: Vec<Paragraph<'a>>,
    /// The transcript as HTML: paragraphs of cues, each with its anchor and timestamp link.
    transcript_html: Option<String>,
}

#[derive(Serialize)]
struct FileLink {
    /// What a person sees: `WebVTT`, `Chapters (JSON)`.
    name: &'static str,
    url: String,
    /// The MIME type.
    r#type: &'static str,
}

/// The files written next to an episode's page, for links and the feed.
fn episode_files(ep: &Episode, root: &str, output: &crate::config::OutputSettings) -> Vec<FileLink> {
    let mut out = Vec::new();
    let url = episode_url(root, &ep.slug);
    if !ep.cues.is_empty() {
        for (file, mime) in files::written(output) {
            let name = match *file {
                "transcript.vtt" => "WebVTT",
                "transcript.srt" => "SubRip",
                "transcript.json" => "JSON",
                "transcript.html" => "HTML",
                _ => "Text",
            };
            out.push(FileLink { name, url: format!("{url}{file}"), r#type: mime });
        }
    }
    if !ep.chapters.is_empty() {
        out.push(FileLink {
            name: "Chapters (JSON)",
            url: format!("{url}{}", files::CHAPTERS),
            r#type: files::CHAPTERS_TYPE,
        });
    }
    out
}

/// Top topics drawn on an episode's timeline.
const TIMELINE_TOPICS: usize = 5;

#[derive(Serialize)]
struct TopicView<'a> {
    name: &'a str,
    slug: Option<&'a str>,
    /// Its topic page, when it has one.
    url: Option<String>,
    score: f64,
    from_notes: bool,
    link: Option<&'a str>,
    mentions: Vec<MomentView>,
}

#[derive(Serialize)]
struct ChapterView<'a> {
    title: &'a str,
    start: u32,
    stamp: String,
    url: Option<&'a str>,
    topic_url: Option<String>,
}

#[derive(Serialize)]
struct MomentView {
    start: u32,
    stamp: String,
    /// `#t-80`
    anchor: String,
}

#[derive(Serialize)]
struct CueView<'a> {
    start: u32,
    stamp: String,
    /// `t-80`; only the first cue at a given second carries the id, so ids are unique.
    id: Option<String>,
    text: &'a str,
    /// The time is estimated from the words (the source stamps only some paragraphs).
    estimated: bool,
}

/// Consecutive cues of one speaker, for readable paragraphs.
#[derive(Serialize)]
struct Paragraph<'a> {
    speaker: Option<&'a str>,
    start: u32,
    stamp: String,
    /// The first cue's time is an estimate.
    estimated: bool,
    cues: Vec<CueView<'a>>,
}

fn moment(start: u32) -> MomentView {
    MomentView { start, stamp: format_timestamp(start), anchor: format!("#t-{start}") }
}

/// Groups cues into paragraphs: a new one on a change of speaker, or after a sentence
/// ends once the paragraph is long.
fn paragraphs(cues: &[Cue]) -> Vec<Paragraph<'_>> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut last_id = None;
    let mut len = 0usize;
    for c in cues {
        let id = (last_id != Some(c.start)).then(|| format!("t-{}", c.start));
        last_id = Some(c.start);
        let view =
            CueView { start: c.start, stamp: format_timestamp(c.start), id, text: &c.text, estimated: c.estimated };
        let new_para = match out.last() {
            None => true,
            Some(p) => {
                let ended = p.cues.last().is_some_and(|l| l.text.ends_with(['.', '?', '!']));
                p.speaker != c.speaker.as_deref() || (len > 600 && ended)
            }
        };
        if new_para {
            len = 0;
            out.push(Paragraph {
                speaker: c.speaker.as_deref(),
                start: c.start,
                stamp: format_timestamp(c.start),
                estimated: c.estimated,
                cues: Vec::new(),
            });
        }
        len += c.text.len();
        out.last_mut().expect("pushed").cues.push(view);
    }
    out
}

fn topic_url(root: &str, slug: &str) -> String {
    format!("{root}topics/{slug}/")
}

fn episode_url(root: &str, slug: &str) -> String {
    format!("{root}episodes/{slug}/")
}

/// The transcript as the built-in theme shows it: [`paragraphs`] of cues, each paragraph a
/// `p` (its speaker first, when it has one) and each cue a bare span with its anchor
/// (`id="t-80"`) and a link to it, every text escaped. No classes per cue: a page holds
/// hundreds of cues, and the theme's style finds them by place (`.transcript p > span`).
fn transcript_html(cues: &[Cue]) -> Option<String> {
    if cues.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(cues.iter().map(|c| c.text.len() + 48).sum());
    for p in paragraphs(cues) {
        out.push_str("<p>");
        if let Some(s) = p.speaker {
            out.push_str("<span class=\"speaker\">");
            out.push_str(&escape_text(s));
            out.push_str("</span>");
        }
        for c in &p.cues {
            out.push_str("<span");
            if let Some(id) = &c.id {
                out.push_str(" id=\"");
                out.push_str(id);
                out.push('"');
            }
            if c.estimated {
                // Said about then: the source stamps only some paragraphs.
                out.push_str("><a class=\"estimated\" title=\"estimated time\" href=\"#t-");
            } else {
                out.push_str("><a href=\"#t-");
            }
            out.push_str(&c.start.to_string());
            out.push_str("\">");
            if c.estimated {
                out.push('~');
            }
            out.push_str(&c.stamp);
            out.push_str("</a> ");
            out.push_str(&escape_text(c.text));
            out.push_str("</span> ");
        }
        out.push_str("</p>\n");
    }
    Some(out)
}

fn episode_view<'a>(
    ep: &'a Episode,
    root: &str,
    full: bool,
    wants_paragraphs: bool,
    cast: &crate::people::People,
) -> EpisodeView<'a> {
    EpisodeView {
        people: people::links(ep, cast, root),
        slug: &ep.slug,
        number: ep.number,
        title: &ep.title,
        date: ep.date.as_deref(),
        description: ep.description.as_deref(),
        hosts: &ep.hosts,
        guests: &ep.guests,
        duration: ep.duration,
        duration_text: ep.duration.map(format_duration),
        audio_url: ep.audio_url.as_deref(),
        audio_type: ep.audio_type.as_deref(),
        notes_html: if full { ep.notes_html.as_deref() } else { None },
        url: episode_url(root, &ep.slug),
        // The page's own files, which the site's settings choose: see the episode pages.
        files: Vec::new(),
        timeline: if full { timeline::episode(ep, TIMELINE_TOPICS) } else { None },
        topics: ep.topics.iter().take(if full { usize::MAX } else { 8 }).map(|t| topic_view(t, root, full)).collect(),
        chapters: if full { ep.chapters.iter().map(|c| chapter_view(c, root)).collect() } else { Vec::new() },
        links: if full { &ep.links } else { &[] },
        paragraphs: if full && wants_paragraphs { paragraphs(&ep.cues) } else { Vec::new() },
        transcript_html: if full { transcript_html(&ep.cues) } else { None },
    }
}

fn topic_view<'a>(t: &'a EpisodeTopic, root: &str, with_mentions: bool) -> TopicView<'a> {
    TopicView {
        name: &t.name,
        slug: t.slug.as_deref(),
        url: t.slug.as_deref().map(|s| topic_url(root, s)),
        score: t.score,
        from_notes: t.from_notes,
        link: t.url.as_deref(),
        mentions: if with_mentions { t.mentions.iter().map(|m| moment(m.start)).collect() } else { Vec::new() },
    }
}

fn chapter_view<'a>(c: &'a Chapter, root: &str) -> ChapterView<'a> {
    ChapterView {
        title: &c.title,
        start: c.start,
        stamp: format_timestamp(c.start),
        url: c.url.as_deref(),
        topic_url: c.topic.as_ref().map(|s| topic_url(root, s)),
    }
}

/// The head tags of a page at `path` (from the site root).
fn page_meta(site: &SiteView, path: &str, title: Option<String>, description: Option<String>) -> seo::PageMeta {
    seo::PageMeta::new(&site.canonical_base, path, title, description)
}

fn context(site: &SiteView) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    ctx.insert("root", &site.root);
    ctx
}

/// Passes the rendered files on to the sink as they are made, keeping only their paths
/// (for the sitemap and the page count).
pub(crate) struct Out<'a> {
    sink: &'a dyn Sink,
    paths: std::sync::Mutex<Vec<PathBuf>>,
    /// Files over [`HUGE_FILE`]: (path, bytes).
    huge: std::sync::Mutex<Vec<(PathBuf, usize)>>,
}

/// A file of the site this big is worth a warning: no page or feed should be, and one
/// that is usually repeats something big (show notes pasted whole) many times.
pub const HUGE_FILE: usize = 10_000_000;

impl Out<'_> {
    pub(crate) fn put(&self, path: PathBuf, content: Vec<u8>) -> Result<(), String> {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).push(path.clone());
        if content.len() > HUGE_FILE {
            self.huge.lock().unwrap_or_else(|e| e.into_inner()).push((path.clone(), content.len()));
        }
        self.sink.put(Page { path, content }).map_err(|e| e.to_string())
    }

    /// [`Out::put`] for a file taken from the previous site ([`reuse`]).
    fn put_same(&self, path: PathBuf, content: Vec<u8>, from: &Path, opened: &std::fs::Metadata) -> Result<(), String> {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).push(path.clone());
        if content.len() > HUGE_FILE {
            self.huge.lock().unwrap_or_else(|e| e.into_inner()).push((path.clone(), content.len()));
        }
        self.sink.put_same(Page { path, content }, from, opened).map_err(|e| e.to_string())
    }
}

/// What [`render_site`] made.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Files written.
    pub files: usize,
    /// Of them, HTML pages.
    pub pages: usize,
    /// Files over [`HUGE_FILE`] bytes (path in the output, bytes), sorted.
    pub huge: Vec<(PathBuf, usize)>,
    /// Episodes whose files were taken from the previous site ([`reuse`]).
    pub reused: usize,
    /// (topic pages and feeds taken from the previous site, such pages made) ([`memo`]).
    pub kept: (usize, usize),
}

/// The show's feed metadata, with its people.
fn site_feed<'a>(config: &'a Config, cast: &'a crate::people::People) -> feed::FeedSite<'a> {
    let mut fsite = feed::FeedSite::new(config);
    fsite.people = Some(cast);
    fsite
}

/// What every page's template knows of the site.
fn site_view<'a>(config: &'a Config, fsite: &feed::FeedSite) -> SiteView<'a> {
    let root = config.base_path();
    let people = fsite.people.is_some_and(|c| !c.people.is_empty());
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: config.base_url_slash(),
        root: root.clone(),
        language: &config.language,
        feed_url: format!("{root}feed.xml"),
        image: fsite.image.clone(),
        search_url: config.search.enabled.then(|| format!("{root}search/")),
        people_url: people.then(|| format!("{root}people/")),
        canonical_base: fsite.base.clone(),
    }
}

/// Front page `i` of `n_pages` (newest first), listing `chunk`: its path and bytes.
#[allow(clippy::too_many_arguments)]
fn front_page(
    theme: &Theme,
    site: &SiteView,
    fsite: &feed::FeedSite,
    total: usize,
    chunk: &[Episode],
    i: usize,
    n_pages: usize,
    index: &TopicIndex,
    cast: &crate::people::People,
) -> Result<(PathBuf, Vec<u8>), String> {
    let root = &site.root;
    let mut ctx = context(site);
    let views: Vec<EpisodeView> = chunk.iter().map(|e| episode_view(e, root, false, false, cast)).collect();
    ctx.insert("episodes", &views);
    let page_url = |n: usize| if n == 1 { root.clone() } else { format!("{root}page/{n}/") };
    ctx.insert(
        "paginator",
        &serde_json::json!({
            "current": i + 1, "pages": n_pages, "total_episodes": total,
            "previous": (i > 0).then(|| page_url(i)), "next": (i + 1 < n_pages).then(|| page_url(i + 2)),
        }),
    );
    ctx.insert("topic_count", &index.topics.len());
    let (path, rel) = if i == 0 {
        (PathBuf::from("index.html"), String::new())
    } else {
        (PathBuf::from(format!("page/{}/index.html", i + 1)), format!("page/{}/", i + 1))
    };
    let mut meta =
        seo::PageMeta::new(&fsite.base, &rel, (i > 0).then(|| format!("Episodes, page {} of {n_pages}", i + 1)), None);
    if i == 0 {
        meta.jsonld = Some(seo::series_jsonld(fsite));
    }
    ctx.insert("page", &meta);
    Ok((path, theme.render("index.html", &ctx)?.into_bytes()))
}

/// Episode `i`'s page (newest first): its template context, kept for its transcript
/// page, and its HTML.
fn episode_page(
    theme: &Theme,
    config: &Config,
    site: &SiteView,
    fsite: &feed::FeedSite,
    episodes: &[Episode],
    i: usize,
    cast: &crate::people::People,
) -> Result<(tera::Context, String), String> {
    let ep = &episodes[i];
    let root = &site.root;
    let mut ctx = context(site);
    let mut view = episode_view(ep, root, true, theme.wants_paragraphs, cast);
    view.files = episode_files(ep, root, &config.output);
    ctx.insert("episode", &view);
    let newer = i.checked_sub(1).map(|j| &episodes[j]);
    let older = episodes.get(i + 1);
    ctx.insert("newer", &newer.map(|e| serde_json::json!({"title": e.title, "url": episode_url(root, &e.slug)})));
    ctx.insert("older", &older.map(|e| serde_json::json!({"title": e.title, "url": episode_url(root, &e.slug)})));
    let mut meta = seo::PageMeta::new(
        &fsite.base,
        &format!("episodes/{}/", ep.slug),
        Some(ep.title.clone()),
        Some(feed::summary(ep)),
    );
    meta.og_type = "article";
    meta.jsonld = Some(seo::episode_jsonld(fsite, ep));
    ctx.insert("page", &meta);
    let html = theme.render("episode.html", &ctx)?;
    Ok((ctx, html))
}

/// An episode's transcript page: its page's context with this page's head tags.
fn transcript_page(
    theme: &Theme,
    mut ctx: tera::Context,
    fsite: &feed::FeedSite,
    ep: &Episode,
) -> Result<Vec<u8>, String> {
    let mut tmeta = seo::PageMeta::new(
        &fsite.base,
        &format!("episodes/{}/transcript.html", ep.slug),
        Some(format!("{}: transcript", ep.title)),
        Some(feed::summary(ep)),
    );
    tmeta.og_type = "article";
    ctx.insert("page", &tmeta);
    Ok(theme.render("transcript.html", &ctx)?.into_bytes())
}

/// Every page and file of the site: pages, JSON API, per-episode transcript and chapter
/// files, feeds, sitemap.
pub fn render_site(
    theme: &Theme,
    config: &Config,
    episodes: &[Episode],
    index: &TopicIndex,
    cast: &crate::people::People,
    sink: &dyn Sink,
) -> Result<Rendered, String> {
    render_site_reusing(theme, config, episodes, index, cast, sink, None)
}

/// [`render_site`], taking each episode's files from the previous site when they would
/// be made from the same context ([`reuse`]).
pub(crate) fn render_site_reusing(
    theme: &Theme,
    config: &Config,
    episodes: &[Episode],
    index: &TopicIndex,
    cast: &crate::people::People,
    sink: &dyn Sink,
    reuse: Option<&reuse::Reuse>,
) -> Result<Rendered, String> {
    let out = Out { sink, paths: std::sync::Mutex::new(Vec::new()), huge: Default::default() };
    let fsite = site_feed(config, cast);
    let site = site_view(config, &fsite);
    // Front page, paginated.
    let chunks: Vec<&[Episode]> =
        if episodes.is_empty() { vec![&[][..]] } else { episodes.chunks(config.paginate).collect() };
    let n_pages = chunks.len();
    for (i, chunk) in chunks.iter().enumerate() {
        let (path, bytes) = front_page(theme, &site, &fsite, episodes.len(), chunk, i, n_pages, index, cast)?;
        out.put(path, bytes)?;
    }

    // Episode pages, their JSON, transcript and chapter files and feed items, in parallel.
    // Each is written as soon as it is made; only the feed items are kept, twice: in full
    // for the show's feed, short for the topics' feeds.
    let items: Vec<(Vec<u8>, Vec<u8>)> = episodes
        .par_iter()
        .enumerate()
        .map(|(i, ep)| {
            let key = reuse.map(|r| r.key(episodes, i, cast));
            if let (Some(r), Some(key)) = (reuse, &key) {
                if let Some(items) = r.take(key, &out)? {
                    return Ok(items);
                }
            }
            // Each file's path and hash, for the next build to reuse.
            let mut made: Vec<(PathBuf, [u8; 32])> = Vec::new();
            let mut put_file = |path: PathBuf, content: Vec<u8>| {
                if key.is_some() {
                    made.push((path.clone(), *blake3::hash(&content).as_bytes()));
                }
                out.put(path, content)
            };
            let put_file = &mut put_file;
            let (ctx, html) = episode_page(theme, config, &site, &fsite, episodes, i, cast)?;
            let json = serde_json::to_vec(&EpisodeJson::new(ep, &site.base_url)).map_err(|e| e.to_string())?;
            let dir = format!("episodes/{}", ep.slug);
            put_file(PathBuf::from(format!("{dir}/index.html")), html.into_bytes())?;
            put_file(PathBuf::from(format!("api/episodes/{}.json", ep.slug)), json)?;
            if !ep.cues.is_empty() {
                let t = |f: &str| PathBuf::from(format!("{dir}/{f}"));
                let writes = |f: TranscriptFile| config.output.transcripts.contains(&f);
                if writes(TranscriptFile::Vtt) {
                    put_file(t("transcript.vtt"), files::vtt(&ep.cues).into_bytes())?;
                }
                if writes(TranscriptFile::Srt) {
                    put_file(t("transcript.srt"), files::srt(&ep.cues).into_bytes())?;
                }
                if writes(TranscriptFile::Json) {
                    put_file(t("transcript.json"), files::json(&ep.cues))?;
                }
                if writes(TranscriptFile::Txt) {
                    put_file(t("transcript.txt"), files::txt(&ep.cues).into_bytes())?;
                }
            }
            if !ep.cues.is_empty() && config.output.transcripts.contains(&TranscriptFile::Html) {
                let t = |f: &str| PathBuf::from(format!("{dir}/{f}"));
                put_file(t("transcript.html"), transcript_page(theme, ctx, &fsite, ep)?)?;
            }
            if !ep.chapters.is_empty() {
                put_file(
                    PathBuf::from(format!("{dir}/{}", files::CHAPTERS)),
                    files::chapters(ep, &config.title, &ep.chapters),
                )?;
            }
            let full = feed::item(&fsite, ep).map_err(|e| e.to_string())?;
            let short = feed::short_item(&fsite, ep).map_err(|e| e.to_string())?;
            if let (Some(r), Some(key)) = (reuse, &key) {
                r.keep(key, &made, &full, &short);
            }
            Ok((full, short))
        })
        .collect::<Result<_, String>>()?;
    let (items, short_items): (Vec<Vec<u8>>, Vec<Vec<u8>>) = items.into_iter().unzip();

    // The topic pages and the topics' feeds, each kept by its context's hash ([`memo`]).
    let memo = reuse.map(memo::PageMemo::new);
    topics::render(theme, &site, episodes, index, &config.feed, &out, memo.as_ref())?;
    people::render(theme, &site, &fsite, episodes, cast, &out)?;

    // The show's feed, and one per topic: the same items, written once.
    let newest = episodes.iter().filter_map(|e| e.date.as_deref()).max();
    let all: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
    let channel = feed::Channel {
        title: &config.title,
        description: if config.description.is_empty() { &config.title } else { &config.description },
        link: fsite.base.clone(),
        self_url: format!("{}feed.xml", fsite.base),
    };
    out.put(PathBuf::from("feed.xml"), feed::feed(&fsite, &channel, &all, newest).map_err(|e| e.to_string())?)?;
    let topic_feeds: Result<(), String> = index
        .topics
        .par_iter()
        .filter(|t| config.feed.topic_has_feed(t.episodes.len()))
        .map(|t| {
            // The newest ones (episodes are newest first), in short: a feed to follow a
            // subject by, not an archive.
            let its: Vec<&[u8]> = t
                .episodes
                .iter()
                .take(config.feed.topic_feed_items)
                .map(|m| short_items[m.episode].as_slice())
                .collect();
            let newest = t.episodes.iter().filter_map(|m| episodes[m.episode].date.as_deref()).max();
            let title = format!("{}: {}", config.title, t.name);
            let description = format!("Episodes of {} that discuss {}.", config.title, t.name);
            let link = format!("{}topics/{}/", fsite.base, t.slug);
            let channel =
                feed::Channel { title: &title, description: &description, self_url: format!("{link}feed.xml"), link };
            let path = PathBuf::from(format!("topics/{}/feed.xml", t.slug));
            let make = || feed::feed(&fsite, &channel, &its, newest).map_err(|e| e.to_string());
            match &memo {
                Some(memo) => {
                    // The channel and the items' bytes; the settings are in every key.
                    let mut h = memo::ContextHasher::new("topic-feed");
                    h.json(&(&title, &description, &channel.link, &channel.self_url, newest, &fsite.image));
                    h.bytes(fsite.base.as_bytes()).bytes(&(its.len() as u64).to_le_bytes());
                    for item in &its {
                        h.bytes(item);
                    }
                    memo.put(&out, path, h.finish(), make)
                }
                None => out.put(path, make()?),
            }
        })
        .collect();
    topic_feeds?;
    if let Some(memo) = &memo {
        memo.finish();
    }

    if config.search.enabled {
        let mut ctx = context(&site);
        ctx.insert("page", &seo::PageMeta::new(&fsite.base, "search/", Some("Search".into()), None));
        out.put(PathBuf::from("search/index.html"), theme.render("search.html", &ctx)?.into_bytes())?;
    }

    let mut ctx = context(&site);
    ctx.insert("page", &seo::PageMeta::new(&fsite.base, "404.html", Some("Not found".into()), None));
    out.put(PathBuf::from("404.html"), theme.render("404.html", &ctx)?.into_bytes())?;

    let dates: rustc_hash::FxHashMap<String, String> =
        episodes.iter().filter_map(|e| e.date.clone().map(|d| (format!("episodes/{}/", e.slug), d))).collect();
    let paths = std::mem::take(&mut *out.paths.lock().unwrap_or_else(|e| e.into_inner()));
    let sitemap = seo::sitemap(&fsite, &paths, &dates);
    out.put(PathBuf::from("sitemap.xml"), sitemap)?;
    let robots = seo::robots(&fsite);
    out.put(robots.path, robots.content)?;
    let files = paths.len() + 2;
    let pages = paths.iter().filter(|p| p.extension().is_some_and(|e| e == "html")).count();
    let mut huge = std::mem::take(&mut *out.huge.lock().unwrap_or_else(|e| e.into_inner()));
    huge.sort();
    let kept = memo.as_ref().map_or((0, 0), memo::PageMemo::counts);
    Ok(Rendered { files, pages, huge, reused: reuse.map_or(0, reuse::Reuse::reused), kept })
}

/// `api/episodes/<slug>.json`. The schema is documented in the guide (docs/src/api.md).
#[derive(Serialize)]
struct EpisodeJson<'a> {
    number: Option<u32>,
    episode_type: crate::model::EpisodeType,
    title: &'a str,
    slug: &'a str,
    url: String,
    date: Option<&'a str>,
    hosts: &'a [String],
    guests: &'a [String],
    duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audio_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    topics: &'a [EpisodeTopic],
    chapters: &'a [Chapter],
    links: &'a [Link],
}

impl<'a> EpisodeJson<'a> {
    fn new(ep: &'a Episode, base_url: &str) -> Self {
        EpisodeJson {
            number: ep.number,
            episode_type: ep.episode_type,
            title: &ep.title,
            slug: &ep.slug,
            url: format!("{base_url}episodes/{}/", ep.slug),
            date: ep.date.as_deref(),
            hosts: &ep.hosts,
            guests: &ep.guests,
            duration: ep.duration,
            audio_url: ep.audio_url.as_deref(),
            description: ep.description.as_deref(),
            topics: &ep.topics,
            chapters: &ep.chapters,
            links: &ep.links,
        }
    }
}
