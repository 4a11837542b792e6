//! The index lists things, not ordinary words (issue 19, requirement 3): an ordinary
//! English word is never a topic page unless the catalogue introduces it as a name ("a
//! library called Rich"). Capitalised in one episode ("the State app"), said inside
//! other names ("JS Party", "Titus Scripts") or said all the time ("state", "script",
//! "party"), it is the word, and no page; the names that hold it keep theirs.

mod common;
use common::*;

const JS_PARTY: &[&str] = &[
    "I was on JS Party this week, the JavaScript show.",
    "",
    "JS Party had a great panel on build tools.",
    "",
    "Everyone on JS Party loves a good debate.",
    "",
    "So go listen to JS Party.",
    "",
];
const TITUS: &[&str] = &[
    "Titus Scripts came out with a new release.",
    "",
    "Titus Scripts now runs on every shell.",
    "",
    "I moved all my deploys to Titus Scripts.",
    "",
    "Titus Scripts is worth a try.",
    "",
];
/// An ordinary word introduced as a name.
const RICH: &[&str] = &[
    "There's a library called Rich for terminal output.",
    "",
    "Rich draws tables and progress bars.",
    "",
    "I use Rich in every script I write now.",
    "",
    "Rich also does syntax highlighting.",
    "",
];
/// Ordinary words, said in every episode.
const WORDS: &[&str] = &[
    "We had a birthday party on Saturday, a big party.",
    "",
    "The state of my garden is not great.",
    "",
    "I wrote a little script to water it, a shell script.",
    "",
    "The party went late, and the state of the kitchen after the party!",
    "",
];
/// "State" capitalised as if a name, in one episode, never introduced as one.
const STATE_APP: &[&str] = &[
    "My favourite thing is the State app on my phone.",
    "",
    "With State on, every light in the house follows me.",
    "",
    "I turned State on for the whole house.",
    "",
    "So State is why I bought the lights.",
    "",
];

fn site() -> Site {
    let site = Site::new(SHOW_CONFIG);
    for n in 1..=12u32 {
        let mut talk: Vec<&str> = match n % 3 {
            1 => JS_PARTY.to_vec(),
            2 => TITUS.to_vec(),
            _ => RICH.to_vec(),
        };
        talk.extend(WORDS);
        if n == 12 {
            talk.extend(STATE_APP);
        }
        site.write(&format!("content/{n:03}-ep.txt"), show_episode(n, &talk));
    }
    site
}

fn names(index: &serde_json::Value) -> Vec<String> {
    index.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_lowercase()).collect()
}

#[test]
fn ordinary_words_are_no_pages_and_the_names_that_hold_them_are() {
    let site = site();
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    let names = names(&index);
    for word in ["party", "script", "scripts", "state", "garden", "kitchen"] {
        assert!(!names.iter().any(|n| n == word), "an ordinary word has a page: {word:?} in {names:?}");
        assert!(!site.out(&format!("topics/{word}/index.html")).exists(), "topics/{word}/ was written");
    }
    // The names that hold the words keep their pages, with the episodes about them.
    for (name, first) in [("js party", 1u64), ("titus scripts", 2), ("rich", 3)] {
        let t = index
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"].as_str().unwrap().to_lowercase() == name)
            .unwrap_or_else(|| panic!("no page for {name}: {names:?}"));
        let eps: Vec<u64> = t["episodes"].as_array().unwrap().iter().map(|e| e["number"].as_u64().unwrap()).collect();
        assert_eq!(eps.len(), 4, "{name}: {t}");
        assert!(eps.contains(&first), "{name}: {t}");
    }
    // Episode pages do not link the word to a page either.
    for (n, ep) in site.episodes_by_number() {
        for t in ep["topics"].as_array().unwrap() {
            let slug = t["slug"].as_str().unwrap_or("");
            assert!(!["party", "script", "state"].contains(&slug), "episode {n} links {slug:?}");
        }
    }
}
