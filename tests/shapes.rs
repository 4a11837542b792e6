//! Every other input shape: Changelog markdown transcripts, WebVTT and SRT, show notes
//! with front matter paired in every supported way, encodings, the glossary, themes.

mod common;
use common::*;

const NOTES_42: &str = "+++
title = \"Memory profiling, for real\"
date = 2022-05-03
guests = [\"Pablo Galindo\"]
audio_url = \"https://cdn.example.com/42.mp3\"
duration = \"00:31:00\"
+++
# Ignored heading

Sponsored by **us:**

- [**Courses**](https://training.example.com/)

**Brian #1:** [**Memray**](https://github.com/bloomberg/memray)

- A memory profiler, via [Pablo](https://example.com/pablo)

**Michael #2:** [**pytest-parallel: run tests in parallel**](https://pypi.org/project/pytest-parallel/)

| flag | meaning |
| --- | --- |
| `--workers` | processes |

~~old~~ new[^1]

[^1]: A footnote.

```python
print(\"hi\")
```

## Extras

[**not an item**](https://example.com/extra)
";

const TRANSCRIPT_42: &str = "00:00:00 Welcome to the show, this is episode 42, recorded some day. I'm Michael Kennedy.
00:00:05 And I'm Brian Okken.
00:00:10 First up, Memray. Memray is a memory profiler from Bloomberg. I love memray.
00:01:00 Memray has flame graphs. Check it out at github.com/bloomberg/memray.
00:02:00 memray also tracks native allocations.
00:05:00 Next, pytest parallel. pytest-parallel runs tests with threads and processes.
00:05:30 So pytest-parallel is different from xdist.
00:06:00 Thanks everyone.
";

#[test]
fn show_notes_pair_and_drive_metadata_topics_chapters_and_links() {
    let site = Site::new(PB_CONFIG);
    site.write("content/transcripts/042-memory.txt", TRANSCRIPT_42).write("content/notes/042.md", NOTES_42);
    site.build_ok(&[]);
    let ep = site.json("api/episodes/042-memory.json");
    assert_eq!(ep["number"], 42);
    assert_eq!(ep["title"], "Memory profiling, for real", "front matter wins over the heading");
    assert_eq!(ep["date"], "2022-05-03");
    assert_eq!(ep["guests"], serde_json::json!(["Pablo Galindo"]));
    assert_eq!(ep["duration"], 1860);
    assert_eq!(ep["audio_url"], "https://cdn.example.com/42.mp3");
    let topics = ep["topics"].as_array().unwrap();
    // Items first, in the hosts' order, with their URLs; Extras and sponsors are not items.
    assert_eq!(topics[0]["name"], "Memray");
    assert_eq!(topics[0]["url"], "https://github.com/bloomberg/memray");
    assert_eq!(topics[0]["from_notes"], true);
    assert_eq!(topics[1]["name"], "pytest-parallel");
    assert_eq!(topics[1]["from_notes"], true);
    assert!(topics.iter().all(|t| t["name"] != "not an item" && t["name"] != "Courses"));
    let starts = |t: &serde_json::Value| {
        t["mentions"].as_array().unwrap().iter().map(|m| m["start"].as_u64().unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(starts(&topics[0]), vec![10, 60, 120]);
    assert_eq!(starts(&topics[1]), vec![300, 330], "'pytest parallel' and 'pytest-parallel' are one topic");
    // Chapters start where each item's discussion starts.
    let ch: Vec<(String, u64)> = ep["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["title"].as_str().unwrap().to_string(), c["start"].as_u64().unwrap()))
        .collect();
    assert_eq!(ch, vec![("Memray".to_string(), 10), ("pytest-parallel: run tests in parallel".to_string(), 300)]);
    assert_eq!(ep["chapters"][0]["url"], "https://github.com/bloomberg/memray");
    // Links: all show-notes URLs plus the spoken one, attached to topics where known.
    let links = ep["links"].as_array().unwrap();
    let find = |u: &str| links.iter().find(|l| l["url"] == u).unwrap_or_else(|| panic!("no link {u}: {links:?}"));
    assert_eq!(find("https://example.com/pablo")["topic"], "memray");
    assert_eq!(find("https://training.example.com/")["topic"], serde_json::Value::Null);
    assert!(links.iter().any(|l| l["url"] == "https://example.com/extra"));
    // The rendered notes: tables, strikethrough, footnotes, code blocks; no duplicate h1.
    let page = site.read("episodes/042-memory/index.html");
    let doc = html(&page);
    let notes = select(&doc, "section.notes")[0].html();
    for tag in ["<table>", "<del>", "footnote", "<pre><code class=\"language-python\">"] {
        assert!(notes.contains(tag), "notes lack {tag}");
    }
    assert!(!notes.contains("Ignored heading"));
    assert_eq!(select(&doc, "h1").len(), 1);
    let chapter_links: Vec<String> =
        select(&doc, ".chapters a.time").iter().map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(chapter_links, vec!["#t-10", "#t-300"]);
    // The topic page shows the canonical link.
    let tp = site.read("topics/memray/index.html");
    assert!(tp.contains("href=\"https://github.com/bloomberg/memray\""));
}

#[test]
fn known_topics_are_found_in_episodes_without_show_notes() {
    let site = Site::new(PB_CONFIG);
    site.write("content/042-memory.txt", TRANSCRIPT_42).write("content/042-memory.md", NOTES_42);
    // Episode 43 has no show notes but talks about Memray.
    site.write("content/043-later.txt", "00:00:00 This is episode 43.\n00:01:40 We covered memray before; memray's new release is out.\n00:02:00 Also the Zen of Python.\n");
    site.write("topics.toml", "[[topic]]\nname = \"Zen of Python\"\naliases = [\"import this\"]\nurl = \"https://peps.python.org/pep-0020/\"\ndescription = \"Guiding principles.\"\n");
    site.build_ok(&[]);
    let ep = site.json("api/episodes/043-later.json");
    let t = ep["topics"].as_array().unwrap();
    let memray = t.iter().find(|t| t["slug"] == "memray").expect("memray found in an episode without notes");
    assert_eq!(memray["mentions"], serde_json::json!([{"start": 100}]));
    assert_eq!(memray["from_notes"], false);
    let zen = t.iter().find(|t| t["slug"] == "zen-of-python").expect("glossary topic found");
    assert_eq!(zen["mentions"], serde_json::json!([{"start": 120}]));
    let page = site.read("topics/zen-of-python/index.html");
    assert!(page.contains("Guiding principles."));
    // Most discussed first (42 says it more); each carries its place newest first, for
    // the page's sort buttons.
    let memray_page = html(&site.read("topics/memray/index.html"));
    let eps: Vec<String> = select(&memray_page, "li.episode h3").iter().map(text).collect();
    assert_eq!(eps.len(), 2);
    assert!(eps[0].starts_with("#42"), "most discussed first: {eps:?}");
    let newest: Vec<&str> =
        select(&memray_page, "li.episode").iter().map(|li| li.value().attr("data-newest").unwrap()).collect();
    assert_eq!(newest, vec!["1", "0"], "#43 is the newest");
    assert_eq!(select(&memray_page, "p.order button[data-sort=newest]").len(), 1);
}

#[test]
fn changelog_markdown_transcripts() {
    let site = Site::new("title = \"Go Time\"\nhosts = [\"Johnny Boursiquot\"]\n");
    site.copy("tests/fixtures/changelog/gotime-104.md", "content/gotime-104.md");
    site.build_ok(&[]);
    let ep = site.json("api/episodes/gotime-104.json");
    assert_eq!(ep["number"], 104, "trailing number of the file name");
    assert_eq!(ep["hosts"], serde_json::json!(["Johnny Boursiquot"]));
    assert_eq!(ep["guests"], serde_json::json!(["Marty Schoch"]));
    let page = site.read("episodes/gotime-104/index.html");
    let doc = html(&page);
    let speakers: Vec<String> = select(&doc, ".speaker").iter().map(text).collect();
    assert_eq!(&speakers[..2], &["Johnny Boursiquot".to_string(), "Marty Schoch".to_string()]);
    assert!(!page.contains("Break"), "break markers are not speech");
    assert!(!page.contains("\\["), "markdown escapes removed");
    assert!(page.contains("id=\"t-239\""), "sparse \\[03:59\\] stamp becomes an anchor");
    // Paragraphs between the sparse stamps have estimated times, not the last stamp's.
    assert!(page.contains("class=\"estimated\" title=\"estimated time\""), "estimated times are marked");
    let topics: Vec<&str> = ep["topics"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(topics.contains(&"Couchbase"), "{topics:?}");
    // A one-episode show still has its names as topics, each with every mention. (This
    // excerpt said Bleve in four cues minutes apart: with the cues no longer stacked on
    // two stamps, the ranking no longer takes it for the episode's subject.)
    let index = site.json("api/topics.json");
    let couchbase = index.as_array().unwrap().iter().find(|t| t["name"] == "Couchbase").expect("a Couchbase page");
    assert_eq!(couchbase["episodes"][0]["mention_count"], 4, "{couchbase}");
}

#[test]
fn vtt_and_srt_transcripts() {
    let site = Site::new(PB_CONFIG);
    site.copy("tests/fixtures/vtt/024-local-pypi.vtt", "content/024-local-pypi.vtt");
    site.write(
        "content/300-voices.vtt",
        "WEBVTT\n\nNOTE made by hand\n\n00:00:01.000 --> 00:00:04.000\n<v Michael Kennedy>Welcome, this is episode 300.</v>\n\n00:01:20.500 --> 00:01:24.000\n<v Brian Okken>Let's talk about <b>Textual</b> &amp; Rich.</v>\n",
    );
    site.write("content/301-subs.srt", "1\r\n00:00:01,000 --> 00:00:03,000\r\nThis is episode 301.\r\n\r\n2\r\n00:02:05,000 --> 00:02:09,000\r\nTextual apps in the terminal.\r\n");
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    assert_eq!(eps.keys().copied().collect::<Vec<_>>(), vec![24, 300, 301]);
    assert_eq!(eps[&24]["date"], "2017-05-02", "\"recorded on May 2nd, 2017\"");
    let p300 = html(&site.read("episodes/300-voices/index.html"));
    let sp: Vec<String> = select(&p300, ".speaker").iter().map(text).collect();
    assert_eq!(sp, vec!["Michael Kennedy", "Brian Okken"]);
    let cue = select(&p300, "#t-80").first().map(text).unwrap();
    assert_eq!(cue, "00:01:20 Let's talk about Textual & Rich.");
    let p301 = html(&site.read("episodes/301-subs/index.html"));
    assert_eq!(select(&p301, "#t-125").first().map(text).unwrap(), "00:02:05 Textual apps in the terminal.");
}

#[test]
fn encodings_bom_crlf_and_latin1() {
    let site = Site::new(PB_CONFIG);
    site.write("content/001-bom.txt", b"\xEF\xBB\xBF00:00:00 This is episode 1.\r\n\r\n00:00:05 Caf\xC3\xA9 talk.\r\n");
    site.write("content/002-latin1.txt", b"00:00:00 This is episode 2.\n00:00:07 Caf\xe9 cr\xe8me br\xfbl\xe9e.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("002-latin1.txt") && run.stderr.contains("Windows-1252"), "{}", run.stderr);
    let p1 = site.read("episodes/001-bom/index.html");
    assert!(p1.contains("Café talk."));
    let p2 = site.read("episodes/002-latin1/index.html");
    assert!(p2.contains("Café crème brûlée."));
    // --strict turns the warning into a failure for CI.
    assert_eq!(site.build(&["--strict"]).code, 1);
}

#[test]
fn notes_only_episodes_and_folder_per_episode() {
    let site = Site::new(PB_CONFIG);
    site.write(
        "content/ep-one/transcript.srt",
        "1\n00:00:01,000 --> 00:00:03,000\nHello from episode one hundred and twelve.\n",
    );
    site.write(
        "content/ep-one/notes.md",
        "+++\nnumber = 112\n+++\n# Folder episode\n\n**#1:** [**Textual**](https://github.com/Textualize/textual)\n",
    );
    site.write(
        "content/bonus.md",
        "+++\ntitle = \"Bonus: live Q&A\"\ndate = 2023-01-01\n+++\nNo transcript for this one.\n",
    );
    site.build_ok(&[]);
    let folder = site.json("api/episodes/ep-one.json");
    assert_eq!(folder["number"], 112);
    assert_eq!(folder["title"], "Folder episode");
    assert_eq!(folder["topics"][0]["name"], "Textual");
    let bonus = site.json("api/episodes/bonus.json");
    assert_eq!(bonus["title"], "Bonus: live Q&A");
    assert_eq!(bonus["number"], serde_json::Value::Null);
    assert!(site.read("episodes/bonus/index.html").contains("No transcript for this one."));
}

#[test]
fn site_templates_override_the_builtin_theme_by_name() {
    let site = seed_site(PB_CONFIG);
    site.write("templates/topic.html", "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">{{ topic.name }} / {{ episodes | length }}</p>{% endblock content %}");
    site.write("static/extra.css", "body{}");
    site.build_ok(&[]);
    // Whichever topic the index lists first is rendered through the site's template.
    let all = site.json("api/topics.json");
    let first = &all[0];
    let (name, slug, count) =
        (first["name"].as_str().unwrap(), first["slug"].as_str().unwrap(), first["episode_count"].as_u64().unwrap());
    let page = site.read(&format!("topics/{slug}/index.html"));
    let expected = format!("<p id=\"custom\">{} / {count}</p>", html_escape::encode_text(name));
    assert!(page.contains(&expected), "{expected} not in {page}");
    assert!(site.out("extra.css").exists() && site.out("style.css").exists());
    assert!(site.read("index.html").contains("class=\"episodes\""), "other templates stay built in");
}

#[test]
fn a_theme_that_prints_the_transcript_itself_gets_its_paragraphs() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let slug = site.episodes_by_number()[&217]["slug"].as_str().unwrap().to_string();
    let page_of = |site: &Site| site.read(&format!("episodes/{slug}/index.html"));
    let built_in = page_of(&site);
    site.write(
        "templates/episode.html",
        "{% for p in episode.paragraphs %}<div class=\"mine\">{% for c in p.cues %}<b id=\"{{ c.id }}\">{{ c.text }}</b>{% endfor %}</div>{% endfor %}",
    );
    site.build_ok(&[]);
    let page = html(&page_of(&site));
    let cues = select(&page, "div.mine b");
    // The same cues as the built-in theme's transcript, through the theme's own markup.
    assert_eq!(
        cues.len(),
        html(&built_in).select(&scraper::Selector::parse(".transcript p > span:not(.speaker)").unwrap()).count()
    );
    assert!(cues.len() > 100);
}

/// Chapter starts on seed 000 (Python Bytes 282), annotated by hand from the transcript
/// (the hand-off line is the start): PyScript from 00:00:13 ("So, let's kick it off. ...
/// let's get into it."; Brian names it at 00:00:33), Memray from 00:09:13 ("called
/// memory, like memory, but memory. It is a memory profile"), pytest-parallel from
/// 00:15:49 ("I want to bring up a PI test tool"), Pooch from 00:20:42 ("this thing
/// called hooch"), the Extras from 00:25:01 ("I don't have any extras today. Do you have
/// any extra ...?"). The glossary maps the speech-to-text spellings.
#[test]
fn chapters_start_where_each_item_is_discussed() {
    let site = Site::new(PB_CONFIG);
    site.copy("content/000_a09f45d5618a526f.txt", "content/282/transcript.txt");
    site.write(
        "content/282/notes.md",
        "**Brian #1:** [**pyscript**](https://pyscript.net)\n\n- Python in the browser\n\n**Michael #2:** [**Memray**](https://github.com/bloomberg/memray)\n\n**Brian #3:** [**pytest-parallel**](https://pypi.org/project/pytest-parallel/)\n\n**Michael #4:** [**Pooch: A friend to fetch your data files**](https://www.fatiando.org/pooch)\n",
    );
    site.write(
        "topics.toml",
        "[[topic]]\nname = \"Memray\"\naliases = [\"memory profile\"]\n\n[[topic]]\nname = \"Pooch\"\naliases = [\"hooch\"]\n",
    );
    site.build_ok(&[]);
    let ep = site.json("api/episodes/282.json");
    assert_eq!(ep["number"], 282);
    let ch: Vec<(String, u64)> = ep["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["title"].as_str().unwrap().to_string(), c["start"].as_u64().unwrap()))
        .collect();
    let annotated = vec![
        ("pyscript".to_string(), 13),
        ("Memray".to_string(), 9 * 60 + 13),
        ("pytest-parallel".to_string(), 15 * 60 + 49),
        ("Pooch: A friend to fetch your data files".to_string(), 20 * 60 + 42),
        ("Extras".to_string(), 25 * 60 + 1),
    ];
    assert_eq!(ch, annotated);
    // "pi script", "py script" and "pyscript" are one topic with every moment.
    let py = ep["topics"].as_array().unwrap().iter().find(|t| t["slug"] == "pyscript").unwrap();
    let starts: Vec<u64> = py["mentions"].as_array().unwrap().iter().map(|m| m["start"].as_u64().unwrap()).collect();
    assert!(starts.starts_with(&[33, 80]) && starts.contains(&1242), "{starts:?}");
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = Site::new(PB_CONFIG);
    site.write("content/050-live.txt", "00:00:00 This is episode 50.\n");
    site.write("content/051-wip.txt", "00:00:00 This is episode 51.\n");
    site.write("content/051-wip.md", "+++\ndraft = true\n+++\nNot ready.\n");
    site.build_ok(&[]);
    assert!(site.out("episodes/050-live/index.html").exists());
    assert!(!site.out("episodes/051-wip").exists());
    site.build_ok(&["--drafts"]);
    assert!(site.out("episodes/051-wip/index.html").exists());
}
