//! Writing the site safely. One build at a time per output folder (an advisory lock on a
//! file next to it). Pages are streamed, as they are rendered, to a staging folder of the
//! build's own next to the output and swapped in only when everything is written, in one
//! step where the system can exchange two folders, so a failed or killed build leaves the previous site intact.
//! Output paths that would overwrite the site's own sources are refused.

use std::io;
use std::path::{Component, Path, PathBuf};

/// A file of the built site, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: PathBuf,
    pub content: Vec<u8>,
}

/// A file in the output that marks it as ours: only a folder holding it (or an empty
/// one) is ever replaced.
pub const MARKER: &str = ".shownotes-output";

/// Resolves `p` to an absolute path without requiring it to exist: the longest existing
/// ancestor is canonicalised (following symlinks) and the rest appended.
pub fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // `.` and `..` first, lexically: `public/../content` is `content`.
    let mut norm = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                norm.pop();
            }
            Component::CurDir => {}
            other => norm.push(other),
        }
    }
    let mut existing = norm.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(mut out) = existing.canonicalize() {
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return norm,
        }
    }
}

/// Refuses an output folder that is, contains, or is inside one of `protected` (the
/// site root may contain the output, never the other way round).
pub fn check_output_path(output: &Path, protected: &[(&str, &Path)]) -> Result<(), String> {
    let out = resolve(output);
    if out.parent().is_none() {
        return Err(format!("refusing to build into {}: it is a filesystem root; choose an output folder of its own with --output or `output_dir`", output.display()));
    }
    for (what, p) in protected {
        let p = resolve(p);
        let why = if out == p {
            Some("is")
        } else if p.starts_with(&out) {
            Some("contains")
        } else if out.starts_with(&p) && *what != "site root" {
            Some("is inside")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(format!("refusing to build into {}: it {why} the {what} ({}), which a build would replace; choose an output folder of its own with --output or `output_dir`", output.display(), p.display()));
        }
    }
    Ok(())
}

fn safe_relative(p: &Path) -> bool {
    p.components().all(|c| matches!(c, Component::Normal(_))) && p.components().next().is_some()
}

/// The folder holding `output`, and `output`'s own name.
fn parent_and_name(output: &Path) -> io::Result<(PathBuf, String)> {
    let name = output
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} has no folder name", output.display())))?
        .to_string_lossy()
        .into_owned();
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// `.<name>.<what>` next to the output folder `<name>` (the lock, the cache).
pub fn sibling(output: &Path, what: &str) -> Option<PathBuf> {
    let (parent, name) = parent_and_name(output).ok()?;
    Some(parent.join(format!(".{name}.{what}")))
}

/// The lock file of an output folder: next to it, so it survives the swap.
pub fn lock_path(output: &Path) -> io::Result<PathBuf> {
    let (parent, name) = parent_and_name(output)?;
    Ok(parent.join(format!(".{name}.shownotes-lock")))
}

/// Held for a whole build: one build at a time per output folder. An advisory lock
/// (`flock` on Unix, `LockFileEx` on Windows) that the system drops if the process dies,
/// so a killed build never leaves a stale lock behind.
#[derive(Debug)]
pub struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    /// Takes the lock of `output`, waiting for another build that holds it; `waiting` is
    /// called once, with the lock file's path, before waiting.
    pub fn acquire(output: &Path, waiting: impl FnOnce(&Path)) -> io::Result<OutputLock> {
        let path = lock_path(output)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Never through a symbolic link: opening one would create or lock its target.
        let file = crate::nofollow::open_lock(&path).map_err(|e| {
            if crate::nofollow::is_link_error(&e) {
                io::Error::new(
                    e.kind(),
                    format!("{e}; delete the link and build again (a build makes its own lock file)"),
                )
            } else {
                io::Error::new(e.kind(), format!("cannot open lock file {}: {e}", path.display()))
            }
        })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting(&path);
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(io::Error::new(e.kind(), format!("cannot lock {}: {e}", path.display())))
            }
        }
        Ok(OutputLock { _file: file })
    }
}

/// A name no other build uses: the process id and a per-process counter.
fn unique_suffix() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{}-{n}-{t}", std::process::id())
}

/// What an interrupted build left next to `output`: staging folders and old copies
/// (`.<name>.shownotes-staging-*`, `.<name>.shownotes-old-*`).
fn leftovers(output: &Path) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let (parent, name) = parent_and_name(output)?;
    let (mut staging, mut old) = (Vec::new(), Vec::new());
    let entries = match std::fs::read_dir(&parent) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((staging, old)),
        Err(e) => return Err(e),
    };
    let (st, ol) = (format!(".{name}.shownotes-staging"), format!(".{name}.shownotes-old"));
    for e in entries {
        let e = e?;
        let n = e.file_name().to_string_lossy().into_owned();
        if !e.file_type()?.is_dir() {
            continue;
        }
        if n.starts_with(&st) {
            staging.push(e.path());
        } else if n.starts_with(&ol) {
            old.push(e.path());
        }
    }
    staging.sort();
    old.sort();
    Ok((staging, old))
}

/// Tidies up after an interrupted build; call it holding the [`OutputLock`]. When
/// `output` is missing but a previous site was moved aside (a build killed between
/// its two renames), that copy is put back, and its name is returned. Other leftovers
/// are deleted.
pub fn recover(output: &Path) -> io::Result<Option<PathBuf>> {
    let mut restored = None;
    if std::fs::symlink_metadata(output).is_err() {
        let (_, mut old) = leftovers(output)?;
        // The newest complete copy (the marker is written last) was the live site.
        old.retain(|o| o.join(MARKER).is_file());
        old.sort_by_key(|o| std::fs::metadata(o).and_then(|m| m.modified()).ok());
        if let Some(newest) = old.pop() {
            std::fs::rename(&newest, output)?;
            restored = Some(newest);
        }
    }
    let (staging, old) = leftovers(output)?;
    for dir in staging.into_iter().chain(old) {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(restored)
}

/// Swaps the two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`): there is
/// never a moment without one of them at either path.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The fallback where folders cannot be exchanged: two renames. A build killed between
/// them leaves the old site at `old`, which the next build's [`recover`] puts back.
fn swap_by_renames(staging: &Path, output: &Path, old: &Path) -> io::Result<()> {
    std::fs::rename(output, old)?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(old, output);
        return Err(e);
    }
    // The old copy is cleaned up by the next build if this fails.
    let _ = std::fs::remove_dir_all(old);
    Ok(())
}

/// Puts the finished `staging` folder in place of `output`.
fn swap_in(staging: &Path, output: &Path, old: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(output).is_err() {
        return std::fs::rename(staging, output);
    }
    match exchange(staging, output) {
        Ok(()) => {
            // `staging` now holds the old site; the next build removes it if this fails.
            let _ = std::fs::remove_dir_all(staging);
            Ok(())
        }
        Err(_) => swap_by_renames(staging, output, old),
    }
}

/// Where a build's files go as they are rendered, so that no more than the files in
/// flight are ever held in memory. Called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, page: Page) -> io::Result<()>;
    /// Puts `page`, whose bytes were just read from the file `from` of the previous site
    /// (opened without following links; `opened` is that open file's metadata) and
    /// checked against what the build cache says the file holds
    /// ([`crate::render::reuse`]). A sink that writes files may link `from` in rather
    /// than write the bytes again; the others put the page.
    fn put_same(&self, page: Page, from: &Path, opened: &std::fs::Metadata) -> io::Result<()> {
        let _ = (from, opened);
        self.put(page)
    }
}

/// Keeps the files in memory: what `shownotes check` inspects.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<Page>>);

impl Collect {
    /// The files, by path (they arrive in any order from parallel renders).
    pub fn into_pages(self) -> Vec<Page> {
        let mut pages = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

impl Sink for Collect {
    fn put(&self, page: Page) -> io::Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(page);
        Ok(())
    }
}

/// Renders for nothing: a build that `serve` holds back still renders, so that a broken
/// template is reported while a content file is broken too.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: Page) -> io::Result<()> {
        Ok(())
    }
}

/// A new site being written: files go straight to a staging folder of the build's own
/// next to the output, and [`Staging::finish`] swaps it in. Dropped unfinished (an
/// error, a panic), the staging folder is removed and the previous site stays.
/// Create it holding the [`OutputLock`] (after [`recover`]).
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    old: PathBuf,
    finished: bool,
}

impl Staging {
    /// Refuses an output that exists and was not built by shownotes.
    pub fn begin(output: &Path) -> io::Result<Staging> {
        let (parent, name) = parent_and_name(output)?;
        if output.exists() {
            if !output.is_dir() {
                return Err(io::Error::other(format!("{} exists and is not a folder", output.display())));
            }
            let ours = output.join(MARKER).is_file() || std::fs::read_dir(output)?.next().is_none();
            if !ours {
                return Err(io::Error::other(format!(
                    "{} exists and was not built by shownotes (no {MARKER} file); refusing to replace it. Move it away or choose another --output",
                    output.display()
                )));
            }
        }
        std::fs::create_dir_all(&parent)?;
        let unique = unique_suffix();
        let dir = parent.join(format!(".{name}.shownotes-staging-{unique}"));
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            old: parent.join(format!(".{name}.shownotes-old-{unique}")),
            finished: false,
        })
    }

    /// Copies the file `from` to `rel` in the site, streaming it (a static file may be
    /// bigger than memory).
    pub fn copy_file(&self, rel: &Path, from: &Path) -> io::Result<()> {
        if !safe_relative(rel) {
            return Err(io::Error::other(format!("refusing to write outside the output folder: {}", rel.display())));
        }
        let dest = self.dir.join(rel);
        let err =
            |e: io::Error| io::Error::new(e.kind(), format!("copying {} to {}: {e}", from.display(), rel.display()));
        if let Some(d) = dest.parent() {
            std::fs::create_dir_all(d).map_err(err)?;
        }
        let mut src = std::fs::File::open(from).map_err(err)?;
        let mut out = crate::nofollow::create(&dest).map_err(err)?;
        io::copy(&mut src, &mut out).map_err(err)?;
        Ok(())
    }

    /// Marks the staging folder complete and puts it in place of the output.
    pub fn finish(mut self) -> io::Result<()> {
        // Written last: a folder holding it is a complete site.
        crate::nofollow::write(
            &self.dir.join(MARKER),
            b"Built by shownotes. This folder is replaced on every build.\n",
        )?;
        self.finished = true;
        swap_in(&self.dir, &self.output, &self.old).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&self.dir);
        })
    }
}

impl Sink for Staging {
    fn put(&self, page: Page) -> io::Result<()> {
        if !safe_relative(&page.path) {
            return Err(io::Error::other(format!(
                "refusing to write outside the output folder: {}",
                page.path.display()
            )));
        }
        let dest = self.dir.join(&page.path);
        let err = |e: io::Error| io::Error::new(e.kind(), format!("writing {}: {e}", page.path.display()));
        if let Some(d) = dest.parent() {
            std::fs::create_dir_all(d).map_err(err)?;
        }
        // (The folder is the build's own: a link in it was put there while it builds.)
        // A file already there may be a hard link to the previous site's (a kept search
        // index that turned out not to be whole, then merged): replaced, never written
        // through, which would change the live site's file.
        let mut file = match crate::nofollow::create_new(&dest) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&dest).map_err(err)?;
                crate::nofollow::create_new(&dest)
            }
            other => other,
        }
        .map_err(err)?;
        io::Write::write_all(&mut file, &page.content).map_err(err)
    }

    /// A hard link to the previous site's file, when it is still the very file that was
    /// read (same device and inode: not replaced since); else the bytes are written.
    fn put_same(&self, page: Page, from: &Path, opened: &std::fs::Metadata) -> io::Result<()> {
        #[cfg(unix)]
        if safe_relative(&page.path) {
            use std::os::unix::fs::MetadataExt;
            let dest = self.dir.join(&page.path);
            if let Some(d) = dest.parent() {
                let _ = std::fs::create_dir_all(d);
            }
            if std::fs::hard_link(from, &dest).is_ok() {
                let same = std::fs::symlink_metadata(&dest)
                    .is_ok_and(|m| m.is_file() && m.dev() == opened.dev() && m.ino() == opened.ino());
                if same {
                    return Ok(());
                }
                let _ = std::fs::remove_file(&dest);
            }
        }
        #[cfg(not(unix))]
        let _ = (from, opened);
        self.put(page)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole site at once, as a build writes it.
    fn write_site(output: &Path, pages: &[Page]) -> io::Result<()> {
        let staging = Staging::begin(output)?;
        for p in pages {
            staging.put(p.clone())?;
        }
        staging.finish()
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/eps")).unwrap();
        let content = root.join("content");
        let prot = [("site root", root), ("content folder", content.as_path())];
        assert!(check_output_path(&root.join("public"), &prot).is_ok());
        assert!(check_output_path(root, &prot).unwrap_err().contains("is the site root"));
        assert!(check_output_path(&content, &prot).unwrap_err().contains("is the content"));
        assert!(check_output_path(&content.join("eps/out"), &prot).unwrap_err().contains("is inside the content"));
        assert!(check_output_path(&root.join("public/../content"), &prot).unwrap_err().contains("is the content"));
        assert!(check_output_path(root.parent().unwrap(), &prot).unwrap_err().contains("contains"));
    }

    #[test]
    fn never_writes_outside_and_never_replaces_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let bad = [Page { path: PathBuf::from("../escape.html"), content: vec![] }];
        assert!(write_site(&out, &bad).is_err());
        assert!(!dir.path().join("escape.html").exists());
        assert!(!out.exists(), "a failed build leaves nothing behind");

        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "mine").unwrap();
        let ok = [Page { path: PathBuf::from("index.html"), content: b"hi".to_vec() }];
        assert!(write_site(&out, &ok).unwrap_err().to_string().contains("not built by shownotes"));
        assert!(out.join("precious.txt").exists());

        std::fs::remove_file(out.join("precious.txt")).unwrap();
        write_site(&out, &ok).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"hi");
        let ok2 = [Page { path: PathBuf::from("other.html"), content: b"x".to_vec() }];
        write_site(&out, &ok2).unwrap();
        assert!(!out.join("index.html").exists(), "the old site is replaced whole");
    }

    #[test]
    fn a_build_that_stops_while_streaming_leaves_the_old_site_and_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[Page { path: PathBuf::from("index.html"), content: b"old".to_vec() }]).unwrap();
        {
            let staging = Staging::begin(&out).unwrap();
            // Files from several threads at once, into nested folders.
            std::thread::scope(|s| {
                for t in 0..4 {
                    let staging = &staging;
                    s.spawn(move || {
                        for i in 0..20 {
                            let path = PathBuf::from(format!("episodes/{i}/t{t}.html"));
                            staging.put(Page { path, content: b"new".to_vec() }).unwrap();
                        }
                    });
                }
            });
            assert!(staging.put(Page { path: PathBuf::from("../x"), content: vec![] }).is_err());
            // Dropped unfinished: a render error.
        }
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("public")], "no staging folder is left");

        let staging = Staging::begin(&out).unwrap();
        staging.put(Page { path: PathBuf::from("episodes/1/index.html"), content: b"new".to_vec() }).unwrap();
        staging.finish().unwrap();
        assert_eq!(std::fs::read(out.join("episodes/1/index.html")).unwrap(), b"new");
        assert!(!out.join("index.html").exists() && out.join(MARKER).is_file());
    }

    fn site(out: &Path, file: &str) {
        let pages = [Page { path: PathBuf::from(file), content: file.as_bytes().to_vec() }];
        write_site(out, &pages).unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn swaps_leave_no_leftovers_and_the_fallback_works_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        site(&out, "a.html");
        site(&out, "b.html");
        assert_eq!(names(&out), vec![MARKER.to_string(), "b.html".into()]);
        assert_eq!(names(dir.path()), vec!["public".to_string()], "nothing left beside the output");

        // The two-rename fallback, as used where folders cannot be exchanged.
        let staging = dir.path().join(".public.shownotes-staging-x");
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("c.html"), "c").unwrap();
        swap_by_renames(&staging, &out, &dir.path().join(".public.shownotes-old-x")).unwrap();
        assert_eq!(names(&out), vec!["c.html".to_string()]);
        assert_eq!(names(dir.path()), vec!["public".to_string()]);
    }

    #[test]
    fn recover_puts_back_the_old_site_when_the_output_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        site(&out, "old.html");
        // A build killed between its two renames: the old site moved aside, the new one
        // half-written in its staging folder.
        std::fs::rename(&out, dir.path().join(".public.shownotes-old-123-0-1")).unwrap();
        std::fs::create_dir(dir.path().join(".public.shownotes-staging-123-0-1")).unwrap();
        let restored = recover(&out).unwrap();
        assert!(restored.is_some_and(|p| p.ends_with(".public.shownotes-old-123-0-1")));
        assert_eq!(names(&out), vec![MARKER.to_string(), "old.html".into()]);
        assert_eq!(names(dir.path()), vec!["public".to_string()]);
        // With the output in place, leftovers are only removed.
        std::fs::create_dir(dir.path().join(".public.shownotes-old-9")).unwrap();
        assert!(recover(&out).unwrap().is_none());
        assert_eq!(names(dir.path()), vec!["public".to_string()]);
    }

    #[test]
    fn the_lock_is_exclusive_and_says_when_it_waits() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = OutputLock::acquire(&out, |_| panic!("free")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let out2 = out.clone();
        let t = std::thread::spawn(move || {
            let _second = OutputLock::acquire(&out2, |p| tx.send(p.to_path_buf()).unwrap()).unwrap();
        });
        let waited_on = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert!(waited_on.ends_with(".public.shownotes-lock"));
        drop(first);
        t.join().unwrap();
    }
}
