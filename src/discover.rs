//! Finds the episode files in the content folder and pairs each transcript with its show
//! notes: by episode number (`042-title.txt` + `042.md`), by the same file stem, or by
//! sharing a folder (`042/transcript.vtt` + `042/notes.md`).

use crate::diagnostics::Diagnostics;
use crate::parse::TranscriptFormat;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a file in the content folder can be, told from its extension alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Transcript(TranscriptFormat),
    /// `.md`: show notes, or a markdown transcript (decided once it is read).
    Markdown,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to the content folder.
    pub rel: PathBuf,
    pub kind: FileKind,
}

/// What [`discover`] found: the files, and warnings about what it skipped.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<SourceFile>,
    pub diagnostics: Diagnostics,
}

/// Every candidate file under `content`, sorted by path (so the build is deterministic).
/// Hidden files and folders, and `_`-prefixed ones, are skipped. Symbolic links are
/// followed only while they stay inside the site folder (`site_root`) or the content
/// folder, unless `follow_symlinks`; links elsewhere, dangling links and link loops are
/// skipped with a warning. Only an unreadable content folder is an error.
pub fn discover(content: &Path, site_root: &Path, follow_symlinks: bool) -> std::io::Result<Discovery> {
    let mut out = Discovery::default();
    std::fs::read_dir(content)?;
    let inside: Vec<PathBuf> = [site_root, content].iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut walker = WalkDir::new(content).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(content);
                let rel = path.strip_prefix(content).unwrap_or(path);
                let why = if e.loop_ancestor().is_some() {
                    "symbolic link loop (it leads back to a folder it is in); skipped".to_string()
                } else if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                    match std::fs::metadata(path) {
                        Err(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            "dangling symbolic link (its target does not exist); skipped".to_string()
                        }
                        Err(io) => format!("symbolic link that cannot be followed ({io}: a link loop?); skipped"),
                        Ok(_) => format!("cannot read: {e}; skipped"),
                    }
                } else {
                    format!("cannot read: {e}; skipped")
                };
                out.diagnostics.warn(rel, None, why);
                continue;
            }
        };
        let n = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && (n.starts_with('.') || n.starts_with('_')) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let path = entry.path();
        let rel = path.strip_prefix(content).unwrap_or(path).to_path_buf();
        if entry.depth() > 0 && entry.path_is_symlink() && !follow_symlinks {
            let target = std::fs::canonicalize(path);
            let ok = target.as_ref().is_ok_and(|t| inside.iter().any(|i| t.starts_with(i)));
            if !ok {
                let shown = target
                    .map(|t| crate::text::strip_controls(&t.display().to_string()).into_owned())
                    .unwrap_or_else(|_| "?".into());
                out.diagnostics.warn(
                    &rel,
                    None,
                    format!(
                        "symbolic link to {shown}, outside the site folder; skipped (set `follow_symlinks = true` in shownotes.toml to publish it)"
                    ),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let kind = match ext.as_str() {
            "txt" => FileKind::Transcript(TranscriptFormat::Text),
            "vtt" => FileKind::Transcript(TranscriptFormat::Vtt),
            "srt" => FileKind::Transcript(TranscriptFormat::Srt),
            "md" | "markdown" => FileKind::Markdown,
            _ => continue,
        };
        out.files.push(SourceFile { path: path.to_path_buf(), rel, kind });
    }
    Ok(out)
}

/// A file once read and classified.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub file: SourceFile,
    pub role: Role,
    pub data: T,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Transcript(TranscriptFormat),
    Notes,
}

/// The files of one episode.
#[derive(Debug, Clone)]
pub struct EpisodeFiles<T> {
    pub transcript: Option<Loaded<T>>,
    pub notes: Option<Loaded<T>>,
    /// Other formats of the same transcript, not used (reported as a warning).
    pub alternates: Vec<SourceFile>,
}

impl<T> EpisodeFiles<T> {
    /// The file the episode is named after: the transcript, else the notes.
    pub fn primary(&self) -> &SourceFile {
        &self.transcript.as_ref().or(self.notes.as_ref()).expect("an episode has at least one file").file
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Number(u32),
    Folder(PathBuf),
    Stem(PathBuf, String),
}

/// Leading episode number of a file stem: `042-title` -> 42, `217` -> 217.
pub fn leading_number(stem: &str) -> Option<u32> {
    let digits: &str = &stem[..stem.bytes().take_while(u8::is_ascii_digit).count()];
    let rest = &stem[digits.len()..];
    if digits.is_empty() || digits.len() > 6 || !(rest.is_empty() || rest.starts_with(['-', '_', ' ', '.'])) {
        return None;
    }
    digits.parse().ok()
}

/// Groups loaded files into episodes. Deterministic: the input is sorted by path.
pub fn pair<T>(files: Vec<Loaded<T>>) -> Vec<EpisodeFiles<T>> {
    // Folders that hold exactly one episode: at most one transcript and one notes file.
    let mut per_dir: FxHashMap<PathBuf, (usize, usize)> = FxHashMap::default();
    for f in &files {
        let e = per_dir.entry(f.file.rel.parent().unwrap_or(Path::new("")).to_path_buf()).or_default();
        match f.role {
            Role::Transcript(_) => e.0 += 1,
            Role::Notes => e.1 += 1,
        }
    }
    let mut groups: BTreeMap<Key, Vec<Loaded<T>>> = BTreeMap::new();
    for f in files {
        let dir = f.file.rel.parent().unwrap_or(Path::new("")).to_path_buf();
        let stem = f.file.rel.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
        let counts = per_dir[&dir];
        let key = if !dir.as_os_str().is_empty() && counts.0 <= 1 && counts.1 <= 1 && counts.0 + counts.1 == 2 {
            Key::Folder(dir)
        } else if let Some(n) = leading_number(&stem) {
            Key::Number(n)
        } else {
            Key::Stem(dir, stem)
        };
        groups.entry(key).or_default().push(f);
    }
    let mut out = Vec::new();
    for (_, group) in groups {
        let (mut transcripts, mut notes): (Vec<_>, Vec<_>) =
            group.into_iter().partition(|f| matches!(f.role, Role::Transcript(_)));
        // The best-ranked format is the episode's transcript; other formats of it are
        // alternates. Two files of the same format are two episodes (and the duplicate
        // number check later names both if they claim the same number).
        transcripts.sort_by_key(|f| match f.role {
            Role::Transcript(fmt) => fmt.rank(),
            Role::Notes => u8::MAX,
        });
        let mut main = EpisodeFiles { transcript: None, notes: None, alternates: Vec::new() };
        let mut extra = Vec::new();
        for t in transcripts {
            match &main.transcript {
                None => main.transcript = Some(t),
                Some(m) if m.role != t.role => main.alternates.push(t.file),
                Some(_) => extra.push(EpisodeFiles { transcript: Some(t), notes: None, alternates: Vec::new() }),
            }
        }
        if !notes.is_empty() {
            main.notes = Some(notes.remove(0));
        }
        extra.extend(notes.into_iter().map(|n| EpisodeFiles {
            transcript: None,
            notes: Some(n),
            alternates: Vec::new(),
        }));
        out.push(main);
        out.extend(extra);
    }
    out.retain(|e| e.transcript.is_some() || e.notes.is_some());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(rel: &str, role: Role) -> Loaded<()> {
        let kind = match role {
            Role::Transcript(f) => FileKind::Transcript(f),
            Role::Notes => FileKind::Markdown,
        };
        Loaded { file: SourceFile { path: rel.into(), rel: rel.into(), kind }, role, data: () }
    }

    #[test]
    fn pairs_by_number_stem_and_folder() {
        use TranscriptFormat::*;
        let eps = pair(vec![
            loaded("notes/042.md", Role::Notes),
            loaded("transcripts/042-the-title.txt", Role::Transcript(Text)),
            loaded("vtt/042-the-title.vtt", Role::Transcript(Vtt)),
            loaded("my-show.txt", Role::Transcript(Text)),
            loaded("my-show.md", Role::Notes),
            loaded("ep/transcript.srt", Role::Transcript(Srt)),
            loaded("ep/notes.md", Role::Notes),
            loaded("lonely.md", Role::Notes),
        ]);
        let view: Vec<(Option<String>, Option<String>, usize)> = eps
            .iter()
            .map(|e| {
                (
                    e.transcript.as_ref().map(|f| f.file.rel.display().to_string()),
                    e.notes.as_ref().map(|f| f.file.rel.display().to_string()),
                    e.alternates.len(),
                )
            })
            .collect();
        assert_eq!(
            view,
            vec![
                (Some("vtt/042-the-title.vtt".into()), Some("notes/042.md".into()), 1),
                (Some("ep/transcript.srt".into()), Some("ep/notes.md".into()), 0),
                (None, Some("lonely.md".into()), 0),
                (Some("my-show.txt".into()), Some("my-show.md".into()), 0),
            ]
        );
    }

    #[test]
    fn leading_numbers() {
        assert_eq!(leading_number("042-title"), Some(42));
        assert_eq!(leading_number("217"), Some(217));
        assert_eq!(leading_number("000_a09f45"), Some(0));
        assert_eq!(leading_number("2fast"), None);
        assert_eq!(leading_number("title"), None);
    }
}
