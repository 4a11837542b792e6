//! Discussed means discussed (issue 19, requirement 5): a topic page lists an episode as
//! discussing a thing only for sustained talk (several mentions over minutes, or the
//! thing named in the title); one passing sentence is "also mentioned". Ad reads make no
//! topic, mention or quoted moment, and the sponsors page lists each sponsor once.

mod common;
use common::*;

/// A sponsor read, announced a minute before its ad phrasing, whose copy names Django and
/// Flask (neither is talked about here) far from the ad phrasing.
const READ: &[&str] = &[
    "Before we move on, let me tell you about Acme Cloud.",
    "Whether you deploy Django or Flask, Django apps or anything else, it scales for you.",
    "They host Python apps and keep them running all night long.",
    "Deploying gets simple and the servers look after themselves.",
    "Try Acme Cloud with a free trial at theshow.fm/acme and tell them we sent you.",
];

fn site() -> Site {
    let site = Site::new(SHOW_CONFIG);
    let with_read = |before: &[&'static str], after: &[&'static str]| -> Vec<&'static str> {
        before.iter().chain(READ).chain(after).copied().collect()
    };
    let eps: Vec<(u32, &str, Vec<&str>)> = vec![
        // Textual, said five times over three minutes: discussed.
        (
            1,
            "ep",
            with_read(
                &[
                    "Our first item is Textual, a framework for terminal apps.",
                    "",
                    "Textual draws widgets in the terminal with CSS.",
                    "",
                    "The new Textual release adds a command palette.",
                    "",
                    "And Textual apps can run in a browser too.",
                    "",
                    "So that's Textual for this week.",
                ],
                &["", "", ""],
            ),
        ),
        // Textual said three times over a minute and a half: discussed.
        (
            2,
            "ep",
            with_read(
                &[
                    "Let's talk about Textual again, people asked.",
                    "",
                    "",
                    "",
                    "Textual has a new layout engine.",
                    "",
                    "",
                    "That is why I like Textual.",
                ],
                &["", "", ""],
            ),
        ),
        // Textual in one passing sentence: mentioned.
        (3, "ep", with_read(&["", "", "It looks a bit like Textual, by the way.", "", ""], &["", "", ""])),
        (
            4,
            "ep",
            with_read(
                &[
                    "My pick is Polars, the data frame library.",
                    "",
                    "I find that Polars is lazy when you ask it to be.",
                    "",
                    "And Polars reads CSV quickly.",
                    "",
                    "In short, Polars is worth a look.",
                ],
                &["", "", ""],
            ),
        ),
        // Named in the title, said once: the episode's subject, discussed.
        (5, "all-about-polars", vec!["", "We start with Polars, the data frame library.", "", "", ""]),
        // Django talked about at length, with no read.
        (
            6,
            "ep",
            vec![
                "Today is all Django: the Django 5 release.",
                "",
                "Django now has database defaults.",
                "",
                "The Django admin looks better too.",
                "",
                "And Django forms got simpler.",
                "",
                "Django, Django, Django.",
                "",
                "Polars came up last time too, Polars.",
            ],
        ),
    ];
    for (n, slug, talk) in eps {
        site.write(&format!("content/{n:03}-{slug}.txt"), show_episode(n, &talk));
    }
    site
}

fn topic<'a>(index: &'a serde_json::Value, slug: &str) -> Option<&'a serde_json::Value> {
    index.as_array().unwrap().iter().find(|t| t["slug"] == slug)
}

fn numbers(list: &serde_json::Value) -> Vec<u64> {
    list.as_array().unwrap().iter().map(|e| e["number"].as_u64().unwrap()).collect()
}

#[test]
fn sustained_talk_is_discussed_and_a_passing_sentence_is_mentioned() {
    let site = site();
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    let textual = topic(&index, "textual").unwrap_or_else(|| panic!("no Textual page: {index}"));
    assert_eq!(numbers(&textual["episodes"]), vec![2, 1], "{textual}");
    assert_eq!(numbers(&textual["also_mentioned"]), vec![3], "{textual}");
    // The page says so: two episodes discuss it, one mentions it in passing.
    let page = html(&site.read("topics/textual/index.html"));
    let discussed: Vec<String> = select(&page, "#topic-episodes li.episode h3").iter().map(text).collect();
    assert_eq!(discussed.len(), 2, "{discussed:?}");
    let also: Vec<String> = select(&page, "ul.also li").iter().map(text).collect();
    assert!(also.len() == 1 && also[0].contains("#3"), "{also:?}");

    // The title names the subject: said once, still what the episode is about.
    let polars = topic(&index, "polars").unwrap_or_else(|| panic!("no Polars page: {index}"));
    let discussing = numbers(&polars["episodes"]);
    assert!(discussing.contains(&5) && discussing.contains(&4), "{polars}");
}

#[test]
fn ad_reads_make_no_topic_mention_or_moment() {
    let site = site();
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    // Django is said in every read and discussed in episode 6 only: the reads' episodes
    // are on its page neither as discussing it nor as mentioning it.
    let django = topic(&index, "django").unwrap_or_else(|| panic!("no Django page: {index}"));
    assert_eq!(numbers(&django["episodes"]), vec![6], "{django}");
    assert_eq!(numbers(&django["also_mentioned"]), Vec::<u64>::new(), "{django}");
    let page = site.read("topics/django/index.html");
    assert!(!page.contains("Acme") && !page.contains("scales for you"), "a read quoted on the Django page");
    // Flask is said only in the reads: no page.
    assert!(topic(&index, "flask").is_none(), "Flask has a page from ad copy: {index}");
    for (n, ep) in site.episodes_by_number() {
        for t in ep["topics"].as_array().unwrap() {
            let name = t["name"].as_str().unwrap();
            assert!(!name.contains("Acme") && !name.contains("Flask"), "episode {n} lists {name:?}");
            if n < 5 {
                assert_ne!(name, "Django", "episode {n} lists the read's copy");
            }
        }
    }
    // The sponsors page lists the sponsor, once, with the four episodes it sponsored.
    let sponsors = html(&site.read("sponsors/index.html"));
    let names: Vec<String> = select(&sponsors, "h2").iter().map(text).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("Acme Cloud"), "{names:?}");
    let page = site.read("sponsors/index.html");
    for n in 1..=4 {
        assert!(page.contains(&format!("/episodes/{n:03}-ep/")), "episode {n} is not on the sponsors page");
    }
}
