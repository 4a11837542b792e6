//! `shownotes init`: a new site that builds straight away. The sample episode lives in
//! `sample/`, which the config names as `sample_dir`: it is built only while `content/`
//! has no episodes, so a podcaster's real episode 0 or 1 never clashes with it.

use std::path::{Path, PathBuf};

const CONFIG: &str = r#"# shownotes.toml: this site's settings. Every setting is optional and shown here with
# its default (except title, description and hosts). The guide's Configuration chapter
# describes each one.

# The show's name and a one-line description, on every page.
title = "My Podcast"
description = "Episodes, transcripts and topics."

# Where the site will be published. A sub-path works: "https://example.com/podcast/".
# `shownotes build --base-url URL` overrides it for one build. Set it before you
# publish: podcast apps refuse a feed whose links are not absolute (the build warns).
base_url = "/"
# The language of the pages (the <html lang> attribute).
language = "en"

# Your regular hosts, spelled as you spell them. They are the hosts of every episode
# (unless an episode's front matter or episodes.csv row lists others), and their
# spelling wins over speech-to-text guesses ("Brian Aachen" -> "Brian Okken").
hosts = ["Alex Host"]

# Episodes per front page.
paginate = 20

# Your transcripts and show notes go in this folder.
content_dir = "content"
# The sample episode made by `shownotes init`. It is built only while content_dir has
# no episodes, so it never clashes with yours. Delete this line and the sample/ folder
# once you have your own episodes.
sample_dir = "sample"
# Metadata for the whole show in one file (number, title, date, guests, audio, ...):
# episodes.toml or episodes.csv in this folder is read when it exists. Set a path to
# use another file name.
episodes_file = ""

# The built site goes here; every build replaces it.
output_dir = "public"
# A theme folder under themes/; "default" is built in.
theme = "default"
# Optional list of known topics: spellings, links and descriptions (see the guide).
topics_file = "topics.toml"
# Optional corrections to hosts and guests: renames, merges, hides, bios (see the guide).
people_file = "people.toml"
# Build episodes whose front matter says `draft = true` (or pass --drafts).
drafts = false
# Follow symbolic links in content/ wherever they point (off: a link out of this
# folder is skipped, so content cannot publish other files of the machine).
follow_symlinks = false
# Publish show notes' HTML exactly as written (off: it is sanitized, keeping ordinary
# formatting, links and images).
unsafe_html = false

[topics]
# Topics listed per episode (your show-notes items always come first).
per_episode = 15
# Words or names that are never topics for this show (a sponsor, an in-joke).
ignore = []
# Find topics in what is said. false: only show-notes items and topics.toml entries.
from_transcripts = true

[podcast]
# What podcast apps (Apple Podcasts, Spotify, ...) need before they list the show; until
# each is set, `shownotes build` warns, and `shownotes check --feed` names each problem.
# Each episode's audio, as a pattern ({number}, {number:03}, {slug}, {date}); an
# episode's front matter `audio_url` wins. Then the feed (feed.xml) has enclosures.
# audio_url = "https://cdn.example.com/{number:03}.mp3"
# The show as podcast apps show it: its author, and the owner's e-mail (directories
# send it the e-mail that proves the show is yours).
# author = "Alex Host"
# email = "alex@example.com"
# Cover art: a square JPEG or PNG of 1400 to 3000 pixels, in static/.
# image = "cover.png"
# One or more of Apple's categories (the guide's Feeds chapter lists them), such as
# ["Technology"] or ["Education > How To"].
categories = []
# true when episodes have explicit content.
explicit = false

[search]
# Full-text search over every transcript: an index in public/pagefind/, a search box on
# every page and a search page. false: none of them, and a faster build.
enabled = true

[feed]
# Episodes in each topic's feed (topics/<slug>/feed.xml), the newest, in short.
topic_feed_items = 50
# The fewest episodes that discuss a topic for it to get a feed.
topic_feed_min_episodes = 3

[output]
# Transcript files beside each episode's page: "vtt" and "json", and also "srt", "txt"
# or "html" if you want them (each is one more copy of every transcript).
transcripts = ["vtt", "json"]
# The build warns past these: Cloudflare Pages takes 20,000 files, GitHub Pages 1 GB.
max_files = 20000
max_bytes = 1000000000

[limits]
# An episode over either limit is published in full, its topics read from its first part.
topic_text_bytes = 2000000
topic_cues = 200000
# A transcript or show-notes file over this many bytes is skipped, with a warning.
file_bytes = 50000000
"#;

const TRANSCRIPT: &str = "00:00:00 Welcome to My Podcast. This is episode 0, the sample episode, recorded January 5, 2026. I'm Alex Host, and with me is Sam Guest.
00:00:09 Hi Alex. Today we talk about Tera, the template engine, and about pulldown-cmark.
00:00:20 Tera templates look like Jinja2. You can find it at keats.github.io/tera.
00:00:41 Tera is what shownotes renders its pages with.
00:01:05 Next up, pulldown-cmark parses Markdown fast. pulldown-cmark is a pull parser.
00:01:30 And pulldown-cmark turns your show notes into HTML. Thanks for listening!
";

const NOTES: &str = "+++
title = \"Sample episode: how shownotes works\"
date = 2026-01-05
description = \"A sample made by shownotes init. Add your own episodes to content/ and it disappears.\"
+++
# Sample episode

This episode is a **sample**, made by `shownotes init`. It lives in `sample/` and is built
only while `content/` has no episodes. See the site's README.md for the next steps.

**Alex #1:** [**Tera**](https://keats.github.io/tera/)

- A template engine for Rust.

**Sam #2:** [**pulldown-cmark**](https://github.com/pulldown-cmark/pulldown-cmark)

- A Markdown parser.
";

const README: &str = "# My Podcast

A podcast site that shownotes builds from transcripts and show notes.

## Preview and build

```sh
shownotes serve     # a preview at http://127.0.0.1:8000/ that reloads as you edit (Ctrl-C stops it)
shownotes build     # the site to publish -> public/
```

Until you add an episode, the site shows the sample episode in `sample/`.

## Next steps

1. Set `title`, `description` and `hosts` in `shownotes.toml`.
2. Put your transcripts in `content/`: `.txt` (`00:01:20 text` lines), `.vtt`, `.srt`,
   or Markdown with `**Speaker:**` paragraphs. Put the number in the file name
   (`001-first-steps.txt`, `the-show-284.txt`, `ep12.vtt`).
3. Add show notes where you have them, with the same number (`001.md`, or the same name
   as the transcript). Their links and items become the episode's topics and chapters.
4. Titles, dates and guests for the whole show can go in one spreadsheet: save it as
   `episodes.csv` here, with a header row such as `number,title,date,guests,audio`.
5. Build again. Once `content/` has episodes the sample is no longer built: delete
   `sample/` and the `sample_dir` line in `shownotes.toml`.
6. Publish `public/` on any static host (GitHub Pages, GitLab Pages, Netlify, Cloudflare
   Pages, nginx): set `base_url` and the `[podcast]` settings first (`shownotes check
   --feed` says what podcast apps still need). The shownotes guide's Deploying chapter
   has a ready workflow for each.

`shownotes build --strict` fails on warnings too, for CI.
";

/// What `init` wrote, and what it left alone because it was already there.
#[derive(Debug, Default)]
pub struct Created {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "{0} is already a shownotes site (it has shownotes.toml): edit that file, or run init with a new folder name"
    )]
    AlreadyASite(PathBuf),
    #[error("{0} already exists: move it away first, or run init with a new folder name")]
    SampleExists(PathBuf),
    #[error("cannot create {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Creates a site in `dir` (which may exist and hold other files, such as a `content/`
/// folder of transcripts): `shownotes.toml`, `README.md`, `.gitignore`, `content/` and
/// the sample episode in `sample/`. Never overwrites a file: an existing README.md or
/// .gitignore is kept, and a folder that is already a site is refused.
pub fn init(dir: &Path) -> Result<Created, InitError> {
    let config = dir.join("shownotes.toml");
    if config.exists() {
        return Err(InitError::AlreadyASite(dir.to_path_buf()));
    }
    let sample = dir.join("sample");
    if sample.exists() {
        return Err(InitError::SampleExists(sample));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    let mut created = Created::default();
    for d in [dir.join("content"), sample.clone()] {
        std::fs::create_dir_all(&d).map_err(io(&d))?;
    }
    let files: [(PathBuf, &str); 5] = [
        (config, CONFIG),
        (sample.join("000-welcome.txt"), TRANSCRIPT),
        (sample.join("000-welcome.md"), NOTES),
        (dir.join("README.md"), README),
        // The built site, and what a build keeps beside it: its lock and its cache.
        (dir.join(".gitignore"), "/public/\n/.public.shownotes-lock\n/.public.shownotes-cache/\n"),
    ];
    for (path, text) in files {
        if path.exists() {
            created.kept.push(path);
            continue;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
        created.written.push(path);
    }
    Ok(created)
}

#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    #[error(transparent)]
    NotASite(#[from] crate::config::ConfigError),
    #[error(
        "{} already exist{}: nothing was copied, so your edits are safe. Move {} away, or run `shownotes theme eject --force` to overwrite {}",
        list(.0), if .0.len() == 1 { "s" } else { "" }, if .0.len() == 1 { "it" } else { "them" }, if .0.len() == 1 { "it" } else { "them" }
    )]
    Exists(Vec<PathBuf>),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Up to five paths, then how many more.
fn list(paths: &[PathBuf]) -> String {
    let mut s: Vec<String> = paths.iter().take(5).map(|p| crate::build::shown(p).display().to_string()).collect();
    if paths.len() > 5 {
        s.push(format!("and {} more", paths.len() - 5));
    }
    s.join(", ")
}

/// `shownotes theme eject`: copies the built-in theme into the site folder `root`, its
/// templates into `templates/` and its static files into `static/`, the folders that
/// override the built-in theme by name, so a podcaster starts from working templates.
/// Refuses (writing nothing) when any of those files exists, unless `force`.
pub fn eject_theme(root: &Path, force: bool) -> Result<Vec<PathBuf>, EjectError> {
    if !root.join("shownotes.toml").is_file() {
        return Err(crate::config::ConfigError::Missing(root.to_path_buf()).into());
    }
    let files = crate::render::builtin_theme_files();
    let existing: Vec<PathBuf> = files.iter().map(|(p, _)| root.join(p)).filter(|p| p.exists()).collect();
    if !existing.is_empty() && !force {
        return Err(EjectError::Exists(existing));
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = root.join(rel);
        let io = |source| EjectError::Io { path: path.clone(), source };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(&path, bytes).map_err(io)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_config_sets_every_setting() {
        let cfg = crate::Config::parse(Path::new("shownotes.toml"), CONFIG).unwrap();
        assert_eq!(cfg.sample_dir, Path::new("sample"));
        let written: toml::Table = toml::from_str(CONFIG).unwrap();
        let all: toml::Table = toml::from_str(&toml::to_string(&crate::Config::default()).unwrap()).unwrap();
        for (k, v) in &all {
            assert!(written.contains_key(k), "init's shownotes.toml lacks `{k}`");
            if let toml::Value::Table(t) = v {
                for k2 in t.keys() {
                    assert!(written[k].as_table().unwrap().contains_key(k2), "init's shownotes.toml lacks `{k}.{k2}`");
                }
            }
        }
    }
}
