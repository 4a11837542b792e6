//! Lean output (issue 22, requirement 4), through the real binary: which transcript files
//! an episode gets (`[output] transcripts`: VTT and JSON by default, SRT, text and HTML
//! opt-in) and that every link to them, from the pages (`shownotes check`) and from the
//! feed's `podcast:transcript`, reaches a file; topic feeds capped at their newest items;
//! the warning for a site past `[output] max_files` or `max_bytes`; the same bytes at
//! any thread count.

mod common;
use common::*;

const CONFIG: &str = "title = \"Python Bytes\"\nbase_url = \"https://example.com/pb/\"\n\
                      hosts = [\"Michael Kennedy\", \"Brian Okken\"]\n[search]\nenabled = false\n";

const ALL: [&str; 5] = ["transcript.vtt", "transcript.json", "transcript.srt", "transcript.txt", "transcript.html"];

/// Each episode's folder under `episodes/`.
fn episode_dirs(site: &Site) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(site.out("episodes")).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    assert_eq!(dirs.len(), SEEDS.len());
    dirs
}

/// The `podcast:transcript` URLs of the show's feed, parsed with roxmltree, as paths of
/// the site (`episodes/<slug>/transcript.vtt`), with their MIME types.
fn feed_transcripts(site: &Site) -> Vec<(String, String)> {
    let xml = site.read("feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "transcript" && n.tag_name().namespace() == Some(PODCAST))
        .map(|n| {
            let url = n.attribute("url").unwrap();
            let path = url.strip_prefix("https://example.com/pb/").unwrap_or_else(|| panic!("{url}"));
            (path.to_string(), n.attribute("type").unwrap().to_string())
        })
        .collect()
}

const PODCAST: &str = "https://podcastindex.org/namespace/1.0";

/// The transcript files an episode page links to (file names).
fn page_links(site: &Site, dir: &std::path::Path) -> Vec<String> {
    let page = html(&std::fs::read_to_string(dir.join("index.html")).unwrap());
    let mut names: Vec<String> = select(&page, "a[href], track[src]")
        .iter()
        .filter_map(|a| a.value().attr("href").or_else(|| a.value().attr("src")))
        .filter_map(|h| h.rsplit('/').next().filter(|f| f.starts_with("transcript.")).map(str::to_string))
        .collect();
    names.sort();
    names.dedup();
    let _ = site;
    names
}

#[test]
fn by_default_an_episode_gets_vtt_and_json_and_every_link_reaches_a_file() {
    let site = seed_site(CONFIG);
    site.build_ok(&[]);
    for dir in episode_dirs(&site) {
        for f in ALL {
            let wanted = matches!(f, "transcript.vtt" | "transcript.json");
            assert_eq!(dir.join(f).is_file(), wanted, "{}: {f}", dir.display());
        }
        assert_eq!(page_links(&site, &dir), ["transcript.json", "transcript.vtt"], "{}", dir.display());
    }
    let listed = feed_transcripts(&site);
    assert_eq!(listed.len(), 2 * SEEDS.len(), "{listed:?}");
    for (path, mime) in &listed {
        assert!(site.out(path).is_file(), "the feed lists {path}, which the site does not have");
        assert!(["text/vtt", "application/json"].contains(&mime.as_str()), "{path}: {mime}");
    }
    let run = site.check(&[]);
    assert_eq!(run.code, 0, "check: {}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

#[test]
fn srt_text_and_html_transcripts_are_opt_in() {
    let site = seed_site(&format!("{CONFIG}[output]\ntranscripts = [\"vtt\", \"json\", \"srt\", \"txt\", \"html\"]\n"));
    site.build_ok(&[]);
    for dir in episode_dirs(&site) {
        for f in ALL {
            assert!(dir.join(f).is_file(), "{}: no {f}", dir.display());
        }
        assert_eq!(page_links(&site, &dir).len(), 5, "{}", dir.display());
    }
    let listed = feed_transcripts(&site);
    // Text is no Podcasting 2.0 transcript format: four per episode.
    assert_eq!(listed.len(), 4 * SEEDS.len(), "{listed:?}");
    assert!(listed.iter().all(|(p, _)| site.out(p).is_file()));
    assert_eq!(site.check(&[]).code, 0);

    // Only SRT: the page links it alone, the player has no caption track, the feed lists it.
    std::fs::write(site.root().join("shownotes.toml"), format!("{CONFIG}[output]\ntranscripts = [\"srt\"]\n")).unwrap();
    site.build_ok(&[]);
    for dir in episode_dirs(&site) {
        assert_eq!(page_links(&site, &dir), ["transcript.srt"], "{}", dir.display());
        assert!(!dir.join("transcript.vtt").exists());
    }
    assert!(feed_transcripts(&site).iter().all(|(p, m)| p.ends_with(".srt") && m == "application/x-subrip"));
    assert_eq!(site.check(&[]).code, 0);

    // A format shownotes does not write is refused, naming the file and line.
    std::fs::write(site.root().join("shownotes.toml"), "title = \"x\"\n\n[output]\ntranscripts = [\"mp3\"]\n").unwrap();
    let run = site.build(&[]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("shownotes.toml:4:") && run.stderr.contains("vtt"), "{}", run.stderr);
}

#[test]
fn a_site_past_max_files_or_max_bytes_is_warned_about() {
    let site = seed_site(CONFIG);
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("max_files") && !run.stderr.contains("max_bytes"), "{}", run.stderr);

    std::fs::write(
        site.root().join("shownotes.toml"),
        format!("{CONFIG}[output]\nmax_files = 50\nmax_bytes = 100000\n"),
    )
    .unwrap();
    let run = site.build_ok(&[]);
    let files = walkdir::WalkDir::new(site.out("")).into_iter().filter(|e| e.as_ref().unwrap().file_type().is_file());
    let (n, bytes) = files.fold((0u64, 0u64), |(n, b), e| (n + 1, b + e.unwrap().metadata().unwrap().len()));
    let line = |what: &str| {
        run.stderr
            .lines()
            .find(|l| l.starts_with("warning: ") && l.contains(what))
            .unwrap_or_else(|| panic!("no warning naming {what}:\n{}", run.stderr))
            .to_string()
    };
    let f = line("`[output] max_files`");
    assert!(
        f.contains("/public: the site has more files") && f.contains(&format!("allows: {n}, over 50 (")),
        "{f} (the site has {n})"
    );
    assert!(f.contains("Cloudflare Pages") && f.contains("20000") && f.contains("`[output] transcripts`"), "{f}");
    let b = line("`[output] max_bytes`");
    assert!(b.contains("GitHub Pages publishes at most 1.0 GB") && b.contains("raise `max_bytes`"), "{b}");
    let shown = format!("allows: {:.1} MB, over 100 KB (", bytes as f64 / 1e6);
    assert!(b.contains(&shown), "{b} (the site has {bytes} bytes)");
    // The warnings fail a --strict build.
    assert_ne!(site.build(&["--strict"]).code, 0);
}

#[test]
fn topic_feeds_hold_the_newest_items_in_short() {
    let site = seed_site(&format!("{CONFIG}[feed]\ntopic_feed_items = 2\n"));
    site.build_ok(&[]);
    let mut most = 0;
    for e in std::fs::read_dir(site.out("topics")).unwrap() {
        let Ok(xml) = std::fs::read_to_string(e.unwrap().path().join("feed.xml")) else { continue };
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let items: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("item")).collect();
        assert!((1..=2).contains(&items.len()), "{} items", items.len());
        most = most.max(items.len());
        for it in items {
            assert!(!it.children().any(|c| c.tag_name().name() == "encoded"), "a topic's item has show notes");
            let d = it.children().find(|c| c.has_tag_name("description")).and_then(|c| c.text()).unwrap_or("");
            assert!(d.chars().count() <= 303, "{d}");
        }
    }
    assert_eq!(most, 2, "some topic is in two episodes or more");
}

#[test]
fn the_lean_site_is_the_same_bytes_at_any_thread_count() {
    let config = format!("{CONFIG}[output]\ntranscripts = [\"vtt\", \"srt\"]\nmax_files = 10\n");
    let a = seed_site(&config);
    a.build_ok(&["--jobs", "1"]);
    let b = seed_site(&config);
    b.build_ok(&["--jobs", "2"]);
    let (ta, tb) = (tree(&a.out("")), tree(&b.out("")));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    assert!(ta.keys().any(|k| k.ends_with("transcript.srt")) && !ta.keys().any(|k| k.ends_with("transcript.json")));
    for (k, v) in &ta {
        assert!(tb[k] == *v, "{k} differs between one thread and two");
    }
}
