//! Hostile content, round two (issue 24), findings 5 and 8 to 11: what `serve` watches
//! and answers, `base_url`, `check --external`'s limits, and what feeds, show notes and
//! warnings say. Each test drives the real binary.

mod common;
use common::*;
use std::time::Duration;

/// A tiny transcript: `n` is the episode number it states.
fn transcript(n: u32, word: &str) -> String {
    format!("00:00:01 Welcome to episode {n}. Today we talk about {word}.\n00:00:09 That is all for {word}.\n")
}

// 5. `serve` watches what the build reads, and nothing else.

#[cfg(unix)]
#[test]
fn serve_watches_no_folder_that_a_skipped_link_leads_to() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let ext = outside.path().join("ext");
    for sub in ["a", "b", "c"] {
        std::fs::create_dir_all(ext.join(sub)).unwrap();
    }
    std::fs::write(ext.join("a/800-outside.txt"), transcript(800, "OUTSIDE")).unwrap();

    let site = Site::new(PB_CONFIG);
    site.write("content/001-real.txt", transcript(1, "REAL"));
    // A link out of the site (the build skips it) and one inside it (the build reads it).
    symlink(&ext, site.root().join("content/ext")).unwrap();
    site.write("shared/002-shared.txt", transcript(2, "SHARED"));
    symlink(site.root().join("shared"), site.root().join("content/shared")).unwrap();

    let p = Preview::start(site.root(), &[]);
    assert!(p.stderr().contains("content/ext: symbolic link to"), "{}", p.stderr());
    assert_eq!(p.status()["build"], 1);

    // A change out of the site: no rebuild.
    std::fs::write(ext.join("a/800-outside.txt"), transcript(800, "CHANGED")).unwrap();
    std::fs::write(ext.join("b/801-new.txt"), transcript(801, "NEW")).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // A change in the site's own linked folder, then in the content folder: one rebuild
    // each.
    save_atomically(&site.root().join("shared/002-shared.txt"), &transcript(2, "SHARED AGAIN"));
    p.wait_for_build(2);
    save_atomically(&site.root().join("content/001-real.txt"), &transcript(1, "REAL AGAIN"));
    p.wait_for_build(3);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(p.status()["build"], 3, "stdout: {}", p.stdout());
    let out = p.stdout();
    let rebuilds: Vec<&str> = out.lines().filter(|l| l.contains(" changed: ") || l.contains(" removed: ")).collect();
    assert_eq!(rebuilds.len(), 2, "{out}");
    assert!(rebuilds[0].starts_with("shared/002-shared.txt "), "{out}");
    assert!(rebuilds[1].starts_with("content/001-real.txt "), "{out}");
    assert!(!out.contains("ext/"), "{out}");
}
