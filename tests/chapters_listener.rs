//! Issue 20, no one-word endings: an interview's talk winds down with an aside about a
//! lone name (a film, a game) in its closing minutes, after a host's question. Without
//! show notes, that aside is no chapter of its own ("Tron" as the episode's last
//! chapter): it joins the part before, which a listener titles by what it is about.
//! Read from the built JSON and the episode pages, as a listener sees them.

mod common;
use common::*;

/// The asides' names are things of the catalogue: the show's list names them.
const TOPICS: &str = "[[topic]]\nname = \"Tron\"\n\n[[topic]]\nname = \"Walden\"\n";

/// One interview: its slug, the guest, two parts (the host's question, the phrase the
/// part is about, the guest's sentences), and the closing aside (the question and the
/// guest's sentences about one name).
struct Interview {
    slug: &'static str,
    guest: &'static str,
    parts: [(&'static str, &'static str, &'static [&'static str]); 2],
    aside: (&'static str, &'static str, &'static [&'static str]),
}

const SHOW: &[Interview] = &[
    Interview {
        slug: "field-notes-1",
        guest: "Wendell Berry",
        parts: [
            (
                "How does soil erosion start on a farm that looks healthy?",
                "soil erosion",
                &[
                    "Soil erosion starts when rain hits bare ground and carries the topsoil downhill.",
                    "A field can lose an inch of topsoil to soil erosion in a single wet spring.",
                    "Terraces and grassed waterways slow the runoff that drives soil erosion.",
                    "Once the topsoil is gone, the subsoil underneath holds far less water.",
                ],
            ),
            (
                "Where do cover crops fit into a rotation like yours?",
                "cover crops",
                &[
                    "We sow cover crops like rye and clover right after the harvest.",
                    "Cover crops keep living roots in the ground through the whole winter.",
                    "Clover fixes nitrogen, so the cover crops feed the next cash crop too.",
                    "Farmers worry about the seed bill, but the cover crops pay for themselves.",
                ],
            ),
        ],
        aside: (
            "Before we go, did you ever watch Tron?",
            "Tron",
            &[
                "Tron is one of the best, I saw it as a kid.",
                "It is still on my mind when I am out on the tractor.",
                "It is old now, or so I am told.",
            ],
        ),
    },
    Interview {
        slug: "field-notes-3",
        guest: "Aldo Leopold",
        parts: [
            (
                "Why did the deer population grow so fast after the wolves were gone?",
                "deer population",
                &[
                    "The deer population doubled in a few winters once nothing hunted them.",
                    "A larger deer population browsed every young tree on the mountain.",
                    "Then the deer population crashed, because there was nothing left to eat.",
                    "Hunters had asked for more deer, and they got them for a while.",
                ],
            ),
            (
                "What does prescribed burning do for an old prairie?",
                "prescribed burning",
                &[
                    "Prescribed burning clears the thatch so the prairie grasses green up early.",
                    "We do prescribed burning in the spring when the ground is still damp.",
                    "Without prescribed burning, shrubs and cedars take over the prairie.",
                    "Fire was part of the prairie long before anybody farmed it.",
                ],
            ),
        ],
        aside: (
            "Before we go, what are you reading at the moment?",
            "Walden",
            &[
                "Walden is by my bed again, a little of it at a time.",
                "It is not the same once you have a cabin of your own.",
                "It is one of those that all of us quote and none of us finish.",
            ],
        ),
    },
];

/// Paragraphs of a part: the host's question, then the guest and the host in turn.
const PER_PART: u32 = 20;
/// Paragraphs of the closing aside.
const ASIDE: u32 = 8;

/// The transcript, and where the aside's question is asked.
fn transcript(iv: &Interview) -> (String, u32) {
    let mut md = interview_opening(iv.guest);
    let mut t = 60u32;
    for (question, _, lines) in &iv.parts {
        interview_part(&mut md, &mut t, iv.guest, question, lines, PER_PART, true);
    }
    let aside_at = t;
    interview_part(&mut md, &mut t, iv.guest, iv.aside.0, iv.aside.2, ASIDE, true);
    interview_goodbye(&mut md, t, iv.guest);
    (md, aside_at)
}

#[test]
fn an_aside_in_the_closing_minutes_joins_the_last_part_no_one_word_ending() {
    let site = Site::new(INTERVIEW_CONFIG);
    site.write("topics.toml", TOPICS);
    let mut asides = Vec::new();
    for iv in SHOW {
        let (md, aside_at) = transcript(iv);
        site.write(&format!("content/{}.md", iv.slug), md);
        asides.push(aside_at);
    }
    site.build_ok(&["--quiet"]);

    for (iv, aside_at) in SHOW.iter().zip(asides) {
        let slug = iv.slug;
        let ep = site.json(&format!("api/episodes/{slug}.json"));
        let chapters: Vec<(String, u32)> = ep["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["title"].as_str().unwrap().to_string(), c["start"].as_u64().unwrap() as u32))
            .collect();
        let page = html(&site.read(&format!("episodes/{slug}/index.html")));
        let listed: Vec<String> = select(&page, ".chapters li").iter().map(text).collect();
        assert_eq!(listed.len(), chapters.len(), "{slug}: {listed:?}");
        // The episode ends on the last part, titled by what it is about, not on the aside.
        let (last, _) = chapters.last().unwrap();
        let mut want = iv.parts[1].1.to_string();
        want[..1].make_ascii_uppercase();
        assert!(last.starts_with(&want), "{slug}: ends on {last:?}, not {want:?}: {chapters:?}");
        assert!(last.split_whitespace().count() > 1, "{slug}: ends on one word: {chapters:?}");
        assert!(
            chapters.iter().all(|(_, start)| start.abs_diff(aside_at) > 30),
            "{slug}: the aside about {} starts a chapter: {chapters:?}",
            iv.aside.1
        );
        assert!(listed.last().is_some_and(|l| l.contains(&want)), "{slug}: the page ends on {listed:?}");
        // The last part still starts at its question.
        let asked = 60 + PER_PART * INTERVIEW_PARAGRAPH;
        assert!(
            chapters.iter().any(|(t, start)| t.starts_with(&want) && start.abs_diff(asked) <= 5),
            "{slug}: the last part is not at its question ({asked} s): {chapters:?}"
        );
    }
}
