//! Lean output, issue 22 (second round), through the real binary: the search index holds
//! one fragment file per episode and none per topic (a topic is found by name in
//! `topics/names.json`, which lists every topic of the site with its page), so topics do
//! not add to the index's files; and the JSON API is compact, holding the same data.

mod common;
use common::*;

/// Every file under `dir` of the output, relative to it.
fn files_under(site: &Site, dir: &str) -> Vec<String> {
    tree(&site.out(dir)).into_keys().collect()
}

#[test]
fn topics_add_no_file_to_the_search_index_and_are_listed_by_name() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let fragments: Vec<String> =
        files_under(&site, "pagefind").into_iter().filter(|f| f.starts_with("fragment/")).collect();
    let topics = site.json("api/topics.json");
    let topics = topics.as_array().unwrap();
    assert!(topics.len() > SEEDS.len(), "the sample site has more topics than episodes: {}", topics.len());
    assert_eq!(fragments.len(), SEEDS.len(), "one fragment per episode, none per topic: {fragments:?}");

    // The list the search box finds topics in: every topic, by name, with a page.
    let names = site.json("topics/names.json");
    let names = names.as_array().unwrap();
    assert_eq!(names.len(), topics.len());
    for t in topics {
        let slug = t["slug"].as_str().unwrap();
        let row = names.iter().find(|n| n[1] == slug).unwrap_or_else(|| panic!("{slug} is not in names.json"));
        assert_eq!(row[0], t["name"], "{slug}");
        assert_eq!(row[2], t["episode_count"], "{slug}");
        assert!(site.out(&format!("topics/{slug}/index.html")).is_file(), "{slug} has no page");
    }
    // The search box reads that list from the site's root (under a sub-path too).
    let script = site.read("search.js");
    assert!(script.contains("root + \"topics/names.json\""), "search.js does not read the topic list");
}

#[test]
fn the_json_api_is_compact() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let mut paths = vec!["api/topics.json".to_string()];
    paths.extend(files_under(&site, "api/episodes").into_iter().map(|f| format!("api/episodes/{f}")));
    assert_eq!(paths.len(), 1 + SEEDS.len());
    for p in paths {
        let raw = site.read(&p);
        let value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{p}: {e}"));
        // (A line break inside a JSON string is written `\n`: a raw one is indentation.)
        assert!(!raw.contains('\n'), "{p} is indented");
        assert!(value.is_object() || value.as_array().is_some_and(|a| !a.is_empty()), "{p}");
    }
}
