//! `shownotes.toml`: the site's settings. Every field has a default, so an empty file
//! (or none at all) is a valid site.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{} is not a shownotes site: there is no shownotes.toml in it. \
         To start a site, run `shownotes init <new folder>` (or `shownotes init {}` to make this folder one); \
         to build a site that is elsewhere, pass `--root <site folder>`",
        where_(.0), shown(.0)
    )]
    Missing(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {message} (every setting is listed in the guide's Configuration chapter)")]
    Parse { path: PathBuf, line: usize, message: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

fn where_(p: &Path) -> String {
    if p.as_os_str().is_empty() || p == Path::new(".") {
        "the current folder".into()
    } else {
        p.display().to_string()
    }
}

/// A folder as a user would type it: `.` rather than an empty path.
fn shown(p: &Path) -> String {
    if p.as_os_str().is_empty() {
        ".".into()
    } else {
        p.display().to_string()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The show's name.
    pub title: String,
    pub description: String,
    /// Where the site will be served, e.g. `https://example.com/podcast/`.
    pub base_url: String,
    pub language: String,
    /// The show's regular hosts. Names here win over speech-to-text spellings
    /// ("Brian Aachen" -> "Brian Okken") and separate hosts from guests.
    pub hosts: Vec<String>,
    /// Episodes per page on the front page.
    pub paginate: usize,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    /// Theme folder name under `themes/`; the built-in `default` theme is used when the
    /// folder does not exist.
    pub theme: String,
    /// Optional glossary of known topics (name, aliases, url, description).
    pub topics_file: PathBuf,
    /// Optional list of people (renames, merges, hides, picture, link, bio).
    pub people_file: PathBuf,
    /// Build episodes marked `draft = true` in front matter.
    pub drafts: bool,
    /// Follow symbolic links in the content folder wherever they point. Off by default:
    /// a link out of the site folder is skipped, so content cannot publish other files.
    pub follow_symlinks: bool,
    /// Publish show notes' HTML as written (scripts, iframes, any URL). Off by default:
    /// show notes are sanitized, keeping ordinary formatting, links and images.
    pub unsafe_html: bool,
    /// The whole-show metadata file. Empty: `episodes.toml` or `episodes.csv` in the site
    /// folder, when one exists.
    pub episodes_file: PathBuf,
    /// A folder of sample episodes (`shownotes init` makes `sample/`), built only while
    /// the content folder has no episode files, so it never clashes with real ones.
    pub sample_dir: PathBuf,
    pub topics: TopicSettings,
    pub limits: Limits,
    /// The show as podcast apps and search engines see it: audio, feed channel metadata.
    pub podcast: PodcastSettings,
    pub search: SearchSettings,
    pub feed: FeedSettings,
    pub output: OutputSettings,
}

/// One transcript file an episode can have beside its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranscriptFile {
    Vtt,
    Json,
    Srt,
    Txt,
    Html,
}

impl TranscriptFile {
    pub fn file_name(self) -> &'static str {
        match self {
            TranscriptFile::Vtt => "transcript.vtt",
            TranscriptFile::Json => "transcript.json",
            TranscriptFile::Srt => "transcript.srt",
            TranscriptFile::Txt => "transcript.txt",
            TranscriptFile::Html => "transcript.html",
        }
    }
}

/// GitHub Pages publishes a site of at most 1 GB.
pub const GITHUB_PAGES_BYTES: u64 = 1_000_000_000;
/// Cloudflare Pages publishes a site of at most 20,000 files.
pub const CLOUDFLARE_PAGES_FILES: u64 = 20_000;

/// `[output]`: what the site holds, and the size it should fit in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputSettings {
    /// The transcript files written beside each episode's page (which always shows the
    /// transcript). VTT (captions in the player) and JSON (podcast apps) by default: each
    /// format is a copy of every transcript, and five of them made a 2,000-episode site
    /// too big for the common free hosts.
    pub transcripts: Vec<TranscriptFile>,
    /// `build` warns when the site has more files than this (Cloudflare Pages' limit).
    pub max_files: u64,
    /// `build` warns when the site is bigger than this many bytes (GitHub Pages' limit).
    pub max_bytes: u64,
}

impl Default for OutputSettings {
    fn default() -> Self {
        OutputSettings {
            transcripts: vec![TranscriptFile::Vtt, TranscriptFile::Json],
            max_files: CLOUDFLARE_PAGES_FILES,
            max_bytes: GITHUB_PAGES_BYTES,
        }
    }
}

impl OutputSettings {
    /// Whether the site writes the transcript file named `name` (`transcript.vtt`).
    pub fn writes(&self, name: &str) -> bool {
        self.transcripts.iter().any(|t| t.file_name() == name)
    }
}

/// `[feed]`: the podcast feeds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedSettings {
    /// Episodes in each topic's feed (`topics/<slug>/feed.xml`): the newest ones, each
    /// with a short plain-text description. The show's `feed.xml` lists every episode
    /// with its full show notes; a topic's feed repeating them would multiply the site's
    /// size by its number of topics.
    pub topic_feed_items: usize,
    /// The fewest episodes that discuss a topic for it to get a feed: a subject that came
    /// up once or twice is not one to follow, and a real archive has thousands of those.
    pub topic_feed_min_episodes: usize,
}

impl Default for FeedSettings {
    fn default() -> Self {
        FeedSettings { topic_feed_items: 50, topic_feed_min_episodes: 3 }
    }
}

impl FeedSettings {
    /// Whether a topic discussed in `episodes` episodes gets a feed.
    pub fn topic_has_feed(&self, episodes: usize) -> bool {
        episodes > 0 && episodes >= self.topic_feed_min_episodes
    }
}

/// `[search]`: the site's full-text search.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchSettings {
    /// Build the search index (`pagefind/`), the search page and the header's search box.
    /// Off: none of them, and a faster build.
    pub enabled: bool,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings { enabled: true }
    }
}

/// `[podcast]`: where each episode's audio is, and the feed's channel metadata.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PodcastSettings {
    /// Each episode's audio, as a pattern: `https://cdn.example.com/{number:03}.mp3`
    /// (`{number}`, `{number:0N}`, `{slug}`, `{date}`). An episode's front matter
    /// `audio_url` wins. A URL without a scheme or leading `/` is relative to the site.
    pub audio_url: Option<String>,
    /// MIME type of the audio (`audio/mpeg`); by default told from the file extension.
    pub audio_type: Option<String>,
    /// The show's author, as podcast apps show it (`itunes:author`).
    pub author: Option<String>,
    /// The owner's e-mail address (`itunes:owner`), which directories use to verify it.
    pub email: Option<String>,
    /// Cover art: a URL, or a path relative to the site (a file in `static/`).
    pub image: Option<String>,
    /// Apple Podcasts categories: `"Technology"` or `"Education > How To"`.
    pub categories: Vec<String>,
    /// `itunes:explicit`.
    pub explicit: bool,
}

/// Bounds on the work one episode may cause, so one huge or hostile file cannot exhaust
/// memory. An episode over a limit is still built in full; only its topic extraction
/// reads less of it (with a warning).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Bytes of transcript text read for topics per episode.
    pub topic_text_bytes: usize,
    /// Cues read for topics per episode.
    pub topic_cues: usize,
    /// The largest transcript or show-notes file read, in bytes: a bigger one is skipped
    /// (with a warning) after reading no more than this.
    pub file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { topic_text_bytes: 2_000_000, topic_cues: 200_000, file_bytes: 50_000_000 }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopicSettings {
    /// Topics listed per episode (show-notes items always come first).
    pub per_episode: usize,
    /// Extra words or names that are never topics for this show (sponsors, in-jokes).
    pub ignore: Vec<String>,
    /// Extract topics from what is said. When false, topics are only the show-notes
    /// items and glossary entries (still found in every transcript).
    pub from_transcripts: bool,
}

impl Default for TopicSettings {
    fn default() -> Self {
        TopicSettings { per_episode: 15, ignore: Vec::new(), from_transcripts: true }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "My Podcast".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            hosts: Vec::new(),
            paginate: 20,
            content_dir: "content".into(),
            output_dir: "public".into(),
            theme: "default".into(),
            topics_file: "topics.toml".into(),
            people_file: "people.toml".into(),
            drafts: false,
            follow_symlinks: false,
            unsafe_html: false,
            episodes_file: PathBuf::new(),
            sample_dir: PathBuf::new(),
            topics: TopicSettings::default(),
            limits: Limits::default(),
            podcast: PodcastSettings::default(),
            search: SearchSettings::default(),
            feed: FeedSettings::default(),
            output: OutputSettings::default(),
        }
    }
}

impl Config {
    /// Reads `shownotes.toml` in `root`. The file must exist (it is what makes a folder
    /// a site), but may be empty: every setting has a default.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join("shownotes.toml");
        if !path.is_file() {
            return Err(ConfigError::Missing(root.to_path_buf()));
        }
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        Self::parse(&path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(text, s.start)).unwrap_or(1),
            message: e.message().to_string(),
        })?;
        if cfg.limits.topic_text_bytes == 0 || cfg.limits.topic_cues == 0 || cfg.limits.file_bytes == 0 {
            return Err(ConfigError::Invalid { path: path.to_path_buf(), message: "limits must be at least 1".into() });
        }
        if let Some(p) = &cfg.podcast.audio_url {
            if let Err(why) = crate::audio::Pattern::parse(p) {
                return Err(ConfigError::Parse {
                    path: path.to_path_buf(),
                    line: text.find(p.as_str()).map(|at| line_of(text, at)).unwrap_or(1),
                    message: format!("[podcast] audio_url: {why}"),
                });
            }
        }
        if let Some(why) = base_url_problem(&cfg.base_url) {
            let line = text
                .lines()
                .position(|l| l.trim_start().strip_prefix("base_url").is_some_and(|r| r.trim_start().starts_with('=')))
                .map_or(1, |i| i + 1);
            return Err(ConfigError::Parse { path: path.to_path_buf(), line, message: why });
        }
        if cfg.feed.topic_feed_items == 0 {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "[feed] topic_feed_items is 0; set it to the number of episodes in each topic's feed, at least 1 (default 50)".into(),
            });
        }
        if cfg.paginate == 0 {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "`paginate` is 0; set it to the number of episodes per front page, at least 1 (default 20)"
                    .into(),
            });
        }
        Ok(cfg)
    }

    /// The path part of `base_url`, always starting and ending with `/`:
    /// `https://example.com/podcast` -> `/podcast/`. Pages link with it, so the site
    /// works under a sub-path.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        let path =
            if url.contains("://") { after_scheme.find('/').map(|i| &after_scheme[i..]).unwrap_or("/") } else { url };
        let path = path.trim_matches('/');
        if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/")
        }
    }

    /// True when `base_url` is absolute (`https://...`), as feeds, the sitemap and
    /// canonical links need.
    pub fn has_absolute_base(&self) -> bool {
        let b = self.base_url.trim();
        b.starts_with("http://") || b.starts_with("https://")
    }

    /// `base_url` with a trailing slash, for absolute links (feeds, JSON).
    pub fn base_url_slash(&self) -> String {
        let b = self.base_url.trim();
        if b.ends_with('/') {
            b.to_string()
        } else {
            format!("{b}/")
        }
    }
}

/// Why `url` cannot be a site's base URL, if it cannot. It must be an absolute http(s)
/// URL or a path from the root of a domain (`/podcast/`; empty is `/`): pages put it
/// before their links and scripts, and browsers read a leading `//` or a backslash
/// (`\\host/`, which they take for `//host/`) as another site, whose script the page
/// would then run. Control characters and spaces are refused too.
pub fn base_url_problem(url: &str) -> Option<String> {
    let u = url.trim();
    let fix = "write an absolute URL like `https://example.com/podcast/`, or a path like `/podcast/`";
    let shown = crate::text::strip_controls(u);
    if u.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Some(format!("base_url `{shown}` holds a space or a control character; {fix}"));
    }
    if u.contains('\\') {
        return Some(format!("base_url `{shown}` holds a backslash, which browsers read as `/` (another site); {fix}"));
    }
    if u.is_empty() {
        return None;
    }
    if let Some(rest) = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")) {
        let host = url::Url::parse(u).ok().and_then(|p| p.host_str().map(str::to_string));
        return (rest.starts_with('/') || host.is_none_or(|h| h.is_empty()))
            .then(|| format!("base_url `{shown}` has no host name; {fix}"));
    }
    if u.starts_with("//") {
        return Some(format!("base_url `{shown}` starts with `//`, which browsers read as another site; {fix}"));
    }
    if !u.starts_with('/') {
        return Some(format!("base_url `{shown}` is neither an http(s) URL nor a path starting with `/`; {fix}"));
    }
    None
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        let mut c = Config::default();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://example.com/podcast".into();
        assert_eq!(c.base_path(), "/podcast/");
        c.base_url = "https://example.com".into();
        assert_eq!(c.base_path(), "/");
        c.base_url = "/sub/dir/".into();
        assert_eq!(c.base_path(), "/sub/dir/");
    }

    #[test]
    fn base_urls_are_absolute_http_or_paths() {
        for ok in ["", "/", "/podcast/", "https://example.com", "http://localhost:8000/", "https://example.com/a/b/"] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "\\\\host/",
            "\\host",
            "//host/",
            "/\\host/",
            "podcast/",
            "javascript:alert(1)",
            "HTTPS://example.com/",
            "https:///x",
            "https://",
            "/a b/",
            "/a\u{1}/",
            "https://example.com\\@evil.example/",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let e = Config::parse(Path::new("shownotes.toml"), "title = \"x\"\npaginate = \"many\"\n").unwrap_err();
        assert!(e.to_string().starts_with("shownotes.toml:2:"), "{e}");
        let e = Config::parse(Path::new("shownotes.toml"), "titel = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("titel"), "{e}");
    }
}
