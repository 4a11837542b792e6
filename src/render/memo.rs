//! Pages of the whole site (the topic pages, the topics' feeds) kept from the last build
//! by a hash of their context: a page whose context hashes as it did last time is not
//! rendered again; its file is taken from the previous site once it is found to hold
//! exactly the bytes the last build wrote (as an episode's files are, [`super::reuse`]).
//!
//! What each page read is hashed by its caller (the topic page: its topic, the links it
//! shows, its rows with their quotes, every episode's label for its timeline; a feed: its
//! channel and the bytes of its items), beside the settings and templates every page
//! reads. One entry of the build cache (`sitepages-`, under the settings and templates'
//! hash) holds, for every such page of the last build, its path, its context's hash and
//! its file's blake3 hash: one read per build rather than one per page. The entry is
//! signed like every entry ([`crate::cache`]), and a file is taken only when its bytes
//! hash as the entry says; else the page is rendered, as a clean build would.

use super::reuse::Reuse;
use super::Out;
use crate::cache::{Key, KeyHasher};
use crate::write::Page;
use rustc_hash::FxHashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

/// The largest `sitepages-` entry read: a line per page (a few thousand at 2,000
/// episodes, about 150 bytes each).
const MAX_ENTRY: u64 = 64 << 20;
const LIST: &str = "list";

/// A page's path, its context's hash and its file's hash.
type Line = (PathBuf, [u8; 32], [u8; 32]);
/// The list by path: (context hash, file hash).
type List = FxHashMap<PathBuf, ([u8; 32], [u8; 32])>;

/// The pages kept by their context's hash (see the module's text).
pub(crate) struct PageMemo<'a> {
    reuse: &'a Reuse<'a>,
    key: Key,
    /// The last build's pages: path -> (context hash, file hash).
    old: List,
    /// This build's.
    new: Mutex<Vec<Line>>,
    taken: AtomicUsize,
    sought: AtomicUsize,
}

/// Hashes a page's context: parts length-prefixed, values through serde's JSON (the
/// form the templates see them in), each value streamed into a hash of its own whose
/// digest (a fixed length) is the part.
pub(crate) struct ContextHasher(KeyHasher);

impl ContextHasher {
    pub(crate) fn new(kind: &str) -> Self {
        ContextHasher(KeyHasher::new(kind))
    }
    pub(crate) fn bytes(&mut self, part: &[u8]) -> &mut Self {
        self.0.add(part);
        self
    }
    pub(crate) fn json(&mut self, v: &impl serde::Serialize) -> &mut Self {
        let mut w = HashWriter(blake3::Hasher::new());
        // Serialising cannot fail but for a map with non-string keys, which no context
        // holds; an error still changes the hash.
        if let Err(e) = serde_json::to_writer(&mut w, v) {
            w.0.update(format!("\u{0}{e}").as_bytes());
        }
        self.0.add(w.0.finalize().as_bytes());
        self
    }
    pub(crate) fn finish(&self) -> [u8; 32] {
        *blake3::hash(self.0.finish("context").name().as_bytes()).as_bytes()
    }
}

/// Writes into a hasher.
struct HashWriter(blake3::Hasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> PageMemo<'a> {
    /// The last build's list, read from the build cache.
    pub(crate) fn new(reuse: &'a Reuse<'a>) -> Self {
        let key = KeyHasher::new("sitepages").add(reuse.site()).finish("sitepages");
        let old = reuse
            .cache()
            .get(&key, MAX_ENTRY)
            .and_then(|pages| pages.into_iter().find(|p| p.path == Path::new(LIST)))
            .and_then(|p| parse_list(&p.content))
            .unwrap_or_default();
        PageMemo { reuse, key, old, new: Mutex::default(), taken: AtomicUsize::new(0), sought: AtomicUsize::new(0) }
    }

    /// Puts the page `path` into `out`: the previous site's file when `context` is the
    /// hash it was made from last time and the file is intact, else what `make` renders.
    pub(crate) fn put(
        &self,
        out: &Out,
        path: PathBuf,
        context: [u8; 32],
        make: impl FnOnce() -> Result<Vec<u8>, String>,
    ) -> Result<(), String> {
        self.sought.fetch_add(1, Relaxed);
        if let Some((was, hash)) = self.old.get(&path) {
            if *was == context {
                if let Some((bytes, from, opened)) = self.reuse.previous_file(&path, hash, true) {
                    self.taken.fetch_add(1, Relaxed);
                    self.remember(path.clone(), context, *hash);
                    return out.put_same(path, bytes, &from, &opened);
                }
            }
        }
        let bytes = make()?;
        self.remember(path.clone(), context, *blake3::hash(&bytes).as_bytes());
        out.put(path, bytes)
    }

    fn remember(&self, path: PathBuf, context: [u8; 32], hash: [u8; 32]) {
        self.new.lock().unwrap_or_else(|e| e.into_inner()).push((path, context, hash));
    }

    /// (pages taken from the previous site, pages sought).
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.taken.load(Relaxed), self.sought.load(Relaxed))
    }

    /// Keeps this build's list for the next (sorted: the same site, the same entry).
    pub(crate) fn finish(&self) {
        let mut new = std::mem::take(&mut *self.new.lock().unwrap_or_else(|e| e.into_inner()));
        new.sort();
        let mut list = String::new();
        for (path, context, hash) in &new {
            let Some(p) = path.to_str().filter(|p| !p.contains('\n')) else { continue };
            list.push_str(&blake3::Hash::from(*context).to_hex());
            list.push(' ');
            list.push_str(&blake3::Hash::from(*hash).to_hex());
            list.push(' ');
            list.push_str(p);
            list.push('\n');
        }
        let entry = [Page { path: PathBuf::from(LIST), content: list.into_bytes() }];
        self.reuse.cache().put(&self.key, &entry, MAX_ENTRY);
    }
}

/// The list's lines; `None` when one is malformed or a path would leave the output folder.
fn parse_list(bytes: &[u8]) -> Option<List> {
    let text = std::str::from_utf8(bytes).ok()?;
    text.lines()
        .map(|line| {
            let (context, rest) = line.split_once(' ')?;
            let (hash, path) = rest.split_once(' ')?;
            let context = *blake3::Hash::from_hex(context).ok()?.as_bytes();
            let hash = *blake3::Hash::from_hex(hash).ok()?.as_bytes();
            let path = PathBuf::from(path);
            let inside = !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
            inside.then_some((path, (context, hash)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_back_and_refuses_paths_outside_the_site() {
        let (c, h) = (blake3::hash(b"c"), blake3::hash(b"x"));
        let line = |p: &str| format!("{} {} {p}\n", c.to_hex(), h.to_hex());
        let ok = parse_list(line("topics/a/index.html").as_bytes()).unwrap();
        assert_eq!(ok[Path::new("topics/a/index.html")], (*c.as_bytes(), *h.as_bytes()));
        for bad in ["../x", "/etc/passwd", "topics/../../b", ""] {
            assert!(parse_list(line(bad).as_bytes()).is_none(), "{bad}");
        }
        assert!(parse_list(format!("nothex {} topics/a/index.html\n", h.to_hex()).as_bytes()).is_none());
    }

    #[test]
    fn context_hashes_tell_their_parts_apart() {
        let a = ContextHasher::new("t").bytes(b"ab").bytes(b"c").finish();
        let b = ContextHasher::new("t").bytes(b"a").bytes(b"bc").finish();
        assert_ne!(a, b);
        assert_ne!(ContextHasher::new("t").json(&("x", 1)).finish(), ContextHasher::new("t").json(&("x", 2)).finish());
    }
}
