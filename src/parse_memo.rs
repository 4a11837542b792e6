//! Parse results kept in the build cache ([`crate::cache`]), keyed by the file's bytes.
//!
//! A rebuild reads every content file again (reading is cheap, and it is the only way
//! to know a file is unchanged: a stat can be fooled, bytes cannot), but parsing show
//! notes is not cheap: markdown rendered, the HTML sanitized (ammonia), the items and
//! links read, and the markdown parsed once more for the link rules ([`crate::rules`]:
//! malformed targets, references with no definition). That work is a function of the
//! file's bytes, its path (named in the warnings) and one setting (`unsafe_html`), so
//! its result, with the warnings it gave, is kept under a hash of exactly those
//! (`notes-` entries) and taken back when they are the same. The front matter is parsed
//! every time (it is small, and what it sets passes through checks of its own).
//!
//! An entry is trusted as every cache entry is (signed with the user's key, from this
//! binary, its own name signed with the rest, bounded), so an entry copied or renamed
//! onto another file's name is not taken for that file; one that does not
//! decode exactly, to its last byte, is not used either: the file is parsed again, as in
//! a clean build, and the entry written anew.
//!
//! Transcripts are kept too, and by their files' stats rather than their bytes, so an
//! unchanged transcript is not even read: one `stats-` entry per content folder lists each
//! transcript file read (its path, size, modification and change times in nanoseconds,
//! inode and device, the blake3 hash of its bytes and its shape), and a `transcript-`
//! entry under the hash of (path, shape, bytes) holds the parsed transcript with the
//! warnings its decoding and parse gave. A file whose stat is the listed one is taken
//! from its entry unread, as git and cargo take a file whose stat did not change. A stat
//! is trusted only when both its times are older than the listing by [`RACY_NS`]: a
//! change made in the same tick of the file system's clock as the read that listed it
//! may leave both times as they were (git's "racy" files), so such a file is read and
//! hashed again until a later listing finds it old enough. The change time cannot be
//! set back on a local file system of Linux (an editor or `touch -r` that restores the
//! modification time moves it; stats are kept only there: [`stat_vouches`]), and
//! a file replaced by another has another inode, so a file changed behind the listing's
//! back is read again too. A damaged, forged or missing entry (of either kind) is never
//! trusted: the file is read and parsed, as in a clean build.

use crate::cache::{Cache, Key, KeyHasher};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::extract::memo::{R, W};
use crate::model::{Cue, NoteItem, Transcript, TranscriptHeader};
use crate::notes::{self, Body};
use crate::parse::TranscriptFormat;
use crate::write::Page;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

const NOTES: &str = "notes";
const STATS: &str = "stats";
const TRANSCRIPT: &str = "transcript";
/// How much older (nanoseconds) than the listing a file's times must be for its stat to
/// be trusted: two seconds, the coarsest clock of a file system in use (FAT's), and more
/// than the lag of the kernel's coarse clock behind the system's.
pub const RACY_NS: i64 = 2_000_000_000;
/// The most a `stats-` entry may hold: a few dozen bytes per file.
const MAX_STATS: u64 = 64 << 20;
/// The most an entry may hold (bytes): the file itself is bounded by `[limits]
/// file_bytes`, and what it gives is a few times its size at most.
const MAX_ENTRY: u64 = 256 << 20;

/// The build cache, as the reading of content files uses it, with counts for the log.
pub struct ParseMemo<'c> {
    cache: &'c Cache,
    taken: AtomicUsize,
    parsed: AtomicUsize,
    /// The content folder's listing from the last build, once [`ParseMemo::begin`] read it.
    listed: OnceLock<(PathBuf, Listing)>,
    /// This build's listing, made as the files are read.
    listing: Mutex<Vec<(String, Record)>>,
    /// When this build began reading the folder (ns since the epoch).
    stamp: OnceLock<i64>,
    unread: AtomicUsize,
    read: AtomicUsize,
}

/// A file's stat, as the listing compares it: what changes when its bytes may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub ino: u64,
    pub dev: u64,
}

impl Stat {
    /// The stat of the file at `path` (through a link, as the build reads it), when it is
    /// a regular file on a file system whose stat can vouch for its bytes (see
    /// [`stat_vouches`]); `None` elsewhere: the file is then read every build.
    pub fn of(path: &Path) -> Option<Stat> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if !stat_vouches(path) {
                return None;
            }
            let m = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
            let ns = |s: i64, n: i64| s.checked_mul(1_000_000_000)?.checked_add(n);
            Some(Stat {
                size: m.size(),
                mtime_ns: ns(m.mtime(), m.mtime_nsec())?,
                ctime_ns: ns(m.ctime(), m.ctime_nsec())?,
                ino: m.ino(),
                dev: m.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }

    /// Whether a listing made at `stamp` may vouch for this stat: both times older than
    /// it by [`RACY_NS`], so no change since the listing can have left them as they were.
    pub fn settled_before(&self, stamp: i64) -> bool {
        let limit = stamp.saturating_sub(RACY_NS);
        self.mtime_ns < limit && self.ctime_ns < limit
    }
}

/// One transcript file as a listing holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Record {
    stat: Stat,
    hash: [u8; 32],
    format: TranscriptFormat,
}

/// A content folder's transcripts as one build found them: when it began reading (ns
/// since the epoch), and each file's record by its path in the folder.
#[derive(Debug, Default)]
struct Listing {
    stamp: i64,
    files: FxHashMap<String, Record>,
}

impl<'c> ParseMemo<'c> {
    pub fn new(cache: &'c Cache) -> Self {
        ParseMemo {
            cache,
            taken: AtomicUsize::new(0),
            parsed: AtomicUsize::new(0),
            listed: OnceLock::new(),
            listing: Mutex::default(),
            stamp: OnceLock::new(),
            unread: AtomicUsize::new(0),
            read: AtomicUsize::new(0),
        }
    }

    /// (taken from the cache, parsed) show-notes bodies so far.
    pub fn counts(&self) -> (usize, usize) {
        (self.taken.load(Ordering::Relaxed), self.parsed.load(Ordering::Relaxed))
    }

    /// (taken unread by their stats, read) transcript files so far.
    pub fn transcript_counts(&self) -> (usize, usize) {
        (self.unread.load(Ordering::Relaxed), self.read.load(Ordering::Relaxed))
    }

    /// Before the files of `folder` are read: the last build's listing of it, and this
    /// listing's stamp, taken before any file is looked at (so a change made while the
    /// build reads is younger than the stamp, and the next build reads that file again).
    pub fn begin(&self, folder: &Path) {
        let stamp = now_ns();
        let key = stats_key(folder);
        let last = self
            .cache
            .get(&key, MAX_STATS)
            .and_then(|pages| match pages.as_slice() {
                [one] => decode_listing(&one.content),
                _ => None,
            })
            .unwrap_or_default();
        let first = self.listed.set((folder.to_path_buf(), last)).is_ok() & self.stamp.set(stamp).is_ok();
        debug_assert!(first, "one content folder per build: `begin` is called once");
        self.listing.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The transcript at `rel` (in the folder [`ParseMemo::begin`] named), read as
    /// `format` (what its name says it is), unread, when the last listing holds it under
    /// this very stat and shape, old enough to vouch for, and its entry is sound: the
    /// transcript and the warnings reading it gave.
    pub fn transcript_by_stat(
        &self,
        rel: &Path,
        stat: &Stat,
        format: TranscriptFormat,
    ) -> Option<(Transcript, Vec<Diagnostic>)> {
        let (_, last) = self.listed.get()?;
        let name = rel.to_str()?;
        let record = last.files.get(name)?;
        if record.stat != *stat || record.format != format || !stat.settled_before(last.stamp) {
            return None;
        }
        let key = transcript_key(rel, record.format, &record.hash);
        let (t, warnings) = self.cache.get(&key, MAX_ENTRY).and_then(|pages| match pages.as_slice() {
            [one] => decode_transcript(&one.content, rel),
            _ => None,
        })?;
        self.listing.lock().unwrap_or_else(|e| e.into_inner()).push((name.to_string(), *record));
        self.unread.fetch_add(1, Ordering::Relaxed);
        Some((t, warnings))
    }

    /// Keeps the transcript parsed from `bytes` of the file at `rel`, with the warnings
    /// reading it gave, and lists the file under `stat` (taken before it was read).
    pub fn keep_transcript(
        &self,
        rel: &Path,
        stat: Option<Stat>,
        bytes: &[u8],
        format: TranscriptFormat,
        t: &Transcript,
        warnings: &[Diagnostic],
    ) {
        self.read.fetch_add(1, Ordering::Relaxed);
        // Only what comes back exactly is kept: warnings about this file, a path as text.
        let Some(name) = rel.to_str() else { return };
        if warnings.iter().any(|d| d.path != rel) {
            return;
        }
        let hash = *blake3::hash(bytes).as_bytes();
        let key = transcript_key(rel, format, &hash);
        // The same bytes under another stat (touched, copied back): the entry is there.
        // Under the same stat it was refused (damaged) or not looked at (racy): written.
        let known = self
            .listed
            .get()
            .and_then(|(_, l)| l.files.get(name))
            .is_some_and(|r| r.hash == hash && r.format == format && stat.is_some_and(|s| s != r.stat));
        if !(known && self.cache.keep(&key)) {
            let content = encode_transcript(t, warnings);
            self.cache.put(&key, &[Page { path: PathBuf::from(key.name()), content }], MAX_ENTRY);
        }
        if let Some(stat) = stat {
            self.listing
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((name.to_string(), Record { stat, hash, format }));
        }
    }

    /// Once every file is read: this build's listing, for the next.
    pub fn finish(&self) {
        let (Some((folder, _)), Some(&stamp)) = (self.listed.get(), self.stamp.get()) else { return };
        let mut files = std::mem::take(&mut *self.listing.lock().unwrap_or_else(|e| e.into_inner()));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let key = stats_key(folder);
        let content = encode_listing(stamp, &files);
        self.cache.put(&key, &[Page { path: PathBuf::from(key.name()), content }], MAX_STATS);
    }

    /// The body of show notes `text` (decoded from `bytes`; the body from byte `body_at`)
    /// at `path`, and what [`crate::rules`] says about its links: from the cache when it
    /// holds them for these bytes, else worked out (and kept). The parse's warnings go
    /// to `diags` either way, the same as a parse gives.
    pub fn body(
        &self,
        path: &Path,
        bytes: &[u8],
        text: &str,
        body_at: usize,
        unsafe_html: bool,
        diags: &mut Diagnostics,
    ) -> (Body, Vec<Diagnostic>) {
        let key = notes_key(path, bytes, body_at, unsafe_html);
        if let Some((body, warnings, links)) =
            self.cache.get(&key, MAX_ENTRY).and_then(|pages| match pages.as_slice() {
                // (One renamed onto another file's name is refused by the cache, which
                // signs each entry's name with the rest.)
                [one] => decode(&one.content, path),
                _ => None,
            })
        {
            self.taken.fetch_add(1, Ordering::Relaxed);
            diags.0.extend(warnings);
            return (body, links);
        }
        let mut own = Diagnostics::default();
        let body = notes::parse_body(path, text, body_at, unsafe_html, &mut own);
        let links = crate::rules::notes_link_warnings(path, bytes);
        let content = encode(&body, &own.0, &links);
        self.cache.put(&key, &[Page { path: PathBuf::from(key.name()), content }], MAX_ENTRY);
        self.parsed.fetch_add(1, Ordering::Relaxed);
        diags.0.extend(own.0);
        (body, links)
    }
}

/// Whether the file system `path` is on keeps a stat that changes with the bytes: a local
/// disk's or memory's, with a real change time and the kernel's own clock. A network or
/// user-space file system (NFS, SMB, FUSE, 9p: Docker Desktop's and WSL's shared folders)
/// may answer a stat from a cache for seconds after another machine changed the file, and
/// FAT's "change time" is its creation time; there, and on systems other than Linux, every
/// file is read, as before stats were kept.
fn stat_vouches(path: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        // The kernel's magic numbers (`linux/magic.h`): ext2/3/4, XFS, Btrfs, tmpfs, ZFS,
        // F2FS, bcachefs, overlayfs (containers' root), JFS, ReiserFS.
        const LOCAL: [u32; 10] = [
            0xEF53,
            0x5846_5342,
            0x9123_683E,
            0x0102_1994,
            0x2FC1_2FC1,
            0xF2F5_2010,
            0xCA45_1A4E,
            0x794C_7630,
            0x3153_464A,
            0x5265_4973,
        ];
        // `f_type`'s width differs by architecture; the magic numbers fit in 32 bits.
        #[allow(clippy::unnecessary_cast)]
        rustix::fs::statfs(path).is_ok_and(|s| LOCAL.contains(&(s.f_type as u32)))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        false
    }
}

/// Now, in nanoseconds since the epoch (0 before it: then nothing is vouched for).
fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// The listing's entry: one per content folder.
fn stats_key(folder: &Path) -> Key {
    KeyHasher::new(STATS).add(folder.as_os_str().as_encoded_bytes()).finish(STATS)
}

/// A transcript's entry: its path (named in its warnings), its shape and its bytes' hash.
fn transcript_key(rel: &Path, format: TranscriptFormat, hash: &[u8; 32]) -> Key {
    KeyHasher::new(TRANSCRIPT)
        .add(rel.as_os_str().as_encoded_bytes())
        .add(&[format_tag(format)])
        .add(hash)
        .finish(TRANSCRIPT)
}

fn format_tag(f: TranscriptFormat) -> u8 {
    match f {
        TranscriptFormat::Vtt => 0,
        TranscriptFormat::Srt => 1,
        TranscriptFormat::Markdown => 2,
        TranscriptFormat::Text => 3,
    }
}

fn format_of(tag: u8) -> Option<TranscriptFormat> {
    Some(match tag {
        0 => TranscriptFormat::Vtt,
        1 => TranscriptFormat::Srt,
        2 => TranscriptFormat::Markdown,
        3 => TranscriptFormat::Text,
        _ => return None,
    })
}

fn encode_listing(stamp: i64, files: &[(String, Record)]) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(16 + files.len() * 128));
    w.u64(stamp as u64);
    w.len(files.len());
    for (name, r) in files {
        w.str(name);
        for v in [r.stat.size, r.stat.mtime_ns as u64, r.stat.ctime_ns as u64, r.stat.ino, r.stat.dev] {
            w.u64(v);
        }
        w.0.extend(r.hash);
        w.u8(format_tag(r.format));
    }
    w.0
}

/// The listing, `None` unless the bytes are exactly one.
fn decode_listing(bytes: &[u8]) -> Option<Listing> {
    let mut r = R(bytes);
    let stamp = r.u64()? as i64;
    let files = r.list(|r| {
        let name = r.str()?;
        let stat =
            Stat { size: r.u64()?, mtime_ns: r.u64()? as i64, ctime_ns: r.u64()? as i64, ino: r.u64()?, dev: r.u64()? };
        let hash = r.digest()?;
        let format = format_of(r.u8()?)?;
        Some((name, Record { stat, hash, format }))
    })?;
    r.0.is_empty().then(|| Listing { stamp, files: files.into_iter().collect() })
}

fn encode_transcript(t: &Transcript, warnings: &[Diagnostic]) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(t.cues.iter().map(|c| c.text.len() + 40).sum::<usize>() + 256));
    w.str(&t.path.to_string_lossy());
    w.opt_u32(t.header.number);
    w.opt_str(&t.header.title);
    w.opt_str(&t.header.date);
    w.len(t.cues.len());
    for c in &t.cues {
        w.u32(c.start);
        w.opt_str(&c.speaker);
        w.str(&c.text);
        w.u64(c.line as u64);
        w.bool(c.estimated);
    }
    for list in [&t.empty_cues, &t.breaks] {
        w.len(list.len());
        for &i in list {
            w.u64(i as u64);
        }
    }
    put_warnings(&mut w, warnings);
    w.0
}

/// The transcript of the file at `rel` and its warnings; `None` unless the bytes are
/// exactly one entry, of this very file.
fn decode_transcript(bytes: &[u8], rel: &Path) -> Option<(Transcript, Vec<Diagnostic>)> {
    let mut r = R(bytes);
    let path = PathBuf::from(r.str()?);
    if path != rel {
        return None;
    }
    let header = TranscriptHeader { number: r.opt_u32()?, title: r.opt_str()?, date: r.opt_str()? };
    let cues = r.list(|r| {
        Some(Cue {
            start: r.u32()?,
            speaker: r.opt_str()?,
            text: r.str()?,
            line: usize::try_from(r.u64()?).ok()?,
            estimated: r.bool()?,
        })
    })?;
    let index = |r: &mut R| usize::try_from(r.u64()?).ok();
    let empty_cues = r.list(index)?;
    let breaks = r.list(index)?;
    let warnings = warnings_of(&mut r, rel)?;
    r.0.is_empty().then_some((Transcript { path, header, cues, empty_cues, breaks }, warnings))
}

/// The entry's name: everything the body's parse and the link rules read (the text is
/// decoded from the bytes, and `body_at` found in it).
fn notes_key(path: &Path, bytes: &[u8], body_at: usize, unsafe_html: bool) -> Key {
    KeyHasher::new(NOTES)
        .add(path.as_os_str().as_encoded_bytes())
        .add(&[u8::from(unsafe_html)])
        .add(&(body_at as u64).to_le_bytes())
        .add(bytes)
        .finish(NOTES)
}

fn put_warnings(w: &mut W, warnings: &[Diagnostic]) {
    w.len(warnings.len());
    for d in warnings {
        w.bool(d.line.is_some());
        w.u64(d.line.unwrap_or(0) as u64);
        w.bool(d.severity == Severity::Error);
        w.str(&d.message);
    }
}

fn warnings_of(r: &mut R, path: &Path) -> Option<Vec<Diagnostic>> {
    r.list(|r| {
        let has_line = r.bool()?;
        let line = usize::try_from(r.u64()?).ok()?;
        let error = r.bool()?;
        let message = r.str()?;
        let line = has_line.then_some(line);
        Some(if error { Diagnostic::error(path, line, message) } else { Diagnostic::warning(path, line, message) })
    })
}

fn encode(b: &Body, warnings: &[Diagnostic], links: &[Diagnostic]) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(b.html.len() + 1024));
    w.str(&b.html);
    w.opt_str(&b.heading);
    w.len(b.items.len());
    for it in &b.items {
        w.str(&it.title);
        w.opt_str(&it.url);
        w.len(it.links.len());
        for l in &it.links {
            w.str(l);
        }
        w.str(&it.text);
    }
    w.len(b.links.len());
    for (url, text) in &b.links {
        w.str(url);
        w.str(text);
    }
    put_warnings(&mut w, warnings);
    put_warnings(&mut w, links);
    w.0
}

/// The body, its warnings and its links' warnings kept, the warnings naming `path`;
/// `None` unless the bytes are exactly one entry.
fn decode(bytes: &[u8], path: &Path) -> Option<(Body, Vec<Diagnostic>, Vec<Diagnostic>)> {
    let mut r = R(bytes);
    let html = r.str()?;
    let heading = r.opt_str()?;
    let items =
        r.list(|r| Some(NoteItem { title: r.str()?, url: r.opt_str()?, links: r.list(R::str)?, text: r.str()? }))?;
    let links = r.list(|r| Some((r.str()?, r.str()?)))?;
    let warnings = warnings_of(&mut r, path)?;
    let link_warnings = warnings_of(&mut r, path)?;
    r.0.is_empty().then_some((Body { html, heading, items, links }, warnings, link_warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "# Episode 7\n\n**Brian #1:** [**pyscript**](https://pyscript.net)\n\n- runs Python in the page <script>alert(1)</script>\n- see [the docs](https://docs.pyscript.net) and [this](javascript:alert(1)) and [nothing]\n";

    fn sample(path: &Path) -> (Body, Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut d = Diagnostics::default();
        let body = notes::parse_body(path, MD, 0, false, &mut d);
        (body, d.0, crate::rules::notes_link_warnings(path, MD.as_bytes()))
    }

    #[test]
    fn a_body_comes_back_exactly_with_its_warnings() {
        let path = Path::new("007.md");
        let (body, warnings, links) = sample(path);
        assert!(
            !body.items.is_empty() && !warnings.is_empty() && !links.is_empty(),
            "the sample has items and warnings"
        );
        let bytes = encode(&body, &warnings, &links);
        let back = decode(&bytes, path).expect("decodes");
        assert_eq!(back.0, body);
        assert_eq!(format!("{:?}", (back.1, back.2)), format!("{:?}", (warnings, links)));
    }

    #[test]
    fn a_transcript_comes_back_exactly_and_only_for_its_file() {
        let rel = Path::new("007-a.txt");
        let text = "00:00:01 I'm Brian Okken.\n\n00:00:05 SPEAKER: and this is episode 7\n";
        let (t, d) = crate::parse::parse_transcript(rel, text, TranscriptFormat::Text);
        let t = t.expect("parses");
        let warnings = vec![Diagnostic::warning(rel, Some(2), "a warning")];
        let bytes = encode_transcript(&t, &warnings);
        let (back, w) = decode_transcript(&bytes, rel).expect("decodes");
        assert_eq!(format!("{back:?}"), format!("{t:?}"));
        assert_eq!(format!("{w:?}"), format!("{warnings:?}"));
        assert!(d.0.is_empty());
        assert!(decode_transcript(&bytes, Path::new("008-a.txt")).is_none(), "another file's entry");
        for n in 0..bytes.len() {
            assert!(decode_transcript(&bytes[..n], rel).is_none(), "cut at {n}");
        }
        let listing = vec![(
            "007-a.txt".to_string(),
            Record {
                stat: Stat { size: 9, mtime_ns: 1, ctime_ns: 2, ino: 3, dev: 4 },
                hash: [7; 32],
                format: TranscriptFormat::Text,
            },
        )];
        let b = encode_listing(5, &listing);
        let l = decode_listing(&b).expect("decodes");
        assert_eq!((l.stamp, l.files.get("007-a.txt")), (5, Some(&listing[0].1)));
        let mut padded = b.clone();
        padded.push(0);
        assert!(decode_listing(&padded).is_none() && decode_listing(&b[..b.len() - 1]).is_none());
    }

    #[test]
    fn a_stat_is_vouched_for_only_when_both_times_are_well_before_the_listing() {
        let s = |m: i64, c: i64| Stat { size: 1, mtime_ns: m, ctime_ns: c, ino: 1, dev: 1 };
        let stamp = 10 * RACY_NS;
        assert!(s(stamp - RACY_NS - 1, stamp - RACY_NS - 1).settled_before(stamp));
        assert!(!s(stamp - RACY_NS, stamp - 3 * RACY_NS).settled_before(stamp), "modified in the window");
        assert!(!s(stamp - 3 * RACY_NS, stamp - 1).settled_before(stamp), "changed in the window");
        assert!(!s(stamp + 1, stamp + 1).settled_before(stamp), "after the listing");
        assert!(!s(0, 0).settled_before(0), "no clock: nothing vouched for");
    }

    #[test]
    fn a_cut_or_padded_body_is_refused() {
        let path = Path::new("007.md");
        let (body, warnings, links) = sample(path);
        let bytes = encode(&body, &warnings, &links);
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n], path).is_none(), "cut at {n}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(decode(&padded, path).is_none());
    }

    #[test]
    fn the_key_reads_path_setting_and_bytes() {
        let k = |p: &str, t: &str, at: usize, u: bool| notes_key(Path::new(p), t.as_bytes(), at, u);
        let base = k("a.md", "text", 0, false);
        assert_eq!(base, k("a.md", "text", 0, false));
        assert_ne!(base, k("b.md", "text", 0, false));
        assert_ne!(base, k("a.md", "text!", 0, false));
        assert_ne!(base, k("a.md", "text", 1, false));
        assert_ne!(base, k("a.md", "text", 0, true));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn stats_vouch_only_on_a_local_file_system() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("1.txt");
        std::fs::write(&file, "00:00:01 hello\n").expect("write");
        let local = super::stat_vouches(&file);
        // Wherever the temp dir is, a file of /proc (no stat that follows bytes) is read.
        assert!(!super::stat_vouches(Path::new("/proc/self/status")));
        assert_eq!(Stat::of(Path::new("/proc/self/status")), None);
        assert_eq!(Stat::of(&file).is_some(), local);
    }
}
