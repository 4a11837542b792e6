//! What listeners, podcast apps and search engines read, each output validated by an
//! independent parser: the feeds (feed-rs and roxmltree), transcript.vtt and .srt
//! (aspasia), the JSON files against the published field lists, pages (scraper), the
//! SVG pictures and the sitemap (roxmltree, as XML).

mod common;
use aspasia::{SubRipSubtitle, Subtitle, WebVttSubtitle};
use common::*;
use std::collections::{BTreeMap, BTreeSet};

const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
const PODCAST: &str = "https://podcastindex.org/namespace/1.0";

/// The seeds with a `[podcast]` pattern, one episode overriding it in front matter, and
/// text no feed can take raw: `&`, `<`, emoji, control characters; every transcript file.
fn podcast_site() -> Site {
    let site = seed_site(
        "title = \"Bytes & <Pieces> \\u0007\u{1F40D}\"\ndescription = \"News & views <weekly>\"\nbase_url = \"https://example.com/pod/\"\nhosts = [\"Michael Kennedy\", \"Brian Okken\"]\n\n[podcast]\naudio_url = \"https://cdn.example.com/{number:03}.mp3\"\nauthor = \"Michael & Brian\"\nemail = \"show@example.com\"\nimage = \"cover.png\"\ncategories = [\"Technology\", \"Technology > Software How-To\"]\nexplicit = true\n\n[output]\ntranscripts = [\"vtt\", \"json\", \"srt\", \"txt\", \"html\"]\n",
    );
    // Seed 004 is episode 197: its show notes override the audio and carry hostile text.
    site.write(
        "content/004_eb2a933e6b85e2e3.md",
        "+++\ntitle = \"Q&A <b>bold</b> \\u0001 \u{1F389} night\"\naudio_url = \"https://other.example/197.m4a\"\naudio_length = 1234\n+++\n**Brian #1:** [**Rich & <fancy>**](https://rich.example/?a=1&b=2)\n",
    );
    site.write("static/cover.png", b"\x89PNG\r\n\x1a\n");
    site
}

#[test]
fn the_feed_is_rss_with_itunes_and_podcasting_2_tags() {
    let site = podcast_site();
    site.build_ok(&[]);
    let bytes = std::fs::read(site.out("feed.xml")).unwrap();
    let feed = feed_rs::parser::parse(&bytes[..]).expect("feed-rs reads feed.xml");
    assert_eq!(feed.title.as_ref().unwrap().content, "Bytes & <Pieces> \u{1F40D}");
    assert_eq!(feed.entries.len(), 5);
    let eps = site.episodes_by_number();
    let by_title: BTreeMap<String, &feed_rs::model::Entry> =
        feed.entries.iter().map(|e| (e.title.as_ref().unwrap().content.clone(), e)).collect();
    for (n, ep) in &eps {
        let e = by_title[ep["title"].as_str().unwrap()];
        let media = &e.media[0].content[0];
        let url = media.url.as_ref().unwrap().as_str();
        if *n == 197 {
            assert_eq!(url, "https://other.example/197.m4a", "front matter wins");
            assert_eq!(media.size, Some(1234));
            assert_eq!(media.content_type.as_ref().unwrap().to_string(), "audio/mp4");
        } else {
            assert_eq!(url, format!("https://cdn.example.com/{n:03}.mp3"));
            assert_eq!(media.content_type.as_ref().unwrap().to_string(), "audio/mpeg");
        }
        assert_eq!(e.id, format!("https://example.com/pod/episodes/{}/", ep["slug"].as_str().unwrap()));
        let date = e.published.expect("pubDate");
        assert_eq!(date.format("%Y-%m-%d").to_string(), ep["date"].as_str().unwrap());
    }
    assert_eq!(by_title.keys().find(|t| t.starts_with("Q&A")).unwrap(), "Q&A <b>bold</b>  \u{1F389} night");

    // The namespaced tags, read by a namespace-aware XML parser.
    let text = String::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let channel = doc.root_element().children().find(|n| n.has_tag_name("channel")).unwrap();
    assert_eq!(child(channel, ITUNES, "author").unwrap().text(), Some("Michael & Brian"));
    assert_eq!(child(channel, ITUNES, "explicit").unwrap().text(), Some("true"));
    assert_eq!(child(channel, ITUNES, "image").unwrap().attribute("href"), Some("https://example.com/pod/cover.png"));
    let owner = child(channel, ITUNES, "owner").unwrap();
    assert_eq!(child(owner, ITUNES, "email").unwrap().text(), Some("show@example.com"));
    let cats: Vec<(Option<&str>, Vec<&str>)> = channel
        .children()
        .filter(|c| c.has_tag_name((ITUNES, "category")))
        .map(|c| (c.attribute("text"), c.children().filter_map(|s| s.attribute("text")).collect()))
        .collect();
    assert_eq!(cats, vec![(Some("Technology"), vec![]), (Some("Technology"), vec!["Software How-To"])]);
    assert_eq!(channel.children().find(|c| c.has_tag_name("language")).unwrap().text(), Some("en"));
    let mut with_chapters = 0;
    for item in channel.children().filter(|c| c.has_tag_name("item")) {
        let link = item.children().find(|c| c.has_tag_name("link")).unwrap().text().unwrap().to_string();
        let types: Vec<&str> = item
            .children()
            .filter(|c| c.has_tag_name((PODCAST, "transcript")))
            .filter_map(|c| c.attribute("type"))
            .collect();
        assert_eq!(types, vec!["text/vtt", "application/x-subrip", "application/json", "text/html"]);
        for t in item.children().filter(|c| c.has_tag_name((PODCAST, "transcript"))) {
            let url = t.attribute("url").unwrap();
            let rel = url.strip_prefix("https://example.com/pod/").unwrap();
            assert!(site.out(rel).is_file(), "{url} is not a file of the site");
            assert!(url.starts_with(&link));
        }
        if let Some(chapters) = child(item, PODCAST, "chapters") {
            assert_eq!(chapters.attribute("type"), Some("application/json+chapters"));
            let url = chapters.attribute("url").unwrap();
            assert!(site.out(url.strip_prefix("https://example.com/pod/").unwrap()).is_file());
            with_chapters += 1;
        }
        let people: Vec<(Option<&str>, Option<&str>)> = item
            .children()
            .filter(|c| c.has_tag_name((PODCAST, "person")))
            .map(|c| (c.attribute("role"), c.text()))
            .collect();
        assert!(people.contains(&(Some("host"), Some("Michael Kennedy"))), "{people:?}");
        assert!(child(item, ITUNES, "duration").is_some() && child(item, ITUNES, "episode").is_some());
    }
    // Every episode has chapters: each show-notes item gets one (episode 197's too, though
    // its names are never said), and an episode without notes is chaptered by its parts.
    assert_eq!(with_chapters, 5);
    let guests: Vec<&str> = doc
        .descendants()
        .filter(|c| c.has_tag_name((PODCAST, "person")) && c.attribute("role") == Some("guest"))
        .filter_map(|c| c.text())
        .collect();
    assert!(guests.contains(&"Ogie Moore") && guests.contains(&"Marlene Mangami"), "{guests:?}");
}

#[test]
fn each_topic_has_a_feed_of_its_episodes() {
    let site = podcast_site();
    // By default a topic discussed in fewer than three episodes gets no feed (and its page
    // no link); with `topic_feed_min_episodes = 1`, every topic gets one.
    for min in [3, 1] {
        if min == 1 {
            let config = std::fs::read_to_string(site.root().join("shownotes.toml")).unwrap();
            site.write("shownotes.toml", format!("{config}\n[feed]\ntopic_feed_min_episodes = 1\n"));
        }
        site.build_ok(&[]);
        let topics = site.json("api/topics.json");
        let eps = site.episodes_by_number();
        let title_of: BTreeMap<&str, &str> =
            eps.values().map(|e| (e["slug"].as_str().unwrap(), e["title"].as_str().unwrap())).collect();
        let (mut checked, mut without) = (0, 0);
        for t in topics.as_array().unwrap() {
            let slug = t["slug"].as_str().unwrap();
            if t["episodes"].as_array().unwrap().len() < min {
                assert!(!site.out(&format!("topics/{slug}/feed.xml")).exists(), "topic {slug}");
                let doc = html(&site.read(&format!("topics/{slug}/index.html")));
                assert_eq!(select(&doc, "link[rel=alternate][type='application/rss+xml']").len(), 1, "{slug}");
                assert!(select(&doc, "a.feed").is_empty(), "topic {slug}");
                without += 1;
                continue;
            }
            let bytes = std::fs::read(site.out(&format!("topics/{slug}/feed.xml"))).unwrap();
            let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("topics/{slug}/feed.xml: {e}"));
            let got: Vec<String> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
            let want: Vec<String> = t["episodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| title_of[e["slug"].as_str().unwrap()].to_string())
                .collect();
            assert_eq!(got, want, "topic {slug}");
            assert!(feed.title.unwrap().content.ends_with(t["name"].as_str().unwrap()));
            // The topic page links it.
            let page = site.read(&format!("topics/{slug}/index.html"));
            let doc = html(&page);
            assert_eq!(select(&doc, "link[rel=alternate][type='application/rss+xml']").len(), 2);
            assert_eq!(select(&doc, &format!("a[href='/pod/topics/{slug}/feed.xml']")).len(), 1);
            checked += 1;
        }
        if min == 3 {
            assert!(checked >= 1 && without > 5, "{checked} topics with a feed, {without} without");
        } else {
            assert!(checked > 5 && without == 0, "{checked} topics with a feed, {without} without");
        }
    }
}

/// Fields of a Podcasting 2.0 JSON transcript segment (podcast-namespace
/// transcripts/transcripts.md) and of JSON Chapters 1.2 (podcast-namespace
/// chapters/jsonChapters.md).
const SEGMENT_FIELDS: &[&str] = &["speaker", "startTime", "endTime", "body"];
const CHAPTERS_FIELDS: &[&str] =
    &["version", "chapters", "author", "title", "podcastName", "description", "fileName", "waypoints"];
const CHAPTER_FIELDS: &[&str] = &["startTime", "endTime", "title", "img", "url", "toc", "location"];

#[test]
fn transcript_and_chapter_files_read_back_with_real_parsers() {
    let site = podcast_site();
    site.build_ok(&[]);
    for (n, ep) in site.episodes_by_number() {
        let slug = ep["slug"].as_str().unwrap();
        let dir = format!("episodes/{slug}");
        let json = site.json(&format!("{dir}/transcript.json"));
        assert_eq!(json["version"], "1.0.0");
        let segments = json["segments"].as_array().unwrap();
        assert!(segments.len() > 20, "episode {n}: {} segments", segments.len());
        for (i, s) in segments.iter().enumerate() {
            for k in s.as_object().unwrap().keys() {
                assert!(SEGMENT_FIELDS.contains(&k.as_str()), "unknown segment field {k}");
            }
            let (a, b) = (s["startTime"].as_f64().unwrap(), s["endTime"].as_f64().unwrap());
            assert!(b > a, "episode {n} segment {i}");
            if let Some(next) = segments.get(i + 1) {
                let na = next["startTime"].as_f64().unwrap();
                assert!(na == a || b == na, "cue end is the next (later) cue's start");
            }
            assert!(!s["body"].as_str().unwrap().is_empty());
        }

        // WebVTT and SubRip, read by aspasia: the same cues and times.
        let vtt: WebVttSubtitle = site.read(&format!("{dir}/transcript.vtt")).parse().unwrap();
        let srt: SubRipSubtitle = site.read(&format!("{dir}/transcript.srt")).parse().unwrap();
        assert_eq!(vtt.events().len(), segments.len(), "episode {n} vtt");
        assert_eq!(srt.events().len(), segments.len(), "episode {n} srt");
        for ((v, s), j) in vtt.events().iter().zip(srt.events()).zip(segments) {
            let ms = |k: &str| (j[k].as_f64().unwrap() * 1000.0) as i64;
            assert_eq!((i64::from(v.start), i64::from(v.end)), (ms("startTime"), ms("endTime")));
            assert_eq!((i64::from(s.start), i64::from(s.end)), (ms("startTime"), ms("endTime")));
            if let Some(sp) = j["speaker"].as_str() {
                assert!(v.text.starts_with(&format!("<v {sp}>")), "{}", v.text);
                assert!(s.text.starts_with(&format!("{sp}: ")), "{}", s.text);
            }
        }

        // chapters.json: JSON Chapters 1.2.
        if ep["chapters"].as_array().unwrap().is_empty() {
            assert!(!site.out(&format!("{dir}/chapters.json")).exists());
            continue;
        }
        let ch = site.json(&format!("{dir}/chapters.json"));
        assert_eq!(ch["version"], "1.2.0");
        for k in ch.as_object().unwrap().keys() {
            assert!(CHAPTERS_FIELDS.contains(&k.as_str()), "unknown chapters field {k}");
        }
        let api = &ep["chapters"];
        let chapters = ch["chapters"].as_array().unwrap();
        assert_eq!(chapters.len(), api.as_array().unwrap().len());
        for (c, a) in chapters.iter().zip(api.as_array().unwrap()) {
            for k in c.as_object().unwrap().keys() {
                assert!(CHAPTER_FIELDS.contains(&k.as_str()), "unknown chapter field {k}");
            }
            assert_eq!(c["startTime"], a["start"]);
            assert_eq!(c["title"], a["title"]);
            assert!(c["startTime"].is_number() && c["title"].is_string());
        }

        // The page links every file.
        let doc = html(&site.read(&format!("{dir}/index.html")));
        let links: BTreeSet<String> =
            select(&doc, ".files a").iter().map(|a| a.value().attr("href").unwrap().to_string()).collect();
        for f in [
            "transcript.vtt",
            "transcript.srt",
            "transcript.json",
            "transcript.txt",
            "transcript.html",
            "chapters.json",
        ] {
            assert!(links.contains(&format!("/pod/{dir}/{f}")), "episode {n} does not link {f}");
        }
    }
}

#[test]
fn transcript_txt_builds_back_into_the_same_transcript() {
    let site = podcast_site();
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    let slug = eps[&95]["slug"].as_str().unwrap();
    let txt = site.read(&format!("episodes/{slug}/transcript.txt"));
    let json = site.json(&format!("episodes/{slug}/transcript.json"));
    let again = Site::new("title = \"Again\"\nhosts = [\"Michael Kennedy\", \"Brian Okken\"]\n");
    again.write("content/095-again.txt", &txt);
    again.build_ok(&[]);
    let slug2 = again.episodes_by_number()[&95]["slug"].as_str().unwrap().to_string();
    let json2 = again.json(&format!("episodes/{slug2}/transcript.json"));
    assert_eq!(json, json2);
}

#[test]
fn pages_carry_canonical_links_cards_and_json_ld() {
    let site = audio_site("image = \"cover.png\"\n");
    site.build_ok(&[]);
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    let mut canonicals: BTreeSet<String> = BTreeSet::new();
    for (path, bytes) in tree(&site.out("")) {
        if !path.ends_with(".html") || path.ends_with("404.html") {
            continue;
        }
        let doc = html(&String::from_utf8(bytes).unwrap());
        let title = text(&select(&doc, "title")[0]);
        if let Some(other) = titles.insert(title.clone(), path.clone()) {
            panic!("{path} and {other} are both titled `{title}`");
        }
        let canon = select(&doc, "link[rel=canonical]");
        assert_eq!(canon.len(), 1, "{path}");
        let href = canon[0].value().attr("href").unwrap();
        assert!(href.starts_with("https://example.com/pod/"), "{path}: {href}");
        if !path.contains("/newest/") {
            assert!(canonicals.insert(href.to_string()), "{path}: canonical {href} used twice");
        }
        if path.ends_with("transcript.html") {
            continue; // a plain document for podcast apps: canonical link only
        }
        for prop in ["og:title", "og:url", "og:type", "og:site_name"] {
            assert_eq!(select(&doc, &format!("meta[property='{prop}']")).len(), 1, "{path} {prop}");
        }
        assert_eq!(select(&doc, "meta[name='twitter:card']").len(), 1, "{path}");
        assert_eq!(select(&doc, "main h1").len(), 1, "{path}: one h1");
        let navs = select(&doc, "nav");
        assert!(navs.iter().all(|n| n.value().attr("aria-label").is_some()), "{path}: an unlabelled nav");
    }
    assert!(titles.keys().any(|t| t.starts_with("Episodes, page 2 of 2")), "{titles:?}");

    let jsonld = |path: &str| -> serde_json::Value {
        let doc = html(&site.read(path));
        let s = select(&doc, "script[type='application/ld+json']");
        assert_eq!(s.len(), 1, "{path}");
        serde_json::from_str(&s[0].text().collect::<String>()).unwrap()
    };
    let home = jsonld("index.html");
    assert_eq!(home["@type"], "PodcastSeries");
    assert_eq!(home["webFeed"], "https://example.com/pod/feed.xml");
    assert_eq!(home["image"], "https://example.com/pod/cover.png");
    let eps = site.episodes_by_number();
    let slug = eps[&1]["slug"].as_str().unwrap();
    let ep = jsonld(&format!("episodes/{slug}/index.html"));
    assert_eq!(ep["@context"], "https://schema.org");
    assert_eq!(ep["@type"], "PodcastEpisode");
    assert_eq!(ep["episodeNumber"], 1);
    assert_eq!(ep["partOfSeries"]["@type"], "PodcastSeries");
    assert_eq!(ep["associatedMedia"]["contentUrl"], "https://example.com/pod/audio/001.wav");
    let chapters = site.json(&format!("episodes/{slug}/chapters.json"))["chapters"].clone();
    let parts = ep["hasPart"].as_array().unwrap();
    assert_eq!(parts.len(), chapters.as_array().unwrap().len());
    for (p, c) in parts.iter().zip(chapters.as_array().unwrap()) {
        assert_eq!(p["@type"], "Clip");
        assert_eq!(p["startOffset"], c["startTime"]);
        assert_eq!(p["name"], c["title"]);
    }

    // sitemap.xml: every canonical page, as XML; robots.txt points at it.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let locs: BTreeSet<String> =
        doc.descendants().filter(|n| n.has_tag_name((ns, "loc"))).map(|n| n.text().unwrap().to_string()).collect();
    let pages: BTreeSet<String> =
        // The search page has a canonical link but is no page to list.
        canonicals
            .into_iter()
            .filter(|c| !c.ends_with("transcript.html") && !c.ends_with("404.html") && !c.ends_with("/search/"))
            .collect();
    assert_eq!(locs, pages);
    let lastmod: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name((ns, "lastmod"))).filter_map(|n| n.text()).collect();
    assert!(lastmod.contains(&"2024-01-15"));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.com/pod/sitemap.xml"));
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, ns: &str, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name((ns, name)))
}

/// The inline `<svg>` of a page, parsed as XML.
fn svg_of(page: &str) -> String {
    let start = page.find("<svg").expect("an svg");
    let end = page[start..].find("</svg>").unwrap() + start + "</svg>".len();
    page[start..end].to_string()
}

#[test]
fn timelines_are_svg_drawn_at_build_time() {
    let site = podcast_site();
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    let ns = "http://www.w3.org/2000/svg";
    for ep in eps.values() {
        let slug = ep["slug"].as_str().unwrap();
        let page = site.read(&format!("episodes/{slug}/index.html"));
        let svg = svg_of(&page);
        let doc = roxmltree::Document::parse(&svg).expect("the episode picture is XML");
        let root = doc.root_element();
        assert!(root.has_tag_name((ns, "svg")));
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.children().find(|c| c.has_tag_name((ns, "title"))).unwrap();
        assert_eq!(title.text(), Some("Chapters and topics along the episode"));
        let desc = root.children().find(|c| c.has_tag_name((ns, "desc"))).unwrap().text().unwrap();
        let chapters = ep["chapters"].as_array().unwrap();
        let segs: Vec<f64> = doc
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("chapter")))
            .map(|n| n.attribute("x").unwrap().parse().unwrap())
            .collect();
        assert_eq!(segs.len(), chapters.len(), "one segment per chapter");
        assert!(segs.windows(2).all(|w| w[0] <= w[1]), "chapters left to right");
        for c in chapters {
            assert!(desc.contains(c["title"].as_str().unwrap()), "{desc}");
        }
        assert!(doc.descendants().filter(|n| n.attribute("class") == Some("mention")).count() > 0);
    }
    let topics = site.json("api/topics.json");
    for t in topics.as_array().unwrap().iter().take(10) {
        let page = site.read(&format!("topics/{}/index.html", t["slug"].as_str().unwrap()));
        let svg = svg_of(&page);
        let doc = roxmltree::Document::parse(&svg).expect("the topic picture is XML");
        let bars = doc.descendants().filter(|n| n.attribute("class") == Some("discussed")).count();
        assert_eq!(bars, t["episode_count"].as_u64().unwrap() as usize);
        let passing = doc.descendants().filter(|n| n.attribute("class") == Some("passing")).count();
        assert_eq!(passing, t["also_mentioned"].as_array().unwrap().len());
    }
}

/// The page loads no script but the search box's (every page has the box).
fn only_search_script(doc: &scraper::Html) -> bool {
    select(doc, "script[src]").iter().all(|s| s.value().attr("src").is_some_and(|src| src.ends_with("/search.js")))
}

#[test]
fn audio_comes_from_the_pattern_and_pages_without_it_stay_script_free() {
    // No audio: no player, and no script but the search box's, on the episode pages.
    let plain = seed_site(PB_CONFIG);
    plain.build_ok(&[]);
    for (path, bytes) in tree(&plain.out("episodes")) {
        if path.ends_with("index.html") {
            let doc = html(&String::from_utf8(bytes).unwrap());
            assert!(select(&doc, "audio").is_empty() && only_search_script(&doc), "{path}");
        }
    }
    // A pattern: every episode with a number gets its URL and a player that loads the script.
    let site = audio_site("");
    site.write("content/nonumber.txt", "00:00:00 An episode with no number at all.\n00:00:10 Still none.\n");
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("nonumber.txt: no audio: [podcast] audio_url needs {number}"), "{}", run.stderr);
    let mut with_audio = 0;
    for (_, bytes) in tree(&site.out("api/episodes")) {
        let ep: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let doc = html(&site.read(&format!("episodes/{}/index.html", ep["slug"].as_str().unwrap())));
        let Some(n) = ep["number"].as_u64() else {
            assert!(select(&doc, "audio").is_empty() && only_search_script(&doc));
            continue;
        };
        with_audio += 1;
        let src = select(&doc, "audio#player source")[0].value().attr("src").unwrap().to_string();
        assert_eq!(src, format!("/pod/audio/{n:03}.wav"));
        assert_eq!(select(&doc, "audio#player track[kind=captions]").len(), 1);
        assert_eq!(select(&doc, "script[src='/pod/player.js']").len(), 1);
        assert_eq!(ep["audio_url"], format!("/pod/audio/{n:03}.wav"));
    }
    assert_eq!(with_audio, 2);
    // The enclosure's length is the generated file's size.
    let feed = feed_rs::parser::parse(&std::fs::read(site.out("feed.xml")).unwrap()[..]).unwrap();
    let sizes: Vec<Option<u64>> =
        feed.entries.iter().flat_map(|e| e.media.iter().flat_map(|m| m.content.iter().map(|c| c.size))).collect();
    assert_eq!(sizes, vec![Some(wav(150).len() as u64); 2]);

    // A wrong placeholder is a configuration error with its line.
    let bad = Site::new("title = \"x\"\n\n[podcast]\naudio_url = \"https://cdn.example.com/{episode}.mp3\"\n");
    let run = bad.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("shownotes.toml:4:") && run.stderr.contains("unknown placeholder `{episode}`"),
        "{}",
        run.stderr
    );
}
