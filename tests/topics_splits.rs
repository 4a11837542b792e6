//! Issue 19, requirement 4 (one page per thing), through the real CLI on
//! `tests/fixtures/splits`: ten episodes of "Cask Talk", a made-up show. "Brontal" and
//! "BrontalQL" (a short form and the long form it starts, with an ending that is no word)
//! are said in the same episodes, and so are "TASM" and "TurboAssembly" (an acronym of the
//! long form's syllables): each pair is one page listing both spellings' episodes.
//! "Quorix" and "QuorixScript" are said in the same episodes too, but "script" is a word:
//! a build tool and its language stay two pages, as Java and JavaScript do. "Varnel" is
//! said with "Varnel Music" and "Varnel Cloud" in the same episodes: a maker with two
//! products of its own is neither of them (Apple is not Apple Music), so three pages.

mod common;
use common::*;

fn site() -> Site {
    fixture_site("title = \"Cask Talk\"\n[search]\nenabled = false\n", "splits")
}

#[test]
fn a_short_form_and_an_acronym_fold_into_the_long_form_and_a_word_ending_does_not() {
    let site = site();
    let pages = topic_pages_lower(&site);
    let names: Vec<&String> = pages.keys().collect();

    // Brontal and BrontalQL: one page, with the episodes of both spellings.
    assert!(!pages.contains_key("brontal"), "Brontal has a page of its own: {names:?}");
    assert_eq!(pages.get("brontalql"), Some(&vec![1, 2, 3, 4, 5, 6]), "{pages:?}");

    // TASM and TurboAssembly: one page, under the long form's name.
    assert!(!pages.contains_key("tasm"), "TASM has a page of its own: {names:?}");
    assert_eq!(pages.get("turboassembly"), Some(&vec![2, 7, 8, 9, 10]), "{pages:?}");

    // Quorix merely starts QuorixScript: two things, two pages.
    assert_eq!(pages.get("quorix"), Some(&vec![1, 3, 5, 7, 9, 10]), "{pages:?}");
    assert_eq!(pages.get("quorixscript"), Some(&vec![1, 3, 5, 7]), "{pages:?}");

    // A maker said with two of its products: its page stays, and so do theirs.
    for name in ["varnel", "varnel music", "varnel cloud"] {
        assert_eq!(pages.get(name), Some(&vec![1, 2, 3, 4, 5, 6]), "{name}: {pages:?}");
    }

    // Each episode page links the folded spelling to the one page.
    let eps = site.episodes_by_number();
    for n in [5u64, 10] {
        let slugs: Vec<&str> =
            eps[&n]["topics"].as_array().unwrap().iter().filter_map(|t| t["slug"].as_str()).collect();
        let want = if n == 5 { "brontalql" } else { "turboassembly" };
        assert!(slugs.contains(&want), "episode {n} does not link {want}: {slugs:?}");
    }
}
