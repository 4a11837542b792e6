//! Parse results kept in the build cache: a rebuild takes each unchanged show notes'
//! parsed body (HTML, items, links, warnings) from a `notes-` entry keyed by the file's
//! bytes, says so in its log, and writes a site equal to a clean build, warnings
//! included. An entry damaged, or moved onto another file's name, is never trusted.

mod common;
use common::*;
use std::path::PathBuf;

/// (show notes taken from the cache, show-notes files) from the parse stage's line;
/// (0, 0) when it names none (nothing was taken).
fn taken(stderr: &str) -> (usize, usize) {
    parse_counts(stderr, "show notes of ", ["files", "taken", "from"])
}

fn notes_entries(site: &Site) -> Vec<PathBuf> {
    let dir = site.root().join(".public.shownotes-cache");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("notes-"))
        .collect();
    found.sort();
    found
}

/// The nine-episode site, with show notes of a third episode that make three warnings
/// (HTML the sanitizer removes, a `javascript:` link dropped, a link reference with no
/// definition).
fn site() -> Site {
    let site = rerun_site();
    site.write(
        "content/003-a.md",
        "# Episode three\n\n**Michael #1:** [**Ruff**](https://docs.astral.sh/ruff/)\n\n* fast <iframe src=\"https://example.com\"></iframe> linting\n* [a trap](javascript:alert(1)) and [undefined]\n",
    );
    site
}

#[test]
fn unchanged_show_notes_are_taken_from_the_cache_and_the_site_equals_a_clean_build() {
    let site = site();
    let first = site.build_ok(&["-j", "2"]);
    assert_eq!(taken(&first.stderr), (0, 0), "nothing cached yet\n{}", first.stderr);
    let w = sorted_warnings(&first.stderr);
    assert!(w.iter().any(|l| l.contains("003-a.md") && l.contains("sanitizer")), "{w:?}");
    assert!(w.iter().any(|l| l.contains("003-a.md") && l.contains("javascript:alert(1)")), "{w:?}");
    assert!(w.iter().any(|l| l.contains("003-a.md") && l.contains("`[undefined]` has no definition")), "{w:?}");
    assert_eq!(notes_entries(&site).len(), 3, "one entry per show-notes file");

    let again = site.build_ok(&["-j", "2"]);
    assert_eq!(taken(&again.stderr), (3, 3), "nothing changed: every show notes' body from the cache");
    assert_eq!(sorted_warnings(&again.stderr), w, "the kept warnings are said again, the same");
    assert_same_as_clean(&site, "unchanged");
    let (_, clean_log) = clean_build(&site);
    assert_eq!(sorted_warnings(&clean_log), w);

    // One show-notes file edited: it alone is parsed again, and the page shows the edit.
    let path = site.root().join("content/002-a.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n**Michael #2:** [**Textual**](https://textual.textualize.io)\n\n* a TUI framework\n"),
    )
    .unwrap();
    let edited = site.build_ok(&["-j", "2"]);
    assert_eq!(taken(&edited.stderr), (2, 3), "the edited file is parsed again\n{}", edited.stderr);
    let pages: Vec<String> = tree(&site.out("episodes"))
        .into_iter()
        .filter(|(p, b)| {
            p.ends_with("/index.html") && String::from_utf8_lossy(b).contains("https://textual.textualize.io")
        })
        .map(|(p, _)| p)
        .collect();
    assert_eq!(pages.len(), 1, "the edited notes' page shows the new item: {pages:?}");
    assert_same_as_clean(&site, "one show-notes file edited");
}

#[test]
fn a_damaged_or_moved_entry_is_never_trusted() {
    let site = site();
    site.build_ok(&[]);
    let clean_warnings = sorted_warnings(&site.build_ok(&[]).stderr);
    let entries = notes_entries(&site);
    assert_eq!(entries.len(), 3);

    // One byte of every entry changed, in the middle of what it holds (the HTML): the
    // signature no longer matches, so every file is parsed again.
    for e in &entries {
        let mut bytes = std::fs::read(e).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x20;
        std::fs::write(e, bytes).unwrap();
    }
    let damaged = site.build_ok(&[]);
    assert_eq!(taken(&damaged.stderr), (0, 0), "no damaged entry is used\n{}", damaged.stderr);
    assert_eq!(sorted_warnings(&damaged.stderr), clean_warnings);
    assert_same_as_clean(&site, "after damaged entries");
    // ... and written again, sound: the next build takes them.
    assert_eq!(taken(&site.build_ok(&[]).stderr), (3, 3));

    // A sound entry (signed by this user, by this binary) copied over the others' names:
    // each still holds its own name, so it is taken for its own file only.
    let entries = notes_entries(&site);
    let bytes = std::fs::read(&entries[0]).unwrap();
    for e in &entries[1..] {
        std::fs::write(e, &bytes).unwrap();
    }
    let moved = site.build_ok(&[]);
    assert_eq!(taken(&moved.stderr), (1, 3), "an entry counts only under its own name\n{}", moved.stderr);
    assert_eq!(sorted_warnings(&moved.stderr), clean_warnings);
    assert_same_as_clean(&site, "after moved entries");
}
