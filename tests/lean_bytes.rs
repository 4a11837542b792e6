//! Lean output bytes (issue 22, requirement 4), through the real binary: the episode
//! page's transcript with little markup per cue (a bare span with its anchor and a link
//! to it, no classes) that still gives every cue its anchor and timestamp link; a topic
//! said in passing in many episodes lists the newest fifty and links the search for the
//! rest (all of them stay in `api/topics.json`).

mod common;
use common::*;

/// Seed 000 (Python Bytes 282): every cue of the page is a `span` whose first child is
/// its timestamp link, the first cue of each second carries the anchor the link points
/// at, and the markup around the words is at most 48 bytes a cue (it was about 70: a
/// `span class="cue"` and an `a class="time"` each), and quotes are not escaped in text.
#[test]
fn each_cue_is_a_bare_span_with_its_anchor_and_link() {
    let site = seed_site("title = \"Python Bytes\"\n[search]\nenabled = false\n");
    site.build_ok(&[]);
    let mut all = 0;
    for ep in site.episodes_by_number().values() {
        let slug = ep["slug"].as_str().unwrap();
        all += check_cues(&site, slug);
        // The description once for search engines and once for Open Graph, which X reads
        // too: its own title and description tags would only repeat them.
        let doc = html(&site.read(&format!("episodes/{slug}/index.html")));
        for (css, n) in [
            ("meta[name=description]", 1),
            ("meta[property='og:description']", 1),
            ("meta[property='og:title']", 1),
            ("meta[name='twitter:card']", 1),
            ("meta[name='twitter:title']", 0),
            ("meta[name='twitter:description']", 0),
        ] {
            assert_eq!(select(&doc, css).len(), n, "{slug}: {css}");
        }
    }
    assert!(all > 300, "{all} cues");
}

/// The checks above on one episode page; its number of cues.
fn check_cues(site: &Site, slug: &str) -> usize {
    let page = site.read(&format!("episodes/{slug}/index.html"));
    let doc = html(&page);
    let cues = select(&doc, ".transcript p > span:not(.speaker)");
    let segments = site.json(&format!("episodes/{slug}/transcript.json"))["segments"].as_array().unwrap().clone();
    assert_eq!(cues.len(), segments.len(), "one span per cue of transcript.json");
    let mut ids = 0;
    for (c, s) in cues.iter().zip(&segments) {
        assert_eq!(c.value().attr("class"), None, "no class per cue");
        let a = c.children().find_map(scraper::ElementRef::wrap).expect("a timestamp link first");
        assert_eq!(a.value().name(), "a");
        let start = s["startTime"].as_u64().unwrap();
        assert_eq!(a.value().attr("href"), Some(format!("#t-{start}").as_str()));
        let stamp = text(&a);
        assert_eq!(stamp, format!("{:02}:{:02}:{:02}", start / 3600, start / 60 % 60, start % 60));
        // What a reader sees: the stamp, then the words of the cue.
        assert_eq!(
            text(c),
            format!("{stamp} {}", s["body"].as_str().unwrap().split_whitespace().collect::<Vec<_>>().join(" "))
        );
        if let Some(id) = c.value().id() {
            assert_eq!(id, format!("t-{start}"));
            ids += 1;
        }
    }
    // Every second that starts a cue has its anchor (the targets of the links), once.
    let seconds: std::collections::BTreeSet<u64> = segments.iter().map(|s| s["startTime"].as_u64().unwrap()).collect();
    assert_eq!(ids, seconds.len());

    // The markup of each cue around its words (escaped as the page escapes text).
    let escaped = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let markup: usize = cues.iter().map(|c| c.html().len() - escaped(&c.text().collect::<String>()).len()).sum();
    let per_cue = markup as f64 / cues.len() as f64;
    assert!(per_cue <= 48.0, "{slug}: {per_cue} bytes of markup per cue");
    cues.len()
}

/// A topic (from `topics.toml`) discussed in three episodes and said once in 57 more:
/// its page lists the newest fifty passing mentions, counts the other seven and links the
/// search for them; `api/topics.json` still lists all 57.
#[test]
fn a_topic_said_in_passing_everywhere_lists_fifty_and_links_the_search() {
    let site = Site::new("title = \"Islands\"\n");
    site.write("topics.toml", "[[topic]]\nname = \"Zanzibar\"\n");
    let filler = [
        "we talked about the weather on the coast this week",
        "the ferry schedule changed again and nobody was told",
        "my neighbour keeps bees and sells the honey at the market",
        "there is a new library in town with a reading garden",
        "the school put on a play about the history of the harbour",
        "someone found an old map in the attic of the post office",
    ];
    for n in 1..=60u32 {
        let mut t = String::new();
        for i in 0..36u32 {
            let said = if n <= 3 && i % 3 == 0 {
                format!("Zanzibar again: the spice markets of Zanzibar and its old stone town, part {i}.")
            } else if n > 3 && i == 20 {
                "I once had a postcard from Zanzibar on my fridge.".to_string()
            } else {
                format!(
                    "{} and {}.",
                    filler[(i + n) as usize % filler.len()],
                    filler[(i * 7 + n) as usize % filler.len()]
                )
            };
            t.push_str(&format!("00:{:02}:{:02} {said}\n", i * 20 / 60, i * 20 % 60));
        }
        site.write(&format!("content/{n:03}-episode-{n}.txt"), t);
    }
    site.build_ok(&[]);
    let topics = site.json("api/topics.json");
    let z = topics.as_array().unwrap().iter().find(|t| t["name"] == "Zanzibar").expect("a Zanzibar topic");
    let slug = z["slug"].as_str().unwrap();
    assert_eq!(z["episodes"].as_array().unwrap().len(), 3, "{z}");
    let passing = z["also_mentioned"].as_array().unwrap().len();
    assert_eq!(passing, 57, "{z}");

    let doc = html(&site.read(&format!("topics/{slug}/index.html")));
    let listed = select(&doc, "ul.also > li");
    assert_eq!(listed.len(), 50);
    // The newest first: episode 60 down to 11.
    assert!(text(&listed[0]).starts_with("#60 "), "{}", text(&listed[0]));
    assert!(text(&listed[49]).starts_with("#11 "), "{}", text(&listed[49]));
    let more = select(&doc, "ul.also + p.meta");
    assert_eq!(more.len(), 1);
    assert_eq!(text(&more[0]), "And 7 older episodes mention Zanzibar in passing: search for them.");
    let link = select(&doc, "ul.also + p.meta a");
    assert_eq!(link[0].value().attr("href"), Some("/search/?q=Zanzibar"));
    // Three episodes discuss it: its feed (three is the least for one).
    assert!(site.out(&format!("topics/{slug}/feed.xml")).exists());
}
