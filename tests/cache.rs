//! The build cache next to the output: a rebuild takes what did not change from it, and
//! the site it writes is byte-identical to a clean build; a damaged cache is not trusted.

mod common;
use common::*;

/// The progress line that says how many parts of the search index came from the cache:
/// one per episode (its words and fragment), and Pagefind's script.
fn shards_from_cache(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.contains("parts from the cache")).unwrap_or_else(|| panic!("{stderr}"));
    let inner = line[..line.find("parts from").unwrap()].rsplit_once('(').unwrap().1;
    let words: Vec<&str> = inner.split_whitespace().collect();
    (words[0].parse().unwrap(), words[3].parse().unwrap())
}

#[test]
fn a_rebuild_takes_unchanged_parts_from_the_cache_and_equals_a_clean_build() {
    // 401 episodes: 402 parts.
    let site = long_site(401);
    let first = site.build_ok(&[]);
    assert_eq!(shards_from_cache(&first.stderr), (0, 402));
    let cache = site.root().join(".public.shownotes-cache");
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert_eq!(std::fs::read_to_string(cache.join(".gitignore")).unwrap(), "*\n", "git ignores it");
    // Nothing changed: the index merged last time is kept whole (its files taken from the
    // previous site), the shares not read; the parts are the script and the kept index.
    let again = site.build_ok(&[]);
    assert_eq!(shards_from_cache(&again.stderr), (2, 2), "nothing changed");
    assert!(again.stderr.contains("the whole index kept from the last build"), "{}", again.stderr);

    // One episode in the middle of the catalogue changes: only its words are made again,
    // and the index patched with them (its old share read, no other; the script's entry).
    let path = site.root().join("content/0200.vtt");
    let edited = std::fs::read_to_string(&path).unwrap().replace("the garden", "the greenhouse");
    std::fs::write(&path, edited).unwrap();
    let second = site.build_ok(&[]);
    assert_eq!(shards_from_cache(&second.stderr), (2, 3));
    let page = site.read("episodes/0200/index.html");
    assert!(page.contains("greenhouse"), "the change is built");

    // A new episode: only its words are read.
    let newest = std::fs::read_to_string(site.root().join("content/0401.vtt")).unwrap();
    site.write("content/0402.vtt", newest.replace("episode 401", "episode 402"));
    assert_eq!(shards_from_cache(&site.build_ok(&[]).stderr), (402, 403));
    assert_eq!(site.episodes_by_number().len(), 402);

    // A clean build of the same content (its own output, so its own empty cache).
    let clean = tempfile::tempdir().unwrap();
    let clean_out = clean.path().join("site");
    let run = site.build_ok(&["-o", clean_out.to_str().unwrap()]);
    assert_eq!(shards_from_cache(&run.stderr), (0, 403));
    let incremental = tree(&site.out(""));
    assert_eq!(incremental.keys().collect::<Vec<_>>(), tree(&clean_out).keys().collect::<Vec<_>>());
    assert!(incremental == tree(&clean_out), "the rebuild is byte-identical to a clean build");

    // Every entry damaged (one byte of each): none is used, and the site is the same.
    let mut entries = 0;
    for e in std::fs::read_dir(&cache).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("search-") || name.starts_with("searchindex-") {
            let mut bytes = std::fs::read(&p).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 1;
            std::fs::write(&p, bytes).unwrap();
            entries += 1;
        }
    }
    assert_eq!(entries, 404, "one entry per episode, the script's and the kept index's; the unused one was removed");
    let third = site.build_ok(&[]);
    assert_eq!(shards_from_cache(&third.stderr), (0, 403), "a damaged entry is never trusted");
    assert!(tree(&site.out("")) == tree(&clean_out));

    // Deleting the cache is always safe.
    std::fs::remove_dir_all(&cache).unwrap();
    assert_eq!(shards_from_cache(&site.build_ok(&[]).stderr), (0, 403));
    assert!(tree(&site.out("")) == tree(&clean_out));
}
