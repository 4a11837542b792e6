//! Issue 19, requirement 4 (one page per thing), third round, through the real CLI on
//! `tests/fixtures/splits-rules`: ten episodes of "Cask Talk", a made-up show.
//!
//! - A numeronym: "Z8x" is "Zelvarinox" (z, eight letters, x), said in the same episodes:
//!   one page. "Q6n" beside "Quillbarn" (q, seven letters, n) counts wrong: two pages.
//! - A name and its address: "Plindo" (eight episodes) and "Plindo.io" (two of them):
//!   one page, under the name said in more episodes. "Korvex.js" is a library's name, not
//!   an address: it keeps its page beside "Korvex".
//! - A product and its maker's prefix: "Vostrix" and "Hallam Vostrix" ("Hallam" never said
//!   alone): one page. "Dravo" is said with two prefixes ("Mintel Dravo", "Sarro Dravo"):
//!   it is neither's, and keeps its page.

mod common;
use common::*;

fn site() -> Site {
    fixture_site("title = \"Cask Talk\"\n[search]\nenabled = false\n", "splits-rules")
}

#[test]
fn a_numeronym_an_address_and_a_makers_product_fold_and_their_near_cases_do_not() {
    let site = site();
    let pages = topic_pages(&site);
    let names: Vec<&String> = pages.keys().collect();

    // Z8x is Zelvarinox; Q6n is not Quillbarn (seven letters between, not six).
    assert!(!pages.contains_key("Z8x"), "Z8x has a page of its own: {names:?}");
    assert_eq!(pages.get("Zelvarinox"), Some(&vec![1, 2, 3, 4, 5, 6]), "{pages:?}");
    assert_eq!(pages.get("Q6n"), Some(&vec![6, 7, 9]), "{pages:?}");
    assert_eq!(pages.get("Quillbarn"), Some(&vec![5, 6, 7, 8, 9, 10]), "{pages:?}");

    // Plindo.io is Plindo, shown as "Plindo" (said in more episodes); Korvex.js is a
    // library of its own.
    assert!(!pages.contains_key("Plindo.io"), "Plindo.io has a page of its own: {names:?}");
    assert_eq!(pages.get("Plindo"), Some(&vec![1, 2, 3, 4, 5, 6, 7, 8]), "{pages:?}");
    assert_eq!(pages.get("Korvex.js"), Some(&vec![5, 9]), "{pages:?}");
    assert_eq!(pages.get("Korvex"), Some(&vec![3, 4, 5, 6, 7, 8, 9, 10]), "{pages:?}");

    // Vostrix is Hallam Vostrix; Dravo, said with two prefixes, is neither's.
    assert!(!pages.contains_key("Vostrix"), "Vostrix has a page of its own: {names:?}");
    assert_eq!(pages.get("Hallam Vostrix"), Some(&vec![1, 2, 3, 4]), "{pages:?}");
    let dravo = pages.iter().find(|(k, _)| k.eq_ignore_ascii_case("dravo")).map(|(_, v)| v);
    assert_eq!(dravo, Some(&vec![5, 6, 7, 8]), "{pages:?}");
    assert_eq!(pages.get("Mintel Dravo"), Some(&vec![5, 6, 7]), "{pages:?}");

    // Each episode page links the folded spellings to the one page.
    let eps = site.episodes_by_number();
    for (n, want) in [(5u64, "zelvarinox"), (2, "plindo"), (4, "hallam-vostrix")] {
        let slugs: Vec<&str> =
            eps[&n]["topics"].as_array().unwrap().iter().filter_map(|t| t["slug"].as_str()).collect();
        assert!(slugs.contains(&want), "episode {n} does not link {want}: {slugs:?}");
    }
}
