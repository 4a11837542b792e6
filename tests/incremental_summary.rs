//! The topic pages and the topics' feeds kept by a hash of their context: a page whose
//! context is unchanged is taken from the previous site (the same file, linked), a page
//! whose topic gained an episode is rendered again, and the site always equals a clean
//! build. A kept file edited by hand, or a damaged list in the build cache, is never
//! trusted.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// (topic pages and feeds kept, such pages made) from the render stage's line.
fn kept(stderr: &str) -> (usize, usize) {
    let Some(line) = stderr.lines().find(|l| l.contains("topic pages and feeds kept")) else { return (0, 0) };
    let head = &line[..line.find(" topic pages and feeds kept").unwrap()];
    let mut words = head.rsplit(' ');
    let made = words.next().unwrap().parse().unwrap();
    assert_eq!(words.next(), Some("of"));
    let kept = words.next().unwrap().trim_start_matches('(').parse().unwrap();
    (kept, made)
}

/// The topic pages and feeds of the site: path -> (inode, bytes).
#[cfg(unix)]
fn topic_files(site: &Site) -> BTreeMap<String, (u64, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;
    tree(&site.out("topics"))
        .into_iter()
        .filter(|(p, _)| {
            let parts: Vec<&str> = p.split('/').collect();
            parts.len() == 2
                && parts[0] != "a-z"
                && parts[0] != "page"
                && ["index.html", "feed.xml"].contains(&parts[1])
        })
        .map(|(p, bytes)| {
            let ino = std::fs::metadata(site.out("topics").join(&p)).unwrap().ino();
            (p, (ino, bytes))
        })
        .collect()
}

fn append(site: &Site, rel: &str, line: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{}\n{line}\n", text.trim_end())).unwrap();
}

#[cfg(unix)]
#[test]
fn topic_pages_are_kept_only_while_their_context_is_unchanged() {
    let site = rerun_site();
    let first = site.build_ok(&[]);
    assert_eq!(kept(&first.stderr), (0, 0), "nothing kept yet:\n{}", first.stderr);
    let before = topic_files(&site);
    assert!(before.len() > 10, "the site has topic pages and feeds: {:?}", before.keys());

    // Nothing changed: every topic page and feed is the previous site's file, linked.
    let again = site.build_ok(&[]);
    let (k, made) = kept(&again.stderr);
    assert_eq!((k, made), (before.len(), before.len()), "every one kept:\n{}", again.stderr);
    let now = topic_files(&site);
    for (p, (ino, _)) in &before {
        assert_eq!(now[p].0, *ino, "{p}: the same file, linked into the new site");
    }
    assert_same_as_clean(&site, "unchanged");

    // One transcript now discusses Docker at length: Docker's page gains an episode and is
    // rendered again; pages whose context did not change are kept.
    let docker = "docker/index.html";
    assert!(before.contains_key(docker), "{:?}", before.keys());
    let talk = (0..6)
        .map(|i| format!("59:{:02} Docker, Docker again: we use Docker for everything with Docker.", 40 + i * 3))
        .collect::<Vec<_>>()
        .join("\n");
    let before = topic_files(&site);
    append(&site, "content/001-a.txt", &talk);
    let edited = site.build_ok(&[]);
    let (k, made) = kept(&edited.stderr);
    let now = topic_files(&site);
    assert_ne!(now[docker].1, before[docker].1, "Docker's page shows the new episode");
    assert_ne!(now[docker].0, before[docker].0, "so it was rendered, not kept");
    assert!(k >= 1 && k < made, "some kept, the changed ones made again: {k} of {made}\n{}", edited.stderr);
    // What the line counts is what happened: kept files are the previous site's own.
    let linked = now.iter().filter(|(p, (ino, _))| before.get(*p).is_some_and(|b| b.0 == *ino)).count();
    assert_eq!(linked, k, "the kept pages are exactly the ones linked from the previous site");
    for (p, (ino, bytes)) in &now {
        if before.get(p).is_some_and(|b| b.1 != *bytes) {
            assert!(before[p].0 != *ino, "{p} changed, so it was rendered");
        }
    }
    assert_same_as_clean(&site, "Docker discussed in one more episode");

    // A new episode moves every episode's place in the list: every page is made again,
    // and the site is still exact.
    let text = std::fs::read_to_string(repo().join("content").join(SEEDS[0])).unwrap();
    site.write("content/301-d.txt", &text);
    let added = site.build_ok(&[]);
    let (k, made) = kept(&added.stderr);
    assert!(k < made, "{k} of {made}");
    assert_same_as_clean(&site, "a new episode");

    // The site's own topic template: every topic page is rendered again through it.
    site.build_ok(&[]);
    let before = topic_files(&site);
    site.write(
        "templates/topic.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"own\">{{ topic.name }}</p>{% endblock content %}",
    );
    site.build_ok(&[]);
    let pages = topic_files(&site);
    let topic_pages: Vec<_> = pages.iter().filter(|(p, _)| p.ends_with("/index.html")).collect();
    assert!(!topic_pages.is_empty());
    for (p, (ino, bytes)) in &topic_pages {
        assert!(String::from_utf8_lossy(bytes).contains("<p id=\"own\">"), "{p} rendered through the new template");
        assert_ne!(*ino, before[*p].0, "{p} made again, not linked from the previous site");
    }
    assert_same_as_clean(&site, "the topic template edited");
}

#[test]
fn a_hand_edited_topic_page_or_a_damaged_list_is_never_trusted() {
    let site = rerun_site();
    site.build_ok(&[]);
    let (clean, _) = clean_build(&site);
    let pages: Vec<String> = clean
        .keys()
        .filter(|p| p.starts_with("topics/") && p.ends_with("/index.html") && p.matches('/').count() == 2)
        .cloned()
        .collect();
    let total = kept(&site.build_ok(&[]).stderr).1;
    assert!(total > 0);

    // One page edited in the output (its times put back would not help: its bytes are
    // checked), one feed removed: both are made again, the rest kept.
    let page = site.out(&pages[0]);
    let mut bytes = std::fs::read(&page).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&page, bytes).unwrap();
    let feed = tree(&site.out("topics")).into_keys().find(|p| p.ends_with("/feed.xml")).expect("a topic feed");
    std::fs::remove_file(site.out("topics").join(&feed)).unwrap();
    let run = site.build_ok(&[]);
    assert_eq!(kept(&run.stderr), (total - 2, total), "{}", run.stderr);
    let now = tree(&site.out(""));
    assert_eq!(now.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>());
    for (path, bytes) in &clean {
        assert!(now[path] == *bytes, "{path} differs from a clean build");
    }

    // The cache's list damaged (one byte) or swapped for another entry's bytes: not
    // trusted, every page made again, the site exact.
    let cache = site.root().join(".public.shownotes-cache");
    let list = |cache: &Path| {
        std::fs::read_dir(cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("sitepages-"))
            .expect("the list of kept pages is in the build cache")
    };
    let entry = list(&cache);
    let mut bytes = std::fs::read(&entry).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    std::fs::write(&entry, &bytes).unwrap();
    let run = site.build_ok(&[]);
    assert_eq!(kept(&run.stderr), (0, 0), "a damaged list is not read:\n{}", run.stderr);
    assert_same_as_clean(&site, "a damaged list");
    site.build_ok(&[]);
    let other = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("pages-"))
        .expect("an episode's entry");
    std::fs::copy(&other, list(&cache)).unwrap();
    let run = site.build_ok(&[]);
    assert_eq!(kept(&run.stderr), (0, 0), "another entry's bytes under its name are not read:\n{}", run.stderr);
    assert_same_as_clean(&site, "a foreign list");
}

/// The build cache's entries of one kind in `dir`: name -> inode (a kept entry is the
/// same file; one made again is written under a new name and renamed over it).
#[cfg(unix)]
fn entries(dir: &Path, kind: &str) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    let Ok(read) = std::fs::read_dir(dir) else { return BTreeMap::new() };
    read.map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&format!("{kind}-")))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().ino()))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_start_of_serve_takes_the_episodes_from_the_servers_own_build_cache() {
    let site = rerun_site();
    let serve_cache = site.root().join(".public.shownotes-cache/serve-build");
    let port = |_| std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let first = Preview::start(site.root(), &["--port", &port(1)]);
    let page = first.get("").text();
    drop(first);
    let made = entries(&serve_cache, "episode");
    assert_eq!(made.len(), 9, "every episode's extraction kept for the next start: {made:?}");
    assert!(!entries(&serve_cache, "notes").is_empty(), "and the show notes' parse");

    // Another start, at another port: every episode's extraction is read, none made again.
    let second = Preview::start(site.root(), &["--port", &port(2)]);
    assert_eq!(entries(&serve_cache, "episode"), made, "the same entries, read rather than made again");
    let again = second.get("").text();
    let addr = |text: &str| text.replace(|c: char| c.is_ascii_digit(), "");
    assert_eq!(addr(&again), addr(&page), "the same front page, but for the port");
    drop(second);

    // `shownotes build` keeps its own cache: the server's is neither used nor pruned.
    site.build_ok(&[]);
    assert_eq!(entries(&serve_cache, "episode"), made);
    assert!(!entries(&site.root().join(".public.shownotes-cache"), "episode").is_empty());
}
