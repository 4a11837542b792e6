//! The search index patched after an edit (src/search/patch.rs), through the real CLI:
//! an edit that changes a few words of one episode (and moves every later word of it)
//! reads that episode's shares only, its old and its new one, and not one other
//! episode's (every other share in the cache is damaged first: a build that read one
//! would find it refused and say so), Pagefind's own script finds the new words and not
//! the old, and the site equals a clean build byte for byte. A page added or removed
//! (page numbers move), a damaged old share or a damaged previous chunk: merged whole,
//! as a clean build would.

mod common;
use common::search::{ask, chunks, urls, wordy_site};
use common::*;
use std::path::{Path, PathBuf};

const SYLLABLES: &[&str] = &["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "gu"];
const SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// "F of its S parts from the cache" of a build's progress line: (F, S).
fn parts(stderr: &str) -> (usize, usize) {
    let at = stderr.find(" parts from the cache").unwrap_or_else(|| panic!("{stderr}"));
    let head: Vec<&str> = stderr[..at].rsplit('(').next().unwrap().split_whitespace().collect();
    (head[0].parse().unwrap(), head[3].parse().unwrap())
}

/// The cache's entries that hold an episode's share of the index (their first file is
/// the share's `words`), and whether each holds `word`.
fn shares(site: &Site, word: &str) -> Vec<(PathBuf, bool)> {
    let cache = site.root().join(".public.shownotes-cache");
    let mut first = 5u64.to_le_bytes().to_vec();
    first.extend_from_slice(b"words");
    let mut out = Vec::new();
    for e in std::fs::read_dir(cache).unwrap() {
        let path = e.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("search-") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        if bytes.windows(first.len()).any(|w| w == first) {
            let has = bytes.windows(word.len()).any(|w| w == word.as_bytes());
            out.push((path, has));
        }
    }
    out.sort();
    out
}

fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(path, bytes).unwrap();
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_reads_only_its_own_episode_s_shares_and_equals_a_clean_build() {
    let site = wordy_site(40, SEED, SYLLABLES);
    let first = site.build_ok(&[]);
    let (_, total) = chunks(&first.stderr);
    assert!(total >= 4, "the test wants several word chunks: {total}");

    // Every share but episode 7's damaged: a build that reads one finds it refused.
    let all = shares(&site, "quokka");
    assert_eq!(all.len(), 40, "{all:?}");
    let own: Vec<_> = all.iter().filter(|(_, has)| *has).collect();
    assert_eq!(own.len(), 1, "episode 7's share says quokka");
    for (path, has) in &all {
        if !has {
            damage(path);
        }
    }

    // Episode 7 says three new words where it said "quokka": two more words, so every
    // later word of its transcript moves.
    edit(&site, "content/0007.vtt", "quokka", "wallaby numbat bilby");
    let run = site.build_ok(&[]);
    // The search script, episode 7's old share (found) and its new one (made): no other.
    assert_eq!(parts(&run.stderr), (2, 3), "{}", run.stderr);
    // (Every chunk holds some of episode 7's later words, whose positions moved.)
    assert_eq!(chunks(&run.stderr).1, total, "{}", run.stderr);
    if let Some(a) = ask(&site.out(""), &["quokka", "wallaby", "numbat", "bilby"]) {
        assert_eq!(a["queries"]["quokka"]["count"], 0, "{a}");
        for w in ["wallaby", "numbat", "bilby"] {
            assert_eq!(urls(&a, w), ["/episodes/0007/"], "{w}: {a}");
            assert_eq!(a["queries"][w]["results"][0]["subs"], serde_json::json!(["/episodes/0007/#t-15"]), "{a}");
        }
    }
    assert_same_as_clean(&site, "one edit, patched");

    // An edit of an episode whose old share is one of those damaged: merged (every
    // share read, the damaged ones made again), as a clean build.
    edit(&site, "content/0023.vtt", "<v Ana>", "<v Ana>Koala koala platypus ");
    let run = site.build_ok(&[]);
    assert_eq!(parts(&run.stderr), (2, 42), "{}", run.stderr);
    assert_same_as_clean(&site, "an edit whose old share was damaged");

    // Then another edit of it patches that index in turn: a line added at the end.
    let path = site.root().join("content/0023.vtt");
    let more = std::fs::read_to_string(&path).unwrap() + "00:20:00.000 --> 00:20:02.000\n<v Ana>Echidna at last.\n\n";
    std::fs::write(&path, more).unwrap();
    let run = site.build_ok(&[]);
    assert_eq!(parts(&run.stderr), (2, 3), "{}", run.stderr);
    if let Some(a) = ask(&site.out(""), &["platypus", "echidna", "wallaby"]) {
        assert_eq!(urls(&a, "platypus"), ["/episodes/0023/"], "{a}");
        assert_eq!(urls(&a, "echidna"), ["/episodes/0023/"], "{a}");
        assert_eq!(urls(&a, "wallaby"), ["/episodes/0007/"], "{a}");
    }
    assert_same_as_clean(&site, "a second edit, patched");

    // Nothing changed: the kept index, as before.
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("the whole index kept from the last build"), "{}", run.stderr);
}

#[test]
fn pages_added_or_removed_a_damaged_old_share_or_chunk_merge_whole_as_a_clean_build() {
    let site = wordy_site(24, SEED ^ 7, SYLLABLES);
    site.build_ok(&["--quiet"]);

    // A page added: merged (every share read).
    let eleven = std::fs::read_to_string(site.root().join("content/0011.vtt")).unwrap();
    site.write("content/0100.vtt", eleven.replace("<v Ana>", "<v Ana>Wombat "));
    let run = site.build_ok(&[]);
    assert!(parts(&run.stderr).1 >= 25, "{}", run.stderr);
    assert_same_as_clean(&site, "a page added");

    // A page removed: every later page's number moves.
    std::fs::remove_file(site.root().join("content/0003.vtt")).unwrap();
    site.build_ok(&["--quiet"]);
    assert_same_as_clean(&site, "a page removed");

    // The edited episode's old share damaged: not patched from, merged.
    let before = shares(&site, "quokka");
    edit(&site, "content/0007.vtt", "quokka", "dingo");
    for (path, has) in &before {
        if *has {
            damage(path);
        }
    }
    let run = site.build_ok(&[]);
    let (_, sought) = parts(&run.stderr);
    assert!(sought > 20, "merged: {}", run.stderr);
    assert_same_as_clean(&site, "a damaged old share");

    // A chunk of the previous site edited by hand (the same size): never patched from.
    edit(&site, "content/0009.vtt", "<v Ana>", "<v Ana>Bandicoot ");
    for e in std::fs::read_dir(site.out("pagefind/index")).unwrap() {
        damage(&e.unwrap().path());
    }
    site.build_ok(&["--quiet"]);
    assert_same_as_clean(&site, "damaged previous chunks");
    if let Some(a) = ask(&site.out(""), &["bandicoot", "dingo", "quokka"]) {
        assert_eq!(urls(&a, "bandicoot"), ["/episodes/0009/"], "{a}");
        assert_eq!(urls(&a, "dingo"), ["/episodes/0007/"], "{a}");
        assert_eq!(a["queries"]["quokka"]["count"], 0, "{a}");
    }
}

#[test]
fn a_patch_is_the_same_on_one_thread_and_many() {
    let site = wordy_site(16, SEED ^ 11, SYLLABLES);
    site.build_ok(&["--quiet", "--jobs", "4"]);
    edit(&site, "content/0007.vtt", "quokka", "quoll quoll");
    let run = site.build_ok(&["--jobs", "4"]);
    assert_eq!(parts(&run.stderr), (2, 3), "{}", run.stderr);
    let many = tree(&site.out(""));
    std::fs::remove_dir_all(site.root().join(".public.shownotes-cache")).unwrap();
    site.build_ok(&["--quiet", "--jobs", "1"]);
    assert!(many == tree(&site.out("")), "a patch on four threads differs from a clean build on one");
}
