//! Issue 20, requirement 2, on a show's every episode: the first chapter after the
//! introduction names the episode's subject (the project the host introduces, "X is
//! here to tell us about Y"), never the show's own name, said all through every episode
//! of a site built without `title`; and a thing most of the show's episodes say (a tool
//! every guest uses) titles no part alone: its part is titled by what the part says of
//! it ("Gantry upgrades"). Built with the real CLI, read from the episode JSON.

mod common;
use common::*;

/// Settings without a `title`: the show's name is only said.
const CONFIG: &str = "hosts = [\"Ada Lovelace\"]\n\n[search]\nenabled = false\n";

/// One episode: the guest, the project the episode is about (the subject; real ones,
/// which the catalogue knows as names from one episode), what the
/// guest says of the shared tool (the phrase its part keeps saying), and a last part's
/// phrase.
struct Episode {
    guest: &'static str,
    project: &'static str,
    tool_phrase: &'static str,
    last: &'static str,
}

const SHOW: &[Episode] = &[
    Episode { guest: "Wendell Berry", project: "Polars", tool_phrase: "upgrades", last: "seed catalogues" },
    Episode { guest: "Rachel Carson", project: "Django", tool_phrase: "dashboards", last: "heron colonies" },
    Episode { guest: "Aldo Leopold", project: "Textual", tool_phrase: "plugins", last: "prescribed burns" },
    Episode { guest: "Masanobu Fukuoka", project: "Ruff", tool_phrase: "pipelines", last: "rice paddies" },
    Episode { guest: "Vandana Shiva", project: "Pydantic", tool_phrase: "migrations", last: "village markets" },
    Episode { guest: "Wangari Maathai", project: "Svelte", tool_phrase: "templates", last: "tree nurseries" },
    Episode { guest: "Gilbert White", project: "Tailwind", tool_phrase: "backups", last: "swallow nests" },
    Episode { guest: "John Muir", project: "Deno", tool_phrase: "permissions", last: "glacier valleys" },
    Episode { guest: "Jane Goodall", project: "Zig", tool_phrase: "releases", last: "chimpanzee troops" },
    Episode { guest: "Rosalie Edge", project: "Elixir", tool_phrase: "alerts", last: "migration counts" },
];

/// Paragraphs of a part: the host's question, then the guest and the host in turn.
const PER_PART: u32 = 16;

/// The episode's transcript (where `other`'s project is said in passing) and where its
/// parts start (the subject's, the tool's, the last).
fn transcript(ep: &Episode, other: &Episode) -> (String, [u32; 3]) {
    let (g, p, tp, last) = (ep.guest, ep.project, ep.tool_phrase, ep.last);
    // The show's name, said in the welcome more than anything else, and in every part.
    let mut md = format!(
        "**Ada Lovelace:** \\[00:00\\] Welcome to Rootstock. Today on Rootstock my guest is {g}. Rootstock is the show about the people who make farm software, and this is Rootstock's third year.\n\n\
         **{g}:** \\[00:25\\] Thanks for having me on Rootstock, I am here to tell you about {p}.\n\n"
    );
    let mut t = 60u32;
    let subject = [
        format!("I started {p} as a spreadsheet that I shared with two neighbours."),
        "Today it keeps the planting records of four hundred farms.".to_string(),
        format!("The first version of {p} ran on a laptop in the barn, and Rootstock listeners found it early."),
        "What makes it different is that it works without a connection in the field.".to_string(),
    ];
    // Gantry said all through its part, what is said of it ("Gantry upgrades") in one
    // sentence of the guest's.
    let tool = [
        format!("We run it all on Gantry, and Gantry {tp} used to take us a whole weekend."),
        "Gantry is easier now, but Gantry still needs a plan, and Gantry keeps changing.".to_string(),
        "Most Rootstock guests use Gantry too, and Gantry is what they ask me about.".to_string(),
        "We test every change on a copy of the farm data before it goes out.".to_string(),
    ];
    let closing = [
        format!("The {last} are where I spend my weekends now."),
        format!("Everybody who visits asks about the {last} first."),
        format!("We wrote down how the {last} changed over twenty years, for Rootstock's listeners too."),
        format!("It is slow work, and {} helps with it, the way it helps everybody.", other.project),
    ];
    let mut starts = [0u32; 3];
    for (x, (question, lines)) in [
        (format!("So tell me how {p} began."), &subject),
        (format!("How do you deploy {p}?"), &tool),
        (format!("What do you do when you are not working on {p}?"), &closing),
    ]
    .iter()
    .enumerate()
    {
        starts[x] = t;
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        interview_part(&mut md, &mut t, g, question, &lines, PER_PART, true);
    }
    interview_goodbye(&mut md, t, g);
    (md, starts)
}

/// One episode as built: its chapters (title, start), its topics (for the messages) and
/// where its parts start.
struct Built {
    chapters: Vec<(String, u32)>,
    topics: Vec<String>,
    starts: [u32; 3],
}

/// Each episode as built, in the show's order, after a build of the whole show.
fn built() -> Vec<Built> {
    let site = Site::new(CONFIG);
    let mut starts = Vec::new();
    for (i, ep) in SHOW.iter().enumerate() {
        // Each project is also said in passing in another episode, as a show's guests do.
        let (md, s) = transcript(ep, &SHOW[(i + 1) % SHOW.len()]);
        site.write(&format!("content/rootstock-{}.md", i + 1), md);
        starts.push(s);
    }
    site.build_ok(&["--quiet"]);
    (0..SHOW.len())
        .map(|i| {
            let ep = site.json(&format!("api/episodes/rootstock-{}.json", i + 1));
            let names = |key: &str, field: &str| -> Vec<String> {
                ep[key].as_array().unwrap().iter().map(|t| t[field].as_str().unwrap().to_string()).collect()
            };
            let starts_of: Vec<u32> =
                ep["chapters"].as_array().unwrap().iter().map(|c| c["start"].as_u64().unwrap() as u32).collect();
            let chapters = names("chapters", "title").into_iter().zip(starts_of).collect();
            Built { chapters, topics: names("topics", "name"), starts: starts[i] }
        })
        .collect()
}

#[test]
fn the_first_chapter_after_the_intro_names_the_episodes_subject_not_the_show() {
    for (i, b) in built().into_iter().enumerate() {
        let (ep, chapters, topics) = (&SHOW[i], &b.chapters, &b.topics);
        let first = chapters.iter().find(|c| c.0 != "Intro").unwrap_or_else(|| panic!("{i}: {chapters:?}"));
        // It covers the subject's part, and it is titled by the subject.
        assert!(first.1 <= b.starts[0] + 30, "episode {i}: the first part starts at {}: {chapters:?}", first.1);
        assert!(
            first.0.contains(ep.project),
            "episode {i}: first chapter {:?}, not {} (topics {topics:?}): {chapters:?}",
            first.0,
            ep.project
        );
        for (title, _) in chapters {
            assert!(!title.contains("Rootstock"), "episode {i}: the show's name titles a chapter: {chapters:?}");
            // Nor the guest's or the host's name.
            for word in ep.guest.split(' ').chain(["Ada", "Lovelace"]) {
                assert!(!title.split(' ').any(|w| w == word), "episode {i}: a person's name {title:?}: {chapters:?}");
            }
        }
    }
}

#[test]
fn a_thing_most_episodes_say_titles_no_part_alone() {
    for (i, b) in built().into_iter().enumerate() {
        let (ep, chapters) = (&SHOW[i], &b.chapters);
        // Nowhere "Gantry" alone: said in every episode, it tells a listener nothing.
        assert!(chapters.iter().all(|c| c.0 != "Gantry"), "episode {i}: {chapters:?}");
        // The tool's part is still a chapter, titled by what it says of the tool.
        let part = chapters
            .iter()
            .find(|c| c.1.abs_diff(b.starts[1]) <= 30)
            .unwrap_or_else(|| panic!("episode {i}: no chapter at {}: {chapters:?}", b.starts[1]));
        let want = format!("Gantry {}", ep.tool_phrase);
        assert!(
            part.0.eq_ignore_ascii_case(&want),
            "episode {i}: the tool's part is {:?}, not {want:?} (topics {:?}): {chapters:?}",
            part.0,
            b.topics
        );
    }
}
