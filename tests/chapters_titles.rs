//! Issue 20, titles a listener would write: chapters of an interview show whose parts are
//! about ideas, not catalogued names. A small show of its own in the Changelog markdown
//! shape (speaker labels, timestamps), where the host opens each part with a question
//! after the guest's long answer, the guest's answers hold tag questions ("..., right?")
//! that open nothing, and a `**Break:**` marker (an ad cut in) comes before the last part.
//! Read from the built JSON and the episode pages: a chapter starts at each question and
//! at the break, each part is titled by the phrase it keeps saying, capitalised as a
//! listener would write it, and nothing else starts a chapter.

mod common;
use common::*;

/// One interview: its slug, the guest, and three parts, each the phrase it is about and
/// what is said of it (the guest's sentences).
struct Interview {
    slug: &'static str,
    guest: &'static str,
    parts: [(&'static str, &'static str, &'static [&'static str]); 3],
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
                    "Once the topsoil is gone, the subsoil underneath holds far less water, right?",
                ],
            ),
            (
                "Where do cover crops fit into a rotation like yours?",
                "cover crops",
                &[
                    "We sow cover crops like rye and clover right after the harvest.",
                    "Cover crops keep living roots in the ground through the whole winter.",
                    "Clover fixes nitrogen, so the cover crops feed the next cash crop too.",
                    "Farmers worry about the seed bill, but the cover crops pay for themselves, right?",
                ],
            ),
            (
                "What changes when you move to drip irrigation?",
                "drip irrigation",
                &[
                    "Drip irrigation puts water at the roots through thin tubes along each row.",
                    "With drip irrigation we use about half the water of an overhead sprinkler.",
                    "The emitters of a drip irrigation line clog unless the water is filtered.",
                    "Dry leaves also mean fewer fungal diseases on the tomatoes, right?",
                ],
            ),
        ],
    },
    Interview {
        slug: "field-notes-2",
        guest: "Rachel Carson",
        parts: [
            (
                "How did you first notice the songbird decline around the marsh?",
                "songbird decline",
                &[
                    "The songbird decline showed first in the spring counts along the marsh.",
                    "Warblers and thrushes were half as many as the counts of ten years before.",
                    "We traced the songbird decline to the insects the birds feed their young.",
                    "When the insects vanish, the nestlings starve within days, right?",
                ],
            ),
            (
                "What do pesticide residues do once they reach the water?",
                "pesticide residues",
                &[
                    "Pesticide residues wash from the fields into the streams after every storm.",
                    "Fish store pesticide residues in their fat, and the herons eat the fish.",
                    "The shells of the heron eggs thinned as the pesticide residues built up.",
                    "Nobody measured the streams until the herons stopped nesting, right?",
                ],
            ),
            (
                "How can a town restore wetland habitats it already drained?",
                "wetland habitats",
                &[
                    "Restoring wetland habitats starts with blocking the old drainage ditches.",
                    "The reeds come back on their own once the water table rises again.",
                    "Wetland habitats filter the runoff before it reaches the river.",
                    "Within three years the wetland habitats held more birds than the counts before.",
                ],
            ),
        ],
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
                    "Hunters had asked for more deer, and they got them for a while, right?",
                ],
            ),
            (
                "What does prescribed burning do for an old prairie?",
                "prescribed burning",
                &[
                    "Prescribed burning clears the thatch so the prairie grasses green up early.",
                    "We do prescribed burning in the spring when the ground is still damp.",
                    "Without prescribed burning, shrubs and cedars take over the prairie.",
                    "Fire was part of the prairie long before anybody farmed it, right?",
                ],
            ),
            (
                "Where should a land ethic begin for someone who owns a small farm?",
                "land ethic",
                &[
                    "A land ethic means treating the soil and the water as members of the community.",
                    "The land ethic asks what a change does to the whole, not just to the yield.",
                    "Farmers already practise a land ethic when they leave a hedgerow standing.",
                    "It is harder to teach than a technique, because it is a way of seeing, right?",
                ],
            ),
        ],
    },
    Interview {
        slug: "field-notes-4",
        guest: "Masanobu Fukuoka",
        parts: [
            (
                "How did you come to natural farming after working in a laboratory?",
                "natural farming",
                &[
                    "Natural farming began for me as doing less: no plowing and no weeding.",
                    "In natural farming the straw of the last harvest is spread back on the field.",
                    "My neighbours thought natural farming would fail within a single season.",
                    "The yields matched theirs within a few years, right?",
                ],
            ),
            (
                "What goes into the seed balls you throw on the fields?",
                "seed balls",
                &[
                    "Seed balls hold a mix of seeds rolled in clay so the birds cannot eat them.",
                    "We throw seed balls onto the standing crop before it is harvested.",
                    "The clay of the seed balls breaks down when the autumn rain comes.",
                    "It saves the work of sowing in rows, right?",
                ],
            ),
            (
                "Why does rice straw matter so much to the next crop?",
                "rice straw",
                &[
                    "Rice straw laid back on the field keeps the weeds from sprouting.",
                    "As the rice straw rots it feeds the soil life under it.",
                    "Burning the rice straw wastes all of that, and it fills the air with smoke.",
                    "A field covered that way needs no compost from outside, right?",
                ],
            ),
        ],
    },
];

/// Paragraphs of a part: the host's question, then the guest and the host in turn.
const PER_PART: u32 = 20;
/// Seconds of the ad cut in at the break.
const AD: u32 = 60;

/// Where each part's question is asked, where the break comes, and the transcript.
fn transcript(iv: &Interview) -> (Vec<u32>, u32, String) {
    let mut md = interview_opening(iv.guest);
    let mut t = 60u32;
    let mut starts = Vec::new();
    let mut break_at = 0;
    for (x, (question, _, lines)) in iv.parts.iter().enumerate() {
        if x == 2 {
            // The ad: the break marker, and the host's question after it is unstamped
            // (said at the break's time, as the dev transcripts have it).
            md.push_str(&format!("**Break:** \\[{:02}:{:02}\\]\n\n", t / 60, t % 60));
            break_at = t;
            t += AD;
        }
        starts.push(if x == 2 { break_at } else { t });
        interview_part(&mut md, &mut t, iv.guest, question, lines, PER_PART, x != 2);
    }
    interview_goodbye(&mut md, t, iv.guest);
    (starts, break_at, md)
}

#[test]
fn interview_parts_start_at_questions_and_breaks_titled_by_what_they_say() {
    let site = Site::new(INTERVIEW_CONFIG);
    let mut expected = Vec::new();
    for iv in SHOW {
        let (starts, break_at, md) = transcript(iv);
        site.write(&format!("content/{}.md", iv.slug), md);
        expected.push((starts, break_at));
    }
    site.build_ok(&["--quiet"]);

    for (iv, (starts, break_at)) in SHOW.iter().zip(&expected) {
        let slug = iv.slug;
        let ep = site.json(&format!("api/episodes/{slug}.json"));
        let chapters: Vec<(String, u32)> = ep["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["title"].as_str().unwrap().to_string(), c["start"].as_u64().unwrap() as u32))
            .collect();
        // The page lists the same chapters.
        let page = html(&site.read(&format!("episodes/{slug}/index.html")));
        let listed: Vec<String> = select(&page, ".chapters li").iter().map(text).collect();
        assert_eq!(listed.len(), chapters.len(), "{slug}: {listed:?}");

        // The intro, then one chapter per part: none at the guest's tag questions.
        let parts: Vec<&(String, u32)> = chapters.iter().filter(|c| c.0 != "Intro").collect();
        assert_eq!(parts.len(), 3, "{slug}: {chapters:?}");
        for (x, ((_, phrase, _), (title, start))) in iv.parts.iter().zip(&parts).enumerate() {
            // At the question (the first part may start with the welcome's end).
            let at = starts[x];
            assert!(
                start.abs_diff(at) <= if x == 0 { 60 } else { 5 },
                "{slug}: part {x} at {start}, asked at {at}: {chapters:?}"
            );
            // Titled by the phrase the part keeps saying, as a listener writes it.
            let mut want = phrase.to_string();
            want[..1].make_ascii_uppercase();
            assert!(title.starts_with(&want), "{slug}: part {x} titled {title:?}, not {want:?}: {chapters:?}");
        }
        // The last part starts where the ad was cut in.
        assert_eq!(parts[2].1, *break_at, "{slug}: {chapters:?}");
        for (i, a) in chapters.iter().enumerate() {
            assert!(a.0.split_whitespace().count() > 1 || a.0 == "Intro", "{slug}: a lone word: {chapters:?}");
            for b in &chapters[i + 1..] {
                assert_ne!(a.0.to_lowercase(), b.0.to_lowercase(), "{slug}: a repeated title: {chapters:?}");
            }
        }
    }
}
