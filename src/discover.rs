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
            _ => {
                if let Some(msg) = unread(&ext, &n) {
                    out.diagnostics.warn(&rel, None, msg);
                }
                continue;
            }
        };
        out.files.push(SourceFile { path: path.to_path_buf(), rel, kind });
    }
    Ok(out)
}

/// Files that sit beside episodes without being transcripts (pictures, audio, video,
/// what an operating system leaves), skipped without a word.
const NOT_TRANSCRIPTS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "mp3", "m4a", "aac", "ogg", "oga", "opus", "wav",
    "flac", "mp4", "m4v", "mov", "webm", "mkv",
];

/// Why a file of the content folder that is not a shape shownotes reads is skipped, and
/// what to do; `None` for a file that is plainly no transcript (see [`NOT_TRANSCRIPTS`]).
fn unread(ext: &str, name: &str) -> Option<String> {
    if NOT_TRANSCRIPTS.contains(&ext) || ["thumbs.db", "desktop.ini"].contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    let (what, fix) = match ext {
        "docx" | "doc" | "odt" | "rtf" | "pages" => {
            ("a word processor's document", "save it as plain text (.txt) or Markdown (.md) beside it")
        }
        "pdf" => ("a PDF", "copy its text into a .txt or .md file"),
        "html" | "htm" => ("a web page", "save its text as .txt or .md"),
        "json" => ("JSON", "export the transcript as WebVTT (.vtt) or SubRip (.srt)"),
        "" => ("a file without an extension", "name it .txt, .vtt, .srt or .md after what it holds"),
        _ => (
            "this kind of file",
            "save the transcript in one of those formats, or move this file out of the content folder",
        ),
    };
    Some(format!(
        "skipped: shownotes reads transcripts and show notes as .txt (`00:01:20 text` lines), .vtt (WebVTT), .srt (SubRip) and .md (Markdown), not {what}; {fix}"
    ))
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

/// Leading episode number of a file stem: `042-title` -> 42, `217` -> 217, `000` -> 0.
pub fn leading_number(stem: &str) -> Option<u32> {
    let digits: &str = &stem[..stem.bytes().take_while(u8::is_ascii_digit).count()];
    let rest = &stem[digits.len()..];
    if digits.is_empty() || digits.len() > 6 || !(rest.is_empty() || rest.starts_with(['-', '_', ' ', '.'])) {
        return None;
    }
    digits.parse().ok()
}

/// A trailing episode number: after a separator (`the-changelog-284`, `go time 104`) or
/// glued to `ep`/`episode` (`ep284`, `Episode284`).
pub fn trailing_number(stem: &str) -> Option<u32> {
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = &stem[..stem.len() - digits];
    let lower = head.to_ascii_lowercase();
    let glued = ["ep", "episode"].iter().any(|p| {
        lower.strip_suffix(p).is_some_and(|before| before.is_empty() || before.ends_with(['-', '_', ' ', '.']))
    });
    if digits == 0 || digits > 6 || !(head.ends_with(['-', '_', ' ', '.', '#']) || glued) {
        return None;
    }
    stem[head.len()..].parse().ok()
}

/// The rest of a stem after its leading number: `042-title` -> `title`.
pub fn stem_rest(stem: &str) -> &str {
    match leading_number(stem) {
        Some(_) => stem.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['-', '_', ' ', '.']),
        None => stem,
    }
}

/// A machine-made name (a hash), not words: `a09f45d5618a526f`.
pub fn hashlike(s: &str) -> bool {
    s.len() >= 8 && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// The words of a file name, lower-cased: `The-Changelog_Bonus 2018` -> `the`,
/// `changelog`, `bonus`, `2018`.
fn words(stem: &str) -> impl Iterator<Item = String> + '_ {
    stem.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// A name's word for a bonus or trailer episode, which is outside the numbered run.
pub fn special_word(stem: &str) -> Option<&'static str> {
    words(stem).find_map(|w| match w.as_str() {
        "trailer" => Some("trailer"),
        "bonus" => Some("bonus"),
        _ => None,
    })
}

/// A year (1990-2100) beside words is a date, not an episode's number:
/// `the-changelog-bonus-sustainoss-2018`, `2019-recap`.
fn year_beside_words(n: u32, digits: usize, stem: &str) -> bool {
    digits == 4 && (1990..=2100).contains(&n) && words(stem).any(|w| !w.bytes().all(|b| b.is_ascii_digit()))
}

/// The episode number a podcaster gave a file by naming it: leading (`284-title`,
/// `284`, `000-trailer`) or trailing (`the-changelog-284`, `ep284`). A machine name
/// (`000_a09f45d5618a526f`) and a date (`2021-05-12-title`) state no episode number,
/// nor does a year beside words (`sustainoss-2018`, `2019-recap`; `episode-2018` is a
/// number), nor a trailing number in a bonus or trailer's name (`the-show-bonus-3` is
/// not episode 3; a leading one is: `000-trailer` is episode 0).
pub fn file_number(stem: &str) -> Option<u32> {
    let n = file_number_as_named(stem)?;
    let leading = stem.starts_with(|c: char| c.is_ascii_digit()) && leading_number(stem) == Some(n);
    if leading {
        let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
        return (!year_beside_words(n, digits, stem)).then_some(n);
    }
    // Trailing: "episode 2018", "ep2018" say it is a number, whatever it looks like.
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let last_words: Vec<String> = words(&stem[..stem.len() - digits]).collect();
    if last_words.last().is_some_and(|w| w == "ep" || w == "episode") {
        return Some(n);
    }
    (!year_beside_words(n, digits, stem) && special_word(stem).is_none()).then_some(n)
}

fn file_number_as_named(stem: &str) -> Option<u32> {
    let b = stem.as_bytes();
    let dated = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if dated {
        return trailing_number(&stem[10..]);
    }
    if hashlike(stem_rest(stem)) {
        return None;
    }
    leading_number(stem).or_else(|| trailing_number(stem))
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
        } else if let Some(n) = file_number(&stem) {
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

/// The second pairing pass, once every episode's number is known (from front matter,
/// a transcript header or the speech as well as file names): a transcript without notes
/// and notes without a transcript that have the same number are one episode, whatever
/// each file is named (`282.md` + `000_a09f45d5618a526f.txt`, which says "this is
/// episode 282"). A number claimed by several files on one side is left alone (the
/// duplicate check names them). The output keeps the input's order.
pub fn pair_by_number<T>(
    groups: Vec<EpisodeFiles<T>>,
    numbers: Vec<Option<u32>>,
) -> Vec<(EpisodeFiles<T>, Option<u32>)> {
    let mut sides: BTreeMap<u32, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, (g, n)) in groups.iter().zip(&numbers).enumerate() {
        let Some(n) = *n else { continue };
        match (&g.transcript, &g.notes) {
            (Some(_), None) => sides.entry(n).or_default().0.push(i),
            (None, Some(_)) => sides.entry(n).or_default().1.push(i),
            _ => {}
        }
    }
    // notes group index -> transcript group index
    let mut joins: FxHashMap<usize, usize> = FxHashMap::default();
    for (t, n) in sides.values() {
        if let ([t], [n]) = (t.as_slice(), n.as_slice()) {
            joins.insert(*n, *t);
        }
    }
    let mut slots: Vec<Option<(EpisodeFiles<T>, Option<u32>)>> = groups.into_iter().zip(numbers).map(Some).collect();
    let mut moves: Vec<(usize, usize)> = joins.into_iter().collect();
    moves.sort_unstable();
    for (n, t) in moves {
        let notes = slots[n].take().and_then(|(g, _)| g.notes);
        if let Some((g, _)) = slots[t].as_mut() {
            g.notes = notes;
        }
    }
    slots.into_iter().flatten().collect()
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
    fn years_and_bonus_names_are_no_numbers() {
        for (stem, n) in [
            ("the-changelog-bonus-sustainoss-2018", None),
            ("2019-recap", None),
            ("the-changelog-2018", None),
            ("the-show-bonus-3", None),
            ("trailer-2", None),
            ("episode-2018", Some(2018)),
            ("ep2018", Some(2018)),
            ("2018", Some(2018)),
            ("000-trailer", Some(0)),
            ("the-changelog-284", Some(284)),
            ("the-changelog-3000", Some(3000)),
            ("1989-title", Some(1989)),
        ] {
            assert_eq!(file_number(stem), n, "{stem}");
        }
        assert_eq!(special_word("The-Changelog_Bonus-x"), Some("bonus"));
        assert_eq!(special_word("000-trailer"), Some("trailer"));
        assert_eq!(special_word("bonuses"), None);
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
    fn pairs_by_final_number_whatever_the_names() {
        use TranscriptFormat::*;
        let groups = pair(vec![
            loaded("282.md", Role::Notes),
            loaded("000_a09f45d5618a526f.txt", Role::Transcript(Text)),
            loaded("001_0b1090a70a28c12f.txt", Role::Transcript(Text)),
            loaded("two-a.txt", Role::Transcript(Text)),
            loaded("two-b.txt", Role::Transcript(Text)),
            loaded("7.md", Role::Notes),
        ]);
        let names: Vec<String> = groups.iter().map(|g| g.primary().rel.display().to_string()).collect();
        assert_eq!(
            names,
            vec!["7.md", "282.md", "000_a09f45d5618a526f.txt", "001_0b1090a70a28c12f.txt", "two-a.txt", "two-b.txt"]
        );
        // As the metadata stage would number them: 282 and 95 from speech; two
        // transcripts both say 7, so the notes `7.md` pair with neither.
        let numbers = vec![Some(7), Some(282), Some(282), Some(95), Some(7), Some(7)];
        let eps = pair_by_number(groups, numbers);
        let view: Vec<(Option<String>, Option<String>, Option<u32>)> = eps
            .iter()
            .map(|(e, n)| {
                (
                    e.transcript.as_ref().map(|f| f.file.rel.display().to_string()),
                    e.notes.as_ref().map(|f| f.file.rel.display().to_string()),
                    *n,
                )
            })
            .collect();
        assert_eq!(
            view,
            vec![
                (None, Some("7.md".into()), Some(7)),
                (Some("000_a09f45d5618a526f.txt".into()), Some("282.md".into()), Some(282)),
                (Some("001_0b1090a70a28c12f.txt".into()), None, Some(95)),
                (Some("two-a.txt".into()), None, Some(7)),
                (Some("two-b.txt".into()), None, Some(7)),
            ]
        );
    }

    #[test]
    fn numbers_in_file_names() {
        assert_eq!(leading_number("042-title"), Some(42));
        assert_eq!(leading_number("217"), Some(217));
        assert_eq!(leading_number("000_a09f45"), Some(0));
        assert_eq!(leading_number("2fast"), None);
        assert_eq!(leading_number("title"), None);
        for (stem, n) in [
            ("284-title", Some(284)),
            ("284", Some(284)),
            ("000-trailer", Some(0)),
            ("the-changelog-284", Some(284)),
            ("podcast-the-changelog-348", Some(348)),
            ("gotime-go-time-104", Some(104)),
            ("ep284", Some(284)),
            ("EP-284", Some(284)),
            ("my show episode284", Some(284)),
            ("episode #7", Some(7)),
            ("2021-05-12-ep-284", Some(284)),
            ("2021-05-12-title", None),
            ("000_a09f45d5618a526f", None),
            ("python3", None),
            ("deep284", None),
            ("title", None),
        ] {
            assert_eq!(file_number(stem), n, "{stem}");
        }
    }
}
