//! Issue 19, requirements 2 and 4, through the real CLI on `tests/fixtures/names`: twelve
//! episodes of "Deploy Friday", a made-up show with no `title` set (it opens "Welcome to
//! Deploy Friday" and sends listeners to deployfriday.fm). Its people (the hosts Wendell
//! Marsh and Orla Quist, Kiran Bose who joins some episodes and is talked about in all,
//! the guest Rich Tamura) are persons, not topics; the show's own name and address are no
//! topic either, nor a chapter title; "Rich", the terminal library introduced as one
//! ("a library called Rich", "pip install rich"), keeps its page although Rich is also a
//! guest's first name; "Fly" and "Fly.io", said in the same episodes, are one page.

mod common;
use common::*;

fn site(config: &str) -> Site {
    let site = Site::new(config);
    let dir = repo().join("tests/fixtures/names");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        site.write(&format!("content/{name}"), std::fs::read_to_string(&f).unwrap());
    }
    site
}

fn pages(site: &Site) -> Vec<(String, String, usize)> {
    let index = site.json("api/topics.json");
    index
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_lowercase(),
                t["slug"].as_str().unwrap().to_string(),
                t["episodes"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

/// Every word a listener reads as a topic or chapter title of an episode page, lower case.
fn episode_words(site: &Site) -> Vec<(u64, Vec<String>, Vec<String>)> {
    site.episodes_by_number()
        .into_iter()
        .map(|(n, ep)| {
            let topics =
                ep["topics"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_lowercase()).collect();
            let chapters = ep["chapters"]
                .as_array()
                .map(|c| c.iter().map(|c| c["title"].as_str().unwrap().to_lowercase()).collect())
                .unwrap_or_default();
            (n, topics, chapters)
        })
        .collect()
}

const PEOPLE: &[&str] = &["wendell", "marsh", "orla", "quist", "kiran", "bose", "tamura", "rich tamura", "kiran bose"];
const SHOW: &[&str] = &["deploy", "friday", "deploy friday", "deployfriday.fm", "fridays"];

fn check(site: &Site) {
    let pages = pages(site);
    let names: Vec<&str> = pages.iter().map(|p| p.0.as_str()).collect();
    for word in PEOPLE.iter().chain(SHOW) {
        assert!(!names.contains(word), "{word:?} has a page: {names:?}");
    }
    for (n, topics, chapters) in episode_words(site) {
        for word in PEOPLE.iter().chain(SHOW) {
            assert!(!topics.iter().any(|t| t == word), "episode {n} lists {word:?}: {topics:?}");
            assert!(
                !chapters.iter().any(|c| c.split(|ch: char| !ch.is_alphanumeric()).any(|w| w == *word)),
                "a chapter of episode {n} is titled with {word:?}: {chapters:?}"
            );
        }
    }
    // The library called Rich keeps its page, with the eight episodes that introduce it.
    let rich = pages.iter().find(|p| p.0 == "rich").unwrap_or_else(|| panic!("no page for Rich: {names:?}"));
    assert_eq!(rich.2, 8, "Rich: {rich:?}");
    // One page for Fly and Fly.io, listing the eight episodes that talk about it.
    let fly: Vec<&(String, String, usize)> = pages.iter().filter(|p| p.0 == "fly" || p.0 == "fly.io").collect();
    assert_eq!(fly.len(), 1, "Fly and Fly.io are two pages: {names:?}");
    assert_eq!(fly[0].2, 8, "{fly:?}");
    assert!(!site.out("topics/fly-io/index.html").exists() || !site.out("topics/fly/index.html").exists());
    // Every episode that lists it links that one page.
    for (n, ep) in site.episodes_by_number() {
        for t in ep["topics"].as_array().unwrap() {
            let name = t["name"].as_str().unwrap().to_lowercase();
            if name == "fly" || name == "fly.io" {
                assert_eq!(t["slug"].as_str(), Some(fly[0].1.as_str()), "episode {n}: {t}");
            }
        }
    }
    // The hosts are people, with people pages.
    assert!(site.out("people/wendell-marsh/index.html").exists(), "no people page for Wendell Marsh");
}

#[test]
fn the_shows_people_and_own_name_are_no_topics_and_a_split_thing_is_one_page() {
    let site = site("[search]\nenabled = false\n");
    site.build_ok(&[]);
    check(&site);
}

#[test]
fn with_the_title_set_and_the_same_again_from_the_cache() {
    let site = site("title = \"Deploy Friday\"\n[search]\nenabled = false\n");
    site.build_ok(&[]);
    check(&site);
    // A second build reuses every episode's extraction from the cache and says the same.
    site.build_ok(&[]);
    check(&site);
    assert_same_as_clean(&site, "a rebuild from the cache");
}

#[test]
fn a_person_added_in_people_toml_leaves_the_topics_of_a_cached_build() {
    let site = site("[search]\nenabled = false\n");
    site.build_ok(&[]);
    assert!(pages(&site).iter().any(|p| p.0 == "terminal output"), "{:?}", pages(&site));
    // Someone is named so in people.toml: the name is a person's from the next build on,
    // though every episode's extraction is in the cache.
    site.write("people.toml", "[[person]]\nname = \"Terminal Output\"\n");
    site.build_ok(&[]);
    let names: Vec<String> = pages(&site).into_iter().map(|p| p.0).collect();
    assert!(!names.iter().any(|n| n == "terminal output"), "{names:?}");
    for (n, topics, _) in episode_words(&site) {
        assert!(!topics.iter().any(|t| t == "terminal output"), "episode {n}: {topics:?}");
    }
    assert_same_as_clean(&site, "a rebuild after people.toml changed");
}
