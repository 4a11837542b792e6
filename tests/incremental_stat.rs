//! Transcripts kept by their files' stats: a rebuild does not read a transcript whose
//! stat (size, modification and change times, inode, device) is the one the last build
//! listed, unless the file changed within two seconds of that listing (git's "racy"
//! files: a change in the same tick of the clock may leave the times as they were). An
//! edit that keeps the file's size is seen, so is one that puts the modification time
//! back; a damaged listing or entry is never trusted; every rebuild equals a clean build.
//! The feed check's outcome is kept by the feed's bytes.

mod common;
use common::*;
use std::path::PathBuf;
use std::time::Duration;

/// (transcripts not read, transcript files) from the parse stage's line; (0, 0) when it
/// names none (every transcript was read).
fn unread(stderr: &str) -> (usize, usize) {
    parse_counts(stderr, "transcripts of ", ["files", "not", "read:"])
}

fn entries(site: &Site, kind: &str) -> Vec<PathBuf> {
    let dir = site.root().join(".public.shownotes-cache");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{kind}-")))
        .collect();
    found.sort();
    found
}

/// Waits out the racy window (two seconds) so the files written so far are old enough
/// for the next listing to vouch for.
fn settle() {
    std::thread::sleep(Duration::from_millis(2200));
}

/// One byte flipped in the middle of the file (an entry damaged on disk).
fn damage(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

/// The same text with one word changed and its size kept.
fn same_size_edit(site: &Site, rel: &str, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} says {from}");
    // The last time it is said: in the talk, past any header a parse leaves out.
    let at = text.rfind(from).unwrap();
    let edited = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    std::fs::write(&path, &edited).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), text.len() as u64, "the size is kept");
}

/// Whether some file of the built site says `word`.
fn site_says(site: &Site, word: &str) -> bool {
    tree(&site.out("")).values().any(|b| String::from_utf8_lossy(b).contains(word))
}

#[test]
fn unchanged_transcripts_are_not_read_and_every_edit_is_seen() {
    let site = rerun_site();
    settle();
    let first = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&first.stderr), (0, 0), "nothing listed yet\n{}", first.stderr);
    assert_eq!(entries(&site, "stats").len(), 1, "one listing for the content folder");
    assert_eq!(entries(&site, "transcript").len(), 9, "one entry per transcript file");

    let again = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&again.stderr), (9, 9), "nothing changed: no transcript read\n{}", again.stderr);
    assert_eq!(sorted_warnings(&again.stderr), sorted_warnings(&first.stderr), "the kept warnings are said again");
    assert_same_as_clean(&site, "unchanged");

    // An edit that keeps the size, right after a build: in the racy window of no listing
    // (it is younger than the last), and its times moved, so it is read.
    same_size_edit(&site, "content/003-a.txt", "Python", "Pithon");
    let edited = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&edited.stderr), (8, 9), "the edited file is read\n{}", edited.stderr);
    assert!(site_says(&site, "Pithon"), "the edit is on the site");
    assert_same_as_clean(&site, "one same-size edit");

    // Racy: the edit was made less than two seconds before the listing that read it, so
    // that listing does not vouch for its stat, unchanged as it is: it is read again.
    let racy = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&racy.stderr), (8, 9), "a file changed just before its listing is read again\n{}", racy.stderr);
    assert_same_as_clean(&site, "racy rebuild");
    // Once a listing is made well after the edit, the file is vouched for too.
    settle();
    site.build_ok(&["-j", "2"]);
    let settled = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&settled.stderr), (9, 9), "{}", settled.stderr);

    // Changed behind the listing's back: the same size and the modification time put back
    // (an editor that keeps times, `touch -r`): the change time moved, so it is read.
    let path = site.root().join("content/004-a.txt");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    same_size_edit(&site, "content/004-a.txt", "Python", "Pythan");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime, "the time is put back");
    let behind = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&behind.stderr), (8, 9), "{}", behind.stderr);
    assert!(site_says(&site, "Pythan"), "the edit is on the site");
    assert_same_as_clean(&site, "an edit with its time put back");

    // A file replaced by another of the same size and times (a new inode): read.
    settle();
    site.build_ok(&["-j", "2"]);
    let path = site.root().join("content/005-a.txt");
    let meta = std::fs::metadata(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.rfind("Python").unwrap();
    let text = format!("{}Pytho_{}", &text[..at], &text[at + 6..]);
    let tmp = site.root().join("new.tmp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::File::options().write(true).open(&tmp).unwrap().set_modified(meta.modified().unwrap()).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    let replaced = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&replaced.stderr).1, 9, "{}", replaced.stderr);
    assert!(unread(&replaced.stderr).0 <= 8, "the replaced file is read\n{}", replaced.stderr);
    assert!(site_says(&site, "Pytho_"), "the new file is on the site");
    assert_same_as_clean(&site, "a file replaced by another");
}

#[test]
fn a_damaged_listing_or_entry_is_not_trusted() {
    let site = rerun_site();
    settle();
    site.build_ok(&["-j", "2"]);
    let again = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&again.stderr), (9, 9), "{}", again.stderr);

    // The listing damaged: every transcript is read, as in a clean build.
    let listing = entries(&site, "stats");
    assert_eq!(listing.len(), 1);
    damage(&listing[0]);
    let damaged = site.build_ok(&["-j", "1"]);
    assert_eq!(unread(&damaged.stderr), (0, 0), "a damaged listing vouches for nothing\n{}", damaged.stderr);
    assert_same_as_clean(&site, "a damaged listing");
    let mended = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&mended.stderr), (9, 9), "the listing is written anew\n{}", mended.stderr);

    // One transcript's entry damaged: that file is read, the rest are not.
    let kept = entries(&site, "transcript");
    assert_eq!(kept.len(), 9);
    damage(&kept[4]);
    let one = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&one.stderr), (8, 9), "{}", one.stderr);
    assert_same_as_clean(&site, "a damaged transcript entry");

    // An entry put in another's place (a listing that names other bytes) is refused by
    // its signed name: the file is read.
    let kept = entries(&site, "transcript");
    std::fs::copy(&kept[0], &kept[1]).unwrap();
    let swapped = site.build_ok(&["-j", "2"]);
    assert_eq!(unread(&swapped.stderr), (8, 9), "{}", swapped.stderr);
    assert_same_as_clean(&site, "an entry copied onto another's name");
}

#[test]
fn the_feed_check_is_kept_by_the_feeds_bytes() {
    let site = rerun_site();
    let first = site.build_ok(&[]);
    let said = |stderr: &str| -> Vec<String> {
        stderr.lines().filter(|l| l.contains("podcast apps would refuse feed.xml")).map(str::to_string).collect()
    };
    let warning = said(&first.stderr);
    assert_eq!(warning.len(), 1, "the site has no base_url: apps would refuse its feed\n{}", first.stderr);
    assert_eq!(entries(&site, "feedcheck").len(), 1, "the check's outcome kept");
    let again = site.build_ok(&[]);
    assert_eq!(said(&again.stderr), warning, "the kept outcome is said again");
    damage(&entries(&site, "feedcheck")[0]);
    let damaged = site.build_ok(&[]);
    assert_eq!(said(&damaged.stderr), warning, "a damaged entry is not trusted: the feed is checked again");
    // Another feed: checked, and its outcome kept instead.
    site.write("shownotes.toml", format!("{PB_CONFIG}description = \"Another feed\"\n"));
    let other = site.build_ok(&[]);
    assert_eq!(said(&other.stderr), warning);
    assert_eq!(entries(&site, "feedcheck").len(), 1, "the old outcome pruned");
}
