//! Topics are things of the catalogue: a built site of a small show whose episodes talk
//! about the same projects in different words, with a sponsor read in several of them.

mod common;
use common::*;

/// Three topics an episode: an episode's own best topics count as discussed, and with
/// so few words in each episode, everything it says would rank among fifteen.
const CONFIG: &str = "title = \"The Show\"\nhosts = [\"Pat Host\", \"Sam Host\"]\n[topics]\nper_episode = 3\n";

/// One episode: an intro, the talk about `topics` (each a few times, in its own words),
/// an ad read when `ad`, and chatter that makes ordinary words look ordinary.
fn episode(n: u32, talk: &[&str], ad: bool) -> String {
    let mut lines = vec![
        format!("Hello and welcome to The Show, episode {n}, recorded May {}, 2022. I'm Pat Host.", n % 28 + 1),
        "And I'm Sam Host. We have a library and a podcast and a thing for you.".to_string(),
    ];
    lines.extend(talk.iter().map(|t| t.to_string()));
    if ad {
        lines.extend([
            "This episode is brought to you by Acme Cloud.".to_string(),
            "Acme Cloud runs your apps; visit theshow.fm/acme and tell them we sent you.".to_string(),
        ]);
    }
    for i in 0..8 {
        lines.push(format!(
            "That was fun number {i}; a library is a library and a podcast is a podcast, libraries and podcasts."
        ));
    }
    lines.iter().enumerate().map(|(i, l)| format!("00:{:02}:{:02} {l}\n", i * 20 / 60, i * 20 % 60)).collect()
}

fn site() -> Site {
    let site = Site::new(CONFIG);
    let eps: [(u32, &[&str], bool); 8] = [
        (
            1,
            &["Django 3.0 is out. Django is great and Django's admin is better.", "We like Django, Django, Django."],
            true,
        ),
        (
            2,
            &[
                "More Django today: Django forms and Django templates.",
                "Django REST Framework too. Django REST Framework rocks.",
            ],
            false,
        ),
        (
            3,
            &[
                "The Django REST Framework release, Django REST Framework 3.14.",
                "Also uvloop: uvloop is fast, uvloop everywhere.",
            ],
            true,
        ),
        (
            4,
            &[
                "Just pytest: pytest fixtures, pytest plugins and pytest again.",
                "Also Flask: Flask routes, Flask blueprints, Flask apps.",
                "And Rust: Rust is fast, Rust is safe, Rust everywhere.",
                "Django is mentioned once here.",
            ],
            true,
        ),
        (5, &["pytest and pytest-xdist; run pytest.", "uvloop again, uvloop."], false),
        (
            6,
            &["A quiet one. Call logger.info here, not flask.io, but readme.so is real.", "pytest once more, pytest."],
            true,
        ),
        (7, &["We talk about Zappa: Zappa deploys, Zappa is neat, Zappa again.", "Nothing else."], false),
        (8, &["Nox is a tool, Nox and Nox.", "Nox again, Nox."], false),
    ];
    for (n, talk, ad) in eps {
        site.write(&format!("content/{n:03}-ep.txt"), episode(n, talk, ad));
    }
    site.write(
        "topics.toml",
        "[[topic]]\nname = \"Nox\"\nhide = true\n\n[[topic]]\nname = \"uvloop\"\ndescription = \"A fast event loop.\"\nurl = \"https://github.com/MagicStack/uvloop\"\n",
    );
    site
}

fn topic<'a>(index: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    index.as_array().unwrap().iter().find(|t| t["slug"] == slug).unwrap_or_else(|| panic!("no {slug} in {index}"))
}

fn numbers(list: &serde_json::Value) -> Vec<u64> {
    list.as_array().unwrap().iter().map(|e| e["number"].as_u64().unwrap()).collect()
}

#[test]
fn one_page_per_thing_with_every_episode_about_it() {
    let site = site();
    site.build_ok(&[]);
    let index = site.json("api/topics.json");

    // "Django 3.0", "Django's" and "Django" are one topic; the episodes that say it in
    // passing (once, or twice in one sentence as part of "Django REST Framework") are kept
    // apart.
    let django = topic(&index, "django");
    assert_eq!(django["name"], "Django");
    assert_eq!(numbers(&django["episodes"]), vec![2, 1], "newest first: {django}");
    assert_eq!(numbers(&django["also_mentioned"]), vec![4, 3]);
    let ep1 = &django["episodes"].as_array().unwrap()[1];
    assert_eq!(ep1["mention_count"], 6);
    assert!(ep1["seconds"].as_u64().unwrap() >= 30);
    assert!(!index.as_array().unwrap().iter().any(|t| t["slug"] == "django-3-0"), "no page for a version");

    // A compound that is a name of its own has its page, and points to its parent.
    let drf = topic(&index, "django-rest-framework");
    assert_eq!(drf["parent"], "django");
    assert_eq!(numbers(&drf["episodes"]), vec![3, 2]);
    assert!(django["children"].as_array().unwrap().contains(&serde_json::json!("django-rest-framework")));

    // Names said in lower case are names too; topics.toml describes and hides.
    let pytest = topic(&index, "pytest");
    assert_eq!(numbers(&pytest["episodes"]), vec![4], "said one sentence's worth in 5 and 6: {pytest}");
    assert_eq!(numbers(&pytest["also_mentioned"]), vec![6, 5]);
    let uvloop = topic(&index, "uvloop");
    assert_eq!(uvloop["description"], "A fast event loop.");
    assert_eq!(numbers(&uvloop["episodes"]), vec![5, 3]);
    assert!(!index.as_array().unwrap().iter().any(|t| t["name"] == "Nox"), "hidden by topics.toml");
    // An episode-specific name is a topic too.
    assert_eq!(numbers(&topic(&index, "zappa")["episodes"]), vec![7]);
    // Words are not topics.
    for word in ["library", "podcast", "thing", "fun"] {
        assert!(!index.as_array().unwrap().iter().any(|t| t["slug"] == word), "{word} is a topic");
    }

    // The page: most discussed first, how much, the words said at each moment.
    let page = html(&site.read("topics/django/index.html"));
    let eps: Vec<String> = select(&page, "#topic-episodes li.episode h3").iter().map(text).collect();
    assert!(eps[0].starts_with("#1"), "most discussed first: {eps:?}");
    let meta = text(&select(&page, "#topic-episodes li.episode .meta")[0]);
    assert!(meta.contains("6 mentions"), "{meta}");
    let quote = text(&select(&page, "#topic-episodes li.episode q")[0]);
    assert!(quote.contains("Django 3.0 is out"), "{quote}");
    let moment = select(&page, "#topic-episodes li.episode .moments a.time")[0].value().attr("href").unwrap();
    assert!(moment.starts_with("/episodes/001-ep/#t-"), "{moment}");
    let also: Vec<String> = select(&page, "ul.also li").iter().map(text).collect();
    assert!(also.len() == 2 && also[0].contains("#4") && also[1].contains("#3"), "{also:?}");
    assert!(page.root_element().html().contains("href=\"/topics/django-rest-framework/\""));
    let drf_page = site.read("topics/django-rest-framework/index.html");
    assert!(drf_page.contains("Part of <a href=\"/topics/django/\">Django</a>"));
}

#[test]
fn sponsors_are_not_topics() {
    let site = site();
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    assert!(!index.as_array().unwrap().iter().any(|t| t["name"].as_str().unwrap().contains("Acme")), "{index}");
    let sponsors = html(&site.read("sponsors/index.html"));
    let names: Vec<String> = select(&sponsors, "h2").iter().map(text).collect();
    assert!(names.iter().any(|n| n.starts_with("Acme")), "{names:?}");
    for (_, ep) in site.episodes_by_number() {
        for t in ep["topics"].as_array().unwrap() {
            assert!(!t["name"].as_str().unwrap().contains("Acme"), "{t}");
        }
        for l in ep["links"].as_array().unwrap() {
            assert!(!l["url"].as_str().unwrap().contains("acme"), "the read's address is no link: {l}");
        }
    }
}

#[test]
fn episode_pages_link_their_topics_once_per_thing() {
    let site = site();
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    let topics = eps[&1]["topics"].as_array().unwrap();
    let django: Vec<&serde_json::Value> = topics.iter().filter(|t| t["slug"] == "django").collect();
    assert_eq!(django.len(), 1, "one topic per entity: {topics:?}");
    let page = html(&site.read("episodes/001-ep/index.html"));
    let links: Vec<&str> =
        select(&page, ".topics a[href^='/topics/']").iter().map(|a| a.value().attr("href").unwrap()).collect();
    assert!(links.contains(&"/topics/django/"), "{links:?}");
    let unique: std::collections::BTreeSet<&&str> = links.iter().collect();
    assert_eq!(unique.len(), links.len(), "{links:?}");
    // Spoken addresses: plausible ones only.
    let urls: Vec<&str> = eps[&6]["links"].as_array().unwrap().iter().map(|l| l["url"].as_str().unwrap()).collect();
    assert_eq!(urls, vec!["https://readme.so"]);
}

#[test]
fn the_topic_index_is_browsable() {
    let site = site();
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    // Most covered first.
    let page = html(&site.read("topics/index.html"));
    let rows: Vec<String> = select(&page, ".topic-list li").iter().map(text).collect();
    assert_eq!(rows.len(), index.as_array().unwrap().len());
    let counts: Vec<u64> =
        rows.iter().map(|r| r.rsplit(' ').nth(1).unwrap().parse().unwrap_or_else(|_| panic!("{r}"))).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{rows:?}");
    // A-Z, one page per letter, and the filter's data.
    let letters: Vec<&str> =
        select(&page, ".letters a[href*='/a-z/']").iter().map(|a| a.value().attr("href").unwrap()).collect();
    assert!(letters.contains(&"/topics/a-z/d/"), "{letters:?}");
    let d = html(&site.read("topics/a-z/d/index.html"));
    let names: Vec<String> = select(&d, ".topic-index li a").iter().map(text).collect();
    assert_eq!(names, vec!["Django", "Django REST Framework"]);
    let all: Vec<(String, String, u64)> = serde_json::from_str(&site.read("topics/names.json")).unwrap();
    assert_eq!(all.len(), index.as_array().unwrap().len());
    assert!(all.iter().any(|(n, s, c)| n == "Django" && s == "django" && *c == 2));
    // Without scripts the filter box stays hidden.
    assert_eq!(select(&page, ".topic-filter[hidden]").len(), 1);
}

/// A show whose titles name their subject, whose talk wraps names in filler ("Reflex
/// apps"), says a two-letter tool with its commands ("uv sync"), a name in a short and a
/// long form (Mongo, MongoDB), and ordinary words capitalised only inside longer names
/// ("Stanford University", "University of Washington").
fn subject_site() -> Site {
    let site = Site::new(CONFIG);
    let eps: [(u32, &str, &[&str]); 6] = [
        (
            1,
            "all-about-reflex",
            &[
                "Today Django first: Django views, Django again, Django.",
                "Reflex apps are neat. The Reflex framework is fast, cutting edge Reflex; Reflex state is simple.",
                "More Reflex apps and the Reflex framework.",
            ],
        ),
        (
            2,
            "the-uv-episode",
            &[
                "We use uv sync and uv lock, then uv pip install and uv run.",
                "I said uv sync again, uv tool, uv venv: uv is quick.",
                "A friend at Stanford University and one at the University of Washington use uv too.",
            ],
        ),
        (
            3,
            "more-uv-and-mongo",
            &[
                "Back to uv: uv sync, uv lock and uv add. uv pip compile.",
                "MongoDB is a database; Mongo is what we call MongoDB, and MongoDB Atlas hosts Mongo.",
                "Someone from Harvard University and the University of Chicago wrote in.",
            ],
        ),
        (
            4,
            "mongo-tips",
            &[
                "MongoDB indexes: MongoDB again, Mongo queries, Mongo shell.",
                "Reflex apps came up once more: the Reflex framework.",
                "A professor at Yale University and the University of Toronto.",
            ],
        ),
        (5, "flask-news", &["Flask routes, Flask blueprints, Flask again, Flask.", "uv sync, uv lock, uv run."]),
        (6, "rust-news", &["Rust is fast, Rust is safe, Rust everywhere, Rust.", "Stanford University again."]),
    ];
    for (n, slug, talk) in eps {
        site.write(&format!("content/{n:03}-{slug}.txt"), episode(n, talk, false));
    }
    site
}

#[test]
fn episode_pages_open_with_their_subject_and_list_things_not_phrases() {
    let site = subject_site();
    site.build_ok(&[]);
    let eps = site.episodes_by_number();
    let names = |n: u64| -> Vec<String> {
        eps[&n]["topics"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_string()).collect()
    };
    // The title's thing first, under its own name; no name with filler around it.
    assert_eq!(names(1).first().map(String::as_str), Some("Reflex"), "{:?}", names(1));
    assert!(matches!(names(4).first().map(String::as_str), Some("MongoDB" | "Mongo")), "{:?}", names(4));
    for n in eps.keys() {
        for name in names(*n) {
            let words = name.split(' ').count();
            assert!(
                !(words > 1 && (name.contains("Reflex") || name.contains("uv ") || name.contains("Mongo"))),
                "episode {n}: {name:?} is a thing with filler"
            );
        }
    }
    // The two-letter tool is a thing with a page, its commands fold into it.
    assert!(names(2).contains(&"uv".to_string()), "{:?}", names(2));
    let index = site.json("api/topics.json");
    let uv = topic(&index, "uv");
    assert!(numbers(&uv["episodes"]).len() >= 3, "{uv}");
    let slugs: Vec<&str> = index.as_array().unwrap().iter().map(|t| t["slug"].as_str().unwrap()).collect();
    for junk in ["uv-sync", "uv-lock", "uv-pip", "university"] {
        assert!(!slugs.contains(&junk), "{junk} has a page: {slugs:?}");
    }
    // Mongo and MongoDB: one page, under whichever spelling the show says most.
    assert_eq!(slugs.iter().filter(|s| matches!(**s, "mongo" | "mongodb")).count(), 1, "{slugs:?}");
}

/// Twelve episodes of a show whose co-host names their employer in every introduction,
/// that says general vocabulary (API, JSON, GPU, New York) all the time, a derived
/// English word the word list lacks ("convolutional"), and one thing per episode.
fn vocabulary_site(topics_toml: Option<&str>) -> Site {
    let site = Site::new(CONFIG);
    let things = ["Django", "Flask", "Pydantic", "Polars", "Textual", "Litestar"];
    for n in 1..=12u32 {
        let thing = things[n as usize % things.len()];
        let talk = [
            "Sam works as a strategist at Lockheed Martin, as always.".to_string(),
            format!("Today {thing}: {thing} is great, {thing} releases, {thing} again and {thing} docs."),
            "Its API returns JSON; the API is a JSON API, and the GPU runs the API. More JSON, another API, JSON."
                .to_string(),
            "A friend in New York uses it; New York loves it. The convolutional layers, convolutional nets, convolutional."
                .to_string(),
        ];
        let talk: Vec<&str> = talk.iter().map(String::as_str).collect();
        site.write(&format!("content/{n:03}-ep.txt"), episode(n, &talk, false));
    }
    if let Some(t) = topics_toml {
        site.write("topics.toml", t);
    }
    site
}

#[test]
fn the_index_lists_things_not_vocabulary_places_or_the_shows_frame() {
    let site = vocabulary_site(None);
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    let slugs: Vec<&str> = index.as_array().unwrap().iter().map(|t| t["slug"].as_str().unwrap()).collect();
    for thing in ["django", "flask", "polars"] {
        assert!(slugs.contains(&thing), "no page for {thing}: {slugs:?}");
    }
    for junk in ["api", "json", "gpu", "new-york", "york", "lockheed-martin", "convolutional"] {
        assert!(!slugs.contains(&junk), "{junk} has a page: {slugs:?}");
    }
    // Nor does an episode page list them.
    for (n, ep) in site.episodes_by_number() {
        for t in ep["topics"].as_array().unwrap() {
            let name = t["name"].as_str().unwrap().to_lowercase();
            for junk in ["api", "json", "gpu", "york", "lockheed", "convolutional"] {
                assert!(!name.split(' ').any(|w| w == junk), "episode {n} lists {name:?}");
            }
        }
    }
    // topics.toml wins: a show about JSON gets its page.
    let site = vocabulary_site(Some("[[topic]]\nname = \"JSON\"\n"));
    site.build_ok(&[]);
    let index = site.json("api/topics.json");
    assert!(index.as_array().unwrap().iter().any(|t| t["slug"] == "json"), "{index}");
}
