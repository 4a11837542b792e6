//! `shownotes import FEED`: a podcast's feed (RSS with iTunes and Podcasting 2.0 tags,
//! Atom) into episodes.csv, paired with the transcripts by number and by title; what a
//! user typed is kept unless `--overwrite`; the build publishes the imported values; a
//! round trip through the feed shownotes writes gives back the same titles, dates and
//! numbers.

mod common;
use common::*;
use std::collections::BTreeMap;

const FEED: &str = "tests/fixtures/feeds/podcast.xml";

/// episodes.csv as maps of column -> value, in row order.
fn read_rows(site: &Site) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(site.root().join("episodes.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect()).collect()
}

fn row<'a>(rows: &'a [BTreeMap<String, String>], col: &str, value: &str) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r.get(col).map(String::as_str) == Some(value))
        .unwrap_or_else(|| panic!("no row {col}={value}: {rows:?}"))
}

/// Two numbered seeds (282 said in speech, 95 too) and an episode named by its title.
fn site_for_the_feed() -> Site {
    let site = Site::new(&format!("{PB_CONFIG}base_url = \"https://pb.example/\"\n"));
    site.copy("content/000_a09f45d5618a526f.txt", "content/000_a09f45d5618a526f.txt");
    site.copy("content/001_0b1090a70a28c12f.txt", "content/001_0b1090a70a28c12f.txt");
    site.write(
        "content/agentic-ai-workflows-with-langgraph.txt",
        "00:00:00 Welcome. Today we talk about LangGraph and agents.\n00:00:10 LangGraph lets you build agent graphs.\n",
    );
    site
}

fn import(site: &Site, args: &[&str]) -> Run {
    site.run("import", args)
}

/// The feed's `<item>`s as (child name -> text or attributes), by `itunes:episode`/title.
fn feed_items(xml: &str) -> Vec<BTreeMap<String, String>> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            let mut m = BTreeMap::new();
            for c in item.children().filter(|c| c.is_element()) {
                let prefix = match c.tag_name().namespace() {
                    Some(ns) if ns.contains("itunes") => "itunes:",
                    Some(ns) if ns.contains("podcastindex") => "podcast:",
                    _ => "",
                };
                let key = format!("{prefix}{}", c.tag_name().name());
                let value = if c.has_tag_name("enclosure") {
                    format!(
                        "{} {} {}",
                        c.attribute("url").unwrap(),
                        c.attribute("length").unwrap(),
                        c.attribute("type").unwrap()
                    )
                } else {
                    c.text().unwrap_or("").to_string()
                };
                m.entry(key).and_modify(|v: &mut String| *v = format!("{v}; {value}")).or_insert(value);
            }
            m
        })
        .collect()
}

#[test]
fn import_fills_episodes_csv_from_the_feed_and_the_build_publishes_it() {
    let site = site_for_the_feed();
    let feed = repo().join(FEED);
    let run = import(&site, &[feed.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("2 paired by number, 1 by title"), "{}", run.stdout);
    // The item without a transcript is named, with its line.
    assert!(run.stderr.contains("1 feed item found no transcript"), "{}", run.stderr);
    assert!(run.stderr.contains("#999 \"Episode 999: The one that got away\" (line 48)"), "{}", run.stderr);

    let rows = read_rows(&site);
    assert_eq!(rows.len(), 3, "{rows:?}");
    let r = row(&rows, "number", "282");
    assert_eq!(r["title"], "Don't Wait, Make Your PyScript", "itunes:title, without the numbering");
    assert_eq!(r["date"], "2022-05-03", "the day written in PDT, not the next one in UTC");
    assert_eq!(r["audio"], "https://audio.example/282.mp3");
    assert_eq!(r["audio_type"], "audio/mpeg");
    assert_eq!(r["audio_length"], "45612345");
    assert_eq!(r["duration"], "0:47:12");
    assert_eq!(r["season"], "3");
    assert_eq!(r["hosts"], "Michael Kennedy; Brian Okken");
    assert_eq!(r["guests"], "Ogie Moore");
    // CDATA HTML becomes the words, the script's text left out.
    assert_eq!(r["description"], "Topics covered in this episode: PyScript & the browser Memray");
    let r = row(&rows, "number", "95");
    assert_eq!(r["title"], "#95 Unleash the py-spy!", "no itunes:episode: the number comes from the title");
    assert_eq!(r["date"], "2018-09-12", "a date without seconds");
    assert_eq!(r["description"], "py-spy & friends.", "escaped HTML");
    assert_eq!(r["duration"], "1:02:03");
    // Paired by title: the row names the file.
    let r = row(&rows, "file", "agentic-ai-workflows-with-langgraph.txt");
    assert_eq!(r["title"], "Agentic AI Workflows with LangGraph");
    assert_eq!(r["date"], "2024-06-07", "a two-digit year");
    assert_eq!(r["episode_type"], "bonus");
    assert_eq!(r["number"], "");

    site.build_ok(&[]);
    let items = feed_items(&site.read("feed.xml"));
    let by_title = |t: &str| items.iter().find(|i| i["title"] == t).unwrap_or_else(|| panic!("{t}: {items:?}"));
    let i = by_title("Don't Wait, Make Your PyScript");
    assert_eq!(i["pubDate"], "Tue, 03 May 2022 00:00:00 +0000");
    assert_eq!(i["enclosure"], "https://audio.example/282.mp3 45612345 audio/mpeg");
    assert_eq!(i["itunes:duration"], "2832");
    assert_eq!(i["itunes:season"], "3");
    assert_eq!(i["itunes:episode"], "282");
    assert!(i["podcast:person"].contains("Ogie Moore"), "{i:?}");
    let i = by_title("#95 Unleash the py-spy!");
    assert_eq!(i["enclosure"], "https://audio.example/95.m4a 12345678 audio/x-m4a");
    assert_eq!(i["itunes:duration"], "3723");
    let i = by_title("Agentic AI Workflows with LangGraph");
    assert_eq!(i["itunes:episodeType"], "bonus");
    assert_eq!(i["pubDate"], "Fri, 07 Jun 2024 00:00:00 +0000");
    // The episode page shows the feed's title and description.
    let page = html(&site.read("episodes/000-a09f45d5618a526f/index.html"));
    let h1 = text(&select(&page, "h1")[0]);
    assert!(h1.ends_with("Don't Wait, Make Your PyScript"), "{h1}");
    assert!(site.read("episodes/000-a09f45d5618a526f/index.html").contains("PyScript &amp; the browser"));
}

#[test]
fn typed_values_and_other_columns_are_kept_unless_overwrite() {
    let site = site_for_the_feed();
    site.write(
        "episodes.csv",
        "number,title,downloads\n282,My own title,1200\n500,An episode the feed does not know,7\n",
    );
    let feed = repo().join(FEED);
    let run = import(&site, &[feed.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("kept 1 value already in"), "{}", run.stderr);
    let rows = read_rows(&site);
    assert_eq!(rows.len(), 4, "{rows:?}");
    let r = row(&rows, "number", "282");
    assert_eq!(r["title"], "My own title");
    assert_eq!(r["downloads"], "1200");
    assert_eq!(r["date"], "2022-05-03", "an empty cell is filled");
    let r = row(&rows, "number", "500");
    assert_eq!(r["title"], "An episode the feed does not know");
    assert_eq!(r["downloads"], "7");
    // No temporary file left beside it.
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".tmp")), "{names:?}");

    let run = import(&site, &[feed.to_str().unwrap(), "--overwrite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 value replaced"), "{}", run.stdout);
    let rows = read_rows(&site);
    assert_eq!(row(&rows, "number", "282")["title"], "Don't Wait, Make Your PyScript");
    assert_eq!(row(&rows, "number", "282")["downloads"], "1200");
    assert_eq!(rows.len(), 4, "a second import adds no row");
}

#[test]
fn atom_feeds_are_read_and_broken_feeds_are_named_with_their_line() {
    let site = site_for_the_feed();
    let atom = repo().join("tests/fixtures/feeds/atom.xml");
    let run = import(&site, &[atom.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 paired by number, 1 by title"), "{}", run.stdout);
    assert!(run.stderr.contains("1 episode found no feed item: 001_0b1090a70a28c12f.txt"), "{}", run.stderr);
    let rows = read_rows(&site);
    let r = row(&rows, "number", "282");
    assert_eq!(r["title"], "Episode 282: Don't Wait, Make Your PyScript");
    assert_eq!(r["date"], "2022-05-03", "the date written in -07:00");
    assert_eq!(r["description"], "PyScript & Memray.");
    assert_eq!(r["audio_length"], "45612345");
    assert_eq!(row(&rows, "file", "agentic-ai-workflows-with-langgraph.txt")["description"], "Graphs of agents.");

    let before = std::fs::read(site.root().join("episodes.csv")).unwrap();
    let broken = repo().join("tests/fixtures/feeds/broken.xml");
    let run = import(&site, &[broken.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let expected = format!("error: {}:7: not well-formed XML", broken.display());
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert_eq!(std::fs::read(site.root().join("episodes.csv")).unwrap(), before, "nothing written");
    let run = import(&site, &["no-such-feed.xml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("cannot read no-such-feed.xml"), "{}", run.stderr);
}

#[test]
fn a_round_trip_through_the_feed_shownotes_writes_keeps_titles_dates_and_numbers() {
    let config = format!("{PB_CONFIG}base_url = \"https://pb.example/\"\n");
    let first = seed_site(&config);
    first.build_ok(&[]);
    let before = first.episodes_by_number();
    assert_eq!(before.len(), 5);
    let feed = first.out("feed.xml");

    let second = seed_site(&config);
    assert!(!second.root().join("episodes.csv").exists());
    let run = import(&second, &[feed.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("5 paired by number"), "{}", run.stdout);
    assert!(!run.stderr.contains("found no"), "{}", run.stderr);
    second.build_ok(&[]);
    let after = second.episodes_by_number();
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (n, b) in &before {
        let a = &after[n];
        assert_eq!(a["title"], b["title"], "episode {n}");
        assert_eq!(a["date"], b["date"], "episode {n}");
        assert_eq!(a["number"], b["number"], "episode {n}");
    }
}

/// `00:00:SS text` lines, ten seconds apart.
fn transcript(lines: &[&str]) -> String {
    lines.iter().enumerate().map(|(i, l)| format!("00:{:02}:{:02} {l}\n", i * 10 / 60, i * 10 % 60)).collect()
}

#[test]
fn titles_without_a_feed_write_names_as_the_catalogue_does_and_name_the_subject() {
    let site = Site::new(PB_CONFIG);
    site.write(
        "content/agentic-ai-workflows-with-langgraph.txt",
        transcript(&[
            "Welcome to the show. Today we are talking about LangGraph, the agent framework.",
            "LangGraph builds agents as graphs. AI agents, that is.",
            "With LangGraph you draw the workflow, and LangGraph runs it.",
            "We tried LangGraph on a real project last week.",
        ]),
    );
    site.copy("content/001_0b1090a70a28c12f.txt", "content/001_0b1090a70a28c12f.txt");
    site.build_ok(&[]);
    let page = site.read("episodes/agentic-ai-workflows-with-langgraph/index.html");
    let h1 = text(&select(&html(&page), "h1")[0]);
    assert!(h1.ends_with("Agentic AI Workflows with LangGraph"), "{h1}");
    // A file name without words: the subject of the introduction, not "Episode 95".
    let ep = site.json("api/episodes/001-0b1090a70a28c12f.json");
    let title = ep["title"].as_str().unwrap();
    assert!(!title.starts_with("Episode"), "{title}");
    let subject = ep["topics"][0]["name"].as_str().unwrap();
    assert!(title.starts_with(subject), "{title} names the subject, {subject}");
    let feed = site.read("feed.xml");
    assert!(feed.contains(&format!("<title>{title}</title>")), "the feed has the same title");
}

#[test]
fn a_date_is_the_recording_date_only_where_the_intro_says_so_and_in_order() {
    let site = Site::new(PB_CONFIG);
    for (n, said) in [
        (98, "This is episode 98, recorded May 1, 2020."),
        (99, "This is episode 99, recorded May 8, 2020."),
        (100, "This is episode 100, recorded May 15, 2009."),
        (101, "This is episode 101, recorded May 22, 2020."),
        (102, "This is episode 102. The show started on June 1, 2009, can you believe it?"),
    ] {
        site.write(&format!("content/{n}.txt"), transcript(&["Hello and welcome.", said, "On with the show."]));
    }
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning =
        run.stderr.lines().find(|l| l.contains("far out of order")).unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        warning.starts_with("warning: ") && warning.contains("content/100.txt:2: the date said here (2009-05-15)"),
        "{warning}"
    );
    assert_eq!(run.stderr.matches("far out of order").count(), 1, "{}", run.stderr);
    let eps = site.episodes_by_number();
    assert_eq!(eps[&99]["date"], "2020-05-08");
    assert_eq!(eps[&101]["date"], "2020-05-22");
    assert!(eps[&100]["date"].is_null(), "not published: {}", eps[&100]["date"]);
    assert!(eps[&102]["date"].is_null(), "a birthday is no recording date: {}", eps[&102]["date"]);
    let items = feed_items(&site.read("feed.xml"));
    let item = |n: &str| items.iter().find(|i| i["itunes:episode"] == n).unwrap();
    assert!(!item("100").contains_key("pubDate"));
    assert_eq!(item("101")["pubDate"], "Fri, 22 May 2020 00:00:00 +0000");
}
