//! The search index shownotes writes itself (src/search/writer.rs), read by Pagefind's own
//! search script: a query in Node through the site's `pagefind/pagefind.js` finds each
//! word where it is said, at its cue; an edited transcript's new word is found and its old
//! one no longer; a rebuild that patched the last index with that episode's words is
//! byte-identical to a clean build. (Chromium drives the same script in tests/browser.rs.)

mod common;
use common::search::{ask, urls};
use common::*;

#[test]
fn pagefind_s_script_finds_words_at_their_cue_and_an_edit_is_found_as_a_clean_build_would_be() {
    let site = long_site(30);
    site.build_ok(&["--quiet"]);
    let slug = |n: u64| site.episodes_by_number()[&n]["slug"].as_str().unwrap().to_string();
    let Some(a) = ask(&site.out(""), &["zanzibar", "quokka", "gardens", "garden", "greenhouse", "zan"]) else { return };
    // A word said once is found in its episode, at the cue that says it (00:00:07).
    for (word, n) in [("zanzibar", 30), ("quokka", 1)] {
        let ep = format!("/episodes/{}/", slug(n));
        let results = a["queries"][word]["results"].as_array().unwrap();
        assert_eq!(results.len(), 1, "{word}: {a}");
        assert_eq!(results[0]["url"], ep.as_str());
        assert_eq!(results[0]["subs"], serde_json::json!([format!("{ep}#t-7")]), "{word}");
        assert!(results[0]["excerpt"].as_str().unwrap().contains(&format!("<mark>{word}</mark>")), "{a}");
        assert!(results[0]["title"].as_str().unwrap().ends_with(&format!("{n}")), "{a}");
    }
    // Stemmed as the query is ("gardens" -> "garden"), and a prefix finds the word.
    assert_eq!(a["queries"]["gardens"]["count"], 30, "{a}");
    assert_eq!(a["queries"]["garden"]["count"], 30);
    assert_eq!(a["queries"]["greenhouse"]["count"], 0);
    assert_eq!(urls(&a, "zan"), [format!("/episodes/{}/", slug(30))]);
    // One metadata file, one index chunk per word.
    let fetched: Vec<&str> = a["fetched"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(fetched.iter().filter(|f| f.ends_with(".pf_meta")).count(), 1, "{fetched:?}");

    // An edit: episode 15 now says "greenhouse" where it said "garden".
    let path = site.root().join("content/0015.vtt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("the garden", "the greenhouse")).unwrap();
    let run = site.build_ok(&[]);
    // (The index patched: the search script and episode 15's old share read, its new
    // one made; tests/search_patch.rs.)
    assert!(run.stderr.contains("(2 of its 3 parts from the cache"), "{}", run.stderr);
    let b = ask(&site.out(""), &["greenhouse", "garden"]).unwrap();
    let ep15 = format!("/episodes/{}/", slug(15));
    assert_eq!(urls(&b, "greenhouse"), std::slice::from_ref(&ep15));
    assert_eq!(b["queries"]["greenhouse"]["results"][0]["subs"], serde_json::json!([format!("{ep15}#t-7")]));
    assert_eq!(b["queries"]["garden"]["count"], 29, "{b}");
    assert!(!urls(&b, "garden").contains(&ep15));

    // The same content built from scratch, in an output (and cache) of its own: the same
    // bytes, the index included.
    let clean = tempfile::tempdir().unwrap();
    let clean_out = clean.path().join("site");
    let run = site.build_ok(&["-o", clean_out.to_str().unwrap()]);
    assert!(run.stderr.contains("(0 of its 31 parts from the cache"), "{}", run.stderr);
    let (incremental, clean) = (tree(&site.out("pagefind")), tree(&clean_out.join("pagefind")));
    assert_eq!(incremental.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>());
    assert!(incremental == clean, "the index of the rebuild differs from a clean build's");
    assert!(tree(&site.out("")) == tree(&clean_out), "the rebuild differs from a clean build");
}

#[test]
fn the_index_is_the_same_on_one_thread_and_many() {
    let site = long_site(12);
    site.build_ok(&["--quiet", "--jobs", "1"]);
    let one = tree(&site.out("pagefind"));
    std::fs::remove_dir_all(site.root().join(".public.shownotes-cache")).unwrap();
    site.build_ok(&["--quiet", "--jobs", "4"]);
    assert!(one == tree(&site.out("pagefind")), "the index depends on the number of threads");
}
