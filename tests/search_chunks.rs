//! The search index's word chunks are cut where their words say (src/search/writer.rs,
//! content-defined cuts), not by a running count of positions: through the real CLI, an
//! edit that changes one word of one episode changes the chunk that held the old word
//! and the one that holds the new, and every other chunk of the new site is the previous
//! site's file (its name, and the file itself, linked); Pagefind's own script finds the
//! new word and not the old, and the site equals a clean build.

mod common;
use common::search::{ask, chunks, urls, wordy_site};
use common::*;
use std::collections::BTreeMap;

/// The syllables of the show's words, and the seed that draws them.
const SYLLABLES: &[&str] = &["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "gu", "fe", "bi"];
const SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// The index's word chunks in the output: name -> (inode, bytes).
fn chunk_files(site: &Site) -> BTreeMap<String, (u64, Vec<u8>)> {
    std::fs::read_dir(site.out("pagefind/index"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            #[cfg(unix)]
            let ino = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&p).unwrap());
            #[cfg(not(unix))]
            let ino = 0;
            (p.file_name().unwrap().to_string_lossy().into_owned(), (ino, std::fs::read(&p).unwrap()))
        })
        .collect()
}

#[test]
fn one_changed_word_changes_its_own_chunks_and_the_others_are_the_previous_files() {
    let site = wordy_site(60, SEED, SYLLABLES);
    let first = site.build_ok(&[]);
    let (_, total) = chunks(&first.stderr);
    assert!(total >= 10, "the test wants many word chunks: {total}");
    let before = chunk_files(&site);
    assert_eq!(before.len(), total);
    if let Some(a) = ask(&site.out(""), &["quokka", "abalone"]) {
        assert_eq!(urls(&a, "quokka"), ["/episodes/0007/"], "{a}");
        assert_eq!(a["queries"]["abalone"]["count"], 0, "{a}");
    }

    // Episode 7 says "abalone" where it said "quokka": the same number of words, so no
    // other word of the index moves; the new word sorts before every other, where a cut
    // by a running count of positions would move every cut after it.
    let path = site.root().join("content/0007.vtt");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("quokka", "abalone")).unwrap();
    let edit = site.build_ok(&[]);
    let (unchanged, total) = chunks(&edit.stderr);
    let after = chunk_files(&site);
    assert_eq!(after.len(), total);
    // The chunk that held "quokka" and the one that holds "abalone" (one chunk, if both
    // fall in the same), and no other.
    assert!(unchanged + 2 >= total, "{unchanged} of {total} chunks unchanged: {}", edit.stderr);
    let new: Vec<&String> = after.keys().filter(|n| !before.contains_key(*n)).collect();
    assert!((1..=2).contains(&new.len()), "chunks not in the previous site: {new:?} of {total}");
    for (name, (ino, bytes)) in &after {
        if let Some((old_ino, old_bytes)) = before.get(name) {
            assert!(bytes == old_bytes, "{name}: same name, other bytes");
            #[cfg(unix)]
            assert_eq!(ino, old_ino, "{name}: the previous site's file, linked");
        }
    }

    if let Some(b) = ask(&site.out(""), &["quokka", "abalone"]) {
        assert_eq!(urls(&b, "abalone"), ["/episodes/0007/"], "{b}");
        assert_eq!(b["queries"]["abalone"]["results"][0]["subs"], serde_json::json!(["/episodes/0007/#t-15"]), "{b}");
        assert_eq!(b["queries"]["quokka"]["count"], 0, "{b}");
    }
    assert_same_as_clean(&site, "one word changed");
}
