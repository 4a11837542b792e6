//! What `shownotes serve` watches, and which changes are worth a rebuild.
//!
//! Watched: the content folder (and the sample folder), the theme (`themes/<name>/`),
//! the site's `templates/` and `static/`, and the site files `shownotes.toml`, the
//! topics file and the episodes file. Files are watched through their folders, so an
//! editor that saves by writing a new file and renaming it over the old one is seen.
//!
//! Exactly what the build reads, nothing else: notify is told not to follow symbolic
//! links (it would put a watch on every folder a link leads to, anywhere on the
//! machine), and the links of the content folders that the build follows (those that
//! stay inside the site, or all with `follow_symlinks = true`, as in
//! [`crate::discover`]) are watched at their targets instead.
//!
//! Changes are debounced here rather than by a notify debouncer crate: a rebuild starts
//! once no relevant change has come for [`QUIET`] (so an editor's save, several events
//! on several names, makes one rebuild), and the events that do not change a file are
//! dropped before they count. notify reports every open of a watched file, the build's
//! own reads among them; notify-debouncer-mini cannot filter those, so its rebuilds
//! would trigger more rebuilds, and notify-debouncer-full times each event on its own,
//! so it can report a save's first event while the editor is still writing.

use crate::config::Config;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// A rebuild starts once the watched files have been quiet this long.
pub const QUIET: Duration = Duration::from_millis(30);
/// ... or this long after the first change, if they never are (a long copy).
pub const MAX_WAIT: Duration = Duration::from_millis(1000);

/// What the watcher tells the build thread.
pub enum Msg {
    /// These files changed (relevant ones only, absolute); `true`: the event made the
    /// file (created, or renamed to this name).
    Changed(Vec<(PathBuf, bool)>),
    Stop,
}

/// The files and folders a site's build reads, as absolute paths (not canonical: the
/// watcher reports paths under the path it was given, symbolic links unresolved).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rules {
    pub root: PathBuf,
    /// Site files, watched through their folders.
    pub files: BTreeSet<PathBuf>,
    /// Folders watched with everything in them; `true` for static folders, where hidden
    /// files are published too (`.well-known/`), so only editors' files are ignored.
    pub folders: Vec<(PathBuf, bool)>,
}

impl Rules {
    pub fn new(root: &Path, config: &Config) -> Rules {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let mut files: BTreeSet<PathBuf> =
            ["shownotes.toml", "episodes.toml", "episodes.csv"].iter().map(|f| root.join(f)).collect();
        files.insert(root.join(&config.topics_file));
        files.insert(root.join(&config.people_file));
        if !config.episodes_file.as_os_str().is_empty() {
            files.insert(root.join(&config.episodes_file));
        }
        let theme = root.join("themes").join(&config.theme);
        let mut folders = vec![
            (root.join(&config.content_dir), false),
            (theme.join("templates"), false),
            (theme.join("static"), true),
            (root.join("templates"), false),
            (root.join("static"), true),
        ];
        let mut content = vec![root.join(&config.content_dir)];
        if !config.sample_dir.as_os_str().is_empty() {
            content.push(root.join(&config.sample_dir));
        }
        folders.extend(content.iter().map(|c| (c.clone(), false)));
        let mut rules = Rules { root, files, folders };
        for c in &content {
            rules.follow_links(c, config.follow_symlinks);
        }
        rules
    }

    /// Adds the targets of the symbolic links in the content folder `content` that the
    /// build follows: folders to watch with what is in them, files through their folders.
    /// The rule is [`crate::discover::discover`]'s: a link is followed while its target
    /// is inside the site folder or the content folder, or always with `follow_symlinks`;
    /// hidden and `_` names are skipped; a link back to a folder it is in (a loop) is not.
    fn follow_links(&mut self, content: &Path, follow_symlinks: bool) {
        let canon_root = self.root.canonicalize().ok();
        let inside: Vec<PathBuf> = [Some(&self.root), Some(&content.to_path_buf())]
            .into_iter()
            .flatten()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        // A target inside the site is named through the site folder, as the user sees it.
        let named = |t: PathBuf| match canon_root.as_ref().and_then(|r| t.strip_prefix(r).ok()) {
            Some(rel) => self.root.join(rel),
            None => t,
        };
        let mut todo = vec![content.to_path_buf()];
        let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
        while let Some(dir) = todo.pop() {
            if !seen.insert(dir.clone()) {
                continue;
            }
            let walker = walkdir::WalkDir::new(&dir).follow_links(false).into_iter().filter_entry(|e| {
                let n = e.file_name().to_string_lossy();
                e.depth() == 0 || !(n.starts_with('.') || n.starts_with('_'))
            });
            for e in walker.flatten() {
                if !e.path_is_symlink() || e.depth() == 0 {
                    continue;
                }
                let Ok(target) = e.path().canonicalize() else { continue };
                if !follow_symlinks && !inside.iter().any(|i| target.starts_with(i)) {
                    continue;
                }
                let ancestors: Vec<PathBuf> = e.path().ancestors().filter_map(|a| a.canonicalize().ok()).collect();
                if ancestors.iter().skip(1).any(|a| a.starts_with(&target)) {
                    continue; // a loop: the build skips it too
                }
                let target = named(target);
                if target.is_dir() {
                    if !self.folders.iter().any(|(d, _)| target.starts_with(d)) {
                        self.folders.push((target.clone(), false));
                    }
                    todo.push(target);
                } else {
                    self.files.insert(target);
                }
            }
        }
    }

    /// Does a change to `path` change the site?
    pub fn relevant(&self, path: &Path) -> bool {
        if self.files.contains(path) {
            return true;
        }
        for (dir, is_static) in &self.folders {
            if let Ok(rel) = path.strip_prefix(dir) {
                return !rel.components().any(|c| ignored(&c.as_os_str().to_string_lossy(), *is_static));
            }
            // A folder on the way to a watched one appeared or went (`templates/`).
            if dir.starts_with(path) {
                return true;
            }
        }
        false
    }

    /// The folders to watch, and how.
    fn watches(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut out = BTreeSet::new();
        out.insert((self.root.clone(), false));
        for f in &self.files {
            if let Some(parent) = f.parent() {
                out.insert((parent.to_path_buf(), false));
            }
        }
        for (d, _) in &self.folders {
            if d.is_dir() {
                out.insert((d.clone(), true));
                continue;
            }
            // A folder that does not exist yet is seen appearing through its parent.
            let mut a = d.as_path();
            while let Some(p) = a.parent() {
                a = p;
                if a.is_dir() {
                    out.insert((a.to_path_buf(), false));
                    break;
                }
            }
        }
        // A folder watched recursively needs no second, shallow watch.
        let deep: Vec<PathBuf> = out.iter().filter(|(_, r)| *r).map(|(p, _)| p.clone()).collect();
        out.retain(|(p, r)| *r || !deep.contains(p));
        out
    }

    /// `path` as the user would name it: relative to the site folder.
    pub fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).display().to_string()
    }
}

/// An editor's or the system's file that is not part of the site: swap files, backups,
/// lock files, vim's write test; in content and template folders also hidden files
/// (which the build skips).
fn ignored(name: &str, is_static: bool) -> bool {
    name.ends_with('~')
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.contains("___jb_")
        || [".swp", ".swo", ".swx", ".swpx", ".DS_Store"].iter().any(|s| name.ends_with(s))
        || (!is_static && name.starts_with('.'))
}

/// Does this event change a file? Opening and reading do not.
fn changes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The file watcher: notify's, sending relevant changes to the build thread.
pub struct Watch {
    watcher: RecommendedWatcher,
    rules: Arc<RwLock<Rules>>,
    watching: BTreeSet<(PathBuf, bool)>,
}

impl Watch {
    pub fn new(rules: Rules, to: Sender<Msg>) -> notify::Result<Watch> {
        let rules = Arc::new(RwLock::new(rules));
        let shared = rules.clone();
        let handler = move |res: notify::Result<notify::Event>| {
            let Ok(event) = res else { return };
            if !changes(&event.kind) {
                return;
            }
            let made = matches!(event.kind, EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To)));
            let rules = shared.read().unwrap_or_else(|e| e.into_inner());
            let paths: Vec<(PathBuf, bool)> =
                event.paths.into_iter().filter(|p| rules.relevant(p)).map(|p| (p, made)).collect();
            if !paths.is_empty() {
                let _ = to.send(Msg::Changed(paths));
            }
        };
        // Links are followed by the rules, only where the build follows them.
        let watcher = RecommendedWatcher::new(handler, notify::Config::default().with_follow_symlinks(false))?;
        let mut w = Watch { watcher, rules, watching: BTreeSet::new() };
        w.sync()?;
        Ok(w)
    }

    /// New rules (the settings changed): watches follow.
    pub fn set_rules(&mut self, rules: Rules) -> notify::Result<()> {
        *self.rules.write().unwrap_or_else(|e| e.into_inner()) = rules;
        self.sync()
    }

    pub fn rules(&self) -> Rules {
        self.rules.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Adds and removes watches to match the rules and what exists now (a folder that
    /// appeared is watched from now on).
    pub fn sync(&mut self) -> notify::Result<()> {
        let want = self.rules().watches();
        for (p, r) in self.watching.difference(&want).cloned().collect::<Vec<_>>() {
            let _ = self.watcher.unwatch(&p);
            self.watching.remove(&(p, r));
        }
        for (p, r) in want.difference(&self.watching.clone()) {
            let mode = if *r { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            match self.watcher.watch(p, mode) {
                Ok(()) => {
                    self.watching.insert((p.clone(), *r));
                }
                // Gone since it was looked at: the next sync tries again.
                Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Waits for changes and returns them once the files have been quiet for [`QUIET`]
/// (or [`MAX_WAIT`] has passed), without duplicates; `None` when told to stop. A file
/// made and gone again within the wait (an editor's or `sed -i`'s temporary file,
/// renamed over the real one) is left out; the set may then be empty.
pub fn next_changes(rx: &Receiver<Msg>) -> Option<BTreeSet<PathBuf>> {
    let mut changed: BTreeMap<PathBuf, bool> = BTreeMap::new();
    let mut add = |paths: Vec<(PathBuf, bool)>| {
        for (p, made) in paths {
            *changed.entry(p).or_default() |= made;
        }
    };
    match rx.recv() {
        Ok(Msg::Changed(p)) => add(p),
        Ok(Msg::Stop) | Err(_) => return None,
    }
    let first = Instant::now();
    loop {
        let left = MAX_WAIT.saturating_sub(first.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(QUIET.min(left)) {
            Ok(Msg::Changed(p)) => add(p),
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    Some(changed.into_iter().filter(|(p, made)| !made || p.exists()).map(|(p, _)| p).collect())
}

/// One line about what changed: `content/042.txt changed`, `content/a.txt and 2 more
/// changed`, `content/b.txt removed`.
pub fn describe(rules: &Rules, changed: &BTreeSet<PathBuf>) -> String {
    let mut names: Vec<(String, bool)> = changed.iter().map(|p| (rules.shown(p), p.exists())).collect();
    // Files before the folders they are in, existing ones first.
    names.sort_by_key(|(n, exists)| (!exists, std::cmp::Reverse(n.matches('/').count()), n.clone()));
    let Some((first, exists)) = names.first() else { return "nothing changed".into() };
    let verb = if *exists { "changed" } else { "removed" };
    match names.len() {
        1 => format!("{first} {verb}"),
        n => format!("{first} and {} more changed", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_worth_a_rebuild() {
        let root = Path::new("/site");
        let config = Config { sample_dir: "sample".into(), ..Config::default() };
        let r = Rules::new(root, &config);
        for p in [
            "/site/shownotes.toml",
            "/site/topics.toml",
            "/site/episodes.csv",
            "/site/content/001.txt",
            "/site/content/season1/002.md",
            "/site/sample/000.txt",
            "/site/templates/episode.html",
            "/site/themes/default/templates/base.html",
            "/site/themes/default/static/style.css",
            "/site/static/.well-known/security.txt",
            "/site/templates",
            "/site/themes",
        ] {
            assert!(r.relevant(Path::new(p)), "{p}");
        }
        for p in [
            "/site/public/index.html",
            "/site/.public.shownotes-staging-1",
            "/site/README.md",
            "/site/content/.001.txt.swp",
            "/site/content/001.txt~",
            "/site/content/4913",
            "/site/content/.#001.txt",
            "/site/content/#001.txt#",
            "/site/content/.git/index",
            "/site/templates/.episode.html.swp",
            "/site/static/.style.css.swp",
            "/site/themes/other/templates/base.html",
            "/elsewhere/x.txt",
        ] {
            assert!(!r.relevant(Path::new(p)), "{p}");
        }
        assert!(!changes(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(changes(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_watched_where_the_build_follows_them() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["content", "shared", "content/.hidden"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("one.txt"), "x").unwrap();
        symlink(outside.path(), root.join("content/out")).unwrap();
        symlink(root.join("shared"), root.join("content/in")).unwrap();
        symlink(root.join("one.txt"), root.join("content/one.txt")).unwrap();
        symlink(root, root.join("content/loop")).unwrap();
        symlink(outside.path(), root.join("content/.hidden/out")).unwrap();
        let r = Rules::new(root, &Config::default());
        let root = &r.root;
        assert!(r.relevant(&root.join("shared/002.txt")));
        assert!(r.relevant(&root.join("one.txt")));
        assert!(!r.relevant(&outside.path().join("003.txt")));
        assert!(!r.folders.iter().any(|(d, _)| d == root), "a loop is not followed: {:?}", r.folders);
        let follow = Rules::new(root, &Config { follow_symlinks: true, ..Config::default() });
        let out = outside.path().canonicalize().unwrap();
        assert!(follow.relevant(&out.join("003.txt")), "{:?}", follow.folders);
    }

    #[test]
    fn changes_are_described_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let r = Rules::new(dir.path(), &Config::default());
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/001.txt"), "x").unwrap();
        let one: BTreeSet<PathBuf> = [r.root.join("content/001.txt")].into();
        assert_eq!(describe(&r, &one), "content/001.txt changed");
        let gone: BTreeSet<PathBuf> = [r.root.join("content/002.txt")].into();
        assert_eq!(describe(&r, &gone), "content/002.txt removed");
        let two: BTreeSet<PathBuf> = [r.root.join("content/001.txt"), r.root.join("content")].into();
        assert_eq!(describe(&r, &two), "content/001.txt and 1 more changed");
    }

    #[test]
    fn a_quiet_moment_ends_a_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        let dir = tempfile::tempdir().unwrap();
        let (a, b, tmp) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("sedXYZ"));
        std::fs::write(&a, "a").unwrap();
        tx.send(Msg::Changed(vec![(a.clone(), false)])).unwrap();
        // `b` was removed; `sedXYZ` was made, then renamed over `a`.
        tx.send(Msg::Changed(vec![(b.clone(), false), (a.clone(), true), (tmp, true)])).unwrap();
        let started = Instant::now();
        let first = next_changes(&rx).unwrap();
        assert_eq!(first, [a, b].into_iter().collect());
        assert!(started.elapsed() >= QUIET, "waited for a quiet moment");
        tx.send(Msg::Changed(vec![("/c".into(), false)])).unwrap();
        tx.send(Msg::Stop).unwrap();
        assert!(next_changes(&rx).is_none(), "stop ends the wait, even with changes pending");
    }
}
