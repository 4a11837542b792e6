//! Each episode's files kept from the last build: an episode whose pages would be made
//! from the same context as last time is not rendered again; its files are taken from
//! the previous site (hard-linked into the staging folder where the file system allows)
//! once each is found to hold exactly the bytes the last build wrote.
//!
//! An episode's files (its page, `transcript.html`, the transcript files, its JSON and
//! chapters) and its two feed items read the episode itself, its neighbours' titles and
//! slugs (the page's newer / older links), the people it names as the people index has
//! them (page, appearances, picture), whether the site has people pages, the site's
//! settings and the theme's templates. The key of the build cache's `pages-` entry is
//! a hash of exactly those; the entry holds a manifest (each file's path and blake3 hash)
//! and the feed items. On use, every file of the manifest is read from the previous site
//! (regular files only, never through a link) and hashed: one file missing, damaged or
//! edited by hand, and the episode is rendered again, as a clean build would. The cache
//! entry itself is signed and tied to this binary ([`crate::cache`]), so a change of
//! the renderer starts over.

use super::{Out, Theme};
use crate::cache::{Cache, Key, KeyHasher};
use crate::config::Config;
use crate::model::{Cue, Episode};
use crate::people::People;
use crate::write::Page;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The largest `pages-` entry read: a manifest and two feed items (an episode's full
/// item holds its show notes, bounded by `[limits] file_bytes`).
const MAX_ENTRY: u64 = 256 << 20;
/// The largest file of the previous site read back.
const MAX_FILE: u64 = 1 << 30;
const MANIFEST: &str = "manifest";
const FULL_ITEM: &str = "item";
const SHORT_ITEM: &str = "short-item";

/// An episode's feed items: in full (the show's feed), short (the topics' feeds).
pub(crate) type FeedItems = (Vec<u8>, Vec<u8>);

/// What the episodes' files are reused from: the build cache and the previous site.
pub(crate) struct Reuse<'a> {
    cache: &'a Cache,
    previous: PathBuf,
    /// `previous` with its links resolved: a file is taken only from a folder that
    /// resolves to its own place under it, never through a folder replaced by a link
    /// (whose target may be anywhere, and would be hard-linked into the new site).
    root: Option<PathBuf>,
    /// A hash of what every episode's files read of the site: settings and templates.
    site: [u8; 32],
    /// Whether the episode's templates may show how many episodes a person is on
    /// ([`may_show_appearances`]): a new episode changes that number on every page of
    /// its hosts, so it is part of the key only when a template can print it.
    appearances: bool,
    reused: AtomicUsize,
}

/// `Debug` output gathered into blocks before it is hashed: `Debug` writes a field name,
/// a quote or a number at a time, and a hasher fed a few bytes per call spends its time
/// on the calls. The same bytes reach the hash either way.
const BUFFERED: usize = 16 << 10;

struct Buffered<'h> {
    hasher: &'h mut blake3::Hasher,
    buf: Vec<u8>,
}

impl Buffered<'_> {
    fn flush(&mut self) {
        self.hasher.update(&self.buf);
        self.buf.clear();
    }
    /// Bytes as they are: gathered like `Debug`'s, so a cue's few fields reach the hasher
    /// in blocks it hashes many chunks at a time rather than a call per field.
    pub(crate) fn put(&mut self, bytes: &[u8]) {
        if self.buf.len() + bytes.len() > BUFFERED {
            self.flush();
        }
        if bytes.len() >= BUFFERED {
            self.hasher.update(bytes);
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }
}

/// A hash of a transcript's cues, every field length-first (the same bytes as a hasher fed
/// field by field, gathered into blocks first).
pub(crate) fn hash_cues(h: &mut blake3::Hasher, cues: &[Cue]) {
    let mut b = Buffered { hasher: h, buf: Vec::with_capacity(BUFFERED) };
    for Cue { start, speaker, text, line, estimated } in cues {
        b.put(&start.to_le_bytes());
        b.put(&(*line as u64).to_le_bytes());
        b.put(&[u8::from(*estimated), u8::from(speaker.is_some())]);
        for s in [speaker.as_deref().unwrap_or(""), text] {
            b.put(&(s.len() as u64).to_le_bytes());
            b.put(s.as_bytes());
        }
    }
    b.flush();
}

impl std::fmt::Write for Buffered<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.buf.len() + s.len() > BUFFERED {
            self.flush();
        }
        if s.len() >= BUFFERED {
            self.hasher.update(s.as_bytes());
        } else {
            self.buf.extend_from_slice(s.as_bytes());
        }
        Ok(())
    }
}

pub(crate) fn debug_hash(v: &dyn std::fmt::Debug) -> [u8; 32] {
    use std::fmt::Write;
    let mut h = blake3::Hasher::new();
    let mut buffered = Buffered { hasher: &mut h, buf: Vec::new() };
    let _ = write!(buffered, "{v:?}");
    buffered.flush();
    *h.finalize().as_bytes()
}

/// A hash of every field of an episode: its cues (most of it) and show notes byte by byte, the rest
/// through `Debug`. The pattern names every field, so a field added to [`Episode`] does
/// not compile until it is added here too.
fn episode_hash(ep: &Episode) -> [u8; 32] {
    use std::fmt::Write;
    let Episode {
        slug,
        number,
        title,
        title_source,
        episode_type,
        date,
        description,
        hosts,
        guests,
        duration,
        season,
        audio_url,
        audio_type,
        audio_length,
        draft,
        people_given,
        notes_html,
        note_items,
        cues,
        links,
        topics,
        entities,
        chapters,
        sources,
    } = ep;
    let mut h = blake3::Hasher::new();
    h.update(&(cues.len() as u64).to_le_bytes());
    hash_cues(&mut h, cues);
    // The show notes' HTML byte by byte too (`Debug` would escape it char by char).
    h.update(&[u8::from(notes_html.is_some())]);
    let html = notes_html.as_deref().unwrap_or("");
    h.update(&(html.len() as u64).to_le_bytes());
    h.update(html.as_bytes());
    let head = (slug, number, title, title_source, episode_type, date, description, hosts, guests, duration, season);
    let tail = (audio_url, audio_type, audio_length, draft, people_given, note_items);
    let mut buffered = Buffered { hasher: &mut h, buf: Vec::with_capacity(BUFFERED) };
    let _ = write!(buffered, "{head:?}{tail:?}{links:?}{topics:?}{entities:?}{chapters:?}{sources:?}");
    buffered.flush();
    *h.finalize().as_bytes()
}

impl<'a> Reuse<'a> {
    /// Reuse from `previous` (the output folder, before the new site is swapped in).
    pub(crate) fn new(cache: &'a Cache, previous: &Path, config: &Config, theme: &Theme) -> Self {
        let mut h = KeyHasher::new("pages-site");
        h.add(&debug_hash(config));
        h.add(&[u8::from(theme.wants_paragraphs)]);
        for (name, _, text) in &theme.sources {
            h.add(name.as_bytes()).add(text.as_bytes());
        }
        let site = *blake3::hash(h.finish("site").name().as_bytes()).as_bytes();
        let appearances = episode_templates(&theme.sources).iter().any(|t| may_show_appearances(t));
        let root = previous.canonicalize().ok();
        Reuse { cache, previous: previous.to_path_buf(), root, site, appearances, reused: AtomicUsize::new(0) }
    }

    /// The site files are taken from (the output folder, before the new site is swapped
    /// in): the search index's files are taken from there too ([`crate::search`]).
    pub(crate) fn previous(&self) -> &Path {
        &self.previous
    }

    /// How many episodes' files were taken from the previous site.
    pub(crate) fn reused(&self) -> usize {
        self.reused.load(Relaxed)
    }

    /// The key of episode `i`'s files (`episodes` newest first, as rendered).
    pub(crate) fn key(&self, episodes: &[Episode], i: usize, cast: &People) -> Key {
        let ep = &episodes[i];
        let mut k = KeyHasher::new("pages");
        k.add(&self.site).add(&episode_hash(ep));
        for near in [i.checked_sub(1).map(|j| &episodes[j]), episodes.get(i + 1)] {
            match near {
                Some(e) => k.add(b"+").add(e.title.as_bytes()).add(e.slug.as_bytes()),
                None => k.add(b"-"),
            };
        }
        k.add(&[u8::from(cast.people.is_empty())]);
        for name in ep.hosts.iter().chain(&ep.guests) {
            k.add(name.as_bytes());
            match cast.get(name) {
                Some(p) => {
                    let shown = self.appearances.then(|| p.appearances());
                    k.add(&debug_hash(&(&p.name, &p.slug, shown, &p.img, &p.url, &p.bio)))
                }
                None => k.add(b"-"),
            };
        }
        k.finish("pages")
    }

    /// Episode's files under `key` put into `out` from the previous site, and its feed
    /// items (full, short); `None` (nothing put) when the entry is missing or any file
    /// is not exactly as the last build wrote it.
    pub(crate) fn take(&self, key: &Key, out: &Out) -> Result<Option<FeedItems>, String> {
        let Some(mut pages) = self.cache.get(key, MAX_ENTRY) else { return Ok(None) };
        let named = |pages: &mut Vec<Page>, name: &str| {
            pages.iter().position(|p| p.path == Path::new(name)).map(|i| pages.swap_remove(i).content)
        };
        let (Some(manifest), Some(full), Some(short)) =
            (named(&mut pages, MANIFEST), named(&mut pages, FULL_ITEM), named(&mut pages, SHORT_ITEM))
        else {
            return Ok(None);
        };
        let Some(files) = parse_manifest(&manifest) else { return Ok(None) };
        let mut found = Vec::with_capacity(files.len());
        let mut checked: Vec<&Path> = Vec::new();
        for (path, hash) in &files {
            let dir = path.parent().unwrap_or(Path::new(""));
            let check = !checked.contains(&dir);
            let Some((bytes, from, opened)) = self.previous_file(path, hash, check) else {
                return Ok(None);
            };
            if check {
                checked.push(dir);
            }
            found.push((path.clone(), bytes, from, opened));
        }
        for (path, bytes, from, opened) in found {
            out.put_same(path, bytes, &from, &opened)?;
        }
        self.reused.fetch_add(1, Relaxed);
        Ok(Some((full, short)))
    }

    /// The file `path` of the previous site, when it is a regular file (not reached
    /// through a link: with `check_dir`, its folder is checked to resolve to its own place
    /// in the site) whose blake3 hash is `hash`: its bytes, where it is, and what was
    /// opened (for [`Out::put_same`]).
    pub(super) fn previous_file(
        &self,
        path: &Path,
        hash: &[u8; 32],
        check_dir: bool,
    ) -> Option<(Vec<u8>, PathBuf, std::fs::Metadata)> {
        let root = self.root.as_ref()?;
        if check_dir && !own_folder(&self.previous, root, path.parent().unwrap_or(Path::new(""))) {
            return None;
        }
        let (bytes, from, opened) = read_previous(&self.previous, path)?;
        (blake3::hash(&bytes).as_bytes() == hash).then_some((bytes, from, opened))
    }

    /// The build cache.
    pub(super) fn cache(&self) -> &Cache {
        self.cache
    }

    /// A hash of the settings and templates every page reads.
    pub(super) fn site(&self) -> &[u8; 32] {
        &self.site
    }

    /// Keeps episode's files (path, blake3 hash) and feed items under `key`.
    pub(crate) fn keep(&self, key: &Key, files: &[(PathBuf, [u8; 32])], full: &[u8], short: &[u8]) {
        let mut manifest = String::new();
        for (path, hash) in files {
            let Some(p) = path.to_str().filter(|p| !p.contains('\n')) else { return };
            manifest.push_str(&blake3::Hash::from(*hash).to_hex());
            manifest.push(' ');
            manifest.push_str(p);
            manifest.push('\n');
        }
        let page = |name: &str, content: Vec<u8>| Page { path: PathBuf::from(name), content };
        let entry =
            [page(MANIFEST, manifest.into_bytes()), page(FULL_ITEM, full.to_vec()), page(SHORT_ITEM, short.to_vec())];
        self.cache.put(key, &entry, MAX_ENTRY);
    }
}

/// The texts of the templates an episode's pages are rendered with: `episode.html`,
/// `transcript.html` and every template they extend, include or import, and so on.
fn episode_templates(sources: &[(String, Option<PathBuf>, String)]) -> Vec<&str> {
    let mut names: Vec<&str> = vec!["episode.html", "transcript.html"];
    let mut i = 0;
    while i < names.len() {
        if let Some((_, _, text)) = sources.iter().find(|(n, _, _)| n == names[i]) {
            for used in named_templates(text) {
                if !names.contains(&used) {
                    names.push(used);
                }
            }
        }
        i += 1;
    }
    sources.iter().filter(|(n, _, _)| names.contains(&n.as_str())).map(|(_, _, t)| t.as_str()).collect()
}

/// The names `{% extends "x" %}`, `{% include "x" %}` (or a list of them) and
/// `{% import "x" as m %}` give in a template's text: every quoted string in such a tag.
fn named_templates(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or("").trim_start_matches('-').trim_start();
        if !["extends", "include", "import"].iter().any(|w| tag.starts_with(w)) {
            continue;
        }
        for (i, quoted) in tag.split(['"', '\'', '`']).enumerate() {
            if i % 2 == 1 {
                out.push(quoted);
            }
        }
    }
    out
}

/// Whether a template's text may print a person's number of appearances: it names
/// the field, or reaches fields without naming them (`json_encode`, the `get` filter,
/// a `for key, value in` loop over an object). The built-in episode templates do none.
fn may_show_appearances(template: &str) -> bool {
    if ["appearances", "json_encode", "get("].iter().any(|w| template.contains(w)) {
        return true;
    }
    // `{% for k, v in x %}`
    template.split("for").skip(1).any(|rest| {
        let head = rest.split(" in ").next().unwrap_or("");
        head.len() < 80 && head.contains(',')
    })
}

/// The manifest's (path, hash) lines; `None` when a line is malformed or a path would
/// leave the output folder.
fn parse_manifest(bytes: &[u8]) -> Option<Vec<(PathBuf, [u8; 32])>> {
    let text = std::str::from_utf8(bytes).ok()?;
    text.lines()
        .map(|line| {
            let (hex, path) = line.split_once(' ')?;
            let hash = *blake3::Hash::from_hex(hex).ok()?.as_bytes();
            let path = PathBuf::from(path);
            let inside = !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
            inside.then_some((path, hash))
        })
        .collect()
}

/// Whether the folder `dir` of the previous site `previous` (whose canonical path is
/// `root`) is its own place there, not a link to somewhere else.
pub(crate) fn own_folder(previous: &Path, root: &Path, dir: &Path) -> bool {
    previous.join(dir).canonicalize().ok().as_deref() == Some(root.join(dir).as_path())
}

/// The regular file `path` (relative, plain components only) of the previous site
/// `previous`, never opened through a link: its bytes, where it is, and what was opened
/// (for [`Out::put_same`]). The caller checks its folder ([`own_folder`]) and its hash.
pub(crate) fn read_previous(previous: &Path, path: &Path) -> Option<(Vec<u8>, PathBuf, std::fs::Metadata)> {
    if path.is_absolute() || path.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let from = previous.join(path);
    let (bytes, opened) = crate::nofollow::read_regular_opened(&from, MAX_FILE).ok()?;
    Some((bytes, from, opened))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_that_may_print_appearances_is_noticed() {
        assert!(may_show_appearances("{{ p.appearances }}"));
        assert!(may_show_appearances("{{ episode.people | json_encode() }}"));
        assert!(may_show_appearances("{% for k, v in p %}{{ v }}{% endfor %}"));
        assert!(may_show_appearances("{% for k,v in p %}"));
        assert!(!may_show_appearances(
            "{% for p in episode.people %}<a href=\"{{ p.url }}\">{{ p.name }}</a>{% endfor %}"
        ));
        let builtin: Vec<(String, Option<PathBuf>, String)> =
            super::super::BUILTIN_TEMPLATES.iter().map(|(n, s)| (n.to_string(), None, s.to_string())).collect();
        let used = episode_templates(&builtin);
        assert!(used.len() >= 3, "episode.html, transcript.html, base.html");
        assert!(!used.iter().any(|t| may_show_appearances(t)), "a new episode would render every page again");
        // A theme whose episode page includes a template that prints it.
        let mut theme = builtin.clone();
        theme.push(("episode.html".into(), None, "{% extends 'base.html' %}{% include \"who.html\" %}".into()));
        theme.push(("who.html".into(), None, "{{ p.appearances }}".into()));
        theme.retain(|(n, _, t)| n != "episode.html" || t.contains("who"));
        assert!(episode_templates(&theme).iter().any(|t| may_show_appearances(t)));
    }

    #[test]
    fn a_manifest_reads_back_and_refuses_paths_outside_the_site() {
        let h = blake3::hash(b"x");
        let line = |p: &str| format!("{} {p}\n", h.to_hex());
        let ok = parse_manifest(line("episodes/a/index.html").as_bytes()).unwrap();
        assert_eq!(ok, vec![(PathBuf::from("episodes/a/index.html"), *h.as_bytes())]);
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(parse_manifest(line(bad).as_bytes()).is_none(), "{bad}");
        }
        assert!(parse_manifest(b"nothex episodes/a/index.html\n").is_none());
    }
}
