//! Issue 20, requirement 2: an interview's part is titled by what it is about, not by
//! a thing named in one passage of it (an aside: a story about a book told in a minute of
//! a part about the data pipeline), and a person the part talks about is named by the
//! full name the episode gives, never by the first name alone. Built with the real CLI
//! over a show of ten episodes, read from the episode JSON.

mod common;
use common::*;

const CONFIG: &str = "title = \"Rootstock\"\nhosts = [\"Ada Lovelace\"]\n\n[search]\nenabled = false\n";

/// One episode: its guest, the project it is about, the thing its second part is about
/// (said across that part), the aside named in one passage of that part, and the person
/// its third part is about (first name, surname).
struct Episode {
    guest: &'static str,
    project: &'static str,
    thing: &'static str,
    aside: &'static str,
    person: (&'static str, &'static str),
}

const SHOW: &[Episode] = &[
    Episode { guest: "Wendell Berry", project: "Polars", thing: "Kafka", aside: "Tolkien", person: ("Priya", "Raman") },
    Episode {
        guest: "Rachel Carson",
        project: "Django",
        thing: "Redis",
        aside: "Shackleton",
        person: ("Tomasz", "Wilk"),
    },
    Episode {
        guest: "Aldo Leopold",
        project: "Textual",
        thing: "Postgres",
        aside: "Kilimanjaro",
        person: ("Ingrid", "Solberg"),
    },
    Episode {
        guest: "Masanobu Fukuoka",
        project: "Ruff",
        thing: "Grafana",
        aside: "Hemingway",
        person: ("Kofi", "Mensah"),
    },
    Episode {
        guest: "Vandana Shiva",
        project: "Pydantic",
        thing: "Terraform",
        aside: "Galapagos",
        person: ("Aiko", "Tanaka"),
    },
    Episode {
        guest: "Wangari Maathai",
        project: "Svelte",
        thing: "Ansible",
        aside: "Casablanca",
        person: ("Mateo", "Ibarra"),
    },
    Episode {
        guest: "Gilbert White",
        project: "Tailwind",
        thing: "Cassandra",
        aside: "Nijinsky",
        person: ("Leilani", "Kahale"),
    },
    Episode { guest: "John Muir", project: "Deno", thing: "Jenkins", aside: "Okavango", person: ("Dmitri", "Orlov") },
    Episode { guest: "Jane Goodall", project: "Zig", thing: "Kibana", aside: "Zanzibar", person: ("Saoirse", "Byrne") },
    Episode {
        guest: "Rosalie Edge",
        project: "Elixir",
        thing: "Elasticsearch",
        aside: "Timbuktu",
        person: ("Yusuf", "Demir"),
    },
];

/// Paragraphs of a part: the host's question, then the guest and the host in turn.
const PER_PART: u32 = 16;

/// The episode's transcript and where its parts start (the subject's, the thing's with
/// the aside in it, the person's).
fn transcript(ep: &Episode, other: &Episode) -> (String, [u32; 3]) {
    let (g, p, thing, aside) = (ep.guest, ep.project, ep.thing, ep.aside);
    let (first, last) = ep.person;
    let mut md = format!(
        "**Ada Lovelace:** \\[00:00\\] Welcome to Rootstock. Today my guest is {g}, here to tell us about {p}.\n\n\
         **{g}:** \\[00:25\\] Thanks for having me, I am glad to talk about {p}. {o} says hello, by the way.\n\n",
        // The next episode's person, named once in passing: the catalogue knows the name.
        o = other.person.0,
    );
    let mut t = 60u32;
    let mut starts = [0u32; 3];
    // The subject: the project, said all through its part.
    starts[0] = t;
    let subject = [
        format!("I started {p} as a spreadsheet that I shared with two neighbours."),
        "Today it keeps the planting records of four hundred farms.".to_string(),
        format!("The first version of {p} ran on a laptop in the barn."),
        "What makes it different is that it works without a connection in the field.".to_string(),
    ];
    let lines: Vec<&str> = subject.iter().map(String::as_str).collect();
    interview_part(&mut md, &mut t, g, &format!("So tell me how {p} began."), &lines, PER_PART, true);
    // The thing, said in every answer of its part; in the middle of it, a story about
    // the aside told in two minutes, which names it in five paragraphs (more than half as
    // often as the part names the thing).
    starts[1] = t;
    let about = [
        format!("The records come in from every tractor and go through {thing} overnight."),
        "Every morning the night's records are checked against the weather and the soil samples.".to_string(),
        "Nothing gets lost when a tractor drives out of range, it just arrives a little later.".to_string(),
    ];
    let lines: Vec<&str> = about.iter().map(String::as_str).collect();
    interview_part(
        &mut md,
        &mut t,
        g,
        "How do the records get from the field to the office?",
        &lines,
        PER_PART / 2,
        true,
    );
    let story = [
        (g, format!("Funny story, our first queue was named after {aside}, because {aside} was the book on my desk that winter.")),
        ("Ada Lovelace", format!("Ha, {aside}! Which part of {aside} was it?")),
        (g, format!("The long walk, of course. I read {aside} to the kids by the stove every night.")),
        ("Ada Lovelace", format!("I read {aside} every winter too, it never gets old.")),
        (g, format!("Anyway, the queue kept the {aside} name for two years before anyone asked.")),
    ];
    for (who, text) in story {
        md.push_str(&format!("**{who}:** \\[{:02}:{:02}\\] {text}\n\n", t / 60, t % 60));
        t += INTERVIEW_PARAGRAPH;
    }
    interview_part(&mut md, &mut t, g, "Right, back to the records then.", &lines, PER_PART / 2, true);
    // The person the part is about: introduced once by the full name, then called by the
    // first name all through the part.
    starts[2] = t;
    let person = [
        format!("{first} ran the harvest crews for ten years before any of this existed."),
        format!("Every checklist we have started as a note {first} pinned to the shed wall."),
        format!("When a crew is stuck, I still ask what {first} would do about it."),
    ];
    let lines: Vec<&str> = person.iter().map(String::as_str).collect();
    let question = format!("Who taught you the most about the crews? I hear it was {first} {last}.");
    interview_part(&mut md, &mut t, g, &question, &lines, PER_PART, true);
    // A closing part, so that the person's part is not the last.
    let plans = [
        "Next year the seed exchange opens to every farm in the valley.".to_string(),
        "The cooperative votes on the new rules for the exchange in spring.".to_string(),
        "We hope the exchange brings back the old bean varieties.".to_string(),
        // What the next episode is about, said in passing, as a show's guests do.
        format!("Neighbours use {} and {} for their records too.", other.project, other.thing),
    ];
    let lines: Vec<&str> = plans.iter().map(String::as_str).collect();
    interview_part(&mut md, &mut t, g, "What comes next for the cooperative?", &lines, PER_PART, true);
    md.push_str(&format!(
        "**Ada Lovelace:** \\[{:02}:{:02}\\] And say hello to {} for us.\n\n",
        t / 60,
        t % 60,
        other.person.0
    ));
    interview_goodbye(&mut md, t + INTERVIEW_PARAGRAPH, g);
    (md, starts)
}

/// An episode's chapters (title, start).
type Chapters = Vec<(String, u32)>;

/// Each episode's chapters and where its parts start.
fn built() -> Vec<(Chapters, [u32; 3])> {
    let site = Site::new(CONFIG);
    let mut starts = Vec::new();
    for (i, ep) in SHOW.iter().enumerate() {
        let (md, s) = transcript(ep, &SHOW[(i + 1) % SHOW.len()]);
        site.write(&format!("content/rootstock-{}.md", i + 1), md);
        starts.push(s);
    }
    site.build_ok(&["--quiet"]);
    (0..SHOW.len())
        .map(|i| {
            let ep = site.json(&format!("api/episodes/rootstock-{}.json", i + 1));
            let chapters = ep["chapters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| (c["title"].as_str().unwrap().to_string(), c["start"].as_u64().unwrap() as u32))
                .collect();
            (chapters, starts[i])
        })
        .collect()
}

/// The chapter that covers `at`.
fn chapter_at(chapters: &[(String, u32)], at: u32) -> &(String, u32) {
    chapters.iter().rev().find(|c| c.1 <= at + 30).unwrap_or_else(|| panic!("no chapter at {at}: {chapters:?}"))
}

#[test]
fn a_thing_named_in_one_passage_does_not_title_a_part() {
    let mut aside_titles = 0;
    for (i, (chapters, starts)) in built().into_iter().enumerate() {
        let ep = &SHOW[i];
        for (title, _) in &chapters {
            if title.split(' ').any(|w| w == ep.aside) {
                aside_titles += 1;
                eprintln!("episode {i}: the aside {} titles {title:?}: {chapters:?}", ep.aside);
            }
        }
        // The part is still a chapter, titled by the thing said across it.
        let c = chapter_at(&chapters, starts[1] + 60);
        assert!(
            c.1.abs_diff(starts[1]) <= 30,
            "episode {i}: no chapter at the thing's part {}: {chapters:?}",
            starts[1]
        );
        assert!(c.0.contains(ep.thing), "episode {i}: the thing's part is {:?}, not {}: {chapters:?}", c.0, ep.thing);
    }
    assert_eq!(aside_titles, 0, "asides title chapters (see above)");
}

#[test]
fn a_persons_first_name_does_not_title_a_part_the_full_name_does() {
    for (i, (chapters, starts)) in built().into_iter().enumerate() {
        let (first, last) = SHOW[i].person;
        let full = format!("{first} {last}");
        for (title, _) in &chapters {
            let words: Vec<&str> = title.split(' ').collect();
            let alone = words.iter().enumerate().any(|(k, w)| *w == first && words.get(k + 1) != Some(&last));
            assert!(!alone, "episode {i}: the first name {first} titles {title:?}: {chapters:?}");
        }
        // The person's part is a chapter, and it is titled by the person's full name.
        let c = chapter_at(&chapters, starts[2] + 60);
        assert!(
            c.1.abs_diff(starts[2]) <= 30,
            "episode {i}: no chapter at the person's part {}: {chapters:?}",
            starts[2]
        );
        assert_eq!(c.0, full, "episode {i}: {chapters:?}");
    }
}
