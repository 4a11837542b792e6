//! The merged index kept from the last build: a build whose shares are the ones the last
//! build merged (the same episodes' records in the same order, the same language,
//! Pagefind version and writer) does not merge them again; it takes the index's files
//! from the site being replaced, hard-linked into the new one where the file system
//! allows. A build that merges takes from there every index chunk whose words did not
//! change (a chunk is named by a hash of what it is made from), rather than encoding
//! and compressing it again.
//!
//! The build cache keeps one `searchindex-` entry per language: a hash of what the index
//! was merged from, and the path and blake3 hash of each file the merge wrote. The entry
//! is signed like every entry ([`crate::cache`]); the previous site is not trusted: each
//! file is read (a regular file, never through a link, in a folder that is its own place
//! under the output) and hashed, and one file missing or not exactly as written means
//! the index is merged again, as a clean build would.

use crate::cache::{Cache, Key, KeyHasher};
use crate::render::reuse::{own_folder, read_previous};
use crate::write::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const INPUTS: &str = "inputs";
const MANIFEST: &str = "manifest";
const STATE: &str = "state";

/// The name of the entry of `lang`'s index: one per language, replaced every build.
fn entry_key(lang: &str) -> Key {
    let mut k = KeyHasher::new("searchindex");
    k.add(b"last merged index").add(lang.as_bytes());
    k.finish("searchindex")
}

/// What the last build merged, and the files it wrote (path under the output, hash).
pub struct Kept {
    inputs: [u8; 32],
    files: FxHashMap<PathBuf, [u8; 32]>,
    /// What the index was merged from, for a patch ([`super::patch::State`], encoded).
    state: Vec<u8>,
}

impl Kept {
    /// The entry of `lang`, if there is a sound one; `files_bound` is the most files an
    /// index of this site may have (the entry is refused above its bytes).
    pub fn load(cache: &Cache, lang: &str, files_bound: usize) -> Option<Kept> {
        let max = (16 << 20) + 256 * files_bound as u64;
        let entry = cache.get(&entry_key(lang), max)?;
        let [inputs, manifest, state] = <[Page; 3]>::try_from(entry).ok()?;
        if inputs.path != Path::new(INPUTS) || manifest.path != Path::new(MANIFEST) || state.path != Path::new(STATE) {
            return None;
        }
        let inputs: [u8; 32] = inputs.content.try_into().ok()?;
        let text = std::str::from_utf8(&manifest.content).ok()?;
        let mut files = FxHashMap::default();
        for line in text.lines() {
            let (hex, path) = line.split_once(' ')?;
            let hash = blake3::Hash::from_hex(hex).ok()?;
            files.insert(PathBuf::from(path), *hash.as_bytes());
        }
        Some(Kept { inputs, files, state: state.content })
    }

    /// Whether the index was merged from exactly `inputs`.
    pub fn same_inputs(&self, inputs: &[u8; 32]) -> bool {
        self.inputs == *inputs
    }

    /// Puts every file of the index from `previous` through `put`, each checked against
    /// its hash and put as soon as it is read (never the whole index in memory at once:
    /// 45 MB at 2,000 episodes). Every file is checked once before any is put, so a
    /// missing or changed one is found before the site's tally counts a file or a link
    /// is made: `Ok(false)` then, and the caller merges. (Should a file change between
    /// the check and its put, `Ok(false)` too: the merge, of the same inputs, writes
    /// every one of these paths again, replaced and never written through, see
    /// [`crate::write::Staging`].)
    pub fn put_all(
        &self,
        previous: &PreviousSite,
        put: &(dyn Fn(Page, PathBuf, std::fs::Metadata) -> Result<(), String> + Sync),
    ) -> Result<bool, String> {
        let mut paths: Vec<&PathBuf> = self.files.keys().collect();
        paths.sort();
        if !paths.par_iter().all(|p| self.take(previous, p).is_some()) {
            return Ok(false);
        }
        let whole = std::sync::atomic::AtomicBool::new(true);
        paths.into_par_iter().try_for_each(|p| {
            if !whole.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(());
            }
            match self.take(previous, p) {
                Some((page, from, opened)) => put(page, from, opened),
                None => {
                    whole.store(false, std::sync::atomic::Ordering::Relaxed);
                    Ok(())
                }
            }
        })?;
        Ok(whole.into_inner())
    }

    /// What the index was merged from, if it reads as such.
    pub fn state(&self) -> Option<super::patch::State> {
        super::patch::State::decode(&self.state)
    }

    /// The hash of the file the last build wrote at `path`.
    pub fn hash(&self, path: &Path) -> Option<[u8; 32]> {
        self.files.get(path).copied()
    }

    /// How many files the index has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The file `path` from `previous`, if it is the one the last build wrote there.
    pub fn take(&self, previous: &PreviousSite, path: &Path) -> Option<(Page, PathBuf, std::fs::Metadata)> {
        let hash = self.files.get(path)?;
        let (content, from, opened) = previous.read(path)?;
        (blake3::hash(&content).as_bytes() == hash).then(|| (Page { path: path.to_path_buf(), content }, from, opened))
    }
}

/// A hash of what an index is merged from: the writer's formats (shares and index), the language, Pagefind's
/// version, whether there is WebAssembly (stemming), and every share's key in page order.
pub fn inputs(format: &[u8], index_format: &[u8], lang: &str, version: &str, wasm: bool, shares: &[Key]) -> [u8; 32] {
    let mut h = KeyHasher::new("searchindex");
    h.add(format).add(index_format).add(lang.as_bytes()).add(version.as_bytes()).add(&[u8::from(wasm)]);
    h.add(&(shares.len() as u64).to_le_bytes());
    for k in shares {
        h.add(k.name().as_bytes());
    }
    *blake3::hash(h.finish("inputs").name().as_bytes()).as_bytes()
}

/// Keeps what the index of `inputs` wrote: `files`, each path (under the output) and the
/// hash of its bytes, and what it was merged from (`state`, encoded).
pub fn store(cache: &Cache, lang: &str, inputs: &[u8; 32], files: Vec<(PathBuf, [u8; 32])>, state: Vec<u8>) {
    let mut files = files;
    files.sort();
    let mut manifest = String::new();
    for (path, hash) in &files {
        let Some(p) = path.to_str().filter(|p| !p.contains('\n')) else { return };
        manifest.push_str(&blake3::Hash::from(*hash).to_hex());
        manifest.push(' ');
        manifest.push_str(p);
        manifest.push('\n');
    }
    let entry = [
        Page { path: PathBuf::from(INPUTS), content: inputs.to_vec() },
        Page { path: PathBuf::from(MANIFEST), content: manifest.into_bytes() },
        Page { path: PathBuf::from(STATE), content: state },
    ];
    let max = (16 << 20) + 256 * files.len() as u64 + 256;
    cache.put(&entry_key(lang), &entry, max);
}

/// The site being replaced (the output folder before the new one is swapped in), read
/// only where a folder is its own place under it, never through a link.
pub struct PreviousSite {
    dir: PathBuf,
    root: PathBuf,
    /// Folders found to be their own place under `root`, by path under the output.
    checked: Mutex<FxHashMap<PathBuf, bool>>,
}

impl PreviousSite {
    pub fn new(dir: &Path) -> Option<PreviousSite> {
        let root = dir.canonicalize().ok()?;
        Some(PreviousSite { dir: dir.to_path_buf(), root, checked: Mutex::default() })
    }

    fn read(&self, path: &Path) -> Option<(Vec<u8>, PathBuf, std::fs::Metadata)> {
        let folder = path.parent().unwrap_or(Path::new(""));
        let own = {
            let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
            *checked.entry(folder.to_path_buf()).or_insert_with(|| own_folder(&self.dir, &self.root, folder))
        };
        if !own {
            return None;
        }
        read_previous(&self.dir, path)
    }
}
