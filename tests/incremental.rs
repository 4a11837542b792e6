//! Incremental builds: each episode's extraction is kept in the build cache with what it
//! read of the rest of the site, a rebuild extracts again only the episodes whose inputs
//! changed, and the site it writes is byte-identical to a clean build of the same content.

mod common;
use common::*;

/// (reused, episodes) from the progress line "extraction of N of M episodes reused".
fn reused(stderr: &str) -> (usize, usize) {
    let line =
        stderr.lines().find(|l| l.contains("episodes reused from the cache")).unwrap_or_else(|| panic!("{stderr}"));
    let inner = &line[line.find("extraction of ").unwrap() + "extraction of ".len()..];
    let words: Vec<&str> = inner.split_whitespace().collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

fn append(site: &Site, rel: &str, line: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{}\n{line}\n", text.trim_end())).unwrap();
}

#[test]
fn one_edited_transcript_is_extracted_again_and_the_site_equals_a_clean_build() {
    let site = rerun_site();
    let first = site.build_ok(&[]);
    assert_eq!(reused(&first.stderr), (0, 9), "nothing is cached yet");
    let again = site.build_ok(&[]);
    assert_eq!(reused(&again.stderr), (9, 9), "nothing changed: every episode from the cache");
    assert_same_as_clean(&site, "unchanged");
    let (_, printed) = clean_build(&site);
    assert_eq!(reused(&printed).0, 0, "a clean build extracts everything");

    // A line at the end of one transcript (just after its last cue: a stamp 24 minutes
    // later would move every phrase's place in the episode, and with it the names its
    // ranking gives the catalogue), in words no other episode ranks by: that episode
    // alone is extracted again.
    append(&site, "content/005-a.txt", "36:10 And one more thing, said at the very end.");
    let edited = site.build_ok(&[]);
    assert_eq!(reused(&edited.stderr), (8, 9), "only the edited episode is extracted again");
    assert!(
        tree(&site.out("episodes"))
            .iter()
            .any(|(p, b)| p.ends_with("index.html") && String::from_utf8_lossy(b).contains("said at the very end")),
        "the edit is built"
    );
    assert_same_as_clean(&site, "one line added");

    // The same line in another episode moves two of the catalogue's entities (its ranking
    // adds them in another order): every episode reads the catalogue, so every one is
    // extracted again, and the site is still exact.
    append(&site, "content/003-a.txt", "59:59 And one more thing, said at the very end.");
    let moved = site.build_ok(&[]);
    assert_eq!(reused(&moved.stderr), (0, 9));
    assert_same_as_clean(&site, "the catalogue reordered");

    // A name the other episodes rank by said once more: their rankings read its count of
    // episodes, so those that looked it up are extracted again, and the site is exact.
    append(&site, "content/101-b.txt", "01:00:00 Memray Memray Memray, and PyScript once more.");
    let named = site.build_ok(&[]);
    assert!(reused(&named.stderr).0 < 9);
    assert_same_as_clean(&site, "a name added");
}

#[test]
fn settings_and_damaged_entries_are_never_trusted() {
    let site = rerun_site();
    site.build_ok(&[]);
    // Another setting is another site: nothing kept is used, and the result is exact.
    std::fs::write(site.root().join("shownotes.toml"), format!("{PB_CONFIG}[topics]\nper_episode = 4\n")).unwrap();
    let run = site.build_ok(&[]);
    assert_eq!(reused(&run.stderr), (0, 9));
    assert_same_as_clean(&site, "another setting");

    // Every kept extraction damaged (one byte of each): none is used, the site is the same.
    let cache = site.root().join(".public.shownotes-cache");
    let mut entries = 0;
    for e in std::fs::read_dir(&cache).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with("episode-") {
            let mut bytes = std::fs::read(&p).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 1;
            std::fs::write(&p, bytes).unwrap();
            entries += 1;
        }
    }
    assert_eq!(entries, 9, "one entry per episode; those of the old setting were removed");
    let run = site.build_ok(&[]);
    assert_eq!(reused(&run.stderr), (0, 9), "a damaged entry is never trusted");
    assert_same_as_clean(&site, "damaged cache");
    assert_eq!(reused(&site.build_ok(&[]).stderr), (9, 9), "and was made again");
}
