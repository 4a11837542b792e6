//! People of the show (issue 21, requirements 1 and 2): hosts and guests found in
//! interview transcripts (the changelog markdown shape) across the catalogue, a misheard
//! name folded into the catalogue's spelling, a sponsor never a person; the people pages,
//! the index, the episode pages' links, `podcast:person` in the feed and `people.toml`.
mod common;
use common::*;

const CONFIG: &str = "title = \"Code Talk\"\nbase_url = \"https://example.com/\"\n[podcast]\nauthor = \"Jane Doe\"\nemail = \"jane@example.com\"\nimage = \"https://example.com/cover.jpg\"\ncategories = [\"Technology\"]\nexplicit = false\naudio_url = \"https://cdn.example.net/audio/{number}.mp3\"\n";

/// An ad read, as in every episode: a sponsor said mostly in reads.
const AD: &str = "This episode is brought to you by Acme Cloud. Go to acme.fm/codetalk for a free trial of Acme Cloud, the sponsor of this show.";

fn episode(n: u32, intro: &str, guest_label: &str, rest: &[(&str, &str)]) -> String {
    let mut s = format!("**Jane Doe:** Welcome to Code Talk, recorded May {n}, 2024. I'm Jane Doe. {intro}\n\n");
    s.push_str(&format!(
        "**{guest_label}:** Thanks for having me. I have been building developer tools for a long time, and compilers are my favourite subject.\n\n"
    ));
    s.push_str(&format!("**Jane Doe:** \\[01:10\\] {AD}\n\n"));
    for (who, text) in rest {
        s.push_str(&format!("**{who}:** \\[02:00\\] {text}\n\n"));
    }
    s.push_str("**Jane Doe:** \\[30:00\\] Thanks for listening to Code Talk. Bye!\n");
    s
}

fn people_site() -> Site {
    let site = Site::new(CONFIG);
    site.write(
        "content/code-talk-1.md",
        episode(
            1,
            "Today we have Charlie Marsh here to talk about Ruff, the fast Python linter.",
            "Charlie Marsh",
            &[(
                "Charlie Marsh",
                "Ruff is a linter written in Rust. Ruff checks Python code quickly, and Ruff formats it too.",
            )],
        ),
    );
    site.write(
        "content/code-talk-2.md",
        episode(
            2,
            "My guest today is Grace Hopper. And welcome Acme Cloud to the show, our new sponsor.",
            "Grace Hopper",
            &[("Grace Hopper", "Compilers changed everything. COBOL was readable; like Charlie Marsh says about Ruff, tools should be fast and friendly.")],
        ),
    );
    // Speech-to-text mishears the returning guest's name; the label spells it right.
    site.write(
        "content/code-talk-3.md",
        episode(
            3,
            "Today we have Charley Marsh here again to talk about uv, the Python package manager.",
            "Charlie Marsh",
            &[(
                "Charlie Marsh",
                "uv resolves packages fast. uv is written in Rust, and uv replaces pip for many people.",
            )],
        ),
    );
    site.write(
        "content/code-talk-4.md",
        episode(
            4,
            "Joining me is Linus Byte, with our sound engineer Sam Sound.",
            "Linus Byte",
            &[
                ("Sam Sound", "Levels are good."),
                ("Linus Byte", "Kernels are fun. The Linux kernel scheduler is a big subject."),
                ("Sam Sound", "Still good."),
            ],
        ),
    );
    site.write(
        "people.toml",
        "[[person]]\nname = \"Charlie Marsh\"\nbio = \"Creator of Ruff and uv.\"\nurl = \"https://charlie.example.net/\"\nimg = \"https://cdn.example.net/charlie.png\"\n\n[[person]]\nname = \"Lin Byte\"\naliases = [\"Linus Byte\"]\n\n[[person]]\nname = \"Sam Sound\"\nhide = true\n",
    );
    site
}

fn links_of(doc: &scraper::Html, css: &str) -> Vec<(String, String)> {
    select(doc, css).iter().map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string())).collect()
}

#[test]
fn hosts_and_guests_across_episodes_and_their_pages() {
    let site = people_site();
    site.build_ok(&[]);

    // Hosts and guests, as the JSON API gives them.
    let eps = site.episodes_by_number();
    let who = |n: u64, k: &str| -> Vec<String> {
        eps[&n][k].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    };
    for n in 1..=4 {
        assert_eq!(who(n, "hosts"), vec!["Jane Doe"], "episode {n}: the name in every episode hosts");
    }
    assert_eq!(who(1, "guests"), vec!["Charlie Marsh"]);
    assert_eq!(who(2, "guests"), vec!["Grace Hopper"], "a sponsor welcomed is not a guest");
    assert_eq!(who(3, "guests"), vec!["Charlie Marsh"], "a misheard name folds into the catalogue's spelling");
    assert_eq!(who(4, "guests"), vec!["Lin Byte"], "people.toml renames, and hides");

    // The index: most appearances first, and A-Z.
    let index = html(&site.read("people/index.html"));
    let ranked = links_of(&index, "ol.people-list a");
    assert_eq!(ranked[0], ("Jane Doe".into(), "/people/jane-doe/".into()));
    assert_eq!(ranked[1], ("Charlie Marsh".into(), "/people/charlie-marsh/".into()));
    let names: Vec<&str> = ranked.iter().map(|(n, _)| n.as_str()).collect();
    for absent in ["Charley Marsh", "Acme Cloud", "Sam Sound", "Linus Byte"] {
        assert!(!names.contains(&absent), "{absent} has no page: {names:?}");
        assert!(!site.out(&format!("people/{}/index.html", absent.to_lowercase().replace(' ', "-"))).exists());
    }
    let az: Vec<String> = links_of(&index, "#a-z + ul a").into_iter().map(|(n, _)| n).collect();
    assert_eq!(az, ["Charlie Marsh", "Grace Hopper", "Jane Doe", "Lin Byte"]);
    // Every page links to the index.
    assert!(links_of(&html(&site.read("index.html")), "nav a").iter().any(|(n, u)| n == "People" && u == "/people/"));

    // The guest's page: both episodes, where they are introduced, the mention, topics,
    // and what people.toml adds.
    let page = site.read("people/charlie-marsh/index.html");
    let doc = html(&page);
    assert_eq!(text(&select(&doc, "h1")[0]), "Charlie Marsh");
    let guest_eps: Vec<String> = links_of(&doc, "ol.episodes li > a:first-child").into_iter().map(|(_, u)| u).collect();
    assert_eq!(guest_eps, ["/episodes/code-talk-3/", "/episodes/code-talk-1/"]);
    let intros: Vec<String> = links_of(&doc, "a.intro").into_iter().map(|(_, u)| u).collect();
    assert_eq!(intros.len(), 2, "{page}");
    for u in &intros {
        let (ep, anchor) = u.split_once('#').unwrap();
        let ep_page = site.read(&format!("{}index.html", ep.trim_start_matches('/')));
        assert!(ep_page.contains(&format!("id=\"{anchor}\"")), "{u} points at a cue");
    }
    let mentioned = links_of(&doc, "ul.also a");
    assert!(mentioned.iter().any(|(_, u)| u == "/episodes/code-talk-2/"), "{mentioned:?}");
    assert!(links_of(&doc, "ul.tags a").iter().any(|(n, _)| n == "uv"), "topics of the episodes");
    assert_eq!(text(&select(&doc, "p.lede")[0]), "Creator of Ruff and uv.");
    assert_eq!(select(&doc, "img.portrait")[0].value().attr("src"), Some("https://cdn.example.net/charlie.png"));
    assert!(!select(&doc, "img.portrait")[0].value().attr("alt").unwrap_or("").is_empty());
    let ld: serde_json::Value =
        serde_json::from_str(&text(&select(&doc, "script[type='application/ld+json']")[0])).unwrap();
    assert_eq!(ld["@type"], "Person");
    assert_eq!(ld["url"], "https://example.com/people/charlie-marsh/");
    assert_eq!(ld["sameAs"], "https://charlie.example.net/");

    // The host's page lists the episodes hosted.
    let host = html(&site.read("people/jane-doe/index.html"));
    assert_eq!(links_of(&host, "ol.episodes a").len(), 4);

    // Each episode's header links to its people; its JSON-LD names them with their pages.
    let ep = html(&site.read("episodes/code-talk-1/index.html"));
    assert_eq!(
        links_of(&ep, "p.people a"),
        [("Jane Doe".into(), "/people/jane-doe/".into()), ("Charlie Marsh".into(), "/people/charlie-marsh/".into())]
    );
    let ld: serde_json::Value =
        serde_json::from_str(&text(&select(&ep, "script[type='application/ld+json']")[0])).unwrap();
    let actors: Vec<&str> = ld["actor"].as_array().unwrap().iter().map(|a| a["url"].as_str().unwrap()).collect();
    assert_eq!(actors, ["https://example.com/people/jane-doe/", "https://example.com/people/charlie-marsh/"]);

    // podcast:person in the feed: role, href to the page, img from people.toml.
    let feed = site.read("feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    const NS: &str = "https://podcastindex.org/namespace/1.0";
    let item = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("item")
                && n.children()
                    .any(|c| c.has_tag_name("link") && c.text() == Some("https://example.com/episodes/code-talk-3/"))
        })
        .unwrap();
    let persons: Vec<(String, String, String, Option<String>)> = item
        .children()
        .filter(|c| c.has_tag_name((NS, "person")))
        .map(|c| {
            (
                c.text().unwrap_or("").to_string(),
                c.attribute("role").unwrap_or("").to_string(),
                c.attribute("href").unwrap_or("").to_string(),
                c.attribute("img").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        persons,
        [
            ("Jane Doe".into(), "host".into(), "https://example.com/people/jane-doe/".into(), None),
            (
                "Charlie Marsh".into(),
                "guest".into(),
                "https://example.com/people/charlie-marsh/".into(),
                Some("https://cdn.example.net/charlie.png".into())
            ),
        ]
    );

    // The pages pass the link checks, and the feed what podcast apps check.
    let r = site.check(&["--feed"]);
    assert_eq!(r.code, 0, "check failed\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
}

#[test]
fn a_broken_people_toml_names_its_line() {
    let site = people_site();
    site.write("people.toml", "[[person]]\nname = \"Ada\"\nnickname = \"A\"\n");
    let r = site.build(&[]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("people.toml:3"), "{}", r.stderr);
    assert!(r.stderr.contains("People chapter"), "{}", r.stderr);
}

#[test]
fn a_show_without_people_has_no_people_pages() {
    let site = Site::new("title = \"Solo\"\n");
    site.write("content/001-notes.md", "---\ntitle: Notes only\n---\nJust notes, nobody named.\n");
    site.build_ok(&[]);
    assert!(!site.out("people/index.html").exists());
    assert!(!site.read("index.html").contains("/people/"));
}
