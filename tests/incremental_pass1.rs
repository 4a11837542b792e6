//! Pass 1 kept as one summary: the catalogue's sums (each word's and name's count of
//! episodes, the name tallies, the show's own names) are kept in one cache entry with
//! the episodes they sum, and a rebuild brings them up to date with the episodes that
//! changed (the old counts subtracted, the new added) instead of reading every
//! episode's counts. The site stays byte-identical to a clean build; a damaged summary
//! is never used.

mod common;
use common::*;

/// From the progress line "counted terms in N episodes (the counts of R read again, ...)":
/// `Some(R)` when the sums came from the summary, `None` when every episode's were summed.
fn read_again(stderr: &str) -> Option<usize> {
    let line = stderr.lines().find(|l| l.contains("counted terms in")).unwrap_or_else(|| panic!("{stderr}"));
    let at = line.find("(the counts of ")? + "(the counts of ".len();
    Some(line[at..].split_whitespace().next().unwrap().parse().unwrap())
}

fn append(site: &Site, rel: &str, line: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{}\n{line}\n", text.trim_end())).unwrap();
}

fn summary_entries(site: &Site) -> Vec<std::path::PathBuf> {
    let cache = site.root().join(".public.shownotes-cache");
    std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("summary-"))
        .collect()
}

#[test]
fn an_edit_reads_its_own_counts_only_and_the_site_equals_a_clean_build() {
    let site = rerun_site();
    assert_eq!(read_again(&site.build_ok(&[]).stderr), None, "nothing is cached yet: every episode counted");
    assert_eq!(summary_entries(&site).len(), 1, "one summary for the whole catalogue");
    assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(0), "nothing changed: the sums as kept");

    append(&site, "content/005-a.txt", "36:10 And one more thing, said at the very end.");
    assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(1), "the edited episode's counts alone");
    assert_same_as_clean(&site, "one line added");

    // A name said more often in another episode changes the sums the catalogue reads.
    append(&site, "content/101-b.txt", "01:00:00 Memray Memray Memray, and PyScript once more.");
    assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(1));
    assert_same_as_clean(&site, "a name added");

    // An episode removed: its counts are taken out of the sums, nothing is read again.
    std::fs::remove_file(site.root().join("content/201-c.txt")).unwrap();
    assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(0), "a removed episode's counts subtracted");
    assert_same_as_clean(&site, "an episode removed");

    // A new episode: its counts added.
    let text = std::fs::read_to_string(site.root().join("content/002-a.txt")).unwrap();
    site.write("content/301-d.txt", text.replace("Python", "Snake"));
    assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(1), "a new episode's counts added");
    assert_same_as_clean(&site, "an episode added");

    // The same bytes written back (a new mtime, the same content): the same sums.
    let path = site.root().join("content/003-a.txt");
    std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(0));
    assert_same_as_clean(&site, "a file written again unchanged");
}

#[test]
fn the_shows_own_name_follows_the_sums() {
    // No title: the show's name is what a good share of its episodes open with
    // ("welcome to Python Bytes": 6 of the 9, and 3 are needed); each edit takes it from one more
    // episode until too few say it, and the sums must say so exactly as a fresh count.
    let site = rerun_site();
    std::fs::write(site.root().join("shownotes.toml"), "hosts = [\"Michael Kennedy\", \"Brian Okken\"]\n").unwrap();
    site.build_ok(&[]);
    let mut files: Vec<String> = std::fs::read_dir(site.root().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".txt"))
        .collect();
    files.sort();
    let mut edited = 0;
    for f in &files {
        let path = site.root().join("content").join(f);
        let text = std::fs::read_to_string(&path).unwrap();
        let without = text
            .replace("welcome to Python Bytes", "welcome to the show")
            .replace("Welcome to Python Bytes", "Welcome to the show");
        if without == text {
            continue;
        }
        std::fs::write(&path, without).unwrap();
        edited += 1;
        assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(1), "{f}");
        assert_same_as_clean(&site, &format!("{f}: its opening no longer names the show"));
    }
    assert!(edited >= 5, "the show was named by most episodes' openings ({edited})");
}

#[test]
fn a_damaged_or_incomplete_summary_is_never_trusted() {
    let site = rerun_site();
    site.build_ok(&[]);
    // One byte of the summary flipped: it is not used, every episode is summed again, the
    // site is exact, and the summary is made again.
    let [summary] = &summary_entries(&site)[..] else { panic!("one summary") };
    let mut bytes = std::fs::read(summary).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(summary, bytes).unwrap();
    append(&site, "content/005-a.txt", "36:10 And one more thing, said at the very end.");
    assert_eq!(read_again(&site.build_ok(&[]).stderr), None, "a damaged summary is not used");
    assert_same_as_clean(&site, "damaged summary");
    assert_eq!(read_again(&site.build_ok(&[]).stderr), Some(0), "and was made again");

    // The summary of another copy of the show (built before this one's edits) copied
    // under this one's name: it sums other versions of two episodes, so it is brought up
    // to date by their keys or summed again; either way the site is exact, and no more
    // than the one edited episode and the two that differ are read again.
    let other = rerun_site();
    other.build_ok(&[]);
    let [theirs] = &summary_entries(&other)[..] else { panic!("one summary") };
    let [ours] = &summary_entries(&site)[..] else { panic!("one summary") };
    std::fs::copy(theirs, ours).unwrap();
    append(&site, "content/004-a.txt", "59:00 Another line.");
    let run = site.build_ok(&[]);
    assert_same_as_clean(&site, "a summary copied from another site");
    assert!(read_again(&run.stderr).is_none_or(|n| n <= 3), "{}", run.stderr);

    // The counts of the edited episode's old version gone from the cache: the summary
    // cannot take them out, so every episode is summed again, exactly.
    let cache = site.root().join(".public.shownotes-cache");
    for e in std::fs::read_dir(&cache).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with("counted-") {
            std::fs::remove_file(p).unwrap();
        }
    }
    append(&site, "content/003-a.txt", "59:59 And one more thing, said at the very end.");
    assert_eq!(read_again(&site.build_ok(&[]).stderr), None, "the old counts are needed to subtract them");
    assert_same_as_clean(&site, "old counts missing");
}
