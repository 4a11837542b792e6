//! Incremental rendering: an episode whose files would be made from the same context as
//! last time is not rendered again; its files are taken from the previous site, each
//! checked against the hash the build cache keeps, and the site stays byte-identical to
//! a clean build. A file of the previous site damaged or edited by hand is never reused.

mod common;
use common::*;
use std::path::Path;

/// (episodes whose files were reused, episodes) from the render stage's progress line;
/// (0, 0) when it names none.
fn reused_pages(stderr: &str) -> usize {
    let Some(line) = stderr.lines().find(|l| l.contains("taken from the previous site")) else { return 0 };
    let inner = &line[line.find("the files of ").unwrap() + "the files of ".len()..];
    inner.split_whitespace().next().unwrap().parse().unwrap()
}

fn append(site: &Site, rel: &str, line: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{}\n{line}\n", text.trim_end())).unwrap();
}

/// The slug of the episode whose page says `words`.
fn page_saying(site: &Site, words: &str) -> String {
    let found: Vec<String> = tree(&site.out("episodes"))
        .into_iter()
        .filter(|(p, b)| p.ends_with("/index.html") && String::from_utf8_lossy(b).contains(words))
        .map(|(p, _)| p.trim_end_matches("/index.html").to_string())
        .collect();
    assert_eq!(found.len(), 1, "one page says {words:?}: {found:?}");
    found[0].clone()
}

#[test]
fn unchanged_episodes_are_taken_from_the_previous_site_and_the_site_equals_a_clean_build() {
    let site = rerun_site();
    let first = site.build_ok(&[]);
    assert_eq!(reused_pages(&first.stderr), 0, "nothing to reuse yet");
    let again = site.build_ok(&[]);
    assert_eq!(reused_pages(&again.stderr), 9, "nothing changed: every episode's files reused");
    assert_same_as_clean(&site, "unchanged");

    // One line at the end of one transcript: that episode is rendered again, the others
    // are reused unless the edit changed what their pages show.
    append(&site, "content/005-a.txt", "59:59 And one more thing, said at the very end.");
    let edited = site.build_ok(&[]);
    let n = reused_pages(&edited.stderr);
    assert!((1..9).contains(&n), "the edited episode is rendered again, others reused: {n}\n{}", edited.stderr);
    let slug = page_saying(&site, "said at the very end");
    for f in ["index.html", "transcript.vtt", "transcript.json"] {
        let text = site.read(&format!("episodes/{slug}/{f}"));
        assert!(text.contains("said at the very end"), "{f} has the edit");
    }
    assert_same_as_clean(&site, "one line added");

    // A new episode: it is rendered, and the site is still exact.
    let text = std::fs::read_to_string(repo().join("content").join(SEEDS[0])).unwrap();
    site.write("content/301-d.txt", &text);
    let added = site.build_ok(&[]);
    assert!(reused_pages(&added.stderr) < 10);
    assert_same_as_clean(&site, "a new episode");

    // Another setting is another context: nothing is reused, and the site is exact.
    std::fs::write(site.root().join("shownotes.toml"), format!("{PB_CONFIG}description = \"Another line\"\n")).unwrap();
    let run = site.build_ok(&[]);
    assert_eq!(reused_pages(&run.stderr), 0, "a setting every page shows");
    assert_same_as_clean(&site, "another setting");
}

#[cfg(unix)]
#[test]
fn reused_files_are_linked_not_written_again() {
    use std::os::unix::fs::MetadataExt;
    let site = rerun_site();
    site.build_ok(&[]);
    let page =
        |site: &Site| site.out("episodes").read_dir().unwrap().next().unwrap().unwrap().path().join("index.html");
    let before = std::fs::metadata(page(&site)).unwrap().ino();
    let again = site.build_ok(&[]);
    assert_eq!(reused_pages(&again.stderr), 9);
    assert_eq!(std::fs::metadata(page(&site)).unwrap().ino(), before, "the same file, linked into the new site");
}

/// Every way the previous site's file can differ from what the cache says it holds.
fn tamper(path: &Path, how: &str) {
    match how {
        "edited" => {
            let mut bytes = std::fs::read(path).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 1;
            std::fs::write(path, bytes).unwrap();
        }
        "truncated" => std::fs::write(path, b"").unwrap(),
        "removed" => std::fs::remove_file(path).unwrap(),
        #[cfg(unix)]
        "a link" => {
            let target = path.with_extension("elsewhere");
            std::fs::rename(path, &target).unwrap();
            std::os::unix::fs::symlink(&target, path).unwrap();
        }
        _ => unreachable!(),
    }
}

#[test]
fn a_damaged_or_hand_edited_previous_site_is_never_trusted() {
    let site = rerun_site();
    site.build_ok(&[]);
    let (clean, printed) = clean_build(&site);
    assert_eq!(reused_pages(&printed), 0, "a clean build renders everything");
    let ways: &[&str] =
        if cfg!(unix) { &["edited", "truncated", "removed", "a link"] } else { &["edited", "truncated", "removed"] };
    for how in ways {
        for f in ["index.html", "transcript.vtt"] {
            tamper(&site.out(&format!("episodes/001-a/{f}")), how);
        }
        let run = site.build_ok(&[]);
        assert_eq!(reused_pages(&run.stderr), 8, "{how}: that episode is rendered again, the others reused");
        let now = tree(&site.out(""));
        assert_eq!(now.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>(), "{how}: the same files");
        for (path, bytes) in &clean {
            assert!(now[path] == *bytes, "{how}: {path} differs from a clean build");
        }
    }

    // The episode's folder replaced by a link to an exact copy outside the site: its files
    // hold the right bytes, but are never hard-linked into the new site from there.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let outside = site.root().join("elsewhere");
        let folder = site.out("episodes/001-a");
        std::fs::rename(&folder, &outside).unwrap();
        std::os::unix::fs::symlink(&outside, &folder).unwrap();
        let run = site.build_ok(&[]);
        assert_eq!(reused_pages(&run.stderr), 8, "a folder that is a link: that episode is rendered again");
        assert_same_as_clean(&site, "a folder replaced by a link");
        let page = std::fs::metadata(site.out("episodes/001-a/index.html")).unwrap();
        let copy = std::fs::metadata(outside.join("index.html")).unwrap();
        assert_ne!(page.ino(), copy.ino(), "the page outside the site is not linked in");
        assert!(!std::fs::symlink_metadata(site.out("episodes/001-a")).unwrap().file_type().is_symlink());
    }

    // The cache's entries damaged: none is used, the site is the same.
    let cache = site.root().join(".public.shownotes-cache");
    let mut entries = 0;
    for e in std::fs::read_dir(&cache).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with("pages-") {
            let mut bytes = std::fs::read(&p).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 1;
            std::fs::write(&p, bytes).unwrap();
            entries += 1;
        }
    }
    assert_eq!(entries, 9, "one entry per episode");
    let run = site.build_ok(&[]);
    assert_eq!(reused_pages(&run.stderr), 0, "a damaged entry is never trusted");
    assert_same_as_clean(&site, "damaged cache");
    assert_eq!(reused_pages(&site.build_ok(&[]).stderr), 9, "and was made again");
}

/// A guest on two episodes, then on one: the count of their episodes changes on the
/// other's page only if a template prints it.
fn guest_site(template: Option<&str>) -> Site {
    let s = rerun_site();
    s.write("content/001-a.md", "---\ntitle: PyScript and Memray\nguests: [Ann Guest]\n---\n\nNotes.\n");
    s.write("content/002-a.md", "---\ntitle: Episode two\nguests: [Ann Guest]\n---\n\nNotes.\n");
    if let Some(t) = template {
        s.write("templates/episode.html", t);
    }
    s
}

#[test]
fn a_count_of_appearances_is_rendered_again_only_where_a_template_prints_it() {
    let episode = std::fs::read_to_string(repo().join("themes/default/templates/episode.html")).unwrap();
    let counting = episode.replacen(
        "{% block content %}",
        "{% block content %}<p id=\"counts\">{% for p in episode.people %}{{ p.name }}: {{ p.appearances }}; {% endfor %}</p>",
        1,
    );
    assert_ne!(counting, episode);
    for template in [None, Some(counting.as_str())] {
        let site = guest_site(template);
        site.build_ok(&[]);
        site.write("content/002-a.md", "---\ntitle: Episode two\n---\n\nNotes.\n");
        let run = site.build_ok(&[]);
        let n = reused_pages(&run.stderr);
        if template.is_none() {
            assert!(n >= 1, "the other episodes are reused: {}", run.stderr);
        }
        assert_same_as_clean(&site, if template.is_none() { "default theme" } else { "a theme printing appearances" });
        if template.is_some() {
            assert!(site.read("episodes/001-a/index.html").contains("Ann Guest: 1;"), "the count is current");
        }
    }
}

/// Each episode's known topics (show-notes items and `topics.toml` found in its
/// transcript) are kept in the cache with the glossary they were looked for with: a new
/// item in one episode's notes is looked for again in every transcript.
#[test]
fn a_new_show_notes_item_is_looked_for_again_in_every_transcript() {
    let site = rerun_site();
    append(&site, "content/005-a.txt", "59:59 And we tried zorblax this week, and zorblax is fast.");
    site.build_ok(&[]);
    site.build_ok(&[]);
    assert!(!site.out("topics/zorblax").exists());
    site.write(
        "content/001-a.md",
        "---\ntitle: PyScript and Memray\n---\n\n**Michael #1:** [**PyScript**](https://pyscript.net)\n\n* Python in the browser\n\n**Brian #2:** [**zorblax**](https://zorblax.dev)\n\n* a fast thing\n",
    );
    site.build_ok(&[]);
    assert_same_as_clean(&site, "an item added");
    assert!(site.read("topics/zorblax/index.html").contains("episodes/005-a/"), "found in another transcript");
}
