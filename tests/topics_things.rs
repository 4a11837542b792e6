//! Issue 19: an episode's topics are things, not phrases, and its subject comes first.
//! Interview episodes (tests/fixtures/things, written for these tests: a host introduces
//! the guest and the subject in the first minute) with titled file names ("400-ruff.txt")
//! and one whose title names nothing ("402-a-conversation-with-liz.txt"), built through
//! the real CLI.

mod common;

use common::Site;
use serde_json::Value;

const CONFIG: &str = "title = \"Dev Talk\"\nhosts = [\"Jordan Lee\", \"Casey Park\"]\n";

const EPISODES: [&str; 4] = ["400-ruff.txt", "401-datasette.txt", "402-a-conversation-with-liz.txt", "403-polars.txt"];

fn interview_site() -> Site {
    let site = Site::new(CONFIG);
    for f in EPISODES {
        site.copy(&format!("tests/fixtures/things/{f}"), &format!("content/{f}"));
    }
    site
}

fn names(ep: &Value) -> Vec<String> {
    ep["topics"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn an_interview_opens_with_the_titles_thing_or_the_introductions_subject() {
    let site = interview_site();
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    // Each episode says another thing more often than its subject (Rust, SQLite,
    // Kubernetes, pandas); the title's thing still opens the list.
    for (n, subject) in [(400, "Ruff"), (401, "Datasette"), (403, "Polars")] {
        let list = names(&eps[&n]);
        assert_eq!(list.first().map(String::as_str), Some(subject), "episode {n}: {list:?}");
    }
    // The title names no thing: the subject the host introduces ("Liz Fong is here to
    // tell us about OpenTelemetry") opens the list, not Kubernetes, said twice as often.
    let liz = names(&eps[&402]);
    assert_eq!(liz.first().map(String::as_str), Some("OpenTelemetry"), "{liz:?}");
    // The guest is a person of the episode, not a topic.
    assert_eq!(eps[&402]["guests"], serde_json::json!(["Liz Fong"]));
    assert!(!liz.iter().any(|t| t.contains("Liz")), "{liz:?}");
    // The episode page shows the same first topic.
    let page = site.read(&format!("episodes/{}/index.html", eps[&401]["slug"].as_str().unwrap()));
    let doc = common::html(&page);
    let first: Vec<String> =
        common::select(&doc, ".topics li").iter().map(|e| e.text().collect::<String>().trim().to_string()).collect();
    assert!(first.first().is_some_and(|t| t.starts_with("Datasette")), "{first:?}");
}

#[test]
fn a_thing_with_filler_around_it_is_listed_as_the_thing() {
    let site = interview_site();
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    // Said on their own again and again, SQLite, Kubernetes and Rust are what "SQLite
    // query planning", "SQLite file", "Kubernetes labels", "Kubernetes workloads", "Rust
    // compiler" were about: each is listed once, under its own name.
    for (n, thing) in [(401, "SQLite"), (402, "Kubernetes"), (400, "Rust")] {
        let list = names(&eps[&n]);
        assert_eq!(list.iter().filter(|t| *t == thing).count(), 1, "episode {n}: {list:?}");
        for t in &list {
            assert!(!(t.contains(thing) && t != thing), "episode {n}: {t:?} is {thing} with filler: {list:?}");
        }
    }
    // Nor is any other name wrapped in words: no "Polars apps", "Polars API", "pandas
    // users" next to Polars and pandas.
    let polars = names(&eps[&403]);
    for t in &polars {
        let words = t.split(' ').count();
        assert!(!(words > 1 && (t.contains("Polars") || t.contains("pandas"))), "{t:?}: {polars:?}");
    }
    assert!(polars.contains(&"pandas".to_string()), "{polars:?}");
}

#[test]
fn the_sample_site_lists_things_without_the_shows_address() {
    // The five-episode sample a newcomer builds first (content/ of the repository).
    let site = Site::new("title = \"Python Bytes (sample)\"\nhosts = [\"Michael Kennedy\", \"Brian Okken\"]\n");
    for f in std::fs::read_dir(common::repo().join("content")).unwrap() {
        let f = f.unwrap().file_name().into_string().unwrap();
        if f.ends_with(".txt") {
            site.copy(&format!("content/{f}"), &format!("content/{f}"));
        }
    }
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    let pages: Vec<String> =
        index.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_lowercase()).collect();
    let eps = site.episodes_by_number();
    assert_eq!(eps.len(), 5);
    // Episode 95 says ASGI and WSGI and spells them out: two topics, not five ("Async
    // Gateway Interface", "Web Server Gateway", "Server Gateway Interface", "WSGI interface").
    let asgi = names(&eps[&95]);
    for acronym in ["ASGI", "WSGI"] {
        assert_eq!(asgi.iter().filter(|t| *t == acronym).count(), 1, "{asgi:?}");
    }
    assert!(!asgi.iter().any(|t| t.contains("Gateway") || t.contains("WSGI ")), "{asgi:?}");
    for (n, ep) in &eps {
        let list = names(ep);
        for t in &list {
            let lower = t.to_lowercase();
            assert!(!lower.contains("pythonbytes.fm"), "episode {n}: the show's own address: {list:?}");
            // A thing with a page is never listed with filler around it.
            let words: Vec<&str> = lower.split(' ').collect();
            if words.len() > 1 && !pages.contains(&lower) {
                let inner = words.iter().find(|w| w.len() > 2 && pages.contains(&w.to_string()));
                let written = t.split(' ').all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
                assert!(inner.is_none() || written, "episode {n}: {t:?} is {inner:?} with filler: {list:?}");
            }
        }
    }
}
