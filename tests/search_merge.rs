//! The search index's merge (src/search/kept.rs), through the real CLI: a rebuild with
//! nothing changed takes the index kept from the last build whole (the log says so, the
//! files are the previous site's, linked) and equals a clean build; after an edit the
//! index is patched (or merged) again, the chunks whose bytes did not change taken from
//! the previous site, the new word is found by Pagefind's own script in Node and the site equals a
//! clean build; a kept index that was damaged (a file of the previous site, the cache's
//! entry, a folder replaced by a link) is merged again, never trusted.

mod common;
use common::search::{ask, chunks, urls, wordy_site};
use common::*;
use std::path::Path;

const KEPT: &str = "the whole index kept from the last build";

/// The syllables of the show's words, and the seed that draws them.
const SYLLABLES: &[&str] = &["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "gu"];
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// The index's word chunks in the output.
fn chunk_files(site: &Site) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(site.out("pagefind/index")).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap())
}

#[test]
fn nothing_changed_takes_the_kept_index_and_an_edit_merges_again_as_a_clean_build_would() {
    let site = wordy_site(40, SEED, SYLLABLES);
    let first = site.build_ok(&[]);
    assert!(!first.stderr.contains(KEPT), "{}", first.stderr);
    let (unchanged, total) = chunks(&first.stderr);
    assert_eq!(unchanged, 0, "a first build has no previous site");
    assert!(total >= 4, "the test wants several word chunks: {total}");
    let before = tree(&site.out("pagefind"));

    // Nothing changed: the kept index, its files the previous site's own (linked).
    let second = site.build_ok(&[]);
    assert!(second.stderr.contains(KEPT), "{}", second.stderr);
    assert!(second.stderr.contains("(2 of its 2 parts from the cache"), "{}", second.stderr);
    assert!(before == tree(&site.out("pagefind")));
    assert_same_as_clean(&site, "nothing changed");
    #[cfg(unix)]
    {
        let chunk = chunk_files(&site)[0].clone();
        let ino = inode(&chunk);
        site.build_ok(&[]);
        assert_eq!(inode(&chunk), ino, "the kept chunk is linked, not written again");
    }

    // An edit: episode 7 says "wallaby" where it said "quokka". Merged again; most
    // chunks hold none of the changed words and are taken from the previous site.
    // The build and its comparison with a clean one run everywhere; the queries need
    // `node` (CI installs it).
    if let Some(a) = ask(&site.out(""), &["quokka", "wallaby"]) {
        assert_eq!(urls(&a, "quokka"), ["/episodes/0007/"], "{a}");
        assert_eq!(a["queries"]["wallaby"]["count"], 0);
    }
    let path = site.root().join("content/0007.vtt");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("quokka", "wallaby")).unwrap();
    let edit = site.build_ok(&[]);
    assert!(!edit.stderr.contains(KEPT), "{}", edit.stderr);
    // (Patched: the search script and episode 7's old share read, its new one made;
    // tests/search_patch.rs.)
    assert!(edit.stderr.contains("(2 of its 3 parts from the cache"), "{}", edit.stderr);
    let (unchanged, total) = chunks(&edit.stderr);
    assert!(unchanged >= 1 && unchanged < total, "{unchanged} of {total} chunks unchanged");
    if let Some(b) = ask(&site.out(""), &["quokka", "wallaby"]) {
        assert_eq!(urls(&b, "wallaby"), ["/episodes/0007/"], "{b}");
        assert_eq!(b["queries"]["wallaby"]["results"][0]["subs"], serde_json::json!(["/episodes/0007/#t-15"]), "{b}");
        assert_eq!(b["queries"]["quokka"]["count"], 0, "{b}");
    }
    assert_same_as_clean(&site, "one edit");
    // And that edit's index is kept in turn.
    assert!(site.build_ok(&[]).stderr.contains(KEPT));
}

#[test]
fn a_damaged_kept_index_is_merged_again_not_trusted() {
    let site = long_site(12);
    site.build_ok(&["--quiet"]);
    let reference = tree(&site.out(""));
    let kept = |run: &Run| run.stderr.contains(KEPT);

    // A file of the previous site edited by hand (the same size: a flipped byte).
    let chunk = chunk_files(&site)[0].clone();
    let mut bytes = std::fs::read(&chunk).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&chunk, &bytes).unwrap();
    let run = site.build_ok(&[]);
    assert!(!kept(&run), "{}", run.stderr);
    assert!(reference == tree(&site.out("")), "the damaged chunk was written again");

    // A file of the previous index missing.
    let fragment = std::fs::read_dir(site.out("pagefind/fragment")).unwrap().next().unwrap().unwrap().path();
    std::fs::remove_file(&fragment).unwrap();
    let run = site.build_ok(&[]);
    assert!(!kept(&run), "{}", run.stderr);
    assert!(reference == tree(&site.out("")));

    // The cache's entry of the kept index damaged: refused (it is signed).
    let cache = site.root().join(".public.shownotes-cache");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("searchindex-"))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let mut entry = std::fs::read(&entries[0]).unwrap();
    let at = entry.len() - 40;
    entry[at] ^= 0x20;
    std::fs::write(&entries[0], &entry).unwrap();
    let run = site.build_ok(&[]);
    assert!(!kept(&run), "{}", run.stderr);
    assert!(reference == tree(&site.out("")));
    assert!(kept(&site.build_ok(&[])), "made again, the entry is used");

    // The index's folder of the previous site replaced by a link to a copy elsewhere:
    // nothing is taken through it.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        let moved = elsewhere.path().join("index");
        std::fs::rename(site.out("pagefind/index"), &moved).unwrap();
        std::os::unix::fs::symlink(&moved, site.out("pagefind/index")).unwrap();
        let run = site.build_ok(&[]);
        assert!(!kept(&run), "{}", run.stderr);
        assert!(!site.out("pagefind/index").is_symlink());
        assert!(reference == tree(&site.out("")));
        assert_same_as_clean(&site, "after a link");
    }
}

#[test]
fn the_kept_index_is_the_same_on_one_thread_and_many() {
    let site = wordy_site(10, SEED, SYLLABLES);
    site.build_ok(&["--quiet", "--jobs", "1"]);
    let one = tree(&site.out(""));
    let run = site.build_ok(&["--jobs", "4"]);
    assert!(run.stderr.contains(KEPT), "{}", run.stderr);
    assert!(one == tree(&site.out("")));
    let path = site.root().join("content/0003.vtt");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap() + "\n00:20:00.000 --> 00:20:02.000\nA new line.\n")
        .unwrap();
    site.build_ok(&["--quiet", "--jobs", "4"]);
    let many = tree(&site.out(""));
    std::fs::remove_dir_all(site.root().join(".public.shownotes-cache")).unwrap();
    site.build_ok(&["--quiet", "--jobs", "1"]);
    assert!(many == tree(&site.out("")), "an edit merged on four threads differs from a clean build on one");
}
