//! The build cache: files an earlier build made, found again by a hash of everything they
//! were made from, so that the part of a site that did not change is not made again.
//!
//! It lives next to the output folder, like the lock and the staging folder
//! (`.public.shownotes-cache/` for `public/`), marked with `CACHEDIR.TAG` and a
//! `.gitignore` of its own, and is always safe to delete. A build removes the entries it
//! did not use, so the cache holds one site's worth.
//!
//! What is cached: each episode's share of the search index (its words and fragment, under
//! a hash of its record: one edited episode changes one entry), Pagefind's search script,
//! and each episode's extraction with what
//! it read of the rest of the site ([`crate::extract::memo`]: `counted-`, `known-` and
//! `episode-` entries, and pass 1's sums over the catalogue in one `summary-` entry), and each show-notes file's parsed body by its bytes ([`crate::parse_memo`]:
//! `notes-` entries) and each transcript by its file's stat (`stats-` and `transcript-`
//! entries), the feed check's outcome by the feed's bytes (`feedcheck-`), each episode's rendered files by their context (`pages-`), and the
//! list of the topic pages and feeds with their contexts' hashes (`sitepages-`, one
//! entry: [`crate::render`]'s `memo`).
//!
//! The cache is in the site folder, and a site folder is not trusted (a cloned
//! repository, a shared content folder): what it holds is data the build checks before
//! any of it reaches the output.
//! - An entry is authenticated, not only checksummed: its last 32 bytes are a keyed
//!   blake3 hash of the rest, with a key of the user's that lives outside every site
//!   (`$XDG_CACHE_HOME/shownotes/cache-key`, else `~/.cache/...`; 32 random bytes made
//!   on first use, readable by the user alone). The format and the binary's identity are
//!   no secret, so a plain checksum could be forged by anyone who can write the site
//!   folder; a keyed hash only by whoever can read the key. Without a key (no home, a
//!   read-only one) there is no cache: the build makes everything, as a clean build does.
//!   A CI runner that keeps the cache between runs keeps the key with it.
//! - An entry is used only when its format and the binary that wrote it (a hash of the
//!   executable's bytes) match too, so another build of shownotes never trusts it.
//! - Only regular files of a bounded size are read (never through a symbolic link, never
//!   a FIFO or a device), and the caller's bound is one a real entry never exceeds;
//!   an entry of the search index is taken only in the shape the search writes it (a
//!   share's words that decode whole, Pagefind's script files by their names).
//! - Nothing is written through a symbolic link: every file is written under a new
//!   temporary name (created, never opened if it exists) and renamed into place, which
//!   replaces a link (or a hard link, or a FIFO) rather than writing to what it points
//!   at. A link found in the cache is removed, with a warning.

use crate::diagnostics::Diagnostic;
use crate::nofollow::{self, Odd, ReadError};
use crate::write::Page;
use rustc_hash::FxHashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const MAGIC: &[u8] = b"shownotes-cache 3\n";
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is a cache made by shownotes (https://bford.info/cachedir/); safe to delete.\n";
const GITIGNORE: &str = "*\n";

/// A cache entry's name: a hash of what it is made from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key(String);

impl Key {
    /// The entry's file name, `<kind>-<hex>`.
    pub fn name(&self) -> &str {
        &self.0
    }
}

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
    /// The user's key, looked for when first needed (a build without search needs none).
    secret: OnceLock<Option<&'static [u8; 32]>>,
    /// Whether the folder is there, a real folder, with its tag and `.gitignore`.
    ready: OnceLock<bool>,
    used: Mutex<FxHashSet<String>>,
    hits: Mutex<(usize, usize)>,
    /// The same, by kind of entry (`search`, `pages`, ...: the name before its `-`).
    hits_by_kind: Mutex<rustc_hash::FxHashMap<String, (usize, usize)>>,
    warnings: Mutex<Vec<Diagnostic>>,
}

impl Cache {
    fn new(dir: Option<PathBuf>) -> Cache {
        Cache {
            dir,
            secret: OnceLock::new(),
            ready: OnceLock::new(),
            used: Mutex::default(),
            hits: Mutex::default(),
            hits_by_kind: Mutex::default(),
            warnings: Mutex::default(),
        }
    }

    /// The cache next to `output`. It is created on first write.
    pub fn beside(output: &Path) -> Cache {
        // A cache folder that is a symbolic link is not ours to fill or prune.
        Cache::new(
            crate::write::sibling(output, "shownotes-cache")
                .filter(|d| !std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink())),
        )
    }

    /// No cache: nothing is read or written.
    pub fn off() -> Cache {
        Cache::new(None)
    }

    /// A cache in the folder `dir` itself (`shownotes serve`'s kept preview, a folder of
    /// the build cache's own); none when `dir` is a symbolic link.
    pub(crate) fn in_folder(dir: PathBuf) -> Cache {
        Cache::new(Some(dir).filter(|d| !std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink())))
    }

    /// Keeps the entry `key` (the next [`Cache::prune`] leaves it) without reading it:
    /// true when it is there, a regular file.
    pub(crate) fn keep(&self, key: &Key) -> bool {
        let Some((dir, ..)) = self.open() else { return false };
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.0.clone());
        std::fs::symlink_metadata(dir.join(&key.0)).is_ok_and(|m| m.file_type().is_file())
    }

    /// The folder and the key, or `None`: without a key there is nothing to trust.
    fn open(&self) -> Option<(&Path, &'static [u8; 32], &'static [u8])> {
        let dir = self.dir.as_deref()?;
        Some((dir, (*self.secret.get_or_init(secret))?, binary_identity()?))
    }

    /// (entries found, entries looked for) so far.
    pub fn hits(&self) -> (usize, usize) {
        *self.hits.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// (entries found, entries looked for) so far of one kind (`search`: the entries
    /// [`KeyHasher::finish`] named `search-...`).
    pub fn hits_of(&self, kind: &str) -> (usize, usize) {
        self.hits_by_kind.lock().unwrap_or_else(|e| e.into_inner()).get(kind).copied().unwrap_or_default()
    }

    /// What the cache found that a build never writes there (links, FIFOs, huge files).
    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.warnings.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn warn(&self, path: &Path, odd: Odd, max: u64) {
        let what = match odd {
            Odd::Link => "a symbolic link in the build cache; removed, its target left as it was".to_string(),
            Odd::NotRegular => "not a regular file in the build cache; removed unread".to_string(),
            Odd::TooLarge => format!("a file over {} MB in the build cache; removed unread", max.div_ceil(1 << 20)),
        };
        let message = format!(
            "{what} (the cache holds only files a build writes: look for other files in the site folder you did not put there)"
        );
        self.warnings.lock().unwrap_or_else(|e| e.into_inner()).push(Diagnostic::warning(path, None, message));
    }

    /// The files stored under `key`, if the entry is there, at most `max` bytes, and sound.
    pub fn get(&self, key: &Key, max: u64) -> Option<Vec<Page>> {
        let (dir, secret, binary) = self.open()?;
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.0.clone());
        let path = dir.join(&key.0);
        let found = match nofollow::read_regular(&path, max) {
            Ok(bytes) => decode(&bytes, key.0.as_bytes(), binary, secret),
            Err(ReadError::Odd(odd)) => {
                // Removed (a link, not its target): the entry made again takes its place.
                let _ = std::fs::remove_file(&path);
                self.warn(&path, odd, max);
                None
            }
            Err(ReadError::Io(_)) => None,
        };
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.1 += 1;
        hits.0 += usize::from(found.is_some());
        drop(hits);
        let kind = key.0.split_once('-').map_or(key.0.as_str(), |(k, _)| k);
        let mut by_kind = self.hits_by_kind.lock().unwrap_or_else(|e| e.into_inner());
        let h = by_kind.entry(kind.to_string()).or_default();
        h.1 += 1;
        h.0 += usize::from(found.is_some());
        found
    }

    /// Stores `files` under `key`, unless the entry would be over `max` bytes (then the
    /// reader would refuse it). A cache that cannot be written is no error: the next build
    /// makes the files again.
    pub fn put(&self, key: &Key, files: &[Page], max: u64) {
        let Some((dir, secret, binary)) = self.open() else { return };
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.0.clone());
        if !self.ready(dir) {
            return;
        }
        let bytes = encode(files, key.0.as_bytes(), binary, secret);
        if bytes.len() as u64 <= max {
            let _ = self.replace(dir, &key.0, &bytes, max);
        }
    }

    /// Makes the folder and its own files, once per build: false if it is not a folder
    /// of its own (a link to one put there since the build began).
    fn ready(&self, dir: &Path) -> bool {
        *self.ready.get_or_init(|| {
            let _ = std::fs::create_dir_all(dir);
            if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
                return false;
            }
            for (name, content) in [("CACHEDIR.TAG", TAG), (".gitignore", GITIGNORE)] {
                let max = content.len() as u64;
                match nofollow::read_regular(&dir.join(name), max) {
                    Ok(b) if b == content.as_bytes() => continue,
                    Err(ReadError::Odd(Odd::Link)) => self.warn(&dir.join(name), Odd::Link, max),
                    Err(ReadError::Odd(Odd::NotRegular)) => self.warn(&dir.join(name), Odd::NotRegular, max),
                    _ => {}
                }
                if self.replace(dir, name, content.as_bytes(), max).is_err() {
                    return false;
                }
            }
            true
        })
    }

    /// Puts `bytes` at `dir/name`: written whole under a temporary name, created new
    /// (never opened through a link), then renamed in place, which replaces whatever the
    /// name was (a link is replaced, not followed); a killed build leaves no half file
    /// under a real name.
    fn replace(&self, dir: &Path, name: &str, bytes: &[u8], max: u64) -> io::Result<()> {
        let tmp = dir.join(format!(".{name}.{}", std::process::id()));
        let mut file = match nofollow::create_new(&tmp) {
            Ok(f) => f,
            Err(e) => {
                // Left by a killed build of the same process id, or put there.
                if nofollow::is_link_error(&e) {
                    self.warn(&tmp, Odd::Link, max);
                } else if e.kind() != io::ErrorKind::AlreadyExists {
                    return Err(e);
                }
                std::fs::remove_file(&tmp)?;
                nofollow::create_new(&tmp)?
            }
        };
        let written = file.write_all(bytes).and_then(|()| std::fs::rename(&tmp, dir.join(name)));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    /// Removes the entries this build did not use (and leftovers of killed builds); only
    /// files named as entries are, and only in a folder tagged as ours.
    pub fn prune(&self) {
        // Without a key there is no cache: one is never pruned either.
        let Some((dir, ..)) = self.open() else { return };
        if !nofollow::read_regular(&dir.join("CACHEDIR.TAG"), TAG.len() as u64).is_ok_and(|t| t == TAG.as_bytes()) {
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

/// The key entries are authenticated with (see the module's doc): 32 random bytes made
/// once per user, in the user's cache folder, read once per process. `None` (no cache)
/// when there is no such folder, or the key can be neither read nor made.
fn secret() -> Option<&'static [u8; 32]> {
    static KEY: OnceLock<Option<[u8; 32]>> = OnceLock::new();
    KEY.get_or_init(|| {
        let path = key_path()?;
        let read = |p: &Path| -> Option<[u8; 32]> { nofollow::read_regular(p, 32).ok()?.try_into().ok() };
        if let Some(key) = read(&path) {
            return Some(key);
        }
        let dir = path.parent()?;
        let mut folders = std::fs::DirBuilder::new();
        folders.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut folders, 0o700);
        folders.create(dir).ok()?;
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).ok()?;
        let tmp = dir.join(format!(".cache-key.{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let made = nofollow::create_private(&tmp).and_then(|mut f| f.write_all(&key));
        if made.is_ok() {
            // Linked, not renamed: of two builds making a key at once, the first one's
            // stays (a rename where the file system has no hard links).
            if std::fs::hard_link(&tmp, &path).is_err() && std::fs::symlink_metadata(&path).is_err() {
                let _ = std::fs::rename(&tmp, &path);
            }
        }
        let _ = std::fs::remove_file(&tmp);
        read(&path)
    })
    .as_ref()
}

/// `$XDG_CACHE_HOME/shownotes/cache-key`, else under `~/.cache` (`%LOCALAPPDATA%` on
/// Windows).
fn key_path() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    let base = std::env::var_os("XDG_CACHE_HOME").and_then(absolute).or_else(|| {
        if cfg!(windows) {
            std::env::var_os("LOCALAPPDATA").and_then(absolute)
        } else {
            std::env::var_os("HOME").and_then(absolute).map(|h| h.join(".cache"))
        }
    })?;
    Some(base.join("shownotes").join("cache-key"))
}

/// MAGIC, the binary's identity, the entry's own name, the files (path and bytes, each
/// length-prefixed), then a keyed hash of all that. The name is signed with the rest: a
/// sound entry copied or renamed onto another key's name is refused, not taken as that
/// key's files.
fn encode(files: &[Page], name: &[u8], binary: &[u8], secret: &[u8; 32]) -> Vec<u8> {
    let size: usize = files.iter().map(|f| f.content.len() + f.path.as_os_str().len() + 16).sum();
    let mut out = Vec::with_capacity(size + binary.len() + 64);
    out.extend(MAGIC);
    put_bytes(&mut out, binary);
    put_bytes(&mut out, name);
    out.extend((files.len() as u64).to_le_bytes());
    for f in files {
        put_bytes(&mut out, f.path.to_string_lossy().as_bytes());
        put_bytes(&mut out, &f.content);
    }
    let mac = blake3::keyed_hash(secret, &out);
    out.extend(mac.as_bytes());
    out
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend((b.len() as u64).to_le_bytes());
    out.extend(b);
}

/// The files of an entry, or `None` for anything not exactly as [`encode`] writes it
/// with this key.
fn decode(bytes: &[u8], name: &[u8], binary: &[u8], secret: &[u8; 32]) -> Option<Vec<Page>> {
    let (body, mac) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    // (blake3's `Hash` compares in constant time.)
    if blake3::keyed_hash(secret, body) != blake3::Hash::from_bytes(mac.try_into().ok()?) {
        return None;
    }
    let mut r = body.strip_prefix(MAGIC)?;
    if take_bytes(&mut r)? != binary || take_bytes(&mut r)? != name {
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

    const K1: [u8; 32] = [1; 32];
    const K2: [u8; 32] = [2; 32];

    /// The cache beside `out`, with this key rather than the user's.
    fn with_secret(out: &Path, secret: Option<&'static [u8; 32]>) -> Cache {
        let cache = Cache::beside(out);
        cache.secret.set(secret).unwrap();
        cache
    }

    fn files() -> Vec<Page> {
        vec![
            Page { path: PathBuf::from("pagefind/a.pf_meta"), content: b"meta".to_vec() },
            Page { path: PathBuf::from("pagefind/index/x"), content: vec![0, 1, 2, 255] },
        ]
    }

    #[test]
    fn an_entry_comes_back_as_written_and_only_to_the_same_binary_and_key() {
        let bytes = encode(&files(), b"search-a", b"v1", &K1);
        let back = decode(&bytes, b"search-a", b"v1", &K1).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!((back[1].path.clone(), back[1].content.clone()), (files()[1].path.clone(), vec![0, 1, 2, 255]));
        assert!(decode(&bytes, b"search-a", b"v2", &K1).is_none(), "another binary's entry is not used");
        assert!(decode(&bytes, b"search-a", b"v1", &K2).is_none(), "another key's entry is not used");
        assert!(decode(&bytes, b"search-b", b"v1", &K1).is_none(), "an entry under another's name is not used");
        // A checksum anyone can compute does not make an entry.
        let mut forged = bytes[..bytes.len() - 32].to_vec();
        forged.extend(blake3::hash(&forged).as_bytes());
        assert!(decode(&forged, b"search-a", b"v1", &K1).is_none());
    }

    #[test]
    fn a_damaged_entry_is_never_trusted() {
        let bytes = encode(&files(), b"search-a", b"v1", &K1);
        for i in [0, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 0x20;
            assert!(decode(&bad, b"search-a", b"v1", &K1).is_none(), "byte {i} flipped");
        }
        for cut in [0, 10, bytes.len() - 33, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], b"search-a", b"v1", &K1).is_none(), "cut at {cut}");
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
        let cache = with_secret(&out, Some(&K1));
        let (a, b) = (KeyHasher::new("t").add(b"a").finish("t"), KeyHasher::new("t").add(b"b").finish("t"));
        cache.put(&a, &files(), 1000);
        cache.put(&b, &files(), 1000);
        let cdir = dir.path().join(".public.shownotes-cache");
        assert!(cdir.join("CACHEDIR.TAG").is_file() && cdir.join(".gitignore").is_file());

        let next = with_secret(&out, Some(&K1));
        assert_eq!(next.get(&a, 1000).unwrap().len(), 2);
        next.prune();
        assert!(cdir.join(&a.0).is_file() && !cdir.join(&b.0).exists(), "b was not used");
        assert_eq!(next.hits(), (1, 1));
        assert!(next.take_warnings().is_empty());
        assert!(with_secret(&out, Some(&K2)).get(&a, 1000).is_none(), "another user's key");
        let none = with_secret(&out, None);
        assert!(none.get(&a, 1000).is_none() && none.hits() == (0, 0), "no key, no cache");
        // An entry over the reader's bound is not read, and removed.
        assert!(next.get(&a, 10).is_none() && !cdir.join(&a.0).exists());
        assert!(next.take_warnings()[0].message.starts_with("a file over 1 MB in the build cache"));
    }
}
