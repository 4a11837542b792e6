//! The five seed transcripts, each a shape real transcripts arrive in, built through the
//! CLI: metadata, speakers, boilerplate, anchors, links, topics and the JSON API.

mod common;
use common::*;

#[test]
fn seeds_metadata_is_inferred_from_speech_and_headers() {
    let site = seed_site(PB_CONFIG);
    let run = site.build_ok(&[]);
    assert!(run.stdout.contains("Built 5 episodes"), "{}", run.stdout);
    let eps = site.episodes_by_number();
    assert_eq!(eps.keys().copied().collect::<Vec<_>>(), vec![95, 197, 217, 233, 282]);
    let date = |n: u64| eps[&n]["date"].as_str().unwrap().to_string();
    assert_eq!(date(282), "2022-05-03"); // "Recorded may 3 2022"
    assert_eq!(date(95), "2018-09-12"); // "recorded September 12th 2018"
    assert_eq!(date(217), "2021-01-19"); // "recorded, what is it, January 19, 2021"
    assert_eq!(date(233), "2021-05-12"); // "Recorded on Wednesday, May 12, 2021."
    assert_eq!(date(197), "2020-08-27"); // the header wins over the speech (August 26th)
    assert_eq!(eps[&217]["title"], "Use your cloud SSD for fast, cross-process caching");
    assert_eq!(eps[&233]["title"], "RaaS: Readme as a Service");
    let hosts = serde_json::json!(["Michael Kennedy", "Brian Okken"]);
    for n in [95, 197, 217, 233, 282] {
        // 282 says "I am Brian Aachen": the configured spelling wins.
        assert_eq!(eps[&n]["hosts"], hosts, "episode {n}");
    }
    assert_eq!(eps[&217]["guests"], serde_json::json!(["Ogie Moore"]));
    assert_eq!(eps[&233]["guests"], serde_json::json!(["Marlene Mangami"]));
    assert_eq!(eps[&282]["duration"], 1708); // last cue 00:28:28
    assert_eq!(eps[&233]["duration"], 3053); // last cue 50:53
}

#[test]
fn seeds_pages_have_clean_transcripts_speakers_and_anchors() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    let page = |n: u64| site.read(&format!("episodes/{}/index.html", eps[&n]["slug"].as_str().unwrap()));

    // Seed 001: speaker labels, shown with the configured full names; entities decoded.
    let p95 = page(95);
    let doc = html(&p95);
    let speakers: Vec<String> = select(&doc, ".transcript .speaker").iter().map(text).collect();
    assert_eq!(speakers[0], "Michael Kennedy");
    assert_eq!(speakers[1], "Brian Okken");
    assert!(!p95.contains("&amp;amp;"), "entities are decoded once, then escaped once");
    let cues: Vec<String> = select(&doc, ".transcript p > span:not(.speaker)").iter().map(text).collect();
    assert!(cues.iter().all(|c| !c.contains("KENNEDY:") && !c.contains("OKKEN:")));

    // Scraped pages: the boilerplate never reaches the page.
    for n in [217, 233, 197] {
        let p = page(n);
        for junk in [
            "Return to episode page",
            "view on github",
            "Back to show page",
            "Brought to you by Michael and Brian",
            "Transcript #",
        ] {
            assert!(!p.contains(junk), "episode {n} shows `{junk}`");
        }
    }
    // Seed 002's first cue was glued to the boilerplate.
    let doc = html(&page(217));
    let first = select(&doc, ".transcript p > span:not(.speaker)").first().map(text).unwrap();
    assert_eq!(first, "00:00:00 Hello and welcome to Python Bytes, where we deliver Python news and headlines directly to your earbuds.");

    // One anchor per cue second, unique, and `#t-N` links resolve.
    for n in [95, 197, 217, 233, 282] {
        let p = page(n);
        let doc = html(&p);
        let ids: Vec<String> =
            select(&doc, "[id^='t-']").iter().map(|e| e.value().attr("id").unwrap().to_string()).collect();
        let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "episode {n}: duplicate anchors");
        assert!(ids.len() > 50, "episode {n}: {} anchors", ids.len());
        assert!(ids.contains(&"t-0".to_string()));
        for a in select(&doc, "a[href^='#t-']") {
            let target = &a.value().attr("href").unwrap()[1..];
            assert!(unique.contains(&target.to_string()), "episode {n}: link to missing anchor {target}");
        }
    }
    // 00:00:33 in seed 000 ("pi script") is a deep-linkable moment.
    let p282 = page(282);
    assert!(p282.contains("id=\"t-33\""), "00:00:33 cue anchor");
}

#[test]
fn seeds_links_topics_and_api() {
    let site = seed_site(PB_CONFIG);
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    let urls = |n: u64| -> Vec<String> {
        eps[&n]["links"].as_array().unwrap().iter().map(|l| l["url"].as_str().unwrap().to_string()).collect()
    };
    // The sponsor's address is said in an ad read (00:00:14 of episode 95): not a link.
    assert!(!urls(95).iter().any(|u| u.contains("datadog")), "{:?}", urls(95));
    assert!(urls(233).contains(&"https://readme.so".to_string()), "{:?}", urls(233));
    let spoken = eps[&233]["links"].as_array().unwrap().iter().find(|l| l["url"] == "https://readme.so").unwrap();
    assert!(spoken["start"].as_u64().unwrap() > 0, "the time it was said");

    for (n, ep) in &eps {
        for key in ["number", "title", "slug", "date", "topics", "links", "chapters"] {
            assert!(ep.get(key).is_some(), "episode {n} lacks {key}");
        }
        let topics = ep["topics"].as_array().unwrap();
        assert!(topics.len() >= 5, "episode {n} has {} topics", topics.len());
        let scores: Vec<f64> = topics.iter().map(|t| t["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "episode {n}: topics sorted best first");
        for t in topics {
            assert!(!t["mentions"].as_array().unwrap().is_empty(), "episode {n}: {t} has no mentions");
            assert!(t["mentions"][0]["start"].is_u64());
            // A phrase that names nothing of the catalogue has no page.
            let Some(slug) = t["slug"].as_str() else { continue };
            // Every topic has its page, which links back to this episode's moments.
            let page = site.read(&format!("topics/{slug}/index.html"));
            let ep_url = format!("/episodes/{}/#t-", ep["slug"].as_str().unwrap());
            assert!(page.contains(&ep_url), "topic {slug} page has no deep link into episode {n}");
        }
    }
    // Boilerplate is not a topic: hosts, the show's name, fillers.
    for ep in eps.values() {
        for t in ep["topics"].as_array().unwrap() {
            let name = t["name"].as_str().unwrap().to_lowercase();
            for bad in ["brian", "michael", "okken", "kennedy", "python bytes", "yeah", "pretty cool", "right"] {
                assert!(!name.split_whitespace().any(|w| w == bad) && name != bad, "topic `{name}` is boilerplate");
            }
        }
    }
    let all: serde_json::Value = site.json("api/topics.json");
    let list = all.as_array().unwrap();
    assert!(!list.is_empty());
    for t in list {
        assert!(t["episode_count"].as_u64().unwrap() >= 1);
        assert_eq!(t["episode_count"].as_u64().unwrap() as usize, t["episodes"].as_array().unwrap().len());
    }
    // The topic index lists every topic with its count (a hundred to a page).
    let idx = html(&site.read("topics/index.html"));
    assert_eq!(select(&idx, ".topic-list li").len(), list.len().min(100));
    // The front page lists episodes newest first with links into topics.
    let front = html(&site.read("index.html"));
    let titles: Vec<String> = select(&front, "li.episode h2").iter().map(text).collect();
    assert!(titles[0].starts_with("#282"), "{titles:?}");
    assert!(titles[4].starts_with("#95"), "{titles:?}");
    assert!(!select(&front, "li.episode .tags a[href^='/topics/']").is_empty());
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let site = seed_site(PB_CONFIG);
    // Each build from scratch: the build cache would hand the search index on.
    let build = |jobs: &str| {
        let _ = std::fs::remove_dir_all(site.root().join(".public.shownotes-cache"));
        site.build_ok(&["-j", jobs]);
        tree(&site.out(""))
    };
    let one = build("1");
    let four = build("4");
    let two = build("2");
    assert_eq!(one.keys().collect::<Vec<_>>(), four.keys().collect::<Vec<_>>());
    for (k, v) in &one {
        assert!(v == &four[k] && v == &two[k], "{k} differs between thread counts");
    }
}

#[test]
fn base_url_with_a_sub_path_prefixes_every_link() {
    let site = seed_site(&format!("{PB_CONFIG}base_url = \"https://example.com/podcast/\"\n"));
    site.build_ok(&[]);
    let check = |prefix: &str| {
        for (path, bytes) in tree(&site.out("")) {
            if !path.ends_with(".html") {
                continue;
            }
            let doc = html(&String::from_utf8(bytes).unwrap());
            for a in select(&doc, "a[href], link[href]") {
                let href = a.value().attr("href").unwrap();
                if href.starts_with('/') {
                    assert!(href.starts_with(prefix), "{path}: {href} lacks {prefix}");
                }
            }
        }
    };
    check("/podcast/");
    let ep = site.episodes_by_number();
    assert!(ep[&282]["url"].as_str().unwrap().starts_with("https://example.com/podcast/episodes/"));
    site.build_ok(&["--base-url", "https://cdn.example.org/preview/42"]);
    check("/preview/42/");
}

#[test]
fn paginates_the_front_page() {
    let site = seed_site(&format!("{PB_CONFIG}paginate = 2\n"));
    site.build_ok(&[]);
    let p1 = html(&site.read("index.html"));
    assert_eq!(select(&p1, "li.episode").len(), 2);
    assert_eq!(select(&p1, "a[rel=next]")[0].value().attr("href"), Some("/page/2/"));
    let p3 = html(&site.read("page/3/index.html"));
    assert_eq!(select(&p3, "li.episode").len(), 1);
    assert_eq!(select(&p3, "a[rel=prev]")[0].value().attr("href"), Some("/page/2/"));
    assert!(!site.out("page/4").exists());
}
