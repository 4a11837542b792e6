//! The search index on disk: every episode is a record whose URL is its page (topics are
//! found by name in `topics/names.json`),
//! every anchor of an episode record is a cue id of that episode's page, the bundle holds
//! Pagefind's search API and not its UIs, every page has the box, and
//! `[search] enabled = false` builds none of it. (What a browser does with it is in
//! tests/browser.rs.)

mod common;
use common::*;
use std::collections::BTreeSet;

/// The JSON records of `pagefind/fragment/`: gzip, then Pagefind's signature, then JSON.
fn fragments(site: &Site) -> Vec<serde_json::Value> {
    fragments_in(site, "pagefind")
}

/// The records of the bundle in `dir` of the output.
fn fragments_in(site: &Site, dir: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for (path, bytes) in tree(&site.out(&format!("{dir}/fragment"))) {
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut raw).unwrap();
        let json = raw.strip_prefix(b"pagefind_dcd".as_slice()).unwrap_or_else(|| panic!("{path}: no signature"));
        out.push(serde_json::from_slice(json).unwrap_or_else(|e| panic!("{path}: {e}")));
    }
    out
}

#[test]
fn every_episode_is_a_record_whose_anchors_are_cues_of_its_page() {
    let site = seed_site(PB_CONFIG);
    site.write("content/000_a09f45d5618a526f.md", "+++\n+++\n**Brian #1:** [**pyscript**](https://pyscript.net)\n");
    site.build_ok(&[]);
    let records = fragments(&site);
    let urls: BTreeSet<String> = records.iter().map(|r| r["url"].as_str().unwrap().to_string()).collect();
    assert_eq!(urls.len(), records.len(), "one record per page");

    let episodes = site.episodes_by_number();
    assert_eq!(episodes.len(), 5);
    for ep in episodes.values() {
        let slug = ep["slug"].as_str().unwrap();
        let url = format!("/episodes/{slug}/");
        let r = records.iter().find(|r| r["url"] == url.as_str()).unwrap_or_else(|| panic!("no record for {url}"));
        assert!(r["meta"]["title"].as_str().unwrap().ends_with(ep["title"].as_str().unwrap()), "{}", r["meta"]);
        // Every anchor is an id of the episode page, and every cue id of the page is an
        // anchor, in order, each titled with its timestamp.
        let page = html(&site.read(&format!("episodes/{slug}/index.html")));
        let cue_ids: Vec<String> =
            select(&page, ".transcript p > span[id]").iter().map(|c| c.value().id().unwrap().to_string()).collect();
        let anchors = r["anchors"].as_array().unwrap();
        let anchor_ids: Vec<&str> =
            anchors.iter().map(|a| a["id"].as_str().unwrap()).filter(|id| id.starts_with("t-")).collect();
        assert_eq!(anchor_ids, cue_ids, "{url}");
        for a in anchors {
            let id = a["id"].as_str().unwrap();
            assert_eq!(select(&page, &format!("#{id}")).len(), 1, "{url}#{id} is not on the page");
            if let Some(t) = id.strip_prefix("t-") {
                let t: u32 = t.parse().unwrap();
                assert_eq!(a["title"], format!("{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60));
            }
        }
        // The words each anchor opens are that cue's words.
        let words: Vec<&str> = r["content"].as_str().unwrap().split_whitespace().collect();
        let first = &anchors[1];
        let cue = select(&page, &format!("#{}", first["id"].as_str().unwrap()))[0];
        let said: String = cue.text().skip(1).collect::<String>();
        let said_first = said.split_whitespace().next().unwrap();
        assert_eq!(words[first["location"].as_u64().unwrap() as usize], said_first, "{url}");
    }
    // Show notes are searched, and a match there opens them.
    let slug = episodes[&282]["slug"].as_str().unwrap();
    let r = records.iter().find(|r| r["url"] == format!("/episodes/{slug}/").as_str()).unwrap();
    let notes = r["anchors"].as_array().unwrap().iter().find(|a| a["id"] == "notes").expect("a notes anchor");
    assert_eq!(notes["title"], "Show notes");
    assert!(r["content"].as_str().unwrap().contains("pyscript"));
    assert_eq!(select(&html(&site.read(&format!("episodes/{slug}/index.html"))), "section#notes").len(), 1);

    // Topics are no records (a fragment file each): the search box finds them by name in
    // the list of every topic, which links each to its page.
    assert_eq!(records.len(), 5, "{urls:?}");
    let topics = site.json("api/topics.json");
    let names = site.json("topics/names.json");
    assert!(!topics.as_array().unwrap().is_empty());
    for t in topics.as_array().unwrap() {
        let listed = names.as_array().unwrap().iter().find(|n| n[1] == t["slug"]);
        let listed = listed.unwrap_or_else(|| panic!("{} is not in topics/names.json", t["slug"]));
        assert_eq!(listed[0], t["name"]);
        assert!(site.out(&format!("topics/{}/index.html", t["slug"].as_str().unwrap())).is_file());
    }
}

#[test]
fn the_bundle_is_the_search_api_and_every_page_has_the_box() {
    let site = seed_site(&format!("{PB_CONFIG}base_url = \"https://example.com/pod/\"\n"));
    site.build_ok(&[]);
    for f in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"] {
        assert!(site.out(&format!("pagefind/{f}")).is_file(), "{f}");
    }
    let files = tree(&site.out("pagefind"));
    assert!(files.keys().any(|f| f.starts_with("index/") && f.ends_with(".pf_index")));
    assert!(
        !files.keys().any(|f| f.contains("-ui") || f.contains("highlight") || f.contains("playground")),
        "{:?}",
        files.keys()
    );
    let entry = site.json("pagefind/pagefind-entry.json");
    assert_eq!(entry["languages"]["en"]["page_count"].as_u64().unwrap() as usize, fragments(&site).len());

    // Every page has the box, a GET form to the search page; the search page has its own.
    // (transcript.html is a transcript file for podcast apps, not a page of the site.)
    let pages = tree(&site.out(""));
    let pages: Vec<(String, Vec<u8>)> =
        pages.into_iter().filter(|(p, _)| p.ends_with(".html") && !p.ends_with("transcript.html")).collect();
    assert!(pages.len() > 20);
    for (path, bytes) in pages {
        let doc = html(&String::from_utf8(bytes).unwrap());
        if path == "search/index.html" {
            assert!(select(&doc, "form[data-search=box]").is_empty());
            let form = select(&doc, "form[data-search=page][role=search]");
            assert_eq!(form.len(), 1);
            assert_eq!(form[0].value().attr("action"), Some("/pod/search/"));
            // (html5ever reads <noscript> as text, as a browser with scripts on does.)
            let fallback = select(&doc, "noscript")[0].inner_html();
            assert!(fallback.contains("needs JavaScript") && fallback.contains("href=\"/pod/topics/\""), "{fallback}");
        } else {
            let form = select(&doc, "header.site form[data-search=box][role=search]");
            assert_eq!(form.len(), 1, "{path}");
            assert_eq!(form[0].value().attr("action"), Some("/pod/search/"), "{path}");
            assert_eq!(form[0].value().attr("method"), Some("get"));
            assert_eq!(select(&doc, "label[for=site-search]").len(), 1, "{path}");
            assert_eq!(select(&doc, "input#site-search[name=q][type=search]").len(), 1, "{path}");
        }
        assert_eq!(select(&doc, "script[src='/pod/search.js'][data-root='/pod/']").len(), 1, "{path}");
    }
    assert!(!site.read("sitemap.xml").contains("/search/"), "the search page is no page to list");
}

#[test]
fn search_can_be_turned_off() {
    let site = seed_site(&format!("{PB_CONFIG}\n[search]\nenabled = false\n"));
    site.build_ok(&[]);
    assert!(!site.out("pagefind").exists());
    assert!(!site.out("search").exists());
    assert!(!site.out("search.js").exists());
    for (path, bytes) in tree(&site.out("")).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("data-search") && !text.contains("search.js"), "{path}");
    }
    let bad = Site::new("[search]\nenabled = \"yes\"\n");
    let run = bad.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("shownotes.toml:2:"), "{}", run.stderr);
}

#[test]
fn a_long_catalogue_is_one_index_that_holds_every_episode_once() {
    let site = long_site(401);
    site.build_ok(&["--quiet"]);
    // One index, whatever the catalogue's length: no shards for the browser to merge.
    assert_eq!(site.read("pagefind/shards.json"), "[]");
    assert!(!tree(&site.out("pagefind")).keys().any(|p| p.starts_with("shard-")));
    assert!(site.out("pagefind/pagefind-entry.json").is_file() && site.out("pagefind/pagefind.js").is_file());
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 401, "{entry}");
    assert_eq!(entry["languages"]["en"]["wasm"], "en", "{entry}");
    let seen: Vec<String> = fragments(&site).iter().map(|r| r["url"].as_str().unwrap().to_string()).collect();
    let episodes: BTreeSet<String> =
        site.episodes_by_number().values().map(|e| format!("/episodes/{}/", e["slug"].as_str().unwrap())).collect();
    assert_eq!(episodes.len(), 401);
    assert_eq!(seen.len(), 401, "one fragment per episode");
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), episodes);

    // The same catalogue builds the same index again (from scratch: not from the cache).
    let first = tree(&site.out("pagefind"));
    std::fs::remove_dir_all(site.root().join(".public.shownotes-cache")).unwrap();
    site.build_ok(&["--quiet", "--jobs", "1"]);
    assert!(first == tree(&site.out("pagefind")), "the index differs between builds");
}
