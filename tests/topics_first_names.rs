//! Issue 19, requirements 3 and 4 (the index's tail, one page per thing), through the real
//! CLI: eight episodes of "Cask Talk", a made-up show. "Marra" is a listener's first name,
//! said to her ("Thanks for the letter, Marra") or as the start of her full name in
//! episodes 1, 2, 7 and 8; "MarraQL" is a query language said in episodes 1 to 6. A first
//! name said that way has no page, and a person's name never folds into a product, so
//! MarraQL lists its own six episodes only (on the base, Marra folded into MarraQL, as
//! "Maria" into "MariaDB"). "Kelvix", a build tool said as a thing in episodes 3 to 8
//! (once after "thanks"), keeps its page.

mod common;
use common::*;

const FILLER: &[&str] = &[
    "The weather was terrible, so I stayed inside and read.",
    "Somebody asked about our recording setup again.",
    "There was a long queue at the post office on Monday.",
    "I finally finished that long book about lighthouses.",
    "My neighbour is learning the violin, slowly.",
];

/// Episode `n`'s lines, each said by one of the two hosts.
fn episode(n: usize) -> String {
    let mut said: Vec<String> = vec![format!("Welcome to Cask Talk, episode {n}. I'm Ada, and Tom is here with me.")];
    let person = [1, 2, 7, 8].contains(&n);
    let product = (1..=6).contains(&n);
    let tool = (3..=8).contains(&n);
    if person {
        said.push("Marra Quill sent us a long letter about parsers. Thanks for the letter, Marra.".into());
        said.push("Marra Quill maintains the parser that half of us use.".into());
    }
    if product {
        said.push("MarraQL is the query language of the storage engine.".into());
        said.push("I wrote my first MarraQL query on the train.".into());
        said.push("The MarraQL docs have a very good tutorial.".into());
    }
    if tool {
        said.push("Kelvix caches every step of the build.".into());
        said.push("We moved the whole monorepo onto Kelvix last month.".into());
        if n == 5 {
            said.push("Thanks, Kelvix.".into());
        }
    }
    if person {
        said.push("Keep writing in, Marra, we love your mail.".into());
    }
    let mut out = String::new();
    for (i, line) in said.iter().enumerate() {
        let who = if i % 2 == 0 { "Ada Brill" } else { "Tom Reyes" };
        let filler = FILLER[(n + i) % FILLER.len()];
        out.push_str(&format!("**{who}:** \\[{:02}:00\\] {line} {filler}\n\n", i * 2));
    }
    out
}

fn site() -> Site {
    let site = Site::new("title = \"Cask Talk\"\n[search]\nenabled = false\n");
    for n in 1..=8 {
        site.write(&format!("content/{n:03}-cask-talk.md"), episode(n));
    }
    site.build_ok(&[]);
    site
}

#[test]
fn a_first_name_said_to_its_person_has_no_page_and_never_folds_into_a_product() {
    let site = site();
    let pages = topic_pages_lower(&site);
    let names: Vec<&String> = pages.keys().collect();

    assert!(!pages.contains_key("marra"), "a first name has a page: {names:?}");
    // The product keeps its own episodes and no more: the guest's episodes 7 and 8
    // never say it.
    assert_eq!(pages.get("marraql"), Some(&vec![1, 2, 3, 4, 5, 6]), "{pages:?}");
    // A tool said as a thing keeps its page, though once thanked.
    assert_eq!(pages.get("kelvix"), Some(&vec![3, 4, 5, 6, 7, 8]), "{pages:?}");

    // No episode page lists the first name as a topic.
    for (n, ep) in site.episodes_by_number() {
        let topics: Vec<&str> = ep["topics"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
        assert!(!topics.iter().any(|t| t.eq_ignore_ascii_case("marra")), "episode {n}: {topics:?}");
    }
}
