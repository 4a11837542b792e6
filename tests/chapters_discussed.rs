//! Issue 20, requirement 2: a chapter is titled by what its part discusses. The first
//! chapter names the episode's subject only when the talk discusses it: a segment's name
//! the welcome and the goodbyes say ("Welcome to another Deep Furrow episode", a show's
//! recurring segment), even when the topics rank it first, titles no part, and the first
//! part is titled by what it discusses; a subject named in the welcome and discussed in
//! two passages of the talk still titles it. And a thing said across a part titles it
//! before a thing named many times in one passage of it (a story told in a minute and a
//! half). Built through the library's chapter pass (`extract::chapters::from_topics`, as
//! the build calls it) over a transcript of three parts.

use shownotes::extract::chapters::{from_topics, Show};
use shownotes::extract::segment::{People, Turns};
use shownotes::model::{Cue, EpisodeTopic, Mention};

/// Three parts of seven minutes, each on its own thing; the welcome at 0:00 names the
/// segment three times, the goodbyes at the end once more.
const PARTS: [(&str, &str); 3] = [
    ("Polars", "Polars keeps the planting records in columns | the records load into Polars in a second | we group the harvest by field with Polars | lazy frames in Polars save the memory"),
    ("Kafka", "every tractor sends its readings through Kafka | Kafka topics hold a week of readings | the consumers read Kafka overnight | we partition Kafka by farm"),
    ("Grafana", "the crews watch Grafana dashboards in the morning | Grafana alerts wake the night shift | each field has a Grafana panel | we moved the charts to Grafana"),
];
const PART: u32 = 420;
const WELCOME: u32 = 30;

/// A cue of the show, told on `line` of its file.
fn cue(start: u32, speaker: &str, text: &str, line: usize) -> Cue {
    Cue { start, speaker: Some(speaker.into()), text: text.into(), line, estimated: false }
}

/// The welcome: Ada's line, then Grace's.
fn opening(welcome: &str) -> Vec<Cue> {
    vec![cue(0, "Ada Host", welcome, 1), cue(15, "Grace Host", "And I'm Grace. Good to be back, Ada.", 2)]
}

fn cues(welcome: &str, parts: &[(&str, &str); 3]) -> Vec<Cue> {
    let mut cues = opening(welcome);
    for (x, (_, lines)) in parts.iter().enumerate() {
        let lines: Vec<&str> = lines.split(" | ").collect();
        for i in 0..(PART / 5) {
            let start = WELCOME + x as u32 * PART + i * 5;
            let speaker = if (i / 3) % 2 == 0 { "Ada Host" } else { "Grace Host" };
            let n = cues.len() + 1;
            cues.push(cue(start, speaker, lines[i as usize % lines.len()], n));
        }
    }
    let end = WELCOME + 3 * PART;
    let n = cues.len() + 1;
    cues.push(cue(end, "Ada Host", "That's it for this Deep Furrow episode. Thanks for listening, bye.", n));
    cues
}

fn topic(name: &str, entity: usize, starts: impl IntoIterator<Item = u32>) -> EpisodeTopic {
    EpisodeTopic {
        name: name.into(),
        slug: Some(name.to_lowercase().replace(' ', "-")),
        score: 1.0,
        from_notes: false,
        url: None,
        mentions: starts.into_iter().map(|start| Mention { start }).collect(),
        entity: Some(entity),
        spelling: false,
    }
}

/// The part's things said all through their parts, after `first`.
fn topics(first: EpisodeTopic) -> Vec<EpisodeTopic> {
    let mut out = vec![first];
    for (x, (name, _)) in PARTS.iter().enumerate() {
        let from = WELCOME + x as u32 * PART;
        out.push(topic(name, x + 1, (from + 5..from + PART).step_by(20)));
    }
    out
}

fn chapters(welcome: &str, first: EpisodeTopic) -> Vec<(String, u32)> {
    chapters_of(&cues(welcome, &PARTS), &topics(first))
}

fn chapters_of(cues: &[Cue], topics: &[EpisodeTopic]) -> Vec<(String, u32)> {
    let turns = Turns::new(cues, &[], &People::new(["Ada Host", "Grace Host"]));
    let show = Show { interview: true, ..Show::default() };
    from_topics(cues, &turns, topics, &[], show, &|_| 0.0).into_iter().map(|c| (c.title, c.start)).collect()
}

#[test]
fn a_segment_the_welcome_names_is_no_subject() {
    let welcome = "Welcome to another Deep Furrow episode of Rootstock. In these Deep Furrow episodes Grace and I keep you in the Deep Furrow of farm software. I'm Ada.";
    // Ranked first (as the topics do rank a name the welcome says most), said in the
    // welcome and the goodbyes only.
    let end = WELCOME + 3 * PART;
    let got = chapters(welcome, topic("Deep Furrow", 0, [0, 0, 0, end]));
    assert!(got.iter().all(|c| c.0 != "Deep Furrow"), "{got:?}");
    let first = got.iter().find(|c| c.0 != "Intro").unwrap_or_else(|| panic!("{got:?}"));
    assert!(first.0.contains("Polars") && first.1 <= WELCOME + 60, "the first part is titled {first:?}: {got:?}");
}

#[test]
fn a_subject_the_talk_discusses_still_names_the_first_part() {
    // The guest's company: named in the welcome, then in two passages of the talk (not
    // in the first part): it still names the first chapter.
    let welcome = "Welcome to Rootstock. I'm Ada, and today Grace tells us about Furrowline, her company.";
    let got = chapters(welcome, topic("Furrowline", 0, [0, 500, 900]));
    let first = got.iter().find(|c| c.0 != "Intro").unwrap_or_else(|| panic!("{got:?}"));
    assert_eq!(first.0, "Furrowline", "{got:?}");
}

#[test]
fn a_thing_said_across_a_part_titles_it_before_a_story_told_in_it() {
    // The middle part: Kafka said at its start and near its end; in between, a story about
    // a book, named sixteen times within eighty seconds (five times as often as the part
    // says Kafka).
    let parts = [
        PARTS[0],
        ("Kafka", "readings, every tractor, overnight | queues, partitions, consumers | weather, soil, samples | offsets, retries, backlog"),
        PARTS[2],
    ];
    let welcome = "Welcome to Rootstock. I'm Ada, and Grace is here to talk about her farm's software.";
    let from = WELCOME + PART;
    let mut topics = vec![topic("Polars", 1, (WELCOME + 5..from).step_by(20))];
    topics.push(topic("Tolkien", 2, (from + 150..from + 230).step_by(5)));
    topics.push(topic("Kafka", 3, [from + 10, from + 200, from + 400]));
    topics.push(topic("Grafana", 4, (from + PART + 5..from + 2 * PART).step_by(20)));
    let got = chapters_of(&cues(welcome, &parts), &topics);
    let part = got.iter().rev().find(|c| c.1 <= from + 60).unwrap_or_else(|| panic!("{got:?}"));
    assert!(part.1 + 60 >= from, "no chapter at the middle part ({from}): {got:?}");
    assert!(part.0.contains("Kafka") && !part.0.contains("Tolkien"), "the middle part is {part:?}: {got:?}");
    assert!(got.iter().all(|c| !c.0.contains("Tolkien")), "{got:?}");
}

#[test]
fn a_long_first_part_the_subject_does_not_title_is_no_intro() {
    // The welcome names the segment; the first part runs fourteen minutes (so it is split
    // in two) and says its thing once in each half, in words no phrase repeats: neither
    // half alone names it. It is titled by that thing from where the welcome ends (as the
    // segment's name once titled it), not a 14-minute Intro.
    let welcome = "Welcome to another Deep Furrow episode of Rootstock. In these Deep Furrow episodes Grace and I keep you in the Deep Furrow of farm software. I'm Ada.";
    let long = 2 * PART;
    let filler = [
        "yeah",
        "right, so",
        "okay and then",
        "well I mean",
        "sure, sure",
        "uh huh",
        "so anyway",
        "and yeah",
        "hmm, maybe",
        "oh wow",
        "exactly",
        "no way",
    ];
    let mut cues = opening(welcome);
    let said = [WELCOME + 100, WELCOME + long - 100];
    for i in 0..(long / 5) {
        let start = WELCOME + i * 5;
        let speaker = if (i / 3) % 2 == 0 { "Ada Host" } else { "Grace Host" };
        let text = match i {
            0 => "So Grace, where do we start today?",
            _ if said.contains(&start) => "we keep the records in Polars",
            _ => filler[i as usize % filler.len()],
        };
        let n = cues.len() + 1;
        cues.push(cue(start, speaker, text, n));
    }
    for (x, (_, lines)) in PARTS[1..].iter().enumerate() {
        let lines: Vec<&str> = lines.split(" | ").collect();
        for i in 0..(PART / 5) {
            let start = WELCOME + long + x as u32 * PART + i * 5;
            let speaker = if (i / 3) % 2 == 0 { "Ada Host" } else { "Grace Host" };
            let n = cues.len() + 1;
            cues.push(cue(start, speaker, lines[i as usize % lines.len()], n));
        }
    }
    let end = WELCOME + long + 2 * PART;
    let n = cues.len() + 1;
    cues.push(cue(end, "Ada Host", "That's it for this Deep Furrow episode. Thanks for listening, bye.", n));
    let mut topics = vec![topic("Deep Furrow", 0, [0, 0, 0, end]), topic("Polars", 1, said)];
    for (x, (name, _)) in PARTS[1..].iter().enumerate() {
        let from = WELCOME + long + x as u32 * PART;
        topics.push(topic(name, x + 2, (from + 5..from + PART).step_by(20)));
    }
    let got = chapters_of(&cues, &topics);
    assert!(got.iter().all(|c| c.0 != "Deep Furrow"), "{got:?}");
    let first = got.iter().find(|c| c.0 != "Intro").unwrap_or_else(|| panic!("{got:?}"));
    assert!(first.1 <= WELCOME + 60, "the Intro runs to {}: {got:?}", first.1);
    assert_eq!(first.0, "Polars", "{got:?}");
}
