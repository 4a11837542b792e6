//! The build cache: files an earlier build made, found again by a hash of everything they
//! were made from, so that the part of a site that did not change is not made again.
//!
//! It lives next to the output folder, like the lock and the staging folder
//! (`.public.shownotes-cache/` for `public/`), marked with `CACHEDIR.TAG` and a
//! `.gitignore` of its own, and is always safe to delete. An entry is used only when its
//! format, the binary that wrote it (a hash of the executable's bytes) and its checksum
//! all match: a damaged entry or one from another build of shownotes is ignored
//! and made again, never trusted. A build removes the entries it did not use, so the
//! cache holds one site's worth.
//!
//! What is cached: the search index, shard by shard (Pagefind is most of a full build's
//! time; one edited episode changes one shard).

use crate::write::Page;
use rustc_hash::FxHashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const MAGIC: &[u8] = b"shownotes-cache 1\n";
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is a cache made by shownotes (https://bford.info/cachedir/); safe to delete.\n";

/// A cache entry's name: a hash of what it is made from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key(String);

/// Hashes the inputs of one cache entry. Every part is length-prefixed, so ("ab", "c")
/// and ("a", "bc") differ.
#[derive(Default)]
pub struct KeyHasher(blake3::Hasher);

impl KeyHasher {
    pub fn new(kind: &str) -> Self {
        let mut h = KeyHasher(blake3::Hasher::new());
        h.add(kind.as_bytes());
        h
    }
    pub fn add(&mut self, part: &[u8]) -> &mut Self {
        self.0.update(&(part.len() as u64).to_le_bytes());
        self.0.update(part);
        self
    }
    pub fn finish(&self, kind: &str) -> Key {
        Key(format!("{kind}-{}", &self.0.finalize().to_hex()[..32]))
    }
}

/// The cache of one build (or none: [`Cache::off`]).
pub struct Cache {
    dir: Option<PathBuf>,
    used: Mutex<FxHashSet<String>>,
    hits: Mutex<(usize, usize)>,
}

impl Cache {
    /// The cache next to `output`. It is created on first write.
    pub fn beside(output: &Path) -> Cache {
        // A cache folder that is a symbolic link is not ours to fill or prune.
        let dir = crate::write::sibling(output, "shownotes-cache")
            .filter(|d| !std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()));
        Cache { dir, used: Mutex::default(), hits: Mutex::default() }
    }

    /// No cache: nothing is read or written.
    pub fn off() -> Cache {
        Cache { dir: None, used: Mutex::default(), hits: Mutex::default() }
    }

    /// (entries found, entries looked for) so far.
    pub fn hits(&self) -> (usize, usize) {
        *self.hits.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The files stored under `key`, if the entry is there and sound.
    pub fn get(&self, key: &Key) -> Option<Vec<Page>> {
        let dir = self.dir.as_ref()?;
        let binary = binary_identity()?;
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.0.clone());
        let found = std::fs::read(dir.join(&key.0)).ok().and_then(|bytes| decode(&bytes, binary));
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.1 += 1;
        hits.0 += usize::from(found.is_some());
        found
    }

    /// Stores `files` under `key`. A cache that cannot be written is no error: the next
    /// build makes the files again.
    pub fn put(&self, key: &Key, files: &[Page]) {
        let (Some(dir), Some(binary)) = (&self.dir, binary_identity()) else { return };
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.0.clone());
        let _ = (|| -> io::Result<()> {
            std::fs::create_dir_all(dir)?;
            if !dir.join("CACHEDIR.TAG").is_file() {
                std::fs::write(dir.join("CACHEDIR.TAG"), TAG)?;
                std::fs::write(dir.join(".gitignore"), "*\n")?;
            }
            // Written whole under a temporary name, then renamed: a killed build leaves
            // no half entry under a real name.
            let tmp = dir.join(format!(".{}.{}", key.0, std::process::id()));
            std::fs::write(&tmp, encode(files, binary))?;
            std::fs::rename(&tmp, dir.join(&key.0))
        })();
    }

    /// Removes the entries this build did not use (and leftovers of killed builds); only
    /// files named as entries are, and only in a folder tagged as ours.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        if !std::fs::read_to_string(dir.join("CACHEDIR.TAG")).is_ok_and(|t| t == TAG) {
            return;
        }
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if is_entry_name(&name) && !used.contains(&name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// `<kind>-<32 hex digits>`, or its temporary `.<kind>-<hex>.<pid>` while written.
fn is_entry_name(name: &str) -> bool {
    let key = name.strip_prefix('.').and_then(|n| n.rsplit_once('.')).map_or(name, |(k, _)| k);
    key.rsplit_once('-').is_some_and(|(kind, hex)| {
        !kind.is_empty()
            && kind.bytes().all(|b| b.is_ascii_lowercase())
            && hex.len() == 32
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// A hash of the running executable's bytes, once per process: another build of
/// shownotes (another version, or the same one compiled again) never trusts what this
/// one cached. `None` (no cache) when the executable cannot be read.
fn binary_identity() -> Option<&'static [u8]> {
    static ID: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let mut h = blake3::Hasher::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update_mmap(&exe).ok()?;
        Some(h.finalize().as_bytes().to_vec())
    })
    .as_deref()
}

/// MAGIC, the binary's identity, the files (path and bytes, each length-prefixed), then
/// a checksum of all that.
fn encode(files: &[Page], binary: &[u8]) -> Vec<u8> {
    let size: usize = files.iter().map(|f| f.content.len() + f.path.as_os_str().len() + 16).sum();
    let mut out = Vec::with_capacity(size + binary.len() + 64);
    out.extend(MAGIC);
    put_bytes(&mut out, binary);
    out.extend((files.len() as u64).to_le_bytes());
    for f in files {
        put_bytes(&mut out, f.path.to_string_lossy().as_bytes());
        put_bytes(&mut out, &f.content);
    }
    let sum = blake3::hash(&out);
    out.extend(sum.as_bytes());
    out
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend((b.len() as u64).to_le_bytes());
    out.extend(b);
}

/// The files of an entry, or `None` for anything not exactly as [`encode`] writes it.
fn decode(bytes: &[u8], binary: &[u8]) -> Option<Vec<Page>> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let mut r = body.strip_prefix(MAGIC)?;
    if take_bytes(&mut r)? != binary {
        return None;
    }
    let n = u64::from_le_bytes(take(&mut r, 8)?.try_into().ok()?);
    let mut files = Vec::new();
    for _ in 0..n {
        let path = std::str::from_utf8(take_bytes(&mut r)?).ok()?;
        let content = take_bytes(&mut r)?.to_vec();
        files.push(Page { path: PathBuf::from(path), content });
    }
    r.is_empty().then_some(files)
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = r.split_at_checked(n)?;
    *r = rest;
    Some(head)
}

fn take_bytes<'a>(r: &mut &'a [u8]) -> Option<&'a [u8]> {
    let n = usize::try_from(u64::from_le_bytes(take(r, 8)?.try_into().ok()?)).ok()?;
    take(r, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<Page> {
        vec![
            Page { path: PathBuf::from("pagefind/a.pf_meta"), content: b"meta".to_vec() },
            Page { path: PathBuf::from("pagefind/index/x"), content: vec![0, 1, 2, 255] },
        ]
    }

    #[test]
    fn an_entry_comes_back_as_written_and_only_to_the_same_binary() {
        let bytes = encode(&files(), b"v1");
        let back = decode(&bytes, b"v1").unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!((back[1].path.clone(), back[1].content.clone()), (files()[1].path.clone(), vec![0, 1, 2, 255]));
        assert!(decode(&bytes, b"v2").is_none(), "another binary's entry is not used");
    }

    #[test]
    fn a_damaged_entry_is_never_trusted() {
        let bytes = encode(&files(), b"v1");
        for i in [0, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 0x20;
            assert!(decode(&bad, b"v1").is_none(), "byte {i} flipped");
        }
        for cut in [0, 10, bytes.len() - 33, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], b"v1").is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn only_entries_are_pruned() {
        assert!(is_entry_name("search-0123456789abcdef0123456789abcdef"));
        assert!(is_entry_name(".search-0123456789abcdef0123456789abcdef.4242"));
        for other in ["CACHEDIR.TAG", ".gitignore", "notes.txt", "search-123", "x-0123456789abcdef0123456789abcdeg"] {
            assert!(!is_entry_name(other), "{other}");
        }
    }

    #[test]
    fn keys_tell_their_parts_apart() {
        let k = |parts: &[&[u8]]| {
            let mut h = KeyHasher::new("search");
            for p in parts {
                h.add(p);
            }
            h.finish("search")
        };
        assert_ne!(k(&[b"ab", b"c"]), k(&[b"a", b"bc"]));
        assert_eq!(k(&[b"ab", b"c"]), k(&[b"ab", b"c"]));
    }

    #[test]
    fn the_cache_sits_beside_the_output_and_prunes_what_a_build_did_not_use() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let cache = Cache::beside(&out);
        let (a, b) = (KeyHasher::new("t").add(b"a").finish("t"), KeyHasher::new("t").add(b"b").finish("t"));
        cache.put(&a, &files());
        cache.put(&b, &files());
        let cdir = dir.path().join(".public.shownotes-cache");
        assert!(cdir.join("CACHEDIR.TAG").is_file() && cdir.join(".gitignore").is_file());

        let next = Cache::beside(&out);
        assert_eq!(next.get(&a).unwrap().len(), 2);
        next.prune();
        assert!(cdir.join(&a.0).is_file() && !cdir.join(&b.0).exists(), "b was not used");
        assert_eq!(next.hits(), (1, 1));
    }
}
