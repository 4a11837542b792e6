//! The preview `shownotes serve` keeps between runs, so that it answers at once on
//! start while the site is built again; and the hashes of the files pages show, which
//! say after each build which pages changed (a page that did not change is not
//! reloaded).
//!
//! What is kept: the files a browser shows (pages, styles, scripts, images, fonts: see
//! [`shown`]), each at most [`MAX_FILE`] bytes; not the feeds, the transcript files or
//! the search index, which a request during the start waits for. They are kept in the
//! build cache (`.public.shownotes-cache/serve-preview/`, beside the output folder), as
//! its entries are ([`crate::cache`]): each file is an entry named by a hash of its
//! bytes, authenticated with the user's key, read only as a regular file of bounded size
//! (never through a symbolic link) and checked against the hash the manifest names; the
//! manifest (which file is which, and the address the preview was built for) is an
//! entry too. A kept preview is only ever served until the first build of the run is
//! written: never after.

use crate::cache::{Cache, KeyHasher};
use crate::write::Page;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A kept file is at most this big (a page with a long transcript is a few MB; audio
/// and video in `static/` are not kept).
pub const MAX_FILE: u64 = 8 << 20;
/// The manifest: one line per file.
const MAX_MANIFEST: u64 = 64 << 20;
const MAGIC: &str = "shownotes kept preview 1\n";

/// The hash of each shown file of a site folder, by its path in it (of a page, with the
/// server's address made [`ADDRESS`]: see [`as_kept`]).
pub type Hashes = BTreeMap<PathBuf, [u8; 32]>;

/// What the server's address (the preview's `base_url`) is in a kept page: text no page
/// holds (control characters are removed from everything a build publishes). Pages are
/// compared and kept with it, so a page is the same page on any port.
const ADDRESS: &str = "\u{1}shownotes-address\u{1}";

/// A file as it is compared and kept: a page's links to `url` made [`ADDRESS`].
pub fn as_kept<'a>(rel: &Path, bytes: &'a [u8], url: &str) -> std::borrow::Cow<'a, [u8]> {
    if is_page(rel) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            if text.contains(url) {
                return std::borrow::Cow::Owned(text.replace(url, ADDRESS).into_bytes());
            }
        }
    }
    std::borrow::Cow::Borrowed(bytes)
}

/// The hash of a shown file, as [`Hashes`] hold them.
pub fn hash_of(rel: &Path, bytes: &[u8], url: &str) -> [u8; 32] {
    *blake3::hash(&as_kept(rel, bytes, url)).as_bytes()
}

/// Is `rel` (a path in the site folder) a file a browser shows: a page, or what pages
/// are drawn with? Not the feeds, the sitemap, the JSON API, transcript and chapter
/// files, the search index, audio or video.
pub fn shown(rel: &Path) -> bool {
    if rel.starts_with("pagefind") {
        return false;
    }
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "html"
            | "htm"
            | "css"
            | "js"
            | "mjs"
            | "svg"
            | "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "avif"
            | "ico"
            | "woff"
            | "woff2"
            | "ttf"
            | "otf"
    )
}

fn is_page(rel: &Path) -> bool {
    rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The address path a page is opened at: `episodes/x/index.html` -> `/episodes/x/`.
pub fn url_of(rel: &Path) -> String {
    let s = rel.to_string_lossy().replace('\\', "/");
    match s.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{s}"),
    }
}

/// Hashes the shown files of the site folder `site`, built for `url` (symbolic links
/// not followed).
pub fn hash_site(site: &Path, url: &str) -> Hashes {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(site).ok().map(Path::to_path_buf))
        .filter(|rel| shown(rel))
        .collect();
    use rayon::prelude::*;
    files
        .into_par_iter()
        .filter_map(|rel| {
            let bytes = crate::nofollow::read_regular(&site.join(&rel), MAX_FILE).ok()?;
            let hash = hash_of(&rel, &bytes, url);
            Some((rel, hash))
        })
        .collect()
}

/// The address paths of the pages that differ between `old` and `new`; `None` when more
/// than pages changed (a style, a script, an image: every page may look different), or
/// so many pages that every open page may as well reload.
pub fn changed_pages(old: &Hashes, new: &Hashes) -> Option<Vec<String>> {
    let mut pages = BTreeSet::new();
    let paths: BTreeSet<&PathBuf> = old.keys().chain(new.keys()).collect();
    for p in paths {
        if old.get(p) != new.get(p) {
            if !is_page(p) {
                return None;
            }
            pages.insert(url_of(p));
            if pages.len() > 2000 {
                return None;
            }
        }
    }
    Some(pages.into_iter().collect())
}

/// The kept preview's folder: in the build cache beside the site's output folder, when
/// neither is a symbolic link.
fn store_dir(root: &Path, config: &crate::config::Config) -> Option<PathBuf> {
    let cache = crate::write::sibling(&root.join(&config.output_dir), "shownotes-cache")?;
    let link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let dir = cache.join("serve-preview");
    (!link(&cache) && !link(&dir)).then_some(dir)
}

/// Where the server's builds keep their build cache between runs:
/// `.public.shownotes-cache/serve-build/` (beside the kept preview). Each run builds
/// into a new preview folder, so a cache beside that folder would start empty and the
/// first build of every start would extract and parse the whole site again; this one
/// is the server's own (its pages are for the server's address, not `base_url`, so it
/// is not the one `shownotes build` keeps, which would prune its entries). `None` when
/// the cache folder or this one is a symbolic link.
pub fn build_cache_dir(root: &Path, config: &crate::config::Config) -> Option<PathBuf> {
    let dir = store_dir(root, config)?.with_file_name("serve-build");
    (!std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink())).then_some(dir)
}

fn file_key(hash: &[u8; 32]) -> crate::cache::Key {
    KeyHasher::new("page").add(hash).finish("page")
}

fn manifest_key() -> crate::cache::Key {
    KeyHasher::new("preview").finish("preview")
}

/// A preview kept by an earlier run, as it was built: served until this run's first
/// build is written.
pub struct Kept {
    cache: Cache,
    /// Every kept file's hash, by its path in the site folder (`/` separated).
    files: BTreeMap<String, [u8; 32]>,
    /// The address it is served at now.
    now_url: String,
}

impl Kept {
    /// The kept preview of the site in `root`, if there is one built with the same
    /// `drafts`; `url` is the address the server answers at now.
    pub fn load(root: &Path, config: &crate::config::Config, drafts: bool, url: &str) -> Option<Kept> {
        let cache = Cache::in_folder(store_dir(root, config)?);
        let entry = cache.get(&manifest_key(), MAX_MANIFEST)?;
        let text = String::from_utf8(entry.into_iter().next()?.content).ok()?;
        let mut lines = text.strip_prefix(MAGIC)?.lines();
        if lines.next()? != format!("drafts\t{}", u8::from(drafts)) {
            return None;
        }
        let mut files = BTreeMap::new();
        for line in lines {
            let (hex, path) = line.split_once('\t')?;
            let hash = blake3::Hash::from_hex(hex).ok()?;
            files.insert(path.to_string(), *hash.as_bytes());
        }
        Some(Kept { cache, files, now_url: url.to_string() })
    }

    /// The hashes of the kept files: what the first build's pages are compared with.
    pub fn hashes(&self) -> Hashes {
        self.files.iter().map(|(p, h)| (PathBuf::from(p), *h)).collect()
    }

    /// Does the kept preview have `rel` (`/` separated, in the site folder)?
    pub fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// The kept file `rel`, if it is kept and its entry is sound and holds what the
    /// manifest says; a page's links point at the server's address now.
    pub fn get(&self, rel: &str) -> Option<Vec<u8>> {
        let hash = self.files.get(rel)?;
        let content = self.cache.get(&file_key(hash), MAX_FILE + 4096)?.into_iter().next()?.content;
        if blake3::hash(&content).as_bytes() != hash {
            return None;
        }
        if is_page(Path::new(rel)) {
            if let Ok(text) = std::str::from_utf8(&content) {
                return Some(text.replace(ADDRESS, &self.now_url).into_bytes());
            }
        }
        Some(content)
    }
}

/// Keeps the shown files of the site folder `site` (their `hashes`, as [`hash_site`]
/// made them) as the site's kept preview, built for `url` (pages are kept with
/// [`ADDRESS`] for it, and served with the address of the run that serves them): files already kept are not
/// written again, and files no longer part of it are removed. A file that changed
/// since it was hashed (the next build replaced it) is left out. Without a cache (no
/// key, a folder that is a link) nothing is kept.
pub fn save(root: &Path, config: &crate::config::Config, drafts: bool, url: &str, site: &Path, hashes: &Hashes) {
    let Some(dir) = store_dir(root, config) else { return };
    let cache = Cache::in_folder(dir);
    let mut manifest = format!("{MAGIC}drafts\t{}\n", u8::from(drafts));
    for (rel, hash) in hashes {
        let Some(name) = rel.to_str().map(|s| s.replace('\\', "/")) else { continue };
        if name.contains(['\n', '\t']) {
            continue;
        }
        let key = file_key(hash);
        if !cache.keep(&key) {
            let Ok(bytes) = crate::nofollow::read_regular(&site.join(rel), MAX_FILE) else { continue };
            let content = as_kept(rel, &bytes, url);
            if blake3::hash(&content).as_bytes() != hash {
                continue;
            }
            cache.put(&key, &[Page { path: PathBuf::new(), content: content.into_owned() }], MAX_FILE + 4096);
            if !cache.keep(&key) {
                // Not written (no key, a disk that is full): the manifest names only
                // what is there.
                continue;
            }
        }
        manifest.push_str(&format!("{}\t{name}\n", blake3::Hash::from_bytes(*hash).to_hex()));
    }
    cache.put(&manifest_key(), &[Page { path: PathBuf::new(), content: manifest.into_bytes() }], MAX_MANIFEST);
    cache.prune();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_named_by_their_address_and_only_shown_files_count() {
        assert_eq!(url_of(Path::new("index.html")), "/");
        assert_eq!(url_of(Path::new("episodes/x/index.html")), "/episodes/x/");
        assert_eq!(url_of(Path::new("episodes/x/transcript.html")), "/episodes/x/transcript.html");
        assert_eq!(url_of(Path::new("404.html")), "/404.html");
        assert_eq!(url_of(Path::new("myindex.html")), "/myindex.html");
        for s in ["index.html", "style.css", "player.js", "cover.png", "favicon.ico"] {
            assert!(shown(Path::new(s)), "{s}");
        }
        for s in ["feed.xml", "sitemap.xml", "api/episodes/x.json", "episodes/x/transcript.vtt", "pagefind/pagefind.js"]
        {
            assert!(!shown(Path::new(s)), "{s}");
        }
        let h = |b: u8| [b; 32];
        let old: Hashes =
            [("index.html".into(), h(1)), ("episodes/a/index.html".into(), h(2)), ("style.css".into(), h(3))]
                .into_iter()
                .collect();
        let mut new = old.clone();
        assert_eq!(changed_pages(&old, &new), Some(vec![]));
        new.insert("episodes/a/index.html".into(), h(9));
        new.insert("episodes/b/index.html".into(), h(8));
        assert_eq!(changed_pages(&old, &new), Some(vec!["/episodes/a/".to_string(), "/episodes/b/".to_string()]));
        new.insert("style.css".into(), h(7));
        assert_eq!(changed_pages(&old, &new), None, "a new style may change every page");
    }
}
